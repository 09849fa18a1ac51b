// Numbers and values of the evaluation: exact decimals, units in arithmetic, totals, target rules.
#include "engine/base/number_text.h"
#include "engine/eval/internal/evaluation.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace vigie::eval {

namespace internal {

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

UnitClass UnitClassOf(model::Unit unit) {
  switch (unit) {
    case model::Unit::kPercent: return UnitClass::kPercent;
    case model::Unit::kRatio:
    case model::Unit::kCount:
    case model::Unit::kScore: return UnitClass::kPlain;
    default: return UnitClass::kOther;
  }
}

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

std::string Number(double value) { return ShortNumberText(value); }

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

std::string DateText(const model::Date& date) { return FormatDate(model::Format(date)); }
std::string PeriodText(const model::Period& period) { return FormatPeriod(model::Format(period)); }

}  // namespace internal

}  // namespace vigie::eval
