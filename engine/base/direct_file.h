// A large output file (a campaign's report.json, report.csv: gigabytes) written past the page cache.
// Copying gigabytes into the page cache can cost as much processor time as making them on a virtual
// machine (docs/scale.md, writing the large files); O_DIRECT writes of whole 4 MiB blocks cost a
// fraction of it. Small writes with O_DIRECT are dear, so a file smaller than one buffer is written
// as any other. A full buffer is written on a thread of its own while the next one fills: an O_DIRECT
// write waits for the disk (1.5–2 ms for 4 MiB), and the writer's core would wait with it.
#pragma once

#include <cstddef>
#include <future>
#include <memory>
#include <string>
#include <string_view>

namespace vigie {

class DirectFile {
 public:
  // Bytes gathered before each write; a multiple of every block size O_DIRECT asks for.
  static constexpr size_t kBufferSize = size_t{4} << 20;

  DirectFile();
  // Closes the file if still open, without saying whether its last bytes were written.
  ~DirectFile();
  DirectFile(const DirectFile&) = delete;
  DirectFile& operator=(const DirectFile&) = delete;

  // Creates the file, or empties it; false when it cannot be opened.
  bool Open(const std::string& path);
  // Adds bytes at the end; false once any write has failed (the file is then incomplete). A buffer's
  // write runs while the next buffer fills: its failure shows at the next full buffer, or at Close.
  bool Write(std::string_view bytes);
  // Writes what is left and closes the file: true when every byte was written.
  bool Close();
  // False once a write is known to have failed (a buffer's write still running is not known yet).
  bool ok() const { return ok_; }
  bool is_open() const { return fd_ >= 0; }
  // Whether some bytes went past the page cache (false for a small file, or where O_DIRECT is refused).
  bool wrote_direct() const { return wrote_direct_; }

 private:
  struct AlignedFree {
    void operator()(char* buffer) const;
  };
  bool WriteFullBuffer();
  // Waits for the buffer's write still running, if any: false when it failed.
  bool Settle();
  bool WriteAll(const char* data, size_t size);
  void StopDirect();

  int fd_ = -1;
  bool ok_ = false;
  bool direct_ = false;      // O_DIRECT is set on fd_
  bool may_direct_ = true;   // false once the file system refused O_DIRECT
  bool wrote_direct_ = false;
  std::unique_ptr<char, AlignedFree> buffer_;  // being filled
  std::unique_ptr<char, AlignedFree> writing_;  // being written by `pending_`, or free
  std::future<bool> pending_;
  size_t used_ = 0;
};

}  // namespace vigie
