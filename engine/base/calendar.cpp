#include "engine/base/calendar.h"

#include <array>
#include <chrono>
#include <cstdio>

#include "engine/base/text.h"

namespace vigie::calendar {
namespace chr = std::chrono;
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    N_("January"), N_("February"), N_("March"),     N_("April"),   N_("May"),      N_("June"),
    N_("July"),    N_("August"),   N_("September"), N_("October"), N_("November"), N_("December")};

chr::year_month_day ToChrono(const Date& date) {
  return chr::year_month_day{chr::year{date.year}, chr::month{static_cast<unsigned>(date.month)},
                             chr::day{static_cast<unsigned>(date.day)}};
}

Date FromChrono(const chr::year_month_day& ymd) {
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The digits of text[begin, begin + count) as a number, or -1 when one of them is not a digit.
int Digits(std::string_view text, size_t begin, size_t count) {
  if (begin + count > text.size()) return -1;
  int value = 0;
  for (size_t i = begin; i < begin + count; ++i) {
    if (!IsDigit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

// ── dates

bool IsLeapYear(int year) { return chr::year{year}.is_leap(); }

int DaysInMonth(int year, int month) {
  const chr::year_month_day_last last{chr::year{year}, chr::month_day_last{chr::month{static_cast<unsigned>(month)}}};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::string WhyNotADate(int year, int month, int day) {
  if (month < 1 || month > 12) return Tr("month {0} does not exist (1 to 12)", month);
  if (day < 1) return Tr("day {0} does not exist", day);
  if (ToChrono(Date{year, month, day}).ok()) return "";
  const std::string_view name = Tr(kMonthNames[static_cast<size_t>(month - 1)]);
  // Only February's length depends on the year, so only February names it.
  if (month == 2) return Tr("{0} {1} has {2} days", name, year, DaysInMonth(year, month));
  return Tr("{0} has {1} days", name, DaysInMonth(year, month));
}

std::string NotADate(std::string_view text, std::string_view reason) {
  return Tr("'{0}' is not a date: {1}", text, reason);
}

// ── periods

std::string_view Name(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kYear: return "year";
    case PeriodKind::kQuarter: return "quarter";
    case PeriodKind::kMonth: return "month";
  }
  return "?";
}

int PeriodsPerYear(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kYear: return 1;
    case PeriodKind::kQuarter: return 4;
    case PeriodKind::kMonth: return 12;
  }
  return 1;
}

int Ordinal(const Period& period) {
  if (period.kind == PeriodKind::kYear) return period.year;
  return period.year * PeriodsPerYear(period.kind) + period.sub - 1;
}

Period FromOrdinal(PeriodKind kind, int ordinal) {
  if (kind == PeriodKind::kYear) return Period{kind, ordinal, 0};
  const int per_year = PeriodsPerYear(kind);
  return Period{kind, ordinal / per_year, ordinal % per_year + 1};
}

std::string WhyNotAPeriod(PeriodKind kind, int sub) {
  if (kind == PeriodKind::kQuarter && (sub < 1 || sub > 4)) {
    return Tr("quarter {0} does not exist (1 to 4)", sub);
  }
  if (kind == PeriodKind::kMonth && (sub < 1 || sub > 12)) {
    return Tr("month {0} does not exist (1 to 12)", sub);
  }
  return "";
}

std::string NotAPeriod(std::string_view text, std::string_view reason) {
  return Tr("'{0}' is not a period: {1}", text, reason);
}

// ── the one parser

Parsed<Date> ParseDate(std::string_view text) {
  Parsed<Date> out;
  const int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || year < 0 || month < 0 || day < 0) {
    out.error = Tr("'{0}' is not a date (expected YYYY-MM-DD, such as 2020-06-30)", text);
    return out;
  }
  out.written = Date{year, month, day};
  if (std::string reason = WhyNotADate(year, month, day); !reason.empty()) {
    out.error = NotADate(text, reason);
    return out;
  }
  out.value = out.written;
  return out;
}

Parsed<Date> ParseDateOrTime(std::string_view text) {
  if (text.size() <= 10) return ParseDate(text);
  // YYYY-MM-DDTHH:MM:SSZ
  const int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  const bool time_form = text.size() == 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == 'Z' &&
                         hour >= 0 && minute >= 0 && second >= 0;
  Parsed<Date> out = ParseDate(text.substr(0, 10));
  if (!time_form) {
    out.value.reset();
    out.error = Tr("'{0}' is not a date or a UTC time (expected 2026-01-31 or 2026-01-31T12:00:00Z)", text);
  } else if (out.value && (hour > 23 || minute > 59 || second > 59)) {
    out.value.reset();
    out.error = Tr("'{0}' is not a time: the time of day is not valid", text);
  } else if (!out.value) {
    out.error = NotADate(text, WhyNotADate(out.written.year, out.written.month, out.written.day));
  }
  return out;
}

Parsed<Period> ParsePeriod(std::string_view text) {
  Parsed<Period> out;
  const int year = Digits(text, 0, 4);
  bool form = year >= 0;
  if (form && text.size() == 4) {
    out.written = Period{PeriodKind::kYear, year, 0};
  } else if (form && text.size() == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'T') && IsDigit(text[6])) {
    out.written = Period{PeriodKind::kQuarter, year, text[6] - '0'};
  } else if (form && text.size() == 7 && text[4] == '-' && Digits(text, 5, 2) >= 0) {
    out.written = Period{PeriodKind::kMonth, year, Digits(text, 5, 2)};
  } else if (text.size() == 7 && text[2] == '/' && Digits(text, 0, 2) >= 0 && Digits(text, 3, 4) >= 0) {
    out.written = Period{PeriodKind::kMonth, Digits(text, 3, 4), Digits(text, 0, 2)};  // 10/2021, as typed in French
    form = true;
  } else if (text.size() == 6 && text[1] == '/' && Digits(text, 0, 1) >= 0 && Digits(text, 2, 4) >= 0) {
    out.written = Period{PeriodKind::kMonth, Digits(text, 2, 4), Digits(text, 0, 1)};  // 4/2021
    form = true;
  } else {
    form = false;
  }
  if (!form) {
    out.error = Tr("'{0}' is not a period (expected 2021, 2021-Q2, 2021-T2 or 2021-03)", text);
    return out;
  }
  if (std::string reason = WhyNotAPeriod(out.written.kind, out.written.sub); !reason.empty()) {
    out.error = NotAPeriod(text, reason);
    return out;
  }
  out.value = out.written;
  return out;
}

// ── formatting

std::string Format(const Date& date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::string Format(const Period& period) {
  char buffer[32];
  switch (period.kind) {
    case PeriodKind::kYear: std::snprintf(buffer, sizeof buffer, "%04d", period.year); break;
    case PeriodKind::kQuarter: std::snprintf(buffer, sizeof buffer, "%04d-Q%d", period.year, period.sub); break;
    case PeriodKind::kMonth: std::snprintf(buffer, sizeof buffer, "%04d-%02d", period.year, period.sub); break;
  }
  return buffer;
}

std::string FormatForMessage(const Period& period) {
  std::string out = Format(period);
  const size_t quarter = out.rfind("-Q");
  if (period.kind == PeriodKind::kQuarter && quarter != std::string::npos && CurrentLanguage() == Language::kFrench) {
    out[quarter + 1] = 'T';
  }
  return out;
}

// ── arithmetic

long DaysFromCivil(const Date& date) {
  return static_cast<long>(chr::sys_days(ToChrono(date)).time_since_epoch().count());
}

int DaysBetween(const Date& from, const Date& to) {
  return static_cast<int>(DaysFromCivil(to) - DaysFromCivil(from));
}

Date AddDays(const Date& date, long days) {
  return FromChrono(chr::year_month_day{chr::sys_days(ToChrono(date)) + chr::days{days}});
}

Date AddMonths(const Date& date, int months) {
  const chr::year_month ym = chr::year_month{chr::year{date.year}, chr::month{static_cast<unsigned>(date.month)}} +
                             chr::months{months};
  const int last = DaysInMonth(static_cast<int>(ym.year()), static_cast<int>(static_cast<unsigned>(ym.month())));
  return Date{static_cast<int>(ym.year()), static_cast<int>(static_cast<unsigned>(ym.month())),
              date.day > last ? last : date.day};
}

Date FirstDate(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear: return Date{period.year, 1, 1};
    case PeriodKind::kQuarter: return Date{period.year, period.sub * 3 - 2, 1};
    case PeriodKind::kMonth: return Date{period.year, period.sub, 1};
  }
  return Date{period.year, 1, 1};
}

Date LastDate(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kYear: return Date{period.year, 12, 31};
    case PeriodKind::kQuarter: return Date{period.year, period.sub * 3, DaysInMonth(period.year, period.sub * 3)};
    case PeriodKind::kMonth: return Date{period.year, period.sub, DaysInMonth(period.year, period.sub)};
  }
  return Date{period.year, 12, 31};
}

std::string FirstDay(const Period& period) { return Format(FirstDate(period)); }
std::string LastDay(const Period& period) { return Format(LastDate(period)); }

// ── contract years

int ContractYearOf(int start_year, int start_month) {
  // Months of the start year in the contract year: 13 - start_month; of the next: start_month - 1.
  return 13 - start_month > start_month - 1 ? start_year : start_year + 1;
}

int ContractYearStart(int year, int start_month) { return ContractYearOf(year, start_month) == year ? year : year - 1; }

Date ContractYearFirstDate(int year, int start_month) { return Date{ContractYearStart(year, start_month), start_month, 1}; }

Date ContractYearLastDate(int year, int start_month) {
  const Date end = AddDays(AddMonths(ContractYearFirstDate(year, start_month), 12), -1);
  return end;
}

int ContractYearOfDate(const Date& date, int start_month) {
  const int start_year = date.month >= start_month ? date.year : date.year - 1;
  return ContractYearOf(start_year, start_month);
}

std::vector<Period> PeriodsOfContractYear(int year, int start_month, PeriodKind kind) {
  if (kind == PeriodKind::kYear) return {Period{kind, year, 0}};
  std::vector<Period> out;
  const int first = ContractYearStart(year, start_month) * 12 + start_month - 1;  // months since year 0
  for (int month = first; month < first + 12; ++month) {
    const int y = month / 12, m = month % 12 + 1;
    if (kind == PeriodKind::kMonth) out.push_back(Period{kind, y, m});
    else if ((m - 1) % 3 == 0) out.push_back(Period{kind, y, (m - 1) / 3 + 1});
  }
  return out;
}

int ContractYearOfPeriod(const Period& period, int start_month) {
  if (period.kind == PeriodKind::kYear) return period.year;
  return ContractYearOfDate(FirstDate(period), start_month);
}

std::string FormatContractYear(int year, int start_month) {
  if (start_month == 1) return std::to_string(year);
  const Date first = ContractYearFirstDate(year, start_month), last = ContractYearLastDate(year, start_month);
  return Format(Period{PeriodKind::kMonth, first.year, first.month}) + " → " +
         Format(Period{PeriodKind::kMonth, last.year, last.month});
}

std::string WhyNotContractYears(const Period& first, const Period& last) {
  const int months = (last.year * 12 + last.sub) - (first.year * 12 + first.sub) + 1;
  if (months > 0 && months % 12 == 0) return "";
  const int years = months <= 12 ? 1 : (months + 11) / 12;
  const int end = first.year * 12 + first.sub - 1 + years * 12 - 1;
  return Tr("{0}..{1} is {2} months, not a whole number of contract years (12, 24, 36... months): whole years "
            "from {0} would end on {3}",
            Format(first), Format(last), months, Format(Period{PeriodKind::kMonth, end / 12, end % 12 + 1}));
}

}  // namespace vigie::calendar
