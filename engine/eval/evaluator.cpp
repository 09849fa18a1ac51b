#include "engine/eval/evaluator.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "engine/eval/internal/evaluation.h"

namespace vigie::eval {

std::string VerdictLabel(model::Verdict verdict) {
  switch (verdict) {
    case model::Verdict::kMet: return std::string(Tr("met"));
    case model::Verdict::kPartiallyMet: return std::string(Tr("partially met"));
    case model::Verdict::kNotMet: return std::string(Tr("not met"));
    case model::Verdict::kMissingData: return std::string(Tr("missing data"));
    case model::Verdict::kWaived: return std::string(Tr("waived"));
    case model::Verdict::kNotApplicable: return std::string(Tr("not applicable"));
    case model::Verdict::kPending: return std::string(Tr("pending"));
    case model::Verdict::kError: return std::string(Tr("error"));
  }
  return std::string(model::Name(verdict));
}


// The year a commitment's baseline is read from, if it has one.
std::optional<int> BaselineYearOf(const model::Commitment& c) {
  if (c.baseline_year) return c.baseline_year;
  if (c.improvement) return c.improvement->baseline_year;
  return std::nullopt;
}

Evaluator::Evaluator(const model::Model& model, const DataSet& data, const EvalOptions& options)
    : model_(model), data_(data), options_(options) {}

// One version of a contract over every year of the data: its verdicts, scores and payments.
ContractResult Evaluator::EvaluateContract(Impl& impl, const model::Contract& contract, int64_t verdicts_so_far) {
  impl.SetContract(contract);
  ContractResult result;
  result.contract = &contract;
  for (const auto& c : contract.commitments) {
    ItemResult item;
    item.commitment = &c;
    const model::Indicator* indicator = c.measured;
    const bool has_waiver = std::any_of(contract.waivers.begin(), contract.waivers.end(),
                                        [&](const model::Waiver& w) { return w.commitment == c.name; });
    for (int period : impl.PeriodsOf(c)) {
      const model::Period& p = data_.PeriodAt(period);
      const std::vector<int> scope = impl.Scope(c.applicability, p);
      // Fast path: a plain per-entity comparison (no waiver, formula, filter, baseline or
      // composite): read the dense values directly. Same rules as CommitmentVerdict.
      const bool plain = indicator != nullptr && !indicator->formula && !has_waiver && !c.improvement &&
                         c.verdict_rules.empty() && !indicator->Categorical() && indicator->codes.empty() &&
                         c.consecutive_years <= 1 &&
                         !c.composite && !impl.IsGroupApplicability(c.applicability) &&
                         !(c.applicability.kind == model::Applicability::Kind::kEachMember && c.applicability.where) &&
                         impl.Ended(p) && !options_.details;
      const model::PeriodTarget* target = nullptr;
      for (const auto& t : c.targets) {
        if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == p.year)) target = &t;
        if (t.period == p) break;
      }
      if (plain && target != nullptr && !target->UsesBaseline() && !target->partial) {
        // The same rule as CommitmentVerdict, judged over the column of dense values.
        const int slot = data_.IndicatorSlot(c.indicator);
        const TargetRule rule = MakeRule(target->comparator, Exact(target->bound_text, target->bound), c.tolerance);
        item.cells.reserve(item.cells.size() + scope.size());
        const double* column = slot < 0 ? nullptr : data_.Column(slot, period);
        for (int entity : scope) {
          item.cells.push_back(Cell{entity, period, Judge(column == nullptr ? kNaN : column[entity], rule)});
        }
        continue;
      }
      for (int entity : scope) {
        Detail* detail = options_.details ? &item.details.emplace_back() : nullptr;
        item.cells.push_back(Cell{entity, period, impl.CommitmentVerdict(c, entity, period, detail)});
      }
    }
    result.items.push_back(std::move(item));
  }
  for (const auto& m : contract.milestones) {
    ItemResult item;
    item.milestone = &m;
    const model::Period year{model::PeriodKind::kYear, m.due.year, 0};
    const int period = data_.PeriodSlot(year);
    if (period >= 0) {
      for (int entity : impl.Scope(m.applicability, year)) {
        Detail* detail = options_.details ? &item.details.emplace_back() : nullptr;
        item.cells.push_back(Cell{entity, period, impl.MilestoneVerdict(m, entity, detail)});
      }
    }
    result.items.push_back(std::move(item));
  }

  int64_t verdicts = verdicts_so_far;
  for (const ItemResult& item : result.items) verdicts += static_cast<int64_t>(item.cells.size());
  impl.Score(result, verdicts);
  impl.Pay(result);
  return result;
}

RunResult Evaluator::Run() {
  RunResult run;
  run.as_of = options_.as_of;
  Impl impl{model_, data_, options_, nullptr, {}, {}, {}};
  for (const auto& [name, contract] : model_.contracts) {
    if (!options_.contracts.empty() &&
        std::find(options_.contracts.begin(), options_.contracts.end(), name) == options_.contracts.end()) {
      continue;
    }
    ContractResult result;
    if (contract.versions.empty()) {
      result = EvaluateContract(impl, contract, run.verdicts);
    } else {
      std::vector<ContractResult> each;
      each.push_back(EvaluateContract(impl, contract, run.verdicts));
      for (const model::Contract& version : contract.versions) each.push_back(EvaluateContract(impl, version, run.verdicts));
      result = MergeVersions(contract, std::move(each), data_, options_.as_of);
    }
    for (const ItemResult& item : result.items) run.verdicts += static_cast<int64_t>(item.cells.size());
    run.contracts.push_back(std::move(result));
  }
  return run;
}

Detail Evaluator::Explain(const model::Contract& signed_contract, const std::string& item, int entity, int period) {
  // An amended contract: the version that judges the period's year.
  const model::Contract& contract = VersionInForce(signed_contract, data_.PeriodAt(period).year, options_.as_of);
  Impl impl{model_, data_, options_, nullptr, {}, {}, {}};
  impl.SetContract(contract);
  Detail detail;
  auto out_of_scope = [&](const std::string& why) {
    detail.in_scope = false;
    detail.verdict = model::Verdict::kNotApplicable;
    detail.reason = why;
  };
  if (auto it = impl.commitments.find(item); it != impl.commitments.end()) {
    const std::vector<int> periods = impl.PeriodsOf(*it->second);
    const model::Period& asked = data_.PeriodAt(period);
    if (std::optional<int> base = BaselineYearOf(*it->second); base && asked.year == *base) {
      out_of_scope(Tr("{0} is the baseline year of {1}: its value is the reference for the years after it, not a verdict",
                      asked.year, item));
      return detail;
    }
    if (std::find(periods.begin(), periods.end(), period) == periods.end()) {
      out_of_scope(Tr("{0} is not evaluated in {1}: it has no target then", item, PeriodText(data_.PeriodAt(period))));
      return detail;
    }
    const std::vector<int> scope = impl.Scope(it->second->applicability, data_.PeriodAt(period));
    if (std::find(scope.begin(), scope.end(), entity) == scope.end()) {
      out_of_scope(Tr("{0} is not in the scope of {1} in {2} (not a party, member or listed entity then)", data_.EntityId(entity),
                      item, PeriodText(data_.PeriodAt(period))));
      return detail;
    }
    impl.CommitmentVerdict(*it->second, entity, period, &detail);
  } else if (auto ms = impl.milestones.find(item); ms != impl.milestones.end()) {
    const model::Period year{model::PeriodKind::kYear, ms->second->due.year, 0};
    const std::vector<int> scope = impl.Scope(ms->second->applicability, year);
    if (!(data_.PeriodAt(period) == year) || std::find(scope.begin(), scope.end(), entity) == scope.end()) {
      out_of_scope(Tr("{0} is evaluated for its due year {1} and its own entities only", item, year.year));
      return detail;
    }
    impl.MilestoneVerdict(*ms->second, entity, &detail);
  } else {
    detail.verdict = model::Verdict::kError;
    detail.reason = Tr("contract {0} has no commitment or milestone {1}", contract.name, item);
  }
  return detail;
}

}  // namespace vigie::eval
