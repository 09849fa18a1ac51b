#include "engine/base/memory_reuse.h"

#include <malloc.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <string>

namespace vigie {

void KeepFreedMemoryForReuse() {
  constexpr int kMmapThreshold = 32 << 20;  // glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 2 * kMmapThreshold);
}

namespace {

// Set for the second start only: what GLIBC_TUNABLES was before (kWasUnset when it was not set), so
// that the second start puts it back for the programs vigie runs (Chromium for a PDF) and knows it
// is the second (glibc may drop GLIBC_TUNABLES itself, for a program with privileges).
constexpr const char* kSecondStart = "VIGIE_GLIBC_TUNABLES_BEFORE";
constexpr const char* kWasUnset = "\x01";

}  // namespace

void HeapInHugePages(const char* program, char* const argv[]) {
#if defined(__SANITIZE_ADDRESS__)
  return;  // AddressSanitizer's allocator replaces glibc's: the tunable would change nothing
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return;
#endif
#endif
  if (const char* before = std::getenv(kSecondStart)) {  // the second start: the environment as it was
    const std::string previous = before;
    if (previous == kWasUnset) unsetenv("GLIBC_TUNABLES");
    else setenv("GLIBC_TUNABLES", previous.c_str(), 1);
    unsetenv(kSecondStart);
    return;
  }
  // A program with privileges (setuid, setgid, file capabilities): glibc ignores tunables there.
  if (getauxval(AT_SECURE) != 0) return;
  const char* set = std::getenv("GLIBC_TUNABLES");
  std::string tunables = set != nullptr ? set : "";
  // Said already by whoever runs vigie: their choice stands.
  if (tunables.find("glibc.malloc.hugetlb") != std::string::npos) return;
  // Run by its own path (/proc/self/exe followed), not the link's: the process keeps its name
  // ("vigie", not "exe").
  char path[PATH_MAX];
  if (realpath(program, path) == nullptr) return;
  if (setenv(kSecondStart, set != nullptr ? set : kWasUnset, 1) != 0) return;
  tunables += (tunables.empty() ? "" : ":") + std::string("glibc.malloc.hugetlb=1");
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) == 0) execv(path, argv);
  // Not run again: the environment as it was, the heap in small pages.
  unsetenv(kSecondStart);
  if (set != nullptr) setenv("GLIBC_TUNABLES", set, 1);
  else unsetenv("GLIBC_TUNABLES");
}

}  // namespace vigie
