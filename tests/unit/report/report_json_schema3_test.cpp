// report.json schema 3 (issue 17, session 14): each verdict and each of its inputs a row, an array of
// values under the columns the report names once (`verdict_columns`, `input_columns`); a verdict's
// rare parts in a trailing `extras` object, an input's entity and period only when they are not its
// verdict's. ParseJson reads it, and schema 2 as main wrote it before (a golden case's report).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "tests/unit/report/earlier_reports.h"
#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

using nlohmann::ordered_json;
using testing::InLanguage;

// The lines of a campaign's report that are verdict rows (each starts with its entity's id).
std::vector<std::string> VerdictLines(const std::string& json) {
  std::vector<std::string> lines;
  for (size_t start = 0, end; start < json.size(); start = end + 1) {
    end = json.find('\n', start);
    const std::string line = json.substr(start, end - start);
    if (line.rfind("[\"", 0) == 0) lines.push_back(line);
  }
  return lines;
}

// One verdict of W1 (bench/w1: a ratio against its ceiling, one value read) alone in a report.
Report W1Report() {
  Report r = testing::SampleReport();
  Item& item = r.contracts[0].items[0];
  item.verdicts.clear();
  VerdictRow v = testing::MakeRow("010001000", "2021", "not_met", 364.125, 328.875);
  v.comparator = "<=";
  v.reason = "364,125 ne satisfait pas ≤ 328,875";
  v.band_low = 328.875;
  v.band_high = 343.75;
  Input& in = v.inputs[0];
  in.indicator = "I001";
  in.unit = "ratio";
  in.row = 2;
  in.column = 4;
  item.verdicts.push_back(v);
  item.verdicts.push_back(v);  // a second line: the first ends with a comma, as all but the last do
  return r;
}

TEST_CASE("a W1 verdict is one line of 155 bytes in a campaign's report (399 in schema 2)", "[report][json]") {
  const std::string json = RenderJson(W1Report(), VerdictLayout::kOneLine);
  const std::vector<std::string> lines = VerdictLines(json);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "[\"010001000\",\"2021\",\"not_met\",\"364,125 ne satisfait pas ≤ 328,875\",364.125,328.875,\"<=\","
        "[328.875,343.75],[[\"I001\",\"value\",364.125,null,\"ratio\",1,2,4]]],");
  CHECK(lines[0].size() + 1 == 155);  // with its line break
}

TEST_CASE("schema 3 names the columns once, then writes rows", "[report][json]") {
  const std::string text = RenderJson(W1Report());
  CHECK(text == ordered_json::parse(text).dump(2) + "\n");  // still nlohmann's dump(2)
  const ordered_json json = ordered_json::parse(text);
  CHECK(json["schema_version"] == "3");  // where the columns stand among the keys: report_json_schema2_test.cpp
  CHECK(json["verdict_columns"] == ordered_json::parse(R"(["entity", "period", "verdict", "reason", "measured", "target",
    "comparator", "band", "inputs", "extras"])"));
  CHECK(json["input_columns"] == ordered_json::parse(R"(["indicator", "role", "value", "missing_code", "unit", "source",
    "row", "column", "entity", "period"])"));
}

// The sample report (a missing value, a milestone, a composite) with every rare part and every
// kind of input: a group's verdict reading its members' values, a baseline of another year, a value
// of no stored row, numbers that are not finite, -0.
Report EveryFieldReport() {
  Report r = testing::SampleReport();
  std::vector<VerdictRow>& verdicts = r.contracts[0].items[0].verdicts;
  VerdictRow group = testing::MakeRow("GHT NORD", "2019", "met", 70, 50);
  group.entity_name = "";
  group.group = true;
  group.inputs[0] = testing::MakeInput("080000037", "2019", 70, "valeurs.csv");
  group.inputs.push_back(testing::MakeInput("010007300", "2019", std::nullopt, "valeurs.csv"));
  verdicts.push_back(group);
  VerdictRow& improved = verdicts[0];
  improved.inputs.push_back(testing::MakeInput("010007300", "2017", -0.0, "2017.csv"));
  improved.inputs.back().role = "baseline";
  improved.band_low = -0.0;
  improved.band_high = 1e-7;
  VerdictExtras& extras = improved.EditExtras();
  extras.waiver = std::make_shared<const Waiver>(Waiver{"ambu", "travaux", "ARS", "2020-03-01", "", "010007300 in 2019"});
  extras.members = {{"a", "met"}, {"b\"", "not_met"}};
  extras.evidence_date = "2020-01-02";
  extras.evidence_document = "rapport \"final\".pdf";
  extras.evidence_sha256 = std::string(64, 'e');
  extras.days_late = -3;
  verdicts[1].measured = std::numeric_limits<double>::quiet_NaN();  // written null, read back as none
  verdicts[1].target = -0.0;
  verdicts[1].EditExtras().days_late = 0;  // a rare part alone: extras holds only it
  verdicts[2].inputs[0].source = nullptr;  // a value of no stored row
  verdicts[2].inputs[0].value = std::nullopt;
  verdicts[2].inputs[0].missing_code = "";
  return r;
}

TEST_CASE("schema 3 writes extras and an input's own entity and period only when there are some", "[report][json]") {
  const std::string json = RenderJson(EveryFieldReport(), VerdictLayout::kOneLine);
  const std::vector<std::string> lines = VerdictLines(json);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] ==
        "[\"010007300\",\"2019\",\"met\",\"value read\",52.5,50.0,\">=\",[-0.0,1e-07],"
        "[[\"P12\",\"value\",52.5,null,\"percent\",1,98,356],[\"P12\",\"baseline\",-0.0,null,\"percent\",2,98,356,\"010007300\",\"2017\"]],"
        "{\"waiver\":{\"item\":\"ambu\",\"scope\":\"010007300 in 2019\",\"reason\":\"travaux\",\"authority\":\"ARS\","
        "\"granted\":\"2020-03-01\",\"until\":null},\"members\":[{\"item\":\"a\",\"verdict\":\"met\"},"
        "{\"item\":\"b\\\"\",\"verdict\":\"not_met\"}],\"evidence\":{\"date\":\"2020-01-02\",\"document\":\"rapport \\\"final\\\".pdf\","
        "\"sha256\":\"" + std::string(64, 'e') + "\"},\"days_late\":-3}],");
  CHECK(lines[1].ends_with(",null,-0.0,\">=\",null,[[\"P12\",\"value\",null,\".c\",\"percent\",1,98,356]],{\"days_late\":0}],"));
  CHECK(lines[2].ends_with(",[[\"P12\",\"value\",null,\"\",\"percent\",null,null,null]]],"));
  CHECK(lines[5] ==
        "[\"GHT NORD\",\"2019\",\"met\",\"value read\",70.0,50.0,\">=\",null,"
        "[[\"P12\",\"value\",70.0,null,\"percent\",3,98,356,\"080000037\",\"2019\"],"
        "[\"P12\",\"value\",null,\".c\",\"percent\",3,98,356,\"010007300\",\"2019\"]]]");
}

TEST_CASE("ParseJson reads every field of schema 3 back", "[report][json]") {
  const Report r = EveryFieldReport();
  for (const VerdictLayout layout : {VerdictLayout::kIndented, VerdictLayout::kOneLine}) {
    const std::string text = RenderJson(r, layout);
    std::string problem;
    const std::optional<Report> read = ParseJson(text, problem);
    REQUIRE(read);
    CHECK(problem.empty());
    CHECK(RenderJson(*read, layout) == text);  // everything the JSON holds, read and written again
  }
  std::string problem;
  const std::optional<Report> read = ParseJson(RenderJson(r, VerdictLayout::kOneLine), problem);
  REQUIRE(read);
  const std::vector<VerdictRow>& verdicts = read->contracts[0].items[0].verdicts;
  const VerdictRow& improved = verdicts[0];
  CHECK(improved.entity == "010007300");
  CHECK(improved.entity_name == "CLINIQUE \"LES <TILLEULS>\" & CO");
  CHECK(improved.reason == "value read");
  CHECK(improved.comparator == ">=");
  CHECK(improved.measured == 52.5);
  CHECK(improved.target == 50.0);
  REQUIRE(improved.band_low);
  CHECK(std::signbit(*improved.band_low));  // -0 stays -0
  CHECK(improved.band_high == 1e-7);
  REQUIRE(improved.inputs.size() == 2);
  CHECK(improved.inputs[0].entity == "010007300");  // the verdict's, left out of its row
  CHECK(improved.inputs[0].period == "2019");
  CHECK(improved.inputs[1].entity == "010007300");
  CHECK(improved.inputs[1].period == "2017");  // the baseline's own year
  CHECK(improved.inputs[1].role == "baseline");
  CHECK(improved.inputs[1].source->file == "2017.csv");
  CHECK(improved.inputs[1].row == 98);
  CHECK(improved.inputs[1].column == 356);
  REQUIRE(improved.waiver());
  CHECK(improved.waiver()->scope == "010007300 in 2019");
  CHECK(improved.waiver()->until.empty());
  CHECK(improved.members() == std::vector<std::pair<std::string, std::string>>{{"a", "met"}, {"b\"", "not_met"}});
  CHECK(improved.evidence_document() == "rapport \"final\".pdf");
  CHECK(improved.evidence_sha256() == std::string(64, 'e'));
  CHECK(improved.days_late() == -3);
  CHECK_FALSE(verdicts[1].measured);  // NaN was written null
  CHECK(verdicts[1].days_late() == 0);
  CHECK_FALSE(verdicts[1].waiver());
  CHECK(verdicts[1].inputs[0].missing_code == ".c");
  CHECK_FALSE(verdicts[2].inputs[0].source);
  CHECK(verdicts[2].inputs[0].missing_code == "");
  CHECK_FALSE(verdicts[3].extras);
  const VerdictRow& group = verdicts[5];
  CHECK(group.group);
  CHECK(group.inputs[0].entity == "080000037");
  CHECK(group.inputs[1].entity == "010007300");
  CHECK_FALSE(group.inputs[1].value);
  const Payment& payment = read->contracts[0].payments[0];
  CHECK(payment.inputs.size() == r.contracts[0].payments[0].inputs.size());
}

TEST_CASE("a payment's inputs carry all ten columns", "[report][json]") {
  Report r = testing::SampleReport();
  r.contracts[0].payments[0].inputs = {testing::MakeInput("080000037", "2019", 12.5, "x.csv")};
  const ordered_json json = ordered_json::parse(RenderJson(r));
  CHECK(json["contracts"][0]["payments"][0]["inputs"] ==
        ordered_json::parse(R"([["P12", "value", 12.5, null, "percent", 2, 98, 356, "080000037", "2019"]])"));  // source 2: x.csv
  std::string problem;
  const std::optional<Report> read = ParseJson(json.dump(), problem);
  REQUIRE(read);
  CHECK(read->contracts[0].payments[0].inputs[0].entity == "080000037");
  CHECK(read->contracts[0].payments[0].inputs[0].period == "2019");
}

TEST_CASE("a schema 3 report whose columns or rows are not schema 3's is refused, in French", "[report][json]") {
  const InLanguage french(Language::kFrench);
  const std::string text = RenderJson(EveryFieldReport());
  std::string problem;
  ordered_json json = ordered_json::parse(text);
  json["verdict_columns"][3] = "raison";
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem ==
        "« verdict_columns » n'est pas [\"entity\",\"period\",\"verdict\",\"reason\",\"measured\",\"target\",\"comparator\","
        "\"band\",\"inputs\",\"extras\"], les colonnes du schéma 3");
  json = ordered_json::parse(text);
  json["input_columns"].erase(9);
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem.rfind("« input_columns » n'est pas [\"indicator\",", 0) == 0);
  json = ordered_json::parse(text);
  json["contracts"][0]["items"][0]["verdicts"][3].erase(8);
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "un verdict de ambu a 8 valeurs au lieu de 9 ou 10");
  json = ordered_json::parse(text);
  json["contracts"][0]["items"][0]["verdicts"][3].push_back(ordered_json::array());
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "les compléments d'un verdict de ambu ne sont pas un objet");
  json = ordered_json::parse(text);
  json["contracts"][0]["items"][0]["verdicts"][3][8][0].push_back("010007300");  // an entity without its period
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "une donnée lue a 9 valeurs au lieu de 8 ou 10");
  json = ordered_json::parse(text);
  json["schema_version"] = "4";
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "la version de schéma du rapport \"4\" n'est pas de celles que lit cette version de vigie (1, 2 ou 3)");
}

TEST_CASE("a schema 3 report with inputs that are not lists, short payment inputs, places out of range or deep nesting is refused",
          "[report][json]") {
  const InLanguage french(Language::kFrench);
  std::string problem;
  ordered_json json = ordered_json::parse(RenderJson(EveryFieldReport()));
  for (const ordered_json& inputs : {ordered_json(nullptr), ordered_json::object({{"a", 1}})}) {
    json["contracts"][0]["items"][0]["verdicts"][3][8] = inputs;  // read as no inputs, or an object's values
    CHECK_FALSE(ParseJson(json.dump(), problem));
    CHECK(problem == "les données lues d'un verdict de ambu ne sont pas une liste");
  }
  Report r = testing::SampleReport();
  r.contracts[0].payments[0].inputs = {testing::MakeInput("080000037", "2019", 12.5, "x.csv")};
  const std::string text = RenderJson(r);
  json = ordered_json::parse(text);
  json["contracts"][0]["payments"][0]["inputs"][0].erase(9);
  json["contracts"][0]["payments"][0]["inputs"][0].erase(8);  // read with an entity and period of ""
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "une donnée lue par un versement a 8 valeurs au lieu de 10");
  json = ordered_json::parse(text);
  json["contracts"][0]["payments"][0]["inputs"] = ordered_json::object();
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem.rfind("les données lues du versement ", 0) == 0);
  for (const char* place : {"1e30", "18446744073709551615", "2.5"}) {  // a double out of range converted with no check
    json = ordered_json::parse(text);
    json["contracts"][0]["payments"][0]["inputs"][0][6] = ordered_json::parse(place);
    CHECK_FALSE(ParseJson(json.dump(), problem));
    CHECK(problem == std::string("la ligne ou la colonne d'une donnée lue vaut ") + ordered_json::parse(place).dump() +
                         ", ce n'est pas un numéro de ligne ou de colonne");
  }
  // 100,000 levels overflowed the stack of ordered_json's parser (vigie serve's /api/verify too).
  json = ordered_json::parse(text);
  std::string deep = json.dump();
  const size_t at = deep.find("\"engine\":");
  REQUIRE(at != std::string::npos);
  deep.insert(at, "\"deep\":" + std::string(100000, '[') + std::string(100000, ']') + ",");
  CHECK_FALSE(ParseJson(deep, problem));
  CHECK(problem == "le rapport imbrique ses valeurs sur plus de 64 niveaux ; vigie n'écrit pas de tel rapport");
  // Brackets inside strings are not nesting: the report reads.
  r.contracts[0].title = std::string(200, '[') + "\"{";
  REQUIRE(ParseJson(RenderJson(r), problem));
}

// tests/golden/eval/verify_schema2_report/out/report.json was written by vigie before schema 3 (main
// at 8d0081d); the golden case checks that it verifies against its store.
TEST_CASE("a schema 2 report is read as the same report as its schema 3 form and renders the same", "[report][json]") {
  const std::string schema2 = testing::GoldenReportText("eval/verify_schema2_report/out/report.json");
  REQUIRE(schema2.find("\"schema_version\": \"2\"") != std::string::npos);
  const Report old = testing::ReadAsNow(schema2);
  CHECK(RenderJson(old).size() < schema2.size());
  const VerdictRow& v = old.contracts[0].items[0].verdicts[0];
  CHECK(v.entity == "080000037");
  CHECK(v.entity_name == "CH DE SEDAN");
  CHECK(v.verdict == "met");
  CHECK(v.measured == 60.0);
  REQUIRE(v.inputs[0].source);
  CHECK(v.inputs[0].source->file == "valeurs.csv");
  CHECK(v.inputs[0].entity == "080000037");
  CHECK(v.inputs[0].row == 2);
  CHECK(old.files.size() == 3);
}

}  // namespace
}  // namespace vigie::report
