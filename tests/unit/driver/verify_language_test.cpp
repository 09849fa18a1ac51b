// `vigie verify` in one language vouches for a report written in the other: the JSON's keys, codes,
// numbers and dates do not depend on the language, and the other formats are compared by their bytes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "engine/base/language.h"
#include "engine/cli/commands.h"
#include "tests/support/files.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using vigie::testing::RunCommand;
using vigie::testing::Write;
using vigie::testing::Read;

namespace {

// Runs the commands with LANG set to `lang` (as a user's shell would), then puts English back.
int RunIn(const char* lang, const std::vector<std::string>& args, std::string* output = nullptr) {
  setenv("LANG", lang, 1);
  const int code = RunCommand(args, output);
  setenv("LANG", "en_US.UTF-8", 1);
  vigie::SetLanguage(vigie::Language::kEnglish);
  return code;
}

struct Folder {
  fs::path dir, previous;
  explicit Folder(const std::string& name) {
    dir = fs::temp_directory_path() / ("vigie_verify_language_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    previous = fs::current_path();
    fs::current_path(dir);
    Write("contrat.vigie",
          "indicator ambu \"Ambulatoire\" { unit percent  better higher }\n"
          "contract c \"C\" {\n  period 2019\n  parties 080000037, 080000615\n"
          "  commitment a { indicator ambu  target 50 %  tolerance 2 pts }\n"
          "  payment p = 131666.67 € * score\n}\n");
    Write("etablissements.csv", "finess;rs\n080000037;CH DE SEDAN\n080000615;CH CHARLEVILLE MEZIERES\n");
    Write("valeurs.csv", "finess;indicateur;periode;valeur\n080000037;ambu;2019;55,5\n080000615;ambu;2019;48,5\n");
    REQUIRE(RunIn("en_US.UTF-8", {"import", "--catalog", "contrat.vigie", "--format", "entities", "--period", "2019",
                                  "etablissements.csv"}) == 0);
    REQUIRE(RunIn("en_US.UTF-8", {"import", "--catalog", "contrat.vigie", "valeurs.csv"}) == 0);
  }
  ~Folder() {
    fs::current_path(previous);
    fs::remove_all(dir);
  }
};

}  // namespace

TEST_CASE("a report written in French is verified by vigie in English", "[driver][verify][locale]") {
  const Folder folder("fr_en");
  REQUIRE(RunIn("fr_FR.UTF-8", {"run", "--as-of", "2020-01-15", "--report", "out", "contrat.vigie"}) != 2);
  const std::string json = Read("out/report.json");
  CHECK(json.find("\"language\": \"fr\"") != std::string::npos);
  CHECK(json.find("\"partially_met\",\n") != std::string::npos);  // a verdict row's code
  CHECK(json.find("\"amount_eur\": \"98750.00\"") != std::string::npos);
  CHECK(Read("out/report.html").find("<html lang=\"fr\">") != std::string::npos);
  CHECK(Read("out/report.html").find("98\u00a0750,00\u00a0€") != std::string::npos);
  std::string said;
  CHECK(RunIn("en_US.UTF-8", {"verify", "out/report.json", "--root", "."}, &said) == 0);
  INFO(said);
}

TEST_CASE("a report written in English is verified by vigie in French", "[driver][verify][locale]") {
  const Folder folder("en_fr");
  REQUIRE(RunIn("en_US.UTF-8", {"run", "--as-of", "2020-01-15", "--report", "out", "contrat.vigie"}) != 2);
  CHECK(Read("out/report.json").find("\"language\": \"en\"") != std::string::npos);
  CHECK(Read("out/report.html").find("<html lang=\"en\">") != std::string::npos);
  std::string said;
  CHECK(RunIn("fr_FR.UTF-8", {"verify", "out/report.json", "--root", "."}, &said) == 0);
  INFO(said);
}
