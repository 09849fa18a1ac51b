// A report.json larger than DirectFile's buffer (written past the page cache, engine/base/direct_file.h)
// is read back as written: kept whole in the store up to 16 MiB, sealed by its SHA-256 above, signed
// from its mapped bytes, and verified.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sqlite3.h>
#include <string>

#include "engine/base/direct_file.h"
#include "engine/base/finess.h"
#include "engine/base/sha256.h"
#include "engine/base/signature.h"
#include "engine/driver/publish.h"
#include "engine/driver/verify.h"
#include "tests/support/files.h"
#include "tests/support/run_command.h"
#include "tests/support/work_folder.h"

namespace fs = std::filesystem;
using vigie::testing::Read;
using vigie::testing::RunCommand;
using vigie::testing::Write;

namespace {

constexpr int kEntities = 1000;

// The n-th FINESS number of département 01 (its Luhn key computed by CheckFiness).
std::string Finess(int n) {
  std::string id = "01" + std::to_string(1000000 + n).substr(1) + "0";
  const vigie::FinessCheck check = vigie::CheckFiness(id);
  if (check.problem == vigie::FinessProblem::kCheckDigit) id.back() = check.expected_key;
  return id;
}

// Contract `large` (80 commitments) and `medium` (24), each over kEntities establishments and one year:
// 80,000 and 24,000 verdicts, their report.json (schema 3: about 270 bytes a verdict here) above 16 MiB
// and between 4 and 16 MiB.
struct Workspace {
  vigie::testing::WorkFolder folder{"vigie_driver_large_report_"};
  Workspace() {
    std::string parties, entities = "finess;rs\n", values = "finess;indicateur;periode;valeur\n";
    for (int e = 0; e < kEntities; ++e) {
      const std::string id = Finess(e);
      REQUIRE(vigie::CheckFiness(id).problem == vigie::FinessProblem::kNone);
      parties += (e ? ", " : "") + id;
      entities += id + ";CH " + std::to_string(e) + "\n";
      values += id + ";ambu;2019;" + std::to_string(40 + e % 30) + "\n";
    }
    std::string contracts = "indicator ambu \"Ambulatoire\" { unit percent  better higher }\n";
    for (const auto& [name, commitments] : {std::pair<std::string, int>{"large", 80}, {"medium", 24}}) {
      contracts += "contract " + name + " \"C\" {\n  period 2019\n  parties " + parties + "\n";
      for (int c = 0; c < commitments; ++c) contracts += "  commitment a" + std::to_string(c) + " { indicator ambu  target " + std::to_string(30 + c) + " % }\n";
      contracts += "}\n";
    }
    Write("contrat.vigie", contracts);
    Write("etablissements.csv", entities);
    Write("valeurs.csv", values);
    REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "--format", "entities", "--period", "2019", "etablissements.csv"}) == 0);
    REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "valeurs.csv"}) == 0);
    REQUIRE(RunCommand({"key", "generate", "--out", "ars"}) == 0);
  }
  // `vigie run` of one contract with a signed report in `formats`: its report.json.
  static std::string Run(const std::string& contract, const std::string& formats) {
    REQUIRE(RunCommand({"run", "--as-of", "2020-01-15", "--report", "out", "--formats", formats, "--sign", "ars.key",
                        "--contract", contract, "contrat.vigie"}) == 0);
    return Read("out/report.json");
  }
  // What the store sealed the last run with.
  static std::string Sealed() {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open("vigie.db", &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT report FROM runs ORDER BY id DESC LIMIT 1", -1, &statement, nullptr) == SQLITE_OK);
    std::string report;
    if (sqlite3_step(statement) == SQLITE_ROW) report = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return report;
  }
  static bool Verified() {
    vigie::driver::VerifyOptions options;
    options.report_path = "out/report.json";
    options.store_path = "vigie.db";
    options.folder = ".";
    vigie::DiagnosticSink sink;
    const vigie::driver::VerifyResult result = vigie::driver::Verify(options, sink);
    return result.outcome == vigie::driver::VerifyResult::Outcome::kVerified && result.differences.empty();
  }
  // The signature beside report.json holds for its bytes, with the key's public half.
  static bool SignatureHolds(const std::string& report) {
    const std::optional<vigie::ParsedSignature> signature = vigie::ParseSignature(Read("out/report.json.sig"));
    const std::optional<std::string> public_key = vigie::ParsePublicKey(Read("ars.pub"));
    return signature && public_key && vigie::SignatureHolds(report, signature->signature, *public_key);
  }
};

}  // namespace

TEST_CASE("a report.json above 16 MiB, written past the page cache, is sealed by its SHA-256, signed and verified",
          "[driver][verify]") {
  Workspace w;
  const std::string report = w.Run("large", "json,csv");
  REQUIRE(report.size() > vigie::driver::PublishOptions{}.store_report_up_to);
  CHECK(report.find("\"large\"") != std::string::npos);
  CHECK(report.ends_with("}\n"));
  CHECK(w.Sealed() == "sha256:" + vigie::Sha256Hex(report));
  CHECK(w.SignatureHolds(report));
  CHECK(w.Verified());
  // report.csv (written past the page cache too) is the file report.json lists.
  const std::string csv = Read("out/report.csv");
  CHECK(csv.size() > vigie::DirectFile::kBufferSize);
  CHECK(report.find("\"sha256\": \"" + vigie::Sha256Hex(csv) + "\"") != std::string::npos);
  CHECK_FALSE(fs::exists("out/report.json.part"));
}

TEST_CASE("a report.json between one buffer and 16 MiB is kept whole in the store as its file holds it",
          "[driver][verify]") {
  Workspace w;
  const std::string report = w.Run("medium", "json");
  REQUIRE(report.size() > vigie::DirectFile::kBufferSize);
  REQUIRE(report.size() <= vigie::driver::PublishOptions{}.store_report_up_to);
  CHECK(w.Sealed() == report);
  CHECK(w.SignatureHolds(report));
  CHECK(w.Verified());
}
