#include "engine/base/distinct_ids.h"

#include <algorithm>

namespace vigie {

bool DenseIds(int64_t first, int64_t last, size_t count) {
  // In unsigned arithmetic: ids of a store edited by hand may lie more than 2^63 apart.
  return (static_cast<uint64_t>(last) - static_cast<uint64_t>(first)) / 4 < count;
}

std::vector<int64_t> DistinctIds(std::span<const int64_t> ids) {
  return DistinctIds([ids](auto visit) {
    for (int64_t id : ids) visit(id);
  });
}

namespace internal {

std::vector<int64_t> MarkedIds(const std::vector<uint8_t>& marks, int64_t first, std::vector<int64_t> apart) {
  std::vector<int64_t> ids;
  ids.reserve(static_cast<size_t>(std::count(marks.begin(), marks.end(), uint8_t{1})));
  for (size_t i = 0; i < marks.size(); ++i) {
    if (marks[i] != 0) ids.push_back(static_cast<int64_t>(static_cast<uint64_t>(first) + i));
  }
  if (apart.empty()) return ids;
  // Ids outside the range: below all the marked ones or above them, each once, around them.
  apart = SortedOnce(std::move(apart));
  const auto above = std::upper_bound(apart.begin(), apart.end(), first);
  ids.insert(ids.begin(), apart.begin(), above);
  ids.insert(ids.end(), above, apart.end());
  return ids;
}

std::vector<int64_t> SortedOnce(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace internal

}  // namespace vigie
