// Exact rational numbers for scores and money: a payment is never computed in binary floating point.
// 15000 € * 2/3 is kept as the fraction 10000/1 exactly, and rounded to the cent (half away from
// zero) only where the language says so: when an amount is reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigie {

class Rational {
 public:
  Rational() = default;
  Rational(int64_t integer) : numerator_(integer) {}  // NOLINT: implicit from whole numbers is wanted
  static Rational Fraction(int64_t numerator, int64_t denominator);
  // Parses a decimal literal as written in a ruleset: "15000", "0.5", "-12.25". nullopt if not one.
  static std::optional<Rational> FromDecimal(std::string_view text);
  // The nearest rational with a denominator of at most 10^9, for values that come from data.
  static Rational FromDouble(double value);

  int64_t Numerator() const { return numerator_; }
  int64_t Denominator() const { return denominator_; }
  double ToDouble() const { return static_cast<double>(numerator_) / static_cast<double>(denominator_); }
  bool IsZero() const { return numerator_ == 0; }

  Rational operator+(const Rational& other) const;
  Rational operator-(const Rational& other) const;
  Rational operator*(const Rational& other) const;
  // Division by zero is the caller's to check (IsZero): it would be an `error` verdict, not a crash.
  Rational operator/(const Rational& other) const;
  Rational operator-() const { return Fraction(-numerator_, denominator_); }
  friend bool operator==(const Rational& a, const Rational& b) = default;
  friend bool operator<(const Rational& a, const Rational& b);
  friend bool operator<=(const Rational& a, const Rational& b) { return !(b < a); }
  friend bool operator>(const Rational& a, const Rational& b) { return b < a; }
  friend bool operator>=(const Rational& a, const Rational& b) { return !(a < b); }

  // Rounded to `decimals` places, half away from zero.
  Rational Round(int decimals) const;
  Rational Floor() const;
  Rational Ceil() const;
  // "12.5", "10000", "0.333333" (at most `max_decimals` places, trailing zeros dropped; exact when it terminates)
  std::string ToString(int max_decimals = 6) const;
  // Amount in euros, rounded to the cent: "10000.00"
  std::string ToCents() const;

 private:
  Rational(int64_t numerator, int64_t denominator, bool) : numerator_(numerator), denominator_(denominator) {}
  int64_t numerator_ = 0;
  int64_t denominator_ = 1;  // always > 0, and the fraction is reduced
};

}  // namespace vigie
