// `for 3 consecutive years`: a commitment met only when this year's rule is met in each of the last N
// years (this one included). Earlier years are judged by this year's rule, from the data, even before
// the contract's period: "three consecutive years under the threshold" reads the years it names.
#include "engine/eval/internal/evaluation.h"

#include <algorithm>

namespace vigie::eval {

model::Verdict Evaluator::Impl::ConsecutiveVerdict(const model::Commitment& c, int entity, int period, Detail* detail) {
  const model::Period& p = data.PeriodAt(period);
  const model::PeriodTarget* rule = nullptr;
  for (const auto& t : c.targets) {
    if (t.period.kind == model::PeriodKind::kYear && t.period.year == p.year) rule = &t;
  }
  // The same commitment judged once a year, each year by this year's rule.
  model::Commitment window = c;
  window.consecutive_years = 1;
  window.targets.clear();
  const int first = p.year - c.consecutive_years + 1;
  for (int year = first; rule != nullptr && year <= p.year; ++year) {
    model::PeriodTarget t = *rule;
    t.period = model::Period{model::PeriodKind::kYear, year, 0};
    window.targets.push_back(t);
  }
  std::vector<model::Verdict> verdicts;
  std::string years;  // "2019 met; 2020 not met (...); 2021 met"
  Detail now;
  for (int year = first; year <= p.year; ++year) {
    const int slot = data.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0});
    Detail sub;
    model::Verdict v = model::Verdict::kMissingData;
    if (slot < 0) {
      sub.reason = Tr("no data at all for {0}", year);
    } else {
      v = CommitmentVerdict(window, entity, slot, detail != nullptr ? &sub : nullptr);
    }
    verdicts.push_back(v);
    if (detail != nullptr) {
      for (const auto& input : sub.inputs) AddInputOnce(*detail, input);
      const bool plain = v == model::Verdict::kMet || v == model::Verdict::kWaived;
      years += (years.empty() ? "" : "; ") + std::to_string(year) + " " + VerdictLabel(v) +
               (plain ? std::string() : " (" + sub.reason.str() + ")");
      if (year == p.year) now = sub;
    }
  }
  // Any year not met breaks the run; otherwise the least known year decides.
  auto any = [&](model::Verdict v) { return std::find(verdicts.begin(), verdicts.end(), v) != verdicts.end(); };
  model::Verdict combined = model::Verdict::kMet;
  if (any(model::Verdict::kNotMet)) combined = model::Verdict::kNotMet;
  else if (any(model::Verdict::kError)) combined = model::Verdict::kError;
  else if (any(model::Verdict::kPending)) combined = model::Verdict::kPending;
  else if (any(model::Verdict::kMissingData)) combined = model::Verdict::kMissingData;
  else if (any(model::Verdict::kNotApplicable)) combined = model::Verdict::kNotApplicable;
  else if (any(model::Verdict::kPartiallyMet)) combined = model::Verdict::kPartiallyMet;
  if (detail != nullptr) {
    detail->measured = now.measured;
    detail->target = now.target;
    detail->comparator = now.comparator;
    detail->band_low = now.band_low;
    detail->band_high = now.band_high;
  }
  return Decide(detail, combined, [&] { return Tr("{0} consecutive years needed: {1}", c.consecutive_years, years); });
}

}  // namespace vigie::eval
