#include "engine/base/rational.h"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "engine/base/text.h"

namespace vigie {
namespace {

__extension__ typedef __int128 Wide;  // GCC and Clang: exact products of two int64

// Reduces a wide fraction and checks it fits: amounts and scores of real contracts are far below
// the limits; an overflow is a defect to surface, not a value to wrap around.
Rational Make(Wide numerator, Wide denominator) {
  if (denominator == 0) throw std::domain_error(std::string(Tr("division by zero")));
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  Wide a = numerator < 0 ? -numerator : numerator, b = denominator;
  while (b != 0) {
    Wide t = a % b;
    a = b;
    b = t;
  }
  const Wide gcd = a == 0 ? 1 : a;
  numerator /= gcd;
  denominator /= gcd;
  constexpr Wide kMax = static_cast<Wide>(INT64_MAX);
  if (numerator > kMax || numerator < -kMax || denominator > kMax) throw std::overflow_error(std::string(Tr("number too large")));
  return Rational::Fraction(static_cast<int64_t>(numerator), static_cast<int64_t>(denominator));
}

}  // namespace

Rational Rational::Fraction(int64_t numerator, int64_t denominator) {
  if (denominator == 0) throw std::domain_error(std::string(Tr("division by zero")));
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const int64_t gcd = std::gcd(numerator, denominator);
  return Rational(numerator / (gcd == 0 ? 1 : gcd), denominator / (gcd == 0 ? 1 : gcd), true);
}

std::optional<Rational> Rational::FromDecimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    ++i;
  }
  Wide numerator = 0, denominator = 1;
  bool digits = false, point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    numerator = numerator * 10 + (c - '0');
    if (point) denominator *= 10;
    if (numerator > static_cast<Wide>(INT64_MAX) || denominator > static_cast<Wide>(1'000'000'000'000'000'000LL)) {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  return Make(negative ? -numerator : numerator, denominator);
}

Rational Rational::FromDouble(double value) {
  if (!std::isfinite(value)) throw std::domain_error(std::string(Tr("not a finite number")));
  // Data values come from decimal text: 9 decimals recover them exactly in practice.
  const double scaled = std::round(value * 1e9);
  return Make(static_cast<Wide>(scaled), 1'000'000'000);
}

Rational Rational::operator+(const Rational& o) const {
  return Make(static_cast<Wide>(numerator_) * o.denominator_ + static_cast<Wide>(o.numerator_) * denominator_,
              static_cast<Wide>(denominator_) * o.denominator_);
}
Rational Rational::operator-(const Rational& o) const { return *this + (-o); }
Rational Rational::operator*(const Rational& o) const {
  return Make(static_cast<Wide>(numerator_) * o.numerator_, static_cast<Wide>(denominator_) * o.denominator_);
}
Rational Rational::operator/(const Rational& o) const {
  return Make(static_cast<Wide>(numerator_) * o.denominator_, static_cast<Wide>(denominator_) * o.numerator_);
}
bool operator<(const Rational& a, const Rational& b) {
  return static_cast<Wide>(a.numerator_) * b.denominator_ < static_cast<Wide>(b.numerator_) * a.denominator_;
}

Rational Rational::Round(int decimals) const {
  Wide scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const Wide scaled_numerator = static_cast<Wide>(numerator_) * scale;
  Wide quotient = scaled_numerator / denominator_;
  const Wide remainder = scaled_numerator % denominator_;
  // Half away from zero: compare twice the remainder with the denominator.
  const Wide twice = (remainder < 0 ? -remainder : remainder) * 2;
  if (twice >= denominator_) quotient += scaled_numerator < 0 ? -1 : 1;
  return Make(quotient, scale);
}

Rational Rational::Floor() const {
  int64_t q = numerator_ / denominator_;
  if (numerator_ % denominator_ != 0 && numerator_ < 0) --q;
  return Rational(q);
}

Rational Rational::Ceil() const {
  int64_t q = numerator_ / denominator_;
  if (numerator_ % denominator_ != 0 && numerator_ > 0) ++q;
  return Rational(q);
}

std::string Rational::ToString(int max_decimals) const {
  const Rational rounded = Round(max_decimals);
  const bool negative = rounded.numerator_ < 0;
  const uint64_t magnitude = negative ? static_cast<uint64_t>(-rounded.numerator_) : static_cast<uint64_t>(rounded.numerator_);
  const uint64_t whole = magnitude / static_cast<uint64_t>(rounded.denominator_);
  uint64_t rest = magnitude % static_cast<uint64_t>(rounded.denominator_);
  std::string out = (negative ? "-" : "") + std::to_string(whole);
  if (rest != 0) {
    out += '.';
    for (int i = 0; i < max_decimals && rest != 0; ++i) {
      rest *= 10;
      out += static_cast<char>('0' + rest / static_cast<uint64_t>(rounded.denominator_));
      rest %= static_cast<uint64_t>(rounded.denominator_);
    }
  }
  return out;
}

std::string Rational::ToCents() const {
  const Rational cents = Round(2);
  const bool negative = cents.numerator_ < 0;
  const Wide hundredths = static_cast<Wide>(negative ? -cents.numerator_ : cents.numerator_) * 100 / cents.denominator_;
  const int64_t whole = static_cast<int64_t>(hundredths / 100), part = static_cast<int64_t>(hundredths % 100);
  return (negative ? "-" : "") + std::to_string(whole) + "." + (part < 10 ? "0" : "") + std::to_string(part);
}

}  // namespace vigie
