// KeepFreedMemoryForReuse (engine/base/memory_reuse.h): blocks the size of an evaluation's cells come
// from the heap, not from a mapping of their own; HeapInHugePages: the heap in huge pages.
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/base/memory_reuse.h"

// AddressSanitizer (the sanitized suite, tools/sanitized_build.sh) replaces glibc's allocator: there
// mallopt changes nothing and mallinfo2 counts nothing.
#if defined(__SANITIZE_ADDRESS__)
#define VIGIE_GLIBC_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VIGIE_GLIBC_MALLOC 0
#endif
#endif
#ifndef VIGIE_GLIBC_MALLOC
#define VIGIE_GLIBC_MALLOC 1
#endif

TEST_CASE("after KeepFreedMemoryForReuse a block of 1 MiB to 16 MiB is not mapped on its own", "[base]") {
  vigie::KeepFreedMemoryForReuse();
  if (!VIGIE_GLIBC_MALLOC) return;  // nothing of glibc's to look at
  for (const size_t size : {size_t{1} << 20, size_t{16} << 20}) {
    const size_t mapped_before = mallinfo2().hblks;
    void* block = std::malloc(size);
    REQUIRE(block != nullptr);
    CHECK(mallinfo2().hblks == mapped_before);
    std::free(block);
  }
  // Above glibc's ceiling (BigVector's arrays): mapped, and returned whole when freed. 256 MiB: more
  // than the free top of the heap may hold (trimmed above 64 MiB), which would serve a block of 64
  // MiB without a mapping when an earlier test left that much free there.
  const size_t mapped_before = mallinfo2().hblks;
  void* large = std::malloc(size_t{256} << 20);
  REQUIRE(large != nullptr);
  CHECK(mallinfo2().hblks == mapped_before + 1);
  std::free(large);
  CHECK(mallinfo2().hblks == mapped_before);
}

namespace {

// What HeapInHugePages does in a child whose GLIBC_TUNABLES is `tunables` and whose
// VIGIE_GLIBC_TUNABLES_BEFORE is `second_start` (nullptr: unset): "GLIBC_TUNABLES|VIGIE_GLIBC_TUNABLES_BEFORE"
// as the program it ran again saw them (here a shell that writes them to a file), or, when it
// returned, "returned: " and the same two as the child then had them ("-" for unset).
std::string SeenAfterHeapInHugePages(const char* tunables, const char* second_start = nullptr) {
  char path[] = "/tmp/vigie_hugetlb_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  const std::string script = "printf '%s|%s' \"$GLIBC_TUNABLES\" \"$VIGIE_GLIBC_TUNABLES_BEFORE\" > " + std::string(path);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto set = [](const char* name, const char* value) { value == nullptr ? unsetenv(name) : setenv(name, value, 1); };
    set("GLIBC_TUNABLES", tunables);
    set("VIGIE_GLIBC_TUNABLES_BEFORE", second_start);
    const char* argv[] = {"sh", "-c", script.c_str(), nullptr};
    vigie::HeapInHugePages("/bin/sh", const_cast<char* const*>(argv));
    auto now = [](const char* name) { const char* value = std::getenv(name); return std::string(value ? value : "-"); };
    FILE* out = std::fopen(path, "w");
    if (out != nullptr) {
      std::fputs(("returned: " + now("GLIBC_TUNABLES") + "|" + now("VIGIE_GLIBC_TUNABLES_BEFORE")).c_str(), out);
      std::fclose(out);
    }
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  std::ifstream in(path);
  std::string seen((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path);
  return seen;
}

}  // namespace

TEST_CASE("HeapInHugePages runs the program again once, with glibc's heap in huge pages", "[base]") {
  if (!VIGIE_GLIBC_MALLOC) return;  // AddressSanitizer's allocator: nothing to ask of glibc
  // The second start is told what GLIBC_TUNABLES was ("\x01": unset).
  CHECK(SeenAfterHeapInHugePages(nullptr) == "glibc.malloc.hugetlb=1|\x01");
  // The tunables someone set are kept, ours added after them.
  CHECK(SeenAfterHeapInHugePages("glibc.malloc.check=0") == "glibc.malloc.check=0:glibc.malloc.hugetlb=1|glibc.malloc.check=0");
  // Said already by whoever runs vigie: never run again, never overridden.
  CHECK(SeenAfterHeapInHugePages("glibc.malloc.hugetlb=0") == "returned: glibc.malloc.hugetlb=0|-");
  // The second start (even if glibc dropped GLIBC_TUNABLES): not run again, the environment put back.
  CHECK(SeenAfterHeapInHugePages(nullptr, "\x01") == "returned: -|-");
  CHECK(SeenAfterHeapInHugePages("glibc.malloc.hugetlb=1", "\x01") == "returned: -|-");
  CHECK(SeenAfterHeapInHugePages("glibc.malloc.check=0:glibc.malloc.hugetlb=1", "glibc.malloc.check=0") ==
        "returned: glibc.malloc.check=0|-");
}
