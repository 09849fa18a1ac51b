// Memory for the large arrays of a run (a DataSet's values and row ids, the rows of a load): asked
// for in 2 MiB huge pages where the kernel allows it. A first write to each 4 KiB page of fresh
// memory is a page fault, and on a virtual machine these faults were a third of loading W1 (5,000
// entities, 1.25 M values: 49,500 faults; bench/README.md). Linux maps huge pages for a region
// marked MADV_HUGEPAGE when transparent huge pages are "madvise" (Debian's default) or "always";
// elsewhere the hint is ignored and the memory is ordinary.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace vigie {

namespace big_array {
inline constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Smaller arrays take ordinary memory: rounding them up to a huge page would waste more than it saves.
inline constexpr std::size_t kThreshold = std::size_t{4} << 20;
}  // namespace big_array

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < big_array::kThreshold) return static_cast<T*>(::operator new(bytes));
    const std::size_t rounded = (bytes + big_array::kHugePage - 1) / big_array::kHugePage * big_array::kHugePage;
    void* memory = std::aligned_alloc(big_array::kHugePage, rounded);
    if (memory == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    madvise(memory, rounded, MADV_HUGEPAGE);  // a hint: refused or ignored, the memory is ordinary
#endif
    return static_cast<T*>(memory);
  }
  // The same size as allocate() was given, so the same branch frees it.
  void deallocate(T* memory, std::size_t n) noexcept {
    if (n * sizeof(T) < big_array::kThreshold) ::operator delete(memory);
    else std::free(memory);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

template <class T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace vigie
