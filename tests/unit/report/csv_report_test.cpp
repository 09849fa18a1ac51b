#include "engine/report/csv_report.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <vector>

#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

// Splits the CSV into records and fields (RFC 4180: "" inside quotes is one quote).
std::vector<std::vector<std::string>> Parse(const std::string& csv) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ';') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      rows.emplace_back(1);
      ++i;
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

}  // namespace

TEST_CASE("csv starts with a BOM and a header, ends every line with CRLF", "[report]") {
  const std::string csv = RenderCsv(testing::SampleReport());
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(csv.find("contract;item;kind;clause;entity;entity_name;period;verdict;measured;target;comparator;band_low;"
                 "band_high;reason;waiver;inputs\r\n") == 3);
  size_t lf = 0, crlf = 0;
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '\n') {
      ++lf;
      if (i > 0 && csv[i - 1] == '\r') ++crlf;
    }
  }
  CHECK(lf == 7);  // the header, five verdicts and one payment
  CHECK(crlf == lf);
}

TEST_CASE("csv writes one row per verdict with the decimal comma", "[report]") {
  const auto rows = Parse(RenderCsv(testing::SampleReport()).substr(3));
  REQUIRE(rows.size() == 7);
  for (const auto& row : rows) REQUIRE(row.size() == 16);
  CHECK(rows[6][1] == "part_variable");  // the payment, after the verdicts: its amount in `measured`
  CHECK(rows[6][2] == "payment");
  CHECK(rows[6][8] == "1234567,50");
  CHECK(rows[1][8] == "52,5");   // measured, decimal
  CHECK(rows[1][9] == "50");     // target, an integer
  CHECK(rows[2][8] == "");       // missing: empty, never 0
  CHECK(rows[2][7] == "missing_data");
  CHECK(rows[5][8] == "-12,5");  // negative
  CHECK(rows[5][11] == "48");
  CHECK(rows[5][12] == "50");
}

TEST_CASE("csv keeps a FINESS with a leading zero as text with the =\"…\" formula", "[report]") {
  const std::string csv = RenderCsv(testing::SampleReport());
  CHECK(csv.find(";\"=\"\"010007300\"\"\";") != std::string::npos);
  const auto rows = Parse(csv.substr(3));
  CHECK(rows[1][4] == "=\"010007300\"");
  CHECK(rows[1][6] == "=\"2019\"");
  CHECK(CsvKeepAsText("010007300") == "\"=\"\"010007300\"\"\"");
  CHECK(CsvKeepAsText("") == "");
}

TEST_CASE("csv quotes fields with separators, quotes and line breaks", "[report]") {
  CHECK(CsvText("plain text") == "plain text");
  CHECK(CsvText("a;b") == "\"a;b\"");
  CHECK(CsvText("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvText("two\nlines") == "\"two\nlines\"");
  CHECK(CsvText(" padded") == "\" padded\"");
  const auto rows = Parse(RenderCsv(testing::SampleReport()).substr(3));
  CHECK(rows[1][5] == "CLINIQUE \"LES <TILLEULS>\" & CO");
  CHECK(rows[1][3] == "Art. 2 & <3>");
}

TEST_CASE("csv text that Excel would take for a formula gets an apostrophe", "[report]") {
  CHECK(CsvText("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(CsvText("-0.5 does not satisfy >= 1") == "'-0.5 does not satisfy >= 1");
  CHECK(CsvText("+33") == "'+33");
  CHECK(CsvText("@SUM") == "'@SUM");
  CHECK(CsvText("=") == "'=");
  CHECK(CsvText(">=") == ">=");
}

TEST_CASE("csv inputs name each value's indicator, value, file, row, column and import, not what the row says", "[report]") {
  Report report = testing::SampleReport();
  const auto rows = Parse(RenderCsv(report).substr(3));
  // The row's own entity (010007300) and period (2019) are not repeated, and no SHA-256: import #2 names it.
  CHECK(rows[1][15] == "P12 = 52,5 [données <2019> & \"co\".csv row 98 column 356, import #2]");
  CHECK(rows[2][15] == "P12 = missing '.c' [données <2019> & \"co\".csv row 98 column 356, import #2]");
  CHECK(RenderCsv(report).find("5f65459cd802") == std::string::npos);
  // A value of another entity and period (a member's, the year before), with a role; a value the store
  // had no row for; two entries separated by " | ".
  VerdictRow& row = report.contracts[0].items[0].verdicts[0];
  Input other = testing::MakeInput("080000037", "2018", 40, "n;2.csv");
  other.role = "denominator";
  other.row = 7;
  other.column = 3;
  Input none = testing::MakeInput("010007300", "2019", 1, "x.csv");
  none.source = nullptr;
  row.inputs = {other, none};
  CHECK(Parse(RenderCsv(report).substr(3))[1][15] ==
        "P12 080000037 2018 (denominator) = 40 [n;2.csv row 7 column 3, import #2] | P12 = 1 [no stored value]");
  report.language = "fr";
  CHECK(Parse(RenderCsv(report).substr(3))[1][15] ==
        "P12 080000037 2018 (dénominateur) = 40 [n;2.csv ligne 7 colonne 3, import n° 2] | P12 = 1 [aucune valeur en base]");
}

TEST_CASE("csv rows that share an entity, a period, a target, a band or a file write each their own", "[report]") {
  Report report = testing::SampleReport();
  Item& item = report.contracts[0].items[0];
  VerdictRow met = testing::MakeRow("010007300", "2019", "met", 52.5, 50);
  VerdictRow not_met = testing::MakeRow("080000037", "2019", "not_met", 40, 50);
  not_met.band_low = 48;
  not_met.band_high = 50;
  VerdictRow met_again = testing::MakeRow("010007300", "2019", "met", 51, 50);
  met_again.inputs[0].value = 7;  // a value read that is not the value measured
  VerdictRow zero = testing::MakeRow("080000037", "2020", "not_met", 0.0, 55);
  zero.band_low = 48;
  zero.band_high = 50;
  zero.inputs[0].value = -0.0;  // equal to the value measured as a double, not in its bits (both written 0)
  VerdictRow missing = testing::MakeRow("010007300", "2020", "missing_data", std::nullopt, std::nullopt);
  // The same texts at the report's own addresses (a campaign's rows point into its pool, their
  // inputs into the program's), and the same file read at other rows.
  TextPool pool;
  missing.entity = pool.Intern("010007300");
  missing.period = pool.Intern("2020");
  item.verdicts = {met, not_met, met_again, zero, missing};
  for (size_t i = 0; i < item.verdicts.size(); ++i) {
    item.verdicts[i].inputs[0].source = met.inputs[0].source;
    item.verdicts[i].inputs[0].row = static_cast<int32_t>(10 + i);
  }
  const auto rows = Parse(RenderCsv(report).substr(3));
  REQUIRE(rows.size() == 7);
  const std::vector<std::string> head = {"cpom", "ambu", "commitment", "Art. 2 & <3>"};
  auto row = [&](std::vector<std::string> fields) {
    fields.insert(fields.begin(), head.begin(), head.end());
    return fields;
  };
  const std::string clinic = "CLINIQUE \"LES <TILLEULS>\" & CO", file = " [données <2019> & \"co\".csv row ";
  CHECK(rows[1] == row({"=\"010007300\"", clinic, "=\"2019\"", "met", "52,5", "50", ">=", "", "", "value read", "",
                        "P12 = 52,5" + file + "10 column 356, import #2]"}));
  CHECK(rows[2] == row({"=\"080000037\"", "CH DE SEDAN", "=\"2019\"", "not_met", "40", "50", ">=", "48", "50", "value read", "",
                        "P12 = 40" + file + "11 column 356, import #2]"}));
  CHECK(rows[3] == row({"=\"010007300\"", clinic, "=\"2019\"", "met", "51", "50", ">=", "", "", "value read", "",
                        "P12 = 7" + file + "12 column 356, import #2]"}));
  CHECK(rows[4] == row({"=\"080000037\"", "CH DE SEDAN", "=\"2020\"", "not_met", "0", "55", ">=", "48", "50", "value read", "",
                        "P12 = 0" + file + "13 column 356, import #2]"}));
  CHECK(rows[5] == row({"=\"010007300\"", clinic, "=\"2020\"", "missing_data", "", "", ">=", "", "", "P12 is missing", "",
                        "P12 = missing '.c'" + file + "14 column 356, import #2]"}));
}

TEST_CASE("csv inputs name their row even in a file whose name holds a control byte", "[report]") {
  Report report = testing::SampleReport();
  VerdictRow& row = report.contracts[0].items[0].verdicts[0];
  Input other_row = testing::MakeInput("010007300", "2019", 52.5, "a\x01" "b.csv");
  other_row.row = 99;
  row.inputs = {testing::MakeInput("010007300", "2019", 52.5, "a\x01" "b.csv"), other_row};
  other_row.source = row.inputs[0].source;  // the same file, another row
  row.inputs.push_back(other_row);
  CHECK(Parse(RenderCsv(report).substr(3))[1][15] ==
        "P12 = 52,5 [a\x01" "b.csv row 98 column 356, import #2] | P12 = 52,5 [a\x01" "b.csv row 99 column 356, import #2]"
        " | P12 = 52,5 [a\x01" "b.csv row 99 column 356, import #2]");
}

TEST_CASE("csv inputs made of parts known plain are still neutralised or quoted by their ends", "[report]") {
  Report report = testing::SampleReport();
  VerdictRow& row = report.contracts[0].items[0].verdicts[0];
  Input formula = testing::MakeInput("010007300", "2019", 52.5, "a.csv");
  formula.indicator = Text::Static("-P12");  // a spreadsheet would take the column for a formula
  row.inputs = {formula};
  CHECK(Parse(RenderCsv(report).substr(3))[1][15] == "'-P12 = 52,5 [a.csv row 98 column 356, import #2]");
  formula.indicator = Text::Static(" P12");  // a space in front: quoted, or a reader would trim it
  row.inputs = {formula};
  const std::string csv = RenderCsv(report);
  CHECK(csv.find(";\" P12 = 52,5 [a.csv row 98 column 356, import #2]\"\r\n") != std::string::npos);
}

TEST_CASE("csv rows longer than the writer's room, and more of them than one piece, are written whole", "[report]") {
  Report report = testing::SampleReport();
  Item& item = report.contracts[0].items[0];
  const VerdictRow model = item.verdicts[0];
  item.verdicts.assign(2000, model);  // some 200 kB: pieces of 64 KiB
  const std::string long_reason(100000, 'r');
  item.verdicts[1000].reason = long_reason;
  size_t pieces = 0;
  std::string joined;
  WriteCsv(report, [&](std::string_view piece) { joined += piece, ++pieces; });
  CHECK(pieces >= 3);
  const auto rows = Parse(joined.substr(3));
  REQUIRE(rows.size() > 2000);  // the header, the item's 2000 rows, then the others'
  CHECK(rows[1001][13] == long_reason);
  CHECK(rows[1000] == rows[1]);
  CHECK(rows[1002] == rows[1]);
  CHECK(joined == RenderCsv(report));
}

}  // namespace vigie::report
