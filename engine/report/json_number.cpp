#include "engine/report/json_number.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace vigie::report {
namespace {

// Below this magnitude, every decimal of three places at most is written here
// (tests/unit/report/json_number_test.cpp compares them all with nlohmann's).
constexpr double kShortDecimalsBelow = 10000;

// `number` (0 to 9999) in decimal at `out`, without to_chars' call; returns its end.
char* WriteBelow10000(char* out, int number) {
  const int digits = number >= 1000 ? 4 : number >= 100 ? 3 : number >= 10 ? 2 : 1;
  for (int i = digits - 1; i >= 0; --i, number /= 10) out[i] = static_cast<char>('0' + number % 10);
  return out + digits;
}

// `value` written as its decimal of three places at most, when it is the double nearest to one
// (364.125, 55.5, 0.1, 12: most numbers of a report): that decimal is then the shortest text that
// reads back as `value`, the one Grisu2 finds, in the notation nlohmann gives numbers of that size
// (the decimals cut after their last digit other than 0, ".0" after a whole number). nullptr for
// any other value (0 and -0 included).
char* WriteShortDecimal(char* out, double value) {
  const double magnitude = std::fabs(value);
  if (!(magnitude < kShortDecimalsBelow) || value == 0) return nullptr;
  // The nearest whole number of thousandths, without std::round's call: a half added, then cut (it
  // may miss a value just below a half, which the check then sends to Grisu2, its text the same).
  const auto whole = static_cast<int64_t>(magnitude * 1000 + 0.5);
  if (static_cast<double>(whole) / 1000 != magnitude) return nullptr;
  if (value < 0) *out++ = '-';
  out = WriteBelow10000(out, static_cast<int>(whole / 1000));
  *out++ = '.';
  // The three decimals, then as many as there are up to the last other than 0 (one at least).
  const auto decimals = static_cast<int>(whole % 1000);
  out[0] = static_cast<char>('0' + decimals / 100);
  out[1] = static_cast<char>('0' + decimals / 10 % 10);
  out[2] = static_cast<char>('0' + decimals % 10);
  return out + (decimals % 10 != 0 ? 3 : decimals % 100 != 0 ? 2 : 1);
}

}  // namespace

char* WriteJsonNumber(char* out, double value) {
  if (char* end = WriteShortDecimal(out, value)) return end;
  return nlohmann::detail::to_chars(out, out + 64, value);
}

}  // namespace vigie::report
