#include "engine/cli/commands.h"

#include <exception>
#include <optional>

#include "engine/base/diagnostic_render.h"
#include "engine/driver/pipeline.h"
#include "engine/sema/model_printer.h"
#include "engine/syntax/ast_printer.h"

namespace vigie::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

constexpr const char* kUsage =
    "usage: vigie <command> [options] FILE|DIR...\n"
    "\n"
    "commands:\n"
    "  check FILE|DIR...               check rulesets and contracts; print 'ok' and a summary, or every mistake\n"
    "  dump --stage ast|model FILE...  print the syntax tree or the checked model (deterministic)\n"
    "  codes                           list every diagnostic code\n"
    "  help, --help                    this text\n"
    "  version, --version              the version\n"
    "\n"
    "options:\n"
    "  --diagnostics=text|json  how to print mistakes (json goes to standard output)\n"
    "  --strict                 also report lint warnings (unused indicators...)\n"
    "  --allow=NAME             do not report the warning NAME (e.g. --allow=trajectory-short)\n"
    "  --max-errors=N           stop reporting after N errors (default 100)\n"
    "  --root=DIR               show file paths relative to DIR (default: the current directory)\n"
    "\n"
    "A directory stands for every .vigie file below it. Exit codes: 0 ok, 1 mistakes in the input,\n"
    "2 usage error, 3 a file could not be read or an internal error. See docs/cli.md.\n";

struct Options {
  std::string command;
  std::vector<std::string> paths;
  std::string diagnostics = "text";
  std::string stage;
  bool strict = false;
  std::vector<std::string> allowed;
  size_t max_errors = 100;
  std::string root;
};

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
    } else {
      return "unknown option '" + arg + "'";
    }
  }
  return std::nullopt;
}

bool HasIoFailure(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.code == DiagCode::kFileNotFound || d.code == DiagCode::kFileUnreadable) return true;
  }
  return false;
}

std::string CountText(size_t errors, size_t warnings) {
  std::string out = std::to_string(errors) + (errors == 1 ? " error" : " errors");
  if (warnings > 0) out += ", " + std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
  return out;
}

int RunCheckOrDump(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty()) {
    err << "vigie " << options.command << ": no file given\n\n" << kUsage;
    return kExitUsage;
  }
  if (options.command == "dump" && options.stage.empty()) {
    err << "vigie dump: say which stage with --stage ast or --stage model\n";
    return kExitUsage;
  }
  DiagnosticSink sink(options.max_errors);
  for (const std::string& slug : options.allowed) sink.Allow(*DiagCodeFromSlug(slug));
  driver::CheckedProgram program;
  sema::CheckOptions check;
  check.strict = options.strict;
  driver::CheckProgram(options.paths, options.root, program, sink, {}, check);
  const std::vector<Diagnostic> diagnostics = sink.Sorted();
  const SourceManager& sources = program.parsed.sources;

  if (options.command == "dump") {
    if (options.stage == "ast") {
      for (const auto& file : program.parsed.files) out << syntax::PrintAst(file, sources);
    } else if (!sink.HasErrors()) {
      out << sema::PrintModel(program.model);
    }
  }
  if (options.diagnostics == "json") {
    out << RenderJson(diagnostics, sources);
  } else {
    err << RenderTextAll(diagnostics, sources);
  }
  if (sink.HasErrors()) {
    if (options.diagnostics == "text") {
      err << "failed: " << CountText(sink.ErrorCount(), sink.WarningCount());
      if (sink.LimitReached()) err << " shown; more were found (raise --max-errors to see them)";
      err << "\n";
    }
    return HasIoFailure(diagnostics) ? kExitInternal : kExitInputErrors;
  }
  if (options.command == "check" && options.diagnostics == "text") {
    out << "ok: " << driver::Summarize(program);
    if (sink.WarningCount() > 0) out << " (" << sink.WarningCount() << (sink.WarningCount() == 1 ? " warning)" : " warnings)");
    out << "\n";
  }
  return kExitOk;
}

int RunCodes(std::ostream& out) {
  for (const DiagCodeInfo& info : AllDiagCodes()) {
    out << CodeLabel(info.code) << "  " << SeverityName(info.default_severity) << "  " << info.slug << "  "
        << info.summary << "\n";
  }
  return kExitOk;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    Options options;
    if (!args.empty() && (args[0] == "help" || args[0] == "--help" || args[0] == "-h")) {
      out << kUsage;
      return kExitOk;
    }
    if (!args.empty() && (args[0] == "version" || args[0] == "--version")) {
      out << "vigie " << kVersion << "\n";
      return kExitOk;
    }
    if (std::optional<std::string> problem = ParseArgs(args, options)) {
      err << "vigie: " << *problem << "\n\n" << kUsage;
      return kExitUsage;
    }
    if (options.command == "check" || options.command == "dump") return RunCheckOrDump(options, out, err);
    if (options.command == "codes") return RunCodes(out);
    err << "vigie: unknown command '" << options.command << "'\n\n" << kUsage;
    return kExitUsage;
  } catch (const std::exception& error) {
    err << "vigie: internal error: " << error.what() << "\n";
  } catch (...) {
    err << "vigie: internal error\n";
  }
  return kExitInternal;
}

}  // namespace vigie::cli
