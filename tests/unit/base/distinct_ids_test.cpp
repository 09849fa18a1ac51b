// DistinctIds: ids each once, in increasing order, whether they lie close together (marked over
// their range) or far apart (listed and sorted); DenseIds, the rule that chooses.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <vector>

#include "engine/base/distinct_ids.h"

namespace vigie {
namespace {

using Ids = std::vector<int64_t>;

TEST_CASE("no ids give none", "[base][distinct_ids]") { CHECK(DistinctIds(Ids{}).empty()); }

TEST_CASE("one id is given back", "[base][distinct_ids]") {
  CHECK(DistinctIds(Ids{42}) == Ids{42});
  CHECK(DistinctIds(Ids{0}) == Ids{0});
}

TEST_CASE("dense ids out of order and repeated come once each, in order", "[base][distinct_ids]") {
  CHECK(DenseIds(10, 14, 8));
  CHECK(DistinctIds(Ids{14, 10, 12, 12, 11, 14, 13, 10}) == Ids{10, 11, 12, 13, 14});
  // A gap inside the range is no id.
  CHECK(DistinctIds(Ids{5, 3, 3, 8, 5, 8}) == Ids{3, 5, 8});
}

TEST_CASE("ids far apart are listed and sorted", "[base][distinct_ids]") {
  CHECK_FALSE(DenseIds(7, 1'000'000'000, 4));
  CHECK(DistinctIds(Ids{1'000'000'000, 7, 500, 7}) == Ids{7, 500, 1'000'000'000});
}

TEST_CASE("ids at 0 and below, dense or far apart", "[base][distinct_ids]") {
  CHECK(DistinctIds(Ids{0, -2, -1, -2, 1}) == Ids{-2, -1, 0, 1});
  constexpr int64_t kLowest = std::numeric_limits<int64_t>::min(), kHighest = std::numeric_limits<int64_t>::max();
  CHECK_FALSE(DenseIds(kLowest, kHighest, 3));
  CHECK(DistinctIds(Ids{kHighest, 0, kLowest, kHighest}) == Ids{kLowest, 0, kHighest});
  CHECK(DistinctIds(Ids{kLowest + 1, kLowest, kLowest + 1}) == Ids{kLowest, kLowest + 1});
  CHECK(DistinctIds(Ids{kHighest, kHighest - 2}) == Ids{kHighest - 2, kHighest});
}

TEST_CASE("dense: a quarter of the range or more", "[base][distinct_ids]") {
  CHECK(DenseIds(0, 0, 1));
  CHECK(DenseIds(1, 8, 2));        // 7 / 4 = 1 < 2
  CHECK_FALSE(DenseIds(1, 9, 2));  // 8 / 4 = 2, not < 2
  // Both ways give the same ids: {1, 9} listed, {1, 8} marked.
  CHECK(DistinctIds(Ids{9, 1}) == Ids{1, 9});
  CHECK(DistinctIds(Ids{8, 1}) == Ids{1, 8});
}

TEST_CASE("ids from a function, visited as it gives them", "[base][distinct_ids]") {
  int calls = 0;
  const Ids ids = DistinctIds([&calls](auto visit) {
    ++calls;
    for (int64_t id : {12, 10, 11, 10}) visit(id);
  });
  CHECK(ids == Ids{10, 11, 12});
  CHECK(calls == 2);  // once to bound them, once to mark them
}

IdBounds Within(int64_t first, int64_t last, size_t count) {
  IdBounds bounds;
  bounds.first = first;
  bounds.last = last;
  bounds.count = count;
  return bounds;
}

TEST_CASE("ids within a known range: marked in one pass, those outside it merged in", "[base][distinct_ids]") {
  int calls = 0;
  auto give = [&calls](const Ids& ids) {
    return [&calls, ids](auto visit) {
      ++calls;
      for (int64_t id : ids) visit(id);
    };
  };
  CHECK(DistinctIdsWithin(Within(10, 20, 11), give({20, 12, 10, 12, 15})) == Ids{10, 12, 15, 20});
  CHECK(calls == 1);
  // Below and above the range, repeated, out of order: each once, in their places.
  CHECK(DistinctIdsWithin(Within(10, 20, 11), give({25, 3, 11, -4, 25, 3, 19, 1'000'000})) ==
        Ids{-4, 3, 11, 19, 25, 1'000'000});
  CHECK(calls == 2);
  CHECK(DistinctIdsWithin(Within(10, 20, 11), give({5, 2})) == Ids{2, 5});  // none within
  CHECK(DistinctIdsWithin(Within(10, 20, 11), give({})).empty());
  calls = 0;
  // A range the ids would not fill (or none): as DistinctIds, called twice.
  CHECK(DistinctIdsWithin(Within(0, 1'000'000'000, 3), give({9, 7, 9})) == Ids{7, 9});
  CHECK(calls == 2);
  CHECK(DistinctIdsWithin(IdBounds{}, give({4, 4, 3})) == Ids{3, 4});
  CHECK(calls == 4);
}

TEST_CASE("bounds of ids: least, greatest, how many", "[base][distinct_ids]") {
  IdBounds bounds;
  CHECK_FALSE(bounds.Dense());  // none
  for (int64_t id : {5, -3, 5, 2}) bounds.Add(id);
  CHECK(bounds.first == -3);
  CHECK(bounds.last == 5);
  CHECK(bounds.count == 4);
  CHECK(bounds.Dense());  // 8 / 4 = 2 < 4
}

}  // namespace
}  // namespace vigie
