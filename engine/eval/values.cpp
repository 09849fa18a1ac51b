// Values: an entity's, a group's (from its members'), a result class and its evolution, with the
// stored values they read.
#include "engine/eval/internal/evaluation.h"

#include "engine/base/number_text.h"

#include <algorithm>
#include <set>

namespace vigie::eval {

void Evaluator::Impl::AddInput(Detail* detail, int entity, const std::string& indicator, int period, const std::string& role) const {
  if (detail == nullptr) return;
  const int slot = data.IndicatorSlot(indicator);
  Detail::Input input;
  input.entity = EntityText(entity);
  input.indicator = Text::Static(indicator);
  input.role = Text::Static(role);
  input.period = data.PeriodAt(period);
  if (slot >= 0) {
    if (data.Present(entity, slot, period)) input.value = data.Value(entity, slot, period);
    if (std::string code = data.MissingCode(entity, slot, period); !code.empty()) input.missing_code = Text::Static(code);
    input.row_id = data.RowId(entity, slot, period);
  }
  detail->inputs.push_back(input);
}

Text Evaluator::Impl::EntityText(int entity) const {
  if (entity_texts.empty()) entity_texts.resize(static_cast<size_t>(data.EntityCount()));
  Text& text = entity_texts[static_cast<size_t>(entity)];
  if (text.empty()) text = Text::Static(data.EntityId(entity));
  return text;
}

std::string Evaluator::Impl::MissingReason(int entity, const std::string& indicator, int period) const {
  const int slot = data.IndicatorSlot(indicator);
  const std::string when = PeriodText(data.PeriodAt(period));
  if (slot >= 0 && data.RowId(entity, slot, period) != 0) {
    const std::string code = data.MissingCode(entity, slot, period);
    return code.empty() ? Tr("{0} of {1} for {2} is missing in the data (empty cell)", indicator, data.EntityId(entity), when)
                        : Tr("{0} of {1} for {2} is missing in the data (code {3})", indicator, data.EntityId(entity), when, code);
  }
  return Tr("no value of {0} for {1} in {2}", indicator, data.EntityId(entity), when);
}

std::string Evaluator::Impl::StoredMissingCode(const model::Indicator& indicator, int entity, int period) const {
  const int slot = data.IndicatorSlot(indicator.name);
  return slot >= 0 ? data.MissingCode(entity, slot, period) : std::string();
}

namespace {
const char* const kTooDeep = N_("derived indicators nest too deeply");
}  // namespace

// An entity's own value of an indicator (a derived one is computed from its inputs).
Evaluator::Impl::Computed Evaluator::Impl::EntityValue(const model::Indicator& indicator, int entity, int period, Detail* detail, int depth) {
  Computed out;
  if (depth > 32) {
    out.error = true;
    out.reason = Tr(kTooDeep);
    return out;
  }
  if (!indicator.formula) {
    const int slot = data.IndicatorSlot(indicator.name);
    AddInput(detail, entity, indicator.name, period, depth == 0 ? "value" : "input");
    if (slot >= 0 && data.Present(entity, slot, period)) {
      out.value = data.Value(entity, slot, period);
    } else {
      out.reason = MissingReason(entity, indicator.name, period);
    }
    return out;
  }
  // A payment notes what it reads as it reads it: computed each time.
  if (payment_read != nullptr) {
    Frame frame{entity, period, Reading::kEntity, nullptr, detail, depth + 1, &indicator, Tr("for {0}", data.EntityId(entity))};
    return ToComputed(Eval(*indicator.formula, frame));
  }
  std::map<Slot, Derived>& memo = detail != nullptr ? derived_values_detailed : derived_values;
  const Slot key{&indicator, entity, period};
  auto known = memo.find(key);
  if (known == memo.end()) {
    Detail read;
    Frame frame{entity, period, Reading::kEntity, nullptr, detail != nullptr ? &read : nullptr, depth + 1, &indicator,
                Tr("for {0}", data.EntityId(entity))};
    const Computed value = ToComputed(Eval(*indicator.formula, frame));
    Detail once;
    for (const Detail::Input& input : read.inputs) AddInputOnce(once, input);
    Derived derived{value, std::move(once.inputs)};
    // Too deep from here says nothing of the value read from higher up: not kept (the checker
    // refuses such chains anyway, V2131).
    if (derived.value.error && derived.value.reason == Tr(kTooDeep)) {
      if (detail != nullptr) {
        for (const Detail::Input& input : derived.inputs) AddInputOnce(*detail, input);
      }
      return derived.value;
    }
    known = memo.emplace(key, std::move(derived)).first;
  }
  if (detail != nullptr) {
    for (const Detail::Input& input : known->second.inputs) AddInputOnce(*detail, input);
  }
  return known->second.value;
}

void Evaluator::Impl::AddInputOnce(Detail& detail, const Detail::Input& input) {
  auto same = [&](const Detail::Input& other) {
    return other.entity == input.entity && other.indicator == input.indicator && other.period == input.period &&
           other.role == input.role;
  };
  if (std::none_of(detail.inputs.begin(), detail.inputs.end(), same)) detail.inputs.push_back(input);
}

// A group's value: sum(numerator)/sum(denominator), or the declared aggregate of its members.
Evaluator::Impl::Computed Evaluator::Impl::GroupValue(const model::Indicator& indicator, std::optional<model::Aggregate> aggregate, int group, int period,
                    Detail* detail) {
  Computed out;
  const std::vector<int> members =
      [&] {
        std::set<int> m;
        for (const auto& party : contract->parties) {
          if (party.ActsAsGroup() && data.EntityIndex(party.id) == group) {
            for (int x : data.Members(party.id, FirstDay(data.PeriodAt(period)), LastDay(data.PeriodAt(period)))) {
              m.insert(x);
            }
          }
        }
        return std::vector<int>(m.begin(), m.end());
      }();
  if (members.empty()) {
    out.reason = Tr("group {0} has no members in {1}", data.EntityId(group), PeriodText(data.PeriodAt(period)));
    return out;
  }
  if (!indicator.numerator.empty()) {
    std::vector<double> numerators, denominators;
    for (int m : members) {
      struct Part {
        const model::Indicator* indicator;
        std::vector<double>* values;
        const char* role;
      };
      for (const Part& side : {Part{indicator.numerator_indicator, &numerators, "numerator"},
                               Part{indicator.denominator_indicator, &denominators, "denominator"}}) {
        std::vector<double>* values = side.values;
        const size_t before = detail != nullptr ? detail->inputs.size() : 0;
        Computed part = EntityValue(*side.indicator, m, period, detail, 1);
        if (detail != nullptr) {
          for (size_t i = before; i < detail->inputs.size(); ++i) detail->inputs[i].role = Text::Static(side.role);
        }
        if (part.error) return part;
        if (std::isnan(part.value)) {
          out.reason = part.reason;
          return out;
        }
        values->push_back(part.value);
      }
    }
    const Total numerator = TotalOf(numerators), denominator = TotalOf(denominators);
    if (denominator.IsZero()) {
      out.error = true;
      out.reason = Tr("the group's {0} adds up to zero: {1} is undefined", indicator.denominator, indicator.name);
      return out;
    }
    out.value = Total::Ratio(numerator, denominator, indicator.unit == model::Unit::kPercent ? 100 : 1);
    return out;
  }
  if (indicator.formula && !aggregate && !indicator.aggregate) {
    // A derived indicator's group value: its formula over the group's totals of its inputs
    // (margin = sum(result) / sum(income) * 100 %), never a mean of the members' ratios.
    Frame frame{group, period, Reading::kGroupTotals, nullptr, detail, 0, &indicator, Tr("for the group {0}", data.EntityId(group))};
    return ToComputed(Eval(*indicator.formula, frame));
  }
  const model::Aggregate how = aggregate.value_or(indicator.aggregate.value_or(model::Aggregate::kMean));
  std::vector<double> values;
  for (int m : members) {
    Computed part = EntityValue(indicator, m, period, detail, 0);
    if (part.error) return part;
    if (std::isnan(part.value)) {
      out.reason = part.reason;  // a missing member makes the group's value missing: never a guess
      return out;
    }
    values.push_back(part.value);
  }
  switch (how) {
    case model::Aggregate::kSum: out.value = TotalOf(values).Value(); break;
    case model::Aggregate::kMean:
    case model::Aggregate::kWeightedMean:
      out.value = Total::Ratio(TotalOf(values), Total{Rational(static_cast<int64_t>(values.size())),
                                                      static_cast<double>(values.size())}, 1);
      break;
    case model::Aggregate::kMin: out.value = *std::min_element(values.begin(), values.end()); break;
    case model::Aggregate::kMax: out.value = *std::max_element(values.begin(), values.end()); break;
    case model::Aggregate::kCount: out.value = static_cast<double>(values.size()); break;
  }
  return out;
}

Evaluator::Impl::Computed Evaluator::Impl::ValueFor(const model::Commitment& c, int entity, int period, Detail* detail) {
  const model::Indicator& indicator = *c.measured;
  if (IsGroupApplicability(c.applicability)) return GroupValue(indicator, c.aggregate, entity, period, detail);
  return EntityValue(indicator, entity, period, detail);
}

void Evaluator::Impl::NoteRead(std::string line) {
  if (payment_read == nullptr) return;
  if (std::find(payment_read->begin(), payment_read->end(), line) == payment_read->end()) {
    payment_read->push_back(std::move(line));
  }
}

// "ald of CPTS_X in 2022 = 60": a value a payment read (nothing is built outside a payment).
void Evaluator::Impl::NoteValue(const model::Indicator& indicator, int entity, int period, double value) {
  if (payment_read == nullptr) return;
  NoteRead(ReadLine(indicator.name, entity, period, ValueWithUnit(ShortNumber(value), model::Name(indicator.unit))));
}

std::string Evaluator::Impl::ReadLine(const std::string& what, int entity, int period, const std::string& value) const {
  return Tr("{0} of {1} in {2} = {3}", what, data.EntityId(entity), PeriodText(data.PeriodAt(period)), value);
}

// An entity's value, or a group party's value (a payment of a contract signed by one group reads
// the group's values, computed as for `for group`).
Evaluator::Impl::Computed Evaluator::Impl::OwnValue(const model::Indicator& indicator, int entity, int period) {
  for (int group : GroupParties()) {
    if (group == entity) return GroupValue(indicator, std::nullopt, entity, period, payment_detail);
  }
  return EntityValue(indicator, entity, period, payment_detail);
}

Evaluator::Impl::ClassResult Evaluator::Impl::ClassOf(const model::Indicator& indicator, int entity, int period) {
  if (indicator.Categorical()) return CategoryOf(indicator, entity, period);
  ClassResult out;
  Computed v = OwnValue(indicator, entity, period);
  if (v.error) {
    out.value = Value::Error(v.reason);
    return out;
  }
  if (std::isnan(v.value)) {
    const std::string code = StoredMissingCode(indicator, entity, period);
    for (const auto& c : indicator.classes) {
      if (!c.code.empty() && !code.empty() && Lower(c.code) == Lower(code)) {
        out.value = Value::Text(c.name);
        return out;
      }
    }
    out.value = Value::Missing(v.reason);
    return out;
  }
  const Rational value = Rational::FromDouble(v.value);
  int rank = 0;
  for (const auto& c : indicator.classes) {
    if (c.code.empty()) {
      if (c.exact_bound && Compares(value, c.comparator, *c.exact_bound)) {
        NoteValue(indicator, entity, period, v.value);
        out.value = Value::Text(c.name);
        out.rank = rank;
        return out;
      }
      ++rank;
    }
  }
  out.value = Value::Error(Tr("the value {0} of {1} for {2} in {3} is in none of its classes", Measured(v.value, indicator.unit),
                              indicator.name, data.EntityId(entity), PeriodText(data.PeriodAt(period))));
  return out;
}

// "positive", "stable" or "negative": the class now compared with the class of the last earlier
// measurement (the latest earlier period of the same kind with a value).
Value Evaluator::Impl::Evolution(const model::Indicator& indicator, int entity, int period) {
  ClassResult now = ClassOf(indicator, entity, period);
  if (now.value.kind == Value::Kind::kError || now.value.kind == Value::Kind::kMissing) return now.value;
  const model::Period& p = data.PeriodAt(period);
  if (now.rank < 0) {
    return Value::Missing(Tr("{0} of {1} in {2} is {3}, not a measured class: no evolution", indicator.name,
                             data.EntityId(entity), PeriodText(p), now.value.text));
  }
  std::vector<int> earlier;  // the earlier periods of the same kind, latest first
  for (int slot = 0; slot < data.PeriodCount(); ++slot) {
    const model::Period& q = data.PeriodAt(slot);
    if (q.kind == p.kind && q < p) earlier.push_back(slot);
  }
  std::sort(earlier.begin(), earlier.end(), [&](int a, int b) { return data.PeriodAt(b) < data.PeriodAt(a); });
  for (int slot : earlier) {
    ClassResult then = ClassOf(indicator, entity, slot);
    if (then.value.kind == Value::Kind::kError) return then.value;
    if (then.rank < 0) continue;  // no measurement that period (DI, NR, no row)
    return Value::Text(now.rank < then.rank ? "positive" : now.rank == then.rank ? "stable" : "negative");
  }
  return Value::Missing(
      Tr("no measurement of {0} for {1} before {2}: no evolution", indicator.name, data.EntityId(entity), PeriodText(p)));
}

}  // namespace vigie::eval
