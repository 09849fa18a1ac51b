#include "bench/report_phase.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "engine/base/clock.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/publish.h"
#include "engine/report/csv_report.h"
#include "engine/report/html_pages.h"
#include "engine/store/store.h"

namespace vigie::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double PeakMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double MiB(uintmax_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// The store of the workload (said on stderr when it cannot be opened).
std::unique_ptr<store::Store> OpenStore(const std::string& store_path, bool read_only) {
  store::StoreError error;
  store::OpenOptions open;
  open.create = false;
  open.read_only = read_only;
  auto store = store::Store::Open(store_path, open, error);
  if (!store) std::fprintf(stderr, "store: %s\n", error.message.c_str());
  return store;
}

// A run with its report model, as `vigie run` asks for it.
driver::EvaluateOptions WithReport(const driver::CheckedProgram& program, const std::string& store_path,
                                   const eval::EvalOptions& options) {
  driver::EvaluateOptions evaluate;
  evaluate.eval = options;
  evaluate.build_report = true;
  evaluate.report.engine_version = "bench";
  evaluate.report.generated_at = NowUtc();
  evaluate.report.store_path = store_path;
  evaluate.report.rulesets = driver::RulesetFiles(program);
  return evaluate;
}

// The JSON (a campaign's: one line a verdict), the CSV and the entity pages written into memory
// only (no file, no SHA-256, one thread), after the run: each writer's processor time per byte,
// apart from the disk's. The pages are the first 500 entities' (a sample: they are alike), so that
// a 5 000-entity run does not render them all twice.
void WritersAlone(const report::Report& report) {
  double before = CpuSeconds();
  uintmax_t json_bytes = 0, verdicts = 0;
  report::WriteJson(report, [&](std::string_view piece) { json_bytes += piece.size(); }, report::VerdictLayout::kOneLine);
  const double json_s = CpuSeconds() - before;
  for (const report::Contract& c : report.contracts) {
    for (const report::Item& item : c.items) verdicts += item.verdicts.size();
  }
  std::printf("  the JSON writer alone, into memory (processor s): report.json %.1f MiB, %.0f bytes a verdict, %.3f s (%.1f ns a byte)\n",
              MiB(json_bytes), verdicts ? static_cast<double>(json_bytes) / static_cast<double>(verdicts) : 0.0, json_s,
              json_bytes ? json_s * 1e9 / static_cast<double>(json_bytes) : 0.0);
  before = CpuSeconds();
  uintmax_t csv_bytes = 0, rows = 0;
  report::WriteCsv(report, [&](std::string_view piece) {
    csv_bytes += piece.size();
    // The rows counted by memchr: a loop on each byte cost 0.4-0.5 ns a byte, timed with the writer's.
    const char* const end = piece.data() + piece.size();
    for (const char* at = piece.data(); (at = static_cast<const char*>(std::memchr(at, '\n', end - at))); ++at) ++rows;
  });
  const double csv_s = CpuSeconds() - before;
  const report::HtmlPages pages(report);
  const size_t sample = std::min<size_t>(pages.size() - 1, 500);
  uintmax_t page_bytes = 0;
  before = CpuSeconds();
  for (size_t page = 1; page <= sample; ++page) page_bytes += pages.Render(page).size();
  const double pages_s = CpuSeconds() - before;
  std::printf("  the writers alone, into memory (processor s): report.csv %.1f MiB, %.0f bytes a row, %.3f s (%.1f ns a byte);"
              " entity pages (%zu of %zu) %.1f MiB, %.0f KiB a page, %.3f s (%.1f ns a byte)\n",
              MiB(csv_bytes), rows > 1 ? static_cast<double>(csv_bytes) / static_cast<double>(rows - 1) : 0.0, csv_s,
              csv_bytes ? csv_s * 1e9 / static_cast<double>(csv_bytes) : 0.0, sample, pages.size() - 1, MiB(page_bytes),
              sample ? static_cast<double>(page_bytes) / 1024.0 / static_cast<double>(sample) : 0.0, pages_s,
              page_bytes ? pages_s * 1e9 / static_cast<double>(page_bytes) : 0.0);
}

}  // namespace

int RunWithReports(const driver::CheckedProgram& program, const std::string& store_path, const std::string& report_dir,
                   const eval::EvalOptions& options) {
  auto store = OpenStore(store_path, false);
  if (!store) return 1;
  std::error_code fs_error;
  fs::remove_all(report_dir, fs_error);  // the files of an earlier run would be counted
  const auto start = Clock::now();
  driver::EvaluateOptions evaluate = WithReport(program, store_path, options);
  evaluate.record = driver::RecordOptions{"vigie_bench_eval", "bench", ""};
  // The report model and the record overlap (the record on a thread of its own): their wall time together.
  Clock::time_point evaluated;
  evaluate.after_step = [&](driver::Step step, double) {
    if (step == driver::Step::kEvaluate) evaluated = Clock::now();
  };
  driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  const double model_and_record_s = Since(evaluated);
  if (!evaluation.report || evaluation.not_recorded) {
    std::fprintf(stderr, "the run with reports failed: %s\n",
                 evaluation.not_recorded ? evaluation.not_recorded->message.c_str() : "no report");
    return 1;
  }
  const double model_peak = PeakMiB();
  const auto write_start = Clock::now();
  const double write_cpu_start = CpuSeconds();
  driver::PublishOptions publish{report_dir, {"json", "csv", "html"}, {}, false};
  publish.jobs = options.jobs;
  const driver::Published published = driver::PublishRun(*evaluation.report, *store, publish);
  const double write_s = Since(write_start), total_s = Since(start), write_cpu = CpuSeconds() - write_cpu_start;
  if (!published.failed.empty() || !published.sealed) {
    std::fprintf(stderr, "the reports were not written or the run not sealed: %s\n", published.failed.c_str());
    return 1;
  }
  uintmax_t html_bytes = 0, largest_html = 0, largest = 0;
  int64_t html_files = 0;
  std::string largest_html_name, largest_name;
  for (const auto& entry : fs::recursive_directory_iterator(report_dir)) {
    if (!entry.is_regular_file()) continue;
    const uintmax_t size = entry.file_size();
    const std::string name = fs::relative(entry.path(), report_dir).generic_string();
    if (size > largest) largest = size, largest_name = name;
    if (entry.path().extension() != ".html") continue;
    ++html_files;
    html_bytes += size;
    if (size > largest_html) largest_html = size, largest_html_name = name;
  }
  const auto& s = evaluation.seconds;
  std::printf("(e) a run with its reports (json, csv, html; %lld verdicts), as `vigie run --report DIR`:\n",
              static_cast<long long>(evaluation.run.verdicts));
  std::printf("  load %.3f + evaluate %.3f + report model %.3f + record %.3f + write the reports and seal %.3f = %.3f s\n",
              s.load, s.evaluate, s.report, s.record, write_s, total_s);
  std::printf("  report model and record, overlapping: %.3f s together (wall)\n", model_and_record_s);
  std::printf("  write the reports and seal: processor %.3f s (user + system, every thread)\n", write_cpu);
  std::printf("  report.json %.1f MiB, report.csv %.1f MiB; HTML: %lld files (%s), %.1f MiB in all, largest %s %.1f KiB;"
              " largest file %s %.1f MiB\n",
              MiB(fs::file_size(fs::path(report_dir) / "report.json", fs_error)),
              MiB(fs::file_size(fs::path(report_dir) / "report.csv", fs_error)), static_cast<long long>(html_files),
              published.html_pages > 0 ? "summary and entity pages" : "one page", MiB(html_bytes), largest_html_name.c_str(),
              static_cast<double>(largest_html) / 1024.0, largest_name.c_str(), MiB(largest));
  std::printf("  peak memory %.0f MiB (%.0f MiB when the report model was built)\n", PeakMiB(), model_peak);
  if (published.html_pages > 0) WritersAlone(*evaluation.report);
  std::printf("  goal (issue 17): a run with its reports < 3 s: %s (%.3f s); HTML bounded (no page with every verdict): %s\n",
              total_s < 3 ? "met" : "NOT met", total_s, published.html_pages > 0 ? "yes" : "no");
  return 0;
}

int BuildModelOnly(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options) {
  auto store = OpenStore(store_path, true);
  if (!store) return 1;
  driver::EvaluateOptions evaluate = WithReport(program, store_path, options);
  // Processor time of each step (user + system, every thread): steadier than the wall time on a shared machine.
  double cpu[4] = {0, 0, 0, 0}, before = CpuSeconds();
  evaluate.after_step = [&](driver::Step step, double) {
    const double now = CpuSeconds();
    cpu[static_cast<int>(step)] = now - before;
    before = now;
  };
  const driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  if (!evaluation.report) return 1;
  const auto& s = evaluation.seconds;
  std::printf("(e') the report model alone (%lld verdicts): load %.3f + evaluate %.3f + report model %.3f s"
              " (processor %.3f + %.3f + %.3f s); peak memory %.0f MiB\n",
              static_cast<long long>(evaluation.run.verdicts), s.load, s.evaluate, s.report, cpu[0], cpu[1], cpu[2], PeakMiB());
  return 0;
}

bool RunReportsChild(const std::string& self, const std::string& dir) {
  const std::string command = "'" + self + "' --phase reports '" + dir + "'";
  FILE* child = popen(command.c_str(), "r");
  char line[1024];
  while (child && std::fgets(line, sizeof line, child)) std::fputs(line, stdout);
  return child && pclose(child) == 0;
}

}  // namespace vigie::bench
