#include "engine/eval/column_judge.h"

#include <cmath>

#include "engine/eval/internal/evaluation.h"

namespace vigie::eval {
namespace {

using internal::TargetRule;

// Judge with the comparator a template parameter: Satisfies folds to one comparison.
template <model::Comparator C, bool Banded>
void Loop(const TargetRule& rule, const double* column, const int* scope, size_t n, int period, std::vector<Cell>& out,
          int64_t tally[8]) {
  const double target = rule.target, low = rule.low, high = rule.high;
  int64_t counts[4] = {0, 0, 0, 0};  // met, partially met, not met, missing data: the only outcomes
  for (size_t i = 0; i < n; ++i) {
    const int entity = scope[i];
    const double value = column[entity];
    model::Verdict v;
    if (std::isnan(value)) v = model::Verdict::kMissingData;
    else if (internal::Satisfies(value, C, target)) v = model::Verdict::kMet;
    else if (Banded && low <= value && value <= high) v = model::Verdict::kPartiallyMet;
    else v = model::Verdict::kNotMet;
    out.push_back(Cell{entity, period, v});
    ++counts[static_cast<int>(v)];
  }
  for (int k = 0; k < 4; ++k) tally[k] += counts[k];
}

template <model::Comparator C>
void Dispatch(const TargetRule& rule, const double* column, const int* scope, size_t n, int period, std::vector<Cell>& out,
              int64_t tally[8]) {
  if (rule.banded) Loop<C, true>(rule, column, scope, n, period, out, tally);
  else Loop<C, false>(rule, column, scope, n, period, out, tally);
}

}  // namespace

void JudgeColumn(const TargetRule& rule, const double* column, const int* scope, size_t n, int period, std::vector<Cell>& out,
                 int64_t tally[8]) {
  if (column == nullptr) {
    for (size_t i = 0; i < n; ++i) out.push_back(Cell{scope[i], period, model::Verdict::kMissingData});
    tally[static_cast<int>(model::Verdict::kMissingData)] += static_cast<int64_t>(n);
    return;
  }
  switch (rule.comparator) {
    case model::Comparator::kGe: return Dispatch<model::Comparator::kGe>(rule, column, scope, n, period, out, tally);
    case model::Comparator::kGt: return Dispatch<model::Comparator::kGt>(rule, column, scope, n, period, out, tally);
    case model::Comparator::kLe: return Dispatch<model::Comparator::kLe>(rule, column, scope, n, period, out, tally);
    case model::Comparator::kLt: return Dispatch<model::Comparator::kLt>(rule, column, scope, n, period, out, tally);
    case model::Comparator::kEq: return Dispatch<model::Comparator::kEq>(rule, column, scope, n, period, out, tally);
    case model::Comparator::kNe: return Dispatch<model::Comparator::kNe>(rule, column, scope, n, period, out, tally);
  }
}

}  // namespace vigie::eval
