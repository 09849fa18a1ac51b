// Numbers, amounts, dates and periods as people read them in the current language (base/language.h):
// the one place that knows how French writes them. Tr (base/text.h) places words; these format the
// values that go between them.
//
// French (the default):
//   LocalizeNumber("131666.67")   "131 666,67"   decimal comma; the integer part grouped by three
//                                                with a no-break space (U+00A0, bytes C2 A0) from
//                                                four digits on; an exponent form keeps its digits
//   FormatAmount("131666.67")     "131 666,67 €" (U+00A0 before the euro sign too)
//   FormatDate("2020-12-31")      "31/12/2020"
//   FormatTimestamp("2026-01-01T09:30:00Z")  "01/01/2026 09:30:00 UTC"
//   FormatPeriod("2021-Q2")       "2021-T2"      (the language's own French spelling; years and
//                                                months unchanged)
// English: every function returns what vigie printed before the reports spoke French
// ("131666.67", "131 666.67 €" with U+00A0, "2020-12-31", the timestamp and the period as given).
// Text that is not of the expected form is returned unchanged in both languages.
#pragma once

#include <string>
#include <string_view>

#include "engine/base/calendar.h"
#include "engine/base/language.h"

namespace vigie {

// The no-break space that groups thousands and separates a number from its unit (U+00A0).
inline constexpr std::string_view kNoBreakSpace = "\u00a0";

// A number already written with '.' as its decimal mark ("-1234.5", "12", "1e+20"), in the
// current language.
std::string LocalizeNumber(std::string_view number);

// A double as the evaluator's reasons write it (ShortNumber, 10 significant digits), in the
// current language: 54.8 -> "54,8" in French.
std::string ShortNumberText(double value);

// An amount in euros written by the model ("16000.00", "-12.5"), with the euro sign.
std::string FormatAmount(std::string_view amount);

// A date written YYYY-MM-DD, in the current language.
std::string FormatDate(std::string_view iso_date);

// A UTC time written YYYY-MM-DDTHH:MM:SSZ, in the current language.
std::string FormatTimestamp(std::string_view iso_time);

// A period as written by calendar::Format (2021, 2021-Q2, 2021-03), in the current language.
std::string FormatPeriod(std::string_view period);

// An indicator's unit by its canonical name ("percent", "beds") in the current language, as the
// language's French keyword spells it ("pourcent", "lits"); another text is returned unchanged.
std::string UnitWord(std::string_view unit);

// The one way a value is written with its unit for a reader, in the current language. `number` is
// written with '.' ("122", "-2.5"); `unit` is a unit's canonical name (model::Name, or "points" for a
// difference of percentages):
//   percent "55,5 %"   euros "15 000 €"   points "2 pts"   days "3 jours", "1 jour" (French keeps the
//   singular below 2, English for 1 only: "1,5 jour", "1,5 pt", "1.5 days")   hours, years ("10 ans"),
//   beds ("122 lits"), places; a count, ratio, score or any other unit: the number alone. A no-break space
//   separates the number from a symbol (%, €), so that a line break never leaves it alone.
std::string ValueWithUnit(std::string_view number, std::string_view unit);

// A comparator as people read it, in every language: ">=" "≥", "<=" "≤", "!=" "≠" (">", "<" and "="
// as they are).
std::string ComparatorSymbol(std::string_view comparator);

// A bound after its comparator, the bound with its unit (ValueWithUnit), the one way reasons, rules
// and targets write what a value must satisfy: (">=", "57", "percent") "≥ 57 %", ("<=", "10", "days")
// "≤ 10 jours", (">=", "0.95", "ratio") "≥ 0,95".
std::string BoundWithUnit(std::string_view comparator, std::string_view number, std::string_view unit);

// A tolerance (or an improvement) as a contract writes it: absolute in the indicator's unit, a
// difference of percentages in points ("2 pts", "2 jours", "1 lit"), relative as a share of the
// target ("5 % (relative)", "5 % (relatif)").
std::string ToleranceWithUnit(std::string_view number, std::string_view unit, bool relative);

// A kind of period in words, in the current language: "a quarter" / "un trimestre" (Noun),
// "quarter" / "trimestre" (Word), "quarters" (Plural), "quarterly" / "trimestriel" (Adjective).
std::string_view PeriodKindNoun(calendar::PeriodKind kind);
std::string_view PeriodKindWord(calendar::PeriodKind kind);
std::string_view PeriodKindPlural(calendar::PeriodKind kind);
std::string_view PeriodKindAdjective(calendar::PeriodKind kind);

// Sets the calling thread's language for the lifetime of the object and puts the previous one back:
// a report is rendered in the language recorded in it, whatever the process's language, without
// changing the language of the other threads (the server's other requests).
class ScopedLanguage {
 public:
  explicit ScopedLanguage(Language language) : previous_(ThreadLanguage()) { SetThreadLanguage(language); }
  ~ScopedLanguage() { SetThreadLanguage(previous_); }
  ScopedLanguage(const ScopedLanguage&) = delete;
  ScopedLanguage& operator=(const ScopedLanguage&) = delete;

 private:
  std::optional<Language> previous_;
};

}  // namespace vigie
