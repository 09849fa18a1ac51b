#include "engine/cli/eval_commands.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/base/diagnostic_render.h"
#include "engine/cli/commands.h"
#include "engine/driver/pipeline.h"
#include "engine/eval/evaluator.h"
#include "engine/report/renderers.h"
#include "engine/report/report_model.h"
#include "engine/store/sha256.h"
#include "engine/store/store.h"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;
namespace model = sema::model;

constexpr const char* kEngineVersion = "0.1.0";

// The ruleset files a command reads: the paths given, or rulesets/ and contracts/ when run from the
// repository.
std::vector<std::string> RulePaths(const Options& options, const std::vector<std::string>& given) {
  if (!given.empty()) return given;
  std::vector<std::string> paths = options.catalogs;
  if (paths.empty()) {
    std::error_code error;
    for (const char* folder : {"rulesets", "contracts"}) {
      if (fs::is_directory(folder, error)) paths.push_back(folder);
    }
  }
  return paths;
}

bool CheckRules(const std::vector<std::string>& paths, const Options& options, driver::CheckedProgram& program,
                std::ostream& err, int& exit_code) {
  DiagnosticSink sink(options.max_errors);
  driver::CheckProgram(paths, options.root, program, sink);
  const std::vector<Diagnostic> diagnostics = sink.Sorted();
  if (sink.HasErrors()) {
    err << RenderTextAll(diagnostics, program.parsed.sources);
    err << "failed: the rulesets have " << sink.ErrorCount() << (sink.ErrorCount() == 1 ? " error" : " errors")
        << "; nothing was evaluated\n";
    exit_code = ExitCodeForErrors(diagnostics);
    return false;
  }
  return true;
}

std::unique_ptr<store::Store> OpenForReading(const Options& options, std::ostream& err, int& exit_code) {
  store::StoreError error;
  store::OpenOptions open;
  open.create = false;
  std::unique_ptr<store::Store> store = store::Store::Open(options.store, open, error);
  if (!store) {
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kStoreUnavailable, Span{}, error.message);
    diagnostic.help = error.help;
    SourceManager none;
    err << RenderText(diagnostic, none) << "\nfailed: " << error.message << "\n";
    exit_code = kExitInternal;
  }
  return store;
}

// Every .vigie file the program read, with its SHA-256 (paths as shown to the user).
std::vector<report::RulesetFile> RulesetFiles(const driver::CheckedProgram& program) {
  std::vector<report::RulesetFile> files;
  for (size_t i = 0; i < program.parsed.sources.Size(); ++i) {
    const SourceFile& file = program.parsed.sources.Get(static_cast<FileId>(i));
    files.push_back({file.DisplayPath(), store::Sha256Hex(file.FileBytes())});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}


void PrintSummary(const report::Report& r, std::ostream& out) {
  for (const report::Contract& c : r.contracts) {
    out << "contract " << c.name;
    if (!c.title.empty()) out << " \"" << c.title << "\"";
    out << " (" << (c.kind.empty() ? "contract" : c.kind) << ", " << c.period << ") as of " << r.as_of << "\n";
    out << "  verdicts:";
    bool first = true;
    for (const char* v : {"met", "partially_met", "not_met", "missing_data", "waived", "not_applicable", "pending", "error"}) {
      auto it = c.counts.find(v);
      if (it == c.counts.end()) continue;
      std::string label = v;
      std::replace(label.begin(), label.end(), '_', ' ');
      out << (first ? " " : ", ") << it->second << " " << label;
      first = false;
    }
    if (first) out << " none";
    out << "\n  score:";
    if (c.scores.empty()) out << " none (no scored verdict)";
    for (const auto& s : c.scores) out << " " << s.year << " " << s.value;
    out << "\n";
    for (const auto& p : c.payments) {
      out << "  payment " << p.name << " " << p.year << ": ";
      if (p.amount) out << *p.amount << " €";
      else out << "not computed (" << p.reason << ")";
      out << "\n";
      for (const auto& line : p.read) out << "    read " << line << "\n";
    }
  }
}

}  // namespace

int RunRun(const Options& options, std::ostream& out, std::ostream& err) {
  int exit_code = kExitOk;
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << "vigie run: " << *problem << "\n";
    return kExitUsage;
  }
  std::optional<model::Date> as_of = calendar::ParseDate(options.as_of).value;
  if (!as_of) {
    err << "vigie run: give the evaluation date with --as-of YYYY-MM-DD (periods ending after it are pending)\n";
    return kExitUsage;
  }
  const std::vector<std::string> paths = RulePaths(options, options.paths);
  if (paths.empty()) {
    err << "vigie run: name the contract files to evaluate\n";
    return kExitUsage;
  }
  driver::CheckedProgram program;
  if (!CheckRules(paths, options, program, err, exit_code)) return exit_code;
  std::vector<std::string> unknown;
  for (const std::string& name : options.contracts) {
    if (!program.model.contracts.count(name)) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    err << "vigie run: no contract '" << unknown[0] << "' in the files given\n";
    return kExitInputErrors;
  }
  if (program.model.contracts.empty()) {
    err << "vigie run: the files given declare no contract\n";
    return kExitInputErrors;
  }
  std::unique_ptr<store::Store> store = OpenForReading(options, err, exit_code);
  if (!store) return exit_code;

  const eval::DataSet data = eval::LoadDataSet(*store, program.model, options.data_as_of);
  eval::EvalOptions eval_options;
  eval_options.as_of = *as_of;
  eval_options.contracts = options.contracts;
  eval::Evaluator evaluator(program.model, data, eval_options);
  const eval::RunResult run = evaluator.Run();

  report::BuildOptions build;
  build.engine_version = kEngineVersion;
  build.generated_at = store::NowUtc();
  build.data_as_of = options.data_as_of;
  build.store_path = options.store;
  build.rulesets = RulesetFiles(program);
  report::Report report = report::BuildReport(program.model, data, evaluator, run, store.get(), build);

  // Record the run: which rules, which data, which verdicts.
  store::Store::RunRecord record;
  record.started_at = build.generated_at;
  record.run_by = options.by.empty() ? store::CurrentUser() : options.by;
  record.engine_version = kEngineVersion;
  record.as_of = report.as_of;
  record.data_as_of = options.data_as_of;
  record.options = options.contracts.empty() ? "all contracts" : "contracts=" + [&] {
    std::string list;
    for (const auto& c : options.contracts) list += (list.empty() ? "" : ",") + c;
    return list;
  }();
  nlohmann::ordered_json rulesets = nlohmann::ordered_json::array();
  for (const auto& r : report.rulesets) rulesets.push_back({{"path", r.path}, {"sha256", r.sha256}});
  record.rulesets_json = rulesets.dump();
  record.data_digest = report.data_digest;
  for (const auto& c : report.contracts) {
    for (const auto& item : c.items) {
      for (const auto& v : item.verdicts) {
        record.verdicts.push_back({c.name, item.name, v.entity, v.period, v.verdict, v.measured, v.target});
      }
    }
  }
  store::StoreError error;
  report.run_id = store->RecordRun(record, error);
  if (report.run_id == 0) {
    err << "warning: the run was not recorded: " << error.message << "\n";
  }

  PrintSummary(report, out);
  if (!options.report_dir.empty()) {
    std::error_code fs_error;
    fs::create_directories(options.report_dir, fs_error);
    std::vector<std::string> written;
    for (const report::Format& format : report::Formats()) {
      if (!options.formats.empty() &&
          std::find(options.formats.begin(), options.formats.end(), format.name) == options.formats.end()) {
        continue;
      }
      const fs::path path = fs::path(options.report_dir) / ("report." + format.extension);
      std::ofstream file(path, std::ios::binary | std::ios::trunc);
      if (!file) {
        err << "vigie run: cannot write " << path.string() << "\n";
        return kExitInternal;
      }
      file << format.render(report);
      written.push_back(path.string());
    }
    out << "reports:";
    for (const auto& path : written) out << " " << path;
    out << "\n";
  }
  if (report.run_id != 0) out << "run #" << report.run_id << " recorded in " << options.store << "\n";
  return exit_code;
}

int RunExplain(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() < 4) {
    err << "usage: vigie explain CONTRACT COMMITMENT ENTITY PERIOD [--as-of DATE] [--store vigie.db] [--rules PATH]... [FILE|DIR...]\n"
        << "vigie explain: give the contract, the commitment or milestone, the establishment and the period ("
        << options.paths.size() << " of 4 given)\n";
    return kExitUsage;
  }
  // Files after the four names are the rules, as for `vigie run FILE...`.
  const std::vector<std::string> rule_files(options.paths.begin() + 4, options.paths.end());
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << "vigie explain: " << *problem << "\n";
    return kExitUsage;
  }
  std::optional<model::Date> as_of = calendar::ParseDate(options.as_of).value;
  if (!as_of) {
    err << "vigie explain: give the evaluation date with --as-of YYYY-MM-DD\n";
    return kExitUsage;
  }
  const std::string& contract_name = options.paths[0];
  const std::string& item_name = options.paths[1];
  const std::string& entity_id = options.paths[2];
  const std::string& period_text = options.paths[3];
  const calendar::Parsed<model::Period> period = calendar::ParsePeriod(period_text);
  if (!period) {
    err << "vigie explain: PERIOD: " << period.error << "\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  driver::CheckedProgram program;
  if (!CheckRules(RulePaths(options, rule_files), options, program, err, exit_code)) return exit_code;
  auto contract = program.model.contracts.find(contract_name);
  if (contract == program.model.contracts.end()) {
    err << "vigie explain: no contract '" << contract_name << "' in the rulesets\n";
    return kExitInputErrors;
  }
  std::unique_ptr<store::Store> store = OpenForReading(options, err, exit_code);
  if (!store) return exit_code;
  const eval::DataSet data = eval::LoadDataSet(*store, program.model, options.data_as_of);
  const int entity = data.EntityIndex(entity_id);
  const int slot = data.PeriodSlot(*period);
  if (entity < 0 || slot < 0) {
    err << "vigie explain: " << (entity < 0 ? "the store knows no entity '" + entity_id + "'"
                                            : "no data or target for period " + period_text)
        << "\n";
    return kExitInputErrors;
  }
  eval::EvalOptions eval_options;
  eval_options.as_of = *as_of;
  eval::Evaluator evaluator(program.model, data, eval_options);
  const eval::Detail detail = evaluator.Explain(contract->second, item_name, entity, slot);

  if (!detail.in_scope) {
    err << "vigie explain: no verdict: " << detail.reason << "\n";
    return kExitInputErrors;
  }
  const model::Contract& c = contract->second;
  const model::Commitment* commitment = nullptr;
  const model::Milestone* milestone = nullptr;
  for (const auto& x : c.commitments) if (x.name == item_name) commitment = &x;
  for (const auto& x : c.milestones) if (x.name == item_name) milestone = &x;
  if (commitment == nullptr && milestone == nullptr) {
    err << "vigie explain: contract '" << contract_name << "' has no commitment or milestone '" << item_name << "'\n";
    return kExitInputErrors;
  }
  auto number = [](double v) {
    std::ostringstream s;
    s << std::setprecision(10) << v;
    return s.str();
  };
  out << eval::VerdictLabel(detail.verdict) << ": " << item_name << " for " << entity_id
      << (data.EntityName(entity).empty() ? "" : " (" + data.EntityName(entity) + ")") << " in " << model::Format(*period) << ", as of " << model::Format(*as_of) << "\n\n";
  out << "contract   " << c.name << (c.title.empty() ? "" : " \"" + c.title + "\"") << "\n";
  const std::string clause = commitment ? commitment->clause : milestone->clause;
  const std::string title = commitment ? commitment->title : milestone->title;
  out << "clause     " << (clause.empty() ? "(no clause reference)" : clause) << (title.empty() ? "" : " — " + title) << "\n";
  if (commitment != nullptr && !commitment->indicator.empty()) {
    const model::Indicator& indicator = program.model.indicators.at(commitment->indicator);
    out << "indicator  " << indicator.name << (indicator.title.empty() ? "" : " \"" + indicator.title + "\"") << " ("
        << model::Name(indicator.unit)
        << (indicator.better ? ", " + std::string(model::Name(*indicator.better)) + " is better" : std::string()) << ")\n";
  }
  if (milestone != nullptr) {
    out << "milestone  due " << model::Format(milestone->due)
        << (milestone->evidence.empty() ? "" : ", evidence: " + milestone->evidence) << "\n";
  }
  if (detail.target) {
    out << "rule       " << (detail.measured ? number(*detail.measured) : std::string("the value")) << " must be "
        << model::Name(*detail.comparator) << " " << number(*detail.target);
    if (detail.band_low) {
      out << "; within [" << number(*detail.band_low) << ", " << number(*detail.band_high)
          << "] it is partially met (tolerance " << commitment->tolerance->text
          << (commitment->tolerance->kind == model::Tolerance::Kind::kRelative ? " %, relative)"
              : program.model.indicators.at(commitment->indicator).unit == model::Unit::kPercent ? " pts)"
                                                                                                 : ")");
    }
    out << "\n";
  }
  out << "why        " << detail.reason << "\n";
  if (detail.waiver != nullptr) {
    out << "waiver     granted" << (detail.waiver->granted ? " on " + model::Format(*detail.waiver->granted) : "")
        << " by " << detail.waiver->authority << ": " << detail.waiver->reason << "\n";
  }
  for (const auto& [member, verdict] : detail.members) {
    out << "member     " << member << ": " << eval::VerdictLabel(verdict) << "\n";
  }
  if (detail.evidence) {
    out << "evidence   " << detail.evidence->document << " dated " << model::Format(detail.evidence->produced_on)
        << " (sha256 " << detail.evidence->sha256.substr(0, 12) << "…)\n";
  }
  for (const auto& input : detail.inputs) {
    out << "data       " << input.indicator << " " << model::Format(input.period) << " of " << input.entity << " = ";
    if (input.value) out << number(*input.value);
    else out << "missing" << (input.missing_code.empty() ? "" : " (" + input.missing_code + ")");
    if (input.role != "value") out << " [" << input.role << "]";
    if (std::optional<store::HistoryEntry> origin = input.row_id ? store->ValueById(input.row_id) : std::nullopt) {
      out << "\n           from " << origin->file_name << " line " << origin->row << " column " << origin->column
          << " (import #" << origin->import_id << ", sha256 " << origin->sha256.substr(0, 12) << "…, "
          << origin->imported_at << " by " << origin->imported_by << ")";
    } else {
      out << "\n           (the store has no row for it)";
    }
    out << "\n";
  }
  return kExitOk;
}

int RunVerify(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() != 1) {
    err << "usage: vigie verify REPORT.json [--store vigie.db]\n";
    return kExitUsage;
  }
  std::ifstream file(options.paths[0], std::ios::binary);
  if (!file) {
    err << "vigie verify: cannot read '" << options.paths[0] << "'\n";
    return kExitInternal;
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  std::string problem;
  std::optional<report::Report> recorded = report::ParseJson(buffer.str(), problem);
  if (!recorded) {
    err << "vigie verify: '" << options.paths[0] << "' " << problem << "\n";
    return kExitInputErrors;
  }
  int differences = 0;
  // 1. The rulesets: same files, same bytes.
  std::vector<std::string> paths;
  int missing_rules = 0;
  for (const auto& r : recorded->rulesets) {
    std::optional<std::string> sha = store::Sha256OfFile(r.path);
    if (!sha) {
      out << "ruleset " << r.path << ": missing (it was read for the report)\n";
      ++differences;
      ++missing_rules;
    } else if (*sha != r.sha256) {
      out << "ruleset " << r.path << ": changed since the report (sha256 " << sha->substr(0, 12) << "… instead of "
          << r.sha256.substr(0, 12) << "…)\n";
      ++differences;
    }
    paths.push_back(r.path);
  }
  if (differences > 0 && paths.empty()) return kExitInputErrors;
  if (missing_rules > 0) {
    // Without the rules nothing can be recomputed: say so once instead of listing every verdict.
    out << "not verified: " << missing_rules << (missing_rules == 1 ? " ruleset" : " rulesets")
        << " of the report cannot be read; run vigie verify in the folder where the report was made (the paths "
           "are relative to it)\n";
    return kExitInputErrors;
  }
  // 1b. The milestones' evidence documents: same bytes as when they were recorded.
  std::set<std::string> documents_seen;
  for (const auto& c : recorded->contracts) {
    for (const auto& item : c.items) {
      for (const auto& v : item.verdicts) {
        if (v.evidence_document.empty() || !documents_seen.insert(v.evidence_document).second) continue;
        std::optional<std::string> sha = store::Sha256OfFile(v.evidence_document);
        if (!sha) {
          out << "evidence " << v.evidence_document << ": missing (its sha256 was " << v.evidence_sha256.substr(0, 12) << "…)\n";
          ++differences;
        } else if (*sha != v.evidence_sha256) {
          out << "evidence " << v.evidence_document << ": changed since it was recorded (sha256 " << sha->substr(0, 12)
              << "… instead of " << v.evidence_sha256.substr(0, 12) << "…)\n";
          ++differences;
        }
      }
    }
  }
  // 2. Recompute with the same rules, date and data state.
  Options again = options;
  again.paths = {};
  again.as_of = recorded->as_of;
  again.data_as_of = recorded->data_as_of;
  if (options.store == "vigie.db" && !recorded->store.empty()) again.store = recorded->store;
  int exit_code = kExitOk;
  driver::CheckedProgram program;
  std::vector<std::string> existing;
  for (const auto& p : paths) {
    if (fs::exists(p)) existing.push_back(p);
  }
  if (!CheckRules(existing, again, program, err, exit_code)) return exit_code;
  std::unique_ptr<store::Store> store = OpenForReading(again, err, exit_code);
  if (!store) return exit_code;
  const eval::DataSet data = eval::LoadDataSet(*store, program.model, again.data_as_of);
  eval::EvalOptions eval_options;
  eval_options.as_of = calendar::ParseDate(recorded->as_of).written;  // written by `vigie run`, a date
  for (const auto& c : recorded->contracts) eval_options.contracts.push_back(c.name);
  eval::Evaluator evaluator(program.model, data, eval_options);
  const eval::RunResult run = evaluator.Run();
  report::BuildOptions build;
  report::Report now = report::BuildReport(program.model, data, evaluator, run, store.get(), build);
  // 3. Compare data and verdicts.
  if (now.data_digest != recorded->data_digest) {
    out << "data: the values the report read have changed in the store (digest " << now.data_digest.substr(0, 12)
        << "… instead of " << recorded->data_digest.substr(0, 12) << "…)\n";
    ++differences;
  }
  std::map<std::string, std::string> before, after;
  auto key = [](const std::string& c, const std::string& item, const std::string& entity, const std::string& period) {
    return c + " " + item + " " + entity + " " + period;
  };
  for (const auto& c : recorded->contracts) {
    for (const auto& item : c.items) {
      for (const auto& v : item.verdicts) before[key(c.name, item.name, v.entity, v.period)] = v.verdict;
    }
    for (const auto& p : c.payments) before["payment " + c.name + " " + p.name + " " + p.year] = p.amount.value_or("none");
  }
  for (const auto& c : now.contracts) {
    for (const auto& item : c.items) {
      for (const auto& v : item.verdicts) after[key(c.name, item.name, v.entity, v.period)] = v.verdict;
    }
    for (const auto& p : c.payments) after["payment " + c.name + " " + p.name + " " + p.year] = p.amount.value_or("none");
  }
  int verdict_differences = 0;
  for (const auto& [k, v] : before) {
    auto it = after.find(k);
    if (it == after.end()) {
      out << k << ": was " << v << ", no longer evaluated\n";
      ++verdict_differences;
    } else if (it->second != v) {
      out << k << ": was " << v << ", now " << it->second << "\n";
      ++verdict_differences;
    }
  }
  for (const auto& [k, v] : after) {
    if (!before.count(k)) {
      out << k << ": new, " << v << "\n";
      ++verdict_differences;
    }
  }
  differences += verdict_differences;
  if (differences == 0) {
    const std::string documents =
        documents_seen.empty() ? ""
        : documents_seen.size() == 1 ? "the evidence document, "
                                     : "the " + std::to_string(documents_seen.size()) + " evidence documents, ";
    out << "verified: the rulesets, " << documents << "the data and all " << before.size() << " verdicts and amounts are as recorded"
        << (recorded->run_id ? " (run #" + std::to_string(recorded->run_id) + ")" : "") << "\n";
    return kExitOk;
  }
  out << "not verified: " << differences << (differences == 1 ? " difference" : " differences") << "\n";
  return kExitInputErrors;
}

}  // namespace vigie::cli
