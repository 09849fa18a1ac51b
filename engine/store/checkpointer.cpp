#include "engine/store/internal/checkpointer.h"

#include "engine/store/internal/sqlite.h"

namespace vigie::store::internal {

namespace {
// SQLite's threshold for its automatic checkpoint (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).
constexpr int kWalPagesBeforeCheckpoint = 1000;
}  // namespace

CommitWithoutCheckpoint::CommitWithoutCheckpoint(sqlite3* db) : db_(db) {
  sqlite3_wal_hook(db_, &CommitWithoutCheckpoint::NoteWalPages, &wal_pages_);  // replaces the automatic one
}

CommitWithoutCheckpoint::~CommitWithoutCheckpoint() { sqlite3_wal_autocheckpoint(db_, kWalPagesBeforeCheckpoint); }

bool CommitWithoutCheckpoint::CheckpointDue() const { return wal_pages_ >= kWalPagesBeforeCheckpoint; }

int CommitWithoutCheckpoint::NoteWalPages(void* pages, sqlite3*, const char*, int wal_pages) {
  *static_cast<int*>(pages) = wal_pages;
  return SQLITE_OK;
}

Checkpointer::Checkpointer(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return;
  }
  // The syncs of a checkpoint as the store's own connection makes them (Store::Open).
  Exec(db_, "PRAGMA synchronous = NORMAL");
  // A connection checkpoints only a WAL it has opened: reading the schema opens it (without
  // relying on the pragma above to do so).
  Exec(db_, "SELECT 1 FROM sqlite_schema LIMIT 1");
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  sqlite3_close_v2(db_);
}

bool Checkpointer::Request() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) {
      try {
        thread_ = std::thread([this] { Run(); });
      } catch (const std::system_error&) {
        return false;  // no thread to be had: the import is committed all the same
      }
    }
    asked_ = true;
  }
  wake_.notify_one();
  return true;
}

void Checkpointer::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return asked_ || stopping_; });
    if (!asked_) return;  // stopping, nothing asked for
    asked_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs and never waits; what it leaves (or what an error
    // kept it from copying: the WAL still holds every committed page) is copied by the next one, or
    // by the close.
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
  }
}

}  // namespace vigie::store::internal
