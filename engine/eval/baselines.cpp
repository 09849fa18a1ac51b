// Baselines and per-year rules: a commitment's baseline value (the entity's own value in the baseline
// year), and the verdict of a year whose target is a share of it (`<= 95 % of baseline`) or whose
// partially met band ends at a limit of its own (`partially met up to baseline`).
#include "engine/eval/internal/evaluation.h"

#include <cstdlib>

#include "engine/base/number_text.h"

namespace vigie::eval {
namespace {

// A value in a reason, with the indicator's unit (base/locale_text.h).
std::string WithUnit(double value, model::Unit unit) { return ValueWithUnit(ShortNumber(value), model::Name(unit)); }

// The comparison a value failed: 7.8 fails `<= 7.79` as `7.8 > 7.79`.
std::string_view Negated(model::Comparator comparator) {
  switch (comparator) {
    case model::Comparator::kGe: return "<";
    case model::Comparator::kGt: return "<=";
    case model::Comparator::kLe: return ">";
    case model::Comparator::kLt: return ">=";
    case model::Comparator::kEq: return "!=";
    case model::Comparator::kNe: return "=";
  }
  return "?";
}

}  // namespace

Evaluator::Impl::Computed Evaluator::Impl::BaselineValue(const model::Commitment& c, int year, int entity, Detail* detail) {
  const int slot = data.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0});
  Computed baseline;
  if (slot < 0) {
    baseline.reason = Tr("no data at all for the baseline year {0}", year);
    return baseline;
  }
  const size_t before = detail != nullptr ? detail->inputs.size() : 0;
  baseline = ValueFor(c, entity, slot, detail);
  if (detail != nullptr) {
    for (size_t i = before; i < detail->inputs.size(); ++i) detail->inputs[i].role = "baseline";
  }
  return baseline;
}

model::Verdict Evaluator::Impl::RelativeVerdict(const model::Commitment& c, const model::PeriodTarget& t, int entity,
                                                double value, Detail* detail) {
  auto verdict = [&](model::Verdict v, auto&& reason) { return Decide(detail, v, reason); };
  const model::Unit unit = c.measured->unit;
  double base = kNaN;
  if (t.UsesBaseline()) {
    const Computed baseline = BaselineValue(c, *c.baseline_year, entity, detail);
    if (baseline.error) return verdict(model::Verdict::kError, [&] { return baseline.reason; });
    if (std::isnan(baseline.value)) {
      return verdict(model::Verdict::kMissingData, [&] { return Tr("baseline: {0}", baseline.reason); });
    }
    base = baseline.value;
  }
  // A bound: a share of the baseline, computed exactly (95 % of 8.2 is 7.79), or a number as written.
  auto edge = [&](const std::optional<std::string>& share, const std::string& text) {
    if (!share) return Exact(text, kNaN);
    const std::optional<Rational> exact_base = Exactly(base);
    const std::optional<Rational> exact_share = Rational::FromDecimal(*share);
    if (!exact_base || !exact_share) return base * std::strtod(share->c_str(), nullptr) / 100;
    return (*exact_base * *exact_share / Rational(100)).ToDouble();
  };
  // "7.79 % = 95 % of 8.2 % (the 2017 baseline)", "8.2 % (the 2017 baseline)", "6 %".
  auto written = [&](const std::optional<std::string>& share, double bound) {
    if (!share) return WithUnit(bound, unit);
    if (*share == "100") return Tr("{0} (the {1} baseline)", WithUnit(bound, unit), *c.baseline_year);
    return Tr("{0} = {1} % of {2} (the {3} baseline)", WithUnit(bound, unit), LocalizeNumber(*share), WithUnit(base, unit),
              *c.baseline_year);
  };
  const double target = edge(t.baseline_share, t.bound_text);
  TargetRule rule{t.comparator, target, false, target, target};
  std::optional<double> limit;
  if (t.partial) {
    limit = edge(t.partial->baseline_share, t.partial->text);
    const bool upward = t.comparator == model::Comparator::kGe || t.comparator == model::Comparator::kGt;
    rule.banded = true;
    rule.low = upward ? *limit : target;
    rule.high = upward ? target : *limit;
  } else if (c.tolerance) {
    rule = MakeRule(t.comparator, target, c.tolerance);
  }
  if (detail != nullptr) {
    detail->measured = value;
    detail->target = target;
    detail->comparator = t.comparator;
    if (rule.banded) {
      detail->band_low = rule.low;
      detail->band_high = rule.high;
    }
  }
  const model::Verdict judged = Judge(value, rule);
  const std::string measured = WithUnit(value, unit);
  switch (judged) {
    case model::Verdict::kMet:
      return verdict(judged, [&] { return measured + " " + std::string(model::Name(t.comparator)) + " " + written(t.baseline_share, target); });
    case model::Verdict::kPartiallyMet:
      if (limit) {
        return verdict(judged, [&] {
          return Tr("{0} {1} {2}; partially met up to {3}", measured, Negated(t.comparator), written(t.baseline_share, target),
                    written(t.partial->baseline_share, *limit));
        });
      }
      return verdict(judged, [&] {
        const std::string tolerance = ToleranceWithUnit(c.tolerance->text, model::Name(unit),
                                                        c.tolerance->kind == model::Tolerance::Kind::kRelative);
        return Tr("{0} {1} {2}, but within the tolerance of {3}", measured, Negated(t.comparator),
                  written(t.baseline_share, target), tolerance);
      });
    default:
      if (limit) {
        return verdict(judged, [&] {
          return Tr("{0} {1} {2}, and beyond the partially met limit {3}", measured, Negated(t.comparator),
                    written(t.baseline_share, target), written(t.partial->baseline_share, *limit));
        });
      }
      return verdict(judged, [&] { return measured + " " + std::string(Negated(t.comparator)) + " " + written(t.baseline_share, target); });
  }
}

}  // namespace vigie::eval
