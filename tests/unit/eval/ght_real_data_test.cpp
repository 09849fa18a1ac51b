// End to end on the real data: the GHT Nord Ardennes contract (contracts/) against the Hospi Diag
// 2017-2019 files (data/), through the CLI, with verdicts checked by hand against the published
// values (see the comments: value, target, tolerance band).
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include "engine/cli/commands.h"

namespace fs = std::filesystem;

namespace {

int Cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = vigie::cli::RunCli(args, out, err);
  INFO(err.str());
  CHECK(code == 0);
  return code;
}

const nlohmann::json& Report() {
  static nlohmann::json report = [] {
    const std::string repo = VIGIE_SOURCE_DIR;
    // One folder per process: ctest runs each test case in its own process, in parallel.
    const fs::path dir = fs::temp_directory_path() / ("vigie_ght_real_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string store = (dir / "vigie.db").string();
    for (const char* year : {"2017", "2018", "2019"}) {
      Cli({"import", "--store", store, "--catalog", repo + "/rulesets", "--format", "entities", "--period", year,
           repo + "/data/hospidiag/hospidiag_" + year + "_etablissement.csv"});
      Cli({"import", "--store", store, "--catalog", repo + "/rulesets", "--dataset", "Hospi Diag", "--period", year,
           repo + "/data/hospidiag/hospidiag_" + year + "_activit_globale.csv"});
    }
    Cli({"import", "--store", store, "--catalog", repo + "/rulesets", "--format", "groups",
         repo + "/data/groups/ght_nord_ardennes.csv"});
    Cli({"run", "--store", store, "--as-of", "2020-12-31", "--report", (dir / "out").string(), "--formats", "json",
         repo + "/contracts/ght_ardennes_performance.vigie"});
    std::ifstream file(dir / "out" / "report.json");
    return nlohmann::json::parse(file);
  }();
  return report;
}

std::string VerdictOf(const std::string& item, const std::string& entity, const std::string& period) {
  for (const auto& i : Report()["contracts"][0]["items"]) {
    if (i["name"] != item) continue;
    for (const auto& v : i["verdicts"]) {  // rows: entity, period, verdict... (verdict_columns)
      if (v[0] == entity && v[1] == period) return v[2];
    }
  }
  return "(none)";
}

}  // namespace

TEST_CASE("ambulatory surgery (P12 >= target, 3 pts band) on the real 2017-2019 values", "[eval][real]") {
  CHECK(VerdictOf("ambulatoire", "080000037", "2017") == "partially_met");  // 42.88 in [42, 45)
  CHECK(VerdictOf("ambulatoire", "080000615", "2017") == "not_met");        // 37.49 < 42
  CHECK(VerdictOf("ambulatoire", "080001969", "2017") == "met");            // 46.62 >= 45
  CHECK(VerdictOf("ambulatoire", "080000037", "2018") == "not_met");        // 45.97 < 47
  CHECK(VerdictOf("ambulatoire", "080001969", "2018") == "met");            // 50.63 >= 50
  CHECK(VerdictOf("ambulatoire", "080000037", "2019") == "met");            // 62.69 >= 55
  CHECK(VerdictOf("ambulatoire", "080000615", "2019") == "not_met");        // 39.17 < 52
  CHECK(VerdictOf("ambulatoire", "080000060", "2019") == "(none)");         // not listed: no surgery
}

TEST_CASE("length of stay index (P1 <= 1.0, band to 1.05) and the waiver", "[eval][real]") {
  CHECK(VerdictOf("dms_medecine", "080000615", "2017") == "partially_met");  // 1.002
  CHECK(VerdictOf("dms_medecine", "080001969", "2017") == "met");            // 0.954
  CHECK(VerdictOf("dms_medecine", "080000078", "2018") == "met");            // 1.0, at the bound
  CHECK(VerdictOf("dms_medecine", "080000037", "2018") == "not_met");        // 1.078 > 1.05
  CHECK(VerdictOf("dms_medecine", "080000060", "2019") == "waived");         // waiver for it in 2019
  CHECK(VerdictOf("dms_medecine", "080000060", "2018") == "not_met");        // 1.915: the waiver is for 2019 only
}

TEST_CASE("absenteeism: empty 2019 cells are missing data, never zero", "[eval][real]") {
  CHECK(VerdictOf("absenteisme", "080001969", "2018") == "partially_met");  // 7.6 in (7.4, 7.9]
  CHECK(VerdictOf("absenteisme", "080000615", "2018") == "met");            // 6.0
  CHECK(VerdictOf("absenteisme", "080000615", "2019") == "missing_data");   // empty cell in 2019
}

TEST_CASE("the group's billing index is the max over its members", "[eval][real]") {
  CHECK(VerdictOf("facturation_ght", "GHT_NORD_ARDENNES", "2017") == "met");  // max 27.7 <= 30
  CHECK(VerdictOf("facturation_ght", "GHT_NORD_ARDENNES", "2019") == "met");  // max 15.2 <= 20
}

TEST_CASE("counts, score and payment of 2017 are the hand-computed ones", "[eval][real]") {
  const auto& contract = Report()["contracts"][0];
  // The item once per version that judged it (2017-2018 as signed, 2019 avenant 1): counts summed.
  std::map<std::string, int> counts;
  for (const auto& item : contract["items"]) {
    if (item["name"] != "ambulatoire") continue;
    for (const auto& [verdict, n] : item["counts"].items()) counts[verdict] += n.get<int>();
  }
  CHECK(counts == std::map<std::string, int>{{"met", 4}, {"not_met", 4}, {"partially_met", 1}});
  // 2017 parts (weight x mean): ambulatoire 3 x 0.5, dms_medecine 2 x 0.5, dms_chirurgie 2 x 1,
  // lits_medecine 1 x 0.8, absenteisme 1 x 1, facturation_ght 1 x 1, parcours 2 x 0.3
  // = (1.5 + 1 + 2 + 0.8 + 1 + 1 + 0.6) / 12 = 7.9 / 12 = 0.658333...
  CHECK(contract["scores"][0]["year"] == "2017");
  CHECK(contract["scores"][0]["score"] == "0.6583");
  // 200000 EUR x 79/120 = 131666.666... -> 131666.67
  CHECK(contract["payments"][0]["amount_eur"] == "131666.67");
}

TEST_CASE("18 marker procedures: +5 % on the own 2017 value, 2017 itself not judged", "[eval][real]") {
  // P13 2017, 2018, 2019 (rows 95, 98, 99 of the files); target = 1.05 x the 2017 value.
  CHECK(VerdictOf("gestes_marqueurs", "080000037", "2017") == "(none)");   // the baseline year
  CHECK(VerdictOf("gestes_marqueurs", "080000037", "2018") == "not_met");  // 74.93 < 73.68 x 1.05 = 77.364
  CHECK(VerdictOf("gestes_marqueurs", "080000037", "2019") == "met");      // 87.16 >= 77.364
  CHECK(VerdictOf("gestes_marqueurs", "080000615", "2018") == "not_met");  // 75.18 < 72.9 x 1.05 = 76.545
  CHECK(VerdictOf("gestes_marqueurs", "080000615", "2019") == "met");      // 76.72 >= 76.545
  CHECK(VerdictOf("gestes_marqueurs", "080001969", "2018") == "not_met");  // 79.34 < 76.98 x 1.05 = 80.829
  CHECK(VerdictOf("gestes_marqueurs", "080001969", "2019") == "met");      // 82.8 >= 80.829
}

// Avenant 1 of the shipped contract (effective 2019-07-01): 2017 and 2018 are judged by the contract as
// signed, 2019 by the avenant (in force on 2019-12-31). Values of hospidiag_2019_activit_globale.csv
// (line 98, 080000615): A13 78.7, P2 1.014; the working of the score is in the contract's test.
TEST_CASE("avenant 1 judges 2019, the contract as signed 2017 and 2018", "[eval][real]") {
  CHECK(VerdictOf("lits_medecine", "080000615", "2018") == "partially_met");  // 77.4 in [76, 78): signed 2018 target
  CHECK(VerdictOf("lits_medecine", "080000615", "2019") == "met");            // 78.7 >= 78 (avenant; signed: 80)
  CHECK(VerdictOf("dms_chirurgie", "080000615", "2019") == "met");            // 1.014 <= 1.02 (avenant; signed: 1.0)
  const auto& contract = Report()["contracts"][0];
  CHECK(contract["scores"][2]["year"] == "2019");
  CHECK(contract["scores"][2]["score"] == "0.4393");  // 6.15 / 14
  for (const auto& payment : contract["payments"]) {
    if (payment["year"] == "2018") CHECK(payment["amount_eur"] == "89230.77");  // 200000 x 5.8 / 13
    if (payment["year"] == "2019") CHECK(payment["amount_eur"] == "96642.86");  // 220000 x 6.15 / 14
  }
}

// tests/golden/cli/diff_ght_avenant_fr runs `vigie diff` on copies of the shipped contract and catalog
// (a golden case runs in a copy of its folder): they must be the shipped files.
TEST_CASE("the diff golden case runs on the shipped GHT contract", "[eval][real]") {
  const fs::path repo = VIGIE_SOURCE_DIR;
  auto read = [](const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
  };
  const fs::path golden = repo / "tests/golden/cli/diff_ght_avenant_fr";
  for (const char* path : {"contracts/ght_ardennes_performance.vigie", "rulesets/hospidiag.vigie", "data/groups/ght_nord_ardennes.csv"}) {
    INFO(path << ": copy it again into " << golden.string());
    CHECK(read(golden / path) == read(repo / path));
  }
}
