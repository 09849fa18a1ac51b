// The details of a column judged at once (column_judge.h): what CommitmentVerdict writes of each
// verdict of a plain commitment, written by a loop of its own. What the whole column shares (the
// rule's words, the margin, the indicator, its unit and the period) is made once; each verdict adds
// only its entity, its stored value and the words of that value.
#include "engine/eval/internal/evaluation.h"

namespace vigie::eval {

void Evaluator::Impl::DetailColumn(const model::Commitment& c, const TargetRule& rule, int period, const Cell* cells,
                                   size_t n, std::vector<Detail>& out, TextArena& reasons) const {
  const model::Indicator& indicator = *c.measured;
  const model::Unit unit = indicator.unit;
  const int slot = data.IndicatorSlot(indicator.name);
  const model::Period& when = data.PeriodAt(period);
  // A partially met value names the tolerance; the other outcomes do not read the margin.
  const JudgedWording wording(rule.comparator, Measured(rule.target, unit),
                              c.tolerance ? Margin::Tolerance(*c.tolerance, unit) : Margin{});
  const Text role = "value";  // EntityValue's role of the measured indicator's own value
  const Text indicator_name = Text::Static(indicator.name);
  std::string reason;  // each verdict's, before it is kept in `reasons`
  for (size_t i = 0; i < n; ++i) {
    const Cell& cell = cells[i];
    Detail& detail = out.emplace_back();
    detail.verdict = cell.verdict;
    detail.target = rule.target;
    detail.comparator = rule.comparator;
    Detail::Input& input = detail.inputs.emplace_back();  // AddInput's fields
    input.entity = EntityText(cell.entity);
    input.indicator = indicator_name;
    input.role = role;
    input.period = when;
    if (slot >= 0) {
      if (data.Present(cell.entity, slot, period)) input.value = data.Value(cell.entity, slot, period);
      if (std::string code = data.MissingCode(cell.entity, slot, period); !code.empty()) input.missing_code = Text::Static(code);
      input.row_id = data.RowId(cell.entity, slot, period);
    }
    if (cell.verdict == model::Verdict::kMissingData) {
      detail.reason = ArenaText::In(reasons, MissingReason(cell.entity, indicator.name, period));
      continue;
    }
    const double value = *input.value;
    detail.measured = value;
    if (cell.verdict != model::Verdict::kMet && rule.banded) {
      detail.band_low = rule.low;
      detail.band_high = rule.high;
    }
    reason.clear();
    wording.AppendReason(reason, cell.verdict, Measured(value, unit));
    detail.reason = ArenaText::In(reasons, reason);
  }
}

}  // namespace vigie::eval
