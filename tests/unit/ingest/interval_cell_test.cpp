// A value published with its confidence interval (Hospi Diag's quality axis): the value is kept, the
// interval becomes the note; anything that is not exactly one of the two forms is not read.
#include "engine/ingest/interval_cell.h"

#include <catch2/catch.hpp>

namespace vigie::ingest {

TEST_CASE("interval cells: value ± half-width (Hospi Diag 2009-2011)", "[ingest][interval]") {
  IntervalCell cell = ParseIntervalCell("      57 ± 5", DecimalMark::kComma);
  REQUIRE(cell.ok);
  CHECK(cell.value.value == 57);
  CHECK_FALSE(cell.value.percent_sign);
  CHECK(cell.note == "± 5");
  cell = ParseIntervalCell("15% ± 8%", DecimalMark::kComma);
  REQUIRE(cell.ok);
  CHECK(cell.value.value == 15);
  CHECK(cell.value.percent_sign);
  CHECK(cell.note == "± 8%");
  cell = ParseIntervalCell("9,5 ± 1,5", DecimalMark::kComma);
  REQUIRE(cell.ok);
  CHECK(cell.value.value == 9.5);
}

TEST_CASE("interval cells: value - [low - high] (Hospi Diag 2012-2014)", "[ingest][interval]") {
  IntervalCell cell = ParseIntervalCell("63 - [58 - 68]", DecimalMark::kComma);
  REQUIRE(cell.ok);
  CHECK(cell.value.value == 63);
  CHECK(cell.note == "[58 - 68]");
  cell = ParseIntervalCell("  100% - [100% - 100%] ", DecimalMark::kComma);
  REQUIRE(cell.ok);
  CHECK(cell.value.value == 100);
  CHECK(cell.value.percent_sign);
  CHECK(cell.note == "[100% - 100%]");
}

TEST_CASE("interval cells: anything else is not one", "[ingest][interval]") {
  for (const char* text : {"63", "63 - [58 68]", "26% - [17 - 36%]", "69 ± ", "± 5", "63 [58 - 68]", "63 - [58 - 68",
                           "A", "N. Conc.", "63 - [58 - x]", "15% ± 8", "- [1 - 2]"}) {
    INFO(text);
    CHECK_FALSE(ParseIntervalCell(text, DecimalMark::kComma).ok);
  }
}

}  // namespace vigie::ingest
