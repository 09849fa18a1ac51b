#include "engine/base/spreadsheet.h"

#include <catch2/catch.hpp>

namespace vigie {

// Issue 13, item 6: the rejects file of an import kept =HYPERLINK(...) and +1+cmd cells as they were.
TEST_CASE("a cell a spreadsheet would run as a formula gets an apostrophe", "[base]") {
  CHECK(NeutraliseFormula("=HYPERLINK(\"http://x\";\"ok\")") == "'=HYPERLINK(\"http://x\";\"ok\")");
  CHECK(NeutraliseFormula("+1+cmd|' /C calc'!A0") == "'+1+cmd|' /C calc'!A0");
  CHECK(NeutraliseFormula("-2+3") == "'-2+3");
  CHECK(NeutraliseFormula("@SUM(A1)") == "'@SUM(A1)");
  CHECK(NeutraliseFormula("\t=1") == "'\t=1");
  CHECK(NeutraliseFormula("\r=1") == "'\r=1");
  CHECK(NeutraliseFormula("080000615") == "080000615");
  CHECK(NeutraliseFormula("12,5 %") == "12,5 %");
  CHECK(NeutraliseFormula("a=b") == "a=b");
  CHECK(NeutraliseFormula("") == "");
}

TEST_CASE("a CSV field is neutralised, then quoted when it must be", "[base]") {
  CHECK(CsvField("=1+1", ';') == "'=1+1");
  CHECK(CsvField("=HYPERLINK(\"x\";\"y\")", ';') == "\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\"");
  CHECK(CsvField("a;b", ';') == "\"a;b\"");
  CHECK(CsvField("a;b", ',') == "a;b");
  CHECK(CsvField("a,b", ',') == "\"a,b\"");
  CHECK(CsvField("two\nlines", ';') == "\"two\nlines\"");
  CHECK(CsvField(" padded", ';') == "\" padded\"");
  CHECK(CsvQuoted("=\"010007300\"", ';') == "\"=\"\"010007300\"\"\"");
}

}  // namespace vigie
