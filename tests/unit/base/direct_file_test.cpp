// DirectFile (engine/base/direct_file.h): the bytes written piece by piece are the file's, whatever
// its size around the 4 MiB buffer and whatever the file system (ext4 takes O_DIRECT, a device
// refuses it); a file that cannot be written says so, even when the failed write ran on a thread of its own.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/base/direct_file.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;
using vigie::DirectFile;

namespace {

constexpr size_t kBuffer = DirectFile::kBufferSize;

// Bytes that differ from one offset to the next, so a block written twice or out of place shows.
std::string Bytes(size_t size) {
  std::string bytes(size, '\0');
  uint32_t state = 2463534242u;
  for (char& byte : bytes) {
    state ^= state << 13, state ^= state >> 17, state ^= state << 5;
    byte = static_cast<char>(state);
  }
  return bytes;
}

// Writes `bytes` in pieces of odd sizes (one byte, a block less one, a buffer and a half…).
bool WriteInPieces(DirectFile& file, const std::string& bytes) {
  static const std::vector<size_t> kPieces = {1, 4095, 7, kBuffer + kBuffer / 2 + 1, 65537, 3, kBuffer - 1, 1000003};
  size_t at = 0;
  for (size_t i = 0; at < bytes.size(); ++i) {
    const size_t size = std::min(kPieces[i % kPieces.size()], bytes.size() - at);
    if (!file.Write(std::string_view(bytes).substr(at, size))) return false;
    at += size;
  }
  return true;
}

// Whether the folder's file system takes O_DIRECT (ext4 does; tmpfs did not before Linux 6.6).
bool TakesDirect(const fs::path& dir) {
  const fs::path probe = dir / "probe";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_DIRECT, 0600);
  if (fd >= 0) ::close(fd);
  fs::remove(probe);
  return fd >= 0;
}

struct Folder {
  fs::path path;
  explicit Folder(const fs::path& parent) : path(parent / ("vigie_direct_file_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
};

void CheckSizes(const fs::path& parent) {
  const Folder folder(parent);
  const bool direct = TakesDirect(folder.path);
  for (const size_t size : {size_t{0}, size_t{1}, size_t{4095}, size_t{4096}, size_t{4097}, kBuffer - 1, kBuffer,
                            kBuffer + 1, 9 * (size_t{1} << 20) + 3}) {
    INFO(parent << ", " << size << " bytes");
    const std::string bytes = Bytes(size);
    const fs::path path = folder.path / "out";
    DirectFile file;
    REQUIRE(file.Open(path.string()));
    CHECK(WriteInPieces(file, bytes));
    CHECK(file.Close());
    CHECK(fs::file_size(path) == size);
    CHECK(vigie::testing::Read(path) == bytes);
    // A file smaller than one buffer never goes past the page cache.
    CHECK(file.wrote_direct() == (direct && size >= kBuffer));
  }
}

}  // namespace

TEST_CASE("DirectFile writes the bytes given, piece by piece, on a disk's file system", "[base]") {
  CheckSizes(fs::temp_directory_path());
}

TEST_CASE("DirectFile writes the bytes given, piece by piece, in memory (/dev/shm)", "[base]") {
  if (fs::is_directory("/dev/shm")) CheckSizes("/dev/shm");
}

TEST_CASE("DirectFile writes ordinarily where O_DIRECT is refused", "[base]") {
  // A device takes no O_DIRECT: the bytes go on without it.
  DirectFile file;
  REQUIRE(file.Open("/dev/null"));
  CHECK(file.Write(Bytes(2 * kBuffer + 5)));
  CHECK(file.Close());
  CHECK_FALSE(file.wrote_direct());
}

TEST_CASE("DirectFile says when the file cannot be written", "[base]") {
  SECTION("a folder that does not exist") {
    DirectFile file;
    CHECK_FALSE(file.Open((fs::temp_directory_path() / "vigie_no_such_folder" / "out").string()));
    CHECK_FALSE(file.Write("x"));
    CHECK_FALSE(file.Close());
  }
  // A full buffer is written while the next one fills: its failure shows at the next full buffer.
  SECTION("a full disk, a large file: the first buffer fails, the second says so") {
    DirectFile file;
    REQUIRE(file.Open("/dev/full"));
    file.Write(Bytes(kBuffer + 1));
    CHECK_FALSE(file.Write(Bytes(kBuffer)));
    CHECK_FALSE(file.ok());
    CHECK_FALSE(file.Close());
  }
  SECTION("a full disk, one full buffer and nothing after it: closing says so") {
    DirectFile file;
    REQUIRE(file.Open("/dev/full"));
    file.Write(Bytes(kBuffer));
    CHECK_FALSE(file.Close());
    CHECK_FALSE(file.ok());
  }
  SECTION("a full disk, a small file: its only write, on closing, fails") {
    DirectFile file;
    REQUIRE(file.Open("/dev/full"));
    CHECK(file.Write("a few bytes"));
    CHECK_FALSE(file.Close());
  }
}
