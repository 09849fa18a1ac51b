#include "engine/base/memory_reuse.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace vigie {

void KeepFreedMemoryForReuse() {
  constexpr int kMmapThreshold = 32 << 20;  // glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 2 * kMmapThreshold);
}

void HeapInHugePages(const char* program, char* const argv[]) {
#if defined(__SANITIZE_ADDRESS__)
  return;  // AddressSanitizer's allocator replaces glibc's: the tunable would change nothing
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return;
#endif
#endif
  const char* set = std::getenv("GLIBC_TUNABLES");
  std::string tunables = set != nullptr ? set : "";
  // Said already (by this function before the second start, or by whoever runs vigie): never again,
  // so the program starts at most twice.
  if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;
  tunables += (tunables.empty() ? "" : ":") + std::string("glibc.malloc.hugetlb=1");
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
  execv(program, argv);
  // Not run again (no /proc, say): the heap stays in small pages, the environment says hugetlb.
}

}  // namespace vigie
