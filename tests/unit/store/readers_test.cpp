// The connections of a read in parts (engine/store/internal/readers.h): they read the store's file as
// it was opened, at one state, or there are none and the caller reads alone.
#include "engine/store/internal/readers.h"

#include <sqlite3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "engine/store/internal/sqlite.h"
#include "tests/support/fresh_store_path.h"

using namespace vigie::store::internal;
namespace fs = std::filesystem;

namespace {

std::string FreshPath(const std::string& name) { return vigie::testing::FreshStorePath("vigie_readers_test", name); }

// A store's file reduced to what the readers read first: indicator_values with `rows` rows. In WAL
// mode, as the store is; `wal` false: a rollback journal, so that a file renamed in its place is read
// whole (no WAL of the file it replaces beside it).
sqlite3* MakeStore(const std::string& path, int rows, bool wal = true) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  if (wal) REQUIRE(Exec(db, "PRAGMA journal_mode = WAL"));
  REQUIRE(Exec(db, "CREATE TABLE indicator_values (id INTEGER PRIMARY KEY, v REAL)"));
  for (int i = 1; i <= rows; ++i) REQUIRE(Exec(db, ("INSERT INTO indicator_values (v) VALUES (" + std::to_string(i) + ")").c_str()));
  return db;
}

// How many rows a reader sees.
int64_t RowsSeen(sqlite3* db) {
  Statement count(db, "SELECT count(*) FROM indicator_values");
  REQUIRE(count.Step() == SQLITE_ROW);
  return count.Int(0);
}

}  // namespace

TEST_CASE("the readers of a read in parts open the store's own file, at the state it has", "[store]") {
  const std::string path = FreshPath("own");
  sqlite3* db = MakeStore(path, 3);
  const uint64_t inode = InodeOf(path);
  REQUIRE(inode != 0);

  auto readers = ReadersOfOneState(db, inode, 3);
  REQUIRE(readers.size() == 3);
  // A commit after they began is not theirs: each keeps the state it opened on.
  REQUIRE(Exec(db, "INSERT INTO indicator_values (v) VALUES (4)"));
  for (const auto& reader : readers) CHECK(RowsSeen(reader->db) == 3);
  CHECK(RowsSeen(db) == 4);
  readers.clear();
  sqlite3_close(db);
}

TEST_CASE("no readers when the store's file is not the one opened, or the caller is in a transaction", "[store]") {
  const std::string path = FreshPath("replaced");
  sqlite3* db = MakeStore(path, 2, false);
  const uint64_t inode = InodeOf(path);

  SECTION("another inode: the file at the path is not the store as it was opened") {
    CHECK(ReadersOfOneState(db, inode + 1, 2).empty());
  }
  SECTION("a file put in the store's place (a restore, a move): its inode differs") {
    const std::string other = FreshPath("other");
    sqlite3* other_db = MakeStore(other, 7, false);
    sqlite3_close(other_db);
    fs::rename(other, path);
    REQUIRE(InodeOf(path) != inode);
    CHECK(ReadersOfOneState(db, inode, 2).empty());
    // The file in place is a store the readers can read (its 7 rows): only its inode tells them apart.
    CHECK(ReadersOfOneState(db, InodeOf(path), 1).size() == 1);
  }
  SECTION("the caller in a read transaction: its own state is the one to read") {
    REQUIRE(Exec(db, "BEGIN; SELECT count(*) FROM indicator_values"));
    CHECK(ReadersOfOneState(db, inode, 2).empty());
    REQUIRE(Exec(db, "COMMIT"));
  }
  SECTION("an in-memory store has no other connection") {
    sqlite3* memory = nullptr;
    REQUIRE(sqlite3_open(":memory:", &memory) == SQLITE_OK);
    CHECK(ReadersOfOneState(memory, inode, 2).empty());
    sqlite3_close(memory);
  }
  sqlite3_close(db);
}

TEST_CASE("every part of a read is read once, part 0 on the caller's thread", "[store]") {
  for (size_t count : {1, 2, 4}) {
    std::mutex lock;
    std::multiset<size_t> parts;
    std::atomic<bool> zero_here{false};
    const std::thread::id caller = std::this_thread::get_id();
    ReadEachPart(count, [&](size_t part) {
      if (part == 0) zero_here = std::this_thread::get_id() == caller;
      const std::lock_guard<std::mutex> guard(lock);
      parts.insert(part);
    });
    std::multiset<size_t> expected;
    for (size_t part = 0; part < count; ++part) expected.insert(part);
    CHECK(parts == expected);
    CHECK(zero_here);
  }
}
