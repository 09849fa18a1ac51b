#include "engine/cli/commands.h"

#include <algorithm>

#include <exception>
#include <optional>

#include "engine/base/diagnostic_render.h"
#include "engine/base/language.h"
#include "engine/base/version.h"
#include "engine/cli/data_commands.h"
#include "engine/cli/eval_commands.h"
#include "engine/cli/lint_command.h"
#include "engine/cli/test_command.h"
#include "engine/cli/fmt_command.h"
#include "engine/cli/key_command.h"
#include "engine/cli/template_command.h"
#include "engine/cli/options.h"
#include "engine/driver/pipeline.h"
#include "engine/sema/model_printer.h"
#include "engine/syntax/ast_printer.h"

namespace vigie::cli {
namespace {


constexpr const char* kUsage =
    "usage: vigie <command> [options] FILE|DIR...\n"
    "\n"
    "commands:\n"
    "  check FILE|DIR...               check rulesets and contracts; print 'ok' and a summary, or every mistake\n"
    "  dump --stage ast|model FILE...  print the syntax tree or the checked model (deterministic)\n"
    "  import [options] FILE...        validate data files against the catalog and store them\n"
    "  evidence add [options]          record a milestone's evidence document\n"
    "  store info | history E I        what the store holds; every version of one value\n"
    "  run --as-of DATE [FILE...]      evaluate the contracts: verdicts, scores, payments, reports\n"
    "  explain C ITEM ENTITY PERIOD    why one verdict is what it is (--as-of DATE)\n"
    "  test FILE|DIR...                run the rulesets' test blocks: PASS/FAIL, coverage, 'N passed, N failed'\n"
    "  fmt FILE|DIR...                 rewrite files in the canonical layout (--check, --diff, --stdout, --lang fr|en)\n"
    "  lint FILE|DIR...                warnings about doubtful rules (--as-of, --deny-warnings); see docs/lint.md\n"
    "  template FILE... --entity E     the CSV files an establishment fills in for a contract (--output DIR)\n"
    "  verify REPORT.json              check a report, its run in the store and the chain, recompute it\n"
    "  key generate --out NAME         an Ed25519 key pair to sign reports (NAME.key, NAME.pub; --force)\n"
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
    "import, evidence and store options:\n"
    "  --store=FILE             the SQLite store (default vigie.db; created on first import)\n"
    "  --catalog=PATH           catalog(s) the data is checked against (default: rulesets/ when present)\n"
    "  --format=wide|long|entities|groups   the file's layout (default: detected from the header)\n"
    "  --period=P               the period of a file without a period column (2019, 2019-Q2, 2019-03)\n"
    "  --dataset=NAME           column C maps to the indicator with source \"NAME C\"\n"
    "  --mapping=FILE           a CSV column;indicator mapping\n"
    "  --keep-valid             store the good rows, write the bad ones to --rejects (default FILE.rejects.csv)\n"
    "  --finess-key=warn        accept FINESS numbers with a wrong check digit, with a warning\n"
    "  --decimal=comma|dot      the decimal mark (default: comma for ';' files)\n"
    "  --by=NAME                who imports (default: the account name)\n"
    "\n"
    "run, explain and verify options:\n"
    "  --as-of=DATE             the evaluation date: periods ending after it are pending\n"
    "  --data-as-of=TIME        read the data as it stood then (UTC, 2026-01-31T12:00:00Z)\n"
    "  --report=DIR             write the reports (report.json ...) into DIR\n"
    "  --formats=LIST           which reports: json,md,csv,html (default: all)\n"
    "  --contract=NAME          evaluate only this contract (repeatable)\n"
    "  --sign=NAME.key          run: sign the JSON report (report.json.sig)\n"
    "  --public-key=NAME.pub    verify: check the report's signature (without it, authorship is not proven)\n"
    "  --rules=PATH             verify: the rulesets to check (default: the report's, read in its folder)\n"
    "\n"
    "test options:\n"
    "  --junit=FILE             also write the results as JUnit XML\n"
    "  --fail-on-empty          fail when no test was found\n"
    "  --coverage-threshold=P   fail when fewer than P % of commitments and milestones are tested\n"
    "  --filter=TEXT            run only the tests whose name contains TEXT\n"
    "\n"
    "A directory stands for every .vigie and .vigie.md file below it. Exit codes: 0 ok, 1 mistakes in\n"
    "the input, 2 usage error, 3 a file could not be read or an internal error. See docs/cli.md.\n";

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
    return ExitCodeForErrors(diagnostics);
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

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    SetLanguage(LanguageFromEnvironment());
    Options options;
    if (!args.empty() && (args[0] == "help" || args[0] == "--help" || args[0] == "-h")) {
      out << kUsage;
      return kExitOk;
    }
    // `vigie fmt --help`: the usage, and where each command's options are described.
    if (std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end()) {
      out << kUsage << "\nThe options of 'vigie " << args[0] << "' are described in docs/cli.md.\n";
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
    if (options.command == "lint") return RunLint(options, out, err);
    if (options.command == "import") return RunImport(options, out, err);
    if (options.command == "evidence") return RunEvidence(options, out, err);
    if (options.command == "store") return RunStore(options, out, err);
    if (options.command == "run") return RunRun(options, out, err);
    if (options.command == "test") return RunTestCommand(options, out, err);
    if (options.command == "fmt") return RunFmt(options, out, err);
    if (options.command == "template") return RunTemplate(options, out, err);
    if (options.command == "explain") return RunExplain(options, out, err);
    if (options.command == "verify") return RunVerify(options, out, err);
    if (options.command == "key") return RunKey(options, out, err);
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
