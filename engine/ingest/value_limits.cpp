#include "engine/ingest/value_limits.h"

#include <cmath>

namespace vigie::ingest {

namespace model = sema::model;

// Far above anything real (Hospi Diag's largest occupancy rate is 1 709 %, the national health
// budget about 2.5e11 euros), far below what would overflow the exact arithmetic of the evaluation.
MagnitudeCap CapFor(model::Unit unit) {
  switch (unit) {
    case model::Unit::kPercent: return {1e5, "100 000"};
    case model::Unit::kRatio: return {1e6, "1 000 000"};
    case model::Unit::kScore: return {1e6, "1 000 000"};
    case model::Unit::kCount: return {1e10, "10 000 000 000"};
    case model::Unit::kDays: return {1e6, "1 000 000"};
    case model::Unit::kHours: return {1e9, "1 000 000 000"};
    case model::Unit::kYears: return {1e4, "10 000"};
    case model::Unit::kEuros: return {1e12, "1 000 000 000 000"};
    case model::Unit::kBeds: return {1e6, "1 000 000"};
    case model::Unit::kPlaces: return {1e6, "1 000 000"};
  }
  return {1e6, "1 000 000"};
}

MagnitudeProblem CheckMagnitude(double value, model::Unit unit) {
  if (!std::isfinite(value)) return MagnitudeProblem::kNotFinite;
  const double magnitude = std::fabs(value);
  if (magnitude > CapFor(unit).value) return MagnitudeProblem::kTooLarge;
  if (magnitude != 0 && magnitude < kSmallestMagnitude) return MagnitudeProblem::kTooSmall;
  return MagnitudeProblem::kNone;
}

}  // namespace vigie::ingest
