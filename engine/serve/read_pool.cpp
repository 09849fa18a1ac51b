#include "engine/serve/read_pool.h"

#include <sys/stat.h>

#include <algorithm>
#include <utility>

namespace vigie::serve {
namespace {

// The file `path` names now (device and inode in one number), 0 when none does.
uint64_t FileIdentity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return (static_cast<uint64_t>(info.st_dev) << 40) ^ static_cast<uint64_t>(info.st_ino);
}

}  // namespace

ReadPool::ReadPool(store::Store& writer, std::mutex& writer_mutex, size_t bound, int busy_timeout_ms)
    : writer_(writer),
      writer_mutex_(writer_mutex),
      bound_(bound),
      busy_timeout_ms_(busy_timeout_ms),
      inode_(FileIdentity(writer.Path())) {
  // A store in memory (":memory:") or with no file has nothing to share: every read goes to the writer.
  file_changed_ = inode_ == 0 || bound_ == 0;
}

ReadPool::~ReadPool() = default;

ReadPool::Lease::Lease(ReadPool& pool, std::unique_ptr<store::Store> reader)
    : pool_(&pool), reader_(std::move(reader)), store_(reader_.get()) {}

ReadPool::Lease::Lease(ReadPool& pool, std::unique_lock<std::mutex> writer_lock)
    : pool_(&pool), writer_lock_(std::move(writer_lock)), store_(&pool.writer_) {}

ReadPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), reader_(std::move(other.reader_)), writer_lock_(std::move(other.writer_lock_)), store_(other.store_) {
  other.store_ = nullptr;
}

ReadPool::Lease::~Lease() {
  if (reader_) pool_->GiveBack(std::move(reader_));
}

std::unique_ptr<store::Store> ReadPool::OpenReader() {
  store::OpenOptions options;
  options.create = false;
  options.read_only = true;
  // A WAL reader waits only while the store recovers its journal or a checkpoint resets it; the
  // same patience as the writer's, rather than an error for the request.
  options.busy_timeout_ms = busy_timeout_ms_;
  store::StoreError error;
  std::unique_ptr<store::Store> reader = store::Store::Open(writer_.Path(), options, error);
  // Checked once the file is open: a reader of another file than the writer's would not see the
  // writes it acknowledges.
  if (FileIdentity(writer_.Path()) != inode_) {
    const std::lock_guard<std::mutex> lock(mutex_);
    file_changed_ = true;
    return nullptr;
  }
  return reader;
}

ReadPool::Lease ReadPool::Borrow() {
  std::unique_lock<std::mutex> lock(mutex_);
  std::unique_ptr<store::Store> reader;
  while (!reader) {
    if (!idle_.empty()) {
      reader = std::move(idle_.back());
      idle_.pop_back();
    } else if (counts_.open < bound_ && !file_changed_) {
      ++counts_.open;  // counted before it opens: the bound holds while the lock is released
      lock.unlock();
      reader = OpenReader();
      lock.lock();
      if (!reader) {
        --counts_.open;
        given_back_.notify_one();
        break;
      }
    } else if (counts_.open == 0) {
      break;  // no reader to wait for (the file changed, or no pool)
    } else {
      given_back_.wait(lock);
    }
  }
  if (reader) {
    ++counts_.lent;
    counts_.most_lent_at_once = std::max(counts_.most_lent_at_once, ++lent_now_);
    lock.unlock();
    store::StoreError error;
    if (reader->BeginRead(error)) return Lease(*this, std::move(reader));
    lock.lock();  // a connection that cannot start a read is closed
    --counts_.open;
    --lent_now_;
    --counts_.lent;
    reader.reset();
    given_back_.notify_one();
  }
  ++counts_.through_writer;
  lock.unlock();
  return Lease(*this, std::unique_lock<std::mutex>(writer_mutex_));
}

void ReadPool::GiveBack(std::unique_ptr<store::Store> reader) {
  reader->EndRead();
  const std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(reader));
  --lent_now_;
  given_back_.notify_one();
}

ReadPool::Counts ReadPool::Counted() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

}  // namespace vigie::serve
