#include "bench/json_phase.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "engine/driver/evaluate.h"
#include "engine/report/report_model.h"
#include "engine/store/store.h"

namespace vigie::bench {
namespace {

double ProcessorSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int WriteJsonAlone(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options,
                   int reps) {
  store::StoreError error;
  store::OpenOptions open;
  open.create = false;
  open.read_only = true;
  auto store = store::Store::Open(store_path, open, error);
  if (!store) {
    std::fprintf(stderr, "store: %s\n", error.message.c_str());
    return 1;
  }
  driver::EvaluateOptions evaluate;
  evaluate.eval = options;
  evaluate.build_report = true;
  evaluate.report.engine_version = "bench";
  evaluate.report.generated_at = "2026-12-07T00:00:00Z";  // fixed: two binaries' texts compare by their digest
  evaluate.report.store_path = store_path;
  evaluate.report.rulesets = driver::RulesetFiles(program);
  const driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  if (!evaluation.report) return 1;
  // The text's digest (FNV-1a, 64 bits), once, outside the times: the same bytes whatever the pieces.
  uint64_t digest = 0xcbf29ce484222325ULL, bytes = 0;
  report::WriteJson(*evaluation.report, [&](std::string_view piece) {
    bytes += piece.size();
    for (const char c : piece) digest = (digest ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }, report::VerdictLayout::kOneLine);
  std::vector<double> seconds;
  for (int rep = 0; rep < reps; ++rep) {
    uint64_t written = 0;
    const double before = ProcessorSeconds();
    report::WriteJson(*evaluation.report, [&](std::string_view piece) { written += piece.size(); }, report::VerdictLayout::kOneLine);
    seconds.push_back(ProcessorSeconds() - before);
  }
  std::sort(seconds.begin(), seconds.end());
  const double best = seconds.front(), median = seconds[seconds.size() / 2];
  std::printf("the JSON writer alone, into memory: %llu bytes (digest %016llx), %lld verdicts; processor best %.3f s"
              " (%.2f ns a byte), median %.3f s (%.2f ns a byte) of %d\n",
              static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(digest),
              static_cast<long long>(evaluation.run.verdicts), best, best * 1e9 / static_cast<double>(bytes), median,
              median * 1e9 / static_cast<double>(bytes), reps);
  return 0;
}

}  // namespace vigie::bench
