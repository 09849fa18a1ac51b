// Store::OriginsOf read in parts on several connections (a campaign's origins): the same rows,
// imports and digest as a read on one thread.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/base/sha256.h"
#include "engine/store/store.h"

namespace fs = std::filesystem;
using namespace vigie::store;

namespace {

std::string FreshPath(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "vigie_origins_test";
  fs::create_directories(dir);
  const fs::path path = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return path.string();
}

std::unique_ptr<Store> OpenOrFail(const std::string& path, OpenOptions options = {}) {
  StoreError error;
  std::unique_ptr<Store> store = Store::Open(path, options, error);
  INFO(error.message);
  REQUIRE(store != nullptr);
  return store;
}

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
