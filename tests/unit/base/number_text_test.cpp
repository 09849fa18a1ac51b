#include "engine/base/number_text.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

#include "engine/base/locale_text.h"

namespace vigie {
namespace {

std::string English(double value) {
  std::string out;
  AppendPlainNumber(out, value, '.');
  return out;
}

std::string French(double value) {
  std::string out;
  AppendPlainNumber(out, value, ',', kNoBreakSpace);
  return out;
}

const std::string kNbsp = "\xC2\xA0";

TEST_CASE("plain numbers: 10 significant digits, no exponent, no trailing zeros", "[base][number]") {
  CHECK(English(0) == "0");
  CHECK(English(-0.0) == "0");
  CHECK(English(12.5) == "12.5");
  CHECK(English(-0.5) == "-0.5");
  CHECK(English(52) == "52");
  CHECK(English(-52) == "-52");
  CHECK(English(364.125) == "364.125");
  CHECK(English(0.1 + 0.2) == "0.3");  // 0.30000000000000004
  CHECK(English(1.0 / 3) == "0.3333333333");
  CHECK(English(2.0 / 3) == "0.6666666667");
  CHECK(English(-2.0 / 3) == "-0.6666666667");
  CHECK(English(1234567.891) == "1234567.891");
  // 11 digits, rounded to 10 from the double's exact value, 1234567.89149999991059...
  CHECK(English(1234567.8915) == "1234567.891");
  CHECK(English(0.0001) == "0.0001");
  CHECK(English(0.00001234) == "0.00001234");
  CHECK(English(1.5e-7) == "0.00000015");
  CHECK(English(1e-20) == "0");    // below 15 decimals
  CHECK(English(-1e-20) == "0");   // never "-0"
  // 999999999.95000004768... rounded to 10 digits: up to the next power of ten.
  CHECK(English(999999999.95) == "1000000000");
  CHECK(English(9999999999) == "9999999999");
  CHECK(English(12345678901.5) == "12345678902");  // from 10^10 on: the integer part, whole
  CHECK(English(1e20) == "100000000000000000000");
}

TEST_CASE("plain numbers: NaN and the infinities as words, huge values whole", "[base][number]") {
  CHECK(English(std::nan("")) == "NaN");
  CHECK(French(std::nan("")) == "NaN");
  CHECK(English(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(French(-std::numeric_limits<double>::infinity()) == "-inf");
  const std::string max = English(std::numeric_limits<double>::max());
  CHECK(max.size() == 309);
  CHECK(max.substr(0, 17) == "17976931348623157");
  CHECK(English(std::numeric_limits<double>::denorm_min()) == "0");
}

TEST_CASE("plain numbers in French: the decimal comma, thousands grouped by a no-break space from four digits", "[base][number]") {
  CHECK(French(0.5) == "0,5");
  CHECK(French(-0.5) == "-0,5");
  CHECK(French(999) == "999");
  CHECK(French(1250) == "1" + kNbsp + "250");
  CHECK(French(-1234567.25) == "-1" + kNbsp + "234" + kNbsp + "567,25");
  CHECK(French(123456.5) == "123" + kNbsp + "456,5");
  CHECK(French(1e20) == "100" + kNbsp + "000" + kNbsp + "000" + kNbsp + "000" + kNbsp + "000" + kNbsp + "000" + kNbsp + "000");
  // The same text as LocalizeNumber of the English one, as the pages write values.
  SetLanguage(Language::kFrench);
  for (double v : {0.5, 1250.0, -1234567.25, 1.0 / 3, 1e20, 1e-7}) CHECK(French(v) == LocalizeNumber(English(v)));
  SetLanguage(Language::kEnglish);
}

// The rule the fast ways must keep: printf's "%.*f" with the decimals that leave 10 significant
// digits (the integer digits by log10), the trailing zeros cut.
std::string Rounded(double value) {
  if (value == 0) return "0";
  int decimals = 10 - (static_cast<int>(std::floor(std::log10(std::fabs(value)))) + 1);
  decimals = decimals < 0 ? 0 : decimals > 15 ? 15 : decimals;
  char buffer[400];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

TEST_CASE("plain numbers: the fast ways write what rounding to 10 digits writes", "[base][number]") {
  std::mt19937_64 random(17);
  std::uniform_int_distribution<int64_t> whole(-2000000000, 2000000000);
  std::uniform_int_distribution<int> places(0, 6), exponent(-12, 14);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (int i = 0; i < 200000; ++i) {
    // Decimals of a few places (the common case), then any double of any size.
    const double decimal = static_cast<double>(whole(random)) / std::pow(10.0, places(random));
    const double any = unit(random) * std::pow(10.0, exponent(random));
    INFO(decimal << " " << any);
    REQUIRE(English(decimal) == Rounded(decimal));
    REQUIRE(English(any) == Rounded(any));
  }
}

TEST_CASE("rounding halves away from zero: std::lround's whole number, its fast way from 1 up", "[base][number]") {
  // Where adding a half rounds: the largest doubles below 0.5, 1.5 and 2.5, and halves.
  for (const double value : {0.49999999999999994, 1.4999999999999998, 2.4999999999999996, 0.5, 1.5, 2.5, 4.5, 31.5, 32.0,
                             3.9999999999999996, 121.99999999999999, 0.0, -0.5, -1.5, -2.4999999999999996, 0x1p50 - 0.5,
                             0x1p50 + 1, 0x1p52 + 1, -0x1p52 - 1}) {
    INFO(value);
    CHECK(RoundHalfAway(value) == std::lround(value));
  }
  CHECK(RoundHalfAway(0.49999999999999994) == 0);  // 0.49999999999999994 + 0.5 is 1: std::lround's own way
  // A trend line's coordinates: 4 to 122, as y = 32 - 28 f and x = 6 + 116 i / (n - 1) make them.
  std::mt19937_64 random(17);
  std::uniform_real_distribution<double> share(0, 1);
  for (int k = 0; k < 100000; ++k) {
    const double f = share(random), y = 32 - 28 * f, x = 6 + 116 * f;
    REQUIRE(RoundHalfAway(y) == std::lround(y));
    REQUIRE(RoundHalfAway(x) == std::lround(x));
    const double near_half = std::nextafter(std::floor(x) + 0.5, k % 2 ? 0.0 : 200.0);
    REQUIRE(RoundHalfAway(near_half) == std::lround(near_half));
  }
}

}  // namespace
}  // namespace vigie

namespace vigie {

TEST_CASE("plain numbers written at a place of the writer's: AppendPlainNumber's text without a group", "[base][number]") {
  auto written = [](double value, char mark) {
    char buffer[kPlainNumberRoom];
    return std::string(buffer, WritePlainNumber(buffer, value, mark));
  };
  CHECK(written(364.125, ',') == "364,125");
  CHECK(written(-12.5, '.') == "-12.5");
  CHECK(written(1234567.5, ',') == "1234567,5");  // no group
  CHECK(written(0.1 + 0.2, ',') == "0,3");
  CHECK(written(-0.0, ',') == "0");
  CHECK(written(-1e-300, ',') == "0");  // a tiny negative rounded away
  CHECK(written(std::nan(""), ',') == "NaN");
  CHECK(written(-std::numeric_limits<double>::infinity(), ',') == "-inf");
  CHECK(written(std::numeric_limits<double>::max(), ',').size() == 309);
  CHECK(written(2.0 / 3, ',') == "0,6666666667");  // ten significant digits
  CHECK(written(1e20, '.') == "100000000000000000000");
}

}  // namespace vigie
