#include "engine/cli/lint_command.h"

#include <cstdlib>

#include "engine/base/clock.h"
#include "engine/base/diagnostic_render.h"
#include "engine/cli/commands.h"
#include "engine/driver/pipeline.h"

namespace vigie::cli {
namespace {

namespace model = sema::model;

std::string Count(size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

int RunLint(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty()) {
    err << "vigie lint: no file given\n"
           "usage: vigie lint [--as-of=DATE] [--allow=NAME]... [--deny-warnings] [--diagnostics=text|json] FILE|DIR...\n";
    return kExitUsage;
  }
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << "vigie lint: " << *problem << "\n";
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
      err << "failed: " << Count(errors, "error", "errors");
      if (warnings > 0) err << ", " << Count(warnings, "warning", "warnings");
      if (sink.LimitReached()) err << " shown; more were found (raise --max-errors to see them)";
      err << " (the lint runs once the files check)\n";
    }
    return ExitCodeForErrors(diagnostics);
  }
  if (warnings > 0 && options.deny_warnings) {
    if (options.diagnostics == "text") err << "failed: " << Count(warnings, "warning", "warnings") << " (--deny-warnings)\n";
    return kExitInputErrors;
  }
  if (options.diagnostics == "text") {
    out << "ok: " << driver::Summarize(program) << ", "
        << (warnings == 0 ? std::string("no lint warnings") : Count(warnings, "lint warning", "lint warnings"))
        << " (as of " << model::Format(lint.as_of) << ")\n";
  }
  return kExitOk;
}

}  // namespace vigie::cli
