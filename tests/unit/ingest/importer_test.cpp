// The importer on the real Hospi Diag files, and on every bad input the issue lists: each bad input
// is rejected with its diagnostic and leaves the store exactly as it was (same content digest).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/driver/pipeline.h"
#include "engine/ingest/importer.h"
#include "engine/store/store.h"

namespace fs = std::filesystem;
using namespace vigie;

namespace {

const std::string kData = std::string(VIGIE_SOURCE_DIR) + "/data/hospidiag/";

const sema::model::Model& Catalog() {
  static driver::CheckedProgram program = [] {
    driver::CheckedProgram p;
    DiagnosticSink sink;
    driver::CheckProgram({std::string(VIGIE_SOURCE_DIR) + "/rulesets"}, VIGIE_SOURCE_DIR, p, sink);
    REQUIRE_FALSE(sink.HasErrors());
    return p;
  }();
  return program.model;
}

struct Run {
  bool ok = false;
  ingest::ImportSummary summary;
  std::vector<Diagnostic> diagnostics;
  std::vector<DiagCode> Codes() const {
    std::vector<DiagCode> codes;
    for (const Diagnostic& d : diagnostics) codes.push_back(d.code);
    return codes;
  }
};

Run Import(store::Store& store, const std::string& path, ingest::ImportOptions options) {
  Run run;
  SourceManager sources;
  DiagnosticSink sink;
  run.ok = ingest::ImportFile(path, Catalog(), store, options, sources, sink, run.summary);
  run.diagnostics = sink.Sorted();
  return run;
}

ingest::ImportOptions Options(const std::string& format, const std::string& period = "2019") {
  ingest::ImportOptions options;
  options.format = format == "entities" ? ingest::ImportFormat::kEntities
                   : format == "long"   ? ingest::ImportFormat::kLong
                   : format == "wide"   ? ingest::ImportFormat::kWide
                                        : ingest::ImportFormat::kAuto;
  options.period = period;
  options.dataset = "Hospi Diag";
  options.imported_by = "tester";
  return options;
}

std::unique_ptr<store::Store> FreshStore(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "vigie_importer_test";
  fs::create_directories(dir);
  const std::string path = (dir / (name + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  store::StoreError error;
  auto store = store::Store::Open(path, {}, error);
  REQUIRE(store != nullptr);
  return store;
}

// A store with the 2019 establishments, as the bad-input tests start from.
std::unique_ptr<store::Store> StoreWithEstablishments(const std::string& name) {
  auto store = FreshStore(name);
  Run run = Import(*store, kData + "hospidiag_2019_etablissement.csv", Options("entities"));
  REQUIRE(run.ok);
  return store;
}

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const fs::path path = fs::temp_directory_path() / "vigie_importer_test" / name;
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

}  // namespace

TEST_CASE("the real Hospi Diag 2019 files import with exact values, missing codes and composite cells",
          "[ingest][hospidiag]") {
  auto store = FreshStore("hospidiag2019");
  Run entities = Import(*store, kData + "hospidiag_2019_etablissement.csv", Options("entities"));
  REQUIRE(entities.ok);
  CHECK(entities.summary.rows_read == 1503);
  CHECK(store->AttributeAt("010008407", "taille_O", "2019-06-30") == std::optional<std::string>("O2"));
  CHECK(store->AttributeAt("2A0000014", "cat", "2019-01-01") == std::optional<std::string>("CH"));
  CHECK_FALSE(store->AttributeAt("010007300", "taille_O", "2019-06-30").has_value());  // empty cell: no value

  Run activity = Import(*store, kData + "hospidiag_2019_activit_globale.csv", Options("wide"));
  REQUIRE(activity.ok);
  CHECK(activity.diagnostics.empty());
  CHECK(activity.summary.applied.stored == 1503 * 73);
  auto value = [&](const char* entity, const char* indicator) { return store->ValueAt(entity, indicator, "2019"); };
  CHECK(value("010007300", "A7")->value == std::optional<double>(11.5));       // "11,5"
  CHECK(value("010007300", "A7")->unit == "percent");
  CHECK(value("010007987", "P1")->value == std::optional<double>(0.995));      // "0,995"
  CHECK(value("010007987", "P1")->unit == "ratio");
  CHECK(value("010007300", "CI_RH1")->value == std::optional<double>(7.5));
  CHECK(value("010007300", "CI_A16_2")->value == std::optional<double>(810));  // "Cataracte : 810"
  CHECK(value("010007300", "CI_A16_2")->note == "Cataracte");
  CHECK(value("010007300", "RH8")->missing_code == ".z");                      // missing, not zero
  CHECK_FALSE(value("010007300", "RH8")->value.has_value());
  CHECK(value("010007987", "P9")->missing_code == ".c");
  CHECK(value("010007300", "P15")->missing_code == "");                        // empty cell
  CHECK(value("010007300", "A7")->row == 2);
  CHECK(value("010007300", "A7")->column == 11);

  Run beds = Import(*store, kData + "hospidiag_2019_lits_et_places.csv", Options("long"));
  REQUIRE(beds.ok);
  CHECK(beds.summary.applied.stored == 13527);
  CHECK(value("080000615", "CI_AC1")->value == std::optional<double>(314));
  CHECK(value("080000615", "CI_AC1")->unit == "beds");
  CHECK(value("080000615", "CI_AC5")->unit == "places");

  // The same file again: nothing changes, not even the list of imports.
  const std::string digest = store->ContentDigest();
  Run again = Import(*store, kData + "hospidiag_2019_activit_globale.csv", Options("wide"));
  REQUIRE(again.ok);
  CHECK_FALSE(again.summary.written);
  CHECK(again.summary.applied.unchanged == 1503 * 73);
  CHECK(again.summary.earlier_import == std::optional<int64_t>(2));
  CHECK(store->ContentDigest() == digest);
}

TEST_CASE("every bad input is rejected with its diagnostic and leaves the store as it was", "[ingest][bad-input]") {
  auto store = StoreWithEstablishments("bad_inputs");
  const std::string digest = store->ContentDigest();
  struct Case {
    const char* name;
    std::string bytes;
    const char* format;
    DiagCode expected;
  };
  const std::string header = "finess;indicateur;annee;valeur\n";
  const std::vector<Case> cases = {
      {"truncated", header + "010008407;P12;2019;45,2\n010008407;P13", "long", DiagCode::kCsvStructure},
      {"wrong_separator", "finess|indicateur|annee|valeur\n010008407|P12|2019|45,2\n", "long", DiagCode::kCsvStructure},
      {"too_many_fields", header + "010008407;P12;2019;45,2;extra\n", "long", DiagCode::kCsvStructure},
      {"too_few_fields", header + "010008407;P12;2019\n", "long", DiagCode::kCsvStructure},
      {"open_quote", header + "010008407;\"P12;2019;45,2\n010008407;P13;2019;80\n", "long", DiagCode::kCsvStructure},
      {"binary", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0binary", 16), "long", DiagCode::kDataFileUnreadable},
      {"zip", std::string("PK\x03\x04\0\0\x14\0binary", 14), "long", DiagCode::kWorkbookUnreadable},
      {"missing_column", "finess;indicateur;annee\n010008407;P12;2019\n", "long", DiagCode::kMissingColumn},
      {"finess_wrong_key", "finess;rs;cat\n010008408;CH DU HAUT BUGEY;CH\n", "entities", DiagCode::kBadFinessInData},
      {"unknown_indicator", header + "010008407;P99;2019;45,2\n", "long", DiagCode::kUnknownIndicatorInData},
      {"unknown_entity", header + "750000002;P12;2019;45,2\n", "long", DiagCode::kUnknownEntity},
      {"not_a_number", header + "010008407;P12;2019;45,2,1\n", "long", DiagCode::kValueDoesNotParse},
      {"percent_in_ratio", header + "010008407;P1;2019;95 %\n", "long", DiagCode::kValueUnitMismatch},
      {"negative_count", header + "010008407;CI_AC1;2019;-3\n", "long", DiagCode::kValueOutOfRange},
      {"conflicting_duplicate", header + "010008407;P12;2019;45,2\n010008407;P12;2019;47\n", "long",
       DiagCode::kConflictingDuplicate},
      {"quarter_for_yearly", header + "010008407;P12;2019-T2;45,2\n", "long", DiagCode::kDataPeriodKind},
      {"empty_file", "", "long", DiagCode::kDataFileUnreadable},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string path = WriteTemp(std::string(c.name) + ".csv", c.bytes);
    ingest::ImportOptions options = Options(c.format);
    if (std::string(c.format) == "long") options.period.reset();  // the files carry their period
    Run run = Import(*store, path, options);
    CHECK_FALSE(run.ok);
    CHECK_FALSE(run.summary.written);
    const std::vector<DiagCode> codes = run.Codes();
    CHECK(std::find(codes.begin(), codes.end(), c.expected) != codes.end());
    CHECK(store->ContentDigest() == digest);
  }
}

// A file's places are 32-bit numbers (spans, the reports' inputs): past 2 GiB it is refused before
// it is read. The file is sparse (a hole of 2 GiB after a header): no disk, no time.
TEST_CASE("a data file past 2 GiB is refused with its size, before it is read", "[ingest][bad-input]") {
  auto store = StoreWithEstablishments("too_large");
  const std::string digest = store->ContentDigest();
  const std::string path = WriteTemp("too_large.csv", "finess;indicateur;annee;valeur\n");
  fs::resize_file(path, uintmax_t{1} << 31);  // 2,147,483,648 bytes: one past the limit
  ingest::ImportOptions options = Options("long");
  options.period.reset();
  Run run = Import(*store, path, options);
  fs::remove(path);
  CHECK_FALSE(run.ok);
  REQUIRE(run.diagnostics.size() == 1);
  CHECK(run.diagnostics[0].code == DiagCode::kFileTooLarge);
  CHECK(run.diagnostics[0].message == "data file '" + path +
                                          "' is 2147483648 bytes; vigie imports files of at most 2147483647 bytes (2 GiB)");
  CHECK(store->ContentDigest() == digest);
}

TEST_CASE("a wrong FINESS key names the expected key, and --finess-key=warn accepts it", "[ingest]") {
  auto store = FreshStore("finess_key");
  const std::string path = WriteTemp("finess_key.csv", "finess;rs\n010008408;CH DU HAUT BUGEY\n");
  Run rejected = Import(*store, path, Options("entities"));
  REQUIRE(rejected.diagnostics.size() == 1);
  CHECK(rejected.diagnostics[0].message == "'010008408' is not a valid FINESS number");
  CHECK(rejected.diagnostics[0].help ==
        "the check digit of '010008408' should be 7, not 8; if this file carries site numbers without a key, import "
        "it with --finess-key=warn");
  ingest::ImportOptions options = Options("entities");
  options.finess_key_warning = true;
  Run accepted = Import(*store, path, options);
  CHECK(accepted.ok);
  REQUIRE(accepted.diagnostics.size() == 1);
  CHECK(accepted.diagnostics[0].severity == Severity::kWarning);
  CHECK(store->EntityIds().count("010008408") == 1);
}

TEST_CASE("with --keep-valid the good rows are stored and the bad ones written to a rejects file", "[ingest]") {
  auto store = StoreWithEstablishments("keep_valid");
  const std::string path = WriteTemp("keep_valid.csv",
                                     "finess;indicateur;annee;valeur\n010008407;P12;2019;45,2\n"
                                     "010008407;P13;2019;abc\n010007300;P12;2019;100\n");
  ingest::ImportOptions options = Options("long");
  options.period.reset();
  options.keep_valid = true;
  options.rejects_path = WriteTemp("keep_valid.rejects.csv", "");
  Run run = Import(*store, path, options);
  CHECK(run.ok);
  CHECK(run.summary.rows_rejected == 1);
  CHECK(run.summary.applied.stored == 2);
  CHECK(store->ValueAt("010008407", "P12", "2019")->value == std::optional<double>(45.2));
  CHECK_FALSE(store->ValueAt("010008407", "P13", "2019").has_value());
  std::ifstream rejects(options.rejects_path, std::ios::binary);
  std::stringstream content;
  content << rejects.rdbuf();
  CHECK(content.str() ==
        "\xEF\xBB\xBFligne;erreur;finess;indicateur;annee;valeur\r\n3;'abc' is not a number;010008407;P13;2019;abc\r\n");
}

TEST_CASE("a Windows-1252 file from a French Excel imports with its accents", "[ingest]") {
  auto store = FreshStore("cp1252");
  const std::string path = WriteTemp("cp1252.csv", "finess;rs;cat\r\n010008407;H\xf4pital du Haut Bugey;CH\r\n");
  Run run = Import(*store, path, Options("entities"));
  REQUIRE(run.ok);
  CHECK(run.summary.encoding == "Windows-1252");
  CHECK(store->AttributeAt("010008407", "cat", "2019-05-01") == std::optional<std::string>("CH"));
}

TEST_CASE("all three Hospi Diag years import with the shipped catalog", "[ingest][hospidiag]") {
  auto store = FreshStore("hospidiag_all_years");
  int64_t values = 0;
  for (const char* year : {"2017", "2018", "2019"}) {
    INFO(year);
    Run entities = Import(*store, kData + "hospidiag_" + year + "_etablissement.csv", Options("entities", year));
    REQUIRE(entities.ok);
    for (const char* sheet : {"_activit_globale.csv", "_lits_et_places.csv"}) {
      Run run = Import(*store, kData + "hospidiag_" + year + sheet, Options("", year));
      REQUIRE(run.ok);
      CHECK(run.summary.rows_rejected == 0);
      values += run.summary.applied.stored;
    }
  }
  CHECK(values == 3 * (1503 * 73 + 13527));
  CHECK(store->Info().establishments == 1503);
  auto value = [&](const char* entity, const char* indicator, const char* period) {
    auto found = store->ValueAt(entity, indicator, period);
    REQUIRE(found.has_value());
    return found->value;
  };
  CHECK(value("080000615", "A7", "2017") == std::optional<double>(10.7));
  CHECK(value("080000615", "A8", "2017") == std::optional<double>(0.98));
  CHECK(value("080000615", "CI_AC1", "2017") == std::optional<double>(300));
  CHECK(value("2A0000014", "P12", "2017") == std::optional<double>(26.41));   // Corsica
  CHECK(value("2A0000014", "P12", "2018") == std::optional<double>(28.94));
  CHECK(value("2A0000014", "P1", "2018") == std::optional<double>(1.019));
  CHECK(value("2A0000014", "RH8", "2018") == std::optional<double>(11.9));
  CHECK(value("2A0000014", "CI_A16_1", "2018") == std::optional<double>(78));  // "Chirurgie du sein : 78"
  CHECK(store->AttributeAt("2A0000014", "taille_MCO", "2018-07-14") == std::optional<std::string>("T3"));
}
