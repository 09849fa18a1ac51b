// Categorical indicators and missing-value codes: the value of a categorical indicator as a class,
// and the verdict that a commitment's rules (`met if A or B`, `not_applicable if "Non concerné"`), its
// `at least B` target or the catalog's codes give.
#include <cmath>

#include "engine/eval/internal/evaluation.h"

namespace vigie::eval {

namespace {

// The category of a stored rank (1 = the most favourable), or null when the rank is not one of them.
const model::Indicator::Category* CategoryAt(const model::Indicator& indicator, double rank) {
  if (std::isnan(rank) || rank != std::floor(rank) || rank < 1 || rank > static_cast<double>(indicator.categories.size())) {
    return nullptr;
  }
  return &indicator.categories[static_cast<size_t>(rank) - 1];
}

}  // namespace

Evaluator::Impl::ClassResult Evaluator::Impl::CategoryOf(const model::Indicator& indicator, int entity, int period) {
  ClassResult out;
  Computed v = OwnValue(indicator, entity, period);
  if (v.error) {
    out.value = Value::Error(v.reason);
    return out;
  }
  if (std::isnan(v.value)) {
    const std::string code = StoredMissingCode(indicator, entity, period);
    for (const auto& c : indicator.codes) {
      if (!code.empty() && c.code == code) {
        out.value = Value::Text(c.code);
        return out;
      }
    }
    out.value = Value::Missing(v.reason);
    return out;
  }
  const model::Indicator::Category* category = CategoryAt(indicator, v.value);
  if (category == nullptr) {
    out.value = Value::Error(Tr("the value of {0} for {1} in {2} is none of its values", indicator.name,
                                data.EntityId(entity), PeriodText(data.PeriodAt(period))));
    return out;
  }
  NoteValue(indicator, entity, period, v.value);
  out.value = Value::Text(category->name);
  out.rank = static_cast<int>(v.value) - 1;
  return out;
}

std::optional<model::Verdict> Evaluator::Impl::RuleVerdict(const model::Commitment& c, int entity, int period,
                                                           const Computed& value, Detail* detail) {
  const model::Indicator& indicator = *c.measured;
  auto verdict = [&](model::Verdict v, auto&& reason) { return Decide(detail, v, reason); };
  if (detail != nullptr && indicator.Categorical()) {  // a rank is no measure: the reason names the value
    detail->target.reset();
    detail->comparator.reset();
  }
  if (value.error) return std::nullopt;
  if (std::isnan(value.value)) {
    // A missing value keeps the code the data gave it; a group's value has no single code.
    const int slot = data.IndicatorSlot(indicator.name);
    if (slot < 0 || IsGroupApplicability(c.applicability) || indicator.formula) return std::nullopt;
    const std::string code = data.MissingCode(entity, slot, period);
    if (code.empty()) return std::nullopt;
    for (const model::VerdictRule& rule : c.verdict_rules) {
      for (const std::string& ruled : rule.codes) {
        if (ruled != code) continue;
        return verdict(rule.verdict, [&] {
          return Tr("{0} of {1} for {2} is \"{3}\": {4} by the commitment's rule", indicator.name, data.EntityId(entity),
                    PeriodText(data.PeriodAt(period)), code, VerdictLabel(rule.verdict));
        });
      }
    }
    for (const model::Indicator::Code& declared : indicator.codes) {
      if (declared.code != code || declared.verdict == model::Verdict::kMissingData) continue;
      return verdict(declared.verdict, [&] {
        return Tr("{0} of {1} for {2} is \"{3}\": {4} by the catalog", indicator.name, data.EntityId(entity),
                  PeriodText(data.PeriodAt(period)), code, VerdictLabel(declared.verdict));
      });
    }
    return std::nullopt;
  }
  if (!indicator.Categorical()) return std::nullopt;
  const model::Indicator::Category* category = CategoryAt(indicator, value.value);
  if (category == nullptr) {
    return verdict(model::Verdict::kError, [&] {
      return Tr("the value of {0} for {1} in {2} is none of its values", indicator.name, data.EntityId(entity),
                PeriodText(data.PeriodAt(period)));
    });
  }
  const int rank = static_cast<int>(value.value);
  for (const model::VerdictRule& rule : c.verdict_rules) {
    for (int ruled : rule.ranks) {
      if (ruled != rank) continue;
      return verdict(rule.verdict, [&] { return Tr("{0} is {1}: {2} by the commitment's rule", indicator.name, category->name, VerdictLabel(rule.verdict)); });
    }
  }
  const model::Period& p = data.PeriodAt(period);
  const model::PeriodTarget* found = nullptr;
  for (const auto& t : c.targets) {
    if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == YearOf(p))) found = &t;
    if (t.period == p) break;
  }
  if (found == nullptr || found->category.empty()) {
    if (!c.verdict_rules.empty()) {
      return verdict(model::Verdict::kNotMet,
                     [&] { return Tr("{0} is {1}, which no rule gives met or partially met", indicator.name, category->name); });
    }
    return verdict(model::Verdict::kNotApplicable, [&] { return Tr("no target for {0}", PeriodText(p)); });
  }
  if (rank <= static_cast<int>(found->bound)) {
    return verdict(model::Verdict::kMet, [&] { return Tr("{0} is {1}, at least {2}", indicator.name, category->name, found->category); });
  }
  return verdict(model::Verdict::kNotMet,
                 [&] { return Tr("{0} is {1}, less favourable than {2}", indicator.name, category->name, found->category); });
}

}  // namespace vigie::eval
