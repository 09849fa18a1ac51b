// The read-only connections of `vigie serve` (docs/serve.md, "Accès à la base"): the requests that
// only read (verdicts, form, dashboard, explanations, reports, sessions) each borrow a connection of
// their own, opened read-only on the store's file, so that they run side by side and never wait for
// the one writable connection, which stays behind its lock for the writes.
//
// A borrowed connection is inside a read transaction (Store::BeginRead) until it is given back: a
// request reads one state of the store, the last committed before its first read; in WAL mode that
// state holds every write the server acknowledged before (a write is acknowledged after its COMMIT).
//
// At most `bound` connections are ever open; a request that finds them all lent waits for one.
// A connection is opened only while the store's path still names the file the writer has open (its
// inode): once the file is deleted or replaced, the readers would read another store than the one
// written, so a request then reads through the writer, under its lock, as before this pool existed.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/store/store.h"

namespace vigie::serve {

class ReadPool {
 public:
  // `writer`: the store's writable connection, used under `writer_mutex` (a request reads through it
  // when no reader can be opened). Both must outlive the pool.
  ReadPool(store::Store& writer, std::mutex& writer_mutex, size_t bound, int busy_timeout_ms = 5000);
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // One request's access to the store for reading; gives the connection back (or the writer's lock)
  // when it goes.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_; }
    // A connection of the pool (false: the writer, under its lock).
    bool Pooled() const { return reader_ != nullptr; }

   private:
    friend class ReadPool;
    Lease(ReadPool& pool, std::unique_ptr<store::Store> reader);
    Lease(ReadPool& pool, std::unique_lock<std::mutex> writer_lock);
    ReadPool* pool_;
    std::unique_ptr<store::Store> reader_;
    std::unique_lock<std::mutex> writer_lock_;
    store::Store* store_;
  };
  // A connection for one request's reads: an idle one, else a new one while fewer than `bound` are
  // open, else the next one given back.
  Lease Borrow();

  size_t Bound() const { return bound_; }
  // What the pool has done so far (tests, and to watch it).
  struct Counts {
    size_t open = 0;               // connections open now, lent or idle
    size_t most_lent_at_once = 0;
    uint64_t lent = 0;             // leases of a pooled connection
    uint64_t through_writer = 0;   // leases that read through the writer
  };
  Counts Counted() const;

 private:
  std::unique_ptr<store::Store> OpenReader();
  void GiveBack(std::unique_ptr<store::Store> reader);

  store::Store& writer_;
  std::mutex& writer_mutex_;
  const size_t bound_;
  const int busy_timeout_ms_;
  const uint64_t inode_;  // of the writer's file, when the pool was made

  mutable std::mutex mutex_;  // everything below
  std::condition_variable given_back_;
  std::vector<std::unique_ptr<store::Store>> idle_;
  size_t lent_now_ = 0;
  Counts counts_;
  bool file_changed_ = false;  // the path no longer names the writer's file: open no more readers
};

}  // namespace vigie::serve
