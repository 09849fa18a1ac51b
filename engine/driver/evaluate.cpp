#include "engine/driver/evaluate.h"

#include <algorithm>
#include <chrono>

#include "engine/base/memory_available.h"
#include "engine/base/sha256.h"
#include "engine/base/text.h"
#include "engine/driver/run_record.h"
#include "engine/eval/rows_read.h"
#include "engine/eval/work_pool.h"

namespace vigie::driver {
namespace {

namespace model = sema::model;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void Done(const EvaluateOptions& options, Step step, double seconds) {
  if (options.after_step) options.after_step(step, seconds);
}

// V2286: each payment whose formula gave more than a contract can pay, once, at its declaration,
// with the first party and year it happened for.
std::vector<Diagnostic> PaymentDiagnostics(const eval::RunResult& run) {
  std::vector<Diagnostic> out;
  for (const eval::ContractResult& contract : run.contracts) {
    std::vector<std::string> reported;
    for (const eval::PaymentResult& paid : contract.payments) {
      if (!paid.too_large || std::find(reported.begin(), reported.end(), paid.name) != reported.end()) continue;
      reported.push_back(paid.name);
      Span span;
      for (const model::Payment& payment : contract.contract->payments) {
        if (payment.name == paid.name) span = payment.span;
      }
      Diagnostic diagnostic = MakeDiagnostic(
          DiagCode::kPaymentTooLarge, span,
          paid.party.empty() ? Tr("payment '{0}' in {1}: {2}", paid.name, paid.year, paid.reason)
                             : Tr("payment '{0}' to {1} in {2}: {3}", paid.name, paid.party, paid.year, paid.reason));
      diagnostic.help = Tr("check the formula and the values it reads; the run is recorded without this amount");
      out.push_back(std::move(diagnostic));
    }
  }
  return out;
}

// What the record came to, kept in the evaluation (and in its report, which names the run).
void Keep(const Recorded& recorded, Evaluation& evaluation) {
  evaluation.run_id = recorded.run_id;
  evaluation.not_recorded = recorded.error;
  if (evaluation.report) evaluation.report->run_id = recorded.run_id;
  evaluation.seconds.record = recorded.seconds;
}

// A run whose report would need more memory than it may take; none when it fits, or when the
// memory available cannot be known. The verdicts are first bounded without evaluating (entities ×
// periods × items): only a run that might not fit is evaluated once without details to count them.
std::optional<ReportTooLarge> TooLargeForReport(const model::Model& model, const eval::DataSet& data,
                                                const EvaluateOptions& options) {
  const std::optional<uint64_t> available = options.memory_for_report ? options.memory_for_report : MemoryAvailable();
  if (!available) return std::nullopt;
  uint64_t items = 0;
  for (const auto& [name, contract] : model.contracts) {
    const auto& asked = options.eval.contracts;
    if (!asked.empty() && std::find(asked.begin(), asked.end(), name) == asked.end()) continue;
    items += contract.commitments.size() + contract.milestones.size();
    for (const model::Contract& version : contract.versions) items += version.commitments.size() + version.milestones.size();
  }
  const auto bound = static_cast<long double>(data.EntityCount()) * static_cast<long double>(data.PeriodCount()) *
                     static_cast<long double>(items) * kReportBytesPerVerdict;
  if (bound <= static_cast<long double>(*available)) return std::nullopt;
  eval::EvalOptions counting = options.eval;
  counting.details = false;
  const int64_t verdicts = eval::Evaluator(model, data, counting).Run().verdicts;
  const uint64_t needed = static_cast<uint64_t>(verdicts) * kReportBytesPerVerdict;
  if (needed <= *available) return std::nullopt;
  return ReportTooLarge{verdicts, needed, *available};
}

}  // namespace

Evaluation Evaluate(const model::Model& model, store::Store& store, const EvaluateOptions& options) {
  const auto start = Clock::now();
  auto loaded = std::make_unique<eval::DataSet>(eval::LoadDataSet(store, model, options.data_as_of, options.eval.jobs));
  const double load = Since(start);
  Done(options, Step::kLoad, load);
  Evaluation evaluation = Evaluate(model, *loaded, options, &store);
  evaluation.loaded = std::move(loaded);
  evaluation.seconds.load = load;
  return evaluation;
}

Evaluation Evaluate(const model::Model& model, const eval::DataSet& data, const EvaluateOptions& options,
                    store::Store* store) {
  Evaluation evaluation;
  evaluation.data = &data;
  if (options.build_report) {
    evaluation.too_large = TooLargeForReport(model, data, options);
    if (evaluation.too_large) return evaluation;
  }

  // With a report and more than one thread, the run is recorded on a thread of its own while the
  // values' origins are read and the model is built (RecordBeside: started now, see there why).
  const bool record = options.record && store != nullptr;
  std::optional<RecordBeside> beside;
  if (record && options.build_report && eval::ThreadsFor(options.eval.jobs) > 1) {
    beside.emplace(*store, data, evaluation.run);
    if (!beside->OnThread()) beside.reset();
  }

  auto start = Clock::now();
  eval::EvalOptions eval_options = options.eval;
  eval_options.details = eval_options.details || options.build_report;
  {
    eval::Evaluator evaluator(model, data, eval_options);
    evaluation.run = evaluator.Run();
  }
  evaluation.diagnostics = PaymentDiagnostics(evaluation.run);
  evaluation.seconds.evaluate = Since(start);
  if (beside) beside->Measure(MakeHeader(evaluation, options));  // its data digest given once read
  Done(options, Step::kEvaluate, evaluation.seconds.evaluate);

  if (options.build_report) {
    start = Clock::now();
    store::ValueOrigins origins;
    report::BuildOptions build = options.report;
    build.jobs = options.eval.jobs;
    if (store != nullptr) {
      // The origins and the digest from one state of the store (OriginsOf reads them in one read
      // transaction, a campaign's in parts on the run's threads; a caller's own transaction is kept).
      const int threads = eval::ThreadsFor(options.eval.jobs);
      origins = store->OriginsOf(eval::RowsRead(evaluation.run, data), options.data_as_of, threads);
      evaluation.data_digest = origins.digest;
      build.data_digest = evaluation.data_digest;
    }
    // The record beside takes the digest before it commits; on the store's connection, it starts
    // only now, and this thread makes no store call until it has ended. The model takes the details:
    // the record reads its own copy of the measured values and targets (on one thread, copied here
    // and timed as the record's).
    Measures measures;
    double copy = 0;
    if (beside) {
      beside->Digest(evaluation.data_digest);
    } else if (record) {
      const auto copying = Clock::now();
      measures = CopyMeasures(evaluation.run);
      copy = Since(copying);
    }
    evaluation.report = report::BuildReportTakingDetails(model, data, evaluation.run, origins, build);
    evaluation.seconds.report = Since(start) - copy;
    Done(options, Step::kReport, evaluation.seconds.report);
    if (record) {
      // On one thread, the record after the model, as before.
      Keep(beside ? beside->Join()
                  : Record(*store, data, evaluation.run, &measures, MakeHeader(evaluation, options), RecordEntities(data)),
           evaluation);
      evaluation.seconds.record += copy;
      Done(options, Step::kRecord, evaluation.seconds.record);
    }
  } else if (record) {
    Keep(Record(*store, data, evaluation.run, nullptr, MakeHeader(evaluation, options), RecordEntities(data)), evaluation);
    Done(options, Step::kRecord, evaluation.seconds.record);
  }
  return evaluation;
}

std::string ReportTooLargeText(const ReportTooLarge& too_large) {
  return Tr("the report of this run would hold {0} verdicts and need about {1} of memory; {2} are available",
            too_large.verdicts, MemorySizeText(too_large.needed), MemorySizeText(too_large.available));
}

std::string ReportTooLargeHelp() {
  return std::string(Tr("evaluate fewer contracts at once (vigie run --contract), or where more memory is available"
                        " (--memory says how much vigie may take)"));
}

std::vector<report::RulesetFile> RulesetFiles(const CheckedProgram& program) {
  std::vector<report::RulesetFile> files;
  for (size_t i = 0; i < program.parsed.sources.Size(); ++i) {
    const SourceFile& file = program.parsed.sources.Get(static_cast<FileId>(i));
    files.push_back({file.DisplayPath(), Sha256Hex(file.FileBytes())});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

Explanation Explain(const model::Model& model, const store::Store& store, const ExplainRequest& request) {
  Explanation out;
  const eval::DataSet data = eval::LoadDataSet(store, model, request.data_as_of);
  const int entity = data.EntityIndex(request.entity);
  const int slot = data.PeriodSlot(request.period);
  if (entity < 0 || slot < 0) {
    out.problem = entity < 0 ? Explanation::Problem::kUnknownEntity : Explanation::Problem::kUnknownPeriod;
    return out;
  }
  out.entity_name = data.EntityName(entity);
  eval::EvalOptions eval_options;
  eval_options.as_of = request.as_of;
  eval::Evaluator evaluator(model, data, eval_options);
  const model::Contract& contract = model.contracts.at(request.contract);
  out.detail = evaluator.Explain(contract, request.item, entity, slot);
  if (!out.detail.in_scope) {
    out.problem = Explanation::Problem::kNoVerdict;
    return out;
  }
  const bool known = std::any_of(contract.commitments.begin(), contract.commitments.end(),
                                 [&](const model::Commitment& c) { return c.name == request.item; }) ||
                     std::any_of(contract.milestones.begin(), contract.milestones.end(),
                                 [&](const model::Milestone& m) { return m.name == request.item; });
  if (!known) {
    out.problem = Explanation::Problem::kUnknownItem;
    return out;
  }
  std::vector<int64_t> rows;
  for (const auto& in : out.detail.inputs) rows.push_back(in.row_id);
  out.origins = store.ValuesById(rows);
  store.AttachDeclarations(out.origins, request.data_as_of);
  return out;
}

}  // namespace vigie::driver
