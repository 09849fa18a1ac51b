#include "engine/cli/lint_command.h"

#include <cstdlib>

#include "engine/base/clock.h"
#include "engine/base/diagnostic_render.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/cli/eval_commands.h"
#include "engine/driver/data_lint.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/pipeline.h"

namespace vigie::cli {
namespace {

namespace model = sema::model;

// `--store`: the warnings only the data can tell (driver/data_lint.h), from one evaluation of the
// program on that store as of the lint's date. False when the store cannot be opened (said on err).
bool LintData(const Options& options, const driver::CheckedProgram& program, model::Date as_of, DiagnosticSink& sink,
              std::ostream& err, int& exit_code) {
  Options with_store = options;
  with_store.store = options.lint_store;
  std::unique_ptr<store::Store> store = OpenForReading(with_store, err, exit_code);
  if (!store) return false;
  driver::EvaluateOptions evaluate;
  evaluate.eval.as_of = as_of;
  evaluate.eval.details = true;  // each verdict's inputs: what the data lint reads
  const driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  driver::LintAgainstData(evaluation.run, sink);
  return true;
}

}  // namespace

int RunLint(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty()) {
    err << UsageError("lint", std::string(Tr("no file given")));
    return kExitUsage;
  }
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << UsageError("lint", *problem);
    return kExitUsage;
  }
  sema::LintOptions lint{Today()};
  if (auto as_of = calendar::ParseDate(options.as_of)) lint.as_of = *as_of;
  DiagnosticSink sink(options.max_errors);
  for (const std::string& slug : options.allowed) sink.Allow(*DiagCodeFromSlug(slug));
  driver::CheckedProgram program;
  sema::CheckOptions check;
  check.strict = true;  // V3001, and the lint proper
  driver::CheckProgram(options.paths, options.root, program, sink, {}, check, lint);
  if (!options.lint_store.empty() && !sink.HasErrors()) {
    int exit_code = kExitOk;
    if (!LintData(options, program, lint.as_of, sink, err, exit_code)) return exit_code;
  }
  const std::vector<Diagnostic> diagnostics = sink.Sorted();
  const SourceManager& sources = program.parsed.sources;
  if (options.diagnostics == "json") {
    out << RenderJson(diagnostics, sources);
  } else {
    err << RenderTextAll(diagnostics, sources);
  }
  const size_t errors = sink.ErrorCount(), warnings = sink.WarningCount();
  if (errors > 0) {
    if (options.diagnostics == "text") {
      err << Tr("failed: {0}", CountText(errors, warnings));
      if (sink.LimitReached()) err << Tr(" shown; more were found (raise --max-errors to see them)");
      err << Tr(" (the lint runs once the files check)") << "\n";
    }
    return ExitCodeForErrors(diagnostics);
  }
  if (warnings > 0 && options.deny_warnings) {
    if (options.diagnostics == "text") err << Tr("failed: {0} (--deny-warnings)", CountText(0, warnings, false)) << "\n";
    return kExitInputErrors;
  }
  if (options.diagnostics == "text") {
    const std::string found = warnings == 0   ? std::string(Tr("no lint warnings"))
                              : warnings == 1 ? std::string(Tr("1 lint warning"))
                                              : Tr("{0} lint warnings", warnings);
    const std::string as_of = FormatDate(model::Format(lint.as_of));
    if (options.lint_store.empty()) {
      out << Tr("ok: {0}, {1} (as of {2})", driver::Summarize(program), found, as_of) << "\n";
    } else {
      out << Tr("ok: {0}, {1} (as of {2}, on the data of {3})", driver::Summarize(program), found, as_of, options.lint_store) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace vigie::cli
