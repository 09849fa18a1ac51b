// previous(x) and last_known(x, 2 years): an indicator's value in an earlier period, read as the
// expression reads x itself (the entity's, the group's, a payment's party's), so that its stored
// values are listed and traced like any other.
#include "engine/eval/internal/evaluation.h"

#include <algorithm>

namespace vigie::eval {
namespace {

// The period just before, of the same kind (calendar ordinals count periods of one kind).
model::Period Before(const model::Period& p) { return calendar::FromOrdinal(p.kind, calendar::Ordinal(p) - 1); }

}  // namespace

Value Evaluator::Impl::History(const model::Expr& e, const Frame& f) {
  const model::Expr& value = *e.operands[0];
  if (f.period < 0) return Eval(value, f);  // a payment of several parties: says why it has no value
  const model::Period& now = data.PeriodAt(f.period);
  const std::string whose = f.entity < 0 ? std::string() : data.EntityId(f.entity);
  Frame earlier = f;
  if (e.kind == model::Expr::Kind::kPrevious) {
    const model::Period before = Before(now);
    earlier.period = data.PeriodSlot(before);
    if (earlier.period < 0) {
      return Value::Missing(Tr("no earlier value: {0} of {1} for {2} is not in the data", e.text, whose, PeriodText(before)));
    }
    Value v = Eval(value, earlier);
    if (v.kind == Value::Kind::kMissing) v.why = Tr("no earlier value: {0}", v.why);
    return v;
  }
  // last_known: the latest period of the same kind, up to this one, that has a value.
  const int per_period = now.kind == model::PeriodKind::kYear ? 12 : now.kind == model::PeriodKind::kQuarter ? 3 : 1;
  const int max_age = e.index < 0 ? -1 : e.index / per_period;  // in periods
  std::vector<int> slots;
  for (int slot = 0; slot < data.PeriodCount(); ++slot) {
    const model::Period& q = data.PeriodAt(slot);
    if (q.kind == now.kind && !(now < q)) slots.push_back(slot);
  }
  std::sort(slots.begin(), slots.end(), [&](int a, int b) { return data.PeriodAt(b) < data.PeriodAt(a); });
  for (int slot : slots) {
    earlier.period = slot;
    Value v = Eval(value, earlier);
    if (v.kind == Value::Kind::kMissing) continue;
    const model::Period& found = data.PeriodAt(slot);
    if (max_age >= 0 && calendar::Ordinal(now) - calendar::Ordinal(found) > max_age) {
      model::Period earliest = now;
      for (int i = 0; i < max_age; ++i) earliest = Before(earliest);
      return Value::Missing(Tr("the last known value of {0} of {1} is of {2}: too old in {3}, where values from {4} on count",
                               e.text, whose, PeriodText(found), PeriodText(now), PeriodText(earliest)));
    }
    return v;
  }
  return Value::Missing(Tr("no known value of {0} of {1} in {2} or before", e.text, whose, PeriodText(now)));
}

}  // namespace vigie::eval
