#include <catch2/catch.hpp>

#include "engine/base/rational.h"

#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/base/language.h"

using vigie::Rational;

TEST_CASE("decimal literals are exact fractions", "[eval][rational]") {
  CHECK(Rational::FromDecimal("0.5") == Rational::Fraction(1, 2));
  CHECK(Rational::FromDecimal("15000") == Rational(15000));
  CHECK(Rational::FromDecimal("-12.25") == Rational::Fraction(-49, 4));
  CHECK_FALSE(Rational::FromDecimal("12,5").has_value());
  CHECK_FALSE(Rational::FromDecimal("").has_value());
}

TEST_CASE("money stays exact and rounds half away from zero to the cent", "[eval][rational]") {
  const Rational two_thirds = Rational(2) / Rational(3);
  CHECK((Rational(15000) * two_thirds).ToCents() == "10000.00");
  CHECK((Rational(15000) / Rational(3)).ToCents() == "5000.00");
  CHECK((Rational(100) / Rational(3)).ToCents() == "33.33");
  CHECK(Rational::Fraction(1, 200).ToCents() == "0.01");     // 0.005 -> 0.01
  CHECK(Rational::Fraction(-1, 200).ToCents() == "-0.01");   // -0.005 -> -0.01 (away from zero)
  CHECK(Rational::Fraction(1, 3).ToString(4) == "0.3333");
  CHECK(Rational::Fraction(5, 2).Round(0) == Rational(3));
  CHECK(Rational::Fraction(-5, 2).Round(0) == Rational(-3));
  CHECK(Rational::Fraction(7, 2).Floor() == Rational(3));
  CHECK(Rational::Fraction(-7, 2).Floor() == Rational(-4));
  CHECK(Rational::Fraction(7, 2).Ceil() == Rational(4));
}

TEST_CASE("data values come back exactly", "[eval][rational]") {
  CHECK(Rational::FromDouble(0.1) == Rational::Fraction(1, 10));
  CHECK(Rational::FromDouble(39.17) == Rational::Fraction(3917, 100));
}

TEST_CASE("in French, an exact computation that fails says why in French", "[eval][rational][french]") {
  vigie::SetLanguage(vigie::Language::kFrench);
  std::string division, finite, large;
  try { (void)(Rational(1) / Rational(0)); } catch (const std::exception& error) { division = error.what(); }
  try { (void)Rational::FromDouble(1.0 / 0.0); } catch (const std::exception& error) { finite = error.what(); }
  try { (void)(Rational(INT64_MAX) * Rational(2)); } catch (const std::exception& error) { large = error.what(); }
  vigie::SetLanguage(vigie::Language::kEnglish);
  CHECK(division == "division par zéro");
  CHECK(finite == "pas un nombre fini");
  CHECK(large == "nombre trop grand");
}
