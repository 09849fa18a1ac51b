#include "engine/cli/commands.h"

#include <algorithm>

#include <exception>
#include <stdexcept>
#include <optional>

#include "engine/base/diagnostic_render.h"
#include "engine/base/language.h"
#include "engine/base/version.h"
#include "engine/cli/data_commands.h"
#include "engine/cli/eval_commands.h"
#include "engine/cli/diff_command.h"
#include "engine/cli/lint_command.h"
#include "engine/cli/test_command.h"
#include "engine/cli/fmt_command.h"
#include "engine/cli/key_command.h"
#include "engine/cli/serve_command.h"
#include "engine/cli/user_command.h"
#include "engine/cli/template_command.h"
#include "engine/cli/colour.h"
#include "engine/cli/command_line.h"
#include "engine/base/text.h"
#include "engine/driver/pipeline.h"
#include "engine/sema/model_printer.h"
#include "engine/syntax/ast_printer.h"

namespace vigie::cli {

std::string CountText(size_t errors, size_t warnings, bool with_errors) {
  std::string out;
  if (with_errors) out = errors == 1 ? std::string(Tr("1 error")) : Tr("{0} errors", errors);
  if (warnings > 0) {
    if (!out.empty()) out += ", ";
    out += warnings == 1 ? std::string(Tr("1 warning")) : Tr("{0} warnings", warnings);
  }
  return out;
}

namespace {


int RunCheckOrDump(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty()) {
    err << UsageError(options.command, std::string(Tr("no file given")));
    return kExitUsage;
  }
  if (options.command == "dump" && options.stage.empty()) {
    err << UsageError("dump", std::string(Tr("say which stage with --stage ast or --stage model")));
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
      err << Tr("failed: {0}", CountText(sink.ErrorCount(), sink.WarningCount()));
      if (sink.LimitReached()) err << Tr(" shown; more were found (raise --max-errors to see them)");
      err << "\n";
    }
    return ExitCodeForErrors(diagnostics);
  }
  if (options.command == "check" && options.diagnostics == "text") {
    out << (sink.WarningCount() == 0 ? Tr("ok: {0}", driver::Summarize(program))
                                     : Tr("ok: {0} ({1})", driver::Summarize(program), CountText(0, sink.WarningCount(), false)))
        << "\n";
  }
  return kExitOk;
}

int RunCodes(std::ostream& out) {
  for (const DiagCodeInfo& info : AllDiagCodes()) {
    out << CodeLabel(info.code) << "  " << SeverityText(info.default_severity) << "  " << info.slug << "  "
        << SummaryText(info.code) << "\n";
  }
  return kExitOk;
}

}  // namespace

int ExitCodeForErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.code == DiagCode::kFileNotFound || d.code == DiagCode::kFileUnreadable) return kExitInternal;
  }
  return kExitInputErrors;
}

namespace {

// Takes every `--lang VALUE` and `--lang=VALUE` out of `args` (up to a "--"); the last one wins.
// Returns a usage error for a value that is neither fr nor en.
std::optional<std::string> TakeLanguage(std::vector<std::string>& args, std::string& lang) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      kept.insert(kept.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    std::optional<std::string> value;
    if (arg.starts_with("--lang=")) value = arg.substr(7);
    else if (arg == "--lang" && i + 1 < args.size()) value = args[++i];
    else if (arg == "--lang") return std::string(Tr("--lang needs a value: fr or en"));
    if (!value) {
      kept.push_back(arg);
      continue;
    }
    if (*value != "fr" && *value != "en") return Tr("--lang takes fr or en, not '{0}'", *value);
    lang = *value;
  }
  args = std::move(kept);
  return std::nullopt;
}

int Dispatch(const Options& options, std::ostream& out, std::ostream& err) {
  const std::string& command = options.command;
  if (command == "check" || command == "dump") return RunCheckOrDump(options, out, err);
  if (command == "codes") return RunCodes(out);
  if (command == "lint") return RunLint(options, out, err);
  if (command == "import") return RunImport(options, out, err);
  if (command == "evidence") return RunEvidence(options, out, err);
  if (command == "store") return RunStore(options, out, err);
  if (command == "run") return RunRun(options, out, err);
  if (command == "test") return RunTestCommand(options, out, err);
  if (command == "fmt") return RunFmt(options, out, err);
  if (command == "template") return RunTemplate(options, out, err);
  if (command == "explain") return RunExplain(options, out, err);
  if (command == "diff") return RunDiff(options, out, err);
  if (command == "verify") return RunVerify(options, out, err);
  if (command == "key") return RunKey(options, out, err);
  if (command == "user") return RunUser(options, out, err);
  if (command == "serve") return RunServe(options, out, err);
  throw std::logic_error("command '" + command + "' has no implementation");
}

}  // namespace

int RunCli(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err, const Terminal& terminal) {
  const ColourLines colour_out(out, terminal.out_colour), colour_err(err, terminal.err_colour);
  try {
    SetLanguage(LanguageFromEnvironment());
    // --lang before anything else, so that the help and the usage errors are in that language.
    std::vector<std::string> args = arguments;
    Options options;
    if (std::optional<std::string> problem = TakeLanguage(args, options.lang)) {
      err << UsageError("", *problem);
      return kExitUsage;
    }
    if (!options.lang.empty()) SetLanguage(*LanguageFromName(options.lang));
    options.stdin_terminal = terminal.in_terminal;
    const CommandLine line = ParseCommandLine(args, options);
    switch (line.action) {
      case CommandLine::Action::kHelp: out << line.text; return kExitOk;
      case CommandLine::Action::kUsageError: err << line.text; return kExitUsage;
      case CommandLine::Action::kRun: break;
    }
    return Dispatch(options, out, err);
  } catch (const store::ReadError& error) {  // a damaged store, found while reading it
    store::StoreError damaged;
    damaged.message = error.what();
    damaged.help = std::string(Tr("the file may be damaged: nothing was evaluated or written; restore the store from a copy"));
    return PrintStoreError(damaged, err);
  } catch (const std::exception& error) {
    err << Tr("vigie: internal error: {0}", error.what()) << "\n";
  } catch (...) {
    err << Tr("vigie: internal error") << "\n";
  }
  return kExitInternal;
}

}  // namespace vigie::cli
