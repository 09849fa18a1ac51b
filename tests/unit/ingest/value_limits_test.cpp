#include "engine/ingest/value_limits.h"

#include <catch2/catch.hpp>
#include <limits>

namespace vigie::ingest {

namespace model = sema::model;

// Issue 13, item 1: `1,5E308` in a percentage column once stopped `vigie run`.
TEST_CASE("a value is finite and within its unit's limits", "[ingest]") {
  using P = MagnitudeProblem;
  CHECK(CheckMagnitude(1709.1, model::Unit::kPercent) == P::kNone);
  CHECK(CheckMagnitude(-100000, model::Unit::kPercent) == P::kNone);
  CHECK(CheckMagnitude(100000.5, model::Unit::kPercent) == P::kTooLarge);
  CHECK(CheckMagnitude(1.5e308, model::Unit::kPercent) == P::kTooLarge);
  CHECK(CheckMagnitude(1e23, model::Unit::kBeds) == P::kTooLarge);
  CHECK(CheckMagnitude(1e12, model::Unit::kEuros) == P::kNone);
  CHECK(CheckMagnitude(-2e12, model::Unit::kEuros) == P::kTooLarge);
  CHECK(CheckMagnitude(std::numeric_limits<double>::infinity(), model::Unit::kCount) == P::kNotFinite);
  CHECK(CheckMagnitude(std::numeric_limits<double>::quiet_NaN(), model::Unit::kRatio) == P::kNotFinite);
}

TEST_CASE("a non-zero value closer to zero than 9 decimals is refused", "[ingest]") {
  using P = MagnitudeProblem;
  CHECK(CheckMagnitude(0, model::Unit::kRatio) == P::kNone);
  CHECK(CheckMagnitude(1e-9, model::Unit::kRatio) == P::kNone);
  CHECK(CheckMagnitude(-1e-10, model::Unit::kRatio) == P::kTooSmall);
  CHECK(CheckMagnitude(4.9e-324, model::Unit::kPercent) == P::kTooSmall);
  CHECK(CheckMagnitude(std::numeric_limits<double>::denorm_min(), model::Unit::kCount) == P::kTooSmall);
}

TEST_CASE("every unit has a limit", "[ingest]") {
  for (model::Unit unit : {model::Unit::kPercent, model::Unit::kRatio, model::Unit::kCount, model::Unit::kScore,
                           model::Unit::kDays, model::Unit::kHours, model::Unit::kYears, model::Unit::kEuros,
                           model::Unit::kBeds, model::Unit::kPlaces}) {
    CHECK(CapFor(unit).value >= 1e4);
    CHECK(CapFor(unit).value <= 1e12);
  }
}

}  // namespace vigie::ingest
