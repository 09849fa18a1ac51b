// The reason of a value judged by a rule: what a controller reads beside a verdict on a number, with
// the indicator's unit and the comparator as a symbol, written by this file only (verdicts.cpp for a
// target as written, baselines.cpp for a share of the baseline or a partially met limit).
#include "engine/eval/internal/evaluation.h"

#include "engine/base/number_text.h"

#include <string_view>
#include <utility>

namespace vigie::eval::internal {

std::string Measured(double value, model::Unit unit) { return ValueWithUnit(ShortNumber(value), model::Name(unit)); }

Margin Margin::Tolerance(const model::Tolerance& tolerance, model::Unit unit) {
  return {Kind::kTolerance,
          ToleranceWithUnit(tolerance.text, model::Name(unit), tolerance.kind == model::Tolerance::Kind::kRelative)};
}

namespace {

// Stands for the measured value in a sentence cut into pieces (never in a word or a number).
constexpr std::string_view kMeasuredMark = "\x1f";

// The one place each sentence is worded: the verdict `judged` on `measured` against `rule` ("≥ 57 %").
std::string Sentence(model::Verdict judged, std::string_view measured, const std::string& rule, const Margin& margin) {
  switch (judged) {
    case model::Verdict::kMet: return std::string(measured) + " " + rule;  // no words: the same in every language
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

std::string RuleText(model::Comparator comparator, const std::string& bound) {
  return ComparatorSymbol(model::Name(comparator)) + " " + bound;
}

size_t OutcomeIndex(model::Verdict judged) {
  return judged == model::Verdict::kMet ? 0 : judged == model::Verdict::kPartiallyMet ? 1 : 2;
}

}  // namespace

std::string JudgedReason(model::Verdict judged, const std::string& measured, model::Comparator comparator,
                         const std::string& bound, const Margin& margin) {
  return Sentence(judged, measured, RuleText(comparator, bound), margin);
}

JudgedWording::JudgedWording(model::Comparator comparator, const std::string& bound, Margin margin)
    : rule_(RuleText(comparator, bound)), margin_(std::move(margin)) {}

void JudgedWording::AppendReason(std::string& out, model::Verdict judged, std::string_view measured) const {
  std::vector<std::string>& pieces = pieces_[OutcomeIndex(judged)];
  if (pieces.empty()) {  // the sentence with a mark for the value, cut at each mark
    const std::string marked = Sentence(judged, kMeasuredMark, rule_, margin_);
    size_t start = 0;
    for (size_t mark = marked.find(kMeasuredMark); mark != std::string::npos; mark = marked.find(kMeasuredMark, start)) {
      pieces.push_back(marked.substr(start, mark - start));
      start = mark + kMeasuredMark.size();
    }
    pieces.push_back(marked.substr(start));
  }
  out += pieces[0];
  for (size_t i = 1; i < pieces.size(); ++i) {
    out += measured;
    out += pieces[i];
  }
}

}  // namespace vigie::eval::internal
