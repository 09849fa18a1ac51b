#ifndef VIGIE_BASE_NUMBER_TEXT_H_
#define VIGIE_BASE_NUMBER_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace vigie {

// A number as a controller reads it: 2.5, 40, 0.2 (never 0.19999999999999): 10 significant digits.
std::string ShortNumber(double value);

// A number as the reports write it, appended to `out` without a string of its own (a campaign's
// CSV and pages write millions): at most 10 significant digits, never an exponent, no trailing
// zeros, "-0" as "0"; `decimal_mark` ('.' or ',') before the decimals; `group` (the no-break space
// of French, or nothing) between each three digits of an integer part of four digits or more.
// NaN is "NaN", the infinities "inf" and "-inf". With ('.', "") it is report::FormatNumber's text;
// with (',', kNoBreakSpace) LocalizeNumber of that text in French.
void AppendPlainNumber(std::string& out, double value, char decimal_mark, std::string_view group = {});

// AppendPlainNumber's text with no group, written at `out`, which has room for kPlainNumberRoom
// bytes (DBL_MAX has 309 integer digits); returns its end. For a writer that makes its text in a
// buffer of its own (report.csv's).
inline constexpr size_t kPlainNumberRoom = 400;
char* WritePlainNumber(char* out, double value, char decimal_mark);

// std::lround(value) (halves away from zero), without its call where adding a half then cutting the
// fraction gives the same whole number: from 1 up to 2^50 (a sum that rounds up to a whole number
// comes from a value at most half below it, which std::lround rounds up too). Below 1 (where
// 0.49999999999999994 + 0.5 rounds to 1), above, and NaN: std::lround itself.
long RoundHalfAway(double value);

}  // namespace vigie

#endif  // VIGIE_BASE_NUMBER_TEXT_H_
