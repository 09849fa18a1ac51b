// driver::Verify returns what differs as data: a report made by `vigie run`, then the store or the
// rules changed, then the differences named one by one (the CLI only words them).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sqlite3.h>

#include "engine/base/sha256.h"
#include "engine/base/text.h"
#include "engine/cli/commands.h"
#include "tests/support/files.h"
#include "tests/support/run_command.h"
#include "tests/support/work_folder.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/verify.h"
#include "engine/report/report_model.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using vigie::testing::RunCommand;
using vigie::testing::Write;
using vigie::testing::Read;
using vigie::driver::Difference;
using vigie::driver::VerifyResult;

namespace {

// A folder with a contract (two establishments, one commitment), its data imported and a JSON report.
struct Workspace {
  vigie::testing::WorkFolder folder{"vigie_driver_verify_"};
  fs::path dir = folder.path();
  Workspace() {
    Write("contrat.vigie",
          "indicator ambu \"Ambulatoire\" { unit percent  better higher }\n"
          "contract c \"C\" {\n  period 2019\n  parties 080000037, 080000615\n"
          "  commitment a { indicator ambu  target 50 % }\n}\n");
    Write("etablissements.csv", "finess;rs\n080000037;CH DE SEDAN\n080000615;CH CHARLEVILLE MEZIERES\n");
    Write("valeurs.csv", "finess;indicateur;periode;valeur\n080000037;ambu;2019;55\n080000615;ambu;2019;60\n");
    REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "--format", "entities", "--period", "2019", "etablissements.csv"}) == 0);
    REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "valeurs.csv"}) == 0);
    REQUIRE(RunCommand({"run", "--as-of", "2020-01-15", "--report", "out", "--formats", "json", "contrat.vigie"}) == 0);
  }
  vigie::report::Report Recorded() const {
    std::string problem;
    std::optional<vigie::report::Report> report = vigie::report::ParseJson(Read(dir / "out/report.json"), problem);
    INFO(problem);
    REQUIRE(report.has_value());
    return *report;
  }
  VerifyResult Verify(std::optional<uint64_t> memory = std::nullopt) const {
    vigie::driver::VerifyOptions options;
    options.memory_for_report = memory;
    options.report_path = "out/report.json";
    options.store_path = "vigie.db";
    options.folder = ".";
    vigie::DiagnosticSink sink;
    return vigie::driver::Verify(options, sink);
  }
};

}  // namespace

TEST_CASE("verify finds no difference in an unchanged report", "[driver][verify]") {
  Workspace w;
  const VerifyResult result = w.Verify();
  CHECK(result.outcome == VerifyResult::Outcome::kVerified);
  CHECK(result.differences.empty());
  CHECK(result.compared == 2);
  CHECK(result.evidence_documents == 0);
}

TEST_CASE("a report whose recomputation would not fit in memory is not recomputed, and says why", "[driver][verify]") {
  Workspace w;
  // 2 verdicts at kReportBytesPerVerdict (1 KiB) each: 2 KiB needed.
  const VerifyResult refused = w.Verify(1024);
  CHECK(refused.outcome == VerifyResult::Outcome::kReportTooLarge);
  REQUIRE(refused.too_large);
  CHECK(refused.too_large->verdicts == 2);
  CHECK(refused.too_large->needed == 2048);
  CHECK(refused.too_large->available == 1024);
  CHECK(w.Verify(2048).outcome == VerifyResult::Outcome::kVerified);
}

TEST_CASE("a stored value corrected after the report gives the data and the verdict it changed", "[driver][verify]") {
  Workspace w;
  const vigie::report::Report recorded = w.Recorded();
  // 080000615's value is corrected from 60 to 40: its verdict goes from met to not met.
  Write("correction.csv", "finess;indicateur;periode;valeur\n080000615;ambu;2019;40\n");
  REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "correction.csv"}) == 0);

  const VerifyResult result = w.Verify();
  CHECK(result.outcome == VerifyResult::Outcome::kDifferent);
  REQUIRE(result.differences.size() == 6);
  const Difference& data = result.differences[0];
  CHECK(data.kind == Difference::Kind::kData);
  CHECK(data.recorded == recorded.data_digest);
  CHECK(data.now != recorded.data_digest);
  const Difference& verdict = result.differences[1];
  CHECK(verdict.kind == Difference::Kind::kVerdictChanged);
  CHECK(verdict.subject == "c a 080000615 2019");
  CHECK(verdict.recorded == "met");
  CHECK(verdict.now == "not met");  // as a person reads it (the report's code is not_met)
  CHECK(result.differences[2].subject == "c a 080000615 2019 measured");
  CHECK(result.differences[2].recorded == "60");
  CHECK(result.differences[2].now == "40");
  CHECK(result.differences[3].subject == "score c 2019");
  CHECK(result.differences[4].subject == "score c 2019 of 080000615");
  // The value itself, with where each version came from.
  const Difference& value = result.differences[5];
  CHECK(value.subject == "value ambu 2019 of 080000615");
  CHECK(value.recorded.starts_with("60 from valeurs.csv line 3 column 21, import #2, sha256 "));
  CHECK(value.now.starts_with("40 from correction.csv line 2 column 21, import #3, sha256 "));
}

namespace {

// A report edited to claim one more verdict than the rules give.
void AddVerdictToReport() {
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(Read("out/report.json"));
  nlohmann::ordered_json extra = json["contracts"][0]["items"][0]["verdicts"][0];
  // Its entity, the first of verdict_columns; the value it read stays 080000037's: written in its
  // input's row, whose entity and period are otherwise its verdict's.
  extra[0] = "080001969";
  extra[8][0].push_back("080000037");
  extra[8][0].push_back(extra[1]);
  json["contracts"][0]["items"][0]["verdicts"].push_back(extra);
  json["contracts"][0]["entities"].push_back({{"id", "080001969"}, {"name", ""}, {"group", false}});
  Write("out/report.json", json.dump(2) + "\n");
}

// runs.report of run `run`, or sets it (`value` not empty) as a store sealed before 2026-12 held it.
std::string SealedReport(const std::string& value = "", int run = 1) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open("vigie.db", &db) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  const char* sql = value.empty() ? "SELECT report FROM runs WHERE id = ?2" : "UPDATE runs SET report = ?1 WHERE id = ?2";
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
  if (!value.empty()) sqlite3_bind_text(statement, 1, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int(statement, 2, run);
  std::string report;
  if (sqlite3_step(statement) == SQLITE_ROW) report = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return report;
}

}  // namespace

// A report.json up to PublishOptions::store_report_up_to (16 MiB) is kept whole in the store, so
// `vigie serve` can hand it out; a larger one is sealed by its file's SHA-256 (set by hand below).
TEST_CASE("a run is sealed with its report file's text when it is small", "[driver][verify]") {
  Workspace w;
  CHECK(SealedReport() == Read("out/report.json"));
}

TEST_CASE("a run in pages writes its JSON's verdicts one a line, is sealed with that text and verifies", "[driver][verify]") {
  Workspace w;  // run #1, two establishments: a small report, its verdicts indented
  const std::string indented = Read("out/report.json");
  CHECK(indented.find("\"verdicts\": [\n            [\n              \"080000037\",\n") != std::string::npos);
  REQUIRE(RunCommand({"run", "--as-of", "2020-01-15", "--report", "out", "--formats", "json,html", "--html-pages", "contrat.vigie"}) == 0);
  const std::string one_line = Read("out/report.json");
  const std::string first = "\"verdicts\": [\n[\"080000037\",\"2019\",\"met\",";
  const size_t at = one_line.find(first);
  REQUIRE(at != std::string::npos);
  const size_t start = at + first.find("\n[") + 1, end = one_line.find(",\n", start);
  const std::string line = one_line.substr(start, end - start);
  CHECK(line == nlohmann::ordered_json::parse(line).dump());  // the verdict on one line, as nlohmann writes it compact
  const std::string next = ",\n[\"080000615\",\"2019\",";
  CHECK(one_line.substr(end, next.size()) == next);
  // The same verdicts as the indented report of run #1, a parser finds.
  const auto verdicts = [](const std::string& text) {
    return nlohmann::ordered_json::parse(text)["contracts"][0]["items"][0]["verdicts"];
  };
  CHECK(verdicts(one_line) == verdicts(indented));
  CHECK(SealedReport("", 2) == one_line);
  const VerifyResult result = w.Verify();
  CHECK(result.outcome == VerifyResult::Outcome::kVerified);
  CHECK(result.differences.empty());
  CHECK(result.compared == 2);
}

TEST_CASE("a verdict the report has and the recomputation no longer gives is named as gone", "[driver][verify]") {
  Workspace w;
  const std::string sealed_sha256 = vigie::Sha256Hex(Read("out/report.json"));
  SealedReport("sha256:" + sealed_sha256);  // the seal of a large report (the record's own digest breaks too)
  AddVerdictToReport();

  const VerifyResult result = w.Verify();
  CHECK(result.outcome == VerifyResult::Outcome::kDifferent);
  REQUIRE(result.differences.size() == 3);
  // The run was sealed with another report (its SHA-256)...
  CHECK(result.differences[0].kind == Difference::Kind::kRunReportDiffers);
  CHECK(result.differences[0].subject == "run #1");
  CHECK(result.differences[0].recorded == sealed_sha256);
  CHECK(result.differences[0].now == vigie::Sha256Hex(Read("out/report.json")));
  // ...its record was changed after its seal (this test rewrote it)...
  CHECK(result.differences[1].kind == Difference::Kind::kChainRunAltered);
  // ...and the rules do not give the verdict it added.
  CHECK(result.differences[2].kind == Difference::Kind::kVerdictGone);
  CHECK(result.differences[2].subject == "c a 080001969 2019");
  CHECK(result.compared == 3);
}

TEST_CASE("a run sealed with its JSON report itself is compared entry by entry", "[driver][verify]") {
  Workspace w;
  CHECK(w.Verify().differences.empty());
  AddVerdictToReport();

  const VerifyResult result = w.Verify();
  REQUIRE(result.differences.size() == 2);
  // The run sealed in the store does not have it...
  CHECK(result.differences[0].kind == Difference::Kind::kRunDiffers);
  CHECK(result.differences[0].subject == "run #1: c a 080001969 2019");
  CHECK(result.differences[0].recorded == "");
  CHECK(result.differences[0].now == "met");
  // ...and the rules do not give it.
  CHECK(result.differences[1].kind == Difference::Kind::kVerdictGone);
}

TEST_CASE("a ruleset changed after the report is a difference, a missing one stops the recomputation",
          "[driver][verify]") {
  Workspace w;
  Write("contrat.vigie", Read("contrat.vigie") + "// a comment added after the report\n");
  VerifyResult changed = w.Verify();
  CHECK(changed.outcome == VerifyResult::Outcome::kDifferent);
  REQUIRE(changed.differences.size() == 1);
  CHECK(changed.differences[0].kind == Difference::Kind::kRulesetChanged);
  CHECK(changed.differences[0].subject == "contrat.vigie");
  CHECK(changed.differences[0].recorded != changed.differences[0].now);

  fs::remove("contrat.vigie");
  VerifyResult missing = w.Verify();
  CHECK(missing.outcome == VerifyResult::Outcome::kRulesetsMissing);
  CHECK(missing.missing_rulesets == 1);
  REQUIRE(missing.differences.size() == 1);
  CHECK(missing.differences[0].kind == Difference::Kind::kRulesetMissing);
}

// The recorded run's store and rules, evaluated again with a report as `vigie run` does.
struct ReportRun {
  explicit ReportRun(const vigie::report::Report& recorded) {
    vigie::store::StoreError error;
    vigie::store::OpenOptions open;
    open.create = false;
    store = vigie::store::Store::Open(recorded.store, open, error);
    REQUIRE(store != nullptr);
    vigie::DiagnosticSink sink;
    vigie::driver::CheckProgram({"contrat.vigie"}, ".", program, sink);
    REQUIRE_FALSE(sink.HasErrors());
    options.eval.as_of = vigie::sema::model::Date{2020, 1, 15};
    options.build_report = true;
  }
  vigie::driver::Evaluation Evaluate() const { return vigie::driver::Evaluate(program.model, *store, options); }

  std::unique_ptr<vigie::store::Store> store;
  vigie::driver::CheckedProgram program;
  vigie::driver::EvaluateOptions options;
};

TEST_CASE("the report is built from the run's details, with every value's origin from one batch", "[driver][report]") {
  Workspace w;
  const vigie::report::Report recorded = w.Recorded();
  REQUIRE(recorded.contracts.size() == 1);
  // The report written by `vigie run` (through driver::Evaluate) names where each value came from.
  ReportRun run(recorded);
  const vigie::driver::Evaluation evaluation = run.Evaluate();
  REQUIRE(evaluation.report.has_value());
  CHECK(evaluation.run_id == 0);  // not asked to record
  CHECK(evaluation.data_digest == recorded.data_digest);
  const auto& verdicts = evaluation.report->contracts.at(0).items.at(0).verdicts;
  REQUIRE(verdicts.size() == 2);
  for (const auto& v : verdicts) {
    CHECK_FALSE(v.reason.empty());
    REQUIRE(v.inputs.size() == 1);
    REQUIRE(v.inputs[0].source);
    CHECK(v.inputs[0].source->file == "valeurs.csv");
    CHECK(v.inputs[0].row >= 2);
    CHECK(v.inputs[0].source->sha256.size() == 64);
  }
}

TEST_CASE("in French, a value's origin and a report that cannot be read are worded in French", "[driver][verify]") {
  Workspace w;
  Write("correction.csv", "finess;indicateur;periode;valeur\n080000615;ambu;2019;40\n");
  REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "correction.csv"}) == 0);
  vigie::SetLanguage(vigie::Language::kFrench);
  const VerifyResult result = w.Verify();
  vigie::DiagnosticSink sink;
  vigie::driver::VerifyOptions missing;
  missing.report_path = "absent/report.json";
  const VerifyResult unreadable = vigie::driver::Verify(missing, sink);
  vigie::SetLanguage(vigie::Language::kEnglish);
  REQUIRE(result.differences.size() == 6);
  CHECK(result.differences[5].subject == "valeur ambu 2019 de 080000615");
  CHECK(result.differences[5].recorded.starts_with("60 de valeurs.csv ligne 3 colonne 21, import n° 2, sha256 "));
  CHECK(unreadable.outcome == VerifyResult::Outcome::kReportUnreadable);
  CHECK(unreadable.problem == "ne peut pas être lu");
}

// driver::Evaluate reads the values' origins and the data digest in one read transaction of its own
// (one state of the store, not a lock taken per row), and leaves a caller's transaction as it was.
TEST_CASE("the report's origins are read in one read transaction, a caller's own kept open", "[driver][report]") {
  Workspace w;
  const vigie::report::Report recorded = w.Recorded();
  ReportRun run(recorded);
  vigie::store::Store* store = run.store.get();
  vigie::store::StoreError error;
  // Its own transaction is over when it returns: a new one can begin.
  const vigie::driver::Evaluation alone = run.Evaluate();
  REQUIRE(alone.report.has_value());
  CHECK(alone.data_digest == recorded.data_digest);
  REQUIRE(store->BeginRead(error));
  // Inside the caller's: the same report, and the caller's transaction still open after it (a
  // second one cannot begin within it).
  const vigie::driver::Evaluation inside = run.Evaluate();
  REQUIRE(inside.report.has_value());
  CHECK(inside.data_digest == recorded.data_digest);
  CHECK(vigie::report::RenderJson(*inside.report) == vigie::report::RenderJson(*alone.report));
  CHECK_FALSE(store->BeginRead(error));
  store->EndRead();
  CHECK(store->BeginRead(error));
  store->EndRead();
}

namespace {

// Why run `run` of vigie.db was left incomplete; nullopt when it is complete.
std::optional<std::string> IncompleteReason(int run) {
  vigie::store::StoreError error;
  vigie::store::OpenOptions open;
  open.create = false;
  const auto store = vigie::store::Store::Open("vigie.db", open, error);
  REQUIRE(store != nullptr);
  const auto stored = store->RunById(run);
  REQUIRE(stored.has_value());
  if (stored->complete) return std::nullopt;
  return stored->incomplete_reason;
}

// `vigie run` writing its reports into full/ on two threads, with `path` on /dev/full (every write
// fails with ENOSPC): it exits with 3; its output.
std::string RunWithFullFile(const fs::path& path) {
  fs::create_directories(path.parent_path());
  fs::create_symlink("/dev/full", path);
  std::string output;
  CHECK(RunCommand({"run", "--as-of", "2020-01-15", "--report", "full", "--formats", "csv,html,json", "--html-pages", "--jobs",
                    "2", "contrat.vigie"},
                   &output) == 3);
  return output;
}

}  // namespace

// A disk that fills up while the pages are written on two threads (one page is /dev/full, where
// every write fails with ENOSPC): the files before it in order are written, the page is named, no
// report.json is written, and the run stays incomplete with the reason.
TEST_CASE("a page that cannot be written on a full disk leaves the run incomplete, named", "[driver][report]") {
  Workspace w;
  const std::string output = RunWithFullFile("full/pages/c/080000615.html");
  CHECK(output.find("cannot write 'full/pages/c/080000615.html'; run #2 is left incomplete in vigie.db") != std::string::npos);
  CHECK(fs::exists("full/report.csv"));
  CHECK(fs::exists("full/report.html"));
  CHECK(fs::exists("full/pages/c/080000037.html"));
  CHECK_FALSE(fs::exists("full/report.json"));
  CHECK_FALSE(fs::exists("full/report.json.part"));  // its body, written beside the pages, is removed
  CHECK(IncompleteReason(2) == "the report full/pages/c/080000615.html could not be written");
}

namespace {

// `vigie run` of contrat.vigie into out/, report.json signed with ars.key (`vigie key generate --out
// ars` first): its exit code, and its output in `output`.
int SignedRun(std::string* output = nullptr) {
  return RunCommand({"run", "--as-of", "2020-01-15", "--report", "out", "--formats", "json", "--sign", "ars.key", "contrat.vigie"},
                    output);
}

// What a run that failed at the end leaves of its own: no .part file of report.json or its signature.
void NoPartFilesLeft() {
  CHECK_FALSE(fs::exists("out/report.json.part"));
  CHECK_FALSE(fs::exists("out/report.json.sig.part"));
}

}  // namespace

// The signature is written before report.json is put in its place: when it cannot be (here
// report.json.sig is a folder), the run is left incomplete naming it, and out/ keeps the earlier
// run's report.json as it was, not one of a run that was abandoned.
TEST_CASE("a signature that cannot be written leaves no report.json of the abandoned run", "[driver][report]") {
  Workspace w;
  const std::string earlier = Read(w.dir / "out/report.json");
  REQUIRE(RunCommand({"key", "generate", "--out", "ars"}) == 0);
  fs::create_directories("out/report.json.sig/inside");
  std::string output;
  CHECK(SignedRun(&output) == 3);
  CHECK(output.find("cannot write 'out/report.json.sig'; run #2 is left incomplete in vigie.db") != std::string::npos);
  CHECK(Read(w.dir / "out/report.json") == earlier);
  NoPartFilesLeft();
  CHECK(IncompleteReason(2) == "the report out/report.json.sig could not be written");
}

// report.json is put in its place before its signature: when it cannot be (here a folder holds its
// place), the run is left incomplete naming it, and the earlier signature stays as it was.
TEST_CASE("a report.json that cannot be put in its place leaves the earlier signature as it was", "[driver][report]") {
  Workspace w;
  REQUIRE(RunCommand({"key", "generate", "--out", "ars"}) == 0);
  REQUIRE(SignedRun() == 0);
  const std::string earlier_signature = Read(w.dir / "out/report.json.sig");
  fs::remove("out/report.json");
  fs::create_directories("out/report.json/inside");
  std::string output;
  CHECK(SignedRun(&output) == 3);
  CHECK(output.find("cannot write 'out/report.json'; run #3 is left incomplete in vigie.db") != std::string::npos);
  CHECK(Read(w.dir / "out/report.json.sig") == earlier_signature);
  NoPartFilesLeft();
  CHECK(IncompleteReason(3) == "the report out/report.json could not be written");
}

// report.json's body is written beside the pages (into report.json.part, here /dev/full): it fails
// after the other files are written; the run is left incomplete, naming report.json, and no
// report.json is left (an earlier one would stay as it was).
TEST_CASE("a report.json that cannot be written beside the pages leaves the run incomplete, named", "[driver][report]") {
  Workspace w;
  const std::string output = RunWithFullFile("full/report.json.part");
  CHECK(output.find("cannot write 'full/report.json'; run #2 is left incomplete in vigie.db") != std::string::npos);
  CHECK(fs::exists("full/report.csv"));
  CHECK(fs::exists("full/pages/c/080000615.html"));
  CHECK_FALSE(fs::exists("full/report.json"));
  CHECK_FALSE(fs::is_symlink("full/report.json.part"));
  CHECK(IncompleteReason(2) == "the report full/report.json could not be written");
}
