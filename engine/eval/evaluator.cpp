#include "engine/eval/evaluator.h"

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "engine/base/calendar.h"
#include "engine/eval/column_judge.h"
#include "engine/eval/internal/evaluation.h"
#include "engine/eval/work_pool.h"

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

namespace {

bool HasWaiver(const model::Contract& contract, const model::Commitment& c) {
  return std::any_of(contract.waivers.begin(), contract.waivers.end(),
                     [&](const model::Waiver& w) { return w.commitment == c.name; });
}

// The rule that judges commitment c's column of period p straight from the dense values: a plain
// per-entity comparison (no waiver, formula, filter, baseline or composite, the period ended). With
// details asked, DetailColumn writes them after. None: its verdicts go one at a time through
// CommitmentVerdict (same rules).
// (A template: Evaluator::Impl is private to Evaluator, and its members call these with it.)
template <class Impl>
std::optional<TargetRule> ColumnRule(const Impl& impl, const model::Commitment& c, bool has_waiver,
                                     const model::Period& p) {
  const model::Indicator* indicator = c.measured;
  const bool plain = indicator != nullptr && !indicator->formula && !has_waiver && !c.improvement &&
                     c.verdict_rules.empty() && !indicator->Categorical() && indicator->codes.empty() &&
                     c.consecutive_years <= 1 && c.party_targets.empty() && !c.composite &&
                     !impl.IsGroupApplicability(c.applicability) && !c.applicability.where && impl.Ended(p);
  if (!plain) return std::nullopt;
  const model::PeriodTarget* target = nullptr;
  for (const auto& t : c.targets) {
    if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == impl.YearOf(p))) target = &t;
    if (t.period == p) break;
  }
  if (target == nullptr || target->UsesBaseline() || target->partial) return std::nullopt;
  return MakeRule(target->comparator, Exact(target->bound_text, target->bound), c.tolerance);
}

}  // namespace

void Evaluator::FillCommitment(Impl& impl, const model::Commitment& c, ItemResult& item) const {
  const bool has_waiver = HasWaiver(*impl.contract, c);
  const std::vector<int> periods = impl.PeriodsOf(c);
  item.counts_by_period.assign(static_cast<size_t>(data_.PeriodCount()), std::array<int64_t, 8>{});
  std::vector<int> scope_copy;
  for (int period : periods) {
    const model::Period& p = data_.PeriodAt(period);
    // Each member (the common case) reads the cached member list; other scopes are built.
    const bool each_member = c.applicability.kind == model::Applicability::Kind::kEachMember;
    if (!each_member) scope_copy = impl.Scope(c.applicability, p);
    const std::vector<int>& scope = each_member ? impl.MembersOfParties(p) : scope_copy;
    int64_t* tally = item.counts_by_period[static_cast<size_t>(period)].data();
    if (item.cells.capacity() < item.cells.size() + scope.size()) {
      item.cells.reserve(std::max(item.cells.size() + scope.size(), periods.size() * scope.size()));
    }
    // The details too: a vector of them grown by doubling would move each detail and leave up to half
    // of its memory unused.
    if (options_.details && item.details.capacity() < item.cells.capacity()) item.details.reserve(item.cells.capacity());
    if (const std::optional<TargetRule> rule = ColumnRule(impl, c, has_waiver, p)) {
      // The same rule as CommitmentVerdict, judged over the column of dense values.
      const int slot = data_.IndicatorSlot(c.indicator);
      const size_t first = item.cells.size();
      JudgeColumn(*rule, slot < 0 ? nullptr : data_.Column(slot, period), scope.data(), scope.size(), period,
                  item.cells, tally);
      if (options_.details) {
        if (!item.reasons) item.reasons = std::make_shared<TextArena>();
        impl.DetailColumn(c, *rule, period, item.cells.data() + first, scope.size(), item.details, *item.reasons);
      }
      continue;
    }
    for (int entity : scope) {
      Detail* detail = options_.details ? &item.details.emplace_back() : nullptr;
      const model::Verdict v = impl.CommitmentVerdict(c, entity, period, detail);
      item.cells.push_back(Cell{entity, period, v});
      ++tally[static_cast<int>(v)];
    }
  }
}

// One version of a contract over every year of the data: its verdicts, scores and payments.
ContractResult Evaluator::EvaluateContract(Impl& impl, const model::Contract& contract, int64_t verdicts_so_far) {
  impl.SetContract(contract);
  ContractResult result;
  result.contract = &contract;
  result.items.resize(contract.commitments.size());
  for (size_t i = 0; i < contract.commitments.size(); ++i) result.items[i].commitment = &contract.commitments[i];
  // The commitments are independent: each may be judged on another thread, into its own item. A
  // thread other than this one has its own Impl (its own caches of derived values and member
  // verdicts, which only save work: a value computed twice is the same value).
  int threads = ThreadsFor(options_.jobs);
  if (threads > 1 && contract.commitments.size() > 1) {
    int64_t verdicts = 0;  // about: each member in each period (enough to tell a small run)
    for (const model::Commitment& c : contract.commitments) {
      for (int period : impl.PeriodsOf(c)) verdicts += static_cast<int64_t>(impl.MembersOfParties(data_.PeriodAt(period)).size());
    }
    if (verdicts < options_.parallel_min_verdicts) threads = 1;
  }
  std::vector<std::unique_ptr<Impl>> own(static_cast<size_t>(std::max(threads, 1)));
  ForEachIndex(contract.commitments.size(), threads, [&](size_t worker, size_t i) {
    Impl* mine = &impl;
    if (worker > 0) {
      if (!own[worker]) {
        own[worker] = std::make_unique<Impl>(Impl{model_, data_, options_, nullptr, {}, {}, {}});
        own[worker]->SetContract(contract);
      }
      mine = own[worker].get();
    }
    FillCommitment(*mine, contract.commitments[i], result.items[i]);
  });
  for (const auto& m : contract.milestones) {
    ItemResult item;
    item.milestone = &m;
    const model::Period year{model::PeriodKind::kYear, contract.YearOf(m.due), 0};
    const int period = data_.PeriodSlot(year);
    item.counts_by_period.assign(static_cast<size_t>(data_.PeriodCount()), std::array<int64_t, 8>{});
    if (period >= 0) {
      const std::vector<int> scope = impl.Scope(m.applicability, year);
      item.cells.reserve(scope.size());
      if (options_.details) item.details.reserve(scope.size());
      for (int entity : scope) {
        Detail* detail = options_.details ? &item.details.emplace_back() : nullptr;
        const model::Verdict v = impl.MilestoneVerdict(m, entity, detail);
        item.cells.push_back(Cell{entity, period, v});
        ++item.counts_by_period[static_cast<size_t>(period)][static_cast<int>(v)];
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
    } else if (options_.version) {
      const size_t v = std::min(static_cast<size_t>(std::max(*options_.version, 0)), contract.versions.size());
      result = EvaluateContract(impl, v == 0 ? contract : contract.versions[v - 1], run.verdicts);
      for (ItemResult& item : result.items) item.version = static_cast<int>(v);
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
  const model::Contract& contract = VersionInForce(signed_contract, calendar::ContractYearOfPeriod(data_.PeriodAt(period), signed_contract.year_start_month), options_.as_of);
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
    const model::Period year{model::PeriodKind::kYear, impl.contract->YearOf(ms->second->due), 0};
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
