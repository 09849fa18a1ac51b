#include "engine/eval/evaluator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>


namespace vigie::eval {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool Satisfies(double value, model::Comparator comparator, double target) {
  switch (comparator) {
    case model::Comparator::kGe: return value >= target;
    case model::Comparator::kGt: return value > target;
    case model::Comparator::kLe: return value <= target;
    case model::Comparator::kLt: return value < target;
    case model::Comparator::kEq: return value == target;
    case model::Comparator::kNe: return value != target;
  }
  return false;
}

// Decimal arithmetic for targets and band edges: 55.1 - 0.3 is 54.8, not 54.800000000000004, so a
// value read from "54,8" sits exactly on the edge. Data values are the nearest doubles of decimal
// text; an edge computed exactly and then converted is the same double.
double Exact(const std::string& text, double fallback) {
  if (auto r = Rational::FromDecimal(text)) return r->ToDouble();
  return fallback;
}
// The tolerance as an amount: absolute as written, or a share of the target.
Rational ToleranceAmount(const model::Tolerance& tolerance, double target) {
  const Rational amount = Rational::FromDecimal(tolerance.text).value_or(Rational::FromDouble(tolerance.value));
  if (tolerance.kind == model::Tolerance::Kind::kAbsolute) return amount;
  Rational t = Rational::FromDouble(target);
  if (t < Rational(0)) t = -t;
  return t * amount / Rational(100);
}

// The rule one value is judged by in one period: met when it satisfies the target, partially met
// inside the tolerance band, missing when there is no value. The per-verdict path and the dense loop
// over a column both judge with it.
struct TargetRule {
  model::Comparator comparator = model::Comparator::kGe;
  double target = 0;
  bool banded = false;
  double low = 0, high = 0;  // the band (banded only)
};

TargetRule MakeRule(model::Comparator comparator, double target, const std::optional<model::Tolerance>& tolerance) {
  TargetRule rule{comparator, target, false, target, target};
  if (!tolerance || comparator == model::Comparator::kNe) return rule;
  rule.banded = true;
  const Rational exact_target = Rational::FromDouble(target);
  const Rational amount = ToleranceAmount(*tolerance, target);
  const bool upward = comparator == model::Comparator::kGe || comparator == model::Comparator::kGt;
  const bool downward = comparator == model::Comparator::kLe || comparator == model::Comparator::kLt;
  if (!downward) rule.low = (exact_target - amount).ToDouble();
  if (!upward) rule.high = (exact_target + amount).ToDouble();
  return rule;
}

inline model::Verdict Judge(double value, const TargetRule& rule) {
  if (std::isnan(value)) return model::Verdict::kMissingData;
  if (Satisfies(value, rule.comparator, rule.target)) return model::Verdict::kMet;
  if (rule.banded && rule.low <= value && value <= rule.high) return model::Verdict::kPartiallyMet;
  return model::Verdict::kNotMet;
}

using model::UnitClass;

UnitClass UnitClassOf(model::Unit unit) {
  switch (unit) {
    case model::Unit::kPercent: return UnitClass::kPercent;
    case model::Unit::kRatio:
    case model::Unit::kCount:
    case model::Unit::kScore: return UnitClass::kPlain;
    default: return UnitClass::kOther;
  }
}

// The factor that multiplies a * b (or a / b): 100 to the power `hundreds` (-1, 0 or 1), and the unit
// of the result.
struct Scaling {
  int hundreds;
  UnitClass unit;
  Rational ExactFactor() const { return hundreds < 0 ? Rational(1) / Rational(100) : Rational(hundreds > 0 ? 100 : 1); }
};
Scaling ScalingOf(UnitClass a, UnitClass b, bool divide) {
  using U = UnitClass;
  if (!divide) {
    if (a == U::kPercent && b == U::kPercent) return {-1, U::kPercent};
    if (a == U::kPercent || b == U::kPercent) {
      const U other = a == U::kPercent ? b : a;
      return other == U::kPlain ? Scaling{0, U::kPercent} : Scaling{-1, other};
    }
    return {0, a != U::kPlain ? a : b};
  }
  if (a == U::kPercent && b == U::kPercent) return {0, U::kPlain};
  if (b == U::kPercent) return a == U::kOther ? Scaling{1, a} : Scaling{0, a};  // 1000 € / 5 % = 20000 €
  if (a == U::kPercent) return {0, U::kPercent};  // 60 % / 10 beds stays a percentage
  if (a != U::kPlain && b != U::kPlain) return {0, U::kPlain};
  return {0, a != U::kPlain ? a : b};
}

// A data value as an exact number (the nearest with 9 decimals), or none when it is too large for one.
std::optional<Rational> Exactly(double value) {
  if (!std::isfinite(value) || std::fabs(value) > 1e18) return std::nullopt;
  try {
    return Rational::FromDouble(value);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string Number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// A value in a `where` filter or a payment: a number, a text, a condition, or missing.
struct Value {
  enum class Kind { kNumber, kText, kBool, kMissing, kError };
  Kind kind = Kind::kMissing;
  Rational number;
  std::string text;
  bool flag = false;
  std::string why;  // kMissing / kError: what was missing or wrong
  UnitClass unit = UnitClass::kPlain;  // kNumber
  static Value Missing(std::string why) { return {Kind::kMissing, {}, "", false, std::move(why)}; }
  static Value Error(std::string why) { return {Kind::kError, {}, "", false, std::move(why)}; }
  static Value Num(Rational r, UnitClass unit = UnitClass::kPlain) {
    Value v{Kind::kNumber, r, "", false, ""};
    v.unit = unit;
    return v;
  }
  static Value Text(std::string t) { return {Kind::kText, {}, std::move(t), false, ""}; }
  static Value Bool(bool b) { return {Kind::kBool, {}, "", b, ""}; }
};

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "chirurgie, médecine" has "chirurgie": a list written with , ; | / or spaces.
bool ListHas(const std::string& list, const std::string& item) {
  const std::string wanted = Lower(item);
  std::string word;
  for (char c : Lower(list) + ",") {
    if (c == ',' || c == ';' || c == '|' || c == '/' || c == ' ') {
      if (word == wanted) return true;
      word.clear();
    } else {
      word += c;
    }
  }
  return false;
}

// A total of data values, exact: a sum of decimals is the decimal sum (0.1 + 0.2 is 0.3). A total
// whose fraction would not fit in 64 bits is added in double precision, as formulas round theirs.
struct Total {
  std::optional<Rational> exact;
  double approx = 0;
  bool IsZero() const { return exact ? exact->IsZero() : approx == 0; }
  double Value() const { return exact ? exact->ToDouble() : approx; }
  // a / b * scale, exactly when both totals are.
  static double Ratio(const Total& a, const Total& b, int scale) {
    if (a.exact && b.exact) {
      try {
        return (*a.exact / *b.exact * Rational(scale)).ToDouble();
      } catch (const std::overflow_error&) {
      }
    }
    return a.Value() / b.Value() * scale;
  }
};

Total TotalOf(const std::vector<double>& values) {
  Total total;
  for (double v : values) total.approx += v;
  Rational sum;
  try {
    for (double v : values) {
      std::optional<Rational> exact = Exactly(v);
      if (!exact) return total;
      sum = sum + *exact;
    }
    total.exact = sum;
  } catch (const std::overflow_error&) {
  }
  return total;
}

}  // namespace

std::string VerdictLabel(model::Verdict verdict) {
  std::string name(model::Name(verdict));
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

struct Evaluator::Impl {
  const model::Model& model;
  const DataSet& data;
  const EvalOptions& options;
  const model::Contract* contract = nullptr;
  std::map<std::string, const model::Commitment*> commitments;
  std::map<std::string, const model::Milestone*> milestones;

  void SetContract(const model::Contract& c) {
    contract = &c;
    commitments.clear();
    milestones.clear();
    members_cache.clear();
    for (const auto& x : c.commitments) commitments[x.name] = &x;
    for (const auto& x : c.milestones) milestones[x.name] = &x;
  }

  bool Ended(const model::Period& period) const { return !(options.as_of < LastDate(period)); }

  // ── scope
  std::vector<int> GroupParties() const {
    std::vector<int> out;
    for (const auto& party : contract->parties) {
      if (party.kind == model::Party::Kind::kGroup) {
        const int index = data.EntityIndex(party.id);
        if (index >= 0) out.push_back(index);
      }
    }
    return out;
  }

  // Members of the contract's group parties in a period, in id order; computed once per period.
  const std::vector<int>& MembersOfParties(const model::Period& period) const {
    auto cached = members_cache.find(period);
    if (cached != members_cache.end()) return cached->second;
    std::vector<int> members;
    for (const auto& party : contract->parties) {
      if (party.kind != model::Party::Kind::kGroup) continue;
      for (int m : data.Members(party.id, FirstDay(period), LastDay(period))) members.push_back(m);
    }
    std::sort(members.begin(), members.end(), [&](int a, int b) { return data.Rank(a) < data.Rank(b); });
    members.erase(std::unique(members.begin(), members.end()), members.end());
    return members_cache.emplace(period, std::move(members)).first->second;
  }
  mutable std::map<model::Period, std::vector<int>> members_cache;

  // Entities an item is evaluated for in a period, sorted by id.
  std::vector<int> Scope(const model::Applicability& applicability, const model::Period& period) const {
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
          if (party.kind == model::Party::Kind::kEntity) {
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

  bool IsGroupApplicability(const model::Applicability& a) const { return a.kind == model::Applicability::Kind::kGroup; }

  // ── waivers
  const model::Waiver* WaiverFor(const std::string& item, int entity, const model::Period& period) const {
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

  // ── values
  struct Computed {
    double value = kNaN;
    bool error = false;
    std::string reason;  // why missing or wrong
  };

  // How an expression reads an indicator.
  enum class Reading {
    kEntity,       // the entity's own value: a derived indicator per entity, a `where` filter
    kGroupTotals,  // the group's total of each input: a derived indicator of a group
    kOwnParty,     // a payment: the value of the establishment, or of the group, that signed
  };
  struct Frame {
    int entity = -1, period = -1;                              // -1: a payment of several parties
    Reading reading = Reading::kEntity;
    const std::map<std::string, Rational>* names = nullptr;  // a payment's scores and earlier amounts
    Detail* detail = nullptr;                                // where the values read are listed
    int depth = 0;                                           // derived indicators inside derived ones
    const model::Indicator* formula_of = nullptr;            // the derived indicator computed, for messages
    std::string for_whom;                                    // "for 080000037", "for the group G"
  };

  void AddInput(Detail* detail, int entity, const std::string& indicator, int period, const std::string& role) const {
    if (detail == nullptr) return;
    const int slot = data.IndicatorSlot(indicator);
    Detail::Input input;
    input.entity = data.EntityId(entity);
    input.indicator = indicator;
    input.role = role;
    input.period = data.PeriodAt(period);
    if (slot >= 0) {
      if (data.Present(entity, slot, period)) input.value = data.Value(entity, slot, period);
      input.missing_code = data.MissingCode(entity, slot, period);
      input.row_id = data.RowId(entity, slot, period);
    }
    detail->inputs.push_back(std::move(input));
  }

  std::string MissingReason(int entity, const std::string& indicator, int period) const {
    const int slot = data.IndicatorSlot(indicator);
    std::string reason = "no value of " + indicator + " for " + data.EntityId(entity) + " in " +
                         model::Format(data.PeriodAt(period));
    if (slot >= 0 && data.RowId(entity, slot, period) != 0) {
      const std::string code = data.MissingCode(entity, slot, period);
      reason = indicator + " of " + data.EntityId(entity) + " for " + model::Format(data.PeriodAt(period)) +
               " is missing in the data" + (code.empty() ? " (empty cell)" : " (code " + code + ")");
    }
    return reason;
  }

  // An entity's own value of an indicator (a derived one is computed from its inputs).
  Computed EntityValue(const model::Indicator& indicator, int entity, int period, Detail* detail, int depth = 0) {
    Computed out;
    if (depth > 32) {
      out.error = true;
      out.reason = "derived indicators nest too deeply";
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
    Frame frame{entity, period, Reading::kEntity, nullptr, detail, depth + 1, &indicator, "for " + data.EntityId(entity)};
    return ToComputed(Eval(*indicator.formula, frame));
  }

  // A group's value: sum(numerator)/sum(denominator), or the declared aggregate of its members.
  Computed GroupValue(const model::Indicator& indicator, std::optional<model::Aggregate> aggregate, int group, int period,
                      Detail* detail) {
    Computed out;
    const std::vector<int> members =
        [&] {
          std::set<int> m;
          for (const auto& party : contract->parties) {
            if (party.kind == model::Party::Kind::kGroup && data.EntityIndex(party.id) == group) {
              for (int x : data.Members(party.id, FirstDay(data.PeriodAt(period)), LastDay(data.PeriodAt(period)))) {
                m.insert(x);
              }
            }
          }
          return std::vector<int>(m.begin(), m.end());
        }();
    if (members.empty()) {
      out.reason = "group " + data.EntityId(group) + " has no members in " + model::Format(data.PeriodAt(period));
      return out;
    }
    if (!indicator.numerator.empty()) {
      std::vector<double> numerators, denominators;
      for (int m : members) {
        for (const auto& [name, values] : {std::pair<const std::string&, std::vector<double>*>{indicator.numerator, &numerators},
                                           {indicator.denominator, &denominators}}) {
          auto it = model.indicators.find(name);
          const size_t before = detail != nullptr ? detail->inputs.size() : 0;
          Computed part = EntityValue(it->second, m, period, detail, 1);
          if (detail != nullptr) {
            for (size_t i = before; i < detail->inputs.size(); ++i) {
              detail->inputs[i].role = &name == &indicator.numerator ? "numerator" : "denominator";
            }
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
        out.reason = "the group's " + indicator.denominator + " adds up to zero: " + indicator.name + " is undefined";
        return out;
      }
      out.value = Total::Ratio(numerator, denominator, indicator.unit == model::Unit::kPercent ? 100 : 1);
      return out;
    }
    if (indicator.formula && !aggregate && !indicator.aggregate) {
      // A derived indicator's group value: its formula over the group's totals of its inputs
      // (margin = sum(result) / sum(income) * 100 %), never a mean of the members' ratios.
      Frame frame{group, period, Reading::kGroupTotals, nullptr, detail, 0, &indicator, "for the group " + data.EntityId(group)};
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

  Computed ValueFor(const model::Commitment& c, int entity, int period, Detail* detail) {
    const model::Indicator& indicator = model.indicators.at(c.indicator);
    if (IsGroupApplicability(c.applicability)) return GroupValue(indicator, c.aggregate, entity, period, detail);
    return EntityValue(indicator, entity, period, detail);
  }

  // ── filters and payments
  std::vector<std::string>* payment_read = nullptr;  // while a payment is computed: what it reads
  Detail* payment_detail = nullptr;                  // ... and the stored values behind it
  void NoteRead(std::string line) {
    if (payment_read == nullptr) return;
    if (std::find(payment_read->begin(), payment_read->end(), line) == payment_read->end()) {
      payment_read->push_back(std::move(line));
    }
  }
  // "ald of CPTS_X in 2022 = 60": a value a payment read (nothing is built outside a payment).
  void NoteValue(const model::Indicator& indicator, int entity, int period, double value) {
    if (payment_read == nullptr) return;
    NoteRead(indicator.name + Of(entity, period) + " = " + Number(value) +
             (indicator.unit == model::Unit::kPercent ? " %" : ""));
  }
  std::string Of(int entity, int period) const {
    return " of " + data.EntityId(entity) + " in " + model::Format(data.PeriodAt(period));
  }

  static bool OrderSatisfies(int order, model::Comparator comparator) {
    switch (comparator) {
      case model::Comparator::kGe: return order >= 0;
      case model::Comparator::kLe: return order <= 0;
      case model::Comparator::kGt: return order > 0;
      case model::Comparator::kLt: return order < 0;
      case model::Comparator::kEq: return order == 0;
      case model::Comparator::kNe: return order != 0;
    }
    return false;
  }
  static bool Compares(const Rational& a, model::Comparator comparator, const Rational& b) {
    return OrderSatisfies(a < b ? -1 : b < a ? 1 : 0, comparator);
  }

  // An entity's value, or a group party's value (a payment of a contract signed by one group reads
  // the group's values, computed as for `for group`).
  Computed OwnValue(const model::Indicator& indicator, int entity, int period) {
    for (int group : GroupParties()) {
      if (group == entity) return GroupValue(indicator, std::nullopt, entity, period, payment_detail);
    }
    return EntityValue(indicator, entity, period, payment_detail);
  }

  // The result class of an indicator for an entity (or a group party) in a period: the first class
  // whose comparison the value satisfies, or the class named by the missing-value code of the data.
  struct ClassResult {
    Value value = Value::Missing("");
    int rank = -1;  // position among the classes by value (0 = best); -1 for a code class or none
  };
  ClassResult ClassOf(const model::Indicator& indicator, int entity, int period) {
    ClassResult out;
    Computed v = OwnValue(indicator, entity, period);
    if (v.error) {
      out.value = Value::Error(v.reason);
      return out;
    }
    if (std::isnan(v.value)) {
      const int slot = data.IndicatorSlot(indicator.name);
      const std::string code = slot >= 0 ? data.MissingCode(entity, slot, period) : std::string();
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
    out.value = Value::Error("the value " + value.ToString() + " of " + indicator.name + " for " + data.EntityId(entity) +
                             " in " + model::Format(data.PeriodAt(period)) + " is in none of its classes");
    return out;
  }

  // "positive", "stable" or "negative": the class now compared with the class of the last earlier
  // measurement (the latest earlier period of the same kind with a value).
  Value Evolution(const model::Indicator& indicator, int entity, int period) {
    ClassResult now = ClassOf(indicator, entity, period);
    if (now.value.kind == Value::Kind::kError || now.value.kind == Value::Kind::kMissing) return now.value;
    const model::Period& p = data.PeriodAt(period);
    if (now.rank < 0) {
      return Value::Missing(indicator.name + " of " + data.EntityId(entity) + " in " + model::Format(p) + " is " +
                            now.value.text + ", not a measured class: no evolution");
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
    return Value::Missing("no measurement of " + indicator.name + " for " + data.EntityId(entity) + " before " +
                          model::Format(p) + ": no evolution");
  }

  // Whether a table key takes a value: a number in a range, a tier, a word or text (any case), else.
  static bool KeyMatches(const model::TableKey& key, const Value& value) {
    using Kind = model::TableKey::Kind;
    switch (key.kind) {
      case Kind::kElse: return true;
      case Kind::kCompare: return value.kind == Value::Kind::kNumber && key.low && Compares(value.number, key.comparator, *key.low);
      case Kind::kNumber:
      case Kind::kRange:
        return value.kind == Value::Kind::kNumber && key.low && key.high && *key.low <= value.number &&
               value.number <= *key.high;
      case Kind::kString:
      case Kind::kWord:
        return Lower(value.kind == Value::Kind::kNumber ? value.number.ToString() : value.text) == Lower(key.text);
    }
    return false;
  }

  // ── the interpreter: one for formulas, filters, table values and payments
  Value Eval(const model::Expr& e, const Frame& f) {
    using K = model::Expr::Kind;
    const bool payment = f.reading == Reading::kOwnParty;
    // A derived indicator of a group is its formula over the group's totals: arithmetic only.
    if (f.reading == Reading::kGroupTotals && e.kind != K::kNumber && e.kind != K::kIndicator && e.kind != K::kNegate &&
        e.kind != K::kArithmetic && e.kind != K::kParameter) {
      return Value::Error("the formula of " + f.formula_of->name + " cannot be computed for a group");
    }
    switch (e.kind) {
      case K::kNumber: return Value::Num(e.number, e.unit_class);
      case K::kText:
      case K::kDate:
      case K::kSymbol: return Value::Text(e.text);
      case K::kParameter:
        return e.operands.empty() ? Value::Error("parameter " + e.text + " has no value") : Eval(*e.operands[0], f);
      case K::kScore:
        if (f.names != nullptr) {
          if (auto it = f.names->find("score"); it != f.names->end()) return Value::Num(it->second);
        }
        return Value::Missing("no scored verdict");
      case K::kItemScore:
        if (f.names != nullptr) {
          if (auto it = f.names->find(e.text); it != f.names->end()) return Value::Num(it->second);
        }
        return Value::Missing(e.text + " has no scored verdict");
      case K::kPayment:
        if (f.names != nullptr) {
          if (auto it = f.names->find(e.text); it != f.names->end()) return Value::Num(it->second, model::UnitClass::kOther);
        }
        return Value::Missing("payment " + e.text + " has no amount");
      case K::kIndicator: return IndicatorValue(e, f);
      case K::kAttribute: {
        if (f.entity < 0) return NoEntity(e.text);
        const model::Period& p = data.PeriodAt(f.period);
        std::optional<std::string> attribute = data.Attribute(f.entity, e.text, LastDay(p));
        if (!attribute) attribute = data.Attribute(f.entity, e.text, FirstDay(p));
        if (!attribute) {
          return Value::Missing("attribute " + e.text + " of " + data.EntityId(f.entity) + " is unknown for " + model::Format(p));
        }
        if (payment) NoteRead(e.text + Of(f.entity, f.period) + " = " + *attribute);
        if (auto number = Rational::FromDecimal(*attribute)) return Value::Num(*number);
        return Value::Text(*attribute);
      }
      case K::kNegate: {
        Value v = Eval(*e.operands[0], f);
        if (v.kind == Value::Kind::kNumber) v.number = -v.number;
        return v;
      }
      case K::kNot: {
        Value v = Eval(*e.operands[0], f);
        if (v.kind == Value::Kind::kBool) v.flag = !v.flag;
        return v;
      }
      case K::kArithmetic: {
        Value a = Eval(*e.operands[0], f);
        Value b = Eval(*e.operands[1], f);
        // An error says more than a missing value: it comes first, then the first missing one.
        for (const Value* v : {&a, &b}) {
          if (v->kind == Value::Kind::kError) return *v;
        }
        for (const Value* v : {&a, &b}) {
          if (v->kind == Value::Kind::kMissing) return *v;
        }
        if (a.kind != Value::Kind::kNumber || b.kind != Value::Kind::kNumber) return Value::Error("not a number");
        return Arithmetic(e.arithmetic, a, b, f);
      }
      case K::kAnd:
      case K::kOr: {
        const bool is_and = e.kind == K::kAnd;
        Value a = Eval(*e.operands[0], f);
        if (a.kind == Value::Kind::kBool && a.flag != is_and) return a;  // false and ..., true or ...
        Value b = Eval(*e.operands[1], f);
        if (a.kind == Value::Kind::kError || a.kind == Value::Kind::kMissing) return a;
        return b;
      }
      case K::kCompare: {
        Value a = Eval(*e.operands[0], f);
        Value b = Eval(*e.operands[1], f);
        if (a.kind == Value::Kind::kError || a.kind == Value::Kind::kMissing) return a;
        if (b.kind == Value::Kind::kError || b.kind == Value::Kind::kMissing) return b;
        int order = 0;
        if (a.kind == Value::Kind::kNumber && b.kind == Value::Kind::kNumber) {
          order = a.number < b.number ? -1 : b.number < a.number ? 1 : 0;
        } else {
          const std::string x = a.kind == Value::Kind::kNumber ? a.number.ToString() : a.text;
          const std::string y = b.kind == Value::Kind::kNumber ? b.number.ToString() : b.text;
          order = x < y ? -1 : y < x ? 1 : 0;
        }
        return Value::Bool(OrderSatisfies(order, e.compare));
      }
      case K::kHas: {
        Value a = Eval(*e.operands[0], f);
        if (a.kind == Value::Kind::kError || a.kind == Value::Kind::kMissing) return a;
        return Value::Bool(ListHas(a.kind == Value::Kind::kNumber ? a.number.ToString() : a.text, e.operands[1]->text));
      }
      case K::kIn: {
        Value a = Eval(*e.operands[0], f);
        if (a.kind == Value::Kind::kError || a.kind == Value::Kind::kMissing) return a;
        const std::string x = Lower(a.kind == Value::Kind::kNumber ? a.number.ToString() : a.text);
        for (size_t i = 1; i < e.operands.size(); ++i) {
          if (x == Lower(e.operands[i]->text)) return Value::Bool(true);
        }
        return Value::Bool(false);
      }
      case K::kIf: {
        Value condition = Eval(*e.operands[0], f);
        if (condition.kind != Value::Kind::kBool) {
          return condition.kind == Value::Kind::kMissing ? condition : Value::Error("not a condition");
        }
        return Eval(*e.operands[condition.flag ? 1 : 2], f);
      }
      case K::kLookup: return Lookup(e, f);
      case K::kCall: return Call(e, f);
      case K::kClass:
      case K::kEvolution: {
        if (f.entity < 0) {
          return Value::Error("'" + e.written + "' reads the class of one establishment or group: this contract has several parties");
        }
        Value v = e.kind == K::kClass ? ClassOf(*e.indicator, f.entity, f.period).value : Evolution(*e.indicator, f.entity, f.period);
        if (v.kind == Value::Kind::kText && payment) {
          NoteRead(e.written + "(" + e.indicator->name + ")" + Of(f.entity, f.period) + " = " + v.text);
        }
        return v;
      }
      case K::kInvalid: break;
    }
    return Value::Error(e.text.empty() ? std::string("cannot compute") : e.text);
  }

  // 'x' in a payment of a contract that no single establishment signed.
  static Value NoEntity(const std::string& name) {
    return Value::Error("'" + name + "' has no value in a payment of a contract that is not signed by one "
                        "establishment (attributes and indicators belong to an establishment)");
  }

  // An indicator's value as the frame reads it: the entity's, the group's total, or a payment's party's.
  Value IndicatorValue(const model::Expr& e, const Frame& f) {
    const model::Indicator& indicator = *e.indicator;
    Computed v;
    switch (f.reading) {
      case Reading::kEntity: v = EntityValue(indicator, f.entity, f.period, f.detail, f.depth); break;
      case Reading::kGroupTotals:
        v = GroupValue(indicator,
                       !indicator.aggregate && indicator.numerator.empty() ? std::optional(model::Aggregate::kSum) : std::nullopt,
                       f.entity, f.period, f.detail);
        break;
      case Reading::kOwnParty:
        if (f.entity < 0) return NoEntity(e.text);
        v = OwnValue(indicator, f.entity, f.period);
        break;
    }
    if (v.error) return Value::Error(v.reason);
    if (std::isnan(v.value)) return Value::Missing(v.reason);
    std::optional<Rational> exact = Exactly(v.value);
    if (!exact) return Value::Error("the value " + Number(v.value) + " of " + indicator.name + " is too large to compute with");
    if (f.reading == Reading::kOwnParty) NoteValue(indicator, f.entity, f.period, v.value);
    return Value::Num(*exact, UnitClassOf(indicator.unit));
  }

  // + - * /, exact. A percentage scales a value in another unit. Outside payments, an exact fraction
  // that would not fit in 64 bits is rounded to 9 decimals (data values are decimals of that order);
  // a payment's amount is exact or not computed at all.
  Value Arithmetic(model::ArithmeticOp op, const Value& a, const Value& b, const Frame& f) const {
    using Op = model::ArithmeticOp;
    const model::UnitClass sum_unit = a.unit != model::UnitClass::kPlain ? a.unit : b.unit;
    const Scaling scaling = ScalingOf(a.unit, b.unit, op == Op::kDivide);
    if (op == Op::kDivide && b.number.IsZero()) {
      return Value::Error(f.formula_of != nullptr ? "division by zero in the formula of " + f.formula_of->name + " " + f.for_whom
                                                  : std::string("division by zero"));
    }
    auto exact = [&] {
      switch (op) {
        case Op::kAdd: return a.number + b.number;
        case Op::kSubtract: return a.number - b.number;
        case Op::kMultiply: return a.number * b.number * scaling.ExactFactor();
        case Op::kDivide: return a.number / b.number * scaling.ExactFactor();
      }
      return Rational(0);
    };
    const model::UnitClass unit = op == Op::kAdd || op == Op::kSubtract ? sum_unit : scaling.unit;
    try {
      return Value::Num(exact(), unit);
    } catch (const std::overflow_error&) {
      if (f.reading == Reading::kOwnParty) throw;
      const double x = a.number.ToDouble(), y = b.number.ToDouble(), factor = scaling.ExactFactor().ToDouble();
      const double approx = op == Op::kAdd        ? x + y
                            : op == Op::kSubtract ? x - y
                            : op == Op::kMultiply ? x * y * factor
                                                  : x / y * factor;
      if (std::optional<Rational> rounded = Exactly(approx)) return Value::Num(*rounded, unit);
      return Value::Error("the numbers are too large to compute with");
    }
  }

  Value Lookup(const model::Expr& e, const Frame& f) {
    std::vector<Value> keys;
    for (const auto& operand : e.operands) {
      keys.push_back(Eval(*operand, f));
      if (keys.back().kind == Value::Kind::kError || keys.back().kind == Value::Kind::kMissing) return keys.back();
    }
    if (e.table == nullptr) return Value::Error("no table " + e.text);
    // Entries without `else` first, in the order written (the first tier that matches), then those
    // with an `else` key.
    for (bool with_else : {false, true}) {
      for (const auto& entry : e.table->entries) {
        const bool has_else = entry.key.kind == model::TableKey::Kind::kElse ||
                              (entry.second && entry.second->kind == model::TableKey::Kind::kElse);
        if (has_else != with_else) continue;
        if (!KeyMatches(entry.key, keys[0])) continue;
        if (keys.size() > 1 && !(entry.second && KeyMatches(*entry.second, keys[1]))) continue;
        return Eval(*entry.value, f);
      }
    }
    std::string wanted;
    for (const Value& key : keys) {
      wanted += (wanted.empty() ? "" : ", ") + (key.kind == Value::Kind::kNumber ? key.number.ToString() : key.text);
    }
    return Value::Error("table " + e.text + " has no entry for " + wanted);
  }

  Value Call(const model::Expr& e, const Frame& f) {
    std::vector<Rational> args;
    model::UnitClass unit = model::UnitClass::kPlain;
    for (const auto& operand : e.operands) {
      Value v = Eval(*operand, f);
      if (v.kind != Value::Kind::kNumber) {
        return v.kind == Value::Kind::kMissing || v.kind == Value::Kind::kError ? v : Value::Error("not a number");
      }
      if (args.empty()) unit = v.unit;  // round(ambu) is still a percentage
      args.push_back(v.number);
    }
    switch (e.function) {
      case model::Function::kMin: return Value::Num(*std::min_element(args.begin(), args.end()), unit);
      case model::Function::kMax: return Value::Num(*std::max_element(args.begin(), args.end()), unit);
      case model::Function::kAbs: return Value::Num(args[0] < Rational(0) ? -args[0] : args[0], unit);
      case model::Function::kFloor: return Value::Num(args[0].Floor(), unit);
      case model::Function::kCeil: return Value::Num(args[0].Ceil(), unit);
      case model::Function::kRound:
        return Value::Num(args[0].Round(args.size() > 1 ? static_cast<int>(args[1].ToDouble()) : 0), unit);
    }
    return Value::Error("unknown function " + e.text);
  }

  // A formula's value as a verdict reads it.
  static Computed ToComputed(const Value& v) {
    Computed out;
    switch (v.kind) {
      case Value::Kind::kNumber: out.value = v.number.ToDouble(); break;
      case Value::Kind::kMissing: out.reason = v.why; break;
      case Value::Kind::kError: out.error = true; out.reason = v.why; break;
      case Value::Kind::kText:
      case Value::Kind::kBool: out.error = true; out.reason = "the formula does not give a number"; break;
    }
    return out;
  }

  // ── verdicts
  model::Verdict CommitmentVerdict(const model::Commitment& c, int entity, int period, Detail* detail) {
    const model::Period& p = data.PeriodAt(period);
    auto verdict = [&](model::Verdict v, std::string reason) {
      if (detail != nullptr) {
        detail->verdict = v;
        detail->reason = std::move(reason);
      }
      return v;
    };
    if (detail != nullptr && !c.improvement) {
      for (const auto& t : c.targets) {
        if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == p.year)) {
          detail->target = Exact(t.bound_text, t.bound);
          detail->comparator = t.comparator;
          if (t.period == p) break;
        }
      }
    }
    if (const model::Waiver* w = WaiverFor(c.name, entity, p)) {
      if (detail != nullptr) detail->waiver = w;
      return verdict(model::Verdict::kWaived, "waived by " + w->authority + ": " + w->reason);
    }
    if (!Ended(p)) {
      return verdict(model::Verdict::kPending, model::Format(p) + " ends after the as-of date " + model::Format(options.as_of));
    }
    if (c.applicability.kind == model::Applicability::Kind::kEachMember && c.applicability.where) {
      Value applies = Eval(*c.applicability.where, Frame{entity, period, Reading::kEntity, nullptr, nullptr, 0, nullptr, ""});
      if (applies.kind == Value::Kind::kMissing) {
        return verdict(model::Verdict::kMissingData, "cannot tell whether it applies: " + applies.why);
      }
      if (applies.kind == Value::Kind::kError) return verdict(model::Verdict::kError, applies.why);
      if (!applies.flag) return verdict(model::Verdict::kNotApplicable, "the 'where' filter excludes " + data.EntityId(entity));
    }
    if (c.composite) return CompositeVerdict(c, entity, period, detail, verdict);

    Computed value = ValueFor(c, entity, period, detail);
    if (value.error) return verdict(model::Verdict::kError, value.reason);
    if (std::isnan(value.value)) return verdict(model::Verdict::kMissingData, value.reason);
    if (detail != nullptr) detail->measured = value.value;

    // The target for this period: a year's target also holds for its quarters and months.
    double target = kNaN;
    model::Comparator comparator = model::Comparator::kGe;
    if (c.improvement) {
      const model::Improvement& improve = *c.improvement;
      const int baseline_slot = data.PeriodSlot(model::Period{model::PeriodKind::kYear, improve.baseline_year, 0});
      Computed baseline;
      if (baseline_slot < 0) {
        baseline.reason = "no data at all for the baseline year " + std::to_string(improve.baseline_year);
      } else {
        Detail* keep = detail;
        if (detail != nullptr) {
          const size_t before = detail->inputs.size();
          baseline = ValueFor(c, entity, baseline_slot, detail);
          for (size_t i = before; i < detail->inputs.size(); ++i) detail->inputs[i].role = "baseline";
        } else {
          baseline = ValueFor(c, entity, baseline_slot, keep);
        }
      }
      if (baseline.error) return verdict(model::Verdict::kError, baseline.reason);
      if (std::isnan(baseline.value)) return verdict(model::Verdict::kMissingData, "baseline: " + baseline.reason);
      const bool lower = improve.comparator == model::Comparator::kLe || improve.comparator == model::Comparator::kLt;
      const Rational base = Rational::FromDouble(baseline.value);
      const Rational amount = Rational::FromDecimal(improve.amount_text).value_or(Rational::FromDouble(improve.amount));
      const Rational change = improve.kind == model::Tolerance::Kind::kRelative ? base * amount / Rational(100) : amount;
      target = (lower ? base - change : base + change).ToDouble();
      comparator = improve.comparator;
    } else {
      const model::PeriodTarget* found = nullptr;
      for (const auto& t : c.targets) {
        if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == p.year)) found = &t;
        if (t.period == p) break;
      }
      if (found == nullptr) return verdict(model::Verdict::kNotApplicable, "no target for " + model::Format(p));
      target = Exact(found->bound_text, found->bound);
      comparator = found->comparator;
    }
    if (detail != nullptr) {
      detail->target = target;
      detail->comparator = comparator;
    }
    const TargetRule rule = MakeRule(comparator, target, c.tolerance);
    const model::Verdict judged = Judge(value.value, rule);
    if (judged == model::Verdict::kMet) {
      return verdict(judged, Number(value.value) + " " + std::string(model::Name(comparator)) + " " + Number(target));
    }
    if (detail != nullptr && rule.banded) {
      detail->band_low = rule.low;
      detail->band_high = rule.high;
    }
    if (judged == model::Verdict::kPartiallyMet) {
      const bool percent = model.indicators.at(c.indicator).unit == model::Unit::kPercent;
      return verdict(judged, Number(value.value) + " misses " + std::string(model::Name(comparator)) + " " + Number(target) +
                                 " but is within the tolerance of " + c.tolerance->text +
                                 (c.tolerance->kind == model::Tolerance::Kind::kRelative ? " %"
                                  : percent                                               ? " pts"
                                                                                          : ""));
    }
    return verdict(judged, Number(value.value) + " does not satisfy " + std::string(model::Name(comparator)) + " " +
                               Number(target));
  }

  // One verdict for several periods of a member (its quarters in a year): all met is met; any
  // not yet known keeps it open; any not met is not met; otherwise partially met.
  static model::Verdict CombineVerdicts(const std::vector<model::Verdict>& verdicts) {
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

  template <typename Verdictor>
  model::Verdict CompositeVerdict(const model::Commitment& c, int entity, int period, Detail* detail, Verdictor verdict) {
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
          if (data.PeriodAt(slot) == p || (p.kind == model::PeriodKind::kYear && data.PeriodAt(slot).year == p.year)) {
            parts.push_back(slot);
          }
        }
        std::vector<model::Verdict> found;
        for (int slot : parts) {
          const std::vector<int> scope = Scope(m.applicability, data.PeriodAt(slot));
          if (std::find(scope.begin(), scope.end(), entity) != scope.end()) {
            found.push_back(CommitmentVerdict(m, entity, slot, nullptr));
          }
        }
        v = CombineVerdicts(found);
      } else if (auto ms = milestones.find(member); ms != milestones.end()) {
        // A milestone counts in the composite from the period in which it falls due: before that
        // nothing is owed yet, so it does not make an early year met (or not met).
        const model::Period due_year{model::PeriodKind::kYear, ms->second->due.year, 0};
        const std::vector<int> scope = Scope(ms->second->applicability, due_year);
        if (ms->second->due <= LastDate(data.PeriodAt(period)) && std::find(scope.begin(), scope.end(), entity) != scope.end()) {
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
    const std::string tally = std::to_string(met) + " of " + std::to_string(applicable) + " met, " +
                              std::to_string(needed) + " needed";
    if (applicable == 0) return verdict(model::Verdict::kNotApplicable, "none of its members applies");
    if (met >= needed) return verdict(model::Verdict::kMet, tally);
    // Still open while the undecided members could change the outcome (met, or partially met).
    if (undecided > 0 && met + partial + undecided >= needed) {
      return verdict(any_pending ? model::Verdict::kPending : any_missing ? model::Verdict::kMissingData : model::Verdict::kError,
                     tally + "; " + std::to_string(undecided) + " not known yet");
    }
    if (met + partial >= needed) return verdict(model::Verdict::kPartiallyMet, tally + " (with partially met ones)");
    return verdict(model::Verdict::kNotMet, tally);
  }

  model::Verdict MilestoneVerdict(const model::Milestone& m, int entity, Detail* detail) {
    const model::Period year{model::PeriodKind::kYear, m.due.year, 0};
    auto verdict = [&](model::Verdict v, std::string reason) {
      if (detail != nullptr) {
        detail->verdict = v;
        detail->reason = std::move(reason);
      }
      return v;
    };
    if (const model::Waiver* w = WaiverFor(m.name, entity, year)) {
      if (detail != nullptr) detail->waiver = w;
      return verdict(model::Verdict::kWaived, "waived by " + w->authority + ": " + w->reason);
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
      if (detail != nullptr) detail->evidence = *first;
      if (!(m.due < first->produced_on)) {
        return verdict(model::Verdict::kMet, "evidence dated " + model::Format(first->produced_on) + ", due " + model::Format(m.due));
      }
      const int late = calendar::DaysBetween(m.due, first->produced_on);
      if (detail != nullptr) detail->days_late = late;
      return verdict(model::Verdict::kNotMet, "evidence dated " + model::Format(first->produced_on) + ", " +
                                                  std::to_string(late) + " days after the due date " + model::Format(m.due));
    }
    const std::string later = evidence.empty() ? ""
                              : " (evidence dated " + model::Format(evidence.front().produced_on) +
                                    " comes after the as-of date and does not count yet)";
    if (options.as_of < m.due) return verdict(model::Verdict::kPending, "due " + model::Format(m.due) + ", no evidence yet" + later);
    const int late = calendar::DaysBetween(m.due, options.as_of);
    if (detail != nullptr) detail->days_late = late;
    return verdict(model::Verdict::kNotMet, "no evidence recorded; due " + model::Format(m.due) + ", " +
                                                std::to_string(late) + " days late at the as-of date" + later);
  }

  // ── periods of an item
  std::vector<int> PeriodsOf(const model::Commitment& c) const {
    std::set<int> slots;
    const model::Indicator* indicator = c.indicator.empty() ? nullptr : &model.indicators.at(c.indicator);
    auto add_year = [&](int year) {
      if (indicator != nullptr && indicator->period_kind != model::PeriodKind::kYear) {
        const int parts = calendar::PeriodsPerYear(indicator->period_kind);
        for (int sub = 1; sub <= parts; ++sub) {
          int slot = data.PeriodSlot(model::Period{indicator->period_kind, year, sub});
          if (slot >= 0) slots.insert(slot);
        }
      } else if (int slot = data.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0}); slot >= 0) {
        slots.insert(slot);
      }
    };
    if (!c.targets.empty()) {
      for (const auto& t : c.targets) {
        if (t.period.kind == model::PeriodKind::kYear) add_year(t.period.year);
        else if (int slot = data.PeriodSlot(t.period); slot >= 0) slots.insert(slot);
      }
    } else {
      for (int year = contract->first_year; year != 0 && year <= contract->last_year; ++year) add_year(year);
    }
    std::vector<int> out(slots.begin(), slots.end());
    std::sort(out.begin(), out.end(), [&](int a, int b) { return data.PeriodAt(a) < data.PeriodAt(b); });
    return out;
  }
};

Evaluator::Evaluator(const model::Model& model, const DataSet& data, const EvalOptions& options)
    : model_(model), data_(data), options_(options) {}

RunResult Evaluator::Run() {
  RunResult run;
  run.as_of = options_.as_of;
  Impl impl{model_, data_, options_, nullptr, {}, {}, {}};
  for (const auto& [name, contract] : model_.contracts) {
    if (!options_.contracts.empty() &&
        std::find(options_.contracts.begin(), options_.contracts.end(), name) == options_.contracts.end()) {
      continue;
    }
    impl.SetContract(contract);
    ContractResult result;
    result.contract = &contract;
    for (const auto& c : contract.commitments) {
      ItemResult item;
      item.commitment = &c;
      const model::Indicator* indicator = c.indicator.empty() ? nullptr : &model_.indicators.at(c.indicator);
      const bool has_waiver = std::any_of(contract.waivers.begin(), contract.waivers.end(),
                                          [&](const model::Waiver& w) { return w.commitment == c.name; });
      for (int period : impl.PeriodsOf(c)) {
        const model::Period& p = data_.PeriodAt(period);
        const std::vector<int> scope = impl.Scope(c.applicability, p);
        // Fast path: a plain per-entity comparison (no waiver, formula, filter, baseline or
        // composite): read the dense values directly. Same rules as CommitmentVerdict.
        const bool plain = indicator != nullptr && !indicator->formula && !has_waiver && !c.improvement &&
                           !c.composite && !impl.IsGroupApplicability(c.applicability) &&
                           !(c.applicability.kind == model::Applicability::Kind::kEachMember && c.applicability.where) &&
                           impl.Ended(p) && !options_.details;
        const model::PeriodTarget* target = nullptr;
        for (const auto& t : c.targets) {
          if (t.period == p || (t.period.kind == model::PeriodKind::kYear && t.period.year == p.year)) target = &t;
          if (t.period == p) break;
        }
        if (plain && target != nullptr) {
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

    // Counts, then scores: per (entity, year) and per year, from each item's scored verdicts.
    int64_t counts[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // filled by the scoring pass below
    for (const ItemResult& item : result.items) run.verdicts += static_cast<int64_t>(item.cells.size());
    std::optional<Rational> points[8];
    for (const auto& [v, value] : contract.scoring.values) points[static_cast<int>(v)] = Rational::FromDouble(value);
    const model::Aggregate aggregate = contract.scoring.aggregate;
    // The weighted mean of the parts, exact; if the exact fraction outgrows 64 bits (hundreds of
    // commitments with different denominators), the parts are rounded to 12 decimals first.
    auto combine = [&](const std::vector<ScoreTrace::Part>& parts) {
      ScoreTrace trace;
      trace.parts = parts;
      if (parts.empty()) return trace;
      trace.defined = true;
      if (aggregate == model::Aggregate::kCount) {  // how many items are fully met
        int full = 0;
        for (const auto& part : parts) full += part.mean == Rational(1) ? 1 : 0;
        trace.score = Rational(full);
        return trace;
      }
      if (aggregate == model::Aggregate::kMin || aggregate == model::Aggregate::kMax) {
        trace.score = parts[0].mean;
        for (const auto& part : parts) {
          if (aggregate == model::Aggregate::kMin ? part.mean < trace.score : trace.score < part.mean) trace.score = part.mean;
        }
        return trace;
      }
      auto weighted = [&](bool rounded) {
        Rational total, weights;
        for (const auto& part : parts) {
          const Rational w = aggregate == model::Aggregate::kMean ? Rational(1) : part.weight;
          total = total + w * (rounded ? part.mean.Round(12) : part.mean);
          weights = weights + w;
        }
        return aggregate == model::Aggregate::kSum ? total : (weights.IsZero() ? Rational(0) : total / weights);
      };
      try {
        trace.score = weighted(false);
      } catch (const std::overflow_error&) {
        trace.score = weighted(true);
      }
      return trace;
    };
    const int first_year = contract.first_year != 0 ? contract.first_year : 0;
    std::map<int, std::vector<ScoreTrace::Part>> year_parts;
    // Per entity and year: the running weighted sum of item means, in flat arrays (no string keys).
    struct EntityYear {
      Rational sum, weights;
      std::vector<ScoreTrace::Part> parts;
      bool overflowed = false;
      double approx_sum = 0, approx_weights = 0;
    };
    std::map<std::pair<int, int>, EntityYear> entity_years;
    const bool keep_entity_parts = run.verdicts < 200000;  // traces for reports, not for benchmarks
    // Large runs (a benchmark, a national campaign) score entities in double precision from flat
    // arrays; small ones (every report) exactly, with each part kept for the trace.
    int min_year = 1 << 30, max_year = -(1 << 30);
    for (const ItemResult& item : result.items) {
      for (const Cell& cell : item.cells) {
        const int year = data_.PeriodAt(cell.period).year;
        min_year = std::min(min_year, year);
        max_year = std::max(max_year, year);
      }
    }
    const int years = max_year >= min_year ? max_year - min_year + 1 : 0;
    const size_t slots = static_cast<size_t>(data_.EntityCount()) * static_cast<size_t>(years);
    const bool flat_entity_scores = !keep_entity_parts && options_.entity_scores_for_large_runs;
    std::vector<std::array<int32_t, 8>> item_counts(flat_entity_scores ? slots : 0);
    std::vector<double> approx_sum(flat_entity_scores ? slots : 0, 0.0), approx_weights(flat_entity_scores ? slots : 0, 0.0);
    std::vector<size_t> touched;
    double point_value[8];
    for (int v = 0; v < 8; ++v) point_value[v] = points[v] ? points[v]->ToDouble() : 0;
    for (const ItemResult& item : result.items) {
      const std::string weight_text = item.commitment ? item.commitment->weight_text : item.milestone->weight_text;
      const Rational weight = Rational::FromDecimal(weight_text).value_or(Rational(1));
      std::vector<std::array<int64_t, 8>> year_counts(static_cast<size_t>(years));
      std::vector<int> year_of_period(static_cast<size_t>(data_.PeriodCount()));
      for (int period = 0; period < data_.PeriodCount(); ++period) year_of_period[static_cast<size_t>(period)] = data_.PeriodAt(period).year;
      // One pass over the item's cells: the run's totals, the yearly counts and, on large runs, the
      // counts per (entity, year) slot.
      touched.clear();
      for (const Cell& cell : item.cells) {
        const int v = static_cast<int>(cell.verdict);
        ++counts[v];
        if (!points[v]) continue;
        const int year_index = year_of_period[static_cast<size_t>(cell.period)] - min_year;
        ++year_counts[static_cast<size_t>(year_index)][static_cast<size_t>(v)];
        if (keep_entity_parts || !options_.entity_scores_for_large_runs) continue;
        const size_t slot = static_cast<size_t>(cell.entity) * static_cast<size_t>(years) + static_cast<size_t>(year_index);
        auto& c = item_counts[slot];
        if (c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6] + c[7] == 0) touched.push_back(slot);
        ++c[static_cast<size_t>(v)];
      }
      std::map<int, std::array<int64_t, 8>> by_year;
      for (int y = 0; y < years; ++y) {
        const auto& c = year_counts[static_cast<size_t>(y)];
        if (c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6] + c[7] > 0) by_year[min_year + y] = c;
      }
      auto mean_of = [&](const auto& verdict_counts) {
        Rational total;
        int64_t n = 0;
        for (int v = 0; v < 8; ++v) {
          if (verdict_counts[static_cast<size_t>(v)] == 0) continue;
          total = total + *points[v] * Rational(static_cast<int64_t>(verdict_counts[static_cast<size_t>(v)]));
          n += verdict_counts[static_cast<size_t>(v)];
        }
        return std::make_pair(total / Rational(n), n);
      };
      for (const auto& [year, verdict_counts] : by_year) {
        auto [mean, n] = mean_of(verdict_counts);
        year_parts[year].push_back(ScoreTrace::Part{item.Name(), weight, mean, static_cast<int>(n)});
      }
      const Rational w = aggregate == model::Aggregate::kMean ? Rational(1) : weight;
      if (keep_entity_parts) {
        std::map<std::pair<int, int>, std::array<int, 8>> by_entity_year;
        for (const Cell& cell : item.cells) {
          if (!points[static_cast<int>(cell.verdict)]) continue;
          ++by_entity_year[{cell.entity, data_.PeriodAt(cell.period).year}][static_cast<int>(cell.verdict)];
        }
        for (const auto& [key, verdict_counts] : by_entity_year) {
          auto [mean, n] = mean_of(verdict_counts);
          EntityYear& ey = entity_years[key];
          if (!ey.overflowed) {
            try {
              ey.sum = ey.sum + w * mean;
              ey.weights = ey.weights + w;
            } catch (const std::overflow_error&) {
              ey.overflowed = true;
            }
          }
          ey.approx_sum += w.ToDouble() * mean.ToDouble();
          ey.approx_weights += w.ToDouble();
          ey.parts.push_back(ScoreTrace::Part{item.Name(), weight, mean, static_cast<int>(n)});
        }
        continue;
      }
      // Flat path: this item's mean per (entity, year) slot, into the sums.
      const double wd = w.ToDouble();
      for (size_t slot : touched) {
        auto& c = item_counts[slot];
        double total = 0;
        int n = 0;
        for (int v = 0; v < 8; ++v) {
          total += point_value[v] * c[static_cast<size_t>(v)];
          n += c[static_cast<size_t>(v)];
        }
        approx_sum[slot] += wd * total / n;
        approx_weights[slot] += wd;
        c = {0, 0, 0, 0, 0, 0, 0, 0};
      }
    }
    for (int v = 0; v < 8; ++v) {
      if (counts[v] > 0) result.counts[static_cast<model::Verdict>(v)] = counts[v];
    }
    if (flat_entity_scores) {
      for (size_t slot = 0; slot < slots; ++slot) {
        if (approx_weights[slot] == 0) continue;
        EntityYear& ey = entity_years[{static_cast<int>(slot / static_cast<size_t>(years)),
                                       min_year + static_cast<int>(slot % static_cast<size_t>(years))}];
        ey.overflowed = true;  // computed in double precision
        ey.approx_sum = approx_sum[slot];
        ey.approx_weights = approx_weights[slot];
      }
    }
    (void)first_year;
    for (auto& [year, parts] : year_parts) result.score_by_year[year] = combine(parts);
    for (auto& [key, ey] : entity_years) {
      ScoreTrace trace;
      if (aggregate == model::Aggregate::kWeightedMean || aggregate == model::Aggregate::kMean || aggregate == model::Aggregate::kSum) {
        trace.defined = true;
        trace.parts = std::move(ey.parts);
        if (ey.overflowed) {
          trace.score = Rational::FromDouble(aggregate == model::Aggregate::kSum ? ey.approx_sum : ey.approx_sum / ey.approx_weights);
        } else {
          trace.score = aggregate == model::Aggregate::kSum ? ey.sum : (ey.weights.IsZero() ? Rational(0) : ey.sum / ey.weights);
        }
      } else {
        trace = combine(ey.parts);
      }
      result.entity_scores[{data_.EntityId(key.first), key.second}] = std::move(trace);
    }

    // Payments: per year of the contract that has ended, from that year's scores.
    for (int year = contract.first_year; year != 0 && year <= contract.last_year; ++year) {
      std::map<std::string, Rational> names;
      const bool ended = !(options_.as_of < LastDate(model::Period{model::PeriodKind::kYear, year, 0}));
      auto score = result.score_by_year.find(year);
      if (score != result.score_by_year.end() && score->second.defined) names["score"] = score->second.score;
      for (const auto& part : score != result.score_by_year.end() ? score->second.parts : std::vector<ScoreTrace::Part>{}) {
        names[part.item] = part.mean;
      }
      for (const auto& payment : contract.payments) {
        PaymentResult paid;
        paid.name = payment.name;
        paid.title = payment.title;
        paid.year = year;
        if (names.count("score")) paid.score = names["score"];
        if (!ended) {
          paid.reason = std::to_string(year) + " has not ended at the as-of date";
        } else {
          try {
            // A contract with one establishment as party: its attributes and values can set amounts
            // (a table by size class); otherwise a payment reads scores, parameters and tables only.
            int single = -1;
            int entity_parties = 0;
            for (const auto& party : contract.parties) {
              ++entity_parties;
              single = data_.EntityIndex(party.id);
            }
            const int year_slot = data_.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0});
            if (entity_parties != 1 || year_slot < 0) single = -1;
            Detail read;
            impl.payment_read = &paid.read;
            impl.payment_detail = &read;
            const Impl::Frame frame{single, single < 0 ? -1 : year_slot, Impl::Reading::kOwnParty, &names, nullptr, 0, nullptr, ""};
            Value v = impl.Eval(*payment.formula, frame);
            impl.payment_read = nullptr;
            impl.payment_detail = nullptr;
            for (auto& input : read.inputs) {  // once each, in the order read
              const bool seen = std::any_of(paid.inputs.begin(), paid.inputs.end(), [&](const InputRead& x) {
                return x.entity == input.entity && x.indicator == input.indicator && x.period == input.period;
              });
              if (!seen) paid.inputs.push_back(std::move(input));
            }
            if (v.kind == Value::Kind::kNumber) {
              paid.amount = v.number.Round(2);  // to the cent, half away from zero
              names[payment.name] = *paid.amount;
            } else if (v.kind == Value::Kind::kMissing || v.kind == Value::Kind::kError) {
              paid.reason = (v.why.empty() ? std::string("no scored verdict") : v.why) +
                            (v.why.rfind("no scored verdict", 0) == 0 || v.why.find("has no scored verdict") != std::string::npos
                                 ? " in " + std::to_string(year)
                                 : "");
            } else {
              paid.reason = "the formula does not give an amount";
            }
          } catch (const std::exception& error) {
            impl.payment_read = nullptr;
            impl.payment_detail = nullptr;
            paid.reason = std::string("the amount cannot be computed exactly: ") + error.what();
          }
        }
        if (!paid.amount && paid.reason.empty()) paid.reason = "no scored verdict in " + std::to_string(year);
        result.payments.push_back(std::move(paid));
      }
    }
    run.contracts.push_back(std::move(result));
  }
  return run;
}

Detail Evaluator::Explain(const model::Contract& contract, const std::string& item, int entity, int period) {
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
    if (std::find(periods.begin(), periods.end(), period) == periods.end()) {
      out_of_scope(item + " is not evaluated in " + model::Format(data_.PeriodAt(period)) + ": it has no target then");
      return detail;
    }
    const std::vector<int> scope = impl.Scope(it->second->applicability, data_.PeriodAt(period));
    if (std::find(scope.begin(), scope.end(), entity) == scope.end()) {
      out_of_scope(data_.EntityId(entity) + " is not in the scope of " + item + " in " +
                   model::Format(data_.PeriodAt(period)) + " (" + "not a party, member or listed entity then)");
      return detail;
    }
    impl.CommitmentVerdict(*it->second, entity, period, &detail);
  } else if (auto ms = impl.milestones.find(item); ms != impl.milestones.end()) {
    const model::Period year{model::PeriodKind::kYear, ms->second->due.year, 0};
    const std::vector<int> scope = impl.Scope(ms->second->applicability, year);
    if (!(data_.PeriodAt(period) == year) || std::find(scope.begin(), scope.end(), entity) == scope.end()) {
      out_of_scope(item + " is evaluated for its due year " + std::to_string(year.year) + " and its own entities only");
      return detail;
    }
    impl.MilestoneVerdict(*ms->second, entity, &detail);
  } else {
    detail.verdict = model::Verdict::kError;
    detail.reason = "contract " + contract.name + " has no commitment or milestone " + item;
  }
  return detail;
}

}  // namespace vigie::eval
