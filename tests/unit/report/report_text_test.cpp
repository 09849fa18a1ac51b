#include "engine/report/report_text.h"

#include <catch2/catch.hpp>

namespace vigie::report {

TEST_CASE("html escaping turns the five special characters into entities", "[report]") {
  CHECK(EscapeHtml("<script>alert(\"x\")</script>") == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  CHECK(EscapeHtml("R&D l'été") == "R&amp;D l&#39;été");
  CHECK(EscapeHtml("&amp;") == "&amp;amp;");
  CHECK(EscapeHtml("") == "");
  // Longer than a block of sixteen bytes, the characters to escape in the first, at its edge and in
  // the rest; multibyte characters kept as they are.
  CHECK(EscapeHtml("364,125 ne satisfait pas ≤ 328,875 — « l'été » <b>") ==
        "364,125 ne satisfait pas ≤ 328,875 — « l&#39;été » &lt;b&gt;");
  CHECK(EscapeHtml("0123456789abcde&0123456789abcde\"x") == "0123456789abcde&amp;0123456789abcde&quot;x");
  CHECK(EscapeHtml("&&&&&&&&&&&&&&&&<") == "&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&lt;");
}

TEST_CASE("numbers print with at most 10 significant digits and never an exponent", "[report]") {
  CHECK(FormatNumber(12.5) == "12.5");
  CHECK(FormatNumber(-0.5) == "-0.5");
  CHECK(FormatNumber(52) == "52");
  CHECK(FormatNumber(0.1 + 0.2) == "0.3");
  CHECK(FormatNumber(1.5000000000000002) == "1.5");
  CHECK(FormatNumber(1234567890123.0) == "1234567890123");
  CHECK(FormatNumber(0.000012345) == "0.000012345");
  CHECK(FormatNumber(-0.0) == "0");
  CHECK(FormatNumber(std::nullopt) == "");
}

TEST_CASE("french numbers use the decimal comma", "[report]") {
  CHECK(FormatNumberFrench(12.5) == "12,5");
  CHECK(FormatNumberFrench(-16.8) == "-16,8");
  CHECK(FormatNumberFrench(1500000) == "1500000");
  CHECK(FormatNumberFrench(std::nullopt) == "");
}

TEST_CASE("amounts in euros are grouped by thousands", "[report]") {
  CHECK(FormatEuros("16000.00") == "16\u00a0000.00\u00a0€");
  CHECK(FormatEuros("1234567.50") == "1\u00a0234\u00a0567.50\u00a0€");
  CHECK(FormatEuros("-500.10") == "-500.10\u00a0€");
  CHECK(FormatEuros("0.00") == "0.00\u00a0€");
}

TEST_CASE("verdict labels read as words", "[report]") {
  CHECK(VerdictLabel("partially_met") == "partially met");
  CHECK(VerdictOrder().size() == 8);
  CHECK(AbbreviateSha("5f65459cd802aabbcc") == "5f65459cd802…");
}

}  // namespace vigie::report
