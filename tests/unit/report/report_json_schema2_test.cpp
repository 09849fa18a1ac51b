// report.json schema 2 (issue 17, 2026-12-07), kept by schema 3: each import named once in `sources`,
// each entity once per contract in `entities`, `files` last; ParseJson reads it and schema 1, and says
// what is wrong with a report that names a source or an entity it does not describe. (Schema 3's
// rows: report_json_schema3_test.cpp.)
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/unit/report/earlier_reports.h"
#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

using nlohmann::ordered_json;
using testing::InLanguage;

// The sample report with a group's verdict, a second import, a declared value and a payment that
// reads a value of the first import and one of no stored row.
Report TablesReport() {
  Report r = testing::SampleReport();
  r.files = {{"report.csv", std::string(64, 'a')}};
  Item& item = r.contracts[0].items[0];
  VerdictRow group = testing::MakeRow("GHT NORD", "2019", "met", 70, 50);
  group.entity_name = "";
  group.group = true;
  Source second = *group.inputs[0].source;
  second.file = "2020.csv";
  second.import_id = 5;
  group.inputs[0].source = std::make_shared<const Source>(second);
  item.verdicts.push_back(group);
  Source declared = *item.verdicts[1].inputs[0].source;
  declared.declared_by = "user@ch";
  declared.declaration = "rejected";
  declared.review_reason = "faux";
  item.verdicts[1].inputs[0].source = std::make_shared<const Source>(declared);
  Payment& payment = r.contracts[0].payments[0];
  payment.inputs.push_back(testing::MakeInput("080000037", "2019", 12.5, "données <2019> & \"co\".csv"));
  payment.inputs.push_back(testing::MakeInput("080000037", "2018", std::nullopt, "x.csv"));
  payment.inputs.back().source = nullptr;
  return r;
}

TEST_CASE("the report names each import once in sources and each entity once per contract", "[report][json]") {
  const Report r = TablesReport();
  const std::string text = RenderJson(r);
  CHECK(text == nlohmann::ordered_json::parse(text).dump(2) + "\n");  // still nlohmann's dump(2)
  const ordered_json json = ordered_json::parse(text);
  CHECK(json["schema_version"] == "3");
  // Top-level keys in their order: files last.
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"schema_version", "language", "engine", "engine_version", "generated_at", "as_of",
                                         "data_as_of", "run_id", "store", "data_digest", "rulesets", "counts", "sources",
                                         "verdict_columns", "input_columns", "contracts", "files"});
  CHECK(json["files"] == ordered_json::parse(R"([{"name":"report.csv","sha256":")" + std::string(64, 'a') + R"("}])"));
  // Three entries: the file of the sample's values (five verdicts and a payment's value, one entry
  // though each input has a Source object of its own), the declared value (its own), the group's file.
  const std::string sha = "5f65459cd802aabbccddeeff00112233445566778899aabbccddeeff00112233";
  CHECK(json["sources"] == ordered_json::parse(R"([
    {"id": 1, "file": "données <2019> & \"co\".csv", "sha256": ")" + sha + R"(", "import_id": 2, "imported_at": "2026-01-01T00:00:00Z", "declared": null},
    {"id": 2, "file": "données <2019> & \"co\".csv", "sha256": ")" + sha + R"(", "import_id": 2, "imported_at": "2026-01-01T00:00:00Z",
     "declared": {"by": "user@ch", "status": "rejected", "reviewed_by": null, "reviewed_at": null, "reason": "faux"}},
    {"id": 3, "file": "2020.csv", "sha256": ")" + sha + R"(", "import_id": 5, "imported_at": "2026-01-01T00:00:00Z", "declared": null}
  ])"));
  const ordered_json& contract = json["contracts"][0];
  CHECK(contract["entities"] == ordered_json::parse(R"([
    {"id": "010007300", "name": "CLINIQUE \"LES <TILLEULS>\" & CO", "group": false},
    {"id": "080000037", "name": "CH DE SEDAN", "group": false},
    {"id": "GHT NORD", "name": "", "group": true}
  ])"));
  const ordered_json& verdicts = contract["items"][0]["verdicts"];
  CHECK(verdicts[0][0] == "010007300");  // the entity's id, its name in `entities`
  CHECK(verdicts[0][8][0] == ordered_json::parse(R"(["P12", "value", 52.5, null, "percent", 1, 98, 356])"));
  const size_t source = 5;  // the place of `source` in an input's row
  CHECK(verdicts[1][8][0][source] == 2);
  CHECK(verdicts[5][8][0][source] == 3);
  const ordered_json& inputs = contract["payments"][0]["inputs"];
  CHECK(inputs[0][source] == 1);
  CHECK(inputs[1][source].is_null());
  CHECK(inputs[1][source + 1].is_null());  // row
  CHECK(inputs[1][source + 2].is_null());  // column
}

TEST_CASE("report.json written in two parts is the same bytes", "[report][json]") {
  const Report r = TablesReport();
  for (const VerdictLayout layout : {VerdictLayout::kIndented, VerdictLayout::kOneLine}) {
    std::string text;
    WriteJsonBody(r, [&](std::string_view piece) { text.append(piece); }, layout);
    CHECK(text.find("\"files\"") == std::string::npos);
    WriteJsonEnd(r, [&](std::string_view piece) { text.append(piece); });
    CHECK(text == RenderJson(r, layout));
  }
  Report no_files = r;
  no_files.files.clear();
  CHECK(RenderJson(no_files).ends_with("\n  ],\n  \"files\": []\n}\n"));
}

TEST_CASE("ParseJson reads sources and entities back: sources shared, names and groups from entities", "[report][json]") {
  const Report r = TablesReport();
  const std::string text = RenderJson(r);
  std::string problem;
  const std::optional<Report> read = ParseJson(text, problem);
  REQUIRE(read);
  CHECK(RenderJson(*read) == text);  // everything the JSON holds, read and written again
  const std::vector<VerdictRow>& verdicts = read->contracts[0].items[0].verdicts;
  CHECK(verdicts[0].entity_name == "CLINIQUE \"LES <TILLEULS>\" & CO");
  CHECK_FALSE(verdicts[0].group);
  CHECK(verdicts[5].group);  // schema 1 could not say it
  CHECK(verdicts[0].inputs[0].source == verdicts[2].inputs[0].source);  // one import, one Source
  CHECK(verdicts[1].inputs[0].source->declared_by == "user@ch");
  CHECK(verdicts[0].inputs[0].row == 98);
  CHECK(read->contracts[0].payments[0].inputs[1].source == nullptr);
  CHECK(read->files.size() == 1);
}

TEST_CASE("a report naming a source or an entity it does not describe is refused, in French", "[report][json]") {
  const InLanguage french(Language::kFrench);
  const std::string text = RenderJson(TablesReport());
  std::string problem;
  ordered_json json = ordered_json::parse(text);
  json["contracts"][0]["items"][0]["verdicts"][2][8][0][5] = 7;  // the source of its first input
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "une donnée lue renvoie à la source 7, qu'aucune entrée de « sources » ne décrit");
  json["contracts"][0]["items"][0]["verdicts"][2][8][0][5] = "1";
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "une donnée lue renvoie à la source \"1\", qu'aucune entrée de « sources » ne décrit");
  json = ordered_json::parse(text);
  json["contracts"][0]["entities"].erase(1);
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem == "un verdict de ambu renvoie à l'entité 080000037, qu'aucune entrée de « entities » du contrat ne nomme");
  json = ordered_json::parse(text);
  json.erase("sources");
  CHECK_FALSE(ParseJson(json.dump(), problem));
  CHECK(problem.rfind("le rapport est incomplet : ", 0) == 0);
}

// tests/golden/eval/verify_schema1_report/out/report.json was written by vigie before schema 2 (main
// at e27f07f); the golden case checks that it verifies against its store.
TEST_CASE("a schema 1 report is read as the same report as its schema 3 form and renders the same", "[report][json]") {
  const std::string schema1 = testing::GoldenReportText("eval/verify_schema1_report/out/report.json");
  REQUIRE(schema1.find("\"schema_version\": \"1\"") != std::string::npos);
  const Report old = testing::ReadAsNow(schema1);
  const VerdictRow& v = old.contracts[0].items[0].verdicts[0];
  CHECK(v.entity == "080000037");
  CHECK(v.entity_name == "CH DE SEDAN");
  CHECK(v.measured == 60.0);
  REQUIRE(v.inputs[0].source);
  CHECK(v.inputs[0].source->file == "valeurs.csv");
  CHECK(v.inputs[0].row == 2);
  CHECK(v.inputs[0].source == old.contracts[0].items[0].verdicts[1].inputs[0].source);
  CHECK(old.files.size() == 3);
}

}  // namespace
}  // namespace vigie::report
