#include "engine/driver/pipeline.h"

#include "engine/base/clock.h"
#include "engine/base/text.h"
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
  // French counts 0 in the singular ("0 contrat"), English in the plural ("0 contracts").
  auto count = [&](size_t n, std::string_view one, std::string_view many) {
    const bool single = n == 1 || (n == 0 && CurrentLanguage() == Language::kFrench);
    return FormatText(Tr(single ? one : many), n);
  };
  const auto& model = program.model;
  std::string out = count(program.parsed.files.size(), N_("{0} file"), N_("{0} files")) + ", " +
                    count(model.contracts.size(), N_("{0} contract"), N_("{0} contracts")) + ", " +
                    count(model.CommitmentCount(), N_("{0} commitment"), N_("{0} commitments")) + ", " +
                    count(model.indicators.size(), N_("{0} indicator"), N_("{0} indicators"));
  if (!model.templates.empty()) out += ", " + count(model.templates.size(), N_("{0} template"), N_("{0} templates"));
  if (!model.tests.empty()) out += ", " + count(model.tests.size(), N_("{0} test"), N_("{0} tests"));
  return out;
}

}  // namespace vigie::driver
