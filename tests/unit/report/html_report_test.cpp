#include "engine/report/html_report.h"

#include <catch2/catch.hpp>
#include <regex>

#include "tests/unit/report/report_test_data.h"

namespace vigie::report {

TEST_CASE("html escapes titles, names, reasons and file names", "[report]") {
  const std::string html = RenderHtml(testing::SampleReport());
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("CPOM &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sedan&quot;") != std::string::npos);
  CHECK(html.find("Chirurgie &lt;script&gt;x&lt;/script&gt; &amp; &quot;ambu&quot; | axe 2") != std::string::npos);
  CHECK(html.find("données &lt;2019&gt; &amp; &quot;co&quot;.csv") != std::string::npos);
  CHECK(html.find("CLINIQUE &quot;LES &lt;TILLEULS&gt;&quot; &amp; CO") != std::string::npos);
  CHECK(html.find("Travaux &lt;bloc&gt; &amp; &quot;urgence&quot;") != std::string::npos);
  CHECK(html.find("<blockquote class=\"clause-text\">L&#39;établissement &lt;s&#39;engage&gt; &amp; &quot;réduit&quot;\nses "
                  "délais</blockquote>") != std::string::npos);
}

TEST_CASE("html is one file with no link outside it", "[report]") {
  const std::string html = RenderHtml(testing::SampleReport());
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
}

TEST_CASE("html shows each verdict with a colour and a text label", "[report]") {
  const std::string html = RenderHtml(testing::SampleReport());
  CHECK(html.find("<span class=\"badge v-missing_data\">missing data</span>") != std::string::npos);
  CHECK(html.find("<span class=\"badge v-not_met\">not met</span>") != std::string::npos);
  CHECK(html.find(".v-not_met {") != std::string::npos);
}

TEST_CASE("html evidence appendix abbreviates the sha256 and keeps it whole in a title", "[report]") {
  const std::string html = RenderHtml(testing::SampleReport());
  CHECK(html.find("title=\"sha256 5f65459cd802aabbccddeeff00112233445566778899aabbccddeeff00112233\"><span "
                  "class=\"screen-only\">5f65459cd802…</span><span class=\"print-only sha-full\">"
                  "5f65459cd802aabbccddeeff00112233445566778899aabbccddeeff00112233</span>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">98</td><td class=\"num\">356</td><td class=\"num\">#2</td>") != std::string::npos);
}

TEST_CASE("html evidence appendix names an anniversary contract's year, and the data year it read", "[report]") {
  Report report = testing::SampleReport();
  report.contracts[0].year_start_month = 10;  // contract years from October: "2018-10 → 2019-09" is 2019
  const std::string html = RenderHtml(report);
  // The verdict of 2019 (the contract year Oct 2018 – Sep 2019) read the 2019 value of P12.
  CHECK(html.find("<td class=\"nowrap\">2018-10 → 2019-09</td><td><span class=\"badge v-met\">") != std::string::npos);
  CHECK(html.find("<code>P12</code> 2019</td>") != std::string::npos);
  // A calendar-year contract writes the year once.
  const std::string plain = RenderHtml(testing::SampleReport());
  CHECK(plain.find("<code>P12</code> 2019</td>") == std::string::npos);
}

TEST_CASE("the chart leaves a gap for a missing value instead of drawing a zero", "[report]") {
  const Report report = testing::SampleReport();
  const Item& item = report.contracts[0].items[0];
  const std::string svg = RenderTrajectoryChart(item);
  // 010007300: 2019, (2020 missing), 2021, 2022 -> three points and one line, 2021-2022.
  CHECK(testing::Count(svg, "<circle class=\"point\" data-entity=\"010007300\"") == 3);
  CHECK(testing::Count(svg, "<polyline class=\"series\" data-entity=\"010007300\"") == 1);
  // 080000037 has a single value: a point, no line.
  CHECK(testing::Count(svg, "<circle class=\"point\" data-entity=\"080000037\"") == 1);
  CHECK(testing::Count(svg, "<polyline class=\"series\" data-entity=\"080000037\"") == 0);
  // The line of 010007300 joins exactly two points (2021 and 2022).
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex("data-entity=\"010007300\" style=\"[^\"]*\" points=\"([^\"]*)\"")));
  CHECK(testing::Count(m[1].str(), ",") == 2);
  // The targets: one dashed step line, and a legend naming both entities.
  CHECK(testing::Count(svg, "<path class=\"target\" d=\"M") == 2);  // the line and its legend sample
  CHECK(svg.find("010007300 CLINIQUE &quot;LES &lt;TILLEULS&gt;&quot; &amp; CO") != std::string::npos);
  CHECK(svg.find("tolerance band") != std::string::npos);
}

TEST_CASE("the chart draws nothing without a value or a target", "[report]") {
  Item item;
  item.name = "x";
  item.kind = "commitment";
  item.indicator = "P12";
  VerdictRow v;
  v.entity = "080000037";
  v.period = "2019";
  v.verdict = "missing_data";
  item.verdicts.push_back(v);
  CHECK(RenderTrajectoryChart(item).empty());
}

TEST_CASE("html output is deterministic", "[report]") {
  CHECK(RenderHtml(testing::SampleReport()) == RenderHtml(testing::SampleReport()));
}

}  // namespace vigie::report

namespace vigie::report {

TEST_CASE("html print stylesheet keeps every column, prints the hashes in full and numbers the pages", "[report]") {
  const std::string html = RenderHtml(testing::SampleReport());
  const size_t print = html.find("@media print");
  REQUIRE(print != std::string::npos);
  const std::string css = html.substr(print, html.find("</style>") - print);
  CHECK(css.find("table-layout: fixed") != std::string::npos);
  CHECK(css.find("overflow-wrap: anywhere") != std::string::npos);
  CHECK(css.find(".screen-only { display: none; }") != std::string::npos);
  CHECK(css.find(".print-only { display: inline; }") != std::string::npos);
  CHECK(html.find(".print-only { display: none; }") < print);  // hidden on screen
  CHECK(html.find("@bottom-right { content: counter(page) \" / \" counter(pages)") != std::string::npos);
  CHECK(html.find("<table class=\"evidence\">") != std::string::npos);
}

TEST_CASE("html opens each contract with its summary: latest year, matrix, payment", "[report][summary]") {
  const std::string html = RenderHtml(testing::SampleReport());
  const size_t overview = html.find("<section class=\"overview\">");
  REQUIRE(overview != std::string::npos);
  CHECK(overview < html.find("<h3>Summary</h3>"));
  CHECK(html.find("<table class=\"matrix\">", overview) != std::string::npos);
}

// A payment made to each party whose amount could not be computed for one party: the total row says
// so, as the CSV, the Markdown and `vigie run` do, rather than showing the others' sum as the total.
TEST_CASE("html payment total to each party says how many parties were not computed", "[report]") {
  Report r = testing::SampleReport();
  Contract& c = r.contracts.front();
  c.payments.clear();
  auto paid = [](const std::string& party, std::optional<std::string> amount) {
    Payment p;
    p.name = "dotation";
    p.year = "2021";
    p.party = party;
    p.amount = amount;
    p.score = "0.5";
    if (!amount) p.reason = "no scored verdict in 2021";
    return p;
  };
  c.payments = {paid("080000037", "1000.00"), paid("080000615", std::nullopt)};
  const std::string html = RenderHtml(r);
  // 1000.00 + (not computed): the total of the one party computed, and the party left out named.
  CHECK(html.find("<tr><td><code>dotation</code> <b>total</b></td><td class=\"num\"><b>1\u00a0000.00\u00a0€</b> <span class=\"note\">(1 of 2 "
                  "parties not computed)</span></td></tr>") != std::string::npos);
  // Every party computed: the total alone.
  c.payments = {paid("080000037", "1000.00"), paid("080000615", "250.50")};
  CHECK(RenderHtml(r).find("<tr><td><code>dotation</code> <b>total</b></td><td class=\"num\"><b>1\u00a0250.50\u00a0€</b></td></tr>") !=
        std::string::npos);
}

}  // namespace vigie::report
