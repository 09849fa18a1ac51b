#include "engine/sema/model.h"

#include <cstdio>

namespace vigie::sema::model {

std::string_view Name(Unit unit) {
  switch (unit) {
    case Unit::kPercent: return "percent";
    case Unit::kRatio: return "ratio";
    case Unit::kCount: return "count";
    case Unit::kScore: return "score";
    case Unit::kDays: return "days";
    case Unit::kHours: return "hours";
    case Unit::kYears: return "years";
    case Unit::kEuros: return "euros";
    case Unit::kBeds: return "beds";
    case Unit::kPlaces: return "places";
  }
  return "?";
}

std::optional<Unit> UnitFromCanonical(std::string_view name) {
  for (Unit unit : {Unit::kPercent, Unit::kRatio, Unit::kCount, Unit::kScore, Unit::kDays, Unit::kHours,
                    Unit::kYears, Unit::kEuros, Unit::kBeds, Unit::kPlaces}) {
    if (Name(unit) == name) return unit;
  }
  return std::nullopt;
}

std::string_view Name(Direction direction) { return direction == Direction::kHigher ? "higher" : "lower"; }

std::string_view Name(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kYear: return "year";
    case PeriodKind::kQuarter: return "quarter";
    case PeriodKind::kMonth: return "month";
  }
  return "?";
}

std::string_view Name(Comparator comparator) {
  switch (comparator) {
    case Comparator::kGe: return ">=";
    case Comparator::kLe: return "<=";
    case Comparator::kGt: return ">";
    case Comparator::kLt: return "<";
    case Comparator::kEq: return "=";
    case Comparator::kNe: return "!=";
  }
  return "?";
}

std::string_view Name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMet: return "met";
    case Verdict::kPartiallyMet: return "partially_met";
    case Verdict::kNotMet: return "not_met";
    case Verdict::kMissingData: return "missing_data";
    case Verdict::kWaived: return "waived";
    case Verdict::kNotApplicable: return "not_applicable";
    case Verdict::kPending: return "pending";
    case Verdict::kError: return "error";
  }
  return "?";
}

std::optional<Verdict> VerdictFromCanonical(std::string_view name) {
  for (Verdict verdict : {Verdict::kMet, Verdict::kPartiallyMet, Verdict::kNotMet, Verdict::kMissingData,
                          Verdict::kWaived, Verdict::kNotApplicable, Verdict::kPending, Verdict::kError}) {
    if (Name(verdict) == name) return verdict;
  }
  return std::nullopt;
}

std::string Format(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::string Format(const Period& period) {
  char buffer[16];
  switch (period.kind) {
    case PeriodKind::kYear: std::snprintf(buffer, sizeof buffer, "%04d", period.year); break;
    case PeriodKind::kQuarter: std::snprintf(buffer, sizeof buffer, "%04d-Q%d", period.year, period.sub); break;
    case PeriodKind::kMonth: std::snprintf(buffer, sizeof buffer, "%04d-%02d", period.year, period.sub); break;
  }
  return buffer;
}

size_t Model::CommitmentCount() const {
  size_t count = 0;
  for (const auto& [name, contract] : contracts) count += contract.commitments.size() + contract.milestones.size();
  return count;
}

}  // namespace vigie::sema::model
