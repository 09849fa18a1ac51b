// The contract summary (report::SummarizeContract): the latest assessed year, its counts apart from
// the group's own, the change since the year before, the payment against the amount possible, and
// the establishment x item matrix. The numbers are worked out by hand beside each check.
#include <catch2/catch.hpp>

#include "engine/base/language.h"
#include "engine/report/markdown_report.h"
#include "engine/report/report_model.h"

namespace vigie::report {
namespace {

VerdictRow Row(const std::string& item, const std::string& entity, const std::string& period, const std::string& verdict,
               bool group = false) {
  VerdictRow v;
  v.item = Text::Static(item);  // a test's texts live as long as the program
  v.entity = Text::Static(entity);
  v.entity_name = Text::Static(entity == "G" ? "GHT" : "");
  v.period = Text::Static(period);
  v.verdict = Text::Static(verdict);
  v.group = group;
  return v;
}

Contract Sample() {
  Contract c;
  c.name = "cpom";
  Item a;  // yearly, members and the group itself
  a.name = "a";
  a.verdicts = {Row("a", "E1", "2020", "met"),          Row("a", "E2", "2020", "not_met"),
                Row("a", "E1", "2021", "met"),          Row("a", "E2", "2021", "partially_met"),
                Row("a", "G", "2021", "met", true)};
  Item m;  // only a pending 2022: does not make 2022 the latest year
  m.name = "m";
  m.kind = "milestone";
  m.verdicts = {Row("m", "E1", "2022", "pending")};
  Item q;  // quarterly
  q.name = "q";
  q.verdicts = {Row("q", "E1", "2021-T2", "missing_data"), Row("q", "E1", "2021-T1", "met")};
  c.items = {a, m, q};
  c.scores = {Score{"2020", "", "0.25", {}}, Score{"2021", "", "0.6667", {}}, Score{"2021", "E1", "1", {}}};
  Payment fixed{"fixe", "Part fixe", "2021", "", std::string("10000.00"), std::string("10000.00"), "0.6667", "", {}, {}, std::nullopt};
  Payment total{"total", "Total", "2021", "", std::string("16667.00"), std::string("20000.00"), "0.6667", "", {}, {}, std::nullopt};
  Payment before{"total", "Total", "2020", "", std::string("12500.00"), std::string("20000.00"), "0.25", "", {}, {}, std::nullopt};
  c.payments = {before, fixed, total};
  return c;
}

}  // namespace

TEST_CASE("the summary takes the latest assessed year, members apart from the group", "[report][summary]") {
  const ContractSummary s = SummarizeContract(Sample());
  REQUIRE(s.latest);
  // 2022 has only a pending verdict: 2021 is the latest year with a verdict other than pending.
  CHECK(s.latest->year == "2021");
  // 2021, members: a E1 met, a E2 partially met, q 2021-T1 met, q 2021-T2 missing data.
  CHECK(s.latest->counts == std::map<std::string, int64_t>{{"met", 2}, {"partially_met", 1}, {"missing_data", 1}});
  // The group's own: a G met. Not added to the members'.
  CHECK(s.latest->group_counts == std::map<std::string, int64_t>{{"met", 1}});
  CHECK(s.latest->score == std::optional<std::string>("0.6667"));  // the contract's, not E1's "1"
  REQUIRE(s.previous);
  CHECK(s.previous->year == "2020");
  CHECK(s.previous->counts == std::map<std::string, int64_t>{{"met", 1}, {"not_met", 1}});
}

TEST_CASE("the summary gives the change since the year before", "[report][summary]") {
  ContractSummary s = SummarizeContract(Sample());
  // met 2 - 1 = +1; partially met 1 - 0 = +1; missing data 1 - 0 = +1; not met 0 - 1 = -1.
  CHECK(s.count_changes ==
        std::map<std::string, int64_t>{{"met", 1}, {"partially_met", 1}, {"missing_data", 1}, {"not_met", -1}});
  CHECK(s.group_count_changes == std::map<std::string, int64_t>{{"met", 1}});  // 1 - 0
  // 0.6667 - 0.2500 = +0.4167
  CHECK(s.score_change == std::optional<std::string>("+0.4167"));

  Contract down = Sample();
  down.scores = {Score{"2020", "", "1", {}}, Score{"2021", "", "0.9583", {}}};
  CHECK(SummarizeContract(down).score_change == std::optional<std::string>("-0.0417"));  // 0.9583 - 1.0000
  down.scores = {Score{"2020", "", "0.5", {}}, Score{"2021", "", "0.5000", {}}};
  CHECK(SummarizeContract(down).score_change == std::optional<std::string>("0.0000"));

  Contract alone = Sample();
  alone.items[0].verdicts.erase(alone.items[0].verdicts.begin(), alone.items[0].verdicts.begin() + 2);  // no 2020
  s = SummarizeContract(alone);
  CHECK_FALSE(s.previous);
  CHECK(s.count_changes.empty());
  CHECK_FALSE(s.score_change);
}

TEST_CASE("the summary gives the latest year's payment against the amount possible", "[report][summary]") {
  ContractSummary s = SummarizeContract(Sample());
  // The last payment clause of 2021 (the total): 16 667,00 € of 20 000,00 € possible.
  CHECK(s.payment_name == "total");
  CHECK(s.payment == std::optional<std::string>("16667.00"));
  CHECK(s.payment_possible == std::optional<std::string>("20000.00"));

  Contract pending = Sample();
  pending.payments[2].amount.reset();
  pending.payments[2].reason = "2021 has not ended at the as-of date";
  s = SummarizeContract(pending);
  CHECK_FALSE(s.payment);
  CHECK_FALSE(s.payment_possible);
  CHECK(s.payment_reason == "2021 has not ended at the as-of date");
}

TEST_CASE("the summary matrix has a row per member, then the group's own", "[report][summary]") {
  const ContractSummary s = SummarizeContract(Sample());
  CHECK(s.items == std::vector<std::string>{"a", "q"});  // m has no verdict in 2021
  REQUIRE(s.rows.size() == 3);
  CHECK(s.rows[0].entity == "E1");
  CHECK_FALSE(s.rows[0].group);
  using Cell = MatrixRow::Cell;
  CHECK(s.rows[0].cells[0] == Cell{{"2021", "met"}});
  CHECK(s.rows[0].cells[1] == Cell{{"2021-T1", "met"}, {"2021-T2", "missing_data"}});  // in period order
  CHECK(s.rows[1].entity == "E2");
  CHECK(s.rows[1].cells[1].empty());  // q does not apply to E2
  CHECK(s.rows[2].entity == "G");
  CHECK(s.rows[2].group);
  CHECK(s.rows[2].cells[0] == Cell{{"2021", "met"}});
}

TEST_CASE("the summary reads the rows in any order, their texts from any pool", "[report][summary]") {
  // Rows by entity, then period (a run writes them by period): the latest year's rows of an item are
  // not one run of rows, and the 2020 rows between them are none of the matrix's.
  TextPool pool;  // a report read back holds its own texts: the same names, other pointers
  Contract c;
  c.texts = std::make_shared<TextPool>();
  Item a;
  a.name = "a";
  VerdictRow pooled = Row("a", "E2", "2020", "met");
  pooled.period = pool.Intern("2021");
  pooled.verdict = pool.Intern("met");
  a.verdicts = {Row("a", "E1", "2020", "not_met"), Row("a", "E1", "2021", "met"), Row("a", "E2", "2020", "met"), pooled,
                Row("a", "E3", "2020", "met")};
  c.items = {a};
  const ContractSummary s = SummarizeContract(c);
  REQUIRE(s.latest);
  CHECK(s.latest->year == "2021");
  CHECK(s.latest->counts == std::map<std::string, int64_t>{{"met", 2}});  // one name from two pools
  REQUIRE(s.previous);
  CHECK(s.previous->counts == std::map<std::string, int64_t>{{"met", 2}, {"not_met", 1}});
  using Cell = MatrixRow::Cell;
  REQUIRE(s.rows.size() == 2);  // E3 has no 2021 verdict
  CHECK(s.rows[0].entity == "E1");
  CHECK(s.rows[0].cells == std::vector<Cell>{Cell{{"2021", "met"}}});
  CHECK(s.rows[1].entity == "E2");
  CHECK(s.rows[1].cells == std::vector<Cell>{Cell{{"2021", "met"}}});
  // The cells point into the contract's texts: the summary keeps them, as long as any copy of it.
  CHECK(s.texts == c.texts);
}

TEST_CASE("the summary has no position before any year is assessed", "[report][summary]") {
  Contract c;
  Item m;
  m.name = "m";
  m.verdicts = {Row("m", "E1", "2022", "pending"), Row("m", "E2", "2022", "not_applicable")};
  c.items = {m};
  const ContractSummary s = SummarizeContract(c);
  CHECK_FALSE(s.latest);
  CHECK(s.rows.empty());
}

TEST_CASE("the matrix's columns: the members' items apart from the group's", "[report][summary]") {
  ContractSummary s = SummarizeContract(Sample());
  // a: E1, E2 and G have a 2021 verdict; q: E1 only (a member).
  CHECK(MatrixColumns(s, false) == std::vector<size_t>{0, 1});
  CHECK(MatrixColumns(s, true) == std::vector<size_t>{0});
}

TEST_CASE("the Markdown report opens each contract with the same summary, in words", "[report][summary]") {
  Report report;
  report.language = "en";
  report.contracts = {Sample()};
  report.contracts[0].summary = SummarizeContract(report.contracts[0]);
  const std::string md = RenderMarkdown(report);
  const size_t overview = md.find("### Where the contract stands in 2021\n");
  REQUIRE(overview != std::string::npos);
  CHECK(overview < md.find("### Summary"));
  // 0.6667 - 0.25 = +0.4167; total 16 667 of 20 000 €; members 2021: met 1 (E1 a), partially met 1
  // (E2 a), met 1 + missing data 1 (E1 q, quarters, shown as the model writes them): met 2 (2020: met
  // 1, not met 1).
  CHECK(md.find("- **Score:** **0.6667** (▲ +0.4167 since 2020)\n") != std::string::npos);
  CHECK(md.find("- **Payment:** **16\u00a0667.00\u00a0€ of 20\u00a0000.00\u00a0€ possible** (Total, `total`)\n") !=
        std::string::npos);
  CHECK(md.find("- **Members' verdicts:** 2 met (▲ +1), 1 partially met (▲ +1), 0 not met (▼ −1), 1 missing data (▲ +1)\n") !=
        std::string::npos);
  CHECK(md.find("- **The group's own result (not its members'):** 1 met (▲ +1)\n") != std::string::npos);
  CHECK(md.find("| Establishment | `a` | `q` |\n| --- | --- | --- |\n"
                "| `E1` | met | 2021-T1 met, 2021-T2 missing data |\n"
                "| `E2` | partially met | — |\n") != std::string::npos);
  CHECK(md.find("| Group | `a` |\n| --- | --- |\n| `G` GHT | met |\n") != std::string::npos);

  Report none;
  none.language = "fr";
  Contract c;
  c.name = "c";
  Item m;
  m.name = "m";
  m.verdicts = {Row("m", "E1", "2022", "pending")};
  c.items = {m};
  c.summary = SummarizeContract(c);
  none.contracts = {c};
  CHECK(RenderMarkdown(none).find("### Situation du contrat\n\nAucune année évaluée pour l'instant") != std::string::npos);
}

}  // namespace vigie::report

#include "engine/base/language.h"
#include "engine/driver/pdf.h"

namespace vigie::driver {

TEST_CASE("without chromium, --formats pdf says how to install it, in both languages", "[report][pdf]") {
  CHECK(ChromiumMissingHelp().find("sudo apt install chromium") != std::string::npos);
  SetLanguage(Language::kFrench);
  const std::string french = ChromiumMissingHelp();
  SetLanguage(Language::kEnglish);
  CHECK(french.find("installez-le (Debian, Ubuntu : sudo apt install chromium)") != std::string::npos);
}

}  // namespace vigie::driver
