// `vigie verify` rereads the milestones' evidence documents: a document changed or removed after
// the report is named as a difference (the report recorded its SHA-256 when it was imported).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "engine/cli/commands.h"

namespace fs = std::filesystem;

namespace {

struct Result {
  int code;
  std::string out, err;
};

Result Run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = vigie::cli::RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
}

}  // namespace

TEST_CASE("verify names an evidence document changed or removed after the report", "[verify]") {
  const fs::path dir = fs::temp_directory_path() / ("vigie_verify_evidence_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "preuves");
  const fs::path previous = fs::current_path();
  fs::current_path(dir);
  Write("contrat.vigie",
        "indicator ambu \"Ambulatoire\" { unit percent  better higher }\n"
        "contract c \"C\" {\n  period 2019\n  parties 080000037\n"
        "  commitment a { indicator ambu  target 50 % }\n"
        "  milestone pmp { due 2019-06-30 }\n}\n");
  Write("etablissements.csv", "finess;rs\n080000037;CH DE SEDAN\n");
  Write("valeurs.csv", "finess;indicateur;periode;valeur\n080000037;ambu;2019;55\n");
  Write("preuves/deliberation.txt", "Délibération du 12 juin 2019.\n");
  Write("preuves/preuves.csv", "contrat;jalon;finess;date;document\nc;pmp;080000037;2019-06-12;deliberation.txt\n");

  REQUIRE(Run({"import", "--catalog", "contrat.vigie", "--format", "entities", "--period", "2019", "etablissements.csv"}).code == 0);
  REQUIRE(Run({"import", "--catalog", "contrat.vigie", "valeurs.csv"}).code == 0);
  // The document is named relative to the evidence file; it is recorded with that folder.
  REQUIRE(Run({"import", "--catalog", "contrat.vigie", "preuves/preuves.csv"}).code == 0);
  REQUIRE(Run({"run", "--as-of", "2020-01-15", "--report", "out", "--formats", "json", "contrat.vigie"}).code == 0);

  Result same = Run({"verify", "out/report.json", "--root", "."});
  CHECK(same.code == 0);
  CHECK(same.out.find("the rulesets, the evidence document, the data and all 2 verdicts") != std::string::npos);

  Write("preuves/deliberation.txt", "Délibération du 12 juin 2019, modifiée.\n");
  Result changed = Run({"verify", "out/report.json", "--root", "."});
  CHECK(changed.code == 1);
  CHECK(changed.out.find("evidence preuves/deliberation.txt: changed since it was recorded (sha256 ") == 0);
  CHECK(changed.out.find("not verified: 1 difference") != std::string::npos);

  fs::remove("preuves/deliberation.txt");
  Result missing = Run({"verify", "out/report.json", "--root", "."});
  CHECK(missing.code == 1);
  CHECK(missing.out.find("evidence preuves/deliberation.txt: missing (its sha256 was ") == 0);

  fs::current_path(previous);
  fs::remove_all(dir);
}
