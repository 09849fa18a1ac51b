// The store's checkpoints on a thread of their own (engine/store/internal/checkpointer.h).
#include "engine/store/internal/checkpointer.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "engine/store/internal/sqlite.h"
#include "tests/support/fresh_store_path.h"

using namespace vigie::store::internal;
namespace fs = std::filesystem;

namespace {

std::string FreshPath(const std::string& name) { return vigie::testing::FreshStorePath("vigie_checkpointer_test", name); }

// Commits `rows` blobs of 16 KiB (a page each, at least, with 4 KiB pages: four) in one transaction,
// without the automatic checkpoint; whether SQLite would have made one.
bool CommitBlobs(sqlite3* db, int rows) {
  REQUIRE(Exec(db, "BEGIN IMMEDIATE"));
  Statement insert(db, "INSERT INTO t (b) VALUES (zeroblob(16384))");
  for (int i = 0; i < rows; ++i) {
    insert.Reset();
    REQUIRE(insert.Step() == SQLITE_DONE);
  }
  CommitWithoutCheckpoint commit(db);
  REQUIRE(Exec(db, "COMMIT"));
  return commit.CheckpointDue();
}

}  // namespace

TEST_CASE("a commit that fills the WAL is copied into the file by the checkpoint thread, not by the commit", "[store]") {
  const std::string path = FreshPath("thread");
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(Exec(db, "PRAGMA journal_mode = WAL; CREATE TABLE t (b BLOB)"));
  const auto file_size = [&] { return fs::file_size(path); };

  // A small commit: the WAL under SQLite's 1000 pages, no checkpoint due, the file as it was.
  const auto before = file_size();
  CHECK_FALSE(CommitBlobs(db, 10));
  CHECK(file_size() == before);

  // 300 blobs of 16 KiB (4 KiB pages: 1200 pages and more): a checkpoint is due, and the commit made
  // none (the rows are in the WAL only; the file has not grown).
  CHECK(CommitBlobs(db, 300));
  CHECK(file_size() == before);
  {
    Checkpointer checkpointer(path);
    REQUIRE(checkpointer.Ok());
    checkpointer.Request();
  }  // waits for the checkpoint asked for
  CHECK(file_size() >= before + 300 * 16384);

  // The automatic checkpoint is back once the commit is over: the next large commit copies itself.
  const auto copied = file_size();
  REQUIRE(Exec(db, "BEGIN IMMEDIATE; INSERT INTO t (b) SELECT zeroblob(16384) FROM t LIMIT 300; COMMIT"));
  CHECK(file_size() >= copied + 300 * 16384);
  sqlite3_close(db);

  // Everything committed is there, in a whole database.
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  {
    Statement count(db, "SELECT count(*) FROM t");
    REQUIRE(count.Step() == SQLITE_ROW);
    CHECK(count.Int(0) == 610);
    Statement check(db, "PRAGMA integrity_check");
    REQUIRE(check.Step() == SQLITE_ROW);
    CHECK(check.Text(0) == "ok");
  }
  sqlite3_close(db);
}

TEST_CASE("a checkpointer of a store that cannot be opened says so", "[store]") {
  Checkpointer checkpointer((fs::temp_directory_path() / "vigie_checkpointer_test" / "no" / "such.db").string());
  CHECK_FALSE(checkpointer.Ok());
}
