// The reports `vigie serve` hands out (engine/serve/report_download.h): a recorded run's JSON read
// back whole, so that its HTML and CSV are rendered from it; an establishment's extract.
#include <catch2/catch.hpp>

#include "engine/report/csv_report.h"
#include "engine/report/html_report.h"
#include "engine/serve/report_download.h"
#include "tests/unit/report/report_test_data.h"

using namespace vigie;
using namespace vigie::serve;
using report::testing::Count;
using report::testing::SampleReport;

namespace {

// The sample report as a recorded run has it: what the JSON does not carry left out (the
// indicator's title), every verdict with its waiver when the contract lists one for it.
report::Report Recorded() {
  report::Report r = SampleReport();
  report::Item& item = r.contracts[0].items[0];
  item.indicator_title.clear();
  item.verdicts[4].EditExtras().waiver = std::make_shared<const report::Waiver>(r.contracts[0].waivers[0]);  // 080000037 in 2020... on its 2019 row, for the test
  item.verdicts[1].EditExtras().days_late = 3;
  item.verdicts[0].EditExtras().members = {{"ambu", "met"}};
  r.contracts[0].entity_scores.push_back({"2019", "080000037", "0", {{"ambu", "1", "0", 1}}});
  r.contracts[0].payments[0].read = {"P12 of 080000037 in 2019 = -12,5"};
  r.contracts[0].payments[0].reason = "";
  r.contracts[0].summary = report::SummarizeContract(r.contracts[0]);
  return r;
}

}  // namespace

TEST_CASE("a recorded report reads back whole: its JSON, HTML and CSV are those of the run", "[serve][report]") {
  const report::Report recorded = Recorded();
  const std::string json = report::RenderJson(recorded);
  std::string problem;
  const std::optional<report::Report> read = report::ParseJson(json, problem);
  REQUIRE(read);
  CHECK(problem.empty());
  // Every field the JSON holds is read: written again, the same bytes.
  CHECK(report::RenderJson(*read) == json);
  // The other formats are rendered from it as from the run itself (the summary made again from
  // the verdicts, the charts drawn from them).
  CHECK(report::RenderCsv(*read) == report::RenderCsv(recorded));
  CHECK(report::RenderHtml(*read) == report::RenderHtml(recorded));
}

TEST_CASE("an establishment's extract of a report: its verdicts, scores and payments only", "[serve][report]") {
  const report::Report whole = Recorded();
  const std::optional<report::Report> mine = ExtractFor(whole, {"080000037"}, {"cpom"});
  REQUIRE(mine);
  REQUIRE(mine->contracts.size() == 1);
  const report::Contract& c = mine->contracts[0];
  // One verdict of 080000037 (2019, not met) out of five; the other four are 010007300's.
  REQUIRE(c.items[0].verdicts.size() == 1);
  CHECK(c.items[0].verdicts[0].entity == "080000037");
  CHECK(c.items[0].counts == std::map<std::string, int64_t>{{"not_met", 1}});
  CHECK(c.counts == std::map<std::string, int64_t>{{"not_met", 1}});
  CHECK(mine->counts == std::map<std::string, int64_t>{{"not_met", 1}});
  // The contract's score (2019: 0.5) is both parties': left out. 080000037's own score stays.
  CHECK(c.scores.empty());
  REQUIRE(c.entity_scores.size() == 1);
  CHECK(c.entity_scores[0].value == "0");
  // 080000037 is a party of the contract: its payment (made to the contract) stays.
  REQUIRE(c.payments.size() == 1);
  CHECK(c.payments[0].amount == std::optional<std::string>("1234567.50"));
  // The waiver of its verdict stays.
  CHECK(c.waivers.size() == 1);
  const std::string json = report::RenderJson(*mine);
  CHECK(Count(json, "010007300") == 1);  // the contract's parties only
  CHECK(Count(json, "LES <TILLEULS>") == 0);
  CHECK(report::RenderCsv(*mine).find("010007300") == std::string::npos);

  // A report that names none of the entities, or only in contracts it may not see: no extract.
  CHECK_FALSE(ExtractFor(whole, {"080000615"}, {"cpom"}));
  CHECK_FALSE(ExtractFor(whole, {"080000037"}, {"another"}));
  // 010007300's: four verdicts, no waiver (its verdicts were not waived).
  const std::optional<report::Report> other = ExtractFor(whole, {"010007300"}, {"cpom"});
  REQUIRE(other);
  CHECK(other->contracts[0].items[0].verdicts.size() == 4);
  CHECK(other->contracts[0].items[0].counts == std::map<std::string, int64_t>{{"met", 3}, {"missing_data", 1}});
  CHECK(other->contracts[0].waivers.empty());
  CHECK(other->contracts[0].entity_scores.empty());
  // Both parties: the contract's score is theirs.
  const std::optional<report::Report> both = ExtractFor(whole, {"010007300", "080000037"}, {"cpom"});
  REQUIRE(both);
  CHECK(both->contracts[0].scores.size() == 1);
}

TEST_CASE("an establishment's extract names the store, the rulesets and the data files without the server's folders",
          "[serve][report]") {
  report::Report whole = Recorded();
  whole.store = "/srv/vigie/base/vigie.db";
  whole.rulesets[0].path = "/srv/vigie/regles/contrat.vigie";
  for (report::VerdictRow& row : whole.contracts[0].items[0].verdicts) {
    for (report::Input& input : row.inputs) {
      report::Source moved = *input.source;
      moved.file = "/srv/vigie/imports/" + moved.file;
      input.source = std::make_shared<const report::Source>(std::move(moved));
    }
  }
  // A milestone's evidence, as a controller imported it from the agency's share.
  whole.contracts[0].items[0].verdicts[4].EditExtras().evidence_document = "/srv/ars/preuves/080000037/rapport 2019.pdf";
  const std::optional<report::Report> mine = ExtractFor(whole, {"080000037"}, {"cpom"});
  REQUIRE(mine);
  CHECK(mine->store == "vigie.db");
  CHECK(mine->rulesets[0].path == "contrat.vigie");
  CHECK(mine->rulesets[0].sha256 == whole.rulesets[0].sha256);
  REQUIRE_FALSE(mine->contracts[0].items[0].verdicts[0].inputs.empty());
  CHECK(mine->contracts[0].items[0].verdicts[0].inputs[0].source->file == "données <2019> & \"co\".csv");
  CHECK(mine->contracts[0].items[0].verdicts[0].evidence_document() == "rapport 2019.pdf");
  for (const std::string& rendered : {report::RenderJson(*mine), report::RenderHtml(*mine), report::RenderCsv(*mine)}) {
    CHECK(rendered.find("/srv/") == std::string::npos);
  }
  CHECK(report::RenderJson(*mine).find("\"store\": \"vigie.db\"") != std::string::npos);
  // The whole report is left as it is (the sealed one is what verify reads).
  CHECK(whole.store == "/srv/vigie/base/vigie.db");
}

TEST_CASE("a file is named to an establishment without its folders, on the server or a controller's computer",
          "[serve][report]") {
  CHECK(FileName("/home/controle/data/valeurs.csv") == "valeurs.csv");
  CHECK(FileName("C:\\Users\\controle\\Documents\\valeurs 2019.csv") == "valeurs 2019.csv");
  CHECK(FileName("valeurs.csv") == "valeurs.csv");
  CHECK(FileName("données <2019> & \"co\".csv") == "données <2019> & \"co\".csv");
  CHECK(FileName("") == "");
}

TEST_CASE("a report to download: its format, its media type and its file name", "[serve][report]") {
  CHECK(ReportFormatNamed("html") == ReportFormat::kHtml);
  CHECK(ReportFormatNamed("json") == ReportFormat::kJson);
  CHECK(ReportFormatNamed("csv") == ReportFormat::kCsv);
  CHECK_FALSE(ReportFormatNamed("pdf"));
  CHECK_FALSE(ReportFormatNamed("HTML"));
  CHECK_FALSE(ReportFormatNamed(""));
  const report::Report r = Recorded();
  const ReportDownload html = RenderDownload(r, ReportFormat::kHtml, "rapport-execution-3");
  CHECK(html.file_name == "rapport-execution-3.html");
  CHECK(html.content_type == "text/html; charset=utf-8");
  CHECK(html.body == report::RenderHtml(r));
  const ReportDownload csv = RenderDownload(r, ReportFormat::kCsv, "x");
  CHECK(csv.file_name == "x.csv");
  CHECK(csv.content_type == "text/csv; charset=utf-8");
  const ReportDownload json = JsonDownload("{}\n", "x");
  CHECK(json.file_name == "x.json");
  CHECK(json.body == "{}\n");
  CHECK(json.content_type == "application/json; charset=utf-8");
}
