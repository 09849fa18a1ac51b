// Expressions: the one interpreter of the bound model (formulas, filters, table values, payments).
#include "engine/eval/internal/evaluation.h"

#include <algorithm>
#include <stdexcept>

namespace vigie::eval {
namespace {

// The value at a place of a payment's year, or null when there is none.
const std::optional<Rational>* Placed(const std::vector<std::optional<Rational>>* values, int index) {
  if (values == nullptr || index < 0 || static_cast<size_t>(index) >= values->size()) return nullptr;
  return &(*values)[static_cast<size_t>(index)];
}

}  // namespace

bool Evaluator::Impl::OrderSatisfies(int order, model::Comparator comparator) {
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

bool Evaluator::Impl::Compares(const Rational& a, model::Comparator comparator, const Rational& b) {
  return OrderSatisfies(a < b ? -1 : b < a ? 1 : 0, comparator);
}

// Whether a table key takes a value: a number in a range, a tier, a word or text (any case), else.
bool Evaluator::Impl::KeyMatches(const model::TableKey& key, const Value& value) {
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
Value Evaluator::Impl::Eval(const model::Expr& e, const Frame& f) {
  using K = model::Expr::Kind;
  const bool payment = f.reading == Reading::kOwnParty;
  // A derived indicator of a group is its formula over the group's totals: arithmetic only.
  if (f.reading == Reading::kGroupTotals && e.kind != K::kNumber && e.kind != K::kIndicator && e.kind != K::kNegate &&
      e.kind != K::kArithmetic && e.kind != K::kParameter) {
    return Value::Error(Tr("the formula of {0} cannot be computed for a group", f.formula_of->name));
  }
  switch (e.kind) {
    case K::kNumber: return Value::Num(e.number, e.unit_class);
    case K::kText:
    case K::kDate:
    case K::kSymbol: return Value::Text(e.text);
    case K::kParameter:
      return e.operands.empty() ? Value::Error(Tr("parameter {0} has no value", e.text)) : Eval(*e.operands[0], f);
    case K::kScore:
      if (f.year != nullptr && f.year->score) return Value::Num(*f.year->score);
      return Value::Unscored(std::string(Tr("no scored verdict")));
    case K::kPartyScore: {
      if (f.year != nullptr && f.year->full) return Value::Num(Rational(1));
      if (f.year != nullptr) {
        if (auto it = f.year->party_scores.find(e.text); it != f.year->party_scores.end()) return Value::Num(it->second);
      }
      return Value::Unscored(Tr("{0} has no scored verdict", e.text));
    }
    case K::kItemScore:
      if (const std::optional<Rational>* mean = Placed(f.year ? &f.year->item_means : nullptr, e.index); mean && *mean) {
        return Value::Num(**mean);
      }
      return Value::Unscored(Tr("{0} has no scored verdict", e.text));
    case K::kPayment:
      if (const std::optional<Rational>* amount = Placed(f.year ? &f.year->amounts : nullptr, e.index); amount && *amount) {
        return Value::Num(**amount, model::UnitClass::kOther);
      }
      return Value::Missing(Tr("payment {0} has no amount", e.text));
    case K::kIndicator: return IndicatorValue(e, f);
    case K::kAttribute: {
      if (f.entity < 0) return NoEntity(e.text);
      const model::Period& p = data.PeriodAt(f.period);
      std::optional<std::string> attribute = data.Attribute(f.entity, e.text, LastDay(p));
      if (!attribute) attribute = data.Attribute(f.entity, e.text, FirstDay(p));
      if (!attribute) {
        return Value::Missing(Tr("attribute {0} of {1} is unknown for {2}", e.text, data.EntityId(f.entity), PeriodText(p)));
      }
      if (payment) NoteRead(ReadLine(e.text, f.entity, f.period, *attribute));
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
      if (a.kind != Value::Kind::kNumber || b.kind != Value::Kind::kNumber) return Value::Error(std::string(Tr("not a number")));
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
    case K::kPresence: {  // never missing: it is the question "is there a value?"
      Value a = Eval(*e.operands[0], f);
      if (a.kind == Value::Kind::kError) return a;
      return Value::Bool((a.kind != Value::Kind::kMissing) == (e.text == "present"));
    }
    case K::kIf: {
      Value condition = Eval(*e.operands[0], f);
      if (condition.kind != Value::Kind::kBool) {
        // A missing value or an error (a value in none of its classes) says why on its own.
        if (condition.kind == Value::Kind::kMissing || condition.kind == Value::Kind::kError) return condition;
        return Value::Error(std::string(Tr("not a condition")));
      }
      return Eval(*e.operands[condition.flag ? 1 : 2], f);
    }
    case K::kLookup: return Lookup(e, f);
    case K::kCall: return Call(e, f);
    case K::kClass:
    case K::kEvolution: {
      if (f.entity < 0) {
        return Value::Error(Tr("'{0}' reads the class of one establishment or group: this contract has several parties", e.written));
      }
      Value v = e.kind == K::kClass ? ClassOf(*e.indicator, f.entity, f.period).value : Evolution(*e.indicator, f.entity, f.period);
      if (v.kind == Value::Kind::kText && payment) {
        NoteRead(ReadLine(e.written + "(" + e.indicator->name + ")", f.entity, f.period, v.text));
      }
      return v;
    }
    case K::kPrevious:
    case K::kLastKnown: return History(e, f);
    case K::kInvalid: break;
  }
  return Value::Error(e.text.empty() ? std::string(Tr("cannot compute")) : e.text);
}

// 'x' in a payment of a contract that no single establishment signed.
Value Evaluator::Impl::NoEntity(const std::string& name) {
  return Value::Error(Tr("'{0}' has no value in a payment of a contract that is not signed by one "
                         "establishment (attributes and indicators belong to an establishment)",
                         name));
}

// An indicator's value as the frame reads it: the entity's, the group's total, or a payment's party's.
Value Evaluator::Impl::IndicatorValue(const model::Expr& e, const Frame& f) {
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
  if (!exact) return Value::Error(Tr("the value {0} of {1} is too large to compute with", Measured(v.value, indicator.unit), indicator.name));
  if (f.reading == Reading::kOwnParty) NoteValue(indicator, f.entity, f.period, v.value);
  return Value::Num(*exact, UnitClassOf(indicator.unit));
}

// + - * /, exact. A percentage scales a value in another unit. Outside payments, an exact fraction
// that would not fit in 64 bits is rounded to 9 decimals (data values are decimals of that order);
// a payment's amount is exact or not computed at all.
Value Evaluator::Impl::Arithmetic(model::ArithmeticOp op, const Value& a, const Value& b, const Frame& f) const {
  using Op = model::ArithmeticOp;
  const model::UnitClass sum_unit = a.unit != model::UnitClass::kPlain ? a.unit : b.unit;
  const Scaling scaling = ScalingOf(a.unit, b.unit, op == Op::kDivide);
  if (op == Op::kDivide && b.number.IsZero()) {
    return Value::Error(f.formula_of != nullptr ? Tr("division by zero in the formula of {0} {1}", f.formula_of->name, f.for_whom)
                                                : std::string(Tr("division by zero")));
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
    return Value::Error(std::string(Tr("the numbers are too large to compute with")));
  }
}

Value Evaluator::Impl::Lookup(const model::Expr& e, const Frame& f) {
  std::vector<Value> keys;
  for (const auto& operand : e.operands) {
    keys.push_back(Eval(*operand, f));
    if (keys.back().kind == Value::Kind::kError || keys.back().kind == Value::Kind::kMissing) return keys.back();
  }
  if (e.table == nullptr) return Value::Error(Tr("no table {0}", e.text));
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
    wanted += (wanted.empty() ? "" : ", ") + (key.kind == Value::Kind::kNumber ? LocalizeNumber(key.number.ToString()) : key.text);
  }
  return Value::Error(Tr("table {0} has no entry for {1}", e.text, wanted));
}

Value Evaluator::Impl::Call(const model::Expr& e, const Frame& f) {
  std::vector<Rational> args;
  model::UnitClass unit = model::UnitClass::kPlain;
  for (const auto& operand : e.operands) {
    Value v = Eval(*operand, f);
    if (v.kind != Value::Kind::kNumber) {
      return v.kind == Value::Kind::kMissing || v.kind == Value::Kind::kError ? v : Value::Error(std::string(Tr("not a number")));
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
  return Value::Error(Tr("unknown function {0}", e.text));
}

// A formula's value as a verdict reads it.
Evaluator::Impl::Computed Evaluator::Impl::ToComputed(const Value& v) {
  Computed out;
  switch (v.kind) {
    case Value::Kind::kNumber: out.value = v.number.ToDouble(); break;
    case Value::Kind::kMissing: out.reason = v.why; break;
    case Value::Kind::kError: out.error = true; out.reason = v.why; break;
    case Value::Kind::kText:
    case Value::Kind::kBool: out.error = true; out.reason = Tr("the formula does not give a number"); break;
  }
  return out;
}

}  // namespace vigie::eval
