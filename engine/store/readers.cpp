// Connections of a read in parts, all reading one state of the store (internal/readers.h).
#include "engine/store/internal/readers.h"

#include <system_error>
#include <thread>

#include "engine/store/internal/sqlite.h"

namespace vigie::store::internal {

int64_t DataVersion(sqlite3* db) {
  Statement query(db, "PRAGMA data_version");
  return query.Step() == SQLITE_ROW ? query.Int(0) : -1;
}

std::vector<std::unique_ptr<Reader>> ReadersOfOneState(sqlite3* db, uint64_t inode, size_t count) {
  std::vector<std::unique_ptr<Reader>> readers;
  // An in-memory store (no file name) has no other connection to it; inside a read transaction of
  // `db`, its own state is the one to read.
  const char* file = sqlite3_db_filename(db, "main");
  if (file == nullptr || *file == '\0' || sqlite3_get_autocommit(db) == 0 || InodeOf(file) != inode) return readers;
  const int64_t before = DataVersion(db);
  bool ok = before >= 0;
  for (size_t i = 0; i < count && ok; ++i) {
    auto reader = std::make_unique<Reader>();
    ok = sqlite3_open_v2(file, &reader->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK &&
         Exec(reader->db, "PRAGMA mmap_size = 1073741824") && Exec(reader->db, "BEGIN DEFERRED") &&
         Exec(reader->db, "SELECT 1 FROM indicator_values LIMIT 1");  // the first read fixes the state
    readers.push_back(std::move(reader));
  }
  // The path checked again once they are open: they opened it by name, and another file put there
  // meanwhile would be another store (its data_version is not `db`'s).
  if (!ok || DataVersion(db) != before || InodeOf(file) != inode) readers.clear();
  return readers;
}

void ReadEachPart(size_t count, const std::function<void(size_t part)>& read) {
  // Room made before any thread starts: a thread left running when the vectors could not grow
  // would end the process (a joinable std::thread destroyed).
  std::vector<std::thread> others;
  others.reserve(count);
  std::vector<size_t> here = {0};
  here.reserve(count);
  for (size_t part = 1; part < count; ++part) {
    try {
      others.emplace_back(read, part);
    } catch (...) {  // no thread (std::system_error) or no memory for its state: read here
      here.push_back(part);
    }
  }
  for (size_t part : here) read(part);
  for (std::thread& thread : others) thread.join();
}

}  // namespace vigie::store::internal
