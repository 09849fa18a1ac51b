#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/base/text.h"
#include "engine/ingest/literals.h"

using namespace vigie::ingest;
using Kind = NumberCell::Kind;

namespace {

// The value of a cell that must parse; fails the test (with the error) otherwise.
double ValueOf(std::string_view cell, DecimalMark mark = DecimalMark::kComma) {
  const NumberCell number = ParseNumberCell(cell, mark);
  INFO("cell '" << cell << "': " << number.error);
  CHECK(number.kind == Kind::kValue);
  return number.value;
}

}  // namespace

// ---- Numbers ----------------------------------------------------------------------------------

TEST_CASE("decimal-comma numbers from Hospi Diag parse to their value", "[ingest][literals]") {
  CHECK(ValueOf("11,5") == Approx(11.5));
  CHECK(ValueOf("0,05") == Approx(0.05));
  CHECK(ValueOf("613") == 613);
  CHECK(ValueOf("0") == 0);
  CHECK(ValueOf("-16,8") == Approx(-16.8));
  CHECK(ValueOf("+2,5") == Approx(2.5));
  CHECK(ValueOf("1,063") == Approx(1.063));  // kComma: a decimal, whatever the digit count
  CHECK(ValueOf(",5") == Approx(0.5));
  CHECK(ValueOf("  11,5  ") == Approx(11.5));
  CHECK(ValueOf("50436112") == 50436112);
}

TEST_CASE("the typographic minus sign U+2212 is a minus", "[ingest][literals]") {
  CHECK(ValueOf("\xE2\x88\x92" "3,5") == Approx(-3.5));
  CHECK(ValueOf("-0") == 0);
}

TEST_CASE("thousands separators: spaces, no-break spaces and dots with a decimal comma", "[ingest][literals]") {
  CHECK(ValueOf("1 234,5") == Approx(1234.5));
  CHECK(ValueOf("1\xC2\xA0" "234,5") == Approx(1234.5));      // U+00A0, Excel fr
  CHECK(ValueOf("1\xE2\x80\xAF" "234,5") == Approx(1234.5));  // U+202F
  CHECK(ValueOf("1.234.567,25") == Approx(1234567.25));
  CHECK(ValueOf("1 234 567,5") == Approx(1234567.5));
  CHECK(ValueOf("-12 345") == -12345);
  CHECK(ValueOf("1.234") == 1234);  // kComma: the caller says the dot separates thousands
  CHECK(ValueOf("1,234.5", DecimalMark::kDot) == Approx(1234.5));
  CHECK(ValueOf("1234.5", DecimalMark::kDot) == Approx(1234.5));
  CHECK(ValueOf("\xC2\xA0" "1 234,5\xE2\x80\xAF") == Approx(1234.5));  // no-break spaces around
}

TEST_CASE("a percent sign is recorded and does not divide", "[ingest][literals]") {
  for (const char* cell : {"12,5 %", "12,5%", "12,5\xE2\x80\xAF%", "12,5\xC2\xA0%"}) {
    INFO(cell);
    const NumberCell number = ParseNumberCell(cell, DecimalMark::kComma);
    REQUIRE(number.kind == Kind::kValue);
    CHECK(number.value == Approx(12.5));
    CHECK(number.percent_sign);
  }
  const NumberCell plain = ParseNumberCell("12,5", DecimalMark::kComma);
  CHECK_FALSE(plain.percent_sign);
  CHECK(ValueOf("613 %") == 613);
}

TEST_CASE("scientific notation", "[ingest][literals]") {
  CHECK(ValueOf("1.5e3", DecimalMark::kDot) == Approx(1500));
  CHECK(ValueOf("1.5e3", DecimalMark::kAuto) == Approx(1500));
  CHECK(ValueOf("1,5E3") == Approx(1500));
  CHECK(ValueOf("1.5e-3", DecimalMark::kDot) == Approx(0.0015));
  CHECK(ValueOf("2E+02") == 200);
}

TEST_CASE("every missing-value code is missing, never zero, and kept as written", "[ingest][literals]") {
  for (const char* code : {"", ".", ".c", ".z", ".v", ".m", ".C", "NA", "na", "N/A", "#N/A", "ND", "n.d.",
                           "NC", "n.c.", "NR", "NULL", "NaN", "-", "\xE2\x80\x94", "\xE2\x80\x93",
                           "DI", "di", "NV", "nv"}) {  // the IQSS result codes too
    INFO("code '" << code << "'");
    for (DecimalMark mark : {DecimalMark::kComma, DecimalMark::kDot, DecimalMark::kAuto}) {
      const NumberCell number = ParseNumberCell(code, mark);
      CHECK(number.kind == Kind::kMissing);
      CHECK(number.missing_code == code);
      CHECK(number.value == 0);
    }
  }
  const NumberCell blank = ParseNumberCell("   ", DecimalMark::kComma);
  CHECK(blank.kind == Kind::kMissing);
  CHECK(blank.missing_code == "");
  const NumberCell spaced = ParseNumberCell(" .c ", DecimalMark::kComma);
  CHECK(spaced.kind == Kind::kMissing);
  CHECK(spaced.missing_code == ".c");
}

TEST_CASE("invalid numbers say why and where", "[ingest][literals]") {
  struct Case {
    const char* cell;
    DecimalMark mark;
    size_t offset;
    const char* error;
  };
  const Case cases[] = {
      {"12,5,3", DecimalMark::kComma, 4, "'12,5,3' is not a number: more than one decimal mark"},
      {"abc", DecimalMark::kComma, 0, "'abc' is not a number"},
      {"1 23,5", DecimalMark::kComma, 1,
       "'1 23,5' is not a number: digits separated by spaces must come in groups of 3"},
      {"1 2345", DecimalMark::kComma, 1,
       "'1 2345' is not a number: digits separated by spaces must come in groups of 3"},
      {"1234 567", DecimalMark::kComma, 4,
       "'1234 567' is not a number: digits separated by spaces must come in groups of 3"},
      {"12..5", DecimalMark::kComma, 2, "'12..5' is not a number: unexpected '.'"},
      {"--3", DecimalMark::kComma, 1, "'--3' is not a number: unexpected '-'"},
      {"1.5", DecimalMark::kComma, 1,
       "'1.5' is not a number: '.' separates thousands here (the decimal mark is ','), so it must be "
       "followed by exactly 3 digits"},
      {"12,5", DecimalMark::kDot, 2,
       "'12,5' is not a number: ',' separates thousands here (the decimal mark is '.'), so it must be "
       "followed by exactly 3 digits"},
      {"12,", DecimalMark::kComma, 2, "'12,' is not a number: the decimal mark ',' must be followed by digits"},
      {"1,5e", DecimalMark::kComma, 3, "'1,5e' is not a number: the exponent has no digits"},
      {"12 kg", DecimalMark::kComma, 3, "'12 kg' is not a number: unexpected 'k'"},
      {"12 %%", DecimalMark::kComma, 4, "'12 %%' is not a number: unexpected '%'"},
      {"1 234.567,5", DecimalMark::kComma, 5,
       "'1 234.567,5' is not a number: one number cannot mix different thousands separators"},
      {"#DIV/0!", DecimalMark::kComma, 0, "'#DIV/0!' is a spreadsheet error, not a number"},
      {"1e999", DecimalMark::kDot, 0, "'1e999' is out of range"},
      {"+", DecimalMark::kComma, 1, "'+' is not a number"},
      {"inf", DecimalMark::kDot, 0, "'inf' is not a number"},
  };
  for (const Case& c : cases) {
    INFO("cell '" << c.cell << "'");
    const NumberCell number = ParseNumberCell(c.cell, c.mark);
    CHECK(number.kind == Kind::kInvalid);
    CHECK(number.error == c.error);
    CHECK(number.error_offset == c.offset);
  }
}

TEST_CASE("error offsets count from the start of the cell as passed, spaces included", "[ingest][literals]") {
  const NumberCell number = ParseNumberCell("  12,5,3", DecimalMark::kComma);
  CHECK(number.kind == Kind::kInvalid);
  CHECK(number.error_offset == 6);
  CHECK(number.error == "'12,5,3' is not a number: more than one decimal mark");
}

TEST_CASE("a long invalid cell is cut in the message on a character boundary", "[ingest][literals]") {
  const std::string cell = "Lorem ipsum dolor sit amet, consectetur é adipiscing elit";
  const NumberCell number = ParseNumberCell(cell, DecimalMark::kComma);
  CHECK(number.kind == Kind::kInvalid);
  CHECK(number.error == "'Lorem ipsum dolor sit amet, consectetur \xE2\x80\xA6' is not a number");
}

TEST_CASE("kAuto reads a single ',' or '.' as the decimal mark, even before 3 digits", "[ingest][literals]") {
  CHECK(ValueOf("1,5", DecimalMark::kAuto) == Approx(1.5));
  CHECK(ValueOf("1.5", DecimalMark::kAuto) == Approx(1.5));
  const NumberCell dot = ParseNumberCell("1.234", DecimalMark::kAuto);
  REQUIRE(dot.kind == Kind::kValue);
  CHECK(dot.value == Approx(1.234));  // never 1234
  CHECK(dot.mark_ambiguous);
  const NumberCell comma = ParseNumberCell("1,234", DecimalMark::kAuto);
  REQUIRE(comma.kind == Kind::kValue);
  CHECK(comma.value == Approx(1.234));
  CHECK(comma.mark_ambiguous);
  CHECK_FALSE(ParseNumberCell("1,5", DecimalMark::kAuto).mark_ambiguous);
  CHECK_FALSE(ParseNumberCell("0,125", DecimalMark::kAuto).mark_ambiguous);
  CHECK_FALSE(ParseNumberCell("1,234", DecimalMark::kComma).mark_ambiguous);
}

TEST_CASE("kAuto with both marks takes the last as the decimal mark", "[ingest][literals]") {
  CHECK(ValueOf("1.234.567,25", DecimalMark::kAuto) == Approx(1234567.25));
  CHECK(ValueOf("1,234,567.25", DecimalMark::kAuto) == Approx(1234567.25));
  CHECK(ValueOf("1.234.567", DecimalMark::kAuto) == 1234567);  // repeated: only thousands
  CHECK(ValueOf("1 234,5", DecimalMark::kAuto) == Approx(1234.5));
  CHECK(ParseNumberCell("1.234,567.8", DecimalMark::kAuto).kind == Kind::kInvalid);
  CHECK(ParseNumberCell("1,2,3", DecimalMark::kAuto).kind == Kind::kInvalid);
}

// ---- Dates ------------------------------------------------------------------------------------

TEST_CASE("ISO and French dates", "[ingest][literals]") {
  struct Case {
    const char* cell;
    int year, month, day;
  };
  const Case cases[] = {
      {"2020-06-30", 2020, 6, 30},        {"30/06/2020", 2020, 6, 30},       {"30-06-2020", 2020, 6, 30},
      {"30.06.2020", 2020, 6, 30},        {"1/7/2020", 2020, 7, 1},          {"2020/06/30", 2020, 6, 30},
      {"2020-02-29", 2020, 2, 29},        {"29/02/2000", 2000, 2, 29},       {" 31/12/2019 ", 2019, 12, 31},
      {"30/06/2020 00:00", 2020, 6, 30},  {"2020-06-30T14:05:00", 2020, 6, 30},
      {"2020-06-30 14:05:00.000", 2020, 6, 30},
  };
  for (const Case& c : cases) {
    INFO(c.cell);
    const DateCell date = ParseDateCell(c.cell);
    CHECK(date.error == "");
    REQUIRE(date.ok);
    CHECK(date.year == c.year);
    CHECK(date.month == c.month);
    CHECK(date.day == c.day);
  }
}

TEST_CASE("dates outside the calendar are refused with the reason", "[ingest][literals]") {
  const std::pair<const char*, const char*> cases[] = {
      {"2021-02-29", "'2021-02-29' is not a date: February 2021 has 28 days"},
      {"29/02/1900", "'29/02/1900' is not a date: February 1900 has 28 days"},
      {"31/04/2021", "'31/04/2021' is not a date: April has 30 days"},
      {"2021-13-01", "'2021-13-01' is not a date: month 13 does not exist (1 to 12)"},
      {"00/01/2021", "'00/01/2021' is not a date: day 0 does not exist"},
      {"30/06/20", "'30/06/20' is not a date: the year must have 4 digits"},
      {"01/01/1066", "'01/01/1066' is not a date: year 1066 is out of range (1800 to 2199)"},
      {"30/06-2020", "'30/06-2020' is not a date (expected 2020-06-30 or 30/06/2020)"},
      {"2020-06-30 25:00", "'2020-06-30 25:00' is not a date: the time of day is not valid"},
      {"", "'' is not a date (expected 2020-06-30 or 30/06/2020)"},
      {"hier", "'hier' is not a date (expected 2020-06-30 or 30/06/2020)"},
  };
  for (const auto& [cell, error] : cases) {
    INFO(cell);
    const DateCell date = ParseDateCell(cell);
    CHECK_FALSE(date.ok);
    CHECK(date.error == error);
  }
}

// ---- Periods ----------------------------------------------------------------------------------

TEST_CASE("periods: years, quarters (Q or T) and months in every accepted form", "[ingest][literals]") {
  using PKind = PeriodCell::Kind;
  struct Case {
    const char* cell;
    PKind kind;
    int year, sub;
  };
  const Case cases[] = {
      {"2021", PKind::kYear, 2021, 0},     {"2021-Q2", PKind::kQuarter, 2021, 2},
      {"2021-T2", PKind::kQuarter, 2021, 2}, {"2021Q2", PKind::kQuarter, 2021, 2},
      {"2021t4", PKind::kQuarter, 2021, 4}, {"2021 T1", PKind::kQuarter, 2021, 1},
      {"T2 2021", PKind::kQuarter, 2021, 2}, {"Q3-2021", PKind::kQuarter, 2021, 3},
      {"q1/2021", PKind::kQuarter, 2021, 1}, {"2021-03", PKind::kMonth, 2021, 3},
      {"2021-3", PKind::kMonth, 2021, 3},  {"2021/12", PKind::kMonth, 2021, 12},
      {"03/2021", PKind::kMonth, 2021, 3}, {"3/2021", PKind::kMonth, 2021, 3},
      {"11-2021", PKind::kMonth, 2021, 11}, {"202103", PKind::kMonth, 2021, 3},
      {" 2019 ", PKind::kYear, 2019, 0},
  };
  for (const Case& c : cases) {
    INFO(c.cell);
    const PeriodCell period = ParsePeriodCell(c.cell);
    CHECK(period.error == "");
    REQUIRE(period.ok);
    CHECK(period.kind == c.kind);
    CHECK(period.year == c.year);
    CHECK(period.sub == c.sub);
  }
}

TEST_CASE("impossible or unknown periods are refused", "[ingest][literals]") {
  const std::string expected = " is not a period (expected 2021, 2021-Q2, 2021-T2, 2021-03 or 03/2021)";
  const std::pair<const char*, std::string> cases[] = {
      {"2021-Q5", "'2021-Q5' is not a period: quarter 5 does not exist (1 to 4)"},
      {"T0 2021", "'T0 2021' is not a period: quarter 0 does not exist (1 to 4)"},
      {"2021-13", "'2021-13' is not a period: month 13 does not exist (1 to 12)"},
      {"2021-0", "'2021-0' is not a period: month 0 does not exist (1 to 12)"},
      {"202113", "'202113' is not a period: month 13 does not exist (1 to 12)"},
      {"1066", "'1066' is not a period: year 1066 is out of range (1800 to 2199)"},
      {"2021-S1", "'2021-S1'" + expected},
      {"2021-2022", "'2021-2022'" + expected},
      {"T2 21", "'T2 21'" + expected},
      {"21", "'21'" + expected},
      {"2021-Q12", "'2021-Q12'" + expected},
      {"", "''" + expected},
  };
  for (const auto& [cell, error] : cases) {
    INFO(cell);
    const PeriodCell period = ParsePeriodCell(cell);
    CHECK_FALSE(period.ok);
    CHECK(period.error == error);
  }
}

// ---- "label : number" -------------------------------------------------------------------------

TEST_CASE("Hospi Diag composite cells give a label and a number", "[ingest][literals]") {
  struct Case {
    const char* cell;
    const char* label;
    double value;
  };
  const Case cases[] = {
      {"Cataracte : 810", "Cataracte", 810},
      {"Chirurgie du sein : 2", "Chirurgie du sein", 2},
      {"Arthroscopie du genou : 0", "Arthroscopie du genou", 0},
      {"Hernie enfant : 934", "Hernie enfant", 934},
      {"Séjours à l'hôpital\xC2\xA0: 1\xC2\xA0" "234,5", "Séjours à l'hôpital", 1234.5},
      {"Ratio : 12 : 3", "Ratio : 12", 3},  // the last ':' separates
  };
  for (const Case& c : cases) {
    INFO(c.cell);
    const LabelledNumberCell cell = ParseLabelledNumberCell(c.cell, DecimalMark::kComma);
    CHECK(cell.error == "");
    REQUIRE(cell.ok);
    CHECK(cell.label == c.label);
    REQUIRE(cell.number.kind == Kind::kValue);
    CHECK(cell.number.value == c.value);
  }
}

TEST_CASE("composite cells: missing numbers, invalid numbers and no label", "[ingest][literals]") {
  const LabelledNumberCell secret = ParseLabelledNumberCell("Hernie enfant : .c", DecimalMark::kComma);
  CHECK(secret.ok);
  CHECK(secret.number.kind == Kind::kMissing);
  CHECK(secret.number.missing_code == ".c");

  const LabelledNumberCell bad = ParseLabelledNumberCell("Cataracte : 8,1,0", DecimalMark::kComma);
  CHECK_FALSE(bad.ok);
  CHECK(bad.label == "Cataracte");
  CHECK(bad.error == "'8,1,0' is not a number: more than one decimal mark");
  CHECK(bad.number.error_offset == 15);  // in the whole cell

  // The published files write the bare label when there is no value.
  const LabelledNumberCell bare = ParseLabelledNumberCell("Cataracte", DecimalMark::kComma);
  CHECK(bare.ok);
  CHECK(bare.label == "Cataracte");
  CHECK(bare.number.kind == Kind::kMissing);
  CHECK(bare.number.missing_code == "");

  const LabelledNumberCell blank = ParseLabelledNumberCell(" ", DecimalMark::kComma);
  CHECK(blank.ok);
  CHECK(blank.label == "");
  CHECK(blank.number.kind == Kind::kMissing);

  const LabelledNumberCell code_only = ParseLabelledNumberCell(".c", DecimalMark::kComma);
  CHECK(code_only.ok);
  CHECK(code_only.label == "");
  CHECK(code_only.number.kind == Kind::kMissing);
  CHECK(code_only.number.missing_code == ".c");

  const LabelledNumberCell number_only = ParseLabelledNumberCell("810", DecimalMark::kComma);
  CHECK_FALSE(number_only.ok);
  CHECK(number_only.error == "'810' has no label (expected 'label : number')");

  const LabelledNumberCell unnamed = ParseLabelledNumberCell(" : 12", DecimalMark::kComma);
  CHECK_FALSE(unnamed.ok);
  CHECK(unnamed.error == "': 12' has no label before ':'");
}

// ---- Real files -------------------------------------------------------------------------------

TEST_CASE("cells sampled from Hospi Diag 2019 'Activité globale'", "[ingest][literals][hospidiag]") {
  // finess 010007300: A7, A8, A9, CI_A4, CI_RH6, P4, P13, RH8
  CHECK(ValueOf("11,5") == Approx(11.5));
  CHECK(ValueOf("0,05") == Approx(0.05));
  CHECK(ValueOf("953") == 953);
  CHECK(ValueOf("6,45") == Approx(6.45));
  CHECK(ValueOf("221827") == 221827);
  CHECK(ValueOf("11692,2") == Approx(11692.2));
  CHECK(ParseNumberCell(".z", DecimalMark::kComma).kind == Kind::kMissing);
  // finess 880780069, P15 (a negative rate of change); 750712184, CI_A16_2
  CHECK(ValueOf("-16,8") == Approx(-16.8));
  const LabelledNumberCell cataracte = ParseLabelledNumberCell("Cataracte : 11990", DecimalMark::kComma);
  REQUIRE(cataracte.ok);
  CHECK(cataracte.number.value == 11990);
}

TEST_CASE("every cell of the Hospi Diag 'Activité globale' files parses", "[ingest][literals][hospidiag]") {
  for (const char* year : {"2017", "2018", "2019"}) {
    const std::string path =
        std::string(VIGIE_SOURCE_DIR) + "/data/hospidiag/hospidiag_" + year + "_activit_globale.csv";
    INFO(path);
    std::ifstream stream(path, std::ios::binary);
    REQUIRE(stream.good());
    std::string line;
    std::getline(stream, line);  // header: finess, then 73 columns; CI_A16_1..4 are composite
    std::vector<bool> composite;
    for (std::string_view rest = line; !rest.empty();) {
      const size_t semicolon = rest.find(';');
      composite.push_back(rest.substr(0, semicolon).rfind("CI_A16_", 0) == 0);
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    }
    REQUIRE(composite.size() == 74);
    size_t values = 0, missing = 0, labelled = 0, bare_labels = 0, problems = 0;
    while (std::getline(stream, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string_view rest = line;
      for (size_t column = 0;; ++column) {
        const size_t semicolon = rest.find(';');
        const std::string_view cell = rest.substr(0, semicolon);
        if (column == 0) {
          // the FINESS number is an identifier, not a number cell
        } else if (composite.at(column)) {
          const LabelledNumberCell cell_value = ParseLabelledNumberCell(cell, DecimalMark::kComma);
          if (!cell_value.ok) {
            UNSCOPED_INFO(cell_value.error);
            ++problems;
          } else if (cell_value.number.kind == Kind::kValue) {
            ++labelled;
          } else if (!cell_value.label.empty()) {
            ++bare_labels;
          }
        } else {
          const NumberCell number = ParseNumberCell(cell, DecimalMark::kComma);
          values += number.kind == Kind::kValue ? 1 : 0;
          missing += number.kind == Kind::kMissing ? 1 : 0;
          if (number.kind == Kind::kInvalid) {
            UNSCOPED_INFO(number.error);
            ++problems;
          }
        }
        if (semicolon == std::string_view::npos) break;
        rest = rest.substr(semicolon + 1);
      }
    }
    CHECK(problems == 0);
    CHECK(labelled + bare_labels == 1503 * 4);  // every composite cell has its label
    CHECK(values + missing == 1503 * 69);
    CHECK(values > 50000);
  }
}

TEST_CASE("kComma and kDot flag one thousands separator of the other kind as ambiguous", "[ingest][literals]") {
  const NumberCell comma = ParseNumberCell("38.250", DecimalMark::kComma);
  REQUIRE(comma.kind == Kind::kValue);
  CHECK(comma.value == 38250);  // the file's convention, but an importer refuses it (V4019)
  CHECK(comma.group_ambiguous);
  const NumberCell dot = ParseNumberCell("1,500", DecimalMark::kDot);
  REQUIRE(dot.kind == Kind::kValue);
  CHECK(dot.value == 1500);
  CHECK(dot.group_ambiguous);
  CHECK_FALSE(ParseNumberCell("1.234.567", DecimalMark::kComma).group_ambiguous);  // only thousands
  CHECK_FALSE(ParseNumberCell("1.234,5", DecimalMark::kComma).group_ambiguous);    // both marks
  CHECK_FALSE(ParseNumberCell("1 234", DecimalMark::kComma).group_ambiguous);      // a space
  CHECK_FALSE(ParseNumberCell("1,500", DecimalMark::kComma).group_ambiguous);      // the decimal mark
  CHECK_FALSE(ParseNumberCell("38.250", DecimalMark::kAuto).group_ambiguous);      // kAuto: mark_ambiguous
}

TEST_CASE("a grouped number cannot start with 0", "[ingest][literals]") {
  const NumberCell cell = ParseNumberCell("0.947", DecimalMark::kComma);
  CHECK(cell.kind == Kind::kInvalid);
  CHECK(cell.error == "'0.947' is not a number: a number that starts with 0 has no thousands to separate");
  CHECK(cell.error_offset == 1);
}

TEST_CASE("number errors are in French when the language is French", "[ingest][literals]") {
  vigie::SetLanguage(vigie::Language::kFrench);
  const NumberCell cell = ParseNumberCell("38.2", DecimalMark::kComma);
  const DateCell date = ParseDateCell("31/06/2021");
  vigie::SetLanguage(vigie::Language::kEnglish);
  CHECK(cell.error ==
        "« 38.2 » n'est pas un nombre : « . » sépare ici les milliers (le séparateur décimal est « , ») et doit "
        "être suivi d'exactement 3 chiffres");
  CHECK(date.error.rfind("« 31/06/2021 » n'est pas une date : ", 0) == 0);
}
