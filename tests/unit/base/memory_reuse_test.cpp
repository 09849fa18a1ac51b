// KeepFreedMemoryForReuse (engine/base/memory_reuse.h): blocks the size of an evaluation's cells come
// from the heap, not from a mapping of their own.
#include <malloc.h>

#include <catch2/catch.hpp>
#include <cstdlib>

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
  // Above glibc's ceiling (BigVector's arrays, 64 MiB): mapped, and returned whole when freed.
  const size_t mapped_before = mallinfo2().hblks;
  void* large = std::malloc(size_t{64} << 20);
  REQUIRE(large != nullptr);
  CHECK(mallinfo2().hblks == mapped_before + 1);
  std::free(large);
  CHECK(mallinfo2().hblks == mapped_before);
}
