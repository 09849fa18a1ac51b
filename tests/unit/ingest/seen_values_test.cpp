#include "engine/ingest/internal/seen_values.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace vigie::ingest::internal {

namespace {

// A wide file's values: `entities` rows of `columns` indicators, for the years 2018 and 2019, each
// value's line its row's (2 + entity) and its place in the batch its order. Every value is new.
void QueueAll(SeenValues& seen, const std::vector<int>& indicators, int entities, size_t& index) {
  for (int year : {2018, 2019}) {
    for (int e = 0; e < entities; ++e) {
      const std::string entity = "0800" + std::to_string(10000 + e);
      for (const int& indicator : indicators) {
        REQUIRE(seen.FindOrAdd(entity, &indicator, calendar::Period{calendar::PeriodKind::kYear, year, 0},
                               static_cast<size_t>(2 + e), index) == nullptr);
        ++index;
      }
    }
  }
}

// Every value given again: found, with the line and place of its first.
void CheckAllFound(SeenValues& seen, const std::vector<int>& indicators, int entities) {
  size_t index = 0;
  int wrong = 0;
  for (int year : {2018, 2019}) {
    for (int e = 0; e < entities; ++e) {
      const std::string entity = "0800" + std::to_string(10000 + e);
      for (const int& indicator : indicators) {
        const SeenValues::First* first =
            seen.FindOrAdd(entity, &indicator, calendar::Period{calendar::PeriodKind::kYear, year, 0}, 99999, 777777);
        if (first == nullptr || first->line != static_cast<size_t>(2 + e) || first->index != index) ++wrong;
        ++index;
      }
    }
  }
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("a value given twice is found with its first line, its row's values kept together or not", "[import]") {
  const std::vector<int> indicators(73);  // Hospi Diag's activity sheet: 73 mapped columns
  const int entities = 1503;
  for (const bool together : {false, true}) {
    SeenValues seen;
    seen.Reserve(2 * entities * indicators.size());
    if (together) seen.KeepRowsTogether(indicators.size());
    size_t index = 0;
    QueueAll(seen, indicators, entities, index);
    CHECK(index == 2 * 1503 * 73);
    CheckAllFound(seen, indicators, entities);
  }
}

TEST_CASE("values kept together after some were queued, or more of them than the window, are all found", "[import]") {
  const std::vector<int> indicators(300);
  SeenValues seen;  // not reserved: the table grows as values come
  size_t index = 0;
  QueueAll(seen, indicators, 20, index);
  seen.KeepRowsTogether(8);  // a window of 16 slots for 300 values of an entity and year: slower, still right
  CheckAllFound(seen, indicators, 20);
  const int another = 0;  // an indicator not given yet: new
  CHECK(seen.FindOrAdd("080010000", &another, calendar::Period{calendar::PeriodKind::kYear, 2018, 0}, 5, index) ==
        nullptr);
  const SeenValues::First* first =
      seen.FindOrAdd("080010000", &another, calendar::Period{calendar::PeriodKind::kYear, 2018, 0}, 6, index + 1);
  REQUIRE(first != nullptr);
  CHECK(first->line == 5);
  CHECK(first->index == index);
}

}  // namespace vigie::ingest::internal
