#include "engine/driver/pipeline.h"

#include "engine/base/clock.h"
#include "engine/store/store.h"

namespace vigie::driver {

void CheckProgram(const std::vector<std::string>& paths, const std::string& display_root, CheckedProgram& program,
                  DiagnosticSink& sink, const LoadOptions& load, const sema::CheckOptions& check,
                  const std::optional<sema::LintOptions>& lint) {
  LoadProgram(paths, display_root, program.parsed, sink, load);
  program.model = sema::Check(program.parsed.files, program.parsed.sources, sink, check);
  if (check.strict && !sink.HasErrors()) {
    sema::LintOptions options = lint.value_or(sema::LintOptions{Today()});
    sema::Lint(program.model, program.parsed.sources, sink, options);
  }
}


std::string Summarize(const CheckedProgram& program) {
  auto count = [](size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  const auto& model = program.model;
  std::string out = count(program.parsed.files.size(), "file", "files") + ", " +
                    count(model.contracts.size(), "contract", "contracts") + ", " +
                    count(model.CommitmentCount(), "commitment", "commitments") + ", " +
                    count(model.indicators.size(), "indicator", "indicators");
  if (!model.templates.empty()) out += ", " + count(model.templates.size(), "template", "templates");
  if (!model.tests.empty()) out += ", " + count(model.tests.size(), "test", "tests");
  return out;
}

}  // namespace vigie::driver
