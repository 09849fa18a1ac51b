#include "engine/base/memory_reuse.h"

#include <malloc.h>

namespace vigie {

void KeepFreedMemoryForReuse() {
  constexpr int kMmapThreshold = 32 << 20;  // glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 2 * kMmapThreshold);
}

}  // namespace vigie
