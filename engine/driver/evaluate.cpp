#include "engine/driver/evaluate.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/base/clock.h"
#include "engine/base/memory_available.h"
#include "engine/base/sha256.h"
#include "engine/base/text.h"
#include "engine/eval/rows_read.h"

namespace vigie::driver {
namespace {

namespace model = sema::model;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void Done(const EvaluateOptions& options, Step step, double seconds) {
  if (options.after_step) options.after_step(step, seconds);
}

// "all contracts", or "contracts=a,b" as the run was asked.
std::string OptionsText(const eval::EvalOptions& options) {
  if (options.contracts.empty()) return "all contracts";
  std::string list;
  for (const auto& c : options.contracts) list += (list.empty() ? "" : ",") + c;
  return "contracts=" + list;
}

store::Store::RunHeader MakeHeader(const Evaluation& evaluation, const EvaluateOptions& options) {
  const RecordOptions& how = *options.record;
  store::Store::RunHeader header;
  header.started_at = !how.started_at.empty()             ? how.started_at
                      : !options.report.generated_at.empty() ? options.report.generated_at
                                                             : NowUtc();
  header.run_by = how.run_by.empty() ? store::CurrentUser() : how.run_by;
  header.engine_version = how.engine_version;
  header.as_of = model::Format(evaluation.run.as_of);
  header.data_as_of = options.data_as_of;
  header.options = OptionsText(options.eval);
  nlohmann::ordered_json rulesets = nlohmann::ordered_json::array();
  for (const auto& r : options.report.rulesets) rulesets.push_back({{"path", r.path}, {"sha256", r.sha256}});
  header.rulesets_json = rulesets.dump();
  header.data_digest = evaluation.data_digest;
  header.verdicts = evaluation.run.verdicts;
  return header;
}

char VerdictLetter(model::Verdict verdict) {
  constexpr std::string_view kLetters = store::Store::kVerdictLetters;
  static_assert(static_cast<size_t>(model::Verdict::kError) + 1 == kLetters.size());
  return kLetters[static_cast<size_t>(verdict)];
}

// Hands the run's verdicts to the store one contract, item and period at a time (RunResults), so
// that the run is never held a second time in memory. Entities are named by their DataSet index.
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

bool WriteResults(const eval::DataSet& data, const Evaluation& evaluation, const store::Store::ResultsWriter& write) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> period_text;
  for (int p = 0; p < data.PeriodCount(); ++p) period_text.push_back(model::Format(data.PeriodAt(p)));
  std::vector<std::vector<size_t>> cells_by_period(period_text.size());
  store::Store::RunResults results;
  for (size_t c = 0; c < evaluation.run.contracts.size(); ++c) {
    const eval::ContractResult& contract = evaluation.run.contracts[c];
    for (size_t it = 0; it < contract.items.size(); ++it) {
      const eval::ItemResult& item = contract.items[it];
      // With a report, its rows hold the details (one per cell, in the same order); else the run's own.
      const std::vector<report::VerdictRow>* rows =
          evaluation.report ? &evaluation.report->contracts[c].items[it].verdicts : nullptr;
      if (rows != nullptr && rows->size() != item.cells.size()) rows = nullptr;  // never read past them
      const bool details = rows != nullptr || item.details.size() == item.cells.size();
      const int slot = !details && item.commitment ? data.IndicatorSlot(item.commitment->indicator) : -1;
      for (auto& cells : cells_by_period) cells.clear();
      for (size_t i = 0; i < item.cells.size(); ++i) cells_by_period[static_cast<size_t>(item.cells[i].period)].push_back(i);
      for (size_t period = 0; period < cells_by_period.size(); ++period) {
        if (cells_by_period[period].empty()) continue;
        results.Clear();
        results.contract = contract.contract->name;
        results.item = item.Name();
        results.period = period_text[period];
        // Without details (a benchmark's millions of verdicts), the target written for the period.
        double period_target = kNone;
        if (!details && item.commitment) {
          for (const auto& t : item.commitment->targets) {
            if (t.period == data.PeriodAt(static_cast<int>(period)) && !t.baseline_share) period_target = t.bound;
          }
        }
        for (size_t i : cells_by_period[period]) {
          const eval::Cell& cell = item.cells[i];
          results.entities.push_back(static_cast<uint32_t>(cell.entity));
          results.verdicts += VerdictLetter(cell.verdict);
          if (rows != nullptr) {
            results.measured.push_back((*rows)[i].measured.value_or(kNone));
            results.target.push_back((*rows)[i].target.value_or(kNone));
          } else if (details) {
            results.measured.push_back(item.details[i].measured.value_or(kNone));
            results.target.push_back(item.details[i].target.value_or(kNone));
          } else {
            const bool present = slot >= 0 && data.Present(cell.entity, slot, cell.period);
            results.measured.push_back(present ? data.Value(cell.entity, slot, cell.period) : kNone);
            results.target.push_back(period_target);
          }
        }
        if (!write(results)) return false;
      }
    }
  }
  return true;
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

  auto start = Clock::now();
  eval::EvalOptions eval_options = options.eval;
  eval_options.details = eval_options.details || options.build_report;
  {
    eval::Evaluator evaluator(model, data, eval_options);
    evaluation.run = evaluator.Run();
  }
  evaluation.diagnostics = PaymentDiagnostics(evaluation.run);
  evaluation.seconds.evaluate = Since(start);
  Done(options, Step::kEvaluate, evaluation.seconds.evaluate);

  if (options.build_report) {
    start = Clock::now();
    store::ValueOrigins origins;
    report::BuildOptions build = options.report;
    build.jobs = options.eval.jobs;
    if (store != nullptr) {
      // The origins and the digest from one state of the store, in one read transaction: not one
      // per row read (each took and gave back SQLite's locks), and no write committed in between.
      // A caller already in a transaction keeps it (its own is used).
      const store::Store::ReadScope reading(*store);
      origins = store->OriginsOf(eval::RowsRead(evaluation.run), options.data_as_of);
      evaluation.data_digest = origins.digest;
      build.data_digest = evaluation.data_digest;
    }
    // The details are not read again: the rows hold them (the record reads their measured value and target).
    evaluation.report = report::BuildReportTakingDetails(model, data, evaluation.run, origins, build);
    evaluation.seconds.report = Since(start);
    Done(options, Step::kReport, evaluation.seconds.report);
  }

  if (options.record && store != nullptr) {
    start = Clock::now();
    std::vector<std::string> entities;
    entities.reserve(static_cast<size_t>(data.EntityCount()));
    for (int e = 0; e < data.EntityCount(); ++e) entities.push_back(data.EntityId(e));
    store::StoreError error;
    evaluation.run_id = store->RecordRun(
        MakeHeader(evaluation, options), entities,
        [&](const store::Store::ResultsWriter& write) { return WriteResults(data, evaluation, write); }, error);
    if (evaluation.run_id == 0) evaluation.not_recorded = error;
    if (evaluation.report) evaluation.report->run_id = evaluation.run_id;
    evaluation.seconds.record = Since(start);
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
