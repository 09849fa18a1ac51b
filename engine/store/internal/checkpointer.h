// A store's checkpoints on a thread of its own (Store::Apply): after an import's commit, the pages
// it wrote to the WAL are copied into the database file while the caller goes on (reading the next
// file, writing the next import), instead of before Apply returns.
//
// The copy is SQLite's own PASSIVE checkpoint, made by a second connection to the same file: it
// never blocks a writer or a reader, and a crash during it loses nothing (the WAL keeps every
// committed page until the copy is synced). It is asked for when SQLite would have made it (the WAL
// at 1000 pages or more after a commit), and the store's close waits for it. On W1's store build
// (five imports of 250,000 values), each checkpoint (about 0.08 s, most of it waiting for the disk)
// ran during the next import's work.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

namespace vigie::store::internal {

// One commit without SQLite's automatic checkpoint: the WAL's size after it is noted instead, and
// the automatic checkpoint is back when this object goes.
class CommitWithoutCheckpoint {
 public:
  explicit CommitWithoutCheckpoint(sqlite3* db);
  ~CommitWithoutCheckpoint();
  CommitWithoutCheckpoint(const CommitWithoutCheckpoint&) = delete;
  CommitWithoutCheckpoint& operator=(const CommitWithoutCheckpoint&) = delete;
  // After the commit: SQLite would have made a checkpoint.
  bool CheckpointDue() const;

 private:
  static int NoteWalPages(void* pages, sqlite3*, const char*, int wal_pages);
  sqlite3* db_;
  int wal_pages_ = 0;
};

class Checkpointer {
 public:
  // Opens its connection to the store at `path` (which exists); Ok() false when it could not.
  explicit Checkpointer(const std::string& path);
  // Waits for the checkpoints asked for (the last import's, usually under way), then closes its
  // connection.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  bool Ok() const { return db_ != nullptr; }
  // A checkpoint as soon as the thread is free (one more if it is busy with one). False when the
  // thread could not be started: the caller makes the checkpoint itself.
  bool Request();

 private:
  void Run();

  sqlite3* db_ = nullptr;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool asked_ = false, stopping_ = false;
  std::thread thread_;  // started by the first request
};

}  // namespace vigie::store::internal
