// The reason of a value judged by a rule: what a controller reads beside a verdict on a number, with
// the indicator's unit and the comparator as a symbol, written by this file only (verdicts.cpp for a
// target as written, baselines.cpp for a share of the baseline or a partially met limit).
#include "engine/eval/internal/evaluation.h"

#include "engine/base/number_text.h"

namespace vigie::eval::internal {

std::string Measured(double value, model::Unit unit) { return ValueWithUnit(ShortNumber(value), model::Name(unit)); }

Margin Margin::Tolerance(const model::Tolerance& tolerance, model::Unit unit) {
  return {Kind::kTolerance,
          ToleranceWithUnit(tolerance.text, model::Name(unit), tolerance.kind == model::Tolerance::Kind::kRelative)};
}

std::string JudgedReason(model::Verdict judged, const std::string& measured, model::Comparator comparator,
                         const std::string& bound, const Margin& margin) {
  const std::string rule = ComparatorSymbol(model::Name(comparator)) + " " + bound;
  switch (judged) {
    case model::Verdict::kMet: return measured + " " + rule;  // no words: the same in every language
    case model::Verdict::kPartiallyMet:
      if (margin.kind == Margin::Kind::kLimit) {
        return Tr("{0} misses {1}; partially met up to {2}", measured, rule, margin.text);
      }
      return Tr("{0} misses {1} but is within the tolerance of {2}", measured, rule, margin.text);
    default:
      if (margin.kind == Margin::Kind::kLimit) {
        return Tr("{0} does not satisfy {1}, nor the partially met limit {2}", measured, rule, margin.text);
      }
      return Tr("{0} does not satisfy {1}", measured, rule);
  }
}

}  // namespace vigie::eval::internal
