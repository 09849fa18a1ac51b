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

// Howard Hinnant's days_from_civil and civil_from_days.
long DaysFromCivil(const Date& date) {
  int y = date.year - (date.month <= 2);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date AddDays(const Date& date, long days) {
  const long z = DaysFromCivil(date) + days + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Date{static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

Date AddMonths(const Date& date, int months) {
  const int index = date.year * 12 + (date.month - 1) + months;
  Date out{index / 12, index % 12 + 1, date.day};
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (out.year % 4 == 0 && out.year % 100 != 0) || out.year % 400 == 0;
  const int last = out.month == 2 && leap ? 29 : kDays[out.month - 1];
  if (out.day > last) out.day = last;
  return out;
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

std::string_view Name(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd: return "+";
    case ArithmeticOp::kSubtract: return "-";
    case ArithmeticOp::kMultiply: return "*";
    case ArithmeticOp::kDivide: return "/";
  }
  return "?";
}

std::string_view Name(Function function) {
  switch (function) {
    case Function::kMin: return "min";
    case Function::kMax: return "max";
    case Function::kAbs: return "abs";
    case Function::kFloor: return "floor";
    case Function::kCeil: return "ceil";
    case Function::kRound: return "round";
  }
  return "?";
}

UnitClass UnitClassOf(const std::optional<std::string>& canonical_unit) {
  if (!canonical_unit || canonical_unit->empty()) return UnitClass::kPlain;
  return *canonical_unit == "percent" ? UnitClass::kPercent : UnitClass::kOther;
}

}  // namespace vigie::sema::model
