// The dense inner loop of an evaluation: one commitment's target rule judged over one column of
// values (one indicator, one period, every entity in scope), writing one cell per entity and
// tallying the verdicts as it goes. The comparator is fixed per call, so the loop has no dispatch
// and no allocation: the same verdicts as Judge (internal/evaluation.h), value by value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/eval/evaluator.h"

namespace vigie::eval {
namespace internal {
struct TargetRule;
}

// Judges column[scope[i]] for i in [0, n), appending one cell (entity scope[i], period `period`) per
// value to `out` (reserved by the caller: the cells are written once, never zeroed first); adds each
// verdict to tally[verdict]. `column` null: every value is absent (missing data).
void JudgeColumn(const internal::TargetRule& rule, const double* column, const int* scope, size_t n, int period,
                 std::vector<Cell>& out, int64_t tally[8]);

}  // namespace vigie::eval
