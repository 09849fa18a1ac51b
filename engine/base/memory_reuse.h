// How the process's allocator keeps freed memory and where it puts its heap, set once by each
// program's main (vigie, the benches).
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

// Runs the program again (`program`, with the same arguments, environment and process id) with
// glibc's heap in transparent huge pages (the tunable glibc.malloc.hugetlb=1 added to
// GLIBC_TUNABLES), unless GLIBC_TUNABLES already says something of hugetlb. glibc reads its tunables
// only when a program starts, hence the second start (a millisecond). A report's model and an
// evaluation with details fault in gigabytes of fresh heap at 5,000 entities, and a page fault is
// dear on a virtual machine: with 2 MiB pages the model and the evaluation take about a third less
// time (bench/README.md). Returns only when it did not run the program again (already set, an
// allocator other than glibc's, or `program` could not be run): the program then goes on as it is.
void HeapInHugePages(const char* program, char* const argv[]);

}  // namespace vigie
