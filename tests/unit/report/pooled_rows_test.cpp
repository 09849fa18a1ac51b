// The report's compact verdict rows (issue 17, s13): texts held once in the report's TextPool, the
// rare parts behind one pointer, numbers in 8 bytes. A copy of a Contract keeps its texts alive after
// the report it came from is gone (run this file under ASan to see a dangling text as an error).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/language.h"
#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

using testing::SampleReport;

TEST_CASE("pooled text: one copy of each text, compared and joined as a string", "[report]") {
  TextPool pool;
  const Text a = pool.Intern("W1 entity 010001000");
  const Text b = pool.Intern(std::string("W1 entity ") + "010001000");
  CHECK(&a.str() == &b.str());  // the same text is held once
  CHECK(a == b);
  CHECK(a == "W1 entity 010001000");
  CHECK(std::string("W1 entity 010001000") == a);
  CHECK(a.size() == 19);
  CHECK("[" + a + "]" == "[W1 entity 010001000]");
  CHECK(pool.Intern("2019") < pool.Intern("2020"));
  CHECK(Text().empty());
  CHECK(Text() == "");
  CHECK(Text::Static("met") == Text("met"));
  CHECK(&Text::Static("met").str() == &Text("met").str());
}

TEST_CASE("optional number: none, NaN, -0 and infinity are told apart", "[report]") {
  OptionalNumber none;
  CHECK_FALSE(none.has_value());
  CHECK_FALSE(static_cast<std::optional<double>>(none).has_value());
  OptionalNumber nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(nan.has_value());
  CHECK(std::isnan(*nan));
  OptionalNumber zero = -0.0;
  CHECK(zero.has_value());
  CHECK(std::signbit(*zero));
  OptionalNumber infinite = std::numeric_limits<double>::infinity();
  CHECK(*infinite == std::numeric_limits<double>::infinity());
  CHECK(OptionalNumber(std::optional<double>(52.5)).value_or(0) == 52.5);
  CHECK(OptionalNumber(std::optional<double>()).value_or(7) == 7);
  CHECK(OptionalNumber(std::nullopt) == none);
  CHECK_FALSE(OptionalNumber(1.0) == none);
}

TEST_CASE("compact rows: a row and its single input hold no string but the reason", "[report]") {
  // 6 texts (48) + value (8) + source (16) + row and column (4 + 4).
  CHECK(sizeof(Input) == 80);
  // 7 texts (56) + reason (16: base/text_arena.h, `group` in its padding) + 4 numbers (32) + extras
  // (8) + one input inline (24 + 80).
  CHECK(sizeof(VerdictRow) == 216);
  // No larger than a run's detail: the rows of an item are made in the memory of the details freed
  // before them (BuildReportTakingDetails), not in fresh pages.
  CHECK(sizeof(VerdictRow) <= sizeof(eval::Detail));
  // 3 + 1 texts (32) + value (8) + row id (8) + period (12, padded to 16).
  CHECK(sizeof(eval::InputRead) == 64);
  CHECK(sizeof(eval::Detail) == 216);
}

TEST_CASE("compact rows: an input's row and column are read back up to 2^31 - 1, refused beyond", "[report]") {
  Report sample = SampleReport();
  Input& in = sample.contracts.at(0).items.at(0).verdicts.at(0).inputs.at(0);
  in.row = 2147483647;
  in.column = 7;
  const std::string json = RenderJson(sample);
  std::string problem;
  const std::optional<Report> parsed = ParseJson(json, problem);
  REQUIRE(parsed);
  CHECK(parsed->contracts.at(0).items.at(0).verdicts.at(0).inputs.at(0).row == 2147483647);
  const size_t at = json.find("2147483647");
  REQUIRE(at != std::string::npos);
  SetLanguage(Language::kEnglish);
  for (const std::string& beyond : {std::string("2147483648"), std::string("-2147483649")}) {
    std::string edited = json;
    edited.replace(at, 10, beyond);
    CHECK_FALSE(ParseJson(edited, problem));
    INFO(problem);
    CHECK(problem.find("an input's row or column is " + beyond + ", not a line or column number") != std::string::npos);
  }
  SetLanguage(Language::kFrench);
}

TEST_CASE("compact rows: a parsed report's rows point into its pool, rare parts only where they are", "[report]") {
  Report sample = SampleReport();
  sample.contracts[0].items[0].verdicts[1].EditExtras().days_late = 4;
  std::string problem;
  const std::optional<Report> parsed = ParseJson(RenderJson(sample), problem);
  REQUIRE(parsed);
  const Contract& c = parsed->contracts.at(0);
  REQUIRE(c.texts);
  REQUIRE(c.items.at(0).texts == c.texts);
  const std::vector<VerdictRow>& rows = c.items[0].verdicts;
  REQUIRE(rows.size() == 5);
  // The two verdicts of 010007300 name it with one text; its inputs too.
  CHECK(&rows[0].entity.str() == &rows[1].entity.str());
  CHECK(&rows[0].entity.str() == &rows[0].inputs.at(0).entity.str());
  CHECK(&rows[0].entity_name.str() == &rows[3].entity_name.str());
  CHECK(rows[1].extras != nullptr);
  CHECK(rows[1].days_late() == 4);
  for (size_t i : {0, 2, 3, 4}) {
    INFO("row " << i);
    CHECK(rows[i].extras == nullptr);
    CHECK_FALSE(rows[i].days_late());
    CHECK(rows[i].members().empty());
    CHECK(rows[i].evidence_date().empty());
  }
}

TEST_CASE("compact rows: a copied contract keeps its texts when the report is gone", "[report]") {
  std::string problem;
  const std::string json = RenderJson(SampleReport());
  std::optional<Contract> kept;
  std::vector<VerdictRow> rows;
  {
    std::optional<Report> parsed = ParseJson(json, problem);
    REQUIRE(parsed);
    kept = parsed->contracts.at(0);
    parsed.reset();
  }
  std::vector<std::string> churn(1000, std::string(64, 'x'));  // what the freed texts' memory would hold
  // Held by the contract, each of its items and its summary (whose matrix points into them too).
  REQUIRE(kept->texts.use_count() == 2 + static_cast<long>(kept->items.size()));
  const VerdictRow& sedan = kept->items[0].verdicts[4];
  CHECK(sedan.entity == "080000037");
  CHECK(sedan.entity_name == "CH DE SEDAN");
  CHECK(sedan.period == "2019");
  CHECK(sedan.verdict == "not_met");
  CHECK(sedan.inputs.at(0).indicator == "P12");
  CHECK(sedan.inputs.at(0).unit == "percent");
  // The report rebuilt from the copy writes the same contract.
  Report again = SampleReport();
  again.contracts = {*kept};
  CHECK(RenderJson(again) == json);
}

TEST_CASE("compact rows: editing one row's extras leaves the rows that shared them alone", "[report]") {
  VerdictRow a;
  a.EditExtras().evidence_document = "/srv/preuves/rapport.pdf";
  VerdictRow b = a;
  REQUIRE(a.extras == b.extras);
  b.EditExtras().evidence_document = "rapport.pdf";
  CHECK(a.evidence_document() == "/srv/preuves/rapport.pdf");
  CHECK(b.evidence_document() == "rapport.pdf");
}

}  // namespace
}  // namespace vigie::report
