#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include "engine/store/schema.h"
#include "engine/base/sha256.h"
#include "engine/store/internal/value_inserter.h"
#include "engine/store/store.h"
#include "engine/base/finess.h"
#include "engine/cli/commands.h"
#include "engine/base/calendar.h"
#include "engine/driver/evaluate.h"
#include "tests/support/checked_model.h"
#include "tests/support/in_language.h"
#include "tests/support/fresh_store_path.h"

namespace fs = std::filesystem;
using namespace vigie::store;

namespace {

std::string FreshPath(const std::string& name) { return vigie::testing::FreshStorePath("vigie_store_test", name); }

std::unique_ptr<Store> OpenOrFail(const std::string& path, OpenOptions options = {}) {
  StoreError error;
  std::unique_ptr<Store> store = Store::Open(path, options, error);
  INFO(error.message);
  REQUIRE(store != nullptr);
  return store;
}

ImportBatch Batch(const std::string& file, double value, const std::string& at) {
  ImportBatch batch;
  batch.record = ImportRecord{"values", file, vigie::Sha256Hex(file + std::to_string(value)), at, "tester", "", 1, 0};
  batch.entities.push_back(EntityRow{"080000615", "establishment", "CH CHARLEVILLE MEZIERES", ""});
  batch.values.push_back(ValueRow{"080000615", "P12", "2019", value, "", "percent", "", 2, 5});
  batch.values.push_back(ValueRow{"080000615", "RH8", "2019", std::nullopt, ".z", "percent", "", 2, 9});
  return batch;
}

// A store file as vigie of schema `version` made it (its first migrations), then `sql` run on it.
void OldStore(const std::string& path, int version, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  for (const Migration& migration : Migrations()) {
    if (migration.version > version) continue;
    REQUIRE(sqlite3_exec(db, std::string(migration.sql).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  const std::string all = "PRAGMA user_version = " + std::to_string(version) + "; " + sql;
  REQUIRE(sqlite3_exec(db, all.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

// The rows of `sql` on the store file at `path`, each row's columns joined by '|' (NULL as "NULL").
std::vector<std::string> RawRows(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &query, nullptr) == SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(query) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(query); ++c) {
      const unsigned char* text = sqlite3_column_text(query, c);
      row += (c ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  return rows;
}

void RawExec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("a new store is created with the latest schema", "[store]") {
  const std::string path = FreshPath("new");
  auto store = OpenOrFail(path);
  CHECK(store->Info().schema_version == LatestSchemaVersion());
  CHECK(store->Info().imports.empty());
}

TEST_CASE("a new store has pages of 16 KiB; an older store keeps its pages when migrated", "[store]") {
  // Opened (created or migrated to the latest schema), a batch stored, closed: then the file's pages.
  auto store_a_batch = [](const std::string& path) {
    auto store = OpenOrFail(path);
    CHECK(store->Info().schema_version == LatestSchemaVersion());
    ApplyResult result;
    StoreError error;
    REQUIRE(store->Apply(Batch("a.csv", 55.5, "2026-12-07T00:00:00Z"), result, error));
    CHECK(result.stored == 3);  // the entity and its two values
  };
  const std::string fresh = FreshPath("page_size_new");
  store_a_batch(fresh);
  CHECK(RawRows(fresh, "PRAGMA page_size") == std::vector<std::string>{"16384"});
  CHECK(RawRows(fresh, "PRAGMA journal_mode") == std::vector<std::string>{"wal"});
  // SQLite's default page (4 KiB) in a store of schema 7: migrated, its pages kept.
  const std::string old = FreshPath("page_size_old");
  OldStore(old, 7, "");
  REQUIRE(RawRows(old, "PRAGMA page_size") == std::vector<std::string>{"4096"});
  store_a_batch(old);
  CHECK(RawRows(old, "PRAGMA page_size") == std::vector<std::string>{"4096"});
}

TEST_CASE("a missing store is not created when creation is off", "[store]") {
  StoreError error;
  OpenOptions options;
  options.create = false;
  CHECK(Store::Open(FreshPath("absent"), options, error) == nullptr);
  CHECK(error.kind == StoreError::Kind::kCannotOpen);
}

TEST_CASE("a file that is not a vigie store is refused, and left as it was", "[store]") {
  const std::string text_path = FreshPath("text");
  std::ofstream(text_path) << "this is not a database\n";
  StoreError error;
  CHECK(Store::Open(text_path, {}, error) == nullptr);
  CHECK(error.kind == StoreError::Kind::kNotAStore);
  std::ifstream in(text_path);
  std::string line;
  std::getline(in, line);
  CHECK(line == "this is not a database");

  const std::string other_path = FreshPath("other_sqlite");
  RawExec(other_path, "CREATE TABLE patients (id INTEGER)");
  CHECK(Store::Open(other_path, {}, error) == nullptr);
  CHECK(error.kind == StoreError::Kind::kNotAStore);
  CHECK(error.message == "'" + other_path + "' is an SQLite database, but not a vigie store");
}

TEST_CASE("a store written by a newer vigie is refused", "[store]") {
  const std::string path = FreshPath("newer");
  { auto store = OpenOrFail(path); }
  RawExec(path, "PRAGMA user_version = 99");
  StoreError error;
  CHECK(Store::Open(path, {}, error) == nullptr);
  CHECK(error.kind == StoreError::Kind::kTooNew);
}

TEST_CASE("applying the same batch twice changes nothing and records no import", "[store]") {
  const std::string path = FreshPath("same");
  auto store = OpenOrFail(path);
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error));
  CHECK(result.import_id == 1);
  CHECK(result.stored == 3);  // the entity and two values
  const std::string digest = store->ContentDigest();
  REQUIRE(store->Apply(Batch("a.csv", 55.5, "2026-01-02T00:00:00Z"), result, error));
  CHECK(result.import_id == 0);
  CHECK(result.stored == 0);
  CHECK(result.unchanged == 3);
  CHECK(store->ContentDigest() == digest);
}

TEST_CASE("a correction supersedes the old value without deleting it", "[store]") {
  const std::string path = FreshPath("correction");
  auto store = OpenOrFail(path);
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error));
  REQUIRE(store->Apply(Batch("b.csv", 57.0, "2026-02-01T00:00:00Z"), result, error));
  CHECK(result.stored == 1);
  CHECK(result.superseded == 1);
  CHECK(result.unchanged == 2);
  const auto history = store->History("080000615", "P12");
  REQUIRE(history.size() == 2);
  CHECK(history[0].value == std::optional<double>(55.5));
  CHECK(history[0].superseded_at == std::optional<std::string>("2026-02-01T00:00:00Z"));
  CHECK(history[1].value == std::optional<double>(57.0));
  CHECK(history[1].file_name == "b.csv");
  // As the data stood on a date: before the correction, the old value; after it, the new one.
  CHECK(store->ValueAt("080000615", "P12", "2019", "2026-01-15T00:00:00Z")->value == std::optional<double>(55.5));
  CHECK(store->ValueAt("080000615", "P12", "2019", "2026-02-01T00:00:00Z")->value == std::optional<double>(57.0));
  CHECK(store->ValueAt("080000615", "P12", "2019")->value == std::optional<double>(57.0));
  CHECK_FALSE(store->ValueAt("080000615", "P12", "2019", "2025-12-31T00:00:00Z").has_value());
  // A missing value stays missing, with its code: never zero.
  const auto missing = store->ValueAt("080000615", "RH8", "2019");
  REQUIRE(missing.has_value());
  CHECK_FALSE(missing->value.has_value());
  CHECK(missing->missing_code == ".z");
}

namespace {

// A store of two imports of Batch: P12 corrected by the second (two rows, the first superseded) and
// RH8 missing (one row, code .z).
struct Corrected {
  std::unique_ptr<Store> store;
  std::vector<HistoryEntry> history;  // P12's rows, oldest first
  HistoryEntry missing;               // RH8's row
};
Corrected CorrectedStore(const std::string& name) {
  Corrected out{OpenOrFail(FreshPath(name)), {}, {}};
  ApplyResult result;
  StoreError error;
  REQUIRE(out.store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error));
  REQUIRE(out.store->Apply(Batch("b.csv", 57.0, "2026-02-01T00:00:00Z"), result, error));
  out.history = out.store->History("080000615", "P12");
  REQUIRE(out.history.size() == 2);
  const auto missing = out.store->ValueAt("080000615", "RH8", "2019");
  REQUIRE(missing.has_value());
  out.missing = *missing;
  return out;
}

}  // namespace

TEST_CASE("the provenance of many values is read in one batch, superseded rows included", "[store]") {
  Corrected corrected = CorrectedStore("values_by_id");
  Store* store = corrected.store.get();
  const std::vector<HistoryEntry>& history = corrected.history;
  const std::optional<HistoryEntry> missing = corrected.missing;
  // Duplicates, the "no row" id 0 and an id the store does not have are all accepted.
  const std::map<int64_t, HistoryEntry> found =
      store->ValuesById({history[1].id, history[0].id, missing->id, history[1].id, 0, 987654});
  REQUIRE(found.size() == 3);
  CHECK_FALSE(found.count(0));
  CHECK_FALSE(found.count(987654));
  // The superseded row is still there: it is what an earlier run read.
  const HistoryEntry& old = found.at(history[0].id);
  CHECK(old.value == std::optional<double>(55.5));
  CHECK(old.file_name == "a.csv");
  CHECK(old.row == 2);
  CHECK(old.column == 5);
  CHECK(old.superseded_at == std::optional<std::string>("2026-02-01T00:00:00Z"));
  const HistoryEntry& now = found.at(history[1].id);
  CHECK(now.value == std::optional<double>(57.0));
  CHECK(now.file_name == "b.csv");
  CHECK(now.sha256 == vigie::Sha256Hex("b.csv" + std::to_string(57.0)));
  CHECK(found.at(missing->id).missing_code == ".z");
  CHECK(found.at(missing->id).column == 9);
  // The same answer as one lookup per id.
  for (const auto& [id, entry] : found) {
    const std::optional<HistoryEntry> one = store->ValueById(id);
    REQUIRE(one.has_value());
    CHECK(one->file_name == entry.file_name);
    CHECK(one->import_id == entry.import_id);
    CHECK(one->value == entry.value);
  }
  CHECK(store->ValuesById({}).empty());
}

// Store::OriginsOf: what a report needs of each value read (its import, row and column) and the
// digest of the rows, the same as ValuesById and ValuesDigest give, whether the ids are read as one
// range (dense: a campaign's) or one lookup each (sparse).
TEST_CASE("the origins of the values read come compactly, with the same digest as ValuesDigest", "[store]") {
  Corrected corrected = CorrectedStore("origins_of");
  Store* store = corrected.store.get();
  const std::vector<HistoryEntry>& history = corrected.history;
  const std::optional<HistoryEntry> missing = corrected.missing;
  // Dense: three rows of ids within four of each other, asked with a duplicate, 0 and an unknown id.
  const std::vector<int64_t> dense = {history[1].id, history[0].id, missing->id, history[1].id, 0};
  const ValueOrigins found = store->OriginsOf(dense, "");
  REQUIRE(found.rows.size() == 3);
  CHECK(found.digest == store->ValuesDigest(dense));
  // The digest's text by hand: id|entity|indicator|period|quote(value)|missing code|import, by id.
  std::string text;
  for (const HistoryEntry* h : {&history[0], &*missing, &history[1]}) {
    const std::string value = h->value ? (*h->value == 55.5 ? "55.5" : "57.0") : "NULL";
    text += std::to_string(h->id) + "|080000615|" + (h == &*missing ? "RH8" : "P12") + "|2019|" + value + "|" +
            h->missing_code + "|" + std::to_string(h->import_id) + "\n";
  }
  std::vector<int64_t> by_id = {history[0].id, missing->id, history[1].id};
  std::sort(by_id.begin(), by_id.end());
  CHECK(found.digest == vigie::Sha256Hex(text));
  const std::map<int64_t, HistoryEntry> entries = store->ValuesById(dense);
  for (int64_t id : by_id) {
    const ValueOrigin* origin = found.Find(id);
    REQUIRE(origin != nullptr);
    const HistoryEntry& entry = entries.at(id);
    CHECK(origin->row == entry.row);
    CHECK(origin->column == entry.column);
    const ImportOrigin& import = found.imports.at(origin->import);
    CHECK(import.import_id == entry.import_id);
    CHECK(import.file_name == entry.file_name);
    CHECK(import.sha256 == entry.sha256);
    CHECK(import.imported_at == entry.imported_at);
    CHECK(import.declared_by.empty());
  }
  CHECK(found.imports.size() == 2);  // each import once
  CHECK(found.Find(0) == nullptr);
  CHECK(found.Find(987654) == nullptr);
  // Sparse (an id far away): one lookup each, the same rows and digest.
  const std::vector<int64_t> sparse = {history[1].id, 987654, missing->id};
  const ValueOrigins apart = store->OriginsOf(sparse, "");
  REQUIRE(apart.rows.size() == 2);
  CHECK(apart.digest == store->ValuesDigest(sparse));
  CHECK(apart.Find(missing->id)->column == 9);
  // Ids in order (as eval::RowsRead gives them) are read as they are: each row once all the same,
  // a repeated id and an unknown one in a sparse list too.
  const ValueOrigins ordered = store->OriginsOf(by_id, "");
  CHECK(ordered.rows.size() == 3);
  CHECK(ordered.digest == found.digest);
  const ValueOrigins repeated = store->OriginsOf({by_id[0], by_id[0], by_id[1], by_id[2], 987654}, "");
  CHECK(repeated.rows.size() == 3);
  CHECK(repeated.digest == found.digest);
  CHECK(store->OriginsOf({}, "").rows.empty());
  CHECK(store->OriginsOf({}, "").digest == store->ValuesDigest({}));
}

// A store edited by hand: a value row whose import is gone has no origin, and every other row keeps
// its own (the rows' index was made before that row was dropped: each later id found the next row's
// origin, the last one past the end).
TEST_CASE("a value whose import is gone has no origin, and the rows after it keep theirs", "[store]") {
  Corrected corrected = CorrectedStore("origins_import_gone");
  Store* store = corrected.store.get();
  std::vector<int64_t> ids = {corrected.history[0].id, corrected.history[1].id, corrected.missing.id};
  std::sort(ids.begin(), ids.end());
  const std::map<int64_t, HistoryEntry> entries = store->ValuesById(ids);
  // The middle row's import gone: the row after it is where the index would have gone wrong.
  RawExec((fs::temp_directory_path() / "vigie_store_test" / "origins_import_gone.db").string(),
          ("PRAGMA foreign_keys = OFF; UPDATE indicator_values SET import_id = 999 WHERE id = " + std::to_string(ids[1])).c_str());
  const ValueOrigins found = store->OriginsOf(ids, "");
  CHECK(found.Find(ids[1]) == nullptr);
  REQUIRE(found.rows.size() == 2);
  for (int64_t id : {ids[0], ids[2]}) {
    const ValueOrigin* origin = found.Find(id);
    REQUIRE(origin != nullptr);
    CHECK(origin->id == id);
    CHECK(origin->row == entries.at(id).row);
    CHECK(origin->column == entries.at(id).column);
  }
}

// The digest's lines are the text the store's query with joins and SQLite's quote() gave before
// OriginsOf named the keys from the key tables and wrote the values it is sure of itself: the same
// digest for values it writes (eighths, whole numbers), values it leaves to SQLite (0.1, 1e20,
// 0.05140167, which SQLite 3.40 writes with an exponent, -0) and missing ones.
TEST_CASE("the data digest holds each value as SQLite's quote() writes it", "[store]") {
  const std::string path = FreshPath("origins_quote");
  auto store = OpenOrFail(path);
  ApplyResult result;
  StoreError error;
  int day = 1;
  for (double value : {364.125, 0.1, 1e20, 0.05140167, -0.0, 403.0, 1234567.5}) {
    const std::string at = "2026-01-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T00:00:00Z";
    REQUIRE(store->Apply(Batch("v" + std::to_string(day++) + ".csv", value, at), result, error));
  }
  std::vector<int64_t> ids;  // every row of the store, the superseded ones too
  for (const char* indicator : {"P12", "RH8"}) {
    for (const HistoryEntry& entry : store->History("080000615", indicator)) ids.push_back(entry.id);
  }
  REQUIRE(ids.size() == 8);  // RH8, missing alike in every batch, is one row
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT v.id || '|' || e.entity_id || '|' || i.name || '|' || p.name || '|' || quote(v.value) "
                             "|| '|' || coalesce(v.missing_code, '') || '|' || v.import_id || char(10) "
                             "FROM indicator_values v JOIN value_entities e ON e.key = v.entity_key "
                             "JOIN value_indicators i ON i.key = v.indicator_key JOIN value_periods p ON p.key = v.period_key "
                             "ORDER BY v.id",
                             -1, &query, nullptr) == SQLITE_OK);
  std::string lines;
  while (sqlite3_step(query) == SQLITE_ROW) lines += reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
  sqlite3_finalize(query);
  sqlite3_close(db);
  CHECK(lines.find("|1e+20|") == std::string::npos);  // SQLite's own texts, not C's
  CHECK(lines.find("|1.0e+20|") != std::string::npos);
  CHECK(lines.find("|5.14016700000000034687e-02|") != std::string::npos);
  CHECK(lines.find("|364.125|") != std::string::npos);
  CHECK(store->OriginsOf(ids, "").digest == vigie::Sha256Hex(lines));
}

TEST_CASE("a locked store is reported and left exactly as it was", "[store]") {
  const std::string path = FreshPath("locked");
  { auto store = OpenOrFail(path); }
  OpenOptions options;
  options.busy_timeout_ms = 100;
  auto store = OpenOrFail(path, options);
  const std::string digest = store->ContentDigest();
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  ApplyResult result;
  StoreError error;
  CHECK_FALSE(store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error));
  CHECK(error.kind == StoreError::Kind::kLocked);
  CHECK(error.message == "the store '" + path + "' is being written by another program");
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  CHECK(store->ContentDigest() == digest);
}

TEST_CASE("two imports at once are serialized: the second waits, both are stored", "[store]") {
  const std::string path = FreshPath("concurrent");
  { auto store = OpenOrFail(path); }
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::thread first_writer([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  auto store = OpenOrFail(path);  // default timeout: 5 s, longer than the other writer
  ApplyResult result;
  StoreError error;
  const bool applied = store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error);
  first_writer.join();
  sqlite3_close(other);
  INFO(error.message);
  CHECK(applied);
  CHECK(store->Info().imports.size() == 1);
}

TEST_CASE("a store file deleted during an import is reported, not silently written to", "[store]") {
  const std::string path = FreshPath("deleted");
  auto store = OpenOrFail(path);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  ApplyResult result;
  StoreError error;
  CHECK_FALSE(store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error));
  CHECK(error.kind == StoreError::Kind::kVanished);
  CHECK(error.message == "the store '" + path + "' was deleted or replaced during the import");
}

TEST_CASE("a read-only store can be read but not written", "[store]") {
  const std::string path = FreshPath("readonly");
  {
    auto store = OpenOrFail(path);
    ApplyResult result;
    StoreError error;
    REQUIRE(store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error));
  }
  OpenOptions options;
  options.read_only = true;  // what a file without write permission gives (root ignores permissions)
  auto store = OpenOrFail(path, options);
  const std::string digest = store->ContentDigest();
  CHECK(store->History("080000615", "P12").size() == 1);
  ApplyResult result;
  StoreError error;
  CHECK_FALSE(store->Apply(Batch("b.csv", 60.0, "2026-02-01T00:00:00Z"), result, error));
  CHECK(error.kind == StoreError::Kind::kReadOnly);
  CHECK(store->ContentDigest() == digest);
  if (getuid() != 0) {  // a real read-only file, where permissions apply
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    auto file_store = OpenOrFail(path);
    CHECK_FALSE(file_store->Apply(Batch("b.csv", 60.0, "2026-02-01T00:00:00Z"), result, error));
    CHECK(error.kind == StoreError::Kind::kReadOnly);
    fs::permissions(path, fs::perms::owner_all);
  }
}

TEST_CASE("attributes are read as they stood on a date", "[store]") {
  const std::string path = FreshPath("attributes");
  auto store = OpenOrFail(path);
  ImportBatch batch;
  batch.record = ImportRecord{"entities", "e.csv", "x", "2026-01-01T00:00:00Z", "tester", "", 2, 0};
  batch.entities.push_back(EntityRow{"010008407", "establishment", "CH DU HAUT BUGEY", ""});
  batch.attributes.push_back(AttributeRow{"010008407", "taille_MCO", "T2", "2018-01-01", "2018-12-31", 2});
  batch.attributes.push_back(AttributeRow{"010008407", "taille_MCO", "T3", "2019-01-01", "2019-12-31", 3});
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(batch, result, error));
  CHECK(store->AttributeAt("010008407", "taille_MCO", "2018-06-30") == std::optional<std::string>("T2"));
  CHECK(store->AttributeAt("010008407", "taille_MCO", "2019-01-01") == std::optional<std::string>("T3"));
  CHECK_FALSE(store->AttributeAt("010008407", "taille_MCO", "2020-01-01").has_value());
}

TEST_CASE("SHA-256 of known inputs", "[store]") {
  CHECK(vigie::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(vigie::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("an empty cell never replaces a stored value; an explicit code does", "[store]") {
  const std::string path = FreshPath("blank_cell");
  auto store = OpenOrFail(path);
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(Batch("a.csv", 55.5, "2026-01-01T00:00:00Z"), result, error));
  ImportBatch blank = Batch("template.csv", 0, "2026-02-01T00:00:00Z");
  blank.values = {ValueRow{"080000615", "P12", "2019", std::nullopt, "", "percent", "", 2, 5}};
  REQUIRE(store->Apply(blank, result, error));
  CHECK(result.stored == 0);
  CHECK(store->ValueAt("080000615", "P12", "2019")->value == std::optional<double>(55.5));
  ImportBatch withdrawn = Batch("correction.csv", 0, "2026-03-01T00:00:00Z");
  withdrawn.values = {ValueRow{"080000615", "P12", "2019", std::nullopt, "NA", "percent", "", 2, 5}};
  REQUIRE(store->Apply(withdrawn, result, error));
  CHECK(result.superseded == 1);
  CHECK(store->ValueAt("080000615", "P12", "2019")->missing_code == "NA");
}

namespace {

Store::RunHeader Header() {
  Store::RunHeader run;
  run.started_at = "2026-01-01T00:00:00Z";
  run.run_by = "tester";
  run.engine_version = "0.1.0";
  run.as_of = "2020-01-01";
  run.options = "all contracts";
  run.rulesets_json = "[]";
  run.data_digest = "d";
  return run;
}

// One verdict: 080000615 met item 'a' of contract 'c' in 2019, measured 61 against 60.
int64_t RecordOne(Store& store) {
  Store::RunHeader run = Header();
  run.verdicts = 1;
  StoreError error;
  const int64_t id = store.RecordRun(run, {"080000615"}, [](const Store::ResultsWriter& write) {
    Store::RunResults results;
    results.contract = "c";
    results.item = "a";
    results.period = "2019";
    results.entities = {0};
    results.verdicts = "M";
    results.measured = {61.0};
    results.target = {60.0};
    return write(results);
  }, error);
  REQUIRE(id != 0);
  return id;
}

int64_t RecordAndSeal(Store& store, const std::string& report) {
  const int64_t id = RecordOne(store);
  StoreError error;
  REQUIRE(store.SealRun(id, report, error));
  return id;
}

int64_t RecordEmpty(Store& store) {
  StoreError error;
  return store.RecordRun(Header(), {}, [](const Store::ResultsWriter&) { return true; }, error);
}

}  // namespace

TEST_CASE("a run is incomplete until it is sealed, and sealed runs form an unbroken chain", "[store][seal]") {
  const std::string path = FreshPath("sealed_runs");
  auto store = OpenOrFail(path);
  StoreError error;
  const int64_t open = RecordEmpty(*store);
  REQUIRE(open == 1);
  CHECK_FALSE(store->RunById(open)->complete);
  CHECK_FALSE(store->RunById(open)->seal.has_value());
  REQUIRE(store->AbandonRun(open, "the report out/report.md could not be written", error));
  CHECK(store->RunById(open)->incomplete_reason == "the report out/report.md could not be written");

  const int64_t first = RecordAndSeal(*store, "{\"run\": 2}");
  const int64_t second = RecordAndSeal(*store, "{\"run\": 3}");
  const int64_t third = RecordAndSeal(*store, "{\"run\": 4}");
  CHECK(store->RunById(first)->complete);
  CHECK(store->RunById(first)->seal == 1);
  CHECK(store->RunById(third)->seal == 3);
  CHECK(store->RunById(second)->report_json == "{\"run\": 3}");
  CHECK(store->CheckChain().empty());
  // A sealed run cannot be sealed again.
  CHECK_FALSE(store->SealRun(second, "{}", error));
  store.reset();

  // A verdict of the second run edited: its seal no longer holds, and only its own.
  RawExec(path, "UPDATE run_results SET verdicts = 'N' WHERE run_id = 3");
  std::vector<Store::ChainBreak> breaks = OpenOrFail(path)->CheckChain();
  REQUIRE(breaks.size() == 1);
  CHECK(breaks[0].kind == Store::ChainBreak::Kind::kRunAltered);
  CHECK(breaks[0].run == second);
  RawExec(path, "UPDATE run_results SET verdicts = 'M' WHERE run_id = 3");
  CHECK(OpenOrFail(path)->CheckChain().empty());

  // Its digest recomputed by hand after an edit of its report: the next run's link breaks instead.
  RawExec(path, "UPDATE runs SET digest = 'forged' WHERE id = 3");
  breaks = OpenOrFail(path)->CheckChain();
  REQUIRE(breaks.size() == 2);
  CHECK(breaks[0].kind == Store::ChainBreak::Kind::kRunAltered);
  CHECK(breaks[1].kind == Store::ChainBreak::Kind::kLinkChanged);
  CHECK(breaks[1].run == third);
  CHECK(breaks[1].now == "forged");

  // The middle run deleted: the chain names the run after the gap.
  RawExec(path,
          "DELETE FROM run_results WHERE run_id = 3; DELETE FROM run_entities WHERE run_id = 3; "
          "DELETE FROM runs WHERE id = 3");
  breaks = OpenOrFail(path)->CheckChain();
  REQUIRE(breaks.size() == 1);
  CHECK(breaks[0].kind == Store::ChainBreak::Kind::kRunMissing);
  CHECK(breaks[0].run == third);
  CHECK(breaks[0].previous == first);
}

TEST_CASE("a store of schema 2 is migrated: its runs stay complete and unsealed", "[store][seal]") {
  const std::string path = FreshPath("schema2_runs");
  OldStore(path, 2,
           "INSERT INTO runs (started_at, run_by, engine_version, as_of, "
           "options, rulesets, data_digest, verdicts) VALUES ('t', 'u', '0.1.0', '2020-01-01', '', "
           "'[]', '', 0)");
  auto store = OpenOrFail(path);
  CHECK(store->Info().schema_version == LatestSchemaVersion());
  const std::optional<Store::StoredRun> old = store->RunById(1);
  REQUIRE(old.has_value());
  CHECK(old->complete);
  CHECK_FALSE(old->seal.has_value());
  CHECK(store->CheckChain().empty());
  // The first run sealed after the migration starts the chain.
  const int64_t id = RecordAndSeal(*store, "{}");
  CHECK(store->RunById(id)->seal == 1);
  CHECK(store->CheckChain().empty());
}

namespace {
std::string StoredDigest(const std::string& path, int64_t run_id) {
  const std::vector<std::string> rows = RawRows(path, ("SELECT digest FROM runs WHERE id = " + std::to_string(run_id)).c_str());
  return rows.empty() ? "" : rows.front();
}
}  // namespace

// The digest an auditor can recompute from docs/store.md ("The seal of a run"), here by Python:
//   field(b) = str(len(b)) + ':' + b + '\n'
//   "vigie sealed run 2\n" + field of each quoted runs column: 1, '2026-01-01T00:00:00Z', 'tester',
//   '0.1.0', '2020-01-01', NULL, 'all contracts', '[]', 'd', 1, 'complete', '', '{}', 1, ''
//   + field("0") + field("080000615")                                    (run_entities)
//   + field of "c", "a", "2019", "M", pack('<I', 0), pack('<d', 61.0), pack('<d', 60.0)  (run_results)
//   sha256 = ab7a3bbd4c744b40e15f2135362fc70db1681bc8d3826991ed497c1f598845cc
TEST_CASE("a sealed run's digest is the documented one, computed independently", "[store][seal]") {
  const std::string path = FreshPath("seal_known_answer");
  {
    auto store = OpenOrFail(path);
    REQUIRE(RecordAndSeal(*store, "{}") == 1);
  }
  CHECK(StoredDigest(path, 1) == "ab7a3bbd4c744b40e15f2135362fc70db1681bc8d3826991ed497c1f598845cc");
}

// `vigie serve` hands out the reports the store holds: a run sealed by its report file's SHA-256
// keeps its report in that file, so it is not among them (its links would lead nowhere).
TEST_CASE("the sealed runs listed for download are those whose JSON report the store holds", "[store][seal]") {
  const std::string path = FreshPath("sealed_runs_listed");
  auto store = OpenOrFail(path);
  const int64_t in_store = RecordAndSeal(*store, "{\"run\": 1}");
  RecordAndSeal(*store, Store::ReportSeal(std::string(64, 'a')));
  const int64_t newest = RecordAndSeal(*store, "{\"run\": 3}");
  const std::vector<Store::SealedRunInfo> listed = store->SealedRuns();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == newest);
  CHECK(listed[1].id == in_store);
  CHECK(store->SealedRuns(std::vector<std::string>{"080000615"}).size() == 2);
  CHECK(store->SealedRuns(std::vector<std::string>{"510000516"}).empty());
}

// A run recorded by schema 3 (one row of run_verdicts) keeps the digest formula it was sealed with:
//   "vigie sealed run 1\n" + field of 1, 't', 'u', '0.1.0', '2020-01-01', NULL, '', '[]', '', 1,
//   'complete', '', '{}', 1, '' + field of 'c', 'a', '080000615', '2019', 'met', 61.0, 60.0
//   sha256 = e79f3804a0cd43cc49ca1fa5c81fcf7382ec29a6d699cff5287c78d66666ed62
TEST_CASE("a run recorded before schema 4 is sealed and checked with its own format", "[store][seal]") {
  const std::string path = FreshPath("schema3_run");
  OldStore(path, 3,
           "INSERT INTO runs (started_at, run_by, engine_version, as_of, "
           "options, rulesets, data_digest, verdicts, status) VALUES ('t', 'u', '0.1.0', '2020-01-01', "
           "'', '[]', '', 1, 'incomplete'); INSERT INTO run_verdicts VALUES (1, 'c', 'a', '080000615', "
           "'2019', 'met', 61.0, 60.0)");
  {
    auto store = OpenOrFail(path);
    StoreError error;
    REQUIRE(store->SealRun(1, "{}", error));
    CHECK(store->CheckChain().empty());
  }
  CHECK(StoredDigest(path, 1) == "e79f3804a0cd43cc49ca1fa5c81fcf7382ec29a6d699cff5287c78d66666ed62");
  RawExec(path, "UPDATE run_verdicts SET verdict = 'not_met'");
  const std::vector<Store::ChainBreak> breaks = OpenOrFail(path)->CheckChain();
  REQUIRE(breaks.size() == 1);
  CHECK(breaks[0].kind == Store::ChainBreak::Kind::kRunAltered);
}

TEST_CASE("a batch of values naming an unknown entity stores nothing, and the foreign keys stay on", "[store]") {
  // Apply writes values with SQLite's per-row foreign-key checks off and checks the batch's entities
  // once before the commit: the refusal must be the one SQLite gave, and nothing written.
  const std::string path = FreshPath("unknown_entity");
  auto store = OpenOrFail(path);
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(Batch("a.csv", 39.17, "2026-01-01T00:00:00Z"), result, error));
  const std::string before = store->ContentDigest();

  ImportBatch bad;
  bad.record = ImportRecord{"values", "b.csv", "sha-b", "2026-01-02T00:00:00Z", "tester", "", 3, 0};
  bad.values.push_back(ValueRow{"080000615", "P12", "2020", 41.0, "", "percent", "", 2, 5});
  bad.values.push_back(ValueRow{"080000615", "P13", "2020", 3.0, "", "percent", "", 2, 6});
  bad.values.push_back(ValueRow{"999999999", "P12", "2020", 12.5, "", "percent", "", 3, 5});
  CHECK_FALSE(store->Apply(bad, result, error));
  CHECK(error.kind == StoreError::Kind::kFailed);
  CHECK(error.message == "storing P12 2020 of 999999999 failed in the store '" + path +
                             "': FOREIGN KEY constraint failed");
  CHECK(store->ContentDigest() == before);

  // An entity's legal entity, a membership and an evidence are checked the same way.
  ImportBatch member;
  member.record = ImportRecord{"groups", "g.csv", "sha-g", "2026-01-03T00:00:00Z", "tester", "", 1, 0};
  member.memberships.push_back(MembershipRow{"GHT_X", "080000615", std::string("2019-01-01"), std::nullopt, 2});
  member.values = bad.values;
  member.values.pop_back();
  CHECK_FALSE(store->Apply(member, result, error));
  CHECK(error.message == "storing the membership of 080000615 in GHT_X failed in the store '" + path +
                             "': FOREIGN KEY constraint failed");
  CHECK(store->ContentDigest() == before);

  // A write without values keeps SQLite's own checks: they are on again after the refused batch.
  ImportBatch legal;
  legal.record = ImportRecord{"entities", "e.csv", "sha-e", "2026-01-04T00:00:00Z", "tester", "", 1, 0};
  legal.entities.push_back(EntityRow{"080000616", "establishment", "SITE", "999999998"});
  CHECK_FALSE(store->Apply(legal, result, error));
  CHECK(error.message.find("FOREIGN KEY constraint failed") != std::string::npos);
  CHECK(store->ContentDigest() == before);

  // The good values of the batch are stored once the unknown entity is left out.
  bad.values.pop_back();
  REQUIRE(store->Apply(bad, result, error));
  CHECK(result.stored == 2);
}

TEST_CASE("an in-memory store is emptied to be used again; a store on disk never is", "[store]") {
  // vigie serve checks each declaration in a scratch store it keeps (serve/scratch_stores.h).
  auto scratch = OpenOrFail(":memory:");
  const std::string empty = scratch->ContentDigest();
  ApplyResult result;
  StoreError error;
  REQUIRE(scratch->Apply(Batch("a.csv", 39.17, "2026-01-01T00:00:00Z"), result, error));
  const auto first = result.stored;
  CHECK(scratch->ContentDigest() != empty);
  REQUIRE(scratch->EmptyInMemory(error));
  CHECK(scratch->ContentDigest() == empty);
  CHECK(scratch->EntityIds().empty());
  // SQLite's foreign-key checks are on again after it: an entity of an unknown legal entity is refused.
  ImportBatch legal;
  legal.record = ImportRecord{"entities", "e.csv", "sha-e", "2026-01-04T00:00:00Z", "tester", "", 1, 0};
  legal.entities.push_back(EntityRow{"080000616", "establishment", "SITE", "999999998"});
  CHECK_FALSE(scratch->Apply(legal, result, error));
  CHECK(error.message.find("FOREIGN KEY constraint failed") != std::string::npos);
  // Its schema is kept: the same batch goes in again, as into a new store.
  ApplyResult again;
  REQUIRE(scratch->Apply(Batch("a.csv", 39.17, "2026-01-01T00:00:00Z"), again, error));
  CHECK(again.stored == first);
  CHECK(again.unchanged == 0);  // nothing of the first batch was left to compare with

  const std::string path = FreshPath("not_scratch");
  auto store = OpenOrFail(path);
  REQUIRE(store->Apply(Batch("a.csv", 39.17, "2026-01-01T00:00:00Z"), result, error));
  const std::string before = store->ContentDigest();
  CHECK_FALSE(store->EmptyInMemory(error));
  CHECK(error.message == "'" + path + "' is not a scratch store; it was left as it was");
  CHECK(store->ContentDigest() == before);
}

TEST_CASE("a store of schema 7 is migrated to integer keys: every value kept, with its id and history", "[store]") {
  const std::string path = FreshPath("schema7_values");
  // Two imports: P12 2019 of 080000615 corrected by the second (row 1 superseded by row 3).
  OldStore(path, 7,
           "INSERT INTO imports (id, kind, file_name, sha256, imported_at, imported_by, options, rows_read, "
           "rows_stored, rows_rejected, rows_unchanged) VALUES "
           "(1, 'values', 'a.csv', 'h1', '2026-01-01T00:00:00Z', 'tester', '', 2, 3, 0, 0),"
           "(2, 'values', 'b.csv', 'h2', '2026-02-01T00:00:00Z', 'tester', '', 1, 1, 0, 0);"
           "INSERT INTO entities (id, kind, name, import_id) VALUES ('750000001', 'establishment', 'B', 1),"
           "('080000615', 'establishment', 'A', 1);"
           "INSERT INTO indicator_values (id, entity_id, indicator, period, value, missing_code, unit, note, "
           "import_id, source_row, source_column, recorded_at, superseded_by, superseded_at) VALUES "
           "(1, '080000615', 'P12', '2019', 55.5, NULL, 'percent', '', 1, 2, 5, '2026-01-01T00:00:00Z', 3, "
           "'2026-02-01T00:00:00Z'),"
           "(2, '750000001', 'RH8', '2019', NULL, '.z', 'percent', '', 1, 3, 9, '2026-01-01T00:00:00Z', NULL, NULL),"
           "(4, '080000615', 'RH8', '2018', 12, NULL, 'number', 'a : 12', 1, 2, 9, '2026-01-01T00:00:00Z', "
           "NULL, NULL),"
           "(3, '080000615', 'P12', '2019', 57, NULL, 'percent', '', 2, 2, 5, '2026-02-01T00:00:00Z', NULL, NULL);");
  // What the runs of schema 7 recorded as their data's digest (Store::ValuesDigest), computed on the old table.
  std::string digest_text;
  for (const std::string& row : RawRows(path, "SELECT id, entity_id, indicator, period, quote(value), "
                                              "coalesce(missing_code, ''), import_id FROM indicator_values ORDER BY id")) {
    digest_text += row + "\n";
  }
  const std::vector<std::string> before = RawRows(path, "SELECT * FROM indicator_values ORDER BY id");

  auto store = OpenOrFail(path);
  CHECK(store->Info().schema_version == 8);
  // Every row, with its id, texts, provenance and supersession: the view gives the old table's columns.
  CHECK(RawRows(path, "SELECT * FROM indicator_values_text ORDER BY id") == before);
  CHECK(store->ValuesDigest({1, 2, 3, 4}) == vigie::Sha256Hex(digest_text));
  // Each text numbered once, in the order of its first row.
  CHECK(RawRows(path, "SELECT key, entity_id FROM value_entities ORDER BY key") ==
        std::vector<std::string>{"1|080000615", "2|750000001"});
  CHECK(RawRows(path, "SELECT key, name FROM value_indicators ORDER BY key") == std::vector<std::string>{"1|P12", "2|RH8"});
  CHECK(RawRows(path, "SELECT key, name FROM value_periods ORDER BY key") == std::vector<std::string>{"1|2019", "2|2018"});
  CHECK(RawRows(path, "SELECT name FROM sqlite_master WHERE name LIKE 'indicator_values%' ORDER BY name") ==
        std::vector<std::string>{"indicator_values", "indicator_values_current", "indicator_values_superseded",
                                 "indicator_values_text"});
  const auto history = store->History("080000615", "P12");
  REQUIRE(history.size() == 2);
  CHECK(history[0].id == 1);
  CHECK(history[0].superseded_at == std::optional<std::string>("2026-02-01T00:00:00Z"));
  CHECK(history[1].id == 3);
  CHECK(history[1].file_name == "b.csv");
  std::vector<std::string> current;
  store->ForEachValue({}, "", [&](const Store::CurrentValue& v) {
    current.push_back(std::to_string(v.id) + " " + std::string(v.entity) + " " + std::string(v.indicator) + " " +
                      std::string(v.period) + " " + std::string(v.missing_code) + " " + std::to_string(v.entity_key));
  });
  std::sort(current.begin(), current.end());
  CHECK(current == std::vector<std::string>{"2 750000001 RH8 2019 .z 2", "3 080000615 P12 2019  1", "4 080000615 RH8 2018  1"});
  std::vector<int64_t> as_stood;
  store->ForEachValue({"P12"}, "2026-01-15T00:00:00Z", [&](const Store::CurrentValue& v) { as_stood.push_back(v.id); });
  CHECK(as_stood == std::vector<int64_t>{1});
  // A correction after the migration supersedes the migrated row, and numbers nothing new.
  ImportBatch batch = Batch("c.csv", 58.0, "2026-03-01T00:00:00Z");
  batch.entities.clear();
  batch.values.pop_back();
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(batch, result, error));
  CHECK(result.superseded == 1);
  CHECK(RawRows(path, "SELECT id, superseded_by, superseded_at FROM indicator_values WHERE id = 3") ==
        std::vector<std::string>{"3|5|2026-03-01T00:00:00Z"});
  CHECK(RawRows(path, "SELECT count(*) FROM value_entities") == std::vector<std::string>{"2"});
  CHECK(store->ValueAt("080000615", "P12", "2019")->value == std::optional<double>(58.0));
}

TEST_CASE("the reads of values use the integer index (EXPLAIN QUERY PLAN)", "[store]") {
  const std::string path = FreshPath("query_plans");
  { auto store = OpenOrFail(path); }
  auto plan = [&](const char* sql) {
    std::string text;
    for (const std::string& row : RawRows(path, (std::string("EXPLAIN QUERY PLAN ") + sql).c_str())) text += row + "\n";
    return text;
  };
  // History: the entity and the indicator found by their texts, then the rows through both indexes.
  const std::string history = plan("SELECT id FROM indicator_values_text WHERE entity_id = 'x' AND indicator = 'y' AND "
                                   "superseded_at IS NULL");
  CHECK(history.find("USING INDEX indicator_values_current (entity_key=? AND indicator_key=?)") != std::string::npos);
  CHECK(history.find("SCAN") == std::string::npos);
  const std::string past = plan("SELECT id FROM indicator_values_text WHERE entity_id = 'x' AND indicator = 'y' AND "
                                "superseded_at IS NOT NULL");
  CHECK(past.find("USING INDEX indicator_values_superseded (entity_key=? AND indicator_key=?)") != std::string::npos);
  CHECK(past.find("SCAN") == std::string::npos);
  // What a batch may correct: one entity's rows of one period, of the batch's indicators (their keys
  // written in the query): one seek per indicator, the whole key.
  const std::string correct = plan("SELECT id FROM indicator_values WHERE entity_key = 1 AND indicator_key IN (3,5,8) AND "
                                   "period_key = 2 AND superseded_at IS NULL");
  CHECK(correct.find("USING INDEX indicator_values_current (entity_key=? AND indicator_key=? AND period_key=?)") !=
        std::string::npos);
}

TEST_CASE("values are written 64 to a statement with the ids of the batch's order; a refused row is named", "[store]") {
  // ValueInserter: 150 new values are two statements of 64 and 22 single rows; a correction in the
  // middle is written alone after the rows before it. The ids follow the batch's order whatever the
  // grouping, and a row SQLite refuses inside a group is the one the message names.
  const std::string path = FreshPath("grouped_values");
  auto store = OpenOrFail(path);
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(Batch("a.csv", 39.17, "2026-01-01T00:00:00Z"), result, error));  // ids 1 (P12), 2 (RH8)

  ImportBatch many;
  many.record = ImportRecord{"values", "many.csv", "sha-many", "2026-01-02T00:00:00Z", "tester", "", 150, 0};
  std::vector<std::string> indicators;
  for (int i = 0; i < 150; ++i) indicators.push_back("I" + std::to_string(i));
  for (int i = 0; i < 150; ++i) {
    many.values.push_back(ValueRow{"080000615", indicators[i], "2020", double(i), "", "count", "", i + 2, 3});
    // the 100th row corrects P12 2019 (39.17 -> 40): written alone, between rows 99 and 101
    if (i == 99) many.values.push_back(ValueRow{"080000615", "P12", "2019", 40.0, "", "percent", "", 500, 5});
  }
  REQUIRE(store->Apply(many, result, error));
  CHECK(result.stored == 151);
  CHECK(result.superseded == 1);
  const std::vector<std::string> rows = RawRows(
      path, "SELECT id, indicator, period, value, source_row, superseded_by FROM indicator_values_text "
            "WHERE id IN (1, 3, 66, 67, 102, 103, 104, 153) ORDER BY id");
  CHECK(rows == std::vector<std::string>{"1|P12|2019|39.17|2|103", "3|I0|2020|0.0|2|NULL", "66|I63|2020|63.0|65|NULL",
                                         "67|I64|2020|64.0|66|NULL", "102|I99|2020|99.0|101|NULL",
                                         "103|P12|2019|40.0|500|NULL", "104|I100|2020|100.0|102|NULL",
                                         "153|I149|2020|149.0|151|NULL"});

  // A row given twice inside one group of 64: SQLite refuses the group, the rows are written again
  // one by one to name the second, and nothing of the batch stays.
  const std::string before = store->ContentDigest();
  ImportBatch twice;
  twice.record = ImportRecord{"values", "twice.csv", "sha-twice", "2026-01-03T00:00:00Z", "tester", "", 70, 0};
  for (int i = 0; i < 70; ++i) {
    twice.values.push_back(ValueRow{"080000615", indicators[i], "2021", double(i), "", "count", "", i + 2, 3});
  }
  twice.values[40].indicator = "I7";
  CHECK_FALSE(store->Apply(twice, result, error));
  CHECK(error.message == "storing I7 2021 of 080000615 failed in the store '" + path +
                             "': UNIQUE constraint failed: indicator_values.entity_key, indicator_values.indicator_key, "
                             "indicator_values.period_key");
  CHECK(store->ContentDigest() == before);

  // The statement stops at the refused row (OR FAIL) and the rows written before it are counted:
  // the row named is the refused one wherever it falls in its group (first, last, a later group),
  // and the rows its statement wrote before it are rolled back with the rest.
  for (const auto& [refused, copied] : std::vector<std::pair<int, int>>{{64, 3}, {127, 64}, {63, 0}, {1, 0}}) {
    INFO("row " << refused << " repeats row " << copied);
    ImportBatch again;
    again.record = ImportRecord{"values", "again.csv", "sha-again", "2026-01-03T00:00:00Z", "tester", "", 150, 0};
    for (int i = 0; i < 150; ++i) {
      again.values.push_back(ValueRow{"080000615", indicators[i], "2022", double(i), "", "count", "", i + 2, 3});
    }
    again.values[refused].indicator = indicators[copied];
    CHECK_FALSE(store->Apply(again, result, error));
    CHECK(error.message == "storing " + again.values[refused].indicator + " 2022 of 080000615 failed in the store '" +
                               path + "': UNIQUE constraint failed: indicator_values.entity_key, "
                               "indicator_values.indicator_key, indicator_values.period_key");
    CHECK(store->ContentDigest() == before);
  }
}

TEST_CASE("a write the disk refuses names no row and the store is unchanged", "[store]") {
  // Review of s11-store: with INSERT OR FAIL, only a constraint stops a statement at a row; a full
  // disk (here the file size limit of a child process) refused no row, and none may be named.
  const std::string path = FreshPath("disk_refuses");
  std::string before;
  {
    auto store = OpenOrFail(path);
    ApplyResult result;
    StoreError error;
    REQUIRE(store->Apply(Batch("a.csv", 39.17, "2026-01-01T00:00:00Z"), result, error));
    before = store->ContentDigest();
  }
  int pipe_ends[2];
  REQUIRE(pipe(pipe_ends) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // no Catch2 here: what happened goes to the parent through the pipe
    std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing
    rlimit limit{};
    limit.rlim_cur = limit.rlim_max = 256 * 1024;  // the WAL cannot grow past 256 KiB
    setrlimit(RLIMIT_FSIZE, &limit);
    // The store's own writer (ValueInserter) on a connection whose page cache is small, so that the
    // inserts spill pages to the WAL inside the transaction (the store's 64 MiB cache would wait for
    // the commit, where Apply says "finishing the import failed").
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA cache_size = 8; BEGIN", nullptr, nullptr, nullptr);
    std::vector<ValueRow> rows;
    for (int i = 0; i < 20000; ++i) {
      rows.push_back(ValueRow{"080000615", "I" + std::to_string(i), "2020", double(i), "", "count", "", i + 2, 3});
    }
    std::string said = "every row written";
    {
      internal::ValueInserter insert(db, 1, "2026-01-02T00:00:00Z");
      for (int i = 0; i < 20000; ++i) {
        if (insert.Add(rows[i], internal::ValueKey{1, 1000 + i, 1})) continue;
        said = "stopped at row " + std::to_string(i) + " (SQLite error " + std::to_string(sqlite3_errcode(db) & 0xff) +
               "), named: " + (insert.Failed() ? insert.Failed()->indicator : std::string("none"));
        break;
      }
    }
    (void)!write(pipe_ends[1], said.data(), said.size());
    _exit(0);  // the transaction never committed
  }
  close(pipe_ends[1]);
  std::string said;
  char buffer[512];
  for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof buffer)) > 0;) said.append(buffer, static_cast<size_t>(n));
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  INFO(said);
  CHECK(said.rfind("stopped at row ", 0) == 0);
  // SQLITE_FULL (13) or SQLITE_IOERR (10): no row refused, none named
  CHECK((said.find("(SQLite error 13)") != std::string::npos || said.find("(SQLite error 10)") != std::string::npos));
  CHECK(said.find("named: none") != std::string::npos);
  CHECK(OpenOrFail(path)->ContentDigest() == before);
}

TEST_CASE("an import SQLite cannot write for want of memory names no row and stores nothing", "[store]") {
  // Store::Apply end to end: SQLite runs out of its heap (a hard limit, in a child process) while
  // the values are inserted; no row was refused, so the message names none ("writing the values").
  const std::string path = FreshPath("apply_no_memory");
  std::string before;
  {
    auto store = OpenOrFail(path);
    ApplyResult result;
    StoreError error;
    REQUIRE(store->Apply(Batch("a.csv", 39.17, "2026-01-01T00:00:00Z"), result, error));
    before = store->ContentDigest();
  }
  int pipe_ends[2];
  REQUIRE(pipe(pipe_ends) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // no Catch2 here: the message goes to the parent through the pipe
    sqlite3_shutdown();  // no connection is open here: SQLite counts its memory from now on
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
    StoreError error;
    auto store = Store::Open(path, {}, error);
    ImportBatch big;
    big.record = ImportRecord{"values", "big.csv", "sha-big", "2026-01-02T00:00:00Z", "tester", "", 200000, 0};
    // 200 indicators x 1,000 periods: the keys (1,200 small rows) are written first and fit; the
    // 200,000 values do not.
    for (int i = 0; i < 200000; ++i) {
      big.values.push_back(ValueRow{"080000615", "I" + std::to_string(i % 200), std::to_string(1000 + i / 200), double(i),
                                    "", "count", "", i + 2, 3});
    }
    sqlite3_hard_heap_limit64(sqlite3_memory_used() + 4 * 1024 * 1024);  // 4 MiB more for the write
    ApplyResult result;
    const bool applied = store != nullptr && store->Apply(big, result, error);
    const std::string said = applied ? std::string("applied") : error.message;
    (void)!write(pipe_ends[1], said.data(), said.size());
    _exit(0);
  }
  close(pipe_ends[1]);
  std::string said;
  char buffer[512];
  for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof buffer)) > 0;) said.append(buffer, static_cast<size_t>(n));
  close(pipe_ends[0]);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(said == "writing the values failed in the store '" + path + "': out of memory");
  CHECK(OpenOrFail(path)->ContentDigest() == before);
}

namespace {
// A load's rows on one line each (id, keys' texts, value's bits or code), parts joined in order.
std::vector<std::string> LoadedRows(const Store::ValueLoad& load) {
  std::vector<std::string> out;
  for (const auto& part : load.parts) {
    for (const Store::LoadedValue& row : part) {
      out.push_back(std::to_string(row.id) + "|" + load.entities[row.entity_key] + "|" + load.indicators[row.indicator_key] +
                    "|" + load.periods[row.period_key] + "|" +
                    (std::isnan(row.value) ? "NaN" : std::to_string(row.value)) + "|" +
                    (row.missing_code < 0 ? "-" : load.missing_codes[row.missing_code]));
    }
  }
  return out;
}

// The same lines from a plain SELECT of the view's rows (docs/store.md), on a connection of its own.
std::vector<std::string> SelectedRows(const std::string& path, const std::vector<std::string>& wanted,
                                      const std::string& as_stood_on) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string sql = "SELECT id, entity_id, indicator, period, value, missing_code FROM indicator_values_text WHERE " +
                    std::string(as_stood_on.empty() ? "superseded_at IS NULL"
                                                    : "recorded_at <= ?1 AND (superseded_at IS NULL OR superseded_at > ?1)");
  if (!wanted.empty()) {
    sql += " AND indicator IN (";
    for (size_t k = 0; k < wanted.size(); ++k) sql += (k ? ",'" : "'") + wanted[k] + "'";
    sql += ")";
  }
  sql += " ORDER BY id";
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &query, nullptr) == SQLITE_OK);
  if (!as_stood_on.empty()) sqlite3_bind_text(query, 1, as_stood_on.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::string> out;
  auto text = [&](int column) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(query, column))); };
  while (sqlite3_step(query) == SQLITE_ROW) {
    const bool missing = sqlite3_column_type(query, 4) == SQLITE_NULL;
    const std::string code = missing ? text(5) : "";
    out.push_back(text(0) + "|" + text(1) + "|" + text(2) + "|" + text(3) + "|" +
                  (missing ? "NaN" : std::to_string(sqlite3_column_double(query, 4))) + "|" + (code.empty() ? "-" : code));
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  return out;
}
}  // namespace

// A store edited by hand: an id near 2^62 (ids are otherwise numbered from 1). The load sized each
// part's rows by its range of ids (a reserve of 2^62 rows threw: every run stopped) and cut the
// range into parts by largest × part, which overflowed from three parts on.
TEST_CASE("a load reads a store whose ids lie far apart, on one connection or several", "[store]") {
  Corrected corrected = CorrectedStore("far_ids");
  const std::string path = (fs::temp_directory_path() / "vigie_store_test" / "far_ids.db").string();
  RawExec(path, ("UPDATE indicator_values SET id = 4611686018427387904 WHERE id = " + std::to_string(corrected.missing.id)).c_str());
  const std::vector<std::string> selected = SelectedRows(path, {}, "");
  REQUIRE(selected.size() == 2);  // P12's current row and RH8's
  for (int threads : {1, 2, 3, 4}) {
    const Store::ValueLoad load = corrected.store->LoadValues({}, "", threads);
    CHECK(LoadedRows(load) == selected);
  }
  // Every id at or below 0 (ids are otherwise numbered from 1): the first part began above 0, so
  // no value was loaded, and the run said every one was missing.
  RawExec(path, "UPDATE indicator_values SET id = id - 4611686018427388904");
  const std::vector<std::string> below = SelectedRows(path, {}, "");
  REQUIRE(below.size() == 2);
  for (int threads : {1, 2, 3, 4}) {
    const Store::ValueLoad load = corrected.store->LoadValues({}, "", threads);
    CHECK(LoadedRows(load) == below);
  }
}

TEST_CASE("a large load read in parts on several connections gives the rows of one load, in the same order", "[store]") {
  // 210,000 values (two parts of 100,000 rows at least): 700 entities x 100 indicators x 3 years, some
  // missing with codes seen in another order by each part, then a correction of 1,000 of them.
  const std::string path = FreshPath("load_in_parts");
  auto store = OpenOrFail(path);
  ImportBatch first;
  first.record = ImportRecord{"values", "big.csv", "sha-big", "2026-01-01T00:00:00Z", "tester", "", 210000, 0};
  std::vector<std::string> entities, indicators;
  for (int e = 0; e < 700; ++e) entities.push_back("E" + std::to_string(100000 + e));
  for (int i = 0; i < 100; ++i) indicators.push_back("I" + std::to_string(i));
  for (const std::string& id : entities) first.entities.push_back(EntityRow{id, "establishment", id, ""});
  int64_t line = 1;
  for (const std::string& entity : entities) {
    for (const std::string& indicator : indicators) {
      for (const char* year : {"2019", "2020", "2021"}) {
        ++line;
        std::optional<double> value = double(line % 997) / 8;
        std::string code;
        if (line % 101 == 0) value.reset(), code = line < 150000 ? ".c" : "NA";
        if (line % 103 == 0) value.reset(), code = line < 150000 ? "NA" : "";
        first.values.push_back(ValueRow{entity, indicator, year, value, code, "ratio", "", line, 4});
      }
    }
  }
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(first, result, error));
  REQUIRE(result.stored == 210700);  // and the 700 entities
  ImportBatch second;
  second.record = ImportRecord{"values", "fix.csv", "sha-fix", "2026-02-01T00:00:00Z", "tester", "", 1000, 0};
  for (int k = 0; k < 1000; ++k) {
    second.values.push_back(ValueRow{entities[k % 700], indicators[k / 700 + 50], "2020", 1000.0 + k, "", "ratio", "", k + 2, 4});
  }
  REQUIRE(store->Apply(second, result, error));
  REQUIRE(result.superseded == 1000);

  for (const std::string& as_stood_on : {std::string(), std::string("2026-01-15T00:00:00Z")}) {
    for (const std::vector<std::string>& wanted : {std::vector<std::string>{}, std::vector<std::string>{"I3", "I50"}}) {
      const Store::ValueLoad one = store->LoadValues(wanted, as_stood_on, 1);
      // Three threads asked, two parts: a part has 100,000 rows at least.
      const Store::ValueLoad parts = store->LoadValues(wanted, as_stood_on, 3);
      REQUIRE(one.parts.size() == 1);
      REQUIRE(parts.parts.size() == 2);
      CHECK(!parts.parts[1].empty());
      CHECK(LoadedRows(parts) == LoadedRows(one));
      CHECK(parts.missing_codes == one.missing_codes);
      // Value for value what a plain SELECT gives: 700 x 100 x 3 = 210,000 rows now (the 1,000
      // corrections replace 1,000 rows of I50-I51) and on 2026-01-15 (the first import's, before the
      // corrections of 2026-02-01); "I3" and "I50": 2 x 700 x 3 = 4,200 rows.
      const std::vector<std::string> selected = SelectedRows(path, wanted, as_stood_on);
      CHECK(selected.size() == (wanted.empty() ? 210000u : 4200u));
      CHECK(LoadedRows(one) == selected);
      // A store opened read only reads in parts too (as vigie_bench_eval's (a) opens it).
      OpenOptions read_only;
      read_only.create = false;
      read_only.read_only = true;
      const Store::ValueLoad from_read_only = OpenOrFail(path, read_only)->LoadValues(wanted, as_stood_on, 3);
      CHECK(from_read_only.parts.size() == 2);
      CHECK(LoadedRows(from_read_only) == selected);
    }
  }
  const Store::ValueLoad now = store->LoadValues({}, "", 2);
  CHECK(LoadedRows(now).size() == 210000);
  CHECK(now.missing_codes == std::vector<std::string>{".c", "NA"});  // line 101 (.c), then line 103 (NA)

  // No parts inside a read transaction of this connection (its state is the one to read). While
  // another program writes, its rows are not committed: the parts all read the committed state.
  const std::vector<std::string> expected = LoadedRows(now);
  REQUIRE(store->BeginRead(error));
  CHECK(store->LoadValues({}, "", 2).parts.size() == 1);
  store->EndRead();
  sqlite3* writer = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &writer) == SQLITE_OK);
  REQUIRE(sqlite3_exec(writer, "BEGIN IMMEDIATE; UPDATE indicator_values SET value = 0 WHERE id <= 1000 AND value IS NOT NULL", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  const Store::ValueLoad during_write = store->LoadValues({}, "", 2);
  CHECK(during_write.parts.size() == 2);
  CHECK(LoadedRows(during_write) == expected);
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);

  // Another file put in the store's place (a restore, a move): the parts' connections would open it
  // by its path, so the load stays on this store's own connection and reads this store's rows.
  const std::string other = FreshPath("load_in_parts_other");
  {
    auto other_store = OpenOrFail(other);
    ImportBatch few;
    few.record = ImportRecord{"values", "few.csv", "sha-few", "2026-03-01T00:00:00Z", "tester", "", 1, 0};
    few.entities.push_back(EntityRow{"E1", "establishment", "E1", ""});
    few.values.push_back(ValueRow{"E1", "I0", "2019", 1.0, "", "ratio", "", 2, 4});
    REQUIRE(other_store->Apply(few, result, error));
  }
  // The store's write-ahead log emptied first, so that a connection opened by the path reads the new
  // file alone (a stale log of the old file would show it its pages).
  REQUIRE(sqlite3_open(path.c_str(), &writer) == SQLITE_OK);
  REQUIRE(sqlite3_exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(writer);
  std::filesystem::rename(other, path);
  std::filesystem::remove(path + "-wal");  // a restore brings the file alone
  std::filesystem::remove(path + "-shm");
  const Store::ValueLoad after_replace = store->LoadValues({}, "", 2);
  CHECK(after_replace.parts.size() == 1);
  CHECK(LoadedRows(after_replace) == expected);
}

namespace {

// The number of a page of the table's leaves (not its root, not its last): one in the middle.
int64_t MiddleLeafPage(const std::string& path, const char* table) {
  const std::vector<std::string> leaves = RawRows(
      path, (std::string("SELECT pageno FROM dbstat WHERE name = '") + table + "' AND pagetype = 'leaf' ORDER BY pageno").c_str());
  REQUIRE(leaves.size() > 4);
  return std::stoll(leaves[leaves.size() / 2]);
}

// Writes 0xFF over the first byte of page `page` (1-based): its b-tree page type, which SQLite then
// finds malformed when a read reaches the page.
void DamagePage(const std::string& path, int64_t page, int64_t page_size) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(file);
  file.seekp((page - 1) * page_size);
  file.put(static_cast<char>(0xFF));
  REQUIRE(file);
}

}  // namespace

namespace {

// A store of 21,000 values over many pages (700 establishments of group ALL x I0..I9 x 2019-2021),
// closed (its WAL copied into the file); the contract that reads I3 of them.
void ManyValuesStore(const std::string& path) {
  std::vector<std::string> entities;
  for (int n = 0; entities.size() < 700; ++n) {  // FINESS numbers whose Luhn key checks
    const std::string id = "0100" + std::to_string(10000 + n);
    if (vigie::CheckFiness(id).problem == vigie::FinessProblem::kNone) entities.push_back(id);
  }
  auto store = OpenOrFail(path);
  ImportBatch batch;
  batch.record = ImportRecord{"values", "many.csv", "sha-many", "2026-01-01T00:00:00Z", "tester", "", 21000, 0};
  batch.entities.push_back(EntityRow{"ALL", "group", "every entity", ""});
  int64_t line = 1;
  for (const std::string& entity : entities) {
    batch.entities.push_back(EntityRow{entity, "establishment", entity, ""});
    batch.memberships.push_back(MembershipRow{"ALL", entity, std::nullopt, std::nullopt, 0});
    for (int i = 0; i < 10; ++i) {
      for (const char* year : {"2019", "2020", "2021"}) {
        ++line;
        batch.values.push_back(ValueRow{entity, "I" + std::to_string(i), year, double(line) / 4, "", "ratio", "", line, 4});
      }
    }
  }
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(batch, result, error));
  REQUIRE(store->LoadValues({}, "", 1).parts.at(0).size() == 21000);
}
constexpr const char* kManyValuesContract =
    "indicator I3 \"I3\" { unit ratio  period year }\n"
    "contract c \"C\" {\n  kind other\n  period 2019..2021\n  parties group ALL\n"
    "  commitment a {\n    for each member\n    indicator I3\n    target <= 100\n  }\n}\n";

// ManyValuesStore in a folder of its own (removed at the end), the page `page_of(path)` damaged.
struct DamagedStore {
  fs::path dir;
  std::string path;
  DamagedStore(const std::string& name, const std::function<int64_t(const std::string&)>& page_of)
      : dir(fs::temp_directory_path() / (name + std::to_string(::getpid()))), path((dir / "vigie.db").string()) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    ManyValuesStore(path);
    DamagePage(path, page_of(path), std::stoll(RawRows(path, "PRAGMA page_size").at(0)));
  }
  ~DamagedStore() { fs::remove_all(dir); }
};

}  // namespace

// Store::OriginsOf read in parts on several connections (a campaign's origins): the same rows,
// imports and digest as a read on one thread.
namespace {
// 216,000 values (two parts of 100,000 rows at least) in three imports of 72,000, some missing with
// a code or without one, then a correction of 1,000 of them (a fourth import), then, by hand, a
// text value and an integer one (which SQLite's quote() writes for the digest).
void FillStore(Store& store, const std::string& path) {
  std::vector<std::string> entities, indicators;
  for (int e = 0; e < 600; ++e) entities.push_back("E" + std::to_string(100000 + e));
  for (int i = 0; i < 120; ++i) indicators.push_back("I" + std::to_string(i));
  ApplyResult result;
  StoreError error;
  for (const char* year : {"2019", "2020", "2021"}) {
    ImportBatch batch;
    batch.record = ImportRecord{"values", std::string("v") + year + ".csv", std::string("sha-") + year,
                                std::string(year) + "-06-01T00:00:00Z", "tester", "", 72000, 0};
    for (const std::string& id : entities) batch.entities.push_back(EntityRow{id, "establishment", id, ""});
    int64_t line = 1;
    for (const std::string& entity : entities) {
      for (const std::string& indicator : indicators) {
        ++line;
        std::optional<double> value = double(line % 997) / 8 + 0.1;
        std::string code;
        if (line % 101 == 0) value.reset(), code = ".c";
        if (line % 103 == 0) value.reset(), code = "";
        batch.values.push_back(ValueRow{entity, indicator, year, value, code, "ratio", "", line, 3 + line % 5});
      }
    }
    REQUIRE(store.Apply(batch, result, error));
  }
  ImportBatch fix;
  fix.record = ImportRecord{"values", "fix.csv", "sha-fix", "2022-01-01T00:00:00Z", "tester", "", 1000, 0};
  for (int k = 0; k < 1000; ++k) {
    fix.values.push_back(ValueRow{entities[static_cast<size_t>(k % 600)], indicators[static_cast<size_t>(k / 600 + 50)],
                                  "2020", 1000.0 + k, "", "ratio", "", k + 2, 4});
  }
  REQUIRE(store.Apply(fix, result, error));
  REQUIRE(result.superseded == 1000);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "UPDATE indicator_values SET value = 'n/a' WHERE id IN (5, 150001);"
                       "UPDATE indicator_values SET value = 7 WHERE id IN (6, 150002);",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

// The digest's lines of the rows whose ids `where` keeps, made by SQLite alone (joins and quote()).
std::string DigestBySql(const std::string& path, const std::string& where) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const std::string sql =
      "SELECT v.id || '|' || e.entity_id || '|' || i.name || '|' || p.name || '|' || quote(v.value) || '|' || "
      "coalesce(v.missing_code, '') || '|' || v.import_id || char(10) FROM indicator_values v "
      "JOIN value_entities e ON e.key = v.entity_key JOIN value_indicators i ON i.key = v.indicator_key "
      "JOIN value_periods p ON p.key = v.period_key WHERE " + where + " ORDER BY v.id";
  sqlite3_stmt* query = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &query, nullptr) == SQLITE_OK);
  std::string lines;
  while (sqlite3_step(query) == SQLITE_ROW) lines += reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
  sqlite3_finalize(query);
  sqlite3_close(db);
  return vigie::Sha256Hex(lines);
}

// Two reads of origins give the same rows, in the same order, with the same imports.
void CheckSame(const ValueOrigins& one, const ValueOrigins& other) {
  CHECK(other.digest == one.digest);
  REQUIRE(other.imports.size() == one.imports.size());
  for (size_t i = 0; i < one.imports.size(); ++i) {
    CHECK(other.imports[i].import_id == one.imports[i].import_id);
    CHECK(other.imports[i].file_name == one.imports[i].file_name);
  }
  REQUIRE(other.rows.size() == one.rows.size());
  size_t unequal = 0;
  for (size_t i = 0; i < one.rows.size(); ++i) {
    const ValueOrigin &a = one.rows[i], &b = other.rows[i];
    if (a.id != b.id || a.row != b.row || a.column != b.column || a.import != b.import) ++unequal;
  }
  CHECK(unequal == 0);
}

}  // namespace

TEST_CASE("the origins of a campaign read in parts are those of one read, with the same digest", "[store]") {
  const std::string path = FreshPath("origins_in_parts");
  auto store = OpenOrFail(path);
  FillStore(*store, path);
  // Every row but each fiftieth (gaps: still dense; 212,660 rows, two parts), asked twice, with 0 and an id no row has.
  std::vector<int64_t> ids = {0, 217500};
  for (int64_t id = 1; id <= 217000; ++id) {
    if (id % 50 != 0) ids.push_back(id);
  }
  for (int64_t id = 3; id <= 217000; id += 1000) ids.push_back(id % 50 == 0 ? id + 1 : id);
  const ValueOrigins one = store->OriginsOf(ids, "", 1);
  REQUIRE(one.rows.size() == 217000 - 217000 / 50);
  CHECK(one.imports.size() == 4);
  CHECK(one.digest == DigestBySql(path, "v.id % 50 != 0"));
  CHECK(one.Find(5) != nullptr);

  // Two parts (three threads asked: a part has 100,000 rows at least) are the same read; from a
  // read-only store, and on one connection in a caller's read transaction, too.
  CheckSame(one, store->OriginsOf(ids, "", 3));
  OpenOptions read_only;
  read_only.read_only = true;
  CheckSame(one, OpenOrFail(path, read_only)->OriginsOf(ids, "", 2));
  {
    const Store::ReadScope reading(*store);
    CheckSame(one, store->OriginsOf(ids, "", 2));
  }
  // Sparse ids (every thousandth) are looked up one by one, on one connection, whatever the threads.
  std::vector<int64_t> sparse;
  for (int64_t id = 1; id <= 217000; id += 1000) sparse.push_back(id);
  const ValueOrigins apart = store->OriginsOf(sparse, "", 2);
  CHECK(apart.rows.size() == sparse.size());
  CHECK(apart.digest == DigestBySql(path, "v.id % 1000 = 1"));
}

TEST_CASE("a damaged store is reported when a read reaches the damage, never read in part", "[store]") {
  // One leaf page of indicator_values in the middle is damaged. A load that stopped there handed
  // back the rows before it as if they were all (the run then judged the others "missing data").
  const DamagedStore damaged("vigie_damaged_store_", [](const std::string& path) { return MiddleLeafPage(path, "indicator_values"); });
  const fs::path& dir = damaged.dir;
  const std::string& path = damaged.path;
  for (bool read_only : {false, true}) {
    OpenOptions options;
    options.create = false;
    options.read_only = read_only;
    auto store = OpenOrFail(path, options);
    try {
      store->LoadValues({}, "", 1);
      FAIL("a load of the damaged store gave rows");
    } catch (const ReadError& error) {
      CHECK(std::string(error.what()) == "the store 'vigie.db' could not be read to the end: database disk image is malformed");
    }
    CHECK_THROWS_AS(store->LoadValues({"I3"}, "2026-06-01T00:00:00Z", 2), ReadError);
    // The origins of the values a run read: every id (one scan of their range) and every tenth (a lookup each).
    std::vector<int64_t> every(21000), tenth;
    for (int64_t id = 1; id <= 21000; ++id) every[static_cast<size_t>(id - 1)] = id;
    for (int64_t id = 1; id <= 21000; id += 10) tenth.push_back(id);
    CHECK_THROWS_AS(store->OriginsOf(every, ""), ReadError);
    CHECK_THROWS_AS(store->OriginsOf(tenth, ""), ReadError);
  }

  // vigie run says so, in French by default, and writes no report.
  const vigie::testing::InLanguage french(vigie::Language::kFrench);  // RunCli's --lang is process-wide
  std::ofstream(dir / "c.vigie") << kManyValuesContract;
  std::ostringstream out, err;
  const int code = vigie::cli::RunCli({"run", "--lang", "fr", "--store", path, "--as-of", "2022-06-30", "--report",
                                       (dir / "out").string(), (dir / "c.vigie").string()},
                                      out, err);
  CHECK(code == vigie::cli::kExitInternal);
  CHECK(err.str().find("la base vigie « vigie.db » n'a pas pu être lue jusqu'au bout : database disk image is malformed") !=
        std::string::npos);
  CHECK(err.str().find("restaurez la base depuis une copie") != std::string::npos);
  CHECK(!fs::exists(dir / "out" / "report.json"));
}

namespace {
// A store whose imports' page is damaged, which the load does not read and the values' origins do,
// and a run with its report as of 2022-06-30 to make on it.
struct DamagedImports {
  DamagedStore damaged;
  vigie::testing::CheckedModel checked{kManyValuesContract};
  std::unique_ptr<Store> store;
  vigie::driver::EvaluateOptions options;
  explicit DamagedImports(const std::string& name)
      : damaged(name, [](const std::string& path) {
          return std::stoll(RawRows(path, "SELECT rootpage FROM sqlite_master WHERE name = 'imports'").at(0));
        }),
        store(OpenOrFail(damaged.path)) {
    options.eval.as_of = *vigie::calendar::ParseDate("2022-06-30");
    options.build_report = true;
  }
};
}  // namespace

TEST_CASE("a read that fails inside a run leaves the store's connection in no transaction", "[store]") {
  // vigie serve records runs on its writer connection: a ReadError from the origins (here the
  // imports' page is damaged, which the load does not read) left that connection in the run's read
  // transaction, and every later write (a sign-in's session, an import) was refused.
  DamagedImports run("vigie_damaged_imports_");
  CHECK_THROWS_AS(vigie::driver::Evaluate(run.checked.model, *run.store, run.options), ReadError);
  StoreError error;
  CHECK(run.store->BeginRead(error));  // fails inside a transaction left open
  run.store->EndRead();
}

TEST_CASE("a run whose values' origins cannot be read is not recorded, its record begun or not", "[store][record]") {
  // The record begins beside the origins' read (its data digest asked for last): when that read
  // fails, its transaction is rolled back. No run is left without its digest, and the store takes
  // the next write.
  DamagedImports run("vigie_damaged_record_");
  run.options.eval.jobs = 2;
  run.options.record = vigie::driver::RecordOptions{"tests", "0.1.0", ""};
  const DamagedStore& damaged = run.damaged;
  const std::unique_ptr<Store>& store = run.store;
  try {
    vigie::driver::Evaluate(run.checked.model, *store, run.options);
    FAIL("the run was evaluated on a damaged store");
  } catch (const ReadError& error) {
    CHECK(std::string(error.what()) == "the store 'vigie.db' could not be read to the end: database disk image is malformed");
  }
  CHECK(RawRows(damaged.path, "SELECT count(*) FROM runs").at(0) == "0");
  CHECK(RawRows(damaged.path, "SELECT count(*) FROM run_results").at(0) == "0");
  StoreError error;
  CHECK(store->AbandonRun(1, "none", error));  // a write: the record's lock is gone
}
