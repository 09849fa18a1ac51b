// One evaluation run, in one place: load the DataSet from the store, evaluate, build the report
// model, record the run (beside the model's build, on a thread of its own, when there are two).
// `vigie run`, `vigie verify`, the rule tests and the benchmark all call Evaluate(); each step but
// the evaluation is optional, and each is timed. Nothing here prints: a failure to record comes
// back as data, for the caller to report.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/driver/pipeline.h"
#include "engine/eval/dataset.h"
#include "engine/eval/evaluator.h"
#include "engine/report/report_model.h"
#include "engine/store/store.h"

namespace vigie::driver {

enum class Step { kLoad, kEvaluate, kReport, kRecord };

// What a recorded run says about who ran it and with what.
struct RecordOptions {
  std::string run_by;          // empty: store::CurrentUser()
  std::string engine_version;  // "0.1.0"
  std::string started_at;      // UTC ISO time; empty: the report's generated_at, else now
};

struct EvaluateOptions {
  // as_of, contracts, entity scores. `details` is turned on when a report is built.
  eval::EvalOptions eval;
  std::string data_as_of;  // read the store as it stood then (UTC ISO time; empty: now)
  // Build the report model (needs each verdict's detail: the run keeps them). With a store, the
  // origins of the values read are fetched in one batch and the data digest is computed.
  bool build_report = false;
  report::BuildOptions report;  // engine version, generated_at, store path, rulesets
  // Record the run in the store (a writable store). Its verdicts carry the measured value and
  // target of their detail when the run kept them; otherwise (the benchmark) the stored value of the
  // commitment's own indicator and the target written for the period.
  std::optional<RecordOptions> record;
  // Called after each step that ran, with its duration in seconds, on the caller's thread and in
  // the steps' order (the benchmark reads its peak memory there).
  std::function<void(Step, double)> after_step;
  // With a report: the memory its model may take, in bytes (none: MemoryAvailable(), what the
  // machine, or the process's control group, has available when the run starts). A run whose report
  // would need more is refused before anything is evaluated with details (Evaluation::too_large).
  std::optional<uint64_t> memory_for_report;
};

// The report model holds each verdict with its reason and inputs: about 1 KiB a verdict at its peak
// (W1 at 5,000 entities, 5 M verdicts: 4,874 MiB, bench/README.md), what a run's report is
// estimated to need. Since the compact rows (s13-rows) the peak is 3,536 MiB, about 740 bytes a
// verdict: the estimate keeps its margin (the reasons' lengths vary with the contracts).
inline constexpr uint64_t kReportBytesPerVerdict = 1024;

// A run whose report would not fit: its verdicts, the memory its report would need, the memory it may take.
struct ReportTooLarge {
  int64_t verdicts = 0;
  uint64_t needed = 0, available = 0;
};
// What vigie says of it, and what to do (in the current language).
std::string ReportTooLargeText(const ReportTooLarge& too_large);
std::string ReportTooLargeHelp();

// How long each step took, in seconds (0 for a step that did not run). With a report, a record and
// more than one thread the record runs beside the report model's build (driver/run_record.h): its
// time is its own, and the two overlap instead of adding up.
struct StepTimes {
  double load = 0, evaluate = 0, report = 0, record = 0;
};

struct Evaluation {
  const eval::DataSet* data = nullptr;  // what was evaluated (the loaded one, or the caller's)
  // With each verdict's detail when asked; with a report, the details are in its rows instead
  // (report::BuildReportTakingDetails), and the run has its cells, scores and payments.
  eval::RunResult run;
  std::optional<report::Report> report;
  std::string data_digest;                    // Store::ValuesDigest of the rows read (with a report and a store)
  int64_t run_id = 0;                         // the recorded run (0: not recorded)
  std::optional<store::StoreError> not_recorded;  // recording was asked and failed
  // What the evaluation found wrong in the rules, with their place: a payment above what a contract
  // can pay (V2286). The run is still evaluated and recorded, without that amount.
  std::vector<Diagnostic> diagnostics;
  // The report was asked for but would not fit in memory (EvaluateOptions::memory_for_report): the
  // run was neither evaluated with details, reported nor recorded, and `report` is empty.
  std::optional<ReportTooLarge> too_large;
  StepTimes seconds;
  std::unique_ptr<eval::DataSet> loaded;  // owns `data` when Evaluate loaded it
};

// Loads what `model` needs from `store` (as it stood at options.data_as_of), then evaluates and
// does the optional steps with that store.
Evaluation Evaluate(const sema::model::Model& model, store::Store& store, const EvaluateOptions& options);

// Evaluates a DataSet the caller built or loaded (the rule tests, the benchmark's repeated runs).
// `store`, when given, is where the origins of values come from and where the run is recorded; with
// none, the report has no origins nor data digest and the run is not recorded.
Evaluation Evaluate(const sema::model::Model& model, const eval::DataSet& data, const EvaluateOptions& options,
                    store::Store* store = nullptr);

// Every file the program read, with its SHA-256, sorted by path (paths as shown to the user): the
// `rulesets` of a report.
std::vector<report::RulesetFile> RulesetFiles(const CheckedProgram& program);

// `vigie explain`: one verdict, recomputed on demand with everything that went into it.
struct ExplainRequest {
  std::string contract, item, entity;
  sema::model::Period period;
  sema::model::Date as_of;
  std::string data_as_of;  // read the store as it stood then (empty: now)
};

struct Explanation {
  enum class Problem {
    kNone,
    kUnknownEntity,  // the store knows no such entity
    kUnknownPeriod,  // no data or target for the period
    kNoVerdict,      // the item has no verdict for that entity and period (detail.reason says why)
    kUnknownItem,    // the contract has no commitment or milestone of that name
  };
  Problem problem = Problem::kNone;
  eval::Detail detail;
  std::string entity_name;
  report::Origins origins;  // of the values the verdict read (one batch)
};

// The contract must be in `model`.
Explanation Explain(const sema::model::Model& model, const store::Store& store, const ExplainRequest& request);

}  // namespace vigie::driver
