// How the process's allocator keeps freed memory, set once by each program's main (vigie, the benches).
#pragma once

namespace vigie {

// glibc hands every block above its "mmap threshold" (128 KiB at start, raised as such blocks are
// freed, never above 32 MiB) to the kernel as a mapping of its own, and unmaps it when it is freed.
// An evaluation allocates one array of cells per commitment (300 KB at 5,000 entities, W1), and a
// report a string per page: each was mapped fresh, faulted in page by page and unmapped again (a
// TLB shootdown on every core), which cost half of an evaluation's time on the benchmark's virtual
// machine (bench/README.md). Whether the threshold had been raised depended on what the program had
// freed before. Fixed at glibc's own ceiling (and the heap trimmed above twice that, as glibc pairs
// them), blocks up to 32 MiB come from the heap and are reused; larger ones (the big BigVectors)
// are still mapped and returned whole.
void KeepFreedMemoryForReuse();

}  // namespace vigie
