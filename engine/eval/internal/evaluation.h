// The evaluator's internals, shared by its files (eval/): the numbers and values it computes with,
// and Evaluator::Impl, the state of one run. Not part of the eval library's interface.
#pragma once

#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/eval/evaluator.h"

namespace vigie::eval {
namespace internal {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline bool Satisfies(double value, model::Comparator comparator, double target) {
  switch (comparator) {
    case model::Comparator::kGe: return value >= target;
    case model::Comparator::kGt: return value > target;
    case model::Comparator::kLe: return value <= target;
    case model::Comparator::kLt: return value < target;
    case model::Comparator::kEq: return value == target;
    case model::Comparator::kNe: return value != target;
  }
  return false;
}

// Decimal arithmetic for targets and band edges: 55.1 - 0.3 is 54.8, not 54.800000000000004, so a
// value read from "54,8" sits exactly on the edge. Data values are the nearest doubles of decimal
// text; an edge computed exactly and then converted is the same double.
double Exact(const std::string& text, double fallback);

// The tolerance as an amount: absolute as written, or a share of the target.
Rational ToleranceAmount(const model::Tolerance& tolerance, double target);

// The rule one value is judged by in one period: met when it satisfies the target, partially met
// inside the tolerance band, missing when there is no value. The per-verdict path and the dense loop
// over a column both judge with it.
struct TargetRule {
  model::Comparator comparator = model::Comparator::kGe;
  double target = 0;
  bool banded = false;
  double low = 0, high = 0;  // the band (banded only)
};

TargetRule MakeRule(model::Comparator comparator, double target, const std::optional<model::Tolerance>& tolerance);

inline model::Verdict Judge(double value, const TargetRule& rule) {
  if (std::isnan(value)) return model::Verdict::kMissingData;
  if (Satisfies(value, rule.comparator, rule.target)) return model::Verdict::kMet;
  if (rule.banded && rule.low <= value && value <= rule.high) return model::Verdict::kPartiallyMet;
  return model::Verdict::kNotMet;
}

using model::UnitClass;

UnitClass UnitClassOf(model::Unit unit);

// The factor that multiplies a * b (or a / b): 100 to the power `hundreds` (-1, 0 or 1), and the unit
// of the result.
struct Scaling {
  int hundreds;
  UnitClass unit;
  Rational ExactFactor() const { return hundreds < 0 ? Rational(1) / Rational(100) : Rational(hundreds > 0 ? 100 : 1); }
};

Scaling ScalingOf(UnitClass a, UnitClass b, bool divide);

// A data value as an exact number (the nearest with 9 decimals), or none when it is too large for one.
std::optional<Rational> Exactly(double value);

std::string Number(double value);

// A measured value with its indicator's unit, as reasons write it: 56 -> "56 %" (ValueWithUnit).
std::string Measured(double value, model::Unit unit);

// What a value judged by a rule was allowed besides the rule: nothing, a tolerance ("2 pts") or a
// partially met limit ("8,2 % (the 2017 baseline)"), written with its unit.
struct Margin {
  enum class Kind { kNone, kTolerance, kLimit };
  Kind kind = Kind::kNone;
  std::string text;
  // The tolerance of a commitment on an indicator of `unit`: "2 pts", "1 lit", "5 % (relative)".
  static Margin Tolerance(const model::Tolerance& tolerance, model::Unit unit);
};

// The reason of the verdict `judged` on `measured` (Measured) against `comparator` and `bound` (the
// target with its unit, as ValueWithUnit writes it), the one way every verdict on a number says it:
//   met                          "57 % ≥ 57 %"
//   not met                      "56 % does not satisfy ≥ 57 %"
//   partially met, a tolerance   "56 % misses ≥ 57 % but is within the tolerance of 2 pts"
//   partially met, a limit       "7,8 % misses ≤ 7,79 % = …; partially met up to 8,2 % (…)"
//   not met beyond a limit       "13,3 % does not satisfy ≤ 11,115 % = …, nor the partially met limit 11,7 % (…)"
std::string JudgedReason(model::Verdict judged, const std::string& measured, model::Comparator comparator,
                         const std::string& bound, const Margin& margin = {});

// JudgedReason's sentences for one rule, bound and margin (what a column of verdicts shares), worded
// once in the current language: each reason then only places its measured value. The same words as
// JudgedReason, from the same sentences.
class JudgedWording {
 public:
  JudgedWording(model::Comparator comparator, const std::string& bound, Margin margin);
  // JudgedReason(judged, measured, comparator, bound, margin), appended to `out` (a column's reasons
  // are made in one buffer, then kept in the item's arena).
  void AppendReason(std::string& out, model::Verdict judged, std::string_view measured) const;

 private:
  std::string rule_;  // "≥ 57 %"
  Margin margin_;
  // Per outcome (met, partially met, not met): the sentence cut where the value goes, made when first asked.
  mutable std::array<std::vector<std::string>, 3> pieces_;
};

// A value in a `where` filter or a payment: a number, a text, a condition, or missing.
struct Value {
  enum class Kind { kNumber, kText, kBool, kMissing, kError };
  Kind kind = Kind::kMissing;
  Rational number;
  std::string text;
  bool flag = false;
  std::string why;  // kMissing / kError: what was missing or wrong
  UnitClass unit = UnitClass::kPlain;  // kNumber
  // Missing because a score the formula reads has no scored verdict (a payment then says in which year).
  bool unscored = false;
  static Value Missing(std::string why) { return {Kind::kMissing, {}, "", false, std::move(why)}; }
  static Value Unscored(std::string why) {
    Value v = Missing(std::move(why));
    v.unscored = true;
    return v;
  }
  static Value Error(std::string why) { return {Kind::kError, {}, "", false, std::move(why)}; }
  static Value Num(Rational r, UnitClass unit = UnitClass::kPlain) {
    Value v{Kind::kNumber, r, "", false, ""};
    v.unit = unit;
    return v;
  }
  static Value Text(std::string t) { return {Kind::kText, {}, std::move(t), false, ""}; }
  static Value Bool(bool b) { return {Kind::kBool, {}, "", b, ""}; }
};

std::string Lower(std::string text);

// "chirurgie, médecine" has "chirurgie": a list written with , ; | / or spaces.
bool ListHas(const std::string& list, const std::string& item);

// A total of data values, exact: a sum of decimals is the decimal sum (0.1 + 0.2 is 0.3). A total
// whose fraction would not fit in 64 bits is added in double precision, as formulas round theirs.
struct Total {
  std::optional<Rational> exact;
  double approx = 0;
  bool IsZero() const { return exact ? exact->IsZero() : approx == 0; }
  double Value() const { return exact ? exact->ToDouble() : approx; }
  // a / b * scale, exactly when both totals are.
  static double Ratio(const Total& a, const Total& b, int scale) {
    if (a.exact && b.exact) {
      try {
        return (*a.exact / *b.exact * Rational(scale)).ToDouble();
      } catch (const std::overflow_error&) {
      }
    }
    return a.Value() / b.Value() * scale;
  }
};

Total TotalOf(const std::vector<double>& values);

// A verdict, with its reason kept in the detail when one is asked for. `reason` is a function that
// writes it (in the current language): a run without details never spends time on words.
template <class Reason>
model::Verdict Decide(Detail* detail, model::Verdict verdict, Reason&& reason) {
  if (detail != nullptr) {
    detail->verdict = verdict;
    detail->reason = reason();
  }
  return verdict;
}

// A date, a period and a number as reasons write them, in the current language (base/locale_text.h).
std::string DateText(const model::Date& date);
std::string PeriodText(const model::Period& period);

}  // namespace internal

using namespace internal;  // NOLINT: the evaluator's own files share these names

// What a payment's formula reads of its year, by place: the contract's score, each item's mean
// score (commitments then milestones), each earlier payment's amount.
// In a payment made to each party, the score and items' scores are that party's own, and the amounts
// of earlier payments made to each party are that party's.
struct PaymentYear {
  std::optional<Rational> score;
  std::vector<std::optional<Rational>> item_means;
  std::vector<std::optional<Rational>> amounts;
  std::map<std::string, Rational> party_scores;  // `score of PARTY`: each party's own score that year
  bool full = false;  // at full compliance: every party's score is 1
};

struct Evaluator::Impl {
  // ── a contract's scores (scoring.cpp) and payments (payments.cpp), once its verdicts are in `result`
  void Score(ContractResult& result, int64_t verdicts_so_far);
  void Pay(ContractResult& result);
  // Each party's own score per year into result.party_scores (party_scores.cpp), when a payment
  // needs them: a payment made to each party, or `score of PARTY`.
  bool NeedsPartyScores() const;
  void ScoreParties(ContractResult& result);

  const model::Model& model;
  const DataSet& data;
  const EvalOptions& options;
  const model::Contract* contract = nullptr;
  std::map<std::string, const model::Commitment*> commitments;
  std::map<std::string, const model::Milestone*> milestones;

  void SetContract(const model::Contract& c);

  bool Ended(const model::Period& period) const { return !(options.as_of < LastDate(period)); }
  // The contract year a period counts in: a year is itself; a month or quarter counts in the
  // contract year that holds it (anniversary years, calendar.h).
  int YearOf(const model::Period& period) const {
    return calendar::ContractYearOfPeriod(period, contract != nullptr ? contract->year_start_month : 1);
  }

  // ── scope
  std::vector<int> GroupParties() const;

  // Members of the contract's group parties in a period, in id order; computed once per period.
  const std::vector<int>& MembersOfParties(const model::Period& period) const;
  mutable std::map<model::Period, std::vector<int>> members_cache;

  // Entities an item is evaluated for in a period, sorted by id.
  std::vector<int> Scope(const model::Applicability& applicability, const model::Period& period) const;

  bool IsGroupApplicability(const model::Applicability& a) const { return a.kind == model::Applicability::Kind::kGroup; }

  // ── waivers
  const model::Waiver* WaiverFor(const std::string& item, int entity, const model::Period& period) const;

  // ── values
  struct Computed {
    double value = kNaN;
    bool error = false;
    std::string reason;  // why missing or wrong
  };

  // How an expression reads an indicator.
  enum class Reading {
    kEntity,       // the entity's own value: a derived indicator per entity, a `where` filter
    kGroupTotals,  // the group's total of each input: a derived indicator of a group
    kOwnParty,     // a payment: the value of the establishment, or of the group, that signed
  };
  struct Frame {
    int entity = -1, period = -1;                              // -1: a payment of several parties
    Reading reading = Reading::kEntity;
    const PaymentYear* year = nullptr;                       // a payment's scores and earlier amounts
    Detail* detail = nullptr;                                // where the values read are listed
    int depth = 0;                                           // derived indicators inside derived ones
    const model::Indicator* formula_of = nullptr;            // the derived indicator computed, for messages
    std::string for_whom;                                    // "for 080000037", "for the group G"
  };

  void AddInput(Detail* detail, int entity, const std::string& indicator, int period, const std::string& role) const;

  std::string MissingReason(int entity, const std::string& indicator, int period) const;
  // The missing-value code stored for this value ("NC", "DI"...), empty when none.
  std::string StoredMissingCode(const model::Indicator& indicator, int entity, int period) const;

  // An entity's own value of an indicator (a derived one is computed from its inputs).
  Computed EntityValue(const model::Indicator& indicator, int entity, int period, Detail* detail, int depth = 0);

  // Each derived value and each member's verdict is computed once per contract (a class() in a
  // formula reads the contract's group parties), so a chain or a lattice of derived indicators or
  // composites costs time in proportion to its size, never exponential. A derived value read for a
  // detail keeps the stored values it read, so that a detail lists each of them once.
  using Slot = std::tuple<const void*, int, int>;  // indicator or commitment, entity, period
  struct Derived {
    Computed value;
    Detail::Inputs inputs;
  };
  std::map<Slot, Derived> derived_values{};           // computed without a detail
  std::map<Slot, Derived> derived_values_detailed{};  // computed for a detail, with the inputs read
  std::map<Slot, model::Verdict> member_verdicts{};   // a composite's members, computed without a detail
  // `target by party`: the commitment as it judges one party (its own targets and tolerance), made once.
  const model::Commitment& PartyView(const model::Commitment& c, int entity);
  std::map<std::pair<const model::Commitment*, std::string>, model::Commitment> party_views{};
  // Adds `input` to the detail unless it lists it already.
  static void AddInputOnce(Detail& detail, const Detail::Input& input);

  // A group's value: sum(numerator)/sum(denominator), or the declared aggregate of its members.
  Computed GroupValue(const model::Indicator& indicator, std::optional<model::Aggregate> aggregate, int group, int period,
                      Detail* detail);

  Computed ValueFor(const model::Commitment& c, int entity, int period, Detail* detail);

  // ── filters and payments
  std::vector<std::string>* payment_read = nullptr;  // while a payment is computed: what it reads
  Detail* payment_detail = nullptr;                  // ... and the stored values behind it
  void NoteRead(std::string line);
  // "ald of CPTS_X in 2022 = 60": a value a payment read (nothing is built outside a payment).
  void NoteValue(const model::Indicator& indicator, int entity, int period, double value);
  // "ald of CPTS_X in 2022 = 60", in the current language.
  std::string ReadLine(const std::string& what, int entity, int period, const std::string& value) const;

  static bool OrderSatisfies(int order, model::Comparator comparator);
  static bool Compares(const Rational& a, model::Comparator comparator, const Rational& b);

  // An entity's value, or a group party's value (a payment of a contract signed by one group reads
  // the group's values, computed as for `for group`).
  Computed OwnValue(const model::Indicator& indicator, int entity, int period);

  // The result class of an indicator for an entity (or a group party) in a period: the first class
  // whose comparison the value satisfies, or the class named by the missing-value code of the data.
  struct ClassResult {
    Value value = Value::Missing("");
    int rank = -1;  // position among the classes by value (0 = best); -1 for a code class or none
  };
  ClassResult ClassOf(const model::Indicator& indicator, int entity, int period);
  // ── categorical indicators and missing-value codes (categories.cpp)
  // The value of a categorical indicator as a class: its word (rank: its place, 0 = the most
  // favourable), or the missing-value code of the data when the indicator declares it.
  ClassResult CategoryOf(const model::Indicator& indicator, int entity, int period);
  // The verdict the commitment's rules, its `at least` target or the catalog's codes give to the
  // value read; none when the ordinary comparison with a number decides.
  std::optional<model::Verdict> RuleVerdict(const model::Commitment& c, int entity, int period, const Computed& value,
                                            Detail* detail);

  // "positive", "stable" or "negative": the class now compared with the class of the last earlier
  // measurement (the latest earlier period of the same kind with a value).
  Value Evolution(const model::Indicator& indicator, int entity, int period);

  // Whether a table key takes a value: a number in a range, a tier, a word or text (any case), else.
  static bool KeyMatches(const model::TableKey& key, const Value& value);

  // ── the interpreter: one for formulas, filters, table values and payments
  Value Eval(const model::Expr& e, const Frame& f);

  // 'x' in a payment of a contract that no single establishment signed.
  static Value NoEntity(const std::string& name);

  // An indicator's value as the frame reads it: the entity's, the group's total, or a payment's party's.
  Value IndicatorValue(const model::Expr& e, const Frame& f);

  // + - * /, exact. A percentage scales a value in another unit. Outside payments, an exact fraction
  // that would not fit in 64 bits is rounded to 9 decimals (data values are decimals of that order);
  // a payment's amount is exact or not computed at all.
  Value Arithmetic(model::ArithmeticOp op, const Value& a, const Value& b, const Frame& f) const;

  Value Lookup(const model::Expr& e, const Frame& f);

  Value Call(const model::Expr& e, const Frame& f);

  // A formula's value as a verdict reads it.
  static Computed ToComputed(const Value& v);

  // previous(x), last_known(x, 2 years): x read in an earlier period (history.cpp).
  Value History(const model::Expr& e, const Frame& f);

  // `for 3 consecutive years`: this year's rule judged in each year of the window (consecutive.cpp).
  model::Verdict ConsecutiveVerdict(const model::Commitment& c, int entity, int period, Detail* detail);

  // ── baselines and per-year rules (baselines.cpp)
  // The entity's own value in a baseline year, its stored values listed with the role "baseline".
  Computed BaselineValue(const model::Commitment& c, int year, int entity, Detail* detail);
  // The verdict of a value against a year's target that is a share of the baseline or that has its
  // own `partially met up to` limit.
  model::Verdict RelativeVerdict(const model::Commitment& c, const model::PeriodTarget& t, int entity, double value,
                                 Detail* detail);

  // ── verdicts
  // A target's bound as an exact decimal (Exact), and the rule of a comparator, target and tolerance
  // (MakeRule): the verdicts of one commitment in one period share them, so each is computed once
  // per run of such verdicts, not once per verdict (the last one is kept).
  double ExactBound(const model::PeriodTarget& t);
  const TargetRule& RuleFor(model::Comparator comparator, double target, const std::optional<model::Tolerance>& tolerance);
  // Kept by value, never by address: a commitment judged through a copy (`for N consecutive
  // years` judges a window, a local copy) would find the last copy's address again.
  struct LastBound {
    bool valid = false;
    std::string text;
    double bound = 0, exact = 0;
  };
  LastBound last_bound{};
  struct LastRule {
    bool valid = false;
    std::optional<model::Tolerance> tolerance;
    TargetRule rule;
  };
  LastRule last_rule{};
  model::Verdict CommitmentVerdict(const model::Commitment& c, int entity, int period, Detail* detail);
  // The details of a plain commitment's column judged by JudgeColumn (its n cells of `period`, by
  // `rule`), appended to `out`: for each verdict what CommitmentVerdict writes of it (column_details.cpp).
  // Their reasons are written into `reasons` (the item's).
  void DetailColumn(const model::Commitment& c, const TargetRule& rule, int period, const Cell* cells, size_t n,
                    std::vector<Detail>& out, TextArena& reasons) const;

  // One verdict for several periods of a member (its quarters in a year): all met is met; any
  // not yet known keeps it open; any not met is not met; otherwise partially met.
  static model::Verdict CombineVerdicts(const std::vector<model::Verdict>& verdicts);

  model::Verdict CompositeVerdict(const model::Commitment& c, int entity, int period, Detail* detail);

  model::Verdict MilestoneVerdict(const model::Milestone& m, int entity, Detail* detail);

  // ── periods of an item
  std::vector<int> PeriodsOf(const model::Commitment& c) const;

  // ── the names an input read (InputRead): an entity's id as a Text, looked up in the program's
  // pool once per entity and worker (a campaign's column of details would take its lock per verdict)
  Text EntityText(int entity) const;
  mutable std::vector<Text> entity_texts{};  // by DataSet entity index; empty: not looked up yet
};

}  // namespace vigie::eval
