#include "engine/base/locale_text.h"

#include <cmath>
#include <cstdlib>

#include "engine/base/number_text.h"
#include "engine/base/text.h"

namespace vigie {
namespace {

bool French() { return CurrentLanguage() == Language::kFrench; }

bool Digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "1234567" -> "1 234 567" with `separator` between the groups of three.
std::string Group(std::string_view digits, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

// Sign, integer digits and fraction (with its '.') of a plain decimal; false for anything else
// (an exponent, "inf", "NaN", "").
bool SplitDecimal(std::string_view number, std::string_view& sign, std::string_view& whole, std::string_view& fraction) {
  sign = {};
  if (!number.empty() && (number.front() == '-' || number.front() == '+')) {
    sign = number.substr(0, 1);
    number.remove_prefix(1);
  }
  const size_t dot = number.find('.');
  whole = number.substr(0, dot);
  fraction = dot == std::string_view::npos ? std::string_view() : number.substr(dot);
  return Digits(whole) && (fraction.empty() || fraction.size() == 1 || Digits(fraction.substr(1)));
}

}  // namespace

std::string LocalizeNumber(std::string_view number) {
  if (!French()) return std::string(number);
  std::string_view sign, whole, fraction;
  if (!SplitDecimal(number, sign, whole, fraction)) {
    std::string out(number);  // 1e+20, inf: only the decimal mark changes
    for (char& c : out) {
      if (c == '.') c = ',';
    }
    return out;
  }
  std::string out(sign);
  out += whole.size() >= 4 ? Group(whole, kNoBreakSpace) : std::string(whole);
  if (!fraction.empty()) out += "," + std::string(fraction.substr(1));
  return out;
}

std::string ShortNumberText(double value) { return LocalizeNumber(ShortNumber(value)); }

std::string FormatAmount(std::string_view amount) {
  std::string_view sign, whole, fraction;
  if (!SplitDecimal(amount, sign, whole, fraction)) return std::string(amount) + std::string(kNoBreakSpace) + "€";
  std::string out(sign);
  out += Group(whole, kNoBreakSpace);
  if (!fraction.empty()) out += (French() ? "," : ".") + std::string(fraction.substr(1));
  return out + std::string(kNoBreakSpace) + "€";
}

std::string FormatDate(std::string_view iso_date) {
  const bool date = iso_date.size() == 10 && iso_date[4] == '-' && iso_date[7] == '-' && Digits(iso_date.substr(0, 4)) &&
                    Digits(iso_date.substr(5, 2)) && Digits(iso_date.substr(8, 2));
  if (!French() || !date) return std::string(iso_date);
  return std::string(iso_date.substr(8, 2)) + "/" + std::string(iso_date.substr(5, 2)) + "/" +
         std::string(iso_date.substr(0, 4));
}

std::string FormatTimestamp(std::string_view iso_time) {
  const bool time = iso_time.size() == 20 && iso_time[10] == 'T' && iso_time[13] == ':' && iso_time[16] == ':' &&
                    iso_time[19] == 'Z';
  if (!French() || !time) return std::string(iso_time);
  return FormatDate(iso_time.substr(0, 10)) + " " + std::string(iso_time.substr(11, 8)) + " UTC";
}

std::string FormatPeriod(std::string_view period) {
  if (!French() || period.size() != 7 || period[4] != '-' || period[5] != 'Q') return std::string(period);
  std::string out(period);
  out[5] = 'T';
  return out;
}

std::string UnitWord(std::string_view unit) {
  static constexpr std::string_view kUnits[][2] = {
      {"percent", N_("percent")}, {"ratio", N_("ratio")}, {"count", N_("count")}, {"score", N_("score")},
      {"days", N_("days")},       {"hours", N_("hours")}, {"years", N_("years")}, {"euros", N_("euros")},
      {"beds", N_("beds")},       {"places", N_("places")},
  };
  for (const auto& [code, label] : kUnits) {
    if (code == unit) return std::string(Tr(label));
  }
  return std::string(unit);
}

std::string ValueWithUnit(std::string_view number, std::string_view unit) {
  if (unit == "euros") return FormatAmount(number);
  const std::string written = LocalizeNumber(number);
  if (unit == "percent") return written + std::string(kNoBreakSpace) + "%";
  // The singular and the plural, {0} the number: French takes the singular below 2 ("1,5 jour").
  static constexpr std::string_view kWords[][3] = {
      {"days", N_("{0} day"), N_("{0} days")},       {"hours", N_("{0} hour"), N_("{0} hours")},
      {"years", N_("{0} year"), N_("{0} years")},    {"beds", N_("{0} bed"), N_("{0} beds")},
      {"places", N_("{0} place"), N_("{0} places")}, {"points", N_("{0} pt"), N_("{0} pts")},
  };
  for (const auto& [code, singular, plural] : kWords) {
    if (code != unit) continue;
    const double magnitude = std::fabs(std::strtod(std::string(number).c_str(), nullptr));
    const bool one = French() ? magnitude < 2 : magnitude == 1;
    return Tr(one ? singular : plural, written);
  }
  return written;  // count, ratio, score: a plain number
}

std::string ComparatorSymbol(std::string_view comparator) {
  if (comparator == ">=") return "≥";
  if (comparator == "<=") return "≤";
  if (comparator == "!=") return "≠";
  return std::string(comparator);
}

std::string BoundWithUnit(std::string_view comparator, std::string_view number, std::string_view unit) {
  return ComparatorSymbol(comparator) + " " + ValueWithUnit(number, unit);
}

std::string ToleranceWithUnit(std::string_view number, std::string_view unit, bool relative) {
  if (relative) return Tr("{0} (relative)", ValueWithUnit(number, "percent"));
  return ValueWithUnit(number, unit == "percent" ? "points" : unit);
}

namespace {
// The words of each kind of period, in the order year, quarter, month.
std::string_view PeriodKindText(calendar::PeriodKind kind, std::string_view year, std::string_view quarter,
                                std::string_view month) {
  switch (kind) {
    case calendar::PeriodKind::kYear: return Tr(year);
    case calendar::PeriodKind::kQuarter: return Tr(quarter);
    case calendar::PeriodKind::kMonth: return Tr(month);
  }
  return "?";
}
}  // namespace

std::string_view PeriodKindNoun(calendar::PeriodKind kind) {
  return PeriodKindText(kind, N_("a year"), N_("a quarter"), N_("a month"));
}
std::string_view PeriodKindWord(calendar::PeriodKind kind) {
  return PeriodKindText(kind, N_("year"), N_("quarter"), N_("month"));
}
std::string_view PeriodKindPlural(calendar::PeriodKind kind) {
  return PeriodKindText(kind, N_("years"), N_("quarters"), N_("months"));
}
std::string_view PeriodKindAdjective(calendar::PeriodKind kind) {
  return PeriodKindText(kind, N_("yearly"), N_("quarterly"), N_("monthly"));
}

}  // namespace vigie
