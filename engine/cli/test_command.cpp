#include "engine/cli/test_command.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "engine/base/diagnostic_render.h"
#include "engine/cli/commands.h"
#include "engine/driver/pipeline.h"
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
  return text.str();
}

}  // namespace

int RunTestCommand(const Options& options, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) {
    err << "vigie test: name the rulesets and contracts whose tests to run (files or folders)\n";
    return kExitUsage;
  }
  DiagnosticSink sink(options.max_errors);
  driver::CheckedProgram program;
  driver::CheckProgram(paths, options.root, program, sink);
  if (!sink.HasErrors()) ruletest::LoadDataFiles(program.model, options.root, program.parsed.sources, sink);
  if (sink.HasErrors()) {
    err << RenderTextAll(sink.Sorted(), program.parsed.sources);
    err << "failed: the files have " << sink.ErrorCount() << (sink.ErrorCount() == 1 ? " error" : " errors")
        << "; no test was run\n";
    return ExitCodeForErrors(sink.Sorted());
  }
  const ruletest::Summary summary = ruletest::RunTests(program.model, options.filter);
  const SourceManager& sources = program.parsed.sources;
  for (const ruletest::Outcome& outcome : summary.outcomes) {
    out << (outcome.Passed() ? "PASS  " : "FAIL  ") << outcome.name << "  (" << FormatLocation(outcome.span, sources) << ")\n";
    if (outcome.expectations == 0) out << "      the test expects nothing: add `expect ...` lines\n";
    for (const ruletest::Failure& failure : outcome.failures) {
      out << "      " << FormatLocation(failure.span, sources) << ": expected " << failure.expected << ", got "
          << failure.actual;
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
  if (total > 0) {
    out << "coverage: " << PercentText(coverage.Percent()) << " % of commitments and milestones ("
        << covered << " of " << total << ")";
    if (!missing.empty()) {
      out << "; not exercised:";
      for (size_t i = 0; i < missing.size() && i < 20; ++i) out << " " << missing[i];
      if (missing.size() > 20) out << " …";
    }
    out << "\n";
    for (const auto& [contract, clauses] : coverage.clauses) {
      if (clauses.empty()) continue;
      out << "clauses never tested in " << contract << ":";
      for (const auto& clause : clauses) out << " \"" << clause << "\"";
      out << "\n";
    }
    out << "verdicts checked:";
    if (coverage.verdict_kinds.empty()) out << " none";
    for (const auto& kind : coverage.verdict_kinds) out << " " << kind;
    out << "\n";
  }
  out << summary.Passed() << " passed, " << summary.Failed() << " failed\n";
  if (!options.junit.empty()) {
    std::ofstream file(options.junit, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "vigie test: cannot write " << options.junit << "\n";
      return kExitInternal;
    }
    file << ruletest::JUnitXml(summary, sources);
  }
  if (summary.Failed() > 0) return kExitInputErrors;
  if (summary.outcomes.empty() && options.fail_on_empty) {
    err << "vigie test: no test was run (--fail-on-empty)\n";
    return kExitInputErrors;
  }
  if (options.coverage_threshold && coverage.Percent() + 1e-9 < *options.coverage_threshold) {
    err << "vigie test: coverage " << PercentText(coverage.Percent()) << " % is below the threshold of "
        << PercentText(*options.coverage_threshold) << " %\n";
    return kExitInputErrors;
  }
  return kExitOk;
}

}  // namespace vigie::cli
