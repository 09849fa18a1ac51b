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

// The least and greatest of some ids, and how many (repeats counted).
struct IdBounds {
  int64_t first = std::numeric_limits<int64_t>::max(), last = std::numeric_limits<int64_t>::min();
  size_t count = 0;
  void Add(int64_t id) {
    first = id < first ? id : first;
    last = id > last ? id : last;
    ++count;
  }
  bool Dense() const { return count > 0 && DenseIds(first, last, count); }
};

// The ids `for_each_id` gives, each once, in increasing order. `for_each_id(visit)` calls visit(id)
// for each id; it is called twice: once to bound the ids, then to mark them over their range
// (DenseIds: linear time, a byte per id of the range) or to list and sort them (a few ids far apart).
// DistinctIds({7, 3, 7, -2}) is {-2, 3, 7}.
template <class ForEachId>
  requires(!std::convertible_to<const ForEachId&, std::span<const int64_t>>)
std::vector<int64_t> DistinctIds(const ForEachId& for_each_id);
std::vector<int64_t> DistinctIds(std::span<const int64_t> ids);

// The same ids, when the caller knows a range they lie in, or most of them, and ids that fill it
// (`within`: the rows a run could read, of which a campaign reads most): when those are dense,
// `for_each_id` is called once, its ids marked over their range, any outside it listed apart and
// merged in (else as DistinctIds).
template <class ForEachId>
std::vector<int64_t> DistinctIdsWithin(const IdBounds& within, const ForEachId& for_each_id);

namespace internal {

// The place of `id` in marks over a range from `first` (in unsigned arithmetic: the range of dense
// ids fits in a size_t, its ends may be negative).
inline size_t MarkOf(int64_t id, int64_t first) { return static_cast<size_t>(static_cast<uint64_t>(id) - static_cast<uint64_t>(first)); }
// The ids of `marks` (marks[i] != 0: the id first + i was given), in order, merged with `apart`
// (ids outside the marks' range, in any order, repeats allowed).
std::vector<int64_t> MarkedIds(const std::vector<uint8_t>& marks, int64_t first, std::vector<int64_t> apart);
// `ids` sorted, each once.
std::vector<int64_t> SortedOnce(std::vector<int64_t> ids);

}  // namespace internal

template <class ForEachId>
std::vector<int64_t> DistinctIdsWithin(const IdBounds& within, const ForEachId& for_each_id) {
  if (!within.Dense()) return DistinctIds(for_each_id);  // marks over a range mostly empty would cost more
  std::vector<uint8_t> marks(internal::MarkOf(within.last, within.first) + 1, 0);
  std::vector<int64_t> apart;
  const int64_t first = within.first, last = within.last;
  for_each_id([&marks, &apart, first, last](int64_t id) {
    if (id < first || id > last) apart.push_back(id);
    else marks[internal::MarkOf(id, first)] = 1;
  });
  return internal::MarkedIds(marks, first, std::move(apart));
}

template <class ForEachId>
  requires(!std::convertible_to<const ForEachId&, std::span<const int64_t>>)
std::vector<int64_t> DistinctIds(const ForEachId& for_each_id) {
  IdBounds bounds;
  for_each_id([&bounds](int64_t id) { bounds.Add(id); });
  if (bounds.count == 0) return {};
  if (bounds.Dense()) return DistinctIdsWithin(bounds, for_each_id);
  std::vector<int64_t> ids;
  ids.reserve(bounds.count);
  for_each_id([&ids](int64_t id) { ids.push_back(id); });
  return internal::SortedOnce(std::move(ids));
}

}  // namespace vigie
