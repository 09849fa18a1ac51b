#include "engine/store/internal/sql_quote.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace vigie::store::internal {

namespace {

// Whether the decimal `text` ("-364.125") is exactly a double (its digits N over 10^k, k its decimals,
// a fraction of a power of two: 5^k divides N). Only then is SQLite's quote() certain to keep the
// shortest text: it reads its "%!.15g" back to check it, and its reading (3.40: the digits divided by
// a power of ten in long double, then rounded to double) may land one unit off a value that is not
// (0.05140167 is written 5.14016700000000034687e-02).
bool IsExactDecimal(std::string_view text) {
  uint64_t digits = 0, five_power = 1;
  bool decimals = false;
  for (char c : text) {
    if (c == '.') decimals = true;
    if (c < '0' || c > '9') continue;
    digits = digits * 10 + static_cast<uint64_t>(c - '0');
    if (decimals) five_power *= 5;
  }
  return digits % five_power == 0;
}

// A whole number of eighths below 10^11 (W1's values, most stores' quantities): its exact decimal,
// at most 11 + 3 significant digits, is its shortest, written without the general case's two
// conversions (a campaign's digest quotes millions). False for any other value.
bool AppendEighths(std::string& out, double value) {
  const double eighths = value * 8;  // exact: a power of two
  if (!(std::fabs(value) < 1e11) || value == 0 || eighths != std::trunc(eighths)) return false;
  static constexpr std::string_view kFractions[] = {".0", ".125", ".25", ".375", ".5", ".625", ".75", ".875"};
  const auto whole = static_cast<int64_t>(std::fabs(eighths));
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, whole / 8);
  if (value < 0) out += '-';
  out.append(digits, written.ptr);
  out += kFractions[whole % 8];
  return true;
}

}  // namespace

bool AppendQuotedReal(std::string& out, double value) {
  if (AppendEighths(out, value)) return true;
  if (!std::isfinite(value) || value == 0) return false;
  const double magnitude = std::fabs(value);
  if (magnitude < 1e-4 || magnitude >= 1e15) return false;
  // The shortest digits that read back as `value`: with 15 or fewer, "%.15g" rounds the exact
  // binary value to those same digits (a double's error is below half a unit of the 15th), and
  // quote() keeps that text, as it reads back as `value`.
  char scientific[32];
  const auto [digits_end, failed] = std::to_chars(scientific, scientific + sizeof scientific, magnitude,
                                                  std::chars_format::scientific);
  if (failed != std::errc()) return false;
  const std::string_view mantissa(scientific, static_cast<size_t>(std::find(scientific, digits_end, 'e') - scientific));
  const size_t significant = mantissa.size() - (mantissa.find('.') == std::string_view::npos ? 0 : 1);
  if (significant > 15) return false;
  char fixed[48];
  const auto [fixed_end, fixed_failed] = std::to_chars(fixed, fixed + sizeof fixed, value, std::chars_format::fixed);
  if (fixed_failed != std::errc()) return false;
  const std::string_view text(fixed, static_cast<size_t>(fixed_end - fixed));
  if (!IsExactDecimal(text)) return false;
  out += text;
  if (text.find('.') == std::string_view::npos) out += ".0";
  return true;
}

}  // namespace vigie::store::internal
