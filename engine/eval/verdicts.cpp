// Verdicts: scope, waivers and periods of an item, and the verdict of a commitment, a composite or a
// milestone in one period for one entity.
#include "engine/eval/internal/evaluation.h"

#include <algorithm>
#include <set>

namespace vigie::eval {

void Evaluator::Impl::SetContract(const model::Contract& c) {
  contract = &c;
  commitments.clear();
  milestones.clear();
  members_cache.clear();
  derived_values.clear();
  derived_values_detailed.clear();
  member_verdicts.clear();
  for (const auto& x : c.commitments) commitments[x.name] = &x;
  for (const auto& x : c.milestones) milestones[x.name] = &x;
}

// ── scope
std::vector<int> Evaluator::Impl::GroupParties() const {
  std::vector<int> out;
  for (const auto& party : contract->parties) {
    // A group; a territory only when it has members (else `for group` would judge it on nothing).
    if (party.kind == model::Party::Kind::kGroup || (party.ActsAsGroup() && data.HasMembers(party.id))) {
      const int index = data.EntityIndex(party.id);
      if (index >= 0) out.push_back(index);
    }
  }
  return out;
}

// Members of the contract's group parties in a period, in id order; computed once per period.
const std::vector<int>& Evaluator::Impl::MembersOfParties(const model::Period& period) const {
  auto cached = members_cache.find(period);
  if (cached != members_cache.end()) return cached->second;
  std::vector<int> members;
  for (const auto& party : contract->parties) {
    if (!party.ActsAsGroup()) continue;
    for (int m : data.Members(party.id, FirstDay(period), LastDay(period))) members.push_back(m);
  }
  std::sort(members.begin(), members.end(), [&](int a, int b) { return data.Rank(a) < data.Rank(b); });
  members.erase(std::unique(members.begin(), members.end()), members.end());
  return members_cache.emplace(period, std::move(members)).first->second;
}

// Entities an item is evaluated for in a period, sorted by id.
std::vector<int> Evaluator::Impl::Scope(const model::Applicability& applicability, const model::Period& period) const {
  if (applicability.kind == model::Applicability::Kind::kEachMember) return MembersOfParties(period);
  std::set<int> out;
  switch (applicability.kind) {
    case model::Applicability::Kind::kGroup:
      for (int g : GroupParties()) out.insert(g);
      break;
    case model::Applicability::Kind::kEachMember:
      for (int m : MembersOfParties(period)) out.insert(m);
      break;
    case model::Applicability::Kind::kEntities:
      for (const auto& id : applicability.entities) {
        if (int index = data.EntityIndex(id); index >= 0) out.insert(index);
      }
      break;
    case model::Applicability::Kind::kContractParties:
      for (const auto& party : contract->parties) {
        if (party.kind != model::Party::Kind::kGroup) {  // an establishment, or a commune, a CLSM...
          if (int index = data.EntityIndex(party.id); index >= 0) out.insert(index);
        }
      }
      for (int m : MembersOfParties(period)) out.insert(m);
      break;
  }
  std::vector<int> sorted(out.begin(), out.end());
  std::sort(sorted.begin(), sorted.end(), [&](int a, int b) { return data.Rank(a) < data.Rank(b); });
  return sorted;
}

// ── waivers
const model::Waiver* Evaluator::Impl::WaiverFor(const std::string& item, int entity, const model::Period& period) const {
  for (const auto& w : contract->waivers) {
    if (w.commitment != item) continue;
    if (!w.entities.empty() &&
        std::find(w.entities.begin(), w.entities.end(), data.EntityId(entity)) == w.entities.end()) {
      continue;
    }
    if (w.first) {
      // The waiver's period covers this one (a year covers its quarters and months).
      const model::Date w_first = calendar::FirstDate(*w.first);
      const model::Date last = LastDate(*w.last);
      const model::Date start = calendar::FirstDate(period);
      if (start < w_first || last < LastDate(period)) continue;
    }
    // In force: granted by the as-of date, and not expired before the period started.
    if (w.granted && options.as_of < *w.granted) continue;
    // In force for the whole period: a waiver until 2020-03-31 covers 2020-Q1, not the year 2020.
    if (w.until && *w.until < LastDate(period)) continue;
    return &w;
  }
  return nullptr;
}

// ── verdicts
// `target by party`: a party with its own line is judged by its targets and tolerance; the others by
// the `else` line's, which the commitment holds (docs/language.md#targets-by-party).
const model::Commitment& Evaluator::Impl::PartyView(const model::Commitment& c, int entity) {
  const std::string& party = data.EntityId(entity);
  auto [it, inserted] = party_views.try_emplace(std::make_pair(&c, party));
  if (inserted) {
    model::Commitment& view = it->second;
    view = c;
    view.party_targets.clear();
    if (const model::PartyTarget* own = c.TargetsOf(party)) {
      view.targets = own->targets;
      view.tolerance = own->tolerance;
    }
  }
  return it->second;
}

double Evaluator::Impl::ExactBound(const model::PeriodTarget& t) {
  const bool same = last_bound.valid && last_bound.bound == t.bound && last_bound.text == t.bound_text;
  if (!same) last_bound = {true, t.bound_text, t.bound, Exact(t.bound_text, t.bound)};
  return last_bound.exact;
}

namespace {
// What MakeRule reads of a tolerance: its kind, value and text (the span says only where it is written).
bool SameTolerance(const std::optional<model::Tolerance>& a, const std::optional<model::Tolerance>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->kind == b->kind && a->value == b->value && a->text == b->text);
}
}  // namespace

const TargetRule& Evaluator::Impl::RuleFor(model::Comparator comparator, double target,
                                           const std::optional<model::Tolerance>& tolerance) {
  const TargetRule& last = last_rule.rule;
  if (!last_rule.valid || last.comparator != comparator || !(last.target == target) ||
      !SameTolerance(last_rule.tolerance, tolerance)) {
    last_rule = {true, tolerance, MakeRule(comparator, target, tolerance)};
  }
  return last_rule.rule;
}

model::Verdict Evaluator::Impl::CommitmentVerdict(const model::Commitment& c, int entity, int period, Detail* detail) {
  if (!c.party_targets.empty()) return CommitmentVerdict(PartyView(c, entity), entity, period, detail);
  if (c.consecutive_years > 1) return ConsecutiveVerdict(c, entity, period, detail);
  const model::Period& p = data.PeriodAt(period);
  auto verdict = [&](model::Verdict v, auto&& reason) { return Decide(detail, v, reason); };
  if (detail != nullptr && !c.improvement) {
    for (const auto& t : c.targets) {
      if (t.baseline_share) continue;  // known once the baseline is read
      if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == YearOf(p))) {
        detail->target = ExactBound(t);
        detail->comparator = t.comparator;
        if (t.period == p) break;
      }
    }
  }
  if (const model::Waiver* w = WaiverFor(c.name, entity, p)) {
    if (detail != nullptr) detail->waiver = w;
    return verdict(model::Verdict::kWaived, [&] { return Tr("waived by {0}: {1}", w->authority, w->reason); });
  }
  if (!Ended(p)) {
    return verdict(model::Verdict::kPending,
                   [&] { return Tr("{0} ends after the as-of date {1}", PeriodText(p), DateText(options.as_of)); });
  }
  if (c.applicability.where) {  // `for each member where` and `for 080000037 where`
    Value applies = Eval(*c.applicability.where, Frame{entity, period, Reading::kEntity, nullptr, nullptr, 0, nullptr, ""});
    if (applies.kind == Value::Kind::kMissing) {
      return verdict(model::Verdict::kMissingData, [&] { return Tr("cannot tell whether it applies: {0}", applies.why); });
    }
    if (applies.kind == Value::Kind::kError) return verdict(model::Verdict::kError, [&] { return applies.why; });
    if (!applies.flag) {
      return verdict(model::Verdict::kNotApplicable, [&] { return Tr("the 'where' filter excludes {0}", data.EntityId(entity)); });
    }
  }
  if (c.composite) return CompositeVerdict(c, entity, period, detail);

  Computed value = ValueFor(c, entity, period, detail);
  if (!c.verdict_rules.empty() || c.measured->Categorical() || !c.measured->codes.empty()) {
    if (std::optional<model::Verdict> ruled = RuleVerdict(c, entity, period, value, detail)) return *ruled;
  }
  if (value.error) return verdict(model::Verdict::kError, [&] { return value.reason; });
  if (std::isnan(value.value)) return verdict(model::Verdict::kMissingData, [&] { return value.reason; });
  if (detail != nullptr) detail->measured = value.value;

  // The target for this period: a year's target also holds for its quarters and months.
  double target = kNaN;
  model::Comparator comparator = model::Comparator::kGe;
  if (c.improvement) {
    const model::Improvement& improve = *c.improvement;
    const Computed baseline = BaselineValue(c, improve.baseline_year, entity, detail);
    if (baseline.error) return verdict(model::Verdict::kError, [&] { return baseline.reason; });
    if (std::isnan(baseline.value)) {
      return verdict(model::Verdict::kMissingData, [&] { return Tr("baseline: {0}", baseline.reason); });
    }
    const bool lower = improve.comparator == model::Comparator::kLe || improve.comparator == model::Comparator::kLt;
    const Rational base = Rational::FromDouble(baseline.value);
    const Rational amount = Rational::FromDecimal(improve.amount_text).value_or(Rational::FromDouble(improve.amount));
    const Rational change = improve.kind == model::Tolerance::Kind::kRelative ? base * amount / Rational(100) : amount;
    target = (lower ? base - change : base + change).ToDouble();
    comparator = improve.comparator;
  } else {
    const model::PeriodTarget* found = nullptr;
    for (const auto& t : c.targets) {
      if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == YearOf(p))) found = &t;
      if (t.period == p) break;
    }
    if (found == nullptr) return verdict(model::Verdict::kNotApplicable, [&] { return Tr("no target for {0}", PeriodText(p)); });
    if (found->UsesBaseline() || found->partial) return RelativeVerdict(c, *found, entity, value.value, detail);
    target = ExactBound(*found);
    comparator = found->comparator;
  }
  if (detail != nullptr) {
    detail->target = target;
    detail->comparator = comparator;
  }
  const TargetRule rule = RuleFor(comparator, target, c.tolerance);
  const model::Verdict judged = Judge(value.value, rule);
  if (detail != nullptr && judged != model::Verdict::kMet && rule.banded) {
    detail->band_low = rule.low;
    detail->band_high = rule.high;
  }
  return verdict(judged, [&] {
    const model::Unit unit = c.measured->unit;
    Margin margin;
    if (judged == model::Verdict::kPartiallyMet) {
      margin = Margin::Tolerance(*c.tolerance, unit);
    }
    return JudgedReason(judged, Measured(value.value, unit), comparator, Measured(target, unit), margin);
  });
}

// One verdict for several periods of a member (its quarters in a year): all met is met; any
// not yet known keeps it open; any not met is not met; otherwise partially met.
model::Verdict Evaluator::Impl::CombineVerdicts(const std::vector<model::Verdict>& verdicts) {
  std::vector<model::Verdict> relevant;
  for (model::Verdict v : verdicts) {
    if (v != model::Verdict::kNotApplicable) relevant.push_back(v);
  }
  if (relevant.empty()) return model::Verdict::kNotApplicable;
  if (relevant.size() == 1) return relevant[0];
  auto any = [&](model::Verdict v) { return std::find(relevant.begin(), relevant.end(), v) != relevant.end(); };
  if (std::all_of(relevant.begin(), relevant.end(),
                  [](model::Verdict v) { return v == model::Verdict::kMet || v == model::Verdict::kWaived; })) {
    return model::Verdict::kMet;
  }
  if (any(model::Verdict::kError)) return model::Verdict::kError;
  if (any(model::Verdict::kPending)) return model::Verdict::kPending;
  if (any(model::Verdict::kMissingData)) return model::Verdict::kMissingData;
  if (any(model::Verdict::kNotMet)) return model::Verdict::kNotMet;
  return model::Verdict::kPartiallyMet;
}

model::Verdict Evaluator::Impl::CompositeVerdict(const model::Commitment& c, int entity, int period, Detail* detail) {
  auto verdict = [&](model::Verdict v, auto&& reason) { return Decide(detail, v, reason); };
  int met = 0, partial = 0, undecided = 0, applicable = 0;
  bool any_pending = false, any_missing = false;
  for (const std::string& member : c.composite->members) {
    model::Verdict v = model::Verdict::kNotApplicable;
    if (auto it = commitments.find(member); it != commitments.end()) {
      const model::Commitment& m = *it->second;
      const model::Period& p = data.PeriodAt(period);
      // A member measured by quarter or month, in a yearly composite: its periods of that year.
      std::vector<int> parts;
      for (int slot : PeriodsOf(m)) {
        if (data.PeriodAt(slot) == p || (p.kind == model::PeriodKind::kYear && YearOf(data.PeriodAt(slot)) == p.year)) {
          parts.push_back(slot);
        }
      }
      std::vector<model::Verdict> found;
      for (int slot : parts) {
        const std::vector<int> scope = Scope(m.applicability, data.PeriodAt(slot));
        if (std::find(scope.begin(), scope.end(), entity) != scope.end()) {
          const Slot key{&m, entity, slot};
          auto known = member_verdicts.find(key);
          if (known == member_verdicts.end()) {
            known = member_verdicts.emplace(key, CommitmentVerdict(m, entity, slot, nullptr)).first;
          }
          found.push_back(known->second);
        }
      }
      v = CombineVerdicts(found);
    } else if (auto ms = milestones.find(member); ms != milestones.end()) {
      // A milestone counts in the composite from the period in which it falls due: before that
      // nothing is owed yet, so it does not make an early year met (or not met).
      const model::Period due_year{model::PeriodKind::kYear, contract->YearOf(ms->second->due), 0};
      const std::vector<int> scope = Scope(ms->second->applicability, due_year);
      const model::Period& now = data.PeriodAt(period);
      const model::Date end = now.kind == model::PeriodKind::kYear ? calendar::ContractYearLastDate(now.year, contract->year_start_month)
                                                                   : LastDate(now);
      if (ms->second->due <= end && std::find(scope.begin(), scope.end(), entity) != scope.end()) {
        v = MilestoneVerdict(*ms->second, entity, nullptr);
      }
    }
    if (detail != nullptr) detail->members.emplace_back(member, v);
    switch (v) {
      case model::Verdict::kNotApplicable: continue;
      case model::Verdict::kMet:
      case model::Verdict::kWaived: ++met; break;  // a waived obligation counts as fulfilled
      case model::Verdict::kPartiallyMet: ++partial; break;
      case model::Verdict::kPending: ++undecided; any_pending = true; break;
      case model::Verdict::kMissingData:
      case model::Verdict::kError: ++undecided; any_missing = true; break;
      case model::Verdict::kNotMet: break;
    }
    ++applicable;
  }
  const int needed = c.composite->kind == model::Composite::Kind::kAll   ? applicable
                     : c.composite->kind == model::Composite::Kind::kAny ? 1
                                                                         : c.composite->count;
  auto tally = [&] { return Tr("{0} of {1} met, {2} needed", met, applicable, needed); };
  if (applicable == 0) return verdict(model::Verdict::kNotApplicable, [] { return std::string(Tr("none of its members applies")); });
  if (met >= needed) return verdict(model::Verdict::kMet, tally);
  // Still open while the undecided members could change the outcome (met, or partially met).
  if (undecided > 0 && met + partial + undecided >= needed) {
    return verdict(any_pending ? model::Verdict::kPending : any_missing ? model::Verdict::kMissingData : model::Verdict::kError,
                   [&] { return Tr("{0}; {1} not known yet", tally(), undecided); });
  }
  if (met + partial >= needed) {
    return verdict(model::Verdict::kPartiallyMet, [&] { return Tr("{0} (with partially met ones)", tally()); });
  }
  return verdict(model::Verdict::kNotMet, tally);
}

model::Verdict Evaluator::Impl::MilestoneVerdict(const model::Milestone& m, int entity, Detail* detail) {
  const model::Period year{model::PeriodKind::kYear, contract->YearOf(m.due), 0};
  auto verdict = [&](model::Verdict v, auto&& reason) { return Decide(detail, v, reason); };
  if (const model::Waiver* w = WaiverFor(m.name, entity, year)) {
    if (detail != nullptr) detail->waiver = w;
    return verdict(model::Verdict::kWaived, [&] { return Tr("waived by {0}: {1}", w->authority, w->reason); });
  }
  const auto& evidence = data.EvidenceFor(contract->name, m.name, data.EntityId(entity));
  const DataSet::Evidence* first = nullptr;
  for (const auto& e : evidence) {
    if (!(options.as_of < e.produced_on)) {  // evidence dated after the as-of date does not count yet
      first = &e;
      break;
    }
  }
  if (first != nullptr) {
    if (detail != nullptr) detail->evidence = std::make_shared<const DataSet::Evidence>(*first);
    if (!(m.due < first->produced_on)) {
      return verdict(model::Verdict::kMet,
                     [&] { return Tr("evidence dated {0}, due {1}", DateText(first->produced_on), DateText(m.due)); });
    }
    const int late = calendar::DaysBetween(m.due, first->produced_on);
    if (detail != nullptr) detail->days_late = late;
    return verdict(model::Verdict::kNotMet, [&] {
      return Tr("evidence dated {0}, {1} days after the due date {2}", DateText(first->produced_on), late, DateText(m.due));
    });
  }
  // Evidence dated after the as-of date is named, but does not count yet.
  auto later = [&] {
    return evidence.empty() ? std::string()
                            : " " + Tr("(evidence dated {0} comes after the as-of date and does not count yet)",
                                       DateText(evidence.front().produced_on));
  };
  if (options.as_of < m.due) {
    return verdict(model::Verdict::kPending, [&] { return Tr("due {0}, no evidence yet", DateText(m.due)) + later(); });
  }
  const int late = calendar::DaysBetween(m.due, options.as_of);
  if (detail != nullptr) detail->days_late = late;
  return verdict(model::Verdict::kNotMet, [&] {
    return Tr("no evidence recorded; due {0}, {1} days late at the as-of date", DateText(m.due), late) + later();
  });
}

// ── periods of an item
std::vector<int> Evaluator::Impl::PeriodsOf(const model::Commitment& c) const {
  std::set<int> slots;
  const model::Indicator* indicator = c.measured;
  auto add_year = [&](int year) {
    if (indicator != nullptr && indicator->period_kind != model::PeriodKind::kYear) {
      // The months or quarters of the contract year (from its anniversary month when it has one).
      for (const model::Period& part : calendar::PeriodsOfContractYear(year, contract->year_start_month, indicator->period_kind)) {
        if (int slot = data.PeriodSlot(part); slot >= 0) slots.insert(slot);
      }
    } else if (int slot = data.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0}); slot >= 0) {
      slots.insert(slot);
    }
  };
  auto add_targets = [&](const std::vector<model::PeriodTarget>& targets) {
    for (const auto& t : targets) {
      if (t.period.kind == model::PeriodKind::kYear) add_year(t.period.year);
      else if (int slot = data.PeriodSlot(t.period); slot >= 0) slots.insert(slot);
    }
  };
  if (!c.targets.empty() || !c.party_targets.empty()) {
    add_targets(c.targets);
    for (const model::PartyTarget& p : c.party_targets) add_targets(p.targets);  // every party's years
  } else {
    for (int year = contract->first_year; year != 0 && year <= contract->last_year; ++year) {
      if (c.improvement && year <= c.improvement->baseline_year) continue;  // the baseline year is the reference
      add_year(year);
    }
  }
  std::vector<int> out(slots.begin(), slots.end());
  std::sort(out.begin(), out.end(), [&](int a, int b) { return data.PeriodAt(a) < data.PeriodAt(b); });
  return out;
}

}  // namespace vigie::eval
