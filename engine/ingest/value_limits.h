// The magnitudes an imported value may have, whatever the indicator: a value no establishment can
// report (1,5E308 %, 1e23 beds, 4,9E-324) is a mistake in the file (a misplaced exponent or decimal
// mark), and downstream it would stop an evaluation or a report (issue 13). The indicator's own
// `range` (bornes) narrows this further. docs/import.md lists the limits.
#pragma once

#include <string>

#include "engine/sema/model.h"

namespace vigie::ingest {

// The largest magnitude a value of `unit` may have, and how a message writes it.
struct MagnitudeCap {
  double value;
  const char* text;  // "100 000"
};
MagnitudeCap CapFor(sema::model::Unit unit);

// The smallest non-zero magnitude: the evaluation keeps 9 decimals, so anything smaller would be
// read as 0 (or is a subnormal double, which no decimal cell means).
inline constexpr double kSmallestMagnitude = 1e-9;

enum class MagnitudeProblem { kNone, kNotFinite, kTooLarge, kTooSmall };

// Whether `value` is finite, at most CapFor(unit) in magnitude, and zero or at least
// kSmallestMagnitude in magnitude.
MagnitudeProblem CheckMagnitude(double value, sema::model::Unit unit);

}  // namespace vigie::ingest
