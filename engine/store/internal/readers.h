// Connections of a read in parts (Store::LoadValues, Store::OriginsOf): each part of a large read on
// a connection of its own and a thread, every connection reading one state of the store. SQLite
// decodes a row on one core at a time per connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace vigie::store::internal {

// A connection of one part of a read, read only, closed with it.
struct Reader {
  sqlite3* db = nullptr;
  ~Reader() { sqlite3_close_v2(db); }
};

// PRAGMA data_version of `db` (-1: unknown): changes whenever another connection commits.
int64_t DataVersion(sqlite3* db);

// Opens `count` read-only connections to the store of `db` whose read transactions all see the store
// as it is now: `db`'s data_version is the same before the first of them began and after the last
// one's first read, so no commit came between them. Neither takes a lock nor waits for a writer, and
// `db` may be read only. Empty when a commit came between, when `db` is in a transaction (its own
// state is the one to read) or in memory, when the file at `db`'s path is no longer `inode` (the
// store's file, as it was opened) before or after they are opened (a file put in its place: a
// restore, a move), or when it cannot be done: the caller reads on `db` alone.
std::vector<std::unique_ptr<Reader>> ReadersOfOneState(sqlite3* db, uint64_t inode, size_t count);

// Calls read(part) for each part in [0, count): part 0 on this thread, each other on a thread of
// its own, or on this one after part 0 when no thread can be started. Returns when all have
// returned; `read` must not throw (a part keeps its failure for the caller).
void ReadEachPart(size_t count, const std::function<void(size_t part)>& read);

}  // namespace vigie::store::internal
