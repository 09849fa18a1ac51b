#include "engine/base/locale_text.h"

#include <catch2/catch.hpp>
#include <future>
#include <string>
#include <thread>

#include "engine/base/language.h"

namespace vigie {
namespace {

// Sets the language for one test and puts English back (the language of the other tests).
struct InLanguage {
  explicit InLanguage(Language language) { SetLanguage(language); }
  ~InLanguage() { SetLanguage(Language::kEnglish); }
};

// The no-break space, spelled as its bytes so that the tests say which space it is.
const std::string kNbsp = "\xC2\xA0";

TEST_CASE("French numbers: decimal comma, thousands grouped by a no-break space", "[base][locale]") {
  const InLanguage french(Language::kFrench);
  CHECK(kNoBreakSpace == kNbsp);
  CHECK(LocalizeNumber("0") == "0");
  CHECK(LocalizeNumber("12") == "12");
  CHECK(LocalizeNumber("999") == "999");
  CHECK(LocalizeNumber("1250") == "1" + kNbsp + "250");
  CHECK(LocalizeNumber("38.2") == "38,2");
  CHECK(LocalizeNumber("-0.5") == "-0,5");
  CHECK(LocalizeNumber("131666.67") == "131" + kNbsp + "666,67");
  CHECK(LocalizeNumber("-1234567.891") == "-1" + kNbsp + "234" + kNbsp + "567,891");
  CHECK(LocalizeNumber("1e+20") == "1e+20");
  CHECK(LocalizeNumber("1.5e-07") == "1,5e-07");
  CHECK(LocalizeNumber("inf") == "inf");
  CHECK(LocalizeNumber("") == "");
  CHECK(LocalizeNumber("1/3") == "1/3");
  // ShortNumber's rounding to 10 significant digits, then the French form.
  CHECK(ShortNumberText(0.1 + 0.2) == "0,3");
  CHECK(ShortNumberText(2.0 / 3.0) == "0,6666666667");
  CHECK(ShortNumberText(-54.8) == "-54,8");
  CHECK(ShortNumberText(0) == "0");
  CHECK(ShortNumberText(1500000) == "1" + kNbsp + "500" + kNbsp + "000");
}

TEST_CASE("French amounts: 131 666,67 € with no-break spaces", "[base][locale]") {
  const InLanguage french(Language::kFrench);
  CHECK(FormatAmount("131666.67") == "131" + kNbsp + "666,67" + kNbsp + "€");
  CHECK(FormatAmount("16000.00") == "16" + kNbsp + "000,00" + kNbsp + "€");
  CHECK(FormatAmount("0.00") == "0,00" + kNbsp + "€");
  CHECK(FormatAmount("-500.10") == "-500,10" + kNbsp + "€");
  CHECK(FormatAmount("-1234567.50") == "-1" + kNbsp + "234" + kNbsp + "567,50" + kNbsp + "€");
  CHECK(FormatAmount("999999999999.99") ==
        "999" + kNbsp + "999" + kNbsp + "999" + kNbsp + "999,99" + kNbsp + "€");
  CHECK(FormatAmount("12") == "12" + kNbsp + "€");
}

TEST_CASE("French dates, times and periods", "[base][locale]") {
  const InLanguage french(Language::kFrench);
  CHECK(FormatDate("2020-12-31") == "31/12/2020");
  CHECK(FormatDate("2024-02-29") == "29/02/2024");
  CHECK(FormatDate("2020") == "2020");
  CHECK(FormatDate("") == "");
  CHECK(FormatDate("not a date") == "not a date");
  CHECK(FormatTimestamp("2026-01-01T09:30:00Z") == "01/01/2026 09:30:00 UTC");
  CHECK(FormatTimestamp("2026-01-01") == "2026-01-01");
  CHECK(FormatPeriod("2021-Q2") == "2021-T2");
  CHECK(FormatPeriod("2021") == "2021");
  CHECK(FormatPeriod("2021-03") == "2021-03");
}

TEST_CASE("French unit words are the language's French keywords", "[base][locale]") {
  const InLanguage french(Language::kFrench);
  CHECK(UnitWord("percent") == "pourcent");
  CHECK(UnitWord("beds") == "lits");
  CHECK(UnitWord("count") == "nombre");
  CHECK(UnitWord("ratio") == "ratio");
  CHECK(UnitWord("furlongs") == "furlongs");
}

TEST_CASE("a value is written with its unit in the reader's language", "[base][locale][units]") {
  {
    const InLanguage french(Language::kFrench);
    CHECK(ValueWithUnit("122", "beds") == "122 lits");
    CHECK(ValueWithUnit("1", "beds") == "1 lit");
    CHECK(ValueWithUnit("1.5", "days") == "1,5 jour");  // French keeps the singular below 2
    CHECK(ValueWithUnit("2", "days") == "2 jours");
    CHECK(ValueWithUnit("10", "years") == "10 ans");
    CHECK(ValueWithUnit("48", "hours") == "48 heures");
    CHECK(ValueWithUnit("30", "places") == "30 places");
    CHECK(ValueWithUnit("-21", "percent") == "-21" + kNbsp + "%");
    CHECK(ValueWithUnit("12.5", "percent") == "12,5" + kNbsp + "%");
    CHECK(ValueWithUnit("15000", "euros") == "15" + kNbsp + "000" + kNbsp + "€");
    CHECK(ValueWithUnit("2", "points") == "2 pts");
    CHECK(ValueWithUnit("1.5", "points") == "1,5 pt");  // singular below 2, as "1,5 jour"
    CHECK(ValueWithUnit("0.95", "ratio") == "0,95");
    CHECK(ValueWithUnit("1200", "count") == "1" + kNbsp + "200");
    CHECK(ValueWithUnit("3", "score") == "3");
    CHECK(ToleranceWithUnit("2", "percent", false) == "2 pts");
    CHECK(ToleranceWithUnit("1", "beds", false) == "1 lit");
    CHECK(ToleranceWithUnit("2", "days", false) == "2 jours");
    CHECK(ToleranceWithUnit("5", "count", false) == "5");
    CHECK(ToleranceWithUnit("10", "count", true) == "10" + kNbsp + "% (relative)");
  }
  const InLanguage english(Language::kEnglish);
  CHECK(ValueWithUnit("122", "beds") == "122 beds");
  CHECK(ValueWithUnit("1", "beds") == "1 bed");
  CHECK(ValueWithUnit("1.5", "days") == "1.5 days");
  CHECK(ValueWithUnit("-1", "years") == "-1 year");
  CHECK(ValueWithUnit("12.5", "percent") == "12.5" + kNbsp + "%");
  CHECK(ToleranceWithUnit("1.5", "percent", false) == "1.5 pts");
  CHECK(ToleranceWithUnit("1", "percent", false) == "1 pt");
  CHECK(ToleranceWithUnit("2", "days", false) == "2 days");
}

TEST_CASE("a rule's bound is its comparator as a symbol and the bound with its unit", "[base][locale][units]") {
  CHECK(ComparatorSymbol(">=") == "≥");
  CHECK(ComparatorSymbol("<=") == "≤");
  CHECK(ComparatorSymbol("!=") == "≠");
  CHECK(ComparatorSymbol("<") == "<");
  CHECK(ComparatorSymbol("=") == "=");
  {
    const InLanguage french(Language::kFrench);
    CHECK(BoundWithUnit(">=", "57", "percent") == "≥ 57" + kNbsp + "%");
    CHECK(BoundWithUnit("<=", "10", "days") == "≤ 10 jours");
    CHECK(BoundWithUnit("<", "1.5", "days") == "< 1,5 jour");
    CHECK(BoundWithUnit(">=", "122", "beds") == "≥ 122 lits");
    CHECK(BoundWithUnit(">=", "15000", "euros") == "≥ 15" + kNbsp + "000" + kNbsp + "€");
    CHECK(BoundWithUnit("<=", "0.95", "ratio") == "≤ 0,95");  // a ratio, a count, a score: no unit
    CHECK(BoundWithUnit("!=", "1200", "count") == "≠ 1" + kNbsp + "200");
  }
  const InLanguage english(Language::kEnglish);
  CHECK(BoundWithUnit(">=", "57", "percent") == "≥ 57" + kNbsp + "%");
  CHECK(BoundWithUnit("<=", "10", "days") == "≤ 10 days");
  CHECK(BoundWithUnit("<=", "0.95", "ratio") == "≤ 0.95");
}

TEST_CASE("English keeps what vigie printed before it spoke French", "[base][locale]") {
  const InLanguage english(Language::kEnglish);
  CHECK(LocalizeNumber("131666.67") == "131666.67");
  CHECK(LocalizeNumber("-0.5") == "-0.5");
  CHECK(ShortNumberText(2.0 / 3.0) == "0.6666666667");
  CHECK(FormatAmount("16000.00") == "16" + kNbsp + "000.00" + kNbsp + "€");
  CHECK(FormatAmount("-500.10") == "-500.10" + kNbsp + "€");
  CHECK(FormatDate("2020-12-31") == "2020-12-31");
  CHECK(FormatTimestamp("2026-01-01T09:30:00Z") == "2026-01-01T09:30:00Z");
  CHECK(FormatPeriod("2021-Q2") == "2021-Q2");
  CHECK(UnitWord("percent") == "percent");
}

TEST_CASE("ScopedLanguage sets the language and puts the previous one back", "[base][locale]") {
  SetLanguage(Language::kEnglish);
  {
    const ScopedLanguage french(Language::kFrench);
    CHECK(CurrentLanguage() == Language::kFrench);
    CHECK(FormatDate("2020-12-31") == "31/12/2020");
  }
  CHECK(CurrentLanguage() == Language::kEnglish);
}

// `vigie serve` renders an English report on one request thread while another writes French pages.
TEST_CASE("ScopedLanguage changes only its own thread's language", "[base][locale]") {
  const InLanguage process(Language::kFrench);
  std::promise<void> set, checked;
  std::thread renderer([&] {
    const ScopedLanguage english(Language::kEnglish);
    set.set_value();
    checked.get_future().wait();
    CHECK(CurrentLanguage() == Language::kEnglish);
  });
  set.get_future().wait();
  CHECK(CurrentLanguage() == Language::kFrench);
  CHECK(FormatDate("2020-12-31") == "31/12/2020");
  checked.set_value();
  renderer.join();
  CHECK(CurrentLanguage() == Language::kFrench);
}

}  // namespace
}  // namespace vigie
