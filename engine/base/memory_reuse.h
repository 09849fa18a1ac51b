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

// Runs the program again (the file `program` names, a link such as /proc/self/exe followed, with the
// same arguments and process id) with glibc's heap in transparent huge pages (the tunable
// glibc.malloc.hugetlb=1 added to GLIBC_TUNABLES), unless GLIBC_TUNABLES already says something of
// hugetlb or the program runs with privileges (glibc ignores tunables there). glibc reads its
// tunables only when a program starts, hence the second start (a millisecond). A report's model and
// an evaluation with details fault in gigabytes of fresh heap at 5,000 entities, and a page fault is
// dear on a virtual machine: with 2 MiB pages the model and the evaluation take about a third less
// time (bench/README.md). The second start, called the same way, puts GLIBC_TUNABLES back as it was
// (the programs vigie runs get the environment vigie was given) and returns: the program starts at
// most twice, whatever glibc does with the variable. Returns at once under an allocator other than
// glibc's, and when `program` cannot be run (the program goes on as it is).
void HeapInHugePages(const char* program, char* const argv[]);

}  // namespace vigie
