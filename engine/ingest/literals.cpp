// Cell literals: Spirit X3 grammars recognise the shape of a literal; plain code trims, matches the
// missing-value codes, turns the recognised text into a value and words the errors.
#include "engine/ingest/literals.h"

#include <algorithm>
#include <array>
#include <boost/spirit/home/x3.hpp>
#include <charconv>
#include <system_error>

#include "engine/base/quote.h"
#include "engine/base/text.h"

namespace vigie::ingest {
namespace {

namespace x3 = boost::spirit::x3;

constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2199;
constexpr size_t kMaxNumberChars = 128;  // normalised digits, sign, mark and exponent

// ---- Text helpers -----------------------------------------------------------------------------

// Length of the space at `i`: ' ', '\t', '\r', '\n' (1), U+00A0 (2), U+202F (3), or 0.
size_t BlankLengthAt(std::string_view s, size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') return 2;
  if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\xAF') return 3;
  return 0;
}

// Same, for a space that ends at `end` (exclusive).
size_t BlankLengthBefore(std::string_view s, size_t end) {
  const char c = s[end - 1];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (end >= 2 && c == '\xA0' && s[end - 2] == '\xC2') return 2;
  if (end >= 3 && c == '\xAF' && s[end - 2] == '\x80' && s[end - 3] == '\xE2') return 3;
  return 0;
}

// Removes the spaces around the cell; `*offset` receives the byte offset of the result in `cell`.
std::string_view Trim(std::string_view cell, size_t* offset) {
  size_t begin = 0;
  while (begin < cell.size()) {
    const size_t n = BlankLengthAt(cell, begin);
    if (n == 0) break;
    begin += n;
  }
  size_t end = cell.size();
  while (end > begin) {
    const size_t n = BlankLengthBefore(cell, end);
    if (n == 0) break;
    end -= n;
  }
  *offset = begin;
  return cell.substr(begin, end - begin);
}

// Length of the UTF-8 character starting with `c` (1 for a stray continuation byte).
size_t Utf8Length(char c) {
  const auto b = static_cast<unsigned char>(c);
  if (b >= 0xF0) return 4;
  if (b >= 0xE0) return 3;
  if (b >= 0xC0) return 2;
  return 1;
}

// The UTF-8 character at `i`, whole, for a message.
std::string_view CharAt(std::string_view s, size_t i) {
  return s.substr(i, std::min(Utf8Length(s[i]), s.size() - i));
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ---- Numbers ----------------------------------------------------------------------------------

// Lower-case spellings; matched case-insensitively. The empty cell is handled before. DI (données
// insuffisantes), NR (non répondant) and NV (non validé) are the IQSS result codes.
constexpr std::array<std::string_view, 24> kMissingCodes = {
    ".",    ".c",   ".z",  ".v",           ".m",          "na",          "n/a",  "#n/a",
    "nd",   "n.d.", "n.d", "nc",           "n.c.",        "n.c",         "nr",   "null",
    "nan",  "-",    "--",  "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94", "di", "nv"};

bool IsMissingCode(std::string_view text) {
  if (text.size() > 6 || IsDigit(text[0])) return false;
  for (std::string_view code : kMissingCodes) {
    if (EqualsIgnoreCase(text, code)) return true;
  }
  return false;
}

const auto kDigit = x3::char_('0', '9');
const auto kSpace = x3::lit(' ') | x3::lit("\xC2\xA0") | x3::lit("\xE2\x80\xAF");
const auto kSign = x3::lit('+') | x3::lit('-') | x3::lit("\xE2\x88\x92");

// Recognises a number without its sign: mantissa, exponent, percent sign. `it` is left where the
// recognition stopped (on success too: the caller checks that the whole cell was read).
template <char kMark, char kGroup>
void MatchUnsignedNumber(const char*& it, const char* end) {
  // A thousands group: a separator and exactly 3 digits. The first group has 1 to 3 digits.
  const auto group = (kSpace | x3::lit(kGroup)) >> x3::repeat(3)[kDigit] >> !kDigit;
  const auto integer = (x3::repeat(1, 3)[kDigit] >> +group) | +kDigit;
  const auto fraction = x3::lit(kMark) >> +kDigit;
  const auto mantissa = (integer >> -fraction) | fraction;
  const auto exponent = (x3::lit('e') | x3::lit('E')) >> -(x3::lit('+') | x3::lit('-')) >> +kDigit;
  const auto percent = *kSpace >> x3::lit('%');
  x3::parse(it, end, mantissa >> -exponent >> -percent);
}

struct Convention {
  char mark;   // decimal mark
  char group;  // the other one, a thousands separator
};

// kAuto: decides the mark from the ',' and '.' of the cell (see DecimalMark in the header).
Convention Decide(std::string_view text, DecimalMark mark, bool* single_mark) {
  *single_mark = false;
  if (mark == DecimalMark::kComma) return {',', '.'};
  if (mark == DecimalMark::kDot) return {'.', ','};
  size_t commas = 0, dots = 0;
  char last = 0;
  for (char c : text) {
    if (c == ',') {
      ++commas;
      last = c;
    } else if (c == '.') {
      ++dots;
      last = c;
    }
  }
  if (commas > 0 && dots > 0) return last == ',' ? Convention{',', '.'} : Convention{'.', ','};
  if (commas == 1 || dots == 1) {
    *single_mark = true;
    return commas == 1 ? Convention{',', '.'} : Convention{'.', ','};
  }
  if (commas > 1) return {'.', ','};
  return {',', '.'};  // several dots (thousands), or neither
}

NumberCell Invalid(std::string_view text, size_t offset, std::string_view reason) {
  NumberCell cell;
  cell.kind = NumberCell::Kind::kInvalid;
  cell.error = reason.empty() ? Tr("'{0}' is not a number", ShortenForMessage(text)) : Tr("'{0}' is not a number: {1}", ShortenForMessage(text), reason);
  cell.error_offset = offset;
  return cell;
}

// Words why recognition stopped at `stop` (an index in `text`, past the sign).
NumberCell Explain(std::string_view text, size_t lead, size_t body, size_t stop, Convention conv) {
  const size_t at = lead + stop;
  if (stop >= text.size()) return Invalid(text, at, "");  // a sign alone: "+"
  const char c = text[stop];
  const bool after_digit = stop > body && IsDigit(text[stop - 1]);
  const bool digit_next = stop + 1 < text.size() && IsDigit(text[stop + 1]);
  if (c == conv.mark) {
    if (text.substr(body, stop - body).find(conv.mark) != std::string_view::npos) {
      return Invalid(text, at, Tr("more than one decimal mark"));
    }
    return Invalid(text, at, Tr("the decimal mark '{0}' must be followed by digits", c));
  }
  if (c == conv.group && after_digit && digit_next) {
    return Invalid(text, at,
                   Tr("'{0}' separates thousands here (the decimal mark is '{1}'), so it must be followed by exactly 3 digits",
                      c, conv.mark));
  }
  if (const size_t blank = BlankLengthAt(text, stop); blank > 0 && after_digit) {
    if (stop + blank < text.size() && IsDigit(text[stop + blank])) {
      return Invalid(text, at, Tr("digits separated by spaces must come in groups of 3"));
    }
    size_t next = stop + blank;  // text after the number, e.g. "12 kg"
    while (next < text.size() && BlankLengthAt(text, next) > 0) next += BlankLengthAt(text, next);
    if (next < text.size()) {
      return Invalid(text, lead + next, Tr("unexpected '{0}'", CharAt(text, next)));
    }
  }
  if ((c == 'e' || c == 'E') && after_digit) return Invalid(text, at, Tr("the exponent has no digits"));
  const auto byte = static_cast<unsigned char>(c);
  if (stop == 0 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || byte >= 0x80)) {
    return Invalid(text, at, "");  // a word: "'abc' is not a number" says it all
  }
  return Invalid(text, at, Tr("unexpected '{0}'", CharAt(text, stop)));
}

}  // namespace

NumberCell ParseNumberCell(std::string_view cell, DecimalMark mark) {
  size_t lead = 0;
  const std::string_view text = Trim(cell, &lead);
  NumberCell result;
  if (text.empty() || IsMissingCode(text)) {
    result.kind = NumberCell::Kind::kMissing;
    result.missing_code = std::string(text);
    return result;
  }
  if (text[0] == '#') {
    result.kind = NumberCell::Kind::kInvalid;
    result.error = Tr("'{0}' is a spreadsheet error, not a number", ShortenForMessage(text));
    result.error_offset = lead;
    return result;
  }

  bool single_mark = false;
  const Convention conv = Decide(text, mark, &single_mark);

  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* it = begin;
  x3::parse(it, end, kSign);
  const size_t body = static_cast<size_t>(it - begin);
  if (conv.mark == ',') {
    MatchUnsignedNumber<',', '.'>(it, end);
  } else {
    MatchUnsignedNumber<'.', ','>(it, end);
  }
  const size_t stop = static_cast<size_t>(it - begin);
  if (stop < text.size() || stop == body) return Explain(text, lead, body, stop, conv);

  // The grammar accepted the whole cell: normalise to "-123.45e6" and convert.
  std::array<char, kMaxNumberChars> buffer;
  size_t n = 0;
  if (body > 0 && text[0] != '+') buffer[n++] = '-';
  enum { kInteger, kFraction, kExponent } part = kInteger;
  size_t integer_digits = 0, fraction_digits = 0;
  char separator = 0;  // first byte of the thousands separator used
  bool grouped = false;
  size_t groups = 0;  // thousands separators met
  for (size_t i = body; i < text.size();) {
    const char c = text[i];
    if (n + 1 >= buffer.size()) return Invalid(text, lead + i, Tr("too many digits"));
    if (IsDigit(c)) {
      buffer[n++] = c;
      if (part == kInteger) ++integer_digits;
      if (part == kFraction) ++fraction_digits;
    } else if (c == conv.mark && part == kInteger) {
      buffer[n++] = '.';
      part = kFraction;
    } else if (c == 'e' || c == 'E') {
      buffer[n++] = 'e';
      part = kExponent;
    } else if (c == '+' || c == '-') {  // exponent sign
      buffer[n++] = c;
    } else if (c == '%') {
      result.percent_sign = true;
    } else {  // a thousands separator or a space before '%'
      const size_t length = c == conv.group ? 1 : BlankLengthAt(text, i);
      if (part == kInteger && i + length < text.size() && IsDigit(text[i + length])) {
        if (separator == 0) separator = c;
        if (c != separator) {
          return Invalid(text, lead + i, Tr("one number cannot mix different thousands separators"));
        }
        grouped = true;
        ++groups;
      }
      i += length;
      continue;
    }
    ++i;
  }
  if (grouped && text[body] == '0') {  // "0.947" with kComma: a decimal written with the other mark, never 947
    const size_t at = text.find(separator, body);
    return Invalid(text, lead + at, Tr("a number that starts with 0 has no thousands to separate"));
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(buffer.data(), buffer.data() + n, value);
  if (ec != std::errc() || ptr != buffer.data() + n) {
    result.kind = NumberCell::Kind::kInvalid;
    result.error = Tr("'{0}' is out of range", ShortenForMessage(text));
    result.error_offset = lead;
    return result;
  }
  result.kind = NumberCell::Kind::kValue;
  result.value = value == 0 ? 0 : value;  // no -0
  result.mark_ambiguous = single_mark && !grouped && part == kFraction && fraction_digits == 3 &&
                          integer_digits >= 1 && integer_digits <= 3 && text[body] != '0';
  result.group_ambiguous = mark != DecimalMark::kAuto && groups == 1 && separator == conv.group &&
                           part == kInteger;
  return result;
}

// ---- Dates ------------------------------------------------------------------------------------

namespace {

const x3::uint_parser<int, 10, 4, 4> kYear4;
const x3::uint_parser<int, 10, 1, 2> kOneOrTwo;
const x3::uint_parser<int, 10, 2, 2> kTwo;
const x3::uint_parser<int, 10, 1, 1> kOne;

// "" when the year is in range, else the reason.
std::string CheckYear(int year) {
  if (year >= kMinYear && year <= kMaxYear) return "";
  return Tr("year {0} is out of range ({1} to {2})", year, kMinYear, kMaxYear);
}

}  // namespace

DateCell ParseDateCell(std::string_view cell) {
  size_t lead = 0;
  const std::string_view text = Trim(cell, &lead);
  DateCell result;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool two_digit_year = false;
  const auto set_year = [&](auto& ctx) { year = x3::_attr(ctx); };
  const auto set_month = [&](auto& ctx) { month = x3::_attr(ctx); };
  const auto set_day = [&](auto& ctx) { day = x3::_attr(ctx); };
  const auto set_hour = [&](auto& ctx) { hour = x3::_attr(ctx); };
  const auto set_minute = [&](auto& ctx) { minute = x3::_attr(ctx); };
  const auto set_second = [&](auto& ctx) { second = x3::_attr(ctx); };
  const auto set_short_year = [&](auto&) { two_digit_year = true; };

  const auto iso = [&](char sep) {
    return kYear4[set_year] >> x3::lit(sep) >> kOneOrTwo[set_month] >> x3::lit(sep) >> kOneOrTwo[set_day];
  };
  const auto french = [&](char sep) {
    return kOneOrTwo[set_day] >> x3::lit(sep) >> kOneOrTwo[set_month] >> x3::lit(sep) >>
           (kYear4[set_year] | (kTwo >> x3::eoi >> x3::eps[set_short_year]));
  };
  const auto time = (+x3::lit(' ') | x3::lit('T')) >> kOneOrTwo[set_hour] >> ':' >> kTwo[set_minute] >>
                    -(':' >> kTwo[set_second] >> -('.' >> +kDigit)) >> -x3::lit('Z');
  const auto date = iso('-') | iso('/') | french('/') | french('-') | french('.');

  const char* it = text.data();
  const char* const end = it + text.size();
  const bool matched = !text.empty() && x3::parse(it, end, date >> -time >> x3::eoi);

  if (!matched && !two_digit_year) {
    result.error = Tr("'{0}' is not a date (expected 2020-06-30 or 30/06/2020)", ShortenForMessage(text));
    return result;
  }
  const auto why_not = [&]() -> std::string {
    if (two_digit_year) return std::string(Tr("the year must have 4 digits"));
    if (std::string reason = CheckYear(year); !reason.empty()) return reason;
    if (std::string reason = calendar::WhyNotADate(year, month, day); !reason.empty()) return reason;
    if (hour > 23 || minute > 59 || second > 59) return std::string(Tr("the time of day is not valid"));
    return "";
  };
  const std::string reason = why_not();
  if (!reason.empty()) {
    result.error = Tr("'{0}' is not a date: {1}", text, reason);
    return result;
  }
  result.ok = true;
  result.year = year;
  result.month = month;
  result.day = day;
  return result;
}

// ---- Periods ----------------------------------------------------------------------------------

PeriodCell ParsePeriodCell(std::string_view cell) {
  size_t lead = 0;
  const std::string_view text = Trim(cell, &lead);
  PeriodCell result;
  using Kind = PeriodCell::Kind;
  int year = 0, sub = 0;
  Kind kind = Kind::kYear;
  const auto set_year = [&](auto& ctx) { year = x3::_attr(ctx); };
  const auto set_sub = [&](auto& ctx) { sub = x3::_attr(ctx); };
  const auto is_year = [&](auto&) { kind = Kind::kYear; sub = 0; };
  const auto is_quarter = [&](auto&) { kind = Kind::kQuarter; };
  const auto is_month = [&](auto&) { kind = Kind::kMonth; };

  const auto letter = x3::lit('Q') | x3::lit('q') | x3::lit('T') | x3::lit('t');
  const auto quarter = letter >> kOne[set_sub];
  const auto year_p = kYear4[set_year];
  const auto period =
      (year_p >> -(x3::lit('-') | x3::lit(' ') | x3::lit('/')) >> quarter >> x3::eoi >> x3::eps[is_quarter]) |
      (quarter >> (x3::lit(' ') | x3::lit('-') | x3::lit('/')) >> year_p >> x3::eoi >> x3::eps[is_quarter]) |
      (year_p >> (x3::lit('-') | x3::lit('/')) >> kOneOrTwo[set_sub] >> x3::eoi >> x3::eps[is_month]) |
      (kOneOrTwo[set_sub] >> (x3::lit('/') | x3::lit('-')) >> year_p >> x3::eoi >> x3::eps[is_month]) |
      (year_p >> kTwo[set_sub] >> x3::eoi >> x3::eps[is_month]) |  // 202103
      (year_p >> x3::eoi >> x3::eps[is_year]);

  const char* it = text.data();
  const char* const end = it + text.size();
  if (text.empty() || !x3::parse(it, end, period)) {
    result.error = Tr("'{0}' is not a period (expected 2021, 2021-Q2, 2021-T2, 2021-03 or 03/2021)", ShortenForMessage(text));
    return result;
  }
  result.well_formed = true;
  std::string reason = CheckYear(year);
  if (reason.empty()) reason = calendar::WhyNotAPeriod(kind, sub);
  if (!reason.empty()) {
    result.error = Tr("'{0}' is not a period: {1}", text, reason);
    return result;
  }
  result.ok = true;
  result.kind = kind;
  result.year = year;
  result.sub = sub;
  return result;
}

// ---- "label : number" -------------------------------------------------------------------------

LabelledNumberCell ParseLabelledNumberCell(std::string_view cell, DecimalMark mark) {
  LabelledNumberCell result;
  const size_t colon = cell.rfind(':');
  size_t lead = 0;
  if (colon == std::string_view::npos) {
    // A bare label ("Cataracte") or a blank cell: Hospi Diag's way of writing "no value".
    const std::string_view text = Trim(cell, &lead);
    result.number = ParseNumberCell(cell, mark);
    if (result.number.kind == NumberCell::Kind::kValue) {
      result.number = NumberCell{};
      result.error = Tr("'{0}' has no label (expected 'label : number')", ShortenForMessage(text));
      return result;
    }
    if (result.number.kind == NumberCell::Kind::kInvalid) {  // a word: the bare label
      result.label = std::string(text);
      result.number = NumberCell{};
      result.number.kind = NumberCell::Kind::kMissing;
    }  // else a missing-value code on its own (".c", ""): no label, the code is kept
    result.ok = true;
    return result;
  }
  const std::string_view label = Trim(cell.substr(0, colon), &lead);
  if (label.empty()) {
    result.error = Tr("'{0}' has no label before ':'", ShortenForMessage(Trim(cell, &lead)));
    return result;
  }
  result.label = std::string(label);
  result.number = ParseNumberCell(cell.substr(colon + 1), mark);
  if (result.number.kind == NumberCell::Kind::kInvalid) {
    result.number.error_offset += colon + 1;
    result.error = result.number.error;
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace vigie::ingest
