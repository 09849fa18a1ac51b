#include "engine/report/html_pages.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/base/language.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/csv_report.h"
#include "engine/report/report_text.h"
#include "engine/sema/model.h"
#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

using namespace testing;

std::map<std::string, std::string> Pages(const Report& report) {
  std::map<std::string, std::string> pages;
  const HtmlPages html(report);
  for (size_t page = 0; page < html.size(); ++page) REQUIRE(pages.emplace(html.Name(page), html.Render(page)).second);
  return pages;
}

// The verdicts' cells of a page's grids: a td with a verdict's class (its initials) and a title.
size_t VerdictCells(const std::string& page) {
  size_t cells = 0;
  for (const char* verdict : {"m", "pm", "nm", "md", "w", "na", "p", "e"}) {
    cells += Count(page, std::string("<td class=\"") + verdict + "\" title=\"");
  }
  return cells;
}

// `entities` members of one item, `periods` verdicts each.
Report Campaign(int entities, int periods) {
  Report r = SampleReport();
  Item& item = r.contracts[0].items[0];
  item.verdicts.clear();
  for (int e = 0; e < entities; ++e) {
    for (int p = 0; p < periods; ++p) item.verdicts.push_back(MakeRow(std::to_string(100000000 + e), std::to_string(2000 + p), "met", 1, 1));
  }
  return r;
}

TEST_CASE("html pages: a file name of its own for any entity id, inside pages/", "[report]") {
  CHECK(EntityPageName("cpom", "010007300") == "pages/cpom/010007300.html");
  CHECK(EntityPageName("cpom", "GHT_NORD-1") == "pages/cpom/GHT_NORD-1.html");
  CHECK(EntityPageName("cpom", "../x y") == "pages/cpom/~2E~2E~2Fx~20y.html");
  CHECK(EntityPageName("cpom", "a~2E") == "pages/cpom/a~7E2E.html");  // '~' itself is encoded: no collision with "a."
  CHECK(EntityPageName("cpom", "a.") == "pages/cpom/a~2E.html");
  CHECK(EntityPageName("cpom", "") == "pages/cpom/~.html");
  CHECK(EntityPageName("cpom", "é") == "pages/cpom/~C3~A9.html");
}

TEST_CASE("html pages: above 200 entities in a contract or 20 000 verdicts, not at or below", "[report]") {
  CHECK_FALSE(NeedsHtmlPages(SampleReport()));
  CHECK_FALSE(NeedsHtmlPages(Campaign(200, 1)));
  CHECK(NeedsHtmlPages(Campaign(201, 1)));
  CHECK_FALSE(NeedsHtmlPages(Campaign(100, 200)));  // 20 000 verdicts
  CHECK(NeedsHtmlPages(Campaign(100, 201)));        // 20 100
}

TEST_CASE("html pages: a summary and one page per entity, each with its own verdicts only", "[report]") {
  const auto pages = Pages(SampleReport());
  REQUIRE(pages.size() == 3);  // report.html, 010007300 and 080000037
  const std::string& summary = pages.at("report.html");
  CHECK(summary.find("href=\"pages/cpom/010007300.html\"") != std::string::npos);
  CHECK(summary.find("href=\"pages/cpom/080000037.html\"") != std::string::npos);
  // The summary has no verdict table: no measured value of a verdict in it.
  CHECK(summary.find("<th class=\"num\">Measured</th>") == std::string::npos);
  // Escaped as everywhere else in the HTML report.
  CHECK(summary.find("<script>") == std::string::npos);
  const std::string& sedan = pages.at("pages/cpom/080000037.html");
  CHECK(VerdictCells(sedan) == 1);  // its one verdict, one cell of the grid
  CHECK(sedan.find("010007300") == std::string::npos);
  CHECK(sedan.find("href=\"../../report.html#contract-cpom\"") != std::string::npos);
  const std::string& clinic = pages.at("pages/cpom/010007300.html");
  CHECK(VerdictCells(clinic) == 4);  // its four verdicts
}

TEST_CASE("html pages: an entity's verdicts gathered by their texts, not their addresses: two pools make one page",
          "[report]") {
  // The rows are gathered by the address of their pooled entity text; a text of another pool (here
  // the clinic's second verdict, and its verdict name) has another address but is the same entity.
  Report two_pools = SampleReport();
  TextPool other;
  VerdictRow& second = two_pools.contracts[0].items[0].verdicts[1];
  REQUIRE(second.entity == "010007300");
  second.entity = other.Intern("010007300");
  second.verdict = other.Intern(std::string(second.verdict.str()));
  REQUIRE(&second.entity.str() != &two_pools.contracts[0].items[0].verdicts[0].entity.str());
  const auto pages = Pages(two_pools);
  CHECK(pages == Pages(SampleReport()));  // the same pages, byte for byte
  REQUIRE(pages.size() == 3);
  CHECK(VerdictCells(pages.at("pages/cpom/010007300.html")) == 4);
}

TEST_CASE("html pages: an entity's page is a grid of its verdicts, each findable with its reason, target and source",
          "[report]") {
  const auto pages = Pages(SampleReport());
  const std::string& clinic = pages.at("pages/cpom/010007300.html");
  // A row per item, a column per period; each cell its verdict's mark and value, its verdict in
  // words, its reason and its target (the reason "value read" does not say it) in its title.
  CHECK(clinic.find("<table class=\"grid\"><thead><tr><th>Item</th><th class=\"num\">2019</th><th class=\"num\">2020</th>"
                    "<th class=\"num\">2021</th><th class=\"num\">2022</th><th>Trend</th></tr></thead>") != std::string::npos);
  CHECK(clinic.find("<td class=\"m\" title=\"met — value read · target ≥ 50\u00a0%\">✓ 52.5\u00a0%</td>"
                    "<td class=\"md\" title=\"missing data — P12 is missing\">?</td>"
                    "<td class=\"m\" title=\"met — value read · target ≥ 60\u00a0%\">✓ 61\u00a0%</td>") != std::string::npos);
  // The row's head: the item's name, linked to its row in the summary, and its title, escaped; its
  // facts and terms are in that row, once for every page.
  CHECK(clinic.find("<th scope=\"row\"><a href=\"../../report.html#item-cpom-ambu\"><code>ambu</code></a> Chirurgie "
                    "&lt;script&gt;x&lt;/script&gt; &amp; &quot;ambu&quot; | axe 2</th>") != std::string::npos);
  CHECK(clinic.find("targets 2019") == std::string::npos);
  CHECK(pages.at("report.html")
            .find("<tr id=\"item-cpom-ambu\"><td><code>ambu</code><span class=\"name\">Chirurgie &lt;script&gt;x&lt;/script&gt; "
                  "&amp; &quot;ambu&quot; | axe 2</span><span class=\"name\">Art. 2 &amp; &lt;3&gt; · P12 Taux de chirurgie "
                  "ambulatoire (percent) · targets 2019: ≥ 50\u00a0%; 2020: ≥ 55\u00a0%; 2021: ≥ 60\u00a0%; 2022: ≥ 60\u00a0% · "
                  "weight 1</span></td>") != std::string::npos);
  CHECK(clinic.find("<p class=\"note legend\"><span class=\"v-met\">✓</span> met <span class=\"v-missing_data\">?</span> missing data </p>") !=
        std::string::npos);
  // The trend: the values 52.5 (2019), 61 and 62, the targets 50, 60 and 60, between 50 and 62: a
  // point at x = 6 + 116 i / 3 and y = 32 - 28 (v - 50) / 12 (2019 alone, the 2020 gap breaks the line),
  // each after the first of its line drawn from the one before (2022: 39 right of 2021's).
  CHECK(clinic.find("<svg viewBox=\"0 0 128 36\" aria-hidden=\"true\"><path class=\"t\" d=\"M6 32M83 9l39 0\"/>"
                    "<path d=\"M6 26M83 6l39-2\"/></svg>") != std::string::npos);
  // Its values read, laid out as the grid: the file, its column (every value is in column 356) and
  // its import named once, in the caption of its import's table, then a row per item and input, a
  // cell per period with the value and its row in the file.
  CHECK(Count(clinic, "données &lt;2019&gt; &amp; &quot;co&quot;.csv") == 1);
  CHECK(clinic.find("<caption><code>données &lt;2019&gt; &amp; &quot;co&quot;.csv</code> · column 356 · import #2 · SHA-256 ") !=
        std::string::npos);
  CHECK(clinic.find("<thead><tr><th>Item</th><th>Input</th><th class=\"num\">2019</th><th class=\"num\">2020</th>"
                    "<th class=\"num\">2021</th><th class=\"num\">2022</th></tr></thead><tbody>\n"
                    "<tr><td>ambu</td><td>P12</td><td>52.5\u00a0% (row 98)</td><td><i>missing (.c)</i> (row 98)</td>"
                    "<td>61\u00a0% (row 98)</td><td>62\u00a0% (row 98)</td></tr>\n</tbody></table>") != std::string::npos);
  const std::string& sedan = pages.at("pages/cpom/080000037.html");
  CHECK(sedan.find("<td class=\"nm\" title=\"not met — value read · target ≥ 50\u00a0%\">✗ -12.5\u00a0%</td><td></td></tr>") !=
        std::string::npos);  // one value: no trend drawn
}

// A page copies texts made before it: each target's text (kept from page to page, for the pages of
// one report) and, in its values read, the values its cells show.
TEST_CASE("html pages: a target's text and a value shown are copied only where they are the same text", "[report]") {
  Report r = SampleReport();
  const std::string before = Pages(r).at("pages/cpom/010007300.html");
  CHECK(before.find("title=\"met — value read · target ≥ 50\u00a0%\">✓ 52.5\u00a0%</td>") != std::string::npos);
  // The item's unit changed in place (at the same address): the next pages' targets say so, not
  // the texts kept for the pages before.
  r.contracts[0].items[0].unit = "";
  const std::string after = Pages(r).at("pages/cpom/010007300.html");
  CHECK(after.find("title=\"met — value read · target ≥ 50\">✓ 52.5</td>") != std::string::npos);
  CHECK(after.find("target ≥ 50\u00a0%") == std::string::npos);
  // The values read keep their own unit: the value the cell shows (the item's unit) is not copied.
  CHECK(after.find("<td>52.5\u00a0% (row 98)</td>") != std::string::npos);
  CHECK(after.find("<td>52.5 (row 98)</td>") == std::string::npos);
}

// Items judged over other periods than the last table's: a (2019, 2020) makes the first table, b
// (2021, 2022) the second, then c and d (2019, 2020) go back into the first, however their rows'
// period texts compare with the item's before them (the same pooled texts as a's).
// The sample's contract with these items instead of its own (each the sample's item renamed), each
// with a verdict of 080000037 per period, met: measured `first` then `step` more each period, target 50.
Report OneEntityItems(const std::vector<std::pair<std::string, std::vector<std::string>>>& items, double first, double step) {
  Report r = SampleReport();
  Contract& c = r.contracts[0];
  const Item model = c.items[0];
  c.items.clear();
  for (const auto& [name, periods] : items) {
    Item item = model;
    item.name = name;
    item.title.clear();
    item.verdicts.clear();
    double value = first;
    for (const std::string& period : periods) {
      item.verdicts.push_back(MakeRow("080000037", period, "met", value, 50));
      value += step;
    }
    c.items.push_back(item);
  }
  return r;
}

TEST_CASE("html pages: an item goes to the table of its own periods, not the last one made", "[report]") {
  const Report r =
      OneEntityItems({{"a", {"2019", "2020"}}, {"b", {"2021", "2022"}}, {"c", {"2019", "2020"}}, {"d", {"2019", "2020"}}}, 60, 0);
  const std::string page = Pages(r).at("pages/cpom/080000037.html");
  const size_t first = page.find("<th class=\"num\">2019</th><th class=\"num\">2020</th><th>Trend</th>");
  const size_t second = page.find("<th class=\"num\">2021</th><th class=\"num\">2022</th><th>Trend</th>");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  REQUIRE(first < second);
  for (const char* name : {"a", "c", "d"}) {
    INFO(name);
    const size_t row = page.find(std::string("#item-cpom-") + name + "\"");
    CHECK((row > first && row < second));
  }
  CHECK(page.find("#item-cpom-b\"") > second);
}

// A trend line's points are spread over its own table's periods: three periods at x = 6, 64 and
// 122, two at 6 and 122 (each point after the first drawn from the one before), whichever table
// came first on the page.
TEST_CASE("html pages: a trend line's points are spread over the periods of its own table", "[report]") {
  const Report r = OneEntityItems({{"a", {"2019", "2020", "2021"}}, {"b", {"2022", "2023"}}, {"c", {"2019", "2020", "2021"}}}, 60, 10);
  const std::string page = Pages(r).at("pages/cpom/080000037.html");
  // Values 60, 70, 80 (target 50): y = 32 - 28 (v - 50) / 30, from 22.67 up to 4.
  const std::string three = "<svg viewBox=\"0 0 128 36\" aria-hidden=\"true\"><path class=\"t\" d=\"M6 32l58 0l58 0\"/>"
                            "<path d=\"M6 23l58-10l58-9\"/></svg>";
  // Values 60, 70 (target 50): y = 32 - 28 (v - 50) / 20.
  const std::string two = "<svg viewBox=\"0 0 128 36\" aria-hidden=\"true\"><path class=\"t\" d=\"M6 32l116 0\"/>"
                          "<path d=\"M6 18l116-14\"/></svg>";
  CHECK(Count(page, three) == 2);  // a and c
  CHECK(Count(page, two) == 1);    // b
  CHECK(page.find(two) > page.rfind(three));  // b's table after a's and c's
}

// An amended contract has an item per version under one name: each its own row and id in the
// summary, each entity page's row linking to its own version's terms and naming the version.
TEST_CASE("html pages: an item of each version of an amended contract has its own anchor", "[report]") {
  Report r = SampleReport();
  Contract& c = r.contracts[0];
  Item amended = c.items[0];
  c.items[0].version = 0;
  amended.version = 1;
  amended.verdicts.clear();
  amended.verdicts.push_back(MakeRow("080000037", "2023", "met", 60, 50));
  c.items.push_back(amended);
  const auto pages = Pages(r);
  const std::string& summary = pages.at("report.html");
  CHECK(Count(summary, "<tr id=\"item-cpom-ambu-v0\">") == 1);
  CHECK(Count(summary, "<tr id=\"item-cpom-ambu-v1\">") == 1);
  const std::string& sedan = pages.at("pages/cpom/080000037.html");
  CHECK(sedan.find("<a href=\"../../report.html#item-cpom-ambu-v1\"><code>ambu</code></a> Chirurgie &lt;script&gt;x&lt;/script&gt; "
                   "&amp; &quot;ambu&quot; | axe 2 · amendment 1</th>") != std::string::npos);
  CHECK(sedan.find("<a href=\"../../report.html#item-cpom-ambu-v0\"><code>ambu</code></a> Chirurgie &lt;script&gt;x&lt;/script&gt; "
                   "&amp; &quot;ambu&quot; | axe 2 · initial contract</th>") != std::string::npos);
}

TEST_CASE("html pages: a cell's title gives its waiver and lateness; two verdicts of one period share their cell", "[report]") {
  Report r = SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  VerdictRow& sedan = verdicts[4];  // 080000037 2019, not met
  sedan.verdict = "waived";
  sedan.EditExtras().waiver = std::make_shared<const Waiver>(r.contracts[0].waivers[0]);
  sedan.EditExtras().days_late = 12;
  sedan.target = std::nullopt;
  VerdictRow twice = sedan;
  twice.verdict = "met";
  twice.extras = nullptr;
  twice.measured = 51;
  verdicts.push_back(twice);
  const std::string page = Pages(r).at("pages/cpom/080000037.html");
  CHECK(page.find("<td><span class=\"w\" title=\"waived — value read · Waiver for 080000037 in 2020, granted 2020-02-01, "
                  "until 2020-12-31. · 12 days late\">○ -12.5\u00a0%</span><br><span class=\"m\" title=\"met — value read\">"
                  "✓ 51\u00a0%</span></td>") != std::string::npos);
  // Each of them coloured as its verdict's cell would be (the page's style names the spans too).
  CHECK(page.find("table.grid td span.w { background: #e8f0fe; }") != std::string::npos);
  CHECK(page.find("table.grid td span.m { background: #e6f4ea; }") != std::string::npos);
}

TEST_CASE("html pages: values read in several columns, of another period or entity, or not stored, each say so", "[report]") {
  Report r = SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  // 010007300's 2019 verdict read its value of 2018 (column 12, row 5) and a member's value beside
  // its own; its 2021 verdict a value the store had no row for.
  verdicts[0].inputs[0].period = "2018";
  verdicts[0].inputs[0].column = 12;
  verdicts[0].inputs[0].row = 5;
  Input member = verdicts[0].inputs[0];
  member.entity = "080000037";
  member.period = "2019";
  member.value = 7;
  member.role = "numerator";
  verdicts[0].inputs.push_back(member);
  verdicts[2].inputs[0].source = nullptr;
  const std::string page = Pages(r).at("pages/cpom/010007300.html");
  // Columns 12 and 356: each cell says its row and column; the caption names no column.
  CHECK(page.find("<caption><code>données &lt;2019&gt; &amp; &quot;co&quot;.csv</code> · import #2 · SHA-256 ") != std::string::npos);
  CHECK(page.find("<tr><td>ambu</td><td>P12</td><td>2018: 52.5\u00a0% (row 5, col. 12)</td><td><i>missing (.c)</i> (row 98, col. 356)</td>"
                  "<td>—</td><td>62\u00a0% (row 98, col. 356)</td></tr>\n"
                  "<tr><td>ambu</td><td>P12 080000037 (numerator)</td><td>7\u00a0% (row 5, col. 12)</td><td>—</td><td>—</td><td>—</td></tr>\n") !=
        std::string::npos);
  // The value without a stored row: a table of its own, no row or column.
  CHECK(page.find("<caption>no stored value</caption><thead><tr><th>Item</th><th>Input</th><th class=\"num\">2019</th>"
                  "<th class=\"num\">2020</th><th class=\"num\">2021</th><th class=\"num\">2022</th></tr></thead><tbody>\n"
                  "<tr><td>ambu</td><td>P12</td><td>—</td><td>—</td><td>61\u00a0%</td><td>—</td></tr>\n") != std::string::npos);
  r.language = "fr";
  const std::string french = Pages(r).at("pages/cpom/010007300.html");
  CHECK(french.find("<td>2018 : 52,5\u00a0% (l. 5, col. 12)</td>") != std::string::npos);
}

TEST_CASE("html pages: the summary first, then the entities in the order of their ids, the same from any thread",
          "[report]") {
  Report report = SampleReport();
  report.language = "fr";  // the tests' own language is English
  const HtmlPages html(report);
  REQUIRE(html.size() == 3);
  CHECK(html.Name(0) == "report.html");
  CHECK(html.Name(1) == "pages/cpom/010007300.html");
  CHECK(html.Name(2) == "pages/cpom/080000037.html");
  // Rendered on another thread (which has no language of its own): the same bytes, in the report's.
  std::string elsewhere;
  std::thread([&] { elsewhere = html.Render(2); }).join();
  CHECK(elsewhere == html.Render(2));
  CHECK(elsewhere.find("<html lang=\"fr\"") != std::string::npos);
}

// The sample's item measured in `unit`, its four verdicts of the first entity measuring `values`.
Report WithUnit(const char* unit, std::vector<std::optional<double>> values, const std::string& language) {
  Report r = SampleReport();
  r.language = language;
  Item& item = r.contracts[0].items[0];
  item.unit = unit;
  size_t k = 0;
  for (VerdictRow& v : item.verdicts) {
    if (v.entity != "010007300") continue;
    v.measured = values[k++];
    v.target = 2;
    v.comparator = "<=";
    v.reason = "value read";
    v.inputs.resize(1);
    v.inputs[0].unit = Text::Static(unit);
    v.inputs[0].value = v.measured;
  }
  return r;
}

// The grid's cells of the page, from the first to the trend line.
std::string GridCells(const Report& r) {
  const std::string page = Pages(r).at("pages/cpom/010007300.html");
  const size_t start = page.find("<td class=\"", page.find("<tbody>", page.find("<table class=\"grid\">")));
  return page.substr(start, page.find("<td><svg", start) - start);
}

TEST_CASE("html pages: a value's unit as DisplayValue writes it, the words of the singular and the plural kept",
          "[report]") {
  // French: the singular below 2 ("1,5 jour"), a no-break space before the word, the target "≤ 2 jours";
  // English: the singular for 1 only.
  CHECK(GridCells(WithUnit("days", {1, 1.5, 7, -1}, "fr")) ==
        "<td class=\"m\" title=\"atteint — value read · cible ≤ 2\u00a0jours\">✓ 1\u00a0jour</td>"
        "<td class=\"md\" title=\"donnée manquante — value read · cible ≤ 2\u00a0jours\">? 1,5\u00a0jour</td>"
        "<td class=\"m\" title=\"atteint — value read · cible ≤ 2\u00a0jours\">✓ 7\u00a0jours</td>"
        "<td class=\"m\" title=\"atteint — value read · cible ≤ 2\u00a0jours\">✓ -1\u00a0jour</td>");
  CHECK(GridCells(WithUnit("days", {1, 1.5, 7, -1}, "en")) ==
        "<td class=\"m\" title=\"met — value read · target ≤ 2 days\">✓ 1 day</td>"
        "<td class=\"md\" title=\"missing data — value read · target ≤ 2 days\">? 1.5 days</td>"
        "<td class=\"m\" title=\"met — value read · target ≤ 2 days\">✓ 7 days</td>"
        "<td class=\"m\" title=\"met — value read · target ≤ 2 days\">✓ -1 day</td>");
  // Euros: thousands grouped in both languages, a no-break space before the sign.
  CHECK(GridCells(WithUnit("euros", {1234.5, 0.25, 1e6, 12}, "en")).find("✓ 1\u00a0234.5\u00a0€</td>") != std::string::npos);
  CHECK(GridCells(WithUnit("euros", {1234.5, 0.25, 1e6, 12}, "fr")).find("✓ 1\u00a0000\u00a0000\u00a0€</td>") !=
        std::string::npos);
  // A ratio: the number alone, grouped in French; NaN and the infinities as words.
  CHECK(GridCells(WithUnit("ratio", {1234.5, std::nan(""), INFINITY, -1.0 / 3}, "fr")) ==
        "<td class=\"m\" title=\"atteint — value read · cible ≤ 2\">✓ 1\u00a0234,5</td>"
        "<td class=\"md\" title=\"donnée manquante — value read · cible ≤ 2\">? NaN</td>"
        "<td class=\"m\" title=\"atteint — value read · cible ≤ 2\">✓ inf</td>"
        "<td class=\"m\" title=\"atteint — value read · cible ≤ 2\">✓ -0,3333333333</td>");
}

TEST_CASE("html pages: a cell's title does not repeat the value the cell shows, nor a target its reason says",
          "[report]") {
  Report r = WithUnit("percent", {52.5, 1234.5, 7, 9}, "en");
  std::vector<VerdictRow*> clinic;
  for (VerdictRow& v : r.contracts[0].items[0].verdicts) {
    if (v.entity == "010007300") clinic.push_back(&v);
  }
  REQUIRE(clinic.size() == 4);
  clinic[0]->reason = "52.5\u00a0% does not satisfy ≤ 2\u00a0%";  // the value first, then the target
  clinic[1]->reason = "1234.5\u00a0% is far above";              // the value first, the target not said
  clinic[2]->reason = "7\u00a0%, read";                          // the value glued to a comma: kept whole
  clinic[3]->reason = "9\u00a0%";                                // the value alone: kept
  CHECK(GridCells(r) ==
        "<td class=\"m\" title=\"met — does not satisfy ≤ 2\u00a0%\">✓ 52.5\u00a0%</td>"
        "<td class=\"md\" title=\"missing data — is far above · target ≤ 2\u00a0%\">? 1234.5\u00a0%</td>"
        "<td class=\"m\" title=\"met — 7\u00a0%, read · target ≤ 2\u00a0%\">✓ 7\u00a0%</td>"
        "<td class=\"m\" title=\"met — 9\u00a0% · target ≤ 2\u00a0%\">✓ 9\u00a0%</td>");
}

TEST_CASE("html pages: every unit, both languages, 4,000 values: each cell's value and target as DisplayValue and "
          "BoundWithUnit write them", "[report]") {
  // The page words a value with its unit by a rule of its own, found once per page (UnitValues):
  // it must give what DisplayValue gives for any value, and the target what BoundWithUnit gives.
  std::mt19937_64 random(20261207);
  std::vector<double> values = {0, 1, -1, 2, 1.5, 0.5, 1.999, 2.001, 0.001, 0.0005, 1e-7, 999.9995, 1000, 1234.5, 1e6, 1e10, 1e21,
                                -0.0, -1234.5678, 12.345, 60, 58.5, 0.1, 0.2, 0.3};
  while (values.size() < 200) {
    const int family = static_cast<int>(random() % 4);
    const double x = std::uniform_real_distribution<double>(-2e6, 2e6)(random);
    values.push_back(family == 0 ? std::round(x) : family == 1 ? std::round(x * 1000) / 1000 : family == 2 ? x : x / 1e6);
  }
  int checked = 0;
  for (int unit_index = 0; unit_index <= static_cast<int>(sema::model::Unit::kPlaces); ++unit_index) {
    const std::string unit(sema::model::Name(static_cast<sema::model::Unit>(unit_index)));
    for (const std::string language : {"fr", "en"}) {
      const ScopedLanguage scoped(language == "en" ? Language::kEnglish : Language::kFrench);
      for (size_t from = 0; from + 4 <= values.size(); from += 4) {
        Report r = WithUnit(unit.c_str(), {values[from], values[from + 1], values[from + 2], values[from + 3]}, language);
        for (VerdictRow& v : r.contracts[0].items[0].verdicts) {
          if (v.entity == "010007300") v.target = v.measured;  // the target worded from the same values
        }
        const std::string cells = GridCells(r);
        size_t at = 0;
        for (size_t k = 0; k < 4; ++k) {
          const double value = values[from + k];
          const size_t title = cells.find(" · ", cells.find("title=\"", at)) + std::string(" · ").size();
          const size_t title_end = cells.find("\">", title);
          const size_t shown = cells.find(' ', title_end) + 1;
          const size_t shown_end = cells.find("</td>", shown);
          INFO(unit << " " << language << " " << value);
          CHECK(cells.substr(title, title_end - title) ==
                EscapeHtml(vigie::Tr("target {0}", BoundWithUnit("<=", FormatNumber(value), unit))));
          CHECK(cells.substr(shown, shown_end - shown) == EscapeHtml(DisplayValue(value, unit)));
          at = shown_end;
          ++checked;
        }
      }
    }
  }
  CHECK(checked == 10 * 2 * 200);
}

TEST_CASE("csv written in pieces is the same text as rendered at once, each piece whole rows", "[report]") {
  for (const Report& report : {SampleReport(), Campaign(400, 5)}) {
    std::string streamed;
    std::vector<size_t> sizes;
    WriteCsv(report, [&](std::string_view piece) {
      streamed += piece;
      sizes.push_back(piece.size());
      CHECK(piece.substr(piece.size() - 2) == "\r\n");
    });
    CHECK(streamed == RenderCsv(report));
    // Pieces of 64 KiB and a row at least: the small report in one, 2 000 rows in several.
    CHECK(sizes.size() == (report.contracts[0].items[0].verdicts.size() == 5 ? 1u : (streamed.size() + 65535) / 65536));
    for (size_t i = 0; i + 1 < sizes.size(); ++i) CHECK(sizes[i] >= 65536);
  }
}

}  // namespace
}  // namespace vigie::report
