#include "engine/driver/evaluate.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "engine/base/clock.h"
#include "engine/base/sha256.h"

namespace vigie::driver {
namespace {

namespace model = sema::model;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void Done(const EvaluateOptions& options, Step step, double seconds) {
  if (options.after_step) options.after_step(step, seconds);
}

// The store rows a run read: every verdict's inputs (when it kept its details) and every payment's.
std::vector<int64_t> RowsRead(const eval::RunResult& run) {
  std::vector<int64_t> ids;
  for (const eval::ContractResult& contract : run.contracts) {
    for (const eval::ItemResult& item : contract.items) {
      for (const eval::Detail& detail : item.details) {
        for (const eval::InputRead& in : detail.inputs) {
          if (in.row_id != 0) ids.push_back(in.row_id);
        }
      }
    }
    for (const eval::PaymentResult& payment : contract.payments) {
      for (const eval::InputRead& in : payment.inputs) {
        if (in.row_id != 0) ids.push_back(in.row_id);
      }
    }
  }
  return ids;
}

// "all contracts", or "contracts=a,b" as the run was asked.
std::string OptionsText(const eval::EvalOptions& options) {
  if (options.contracts.empty()) return "all contracts";
  std::string list;
  for (const auto& c : options.contracts) list += (list.empty() ? "" : ",") + c;
  return "contracts=" + list;
}

store::Store::RunRecord MakeRecord(const eval::DataSet& data, const Evaluation& evaluation, const EvaluateOptions& options) {
  const RecordOptions& how = *options.record;
  store::Store::RunRecord record;
  record.started_at = !how.started_at.empty()             ? how.started_at
                      : !options.report.generated_at.empty() ? options.report.generated_at
                                                             : NowUtc();
  record.run_by = how.run_by.empty() ? store::CurrentUser() : how.run_by;
  record.engine_version = how.engine_version;
  record.as_of = model::Format(evaluation.run.as_of);
  record.data_as_of = options.data_as_of;
  record.options = OptionsText(options.eval);
  nlohmann::ordered_json rulesets = nlohmann::ordered_json::array();
  for (const auto& r : options.report.rulesets) rulesets.push_back({{"path", r.path}, {"sha256", r.sha256}});
  record.rulesets_json = rulesets.dump();
  record.data_digest = evaluation.data_digest;
  record.verdicts.reserve(static_cast<size_t>(evaluation.run.verdicts));
  std::vector<std::string> period_text;
  for (int p = 0; p < data.PeriodCount(); ++p) period_text.push_back(model::Format(data.PeriodAt(p)));
  for (const eval::ContractResult& contract : evaluation.run.contracts) {
    for (const eval::ItemResult& item : contract.items) {
      const bool details = item.details.size() == item.cells.size();
      const int slot = !details && item.commitment ? data.IndicatorSlot(item.commitment->indicator) : -1;
      for (size_t i = 0; i < item.cells.size(); ++i) {
        const eval::Cell& cell = item.cells[i];
        store::Store::RunRecord::Verdict v;
        v.contract = contract.contract->name;
        v.item = item.Name();
        v.entity = data.EntityId(cell.entity);
        v.period = period_text[static_cast<size_t>(cell.period)];
        v.verdict = std::string(model::Name(cell.verdict));
        if (details) {
          v.measured = item.details[i].measured;
          v.target = item.details[i].target;
        } else {
          // Without details (a benchmark's millions of verdicts), what the cell says directly.
          if (slot >= 0 && data.Present(cell.entity, slot, cell.period)) v.measured = data.Value(cell.entity, slot, cell.period);
          if (item.commitment) {
            for (const auto& t : item.commitment->targets) {
              if (t.period == data.PeriodAt(cell.period)) v.target = t.bound;
            }
          }
        }
        record.verdicts.push_back(std::move(v));
      }
    }
  }
  return record;
}

}  // namespace

Evaluation Evaluate(const model::Model& model, store::Store& store, const EvaluateOptions& options) {
  const auto start = Clock::now();
  auto loaded = std::make_unique<eval::DataSet>(eval::LoadDataSet(store, model, options.data_as_of));
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

  auto start = Clock::now();
  eval::EvalOptions eval_options = options.eval;
  eval_options.details = eval_options.details || options.build_report;
  {
    eval::Evaluator evaluator(model, data, eval_options);
    evaluation.run = evaluator.Run();
  }
  evaluation.seconds.evaluate = Since(start);
  Done(options, Step::kEvaluate, evaluation.seconds.evaluate);

  if (options.build_report) {
    start = Clock::now();
    report::Origins origins;
    report::BuildOptions build = options.report;
    if (store != nullptr) {
      const std::vector<int64_t> rows = RowsRead(evaluation.run);
      origins = store->ValuesById(rows);
      evaluation.data_digest = store->ValuesDigest(rows);
      build.data_digest = evaluation.data_digest;
    }
    evaluation.report = report::BuildReport(model, data, evaluation.run, origins, build);
    evaluation.seconds.report = Since(start);
    Done(options, Step::kReport, evaluation.seconds.report);
  }

  if (options.record && store != nullptr) {
    start = Clock::now();
    const store::Store::RunRecord record = MakeRecord(data, evaluation, options);
    evaluation.seconds.build_record = Since(start);
    Done(options, Step::kBuildRecord, evaluation.seconds.build_record);
    start = Clock::now();
    store::StoreError error;
    evaluation.run_id = store->RecordRun(record, error);
    if (evaluation.run_id == 0) evaluation.not_recorded = error;
    if (evaluation.report) evaluation.report->run_id = evaluation.run_id;
    evaluation.seconds.record = Since(start);
    Done(options, Step::kRecord, evaluation.seconds.record);
  }
  return evaluation;
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
  return out;
}

}  // namespace vigie::driver
