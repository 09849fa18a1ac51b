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
  // Texts longer than the sixteen bytes searched at once: what makes them quoted in a block or after.
  CHECK(CsvField("I001 = 364,125 [values.csv row 2 column 4, import #1]", ';') ==
        "I001 = 364,125 [values.csv row 2 column 4, import #1]");
  CHECK(CsvField("I001 = 364,125 [values.csv row 2 column 4, import #1]", ',') ==
        "\"I001 = 364,125 [values.csv row 2 column 4, import #1]\"");
  CHECK(CsvField("0123456789abcdef0123456789;", ';') == "\"0123456789abcdef0123456789;\"");
  CHECK(CsvField("0123456789abcdef\"quoted\"", ';') == "\"0123456789abcdef\"\"quoted\"\"\"");
  CHECK(CsvField("0123456789abcdefghij\r", ';') == "\"0123456789abcdefghij\r\"");
  CHECK(CsvField("non atteint — « l'été » ≤ 328,875", ';') == "non atteint — « l'été » ≤ 328,875");
  // A text is its own field exactly when CsvField leaves it as it is.
  for (const char* cell : {"plain", "", "=1+1", "-16,8", "a;b", " padded", "padded ", "two\nlines", "say \"x\"",
                           "0123456789abcdef0123456789;"}) {
    INFO(cell);
    CHECK(CsvFieldNeedsChange(cell, ';') == (CsvField(cell, ';') != cell));
  }
  CHECK_FALSE(CsvFieldNeedsChange("a;b", ','));
  // Another separator: a tab, any byte of a long text.
  CHECK(CsvField("0123456789abcdef0123\tx", '\t') == "\"0123456789abcdef0123\tx\"");
  CHECK(CsvField("0123456789abcdef0123;x", '\t') == "0123456789abcdef0123;x");
}

TEST_CASE("a CSV field's bytes and its ends, told apart: together they are CsvFieldNeedsChange", "[base]") {
  CHECK(CsvBytesNeedQuotes("a;b", ';'));
  CHECK_FALSE(CsvBytesNeedQuotes("a;b", ','));
  CHECK(CsvBytesNeedQuotes("0123456789abcdef0123\"", ';'));  // in the last bytes, after a whole block
  CHECK(CsvBytesNeedQuotes("two\nlines", ';'));
  CHECK_FALSE(CsvBytesNeedQuotes(" = ", ';'));  // spaces at its ends are the field's business, not a part's
  CHECK_FALSE(CsvBytesNeedQuotes("=1+1", ';'));
  CHECK(CsvFieldEndsNeedChange("=1+1"));
  CHECK(CsvFieldEndsNeedChange("-16,8"));
  CHECK(CsvFieldEndsNeedChange(" I001 = 3"));
  CHECK(CsvFieldEndsNeedChange("I001 = 3 "));
  CHECK_FALSE(CsvFieldEndsNeedChange("I001 = 3 [a.csv row 2]"));
  CHECK_FALSE(CsvFieldEndsNeedChange(""));
  for (const char* cell : {"plain", "", "=1+1", "-16,8", " padded", "padded ", "I001 = 364,125 [values.csv row 2 column 4]"}) {
    INFO(cell);
    CHECK(CsvFieldEndsNeedChange(cell) == CsvFieldNeedsChange(cell, ';'));  // none holds a byte to quote
  }
}

}  // namespace vigie
