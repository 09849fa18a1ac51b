#include "bench/json_phase.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/driver/evaluate.h"
#include "engine/report/csv_report.h"
#include "engine/report/html_pages.h"
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

// The report model of the store `store_path` (read only; its generated_at fixed: two binaries'
// texts compare by their digest), or none (said on stderr).
std::optional<driver::Evaluation> FixedModel(const driver::CheckedProgram& program, const std::string& store_path,
                                             const eval::EvalOptions& options) {
  store::StoreError error;
  store::OpenOptions open;
  open.create = false;
  open.read_only = true;
  auto store = store::Store::Open(store_path, open, error);
  if (!store) {
    std::fprintf(stderr, "store: %s\n", error.message.c_str());
    return std::nullopt;
  }
  driver::EvaluateOptions evaluate;
  evaluate.eval = options;
  evaluate.build_report = true;
  evaluate.report.engine_version = "bench";
  evaluate.report.generated_at = "2026-12-07T00:00:00Z";
  evaluate.report.store_path = store_path;
  evaluate.report.rulesets = driver::RulesetFiles(program);
  driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  if (!evaluation.report) return std::nullopt;
  return evaluation;
}

// FNV-1a, 64 bits, of `text` continued from `digest`.
uint64_t Digest(uint64_t digest, std::string_view text) {
  for (const char c : text) digest = (digest ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return digest;
}
constexpr uint64_t kDigestStart = 0xcbf29ce484222325ULL;

double Median(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

}  // namespace

namespace {

using Sink = std::function<void(std::string_view)>;

// A writer of the report (`write(report, sink)`, report.json's or report.csv's, named `name`) alone
// on the workload's report model, once for the digest of its bytes, then `reps` times timed.
int WriteAlone(const char* name, const driver::CheckedProgram& program, const std::string& store_path,
               const eval::EvalOptions& options, int reps, const std::function<void(const report::Report&, const Sink&)>& write) {
  const std::optional<driver::Evaluation> evaluation = FixedModel(program, store_path, options);
  if (!evaluation) return 1;
  // The text's digest (FNV-1a, 64 bits), once, outside the times: the same bytes whatever the pieces.
  uint64_t digest = kDigestStart, bytes = 0;
  write(*evaluation->report, [&](std::string_view piece) {
    bytes += piece.size();
    digest = Digest(digest, piece);
  });
  std::vector<double> seconds;
  for (int rep = 0; rep < reps; ++rep) {
    uint64_t written = 0;
    const double before = ProcessorSeconds();
    write(*evaluation->report, [&](std::string_view piece) { written += piece.size(); });
    seconds.push_back(ProcessorSeconds() - before);
  }
  const double best = *std::min_element(seconds.begin(), seconds.end()), median = Median(seconds);
  std::printf("the %s writer alone, into memory: %llu bytes (digest %016llx), %lld verdicts; processor best %.3f s"
              " (%.2f ns a byte), median %.3f s (%.2f ns a byte) of %d\n",
              name, static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(digest),
              static_cast<long long>(evaluation->run.verdicts), best, best * 1e9 / static_cast<double>(bytes), median,
              median * 1e9 / static_cast<double>(bytes), reps);
  return 0;
}

}  // namespace

int WriteJsonAlone(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options,
                   int reps) {
  return WriteAlone("JSON", program, store_path, options, reps, [](const report::Report& report, const Sink& sink) {
    report::WriteJson(report, sink, report::VerdictLayout::kOneLine);
  });
}

int WriteCsvAlone(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options,
                  int reps) {
  return WriteAlone("CSV", program, store_path, options, reps, report::WriteCsv);
}

int RenderPagesAlone(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options,
                     int reps) {
  const std::optional<driver::Evaluation> evaluation = FixedModel(program, store_path, options);
  if (!evaluation) return 1;
  std::vector<double> plan_seconds, render_seconds;
  uint64_t digest = kDigestStart, bytes = 0;
  size_t sample = 0, pages_in_all = 0;
  for (int rep = 0; rep < reps; ++rep) {
    double before = ProcessorSeconds();
    const report::HtmlPages pages(*evaluation->report);
    plan_seconds.push_back(ProcessorSeconds() - before);
    pages_in_all = pages.size() - 1;
    sample = std::min<size_t>(pages_in_all, kPagesSample);
    uint64_t written = 0;
    before = ProcessorSeconds();
    for (size_t page = 1; page <= sample; ++page) {
      const std::string text = pages.Render(page);
      written += text.size();
      if (rep == 0) digest = Digest(digest, text);
    }
    render_seconds.push_back(ProcessorSeconds() - before);
    bytes = written;
  }
  const double plan = Median(plan_seconds), render = Median(render_seconds);
  std::printf("the entity pages alone, into memory: plan %.3f s; pages 1 to %zu of %zu, %llu bytes (digest %016llx),"
              " %.0f KiB a page, %.3f s (%.2f ns a byte); processor, medians of %d\n",
              plan, sample, pages_in_all, static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(digest),
              sample ? static_cast<double>(bytes) / 1024.0 / static_cast<double>(sample) : 0.0, render,
              bytes ? render * 1e9 / static_cast<double>(bytes) : 0.0, reps);
  return 0;
}

}  // namespace vigie::bench
