#include "engine/cli/options.h"

#include <stdexcept>

#include "engine/base/diagnostic.h"

namespace vigie::cli {

std::optional<std::string> ParseArgs(const std::vector<std::string>& args, Options& options) {
  if (args.empty()) return "missing command";
  options.command = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value_of = [&](const std::string& name) -> std::optional<std::string> {
      if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
      if (arg == name && i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    if (arg.rfind("--", 0) != 0) {
      options.paths.push_back(arg);
    } else if (auto v = value_of("--diagnostics")) {
      if (*v != "text" && *v != "json") return "--diagnostics takes text or json, not '" + *v + "'";
      options.diagnostics = *v;
    } else if (auto v = value_of("--stage")) {
      if (*v != "ast" && *v != "model") return "--stage takes ast or model, not '" + *v + "'";
      options.stage = *v;
    } else if (auto v = value_of("--allow")) {
      std::optional<DiagCode> code = DiagCodeFromSlug(*v);
      if (!code || InfoFor(*code).default_severity != Severity::kWarning) {
        return "--allow takes the name of a warning (see 'vigie codes'), not '" + *v + "'";
      }
      options.allowed.push_back(*v);
    } else if (auto v = value_of("--max-errors")) {
      try {
        size_t used = 0;
        long value = std::stol(*v, &used);
        if (used != v->size() || value < 1) throw std::invalid_argument("");
        options.max_errors = static_cast<size_t>(value);
      } catch (const std::exception&) {
        return "--max-errors takes a positive number, not '" + *v + "'";
      }
    } else if (auto v = value_of("--root")) {
      options.root = *v;
    } else if (arg == "--strict") {
      options.strict = true;
    } else if (arg == "--deny-warnings") {
      options.deny_warnings = true;
    } else if (auto v = value_of("--store")) {
      options.store = *v;
    } else if (auto v = value_of("--catalog")) {
      options.catalogs.push_back(*v);
    } else if (auto v = value_of("--rules")) {
      options.catalogs.push_back(*v);
    } else if (auto v = value_of("--format")) {
      if (*v != "wide" && *v != "long" && *v != "entities" && *v != "groups" && *v != "evidence") {
        return "--format takes wide, long, entities, groups or evidence, not '" + *v + "'";
      }
      options.format = *v;
    } else if (auto v = value_of("--period")) {
      options.period = *v;
    } else if (auto v = value_of("--dataset")) {
      options.dataset = *v;
    } else if (auto v = value_of("--mapping")) {
      options.mapping = *v;
    } else if (auto v = value_of("--rejects")) {
      options.rejects = *v;
    } else if (auto v = value_of("--decimal")) {
      if (*v != "comma" && *v != "dot") return "--decimal takes comma or dot, not '" + *v + "'";
      options.decimal = *v;
    } else if (auto v = value_of("--finess-key")) {
      if (*v != "warn" && *v != "error") return "--finess-key takes warn or error, not '" + *v + "'";
      options.finess_key_warning = *v == "warn";
    } else if (auto v = value_of("--by")) {
      options.by = *v;
    } else if (arg == "--keep-valid") {
      options.keep_valid = true;
    } else if (auto v = value_of("--contract")) {
      options.contract = *v;
      options.contracts.push_back(*v);
    } else if (auto v = value_of("--lang")) {
      if (*v != "fr" && *v != "en") return "--lang takes fr or en, not '" + *v + "'";
      options.lang = *v;
    } else if (arg == "--check") {
      options.check = true;
    } else if (arg == "--diff") {
      options.diff = true;
    } else if (arg == "--stdout") {
      options.to_stdout = true;
    } else if (auto v = value_of("--junit")) {
      options.junit = *v;
    } else if (auto v = value_of("--filter")) {
      options.filter = *v;
    } else if (arg == "--fail-on-empty") {
      options.fail_on_empty = true;
    } else if (auto v = value_of("--coverage-threshold")) {
      try {
        size_t used = 0;
        const double value = std::stod(*v, &used);
        if (used != v->size() || value < 0 || value > 100) throw std::invalid_argument("");
        options.coverage_threshold = value;
      } catch (const std::exception&) {
        return "--coverage-threshold takes a percentage from 0 to 100, not '" + *v + "'";
      }
    } else if (auto v = value_of("--as-of")) {
      options.as_of = *v;
    } else if (auto v = value_of("--data-as-of")) {
      options.data_as_of = *v;
    } else if (auto v = value_of("--output")) {
      options.report_dir = *v;
    } else if (auto v = value_of("--report")) {
      options.report_dir = *v;
    } else if (auto v = value_of("--formats")) {
      std::string list = *v + ",";
      for (size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
        const std::string name = list.substr(start, comma - start);
        if (name != "json" && name != "md" && name != "csv" && name != "html") {
          return "--formats takes json, md, csv and html, not '" + name + "'";
        }
        options.formats.push_back(name);
      }
    } else if (auto v = value_of("--sign")) {
      options.sign_key = *v;
    } else if (auto v = value_of("--public-key")) {
      options.public_key = *v;
    } else if (auto v = value_of("--out")) {
      options.key_out = *v;
    } else if (arg == "--force") {
      options.force = true;
    } else if (auto v = value_of("--milestone")) {
      options.milestone = *v;
    } else if (auto v = value_of("--entity")) {
      options.entity = *v;
    } else if (auto v = value_of("--date")) {
      options.date = *v;
    } else if (auto v = value_of("--document")) {
      options.document = *v;
    } else {
      return "unknown option '" + arg + "'";
    }
  }
  return std::nullopt;
}


std::optional<std::string> CheckDateOptions(const Options& options) {
  if (!options.as_of.empty()) {
    if (calendar::Parsed<calendar::Date> date = calendar::ParseDate(options.as_of); !date) return "--as-of: " + date.error;
  }
  if (!options.data_as_of.empty()) {
    if (calendar::Parsed<calendar::Date> time = calendar::ParseDateOrTime(options.data_as_of); !time) {
      return "--data-as-of: " + time.error;
    }
  }
  return std::nullopt;
}

}  // namespace vigie::cli
