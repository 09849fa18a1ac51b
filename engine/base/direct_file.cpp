#include "engine/base/direct_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <utility>

namespace vigie {
namespace {

// The largest logical block size of the disks O_DIRECT writes to: the buffer's address is aligned to it.
constexpr size_t kAlignment = 4096;

}  // namespace

void DirectFile::AlignedFree::operator()(char* buffer) const { std::free(buffer); }

DirectFile::DirectFile() = default;

DirectFile::~DirectFile() {
  Settle();
  if (fd_ >= 0) ::close(fd_);
}

bool DirectFile::Open(const std::string& path) {
  Settle();
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  used_ = 0;
  direct_ = false;
  may_direct_ = true;
  wrote_direct_ = false;
  for (auto* buffer : {&buffer_, &writing_}) {
    if (!*buffer) buffer->reset(static_cast<char*>(std::aligned_alloc(kAlignment, kBufferSize)));
  }
  ok_ = fd_ >= 0 && buffer_ != nullptr && writing_ != nullptr;
  return ok_;
}

bool DirectFile::Write(std::string_view bytes) {
  while (ok_ && !bytes.empty()) {
    const size_t taken = std::min(bytes.size(), kBufferSize - used_);
    std::memcpy(buffer_.get() + used_, bytes.data(), taken);
    used_ += taken;
    bytes.remove_prefix(taken);
    if (used_ == kBufferSize) ok_ = Settle() && WriteFullBuffer();
  }
  return ok_;
}

bool DirectFile::Close() {
  if (fd_ < 0) return false;
  // The tail (less than a buffer, rarely a whole number of blocks) is written through the page
  // cache: padding it to a block and cutting the file back after would leave, for a moment or after
  // a failure, a file ending in bytes that were never written.
  if (!Settle()) ok_ = false;
  if (ok_ && used_ > 0) {
    StopDirect();
    ok_ = WriteAll(buffer_.get(), used_);
  }
  used_ = 0;
  if (::close(fd_) != 0) ok_ = false;
  fd_ = -1;
  return ok_;
}

bool DirectFile::WriteFullBuffer() {
  if (may_direct_ && !direct_) {
    const int flags = ::fcntl(fd_, F_GETFL);
    direct_ = flags >= 0 && ::fcntl(fd_, F_SETFL, flags | O_DIRECT) == 0;
    may_direct_ = direct_;  // refused (EINVAL: a device, a file system without it): ordinary writes
  }
  used_ = 0;
  std::swap(buffer_, writing_);
  try {
    pending_ = std::async(std::launch::async, [this] { return WriteAll(writing_.get(), kBufferSize); });
    return true;
  } catch (const std::system_error&) {  // no thread to be had: written here, as it comes
    return WriteAll(writing_.get(), kBufferSize);
  }
}

bool DirectFile::Settle() {
  return !pending_.valid() || pending_.get();
}

bool DirectFile::WriteAll(const char* data, size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && errno == EINVAL && direct_) {
      // The file system took the flag but not this write (its alignment): the rest without it.
      may_direct_ = false;
      StopDirect();
      continue;
    }
    if (written <= 0) return false;
    wrote_direct_ = wrote_direct_ || direct_;
    data += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

void DirectFile::StopDirect() {
  if (!direct_) return;
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT);
  direct_ = false;
}

}  // namespace vigie
