#include "engine/cli/test_command.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "engine/base/diagnostic_render.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/cli/json_output.h"
#include "engine/driver/pipeline.h"
#include "engine/report/report_text.h"
#include "engine/ruletest/fixtures.h"
#include "engine/ruletest/runner.h"

namespace vigie::cli {
namespace {

// Whole percents as integers, others with one decimal: 2 of 3 is "66.7 %", never a rounded "67 %"
// that would contradict a threshold of 67.
std::string PercentText(double percent) {
  std::ostringstream text;
  if (std::fabs(percent - std::round(percent)) < 1e-9) text << std::fixed << std::setprecision(0) << percent;
  else text << std::fixed << std::setprecision(1) << std::floor(percent * 10 + 1e-9) / 10;
  std::string result = text.str();
  if (CurrentLanguage() == Language::kFrench) std::replace(result.begin(), result.end(), '.', ',');  // 33,3 %
  return result;
}

}  // namespace

int RunTestCommand(const Options& options, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) {
    err << UsageError("test", std::string(Tr("name the rulesets and contracts whose tests to run (files or folders)")));
    return kExitUsage;
  }
  DiagnosticSink sink(options.max_errors);
  driver::CheckedProgram program;
  driver::CheckProgram(paths, options.root, program, sink);
  if (!sink.HasErrors()) ruletest::LoadDataFiles(program.model, options.root, program.parsed.sources, sink);
  if (sink.HasErrors()) {
    err << RenderTextAll(sink.Sorted(), program.parsed.sources);
    err << Tr("failed: the files have {0}; no test was run", CountText(sink.ErrorCount(), 0)) << "\n";
    return ExitCodeForErrors(sink.Sorted());
  }
  const ruletest::Summary summary = ruletest::RunTests(program.model, options.filter);
  const SourceManager& sources = program.parsed.sources;
  const bool json = options.diagnostics == "json";
  if (json) out << TestJson(summary, sources);
  for (const ruletest::Outcome& outcome : json ? std::vector<ruletest::Outcome>{} : summary.outcomes) {
    out << (outcome.Passed() ? "PASS  " : "FAIL  ") << outcome.name << "  (" << FormatLocation(outcome.span, sources) << ")\n";
    if (outcome.expectations == 0) out << "      " << Tr("the test expects nothing: add `expect ...` lines") << "\n";
    for (const ruletest::Failure& failure : outcome.failures) {
      out << "      " << Tr("{0}: expected {1}, got {2}", FormatLocation(failure.span, sources),
                            report::VerdictCode(failure.expected), report::VerdictCode(failure.actual));
      if (!failure.detail.empty()) out << " — " << failure.detail;
      out << "\n";
    }
  }
  const ruletest::Coverage& coverage = summary.coverage;
  size_t total = 0, covered = 0;
  std::vector<std::string> missing;
  for (const auto& [contract, items] : coverage.items) {
    auto exercised = coverage.exercised.find(contract);
    for (const auto& item : items) {
      ++total;
      if (exercised != coverage.exercised.end() && exercised->second.count(item)) ++covered;
      else missing.push_back(contract + "." + item);
    }
  }
  if (total > 0 && !json) {
    out << Tr("coverage: {0} % of commitments and milestones ({1} of {2})", PercentText(coverage.Percent()), covered, total);
    if (!missing.empty()) {
      out << Tr("; not exercised:");
      for (size_t i = 0; i < missing.size() && i < 20; ++i) out << " " << missing[i];
      if (missing.size() > 20) out << " …";
    }
    out << "\n";
    for (const auto& [contract, clauses] : coverage.clauses) {
      if (clauses.empty()) continue;
      out << Tr("clauses never tested in {0}:", contract);
      for (const auto& clause : clauses) out << " \"" << clause << "\"";
      out << "\n";
    }
    out << Tr("verdicts checked:");
    if (coverage.verdict_kinds.empty()) out << " " << Tr("none");
    for (const auto& kind : coverage.verdict_kinds) out << " " << report::VerdictCode(kind);  // as `expect` writes it
    out << "\n";
  }
  if (!json) out << Tr("{0} passed, {1} failed", summary.Passed(), summary.Failed()) << "\n";
  if (!options.junit.empty()) {
    std::ofstream file(options.junit, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << Tr("vigie test: cannot write {0}", options.junit) << "\n";
      return kExitInternal;
    }
    file << ruletest::JUnitXml(summary, sources);
  }
  if (summary.Failed() > 0) return kExitInputErrors;
  if (summary.outcomes.empty() && options.fail_on_empty) {
    err << Tr("vigie test: no test was run (--fail-on-empty)") << "\n";
    return kExitInputErrors;
  }
  if (options.coverage_threshold && coverage.Percent() + 1e-9 < *options.coverage_threshold) {
    err << Tr("vigie test: coverage {0} % is below the threshold of {1} %", PercentText(coverage.Percent()),
              PercentText(*options.coverage_threshold))
        << "\n";
    return kExitInputErrors;
  }
  return kExitOk;
}

}  // namespace vigie::cli
