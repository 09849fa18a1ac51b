#include "engine/base/number_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace vigie {

std::string ShortNumber(double value) {
  // The text of printf's "%.10g" (the standard defines to_chars with a precision so), without
  // printf's cost: every reason of a campaign writes one or two numbers.
  char buffer[64];
  const std::to_chars_result written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10);
  return std::string(buffer, written.ptr);
}

namespace {

// The significant digits of a plain decimal ("-0.00120" has 3): from its first digit other than 0
// to its last.
size_t SignificantDigits(const char* begin, const char* end) {
  while (begin < end && (*begin == '-' || *begin == '0' || *begin == '.')) ++begin;
  while (end > begin && (end[-1] == '0' || end[-1] == '.')) --end;
  size_t digits = 0;
  for (const char* at = begin; at < end; ++at) digits += *at != '.';
  return digits;
}

// `value` (finite, not 0) with 10 significant digits, in fixed notation with '.', its trailing zeros
// cut, into `buffer`; returns its end.
char* TenDigits(double value, char* buffer, char* buffer_end) {
  const double magnitude = std::fabs(value);
  // Most values of a report: whole numbers, or decimals of a few digits. Their shortest text that
  // reads back as the same double (Ryu) is then the text rounded to 10 digits, at a fraction of the
  // cost of the rounding below. (When it has 10 digits or fewer, the double is the one nearest to
  // it, far from any tie at the tenth digit.)
  if (magnitude < 1e10 && value == std::trunc(value)) {
    return std::to_chars(buffer, buffer_end, static_cast<int64_t>(value)).ptr;
  }
  // A decimal of three places at most (364.125, 55.5), more common still: its thousandths as a whole
  // number, when they divided by 1000 give the double back (the division rounds exactly: that
  // decimal is then the one Ryu finds, the only one of three places so near the double).
  if (magnitude < 1e7) {
    const double thousandths = std::round(value * 1000);
    if (thousandths / 1000 == value) {
      const auto whole = static_cast<int64_t>(std::fabs(thousandths));
      char* end = buffer;
      if (value < 0) *end++ = '-';
      end = std::to_chars(end, buffer_end, whole / 1000).ptr;
      if (int64_t decimals = whole % 1000; decimals != 0) {
        *end++ = '.';
        for (int64_t place = 100; decimals != 0; place /= 10) {
          *end++ = static_cast<char>('0' + decimals / place);
          decimals %= place;
        }
      }
      return end;
    }
  }
  if (magnitude >= 1e-4 && magnitude < 1e10) {
    char* end = std::to_chars(buffer, buffer_end, value, std::chars_format::fixed).ptr;
    if (SignificantDigits(buffer, end) <= 10) return end;
  }
  // Decimals so that the number keeps 10 significant digits (std::to_chars writes what printf's
  // "%.*f" writes), then the trailing zeros cut.
  const int integer_digits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
  int decimals = 10 - integer_digits;
  if (decimals < 0) decimals = 0;
  if (decimals > 15) decimals = 15;
  char* end = std::to_chars(buffer, buffer_end, value, std::chars_format::fixed, decimals).ptr;
  if (decimals > 0) {
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  return end;
}

}  // namespace

char* WritePlainNumber(char* out, double value, char decimal_mark) {
  auto literal = [&](std::string_view text) { return std::copy(text.begin(), text.end(), out); };
  if (std::isnan(value)) return literal("NaN");
  if (std::isinf(value)) return literal(value < 0 ? "-inf" : "inf");
  if (value == 0) return literal("0");
  char* end = TenDigits(value, out, out + kPlainNumberRoom);
  if (end - out == 2 && out[0] == '-' && out[1] == '0') return literal("0");  // a tiny negative rounded away
  // Found by hand: a number's text is a few bytes, shorter than a call to memchr.
  for (char* at = out; at < end; ++at) {
    if (*at == '.') {
      *at = decimal_mark;
      break;
    }
  }
  return end;
}

void AppendPlainNumber(std::string& out, double value, char decimal_mark, std::string_view group) {
  char buffer[kPlainNumberRoom];
  if (group.empty()) return void(out.append(buffer, WritePlainNumber(buffer, value, decimal_mark)));
  std::string_view text(buffer, static_cast<size_t>(WritePlainNumber(buffer, value, '.') - buffer));
  size_t point = 0;
  while (point < text.size() && text[point] != '.') ++point;
  const bool negative = text.front() == '-';
  const size_t whole_size = point - (negative ? 1 : 0);
  if (whole_size < 4) {  // most numbers: the text as it is, its mark in place, appended at once
    if (point < text.size()) buffer[point] = decimal_mark;
    return void(out += text);
  }
  if (negative) out += '-', text.remove_prefix(1), --point;
  const std::string_view whole = text.substr(0, point);
  size_t first = whole.size() % 3 == 0 ? 3 : whole.size() % 3;
  out += whole.substr(0, first);
  for (; first < whole.size(); first += 3) out += group, out += whole.substr(first, 3);
  if (point == text.size()) return;
  out += decimal_mark;
  out += text.substr(point + 1);
}

long RoundHalfAway(double value) {
  if (value >= 1 && value < 0x1p50) return static_cast<long>(value + 0.5);
  return std::lround(value);
}

}  // namespace vigie
