// The one calendar: leap years, month ends, periods, and the one parser with its one wording.
#include "engine/base/calendar.h"

#include "engine/base/language.h"

#include <catch2/catch.hpp>

namespace vigie::calendar {
namespace {

TEST_CASE("leap years follow the Gregorian rule", "[calendar]") {
  CHECK(IsLeapYear(2020));
  CHECK_FALSE(IsLeapYear(2023));
  CHECK_FALSE(IsLeapYear(1900));  // a century is not, ...
  CHECK(IsLeapYear(2000));        // ... unless it divides by 400
  CHECK(DaysInMonth(2020, 2) == 29);
  CHECK(DaysInMonth(1900, 2) == 28);
  CHECK(DaysInMonth(2000, 2) == 29);
  CHECK(DaysInMonth(2021, 4) == 30);
  CHECK(DaysInMonth(2021, 12) == 31);
}

TEST_CASE("a date is parsed and checked against the calendar", "[calendar]") {
  CHECK(*ParseDate("2020-02-29") == Date{2020, 2, 29});
  CHECK(*ParseDate("2000-02-29") == Date{2000, 2, 29});
  CHECK(*ParseDate("2021-12-31") == Date{2021, 12, 31});

  const Parsed<Date> not_leap = ParseDate("2023-02-29");
  CHECK_FALSE(not_leap);
  CHECK(not_leap.error == "'2023-02-29' is not a date: February 2023 has 28 days");
  CHECK(not_leap.written == Date{2023, 2, 29});  // kept as written, for the checks after it
  CHECK(ParseDate("1900-02-29").error == "'1900-02-29' is not a date: February 1900 has 28 days");
  CHECK(ParseDate("2021-04-31").error == "'2021-04-31' is not a date: April has 30 days");
  CHECK(ParseDate("2021-13-01").error == "'2021-13-01' is not a date: month 13 does not exist (1 to 12)");
  CHECK(ParseDate("2021-00-10").error == "'2021-00-10' is not a date: month 0 does not exist (1 to 12)");
  CHECK(ParseDate("2021-01-00").error == "'2021-01-00' is not a date: day 0 does not exist");
  // The same wording, built from its parts, for the importer's other forms (30/06/2021).
  CHECK(NotADate("29/02/2023", WhyNotADate(2023, 2, 29)) == "'29/02/2023' is not a date: February 2023 has 28 days");
  CHECK(WhyNotADate(2024, 2, 29).empty());
}

TEST_CASE("a date has one form: YYYY-MM-DD", "[calendar]") {
  const std::string expected = " is not a date (expected YYYY-MM-DD, such as 2020-06-30)";
  for (const char* text : {"", "2023-2-1", "2023-02-1", "01/02/2023", "2023/02/01", "20230201", "2023-02-01 ",
                           "2023-02-01T00:00:00Z", "hier", "2023-0a-01"}) {
    CAPTURE(text);
    const Parsed<Date> date = ParseDate(text);
    CHECK_FALSE(date);
    CHECK(date.error == "'" + std::string(text) + "'" + expected);
  }
}

TEST_CASE("a date or a UTC time (--data-as-of)", "[calendar]") {
  CHECK(*ParseDateOrTime("2026-01-31") == Date{2026, 1, 31});
  CHECK(*ParseDateOrTime("2026-01-31T12:00:00Z") == Date{2026, 1, 31});
  CHECK(ParseDateOrTime("2023-02-29T12:00:00Z").error ==
        "'2023-02-29T12:00:00Z' is not a date: February 2023 has 28 days");
  CHECK(ParseDateOrTime("2023-02-29").error == "'2023-02-29' is not a date: February 2023 has 28 days");
  CHECK(ParseDateOrTime("2026-01-31T25:00:00Z").error == "'2026-01-31T25:00:00Z' is not a time: the time of day is not valid");
  CHECK(ParseDateOrTime("2026-01-31 12:00").error ==
        "'2026-01-31 12:00' is not a date or a UTC time (expected 2026-01-31 or 2026-01-31T12:00:00Z)");
}

TEST_CASE("periods: years, quarters (Q or T) and months", "[calendar]") {
  CHECK(*ParsePeriod("2021") == Period{PeriodKind::kYear, 2021, 0});
  CHECK(*ParsePeriod("2021-Q2") == Period{PeriodKind::kQuarter, 2021, 2});
  CHECK(*ParsePeriod("2021-T2") == Period{PeriodKind::kQuarter, 2021, 2});
  CHECK(*ParsePeriod("2021-03") == Period{PeriodKind::kMonth, 2021, 3});
  CHECK(*ParsePeriod("2021-12") == Period{PeriodKind::kMonth, 2021, 12});
  CHECK(Format(*ParsePeriod("2021-T4")) == "2021-Q4");
  CHECK(Format(Period{PeriodKind::kMonth, 2021, 3}) == "2021-03");
  CHECK(Format(Period{PeriodKind::kYear, 2021, 0}) == "2021");
  CHECK(Name(PeriodKind::kQuarter) == "quarter");

  CHECK(ParsePeriod("2021-Q5").error == "'2021-Q5' is not a period: quarter 5 does not exist (1 to 4)");
  CHECK(ParsePeriod("2021-T0").error == "'2021-T0' is not a period: quarter 0 does not exist (1 to 4)");
  CHECK(ParsePeriod("2021-13").error == "'2021-13' is not a period: month 13 does not exist (1 to 12)");
  CHECK(ParsePeriod("2021-00").error == "'2021-00' is not a period: month 0 does not exist (1 to 12)");
  CHECK(ParsePeriod("2021-Q5").written == Period{PeriodKind::kQuarter, 2021, 5});
  const std::string expected = " is not a period (expected 2021, 2021-Q2, 2021-T2 or 2021-03)";
  for (const char* text : {"", "21", "2021-S1", "2021-3", "2021-q2", "Q2 2021", "2021-2022", "2021-03-01", "année"}) {
    CAPTURE(text);
    const Parsed<Period> period = ParsePeriod(text);
    CHECK_FALSE(period);
    CHECK(period.error == "'" + std::string(text) + "'" + expected);
  }
}

TEST_CASE("a period's first and last day", "[calendar]") {
  CHECK(FirstDate(Period{PeriodKind::kYear, 2021, 0}) == Date{2021, 1, 1});
  CHECK(LastDate(Period{PeriodKind::kYear, 2021, 0}) == Date{2021, 12, 31});
  CHECK(FirstDay(Period{PeriodKind::kQuarter, 2021, 2}) == "2021-04-01");
  CHECK(LastDay(Period{PeriodKind::kQuarter, 2021, 2}) == "2021-06-30");
  CHECK(LastDay(Period{PeriodKind::kQuarter, 2021, 4}) == "2021-12-31");
  CHECK(FirstDay(Period{PeriodKind::kMonth, 2024, 2}) == "2024-02-01");
  CHECK(LastDay(Period{PeriodKind::kMonth, 2024, 2}) == "2024-02-29");
  CHECK(LastDay(Period{PeriodKind::kMonth, 2023, 2}) == "2023-02-28");
  CHECK(LastDay(Period{PeriodKind::kMonth, 1900, 2}) == "1900-02-28");
  CHECK(LastDay(Period{PeriodKind::kQuarter, 2000, 1}) == "2000-03-31");
}

TEST_CASE("consecutive periods have consecutive ordinals", "[calendar]") {
  CHECK(PeriodsPerYear(PeriodKind::kYear) == 1);
  CHECK(PeriodsPerYear(PeriodKind::kQuarter) == 4);
  CHECK(PeriodsPerYear(PeriodKind::kMonth) == 12);
  const Period q4{PeriodKind::kQuarter, 2021, 4}, december{PeriodKind::kMonth, 2021, 12};
  CHECK(FromOrdinal(PeriodKind::kQuarter, Ordinal(q4) + 1) == Period{PeriodKind::kQuarter, 2022, 1});
  CHECK(FromOrdinal(PeriodKind::kMonth, Ordinal(december) + 1) == Period{PeriodKind::kMonth, 2022, 1});
  CHECK(FromOrdinal(PeriodKind::kYear, Ordinal(Period{PeriodKind::kYear, 2021, 0}) - 1) == Period{PeriodKind::kYear, 2020, 0});
  CHECK(FromOrdinal(PeriodKind::kQuarter, Ordinal(Period{PeriodKind::kQuarter, 2022, 1}) - 1) == q4);
}

TEST_CASE("days between dates, and dates plus a delay", "[calendar]") {
  CHECK(DaysFromCivil(Date{1970, 1, 1}) == 0);
  CHECK(DaysFromCivil(Date{2000, 3, 1}) == 11017);
  CHECK(DaysBetween(Date{2024, 2, 28}, Date{2024, 3, 1}) == 2);
  CHECK(DaysBetween(Date{2023, 2, 28}, Date{2023, 3, 1}) == 1);
  CHECK(DaysBetween(Date{1899, 12, 31}, Date{1900, 3, 1}) == 60);  // 1900 is not a leap year
  CHECK(DaysBetween(Date{2026, 1, 1}, Date{2025, 1, 1}) == -365);

  CHECK(AddDays(Date{2020, 2, 28}, 1) == Date{2020, 2, 29});
  CHECK(AddDays(Date{2021, 2, 28}, 1) == Date{2021, 3, 1});
  CHECK(AddDays(Date{2021, 12, 31}, 1) == Date{2022, 1, 1});
  CHECK(AddDays(Date{2021, 1, 1}, -1) == Date{2020, 12, 31});

  // The day is kept, or clamped to the month's last day.
  CHECK(AddMonths(Date{2021, 8, 31}, 6) == Date{2022, 2, 28});
  CHECK(AddMonths(Date{2023, 8, 31}, 6) == Date{2024, 2, 29});
  CHECK(AddMonths(Date{2021, 1, 31}, 3) == Date{2021, 4, 30});
  CHECK(AddMonths(Date{2021, 10, 1}, 6) == Date{2022, 4, 1});
  CHECK(AddMonths(Date{2020, 2, 29}, 12) == Date{2021, 2, 28});
  CHECK(AddMonths(Date{2021, 3, 31}, -1) == Date{2021, 2, 28});
  CHECK(AddMonths(Date{2021, 12, 15}, 1) == Date{2022, 1, 15});
}

TEST_CASE("dates print as YYYY-MM-DD and compare in calendar order", "[calendar]") {
  CHECK(Format(Date{2021, 3, 5}) == "2021-03-05");
  CHECK(Date{2021, 3, 5} < Date{2021, 3, 6});
  CHECK(Date{2020, 12, 31} < Date{2021, 1, 1});
  CHECK(Period{PeriodKind::kYear, 2020, 0} < Period{PeriodKind::kYear, 2021, 0});
}

}  // namespace
}  // namespace vigie::calendar

namespace vigie::calendar {
namespace {

TEST_CASE("in French, a date refusal names the month in French and quotes the date with guillemets", "[calendar][french]") {
  SetLanguage(Language::kFrench);
  const std::string february = ParseDate("2023-02-29").error;
  const std::string april = ParseDate("2021-04-31").error;
  const std::string form = ParseDate("29/02/2024").error;
  const std::string quarter = ParsePeriod("2021-Q5").error;
  const std::string shown = FormatForMessage(Period{PeriodKind::kQuarter, 2021, 3});
  SetLanguage(Language::kEnglish);
  CHECK(shown == "2021-T3");
  CHECK(FormatForMessage(Period{PeriodKind::kQuarter, 2021, 3}) == "2021-Q3");
  CHECK(february == "« 2023-02-29 » n'est pas une date : février 2023 a 28 jours");
  CHECK(april == "« 2021-04-31 » n'est pas une date : avril a 30 jours");
  CHECK(form == "« 29/02/2024 » n'est pas une date (attendu : AAAA-MM-JJ, par exemple 2020-06-30)");
  CHECK(quarter == "« 2021-Q5 » n'est pas une période : le trimestre 5 n'existe pas (1 à 4)");
  CHECK(ParseDate("2023-02-29").error == "'2023-02-29' is not a date: February 2023 has 28 days");
}

}  // namespace
}  // namespace vigie::calendar
