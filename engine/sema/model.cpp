#include "engine/sema/model.h"

#include "engine/base/party_id.h"

namespace vigie::sema::model {

bool Party::ActsAsGroup() const { return kind == Kind::kGroup || (kind == Kind::kOther && IsTerritoryKind(other_kind)); }

const PartyTarget* Commitment::TargetsOf(const std::string& party) const {
  for (const PartyTarget& p : party_targets) {
    if (p.party == party) return &p;
  }
  return nullptr;
}

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

namespace {
constexpr std::pair<Aggregate, std::string_view> kAggregates[] = {
    {Aggregate::kSum, "sum"}, {Aggregate::kMean, "mean"}, {Aggregate::kWeightedMean, "weighted_mean"},
    {Aggregate::kMin, "min"}, {Aggregate::kMax, "max"},   {Aggregate::kCount, "count"}};
constexpr std::pair<ContractKind, std::string_view> kContractKinds[] = {
    {ContractKind::kPerformance, "performance"}, {ContractKind::kCpom, "cpom"},       {ContractKind::kCtsm, "ctsm"},
    {ContractKind::kCpts, "cpts"},               {ContractKind::kCharter, "charter"}, {ContractKind::kQuality, "quality"},
    {ContractKind::kOther, "other"}};

template <typename E, size_t N>
std::string_view NameIn(const std::pair<E, std::string_view> (&table)[N], E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}
template <typename E, size_t N>
std::optional<E> FromNameIn(const std::pair<E, std::string_view> (&table)[N], std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}
}  // namespace

std::string_view Name(Aggregate aggregate) { return NameIn(kAggregates, aggregate); }
std::string_view Name(ContractKind kind) { return NameIn(kContractKinds, kind); }
std::optional<Aggregate> AggregateFromCanonical(std::string_view name) { return FromNameIn(kAggregates, name); }
std::optional<ContractKind> ContractKindFromCanonical(std::string_view name) { return FromNameIn(kContractKinds, name); }

}  // namespace vigie::sema::model
