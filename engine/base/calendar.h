// Dates, periods and durations: the one implementation every stage uses (the language's literals,
// the CLI's options, the importer's cells, the dataset's period bounds, the evaluator's delays).
// Built on C++20 <chrono> calendar types; the proleptic Gregorian calendar, leap years included.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::calendar {

// ── dates

struct Date {
  int year = 0, month = 0, day = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsLeapYear(int year);
// Days in the month (1..12) of the year: 28, 29, 30 or 31.
int DaysInMonth(int year, int month);

// Why year-month-day is not a date of the calendar, or "" when it is. The one wording:
//   2023-02-29 -> "February 2023 has 28 days"   2021-04-31 -> "April has 30 days"
//   2021-13-01 -> "month 13 does not exist (1 to 12)"   2021-01-00 -> "day 0 does not exist"
std::string WhyNotADate(int year, int month, int day);
// The one message for text that is not a date, with the reason from WhyNotADate:
//   "'2023-02-29' is not a date: February 2023 has 28 days"
std::string NotADate(std::string_view text, std::string_view reason);

// ── periods

enum class PeriodKind { kYear, kQuarter, kMonth };
std::string_view Name(PeriodKind kind);  // "year", "quarter", "month"

// A calendar period: a year, a quarter or a month.
struct Period {
  PeriodKind kind = PeriodKind::kYear;
  int year = 0;
  int sub = 0;  // quarter 1..4 or month 1..12; 0 for a year
  friend auto operator<=>(const Period&, const Period&) = default;
};

// Periods of a kind in a year: 1, 4 or 12.
int PeriodsPerYear(PeriodKind kind);
// The rank of a period within its kind, so that consecutive periods differ by one (2021-Q4 and
// 2022-Q1), and back.
int Ordinal(const Period& period);
Period FromOrdinal(PeriodKind kind, int ordinal);

// Why a quarter or month number is not one, or "" when it is (a year is always fine):
//   "quarter 5 does not exist (1 to 4)", "month 13 does not exist (1 to 12)"
std::string WhyNotAPeriod(PeriodKind kind, int sub);
// "'2021-Q5' is not a period: quarter 5 does not exist (1 to 4)"
std::string NotAPeriod(std::string_view text, std::string_view reason);

// ── the one parser

template <typename T>
struct Parsed {
  std::optional<T> value;  // set when the text is a valid date or period
  T written{};             // the fields as written when the text has the form, even if the calendar refuses them
  std::string error;       // when !value, the message (NotADate, NotAPeriod, or a wrong form)
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }
};

// A date written YYYY-MM-DD, exactly (the language's literals, --as-of, dates the store keeps):
//   "2020-02-29" -> 2020-02-29; "1900-02-29" and "2023-02-29" -> NotADate(...);
//   "2023-2-1", "01/02/2023", "" -> "'2023-2-1' is not a date (expected YYYY-MM-DD, such as 2020-06-30)"
Parsed<Date> ParseDate(std::string_view text);
// A date, or a UTC time YYYY-MM-DDTHH:MM:SSZ whose date is returned (--data-as-of):
//   "2026-01-31T12:00:00Z" -> 2026-01-31
Parsed<Date> ParseDateOrTime(std::string_view text);
// A period as vigie writes it: "2021" (a year), "2021-Q2" or "2021-T2" (a quarter; trimestre),
// "2021-03" or "03/2021" (a month; the second as French controllers type it). Refused: "2021-Q5", "2021-13", "21", "2021-S1" with NotAPeriod(...) or
// "'2021-S1' is not a period (expected 2021, 2021-Q2, 2021-T2 or 2021-03)".
Parsed<Period> ParsePeriod(std::string_view text);

// ── formatting

std::string Format(const Date& date);      // 2021-03-31
std::string Format(const Period& period);  // 2021, 2021-Q2, 2021-03
// A period in a message: as Format, with the French quarter 2021-T2 when the language is French.
std::string FormatForMessage(const Period& period);

// ── arithmetic

long DaysFromCivil(const Date& date);  // days since 1970-01-01
// Days from `from` to `to`: 2023-02-28 -> 2023-03-01 is 1, 2024-02-28 -> 2024-03-01 is 2 (negative
// when `to` comes first).
int DaysBetween(const Date& from, const Date& to);
// A date plus a delay: days, or months and years (the day is kept, or the month's last day: 2021-08-31
// + 6 months = 2022-02-28).
Date AddDays(const Date& date, long days);
Date AddMonths(const Date& date, int months);

// The first and last day of a period: 2021-Q2 -> 2021-04-01 .. 2021-06-30; 2024-02 -> .. 2024-02-29.
Date FirstDate(const Period& period);
Date LastDate(const Period& period);
// The same, as YYYY-MM-DD text (how the store keeps validity dates).
std::string FirstDay(const Period& period);
std::string LastDay(const Period& period);

// ── contract years
//
// A contract whose years run from its signature's anniversary (`period 2021-10..2022-09`): each
// contract year is 12 months from `start_month` (1 = the calendar year, where all of this is the
// identity). A contract year is known by ONE calendar year, the one that holds most of its months
// (the year it ends in on a 6/6 split, contract years from July): that year names it in the language
// (`2022: >= 80 %`, `in 2022`) and that year's yearly values are the ones it reads. So
// 2021-10 → 2022-09 is "2022" (9 of its months are in 2022) and 2021-04 → 2022-03 is "2021".
//   ContractYearOf(2021, 10) == 2022; ContractYearOf(2021, 4) == 2021; ContractYearOf(2021, 7) == 2022
int ContractYearOf(int start_year, int start_month);
// The calendar year in which the contract year known as `year` starts (the inverse of the above).
int ContractYearStart(int year, int start_month);
// The first and last day of the contract year known as `year`: (2022, 10) -> 2021-10-01 .. 2022-09-30.
Date ContractYearFirstDate(int year, int start_month);
Date ContractYearLastDate(int year, int start_month);
// The contract year that holds a date: (2022-04-01, 10) -> 2022; (2022-10-01, 10) -> 2023.
int ContractYearOfDate(const Date& date, int start_month);
// The months or quarters of a contract year, in order: (2022, 10, month) -> 2021-10 .. 2022-09. A
// quarter belongs to the contract year its first month is in (so quarters straddle nothing when the
// start month is 1, 4, 7 or 10); a year kind gives the one calendar year `year`.
std::vector<Period> PeriodsOfContractYear(int year, int start_month, PeriodKind kind);
// The contract year a month or quarter belongs to (the inverse of PeriodsOfContractYear); a year is itself.
int ContractYearOfPeriod(const Period& period, int start_month);
// How a report names a contract year: "2022" for calendar years, "2021-10 → 2022-09" otherwise.
std::string FormatContractYear(int year, int start_month);
// Whether first..last (months) is a whole number of contract years, and the reason when not:
//   2021-10..2022-09 -> ""; 2021-10..2022-06 -> "2021-10..2022-06 is 9 months, not a whole number of
//   contract years (12, 24, 36... months): whole years from 2021-10 would end on 2022-09"
std::string WhyNotContractYears(const Period& first, const Period& last);

}  // namespace vigie::calendar
