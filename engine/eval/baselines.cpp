// Baselines and per-year rules: a commitment's baseline value (the entity's own value in the baseline
// year), and the verdict of a year whose target is a share of it (`<= 95 % of baseline`) or whose
// partially met band ends at a limit of its own (`partially met up to baseline`).
#include "engine/eval/internal/evaluation.h"

#include <cstdlib>


namespace vigie::eval {
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
    if (!share) return Measured(bound, unit);
    if (*share == "100") return Tr("{0} (the {1} baseline)", Measured(bound, unit), *c.baseline_year);
    return Tr("{0} = {1} % of {2} (the {3} baseline)", Measured(bound, unit), LocalizeNumber(*share), Measured(base, unit),
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
  return verdict(judged, [&] {
    Margin margin;
    if (limit) {
      margin = {Margin::Kind::kLimit, written(t.partial->baseline_share, *limit)};
    } else if (judged == model::Verdict::kPartiallyMet) {
      margin = Margin::Tolerance(*c.tolerance, unit);
    }
    return JudgedReason(judged, Measured(value, unit), t.comparator, written(t.baseline_share, target), margin);
  });
}

}  // namespace vigie::eval
