// driver::Evaluate records a run on a thread of its own while its report model is built: the run
// stored is the one recorded without a report (from the run's own details), and a record that fails
// ends as it did, the report built all the same.
#include <catch2/catch.hpp>

#include <cmath>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <sqlite3.h>
#include <thread>

#include "engine/base/language.h"
#include "engine/base/locale_text.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/run_record.h"
#include "tests/support/files.h"
#include "tests/support/run_command.h"
#include "tests/support/work_folder.h"

using vigie::testing::RunCommand;
using vigie::testing::Write;

namespace {

// Two commitments over two years, two establishments, one value missing: verdicts met, not met and
// missing data, measured values and targets that differ.
struct Campaign {
  vigie::testing::WorkFolder folder{"vigie_driver_record_beside_"};
  vigie::driver::CheckedProgram program;
  Campaign() {
    Write("contrat.vigie",
          "indicator ambu \"Ambulatoire\" { unit percent  better higher }\n"
          "indicator urg \"Urgences\" { unit percent  better lower }\n"
          "contract c \"C\" {\n  period 2019..2020\n  parties 080000037, 080000615\n"
          "  commitment a { indicator ambu  target { 2019: 50 %  2020: 58 % } }\n"
          "  commitment b { indicator urg  target 20 % }\n}\n");
    Write("etablissements.csv", "finess;rs\n080000037;CH DE SEDAN\n080000615;CH CHARLEVILLE MEZIERES\n");
    Write("valeurs.csv",
          "finess;indicateur;periode;valeur\n080000037;ambu;2019;55\n080000615;ambu;2019;40\n"
          "080000037;ambu;2020;60\n080000037;urg;2019;25\n080000615;urg;2019;12,5\n080000615;urg;2020;18\n");
    REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "--format", "entities", "--period", "2019", "etablissements.csv"}) == 0);
    REQUIRE(RunCommand({"import", "--catalog", "contrat.vigie", "valeurs.csv"}) == 0);
    vigie::DiagnosticSink sink;
    vigie::driver::CheckProgram({"contrat.vigie"}, ".", program, sink);
    REQUIRE_FALSE(sink.HasErrors());
  }
  static std::unique_ptr<vigie::store::Store> Open(bool read_only) {
    vigie::store::StoreError error;
    vigie::store::OpenOptions open;
    open.create = false;
    open.read_only = read_only;
    auto store = vigie::store::Store::Open("vigie.db", open, error);
    REQUIRE(store != nullptr);
    return store;
  }
  // A run as of 2021, recorded; with a report (as `vigie run` asks) or with the details alone.
  vigie::driver::Evaluation Run(bool report, int jobs, bool read_only = false) const {
    vigie::driver::EvaluateOptions options;
    options.eval.as_of = vigie::sema::model::Date{2021, 1, 15};
    options.eval.jobs = jobs;
    options.eval.details = true;
    options.build_report = report;
    options.report.generated_at = "2026-12-07T20:00:00Z";
    options.record = vigie::driver::RecordOptions{"tests", "0.1.0", ""};
    return vigie::driver::Evaluate(program.model, *Open(read_only), options);
  }
};

// A blob of little-endian doubles as text: "55 40", "-" for none (NaN).
std::string Numbers(const void* blob, int bytes) {
  std::string out;
  for (int at = 0; at + 8 <= bytes; at += 8) {
    double number = 0;
    std::memcpy(&number, static_cast<const char*>(blob) + at, 8);
    std::ostringstream text;
    text << number;
    out += (out.empty() ? "" : " ") + (std::isnan(number) ? std::string("-") : text.str());
  }
  return out;
}

// A blob of little-endian 4-byte entity positions as text: "0 1".
std::string Positions(const void* blob, int bytes) {
  std::string out;
  for (int at = 0; at + 4 <= bytes; at += 4) {
    uint32_t position = 0;
    std::memcpy(&position, static_cast<const char*>(blob) + at, 4);
    out += (out.empty() ? "" : " ") + std::to_string(position);
  }
  return out;
}

// The run's stored verdicts, one line a row of run_results: "c a 2019 MN | 0 1 | 55 40 | 50 50".
std::vector<std::string> StoredResults(int64_t run_id) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2("vigie.db", &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT contract, item, period, verdicts, entities, measured, target FROM run_results "
                             "WHERE run_id = ? ORDER BY contract, item, period",
                             -1, &query, nullptr) == SQLITE_OK);
  sqlite3_bind_int64(query, 1, run_id);
  std::vector<std::string> rows;
  while (sqlite3_step(query) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < 4; ++c) row += std::string(reinterpret_cast<const char*>(sqlite3_column_text(query, c))) + " ";
    row += "| " + Positions(sqlite3_column_blob(query, 4), sqlite3_column_bytes(query, 4));
    row += " | " + Numbers(sqlite3_column_blob(query, 5), sqlite3_column_bytes(query, 5));
    row += " | " + Numbers(sqlite3_column_blob(query, 6), sqlite3_column_bytes(query, 6));
    rows.push_back(row);
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  return rows;
}

}  // namespace

TEST_CASE("a run recorded beside its report model is stored as one recorded from its details", "[driver][record]") {
  Campaign campaign;
  // With a report on two threads (the record beside the model), on one (the record after it), and
  // without a report (the record reads the run's own details).
  const vigie::driver::Evaluation beside = campaign.Run(true, 2);
  const vigie::driver::Evaluation after = campaign.Run(true, 1);
  const vigie::driver::Evaluation details = campaign.Run(false, 2);
  REQUIRE(beside.report.has_value());
  CHECK_FALSE(beside.not_recorded);
  CHECK(beside.run_id == 1);
  CHECK(beside.report->run_id == 1);
  CHECK(after.run_id == 2);
  CHECK(details.run_id == 3);
  const std::vector<std::string> expected = {
      "c a 2019 MN | 0 1 | 55 40 | 50 50",
      "c a 2020 MD | 0 1 | 60 - | 58 58",
      "c b 2019 NM | 0 1 | 25 12.5 | 20 20",
      "c b 2020 DM | 0 1 | - 18 | 20 20",
  };
  CHECK(StoredResults(beside.run_id) == expected);
  CHECK(StoredResults(after.run_id) == expected);
  CHECK(StoredResults(details.run_id) == expected);
}

// The rows a run read are gathered from its details on its threads, an item each: on two threads
// as on one, every value the run read is in the data digest (here every value stored).
TEST_CASE("the data digest of a run with its report holds every value read, on two threads as on one", "[driver][record]") {
  Campaign campaign;
  const vigie::driver::Evaluation two = campaign.Run(true, 2);
  const vigie::driver::Evaluation one = campaign.Run(true, 1);
  std::vector<int64_t> every;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open("vigie.db", &db) == SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT id FROM indicator_values", -1, &query, nullptr) == SQLITE_OK);
  while (sqlite3_step(query) == SQLITE_ROW) every.push_back(sqlite3_column_int64(query, 0));
  sqlite3_finalize(query);
  sqlite3_close(db);
  REQUIRE(every.size() == 6);
  const std::string digest = Campaign::Open(true)->ValuesDigest(every);
  CHECK(two.data_digest == digest);
  CHECK(one.data_digest == digest);
  CHECK(two.report->data_digest == digest);
}

TEST_CASE("a record that fails beside the report model leaves the report built, and says why in the caller's language",
          "[driver][record]") {
  Campaign campaign;
  vigie::SetLanguage(vigie::Language::kEnglish);
  std::optional<vigie::driver::Evaluation> beside, after;
  {
    // vigie serve's request threads set their own language: the record's thread speaks it too.
    const vigie::ScopedLanguage french(vigie::Language::kFrench);
    beside = campaign.Run(true, 2, true);
    after = campaign.Run(true, 1, true);
  }
  for (const vigie::driver::Evaluation* evaluation : {&*beside, &*after}) {
    REQUIRE(evaluation->report.has_value());
    CHECK(evaluation->report->contracts.at(0).items.at(0).verdicts.size() == 4);
    CHECK(evaluation->run_id == 0);
    CHECK(evaluation->report->run_id == 0);
    REQUIRE(evaluation->not_recorded.has_value());
    CHECK(evaluation->not_recorded->kind == vigie::store::StoreError::Kind::kReadOnly);
    CHECK(evaluation->not_recorded->message ==
          "la base vigie « vigie.db » ne peut pas être écrite : l'exécution n'a pas été enregistrée");
  }
}

TEST_CASE("the steps of a run recorded beside its report are told on the caller's thread, in order", "[driver][record]") {
  Campaign campaign;
  vigie::driver::EvaluateOptions options;
  options.eval.as_of = vigie::sema::model::Date{2021, 1, 15};
  options.eval.jobs = 2;
  options.build_report = true;
  options.record = vigie::driver::RecordOptions{"tests", "0.1.0", ""};
  std::vector<vigie::driver::Step> steps;
  std::vector<std::thread::id> threads;
  options.after_step = [&](vigie::driver::Step step, double) {
    steps.push_back(step);
    threads.push_back(std::this_thread::get_id());
  };
  const vigie::driver::Evaluation evaluation = vigie::driver::Evaluate(campaign.program.model, *Campaign::Open(false), options);
  CHECK(evaluation.run_id == 1);
  using vigie::driver::Step;
  CHECK(steps == std::vector<Step>{Step::kLoad, Step::kEvaluate, Step::kReport, Step::kRecord});
  CHECK(threads == std::vector<std::thread::id>(4, std::this_thread::get_id()));
  CHECK(evaluation.seconds.record > 0);
}

// RecordBeside itself: a run evaluated with its details, recorded by the thread beside the caller.
struct Evaluated {
  Campaign campaign;
  std::unique_ptr<vigie::store::Store> store = Campaign::Open(false);
  vigie::driver::EvaluateOptions options;
  vigie::driver::Evaluation evaluation;
  Evaluated() {
    options.eval.as_of = vigie::sema::model::Date{2021, 1, 15};
    options.eval.details = true;
    options.record = vigie::driver::RecordOptions{"tests", "0.1.0", "2026-12-07T20:00:00Z"};
    vigie::driver::EvaluateOptions no_record = options;
    no_record.record.reset();
    evaluation = vigie::driver::Evaluate(campaign.program.model, *store, no_record);
  }
  std::optional<vigie::store::Store::StoredRun> Run(int64_t id) const { return store->RunById(id); }
  // A record beside, measured, given its digest and joined: what it came to, and whether it had a
  // connection of its own.
  vigie::driver::Recorded RecordedBeside(bool& own_connection) const {
    vigie::driver::RecordBeside beside(*store, *evaluation.data, evaluation.run);
    REQUIRE(beside.OnThread());
    own_connection = beside.OwnConnection();
    beside.Measure(vigie::driver::MakeHeader(evaluation, options));
    beside.Digest("digest");
    return beside.Join();
  }
};

// Another file put where the store was (a restore): not the store a connection had opened.
void ReplaceStoreFile() {
  std::filesystem::copy_file("vigie.db", "copy.db");
  std::filesystem::rename("copy.db", "vigie.db");
}

TEST_CASE("a record beside, started then joined, stores the run from its copy of the measures", "[driver][record]") {
  Evaluated e;
  bool own_connection = false;
  const vigie::driver::Recorded recorded = e.RecordedBeside(own_connection);
  CHECK(own_connection);
  CHECK(recorded.run_id == 1);
  CHECK_FALSE(recorded.error);
  CHECK(StoredResults(1).at(0) == "c a 2019 MN | 0 1 | 55 40 | 50 50");
}

// Whether another connection holds the store's write lock (a record under way): this one cannot take it.
bool WriteLockTaken() {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open("vigie.db", &db) == SQLITE_OK);
  const int code = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (code == SQLITE_OK) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return code == SQLITE_BUSY;
}

// Waits (10 s at most) for a record to hold the write lock: it has begun its transaction.
bool RecordUnderWay() {
  for (int i = 0; i < 1000; ++i) {
    if (WriteLockTaken()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// The ids of every value stored (the campaign's run reads them all).
std::vector<int64_t> EveryValueId() {
  std::vector<int64_t> ids;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2("vigie.db", &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT id FROM indicator_values ORDER BY id", -1, &query, nullptr) == SQLITE_OK);
  while (sqlite3_step(query) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(query, 0));
  sqlite3_finalize(query);
  sqlite3_close(db);
  return ids;
}

// runs.data_digest of a run, or "none".
std::string StoredDigest(int64_t run_id) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2("vigie.db", &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT data_digest FROM runs WHERE id = ?", -1, &query, nullptr) == SQLITE_OK);
  sqlite3_bind_int64(query, 1, run_id);
  std::string digest = "none";
  if (sqlite3_step(query) == SQLITE_ROW) digest = reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
  sqlite3_finalize(query);
  sqlite3_close(db);
  return digest;
}

TEST_CASE("a record beside begins before the data digest on a connection of its own, the store's reading meanwhile",
          "[driver][record]") {
  Evaluated e;
  const std::vector<int64_t> ids = EveryValueId();
  REQUIRE(ids.size() == 6);
  const std::string digest = e.store->ValuesDigest(ids);
  vigie::driver::RecordBeside beside(*e.store, *e.evaluation.data, e.evaluation.run);
  REQUIRE(beside.OwnConnection());
  beside.Measure(vigie::driver::MakeHeader(e.evaluation, e.options));
  // The record holds the write lock before it has the digest: it has begun.
  REQUIRE(RecordUnderWay());
  // The store's own connection reads the origins meanwhile, without waiting for it, and
  // does not see the run: it is not committed.
  CHECK(e.store->OriginsOf(ids, "", 2).digest == digest);
  CHECK_FALSE(e.Run(1).has_value());
  beside.Digest(digest);
  const vigie::driver::Recorded recorded = beside.Join();
  CHECK(recorded.run_id == 1);
  CHECK_FALSE(recorded.error);
  CHECK(StoredDigest(1) == digest);
  CHECK(StoredResults(1).at(0) == "c a 2019 MN | 0 1 | 55 40 | 50 50");
}

TEST_CASE("a record beside never started records nothing; one whose digest never came is rolled back", "[driver][record]") {
  Evaluated e;
  {
    // The evaluation threw: the thread ends without recording.
    const vigie::driver::RecordBeside beside(*e.store, *e.evaluation.data, e.evaluation.run);
  }
  {
    // The values' origins could not be read (the digest never comes): the record, under way,
    // rolls its transaction back.
    vigie::driver::RecordBeside beside(*e.store, *e.evaluation.data, e.evaluation.run);
    beside.Measure(vigie::driver::MakeHeader(e.evaluation, e.options));
    REQUIRE(RecordUnderWay());
  }
  CHECK_FALSE(e.Run(1).has_value());
  CHECK(StoredDigest(1) == "none");
  CHECK_FALSE(WriteLockTaken());
  // The store takes the next run, numbered as if none had been begun.
  vigie::driver::RecordBeside beside(*e.store, *e.evaluation.data, e.evaluation.run);
  beside.Measure(vigie::driver::MakeHeader(e.evaluation, e.options));
  beside.Digest("digest");
  CHECK(beside.Join().run_id == 1);
}

TEST_CASE("a record beside given its digest and not joined is abandoned with the reason", "[driver][record]") {
  vigie::SetLanguage(vigie::Language::kEnglish);
  Evaluated e;
  {
    // The report model's build threw: the run recorded stays incomplete, and says why.
    vigie::driver::RecordBeside beside(*e.store, *e.evaluation.data, e.evaluation.run);
    beside.Measure(vigie::driver::MakeHeader(e.evaluation, e.options));
    beside.Digest("digest");
  }
  const std::optional<vigie::store::Store::StoredRun> abandoned = e.Run(1);
  REQUIRE(abandoned.has_value());
  CHECK_FALSE(abandoned->complete);
  CHECK(abandoned->incomplete_reason == "the report model could not be built");
  CHECK(StoredDigest(1) == "digest");
}

TEST_CASE("a run recorded with its digest asked last stores that digest, and none when it cannot be had", "[store][record]") {
  vigie::SetLanguage(vigie::Language::kEnglish);
  Evaluated e;
  const vigie::store::Store::RunHeader header = vigie::driver::MakeHeader(e.evaluation, e.options);
  const std::vector<std::string> entities = vigie::driver::RecordEntities(*e.evaluation.data);
  int asked = 0;
  const vigie::driver::Recorded none = vigie::driver::Record(*e.store, *e.evaluation.data, e.evaluation.run, nullptr, header,
                                                           entities, [&]() -> std::optional<std::string> {
                                                             ++asked;
                                                             return std::nullopt;
                                                           });
  CHECK(asked == 1);
  CHECK(none.run_id == 0);
  REQUIRE(none.error.has_value());
  CHECK(none.error->kind == vigie::store::StoreError::Kind::kFailed);
  CHECK(none.error->message ==
        "the data digest of the run could not be computed: the run was not recorded in the store 'vigie.db'");
  CHECK(StoredDigest(1) == "none");
  CHECK(StoredResults(1).empty());
  const vigie::driver::Recorded recorded =
      vigie::driver::Record(*e.store, *e.evaluation.data, e.evaluation.run, nullptr, header, entities,
                            []() -> std::optional<std::string> { return "abc"; });
  CHECK(recorded.run_id == 1);
  CHECK(StoredDigest(1) == "abc");
  CHECK(StoredResults(1).size() == 4);
}

TEST_CASE("a record cancelled between its batches stops writing them, and stores nothing", "[store][record]") {
  Evaluated e;
  const vigie::store::Store::RunHeader header = vigie::driver::MakeHeader(e.evaluation, e.options);
  const std::vector<std::string> entities = vigie::driver::RecordEntities(*e.evaluation.data);
  int batches = 0, digests = 0;
  // Cancelled once the first of its four batches (two items over two years) is written.
  const vigie::driver::Recorded cancelled = vigie::driver::Record(
      *e.store, *e.evaluation.data, e.evaluation.run, nullptr, header, entities,
      [&]() -> std::optional<std::string> { return ++digests, "abc"; }, [&] { return ++batches > 1; });
  CHECK(batches == 2);  // asked before each batch: the second is not written, nor the two after it
  CHECK(digests == 0);  // nor is the digest asked for
  CHECK(cancelled.run_id == 0);
  CHECK(StoredDigest(1) == "none");
  CHECK(StoredResults(1).empty());
  CHECK_FALSE(WriteLockTaken());
  // Never cancelled: each of the four batches asked.
  batches = 0;
  const vigie::driver::Recorded recorded = vigie::driver::Record(
      *e.store, *e.evaluation.data, e.evaluation.run, nullptr, header, entities,
      []() -> std::optional<std::string> { return "abc"; }, [&] { return ++batches, false; });
  CHECK(batches == 4);
  CHECK(recorded.run_id == 1);
  CHECK(StoredResults(1).size() == 4);
}

TEST_CASE("a store opened again is the same file, read only when the store is, and none in memory", "[store][record]") {
  Evaluated e;
  const std::unique_ptr<vigie::store::Store> again = e.store->OpenAgain();
  REQUIRE(again != nullptr);
  CHECK(again->Path() == "vigie.db");
  vigie::store::StoreError error;
  CHECK(again->BeginRead(error));  // its own connection: the store's is in no transaction
  again->EndRead();
  const std::unique_ptr<vigie::store::Store> read_only = Campaign::Open(true)->OpenAgain();
  REQUIRE(read_only != nullptr);
  const vigie::driver::Recorded refused = vigie::driver::Record(*read_only, *e.evaluation.data, e.evaluation.run, nullptr,
                                                              vigie::driver::MakeHeader(e.evaluation, e.options),
                                                              vigie::driver::RecordEntities(*e.evaluation.data));
  REQUIRE(refused.error.has_value());
  CHECK(refused.error->kind == vigie::store::StoreError::Kind::kReadOnly);
  auto memory = vigie::store::Store::Open(":memory:", vigie::store::OpenOptions{}, error);
  REQUIRE(memory != nullptr);
  CHECK(memory->OpenAgain() == nullptr);
  // Opened by a relative path, then the process in another folder: the same file all the same
  // (the name its connection has open), still named as the user named it.
  {
    const std::filesystem::path here = std::filesystem::current_path();
    std::filesystem::create_directories("elsewhere");
    std::filesystem::current_path("elsewhere");
    const std::unique_ptr<vigie::store::Store> moved = e.store->OpenAgain();
    std::filesystem::current_path(here);
    REQUIRE(moved != nullptr);
    CHECK(moved->Path() == "vigie.db");
    CHECK_FALSE(std::filesystem::exists("elsewhere/vigie.db"));
  }
  // The file replaced by another: not the store it opened.
  ReplaceStoreFile();
  CHECK(e.store->OpenAgain() == nullptr);
}

TEST_CASE("a record beside without a connection of its own records on the store's once the digest is given",
          "[driver][record]") {
  vigie::SetLanguage(vigie::Language::kEnglish);
  Evaluated e;
  // The file replaced by another (a restore) before the record: no second connection to the store
  // the run was evaluated from. The record waits for the digest, then, on the store's connection,
  // finds the file gone and says so.
  ReplaceStoreFile();
  bool own_connection = true;
  const vigie::driver::Recorded recorded = e.RecordedBeside(own_connection);
  CHECK_FALSE(own_connection);
  CHECK(recorded.run_id == 0);
  REQUIRE(recorded.error.has_value());
  CHECK(recorded.error->kind == vigie::store::StoreError::Kind::kVanished);
  CHECK(recorded.error->message == "the store 'vigie.db' was deleted or replaced during the run");
}
