// Ids gathered from many places (the store rows a run read: a campaign's millions, most of the rows
// of a range, many read several times), each once, in increasing order.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace vigie {

// Whether ids from `first` to `last`, `count` of them (repeats counted), fill at least a quarter
// of their range: then marking them over the range costs less than sorting them.
bool DenseIds(int64_t first, int64_t last, size_t count);

// The ids `for_each_id` gives, each once, in increasing order. `for_each_id(visit)` calls visit(id)
// for each id; it is called twice: once to bound the ids, then to mark them over their range
// (DenseIds: linear time, a byte per id of the range) or to list and sort them (a few ids far apart).
// DistinctIds({7, 3, 7, -2}) is {-2, 3, 7}.
template <class ForEachId>
  requires(!std::convertible_to<const ForEachId&, std::span<const int64_t>>)
std::vector<int64_t> DistinctIds(const ForEachId& for_each_id);
std::vector<int64_t> DistinctIds(std::span<const int64_t> ids);

namespace internal {

// The parts of DistinctIds that do not depend on where the ids come from.
struct IdBounds {
  int64_t first = std::numeric_limits<int64_t>::max(), last = std::numeric_limits<int64_t>::min();
  size_t count = 0;
  void Add(int64_t id) {
    first = id < first ? id : first;
    last = id > last ? id : last;
    ++count;
  }
};
// The ids of `marks` (marks[i] != 0: the id first + i was given), in order.
std::vector<int64_t> MarkedIds(const std::vector<uint8_t>& marks, int64_t first);
// `ids` sorted, each once.
std::vector<int64_t> SortedOnce(std::vector<int64_t> ids);

}  // namespace internal

template <class ForEachId>
  requires(!std::convertible_to<const ForEachId&, std::span<const int64_t>>)
std::vector<int64_t> DistinctIds(const ForEachId& for_each_id) {
  internal::IdBounds bounds;
  for_each_id([&bounds](int64_t id) { bounds.Add(id); });
  if (bounds.count == 0) return {};
  if (!DenseIds(bounds.first, bounds.last, bounds.count)) {
    std::vector<int64_t> ids;
    ids.reserve(bounds.count);
    for_each_id([&ids](int64_t id) { ids.push_back(id); });
    return internal::SortedOnce(std::move(ids));
  }
  // In unsigned arithmetic: the range of dense ids fits in a size_t, its ends may be negative.
  std::vector<uint8_t> marks(static_cast<size_t>(static_cast<uint64_t>(bounds.last) - static_cast<uint64_t>(bounds.first)) + 1, 0);
  const int64_t first = bounds.first;
  for_each_id([&marks, first](int64_t id) { marks[static_cast<size_t>(static_cast<uint64_t>(id) - static_cast<uint64_t>(first))] = 1; });
  return internal::MarkedIds(marks, first);
}

}  // namespace vigie
