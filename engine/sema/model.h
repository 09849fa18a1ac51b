// The checked model: what a ruleset means, independent of the language it was written in.
// Names are resolved, value words are canonical, trajectories are expanded to one target per period,
// templates are instantiated. Spans are kept for provenance (reports cite the clause and the line),
// but the model printer leaves them out so that an English and a French file print the same.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/calendar.h"
#include "engine/base/source.h"
#include "engine/sema/expr.h"

namespace vigie::sema::model {

enum class Unit { kPercent, kRatio, kCount, kScore, kDays, kHours, kYears, kEuros, kBeds, kPlaces };
enum class Direction { kHigher, kLower };
// How a group's value is made from its members' (or a score from its parts).
enum class Aggregate { kSum, kMean, kWeightedMean, kMin, kMax, kCount };
enum class ContractKind { kPerformance, kCpom, kCtsm, kCpts, kCharter, kQuality, kOther };
enum class Verdict { kMet, kPartiallyMet, kNotMet, kMissingData, kWaived, kNotApplicable, kPending, kError };

std::string_view Name(Unit unit);
std::string_view Name(Direction direction);
std::string_view Name(Verdict verdict);
std::string_view Name(Aggregate aggregate);  // canonical: "sum", "weighted_mean"...
std::string_view Name(ContractKind kind);    // canonical: "performance", "cpom"...
std::optional<Aggregate> AggregateFromCanonical(std::string_view name);
std::optional<ContractKind> ContractKindFromCanonical(std::string_view name);
std::optional<Unit> UnitFromCanonical(std::string_view name);
std::optional<Verdict> VerdictFromCanonical(std::string_view name);

// Dates and periods are the calendar's (engine/base/calendar.h), named here as the model uses them.
using calendar::Date;
using calendar::Period;
using calendar::PeriodKind;
using calendar::AddDays;
using calendar::AddMonths;
using calendar::DaysFromCivil;
using calendar::Format;
using calendar::Name;

struct Indicator {
  std::string name;
  std::string title;
  Unit unit = Unit::kRatio;
  std::optional<Direction> better;  // none: the indicator is context only, a target needs a comparator
  PeriodKind period_kind = PeriodKind::kYear;
  std::string source;
  std::string numerator, denominator;  // both or neither
  const Indicator* numerator_indicator = nullptr;    // the same, bound
  const Indicator* denominator_indicator = nullptr;
  std::optional<Aggregate> aggregate;  // a group's value from its members'; none: sum(numerator)/sum(denominator)
  std::optional<std::pair<double, double>> range;
  // Result classes, best first (IQSS-style): a comparison with the value, or a missing-value code.
  struct Class {
    std::string name;
    Comparator comparator = Comparator::kGe;  // a comparison class
    double bound = 0;
    std::optional<Rational> exact_bound;  // the bound as written, exactly (none if too large)
    std::string bound_text;  // as written
    std::string code;        // a missing-value code ("DI", "NR", "NV"); empty for a comparison class
    Span span;
  };
  std::vector<Class> classes;
  // A categorical indicator: its values are words of this set, most favourable first. The store
  // holds a value's rank (1 = the most favourable); targets and group aggregates compare ranks.
  struct Category {
    std::string name;
    std::string written;  // as the data writes it (the name when not given)
    Span span;
  };
  std::vector<Category> categories;
  bool Categorical() const { return !categories.empty(); }
  // Missing-value codes the data may hold ("Non concerné", "DI"), and the verdict each gives unless
  // a commitment says otherwise (`not_applicable if "Non concerné"`).
  struct Code {
    std::string code;
    Verdict verdict = Verdict::kMissingData;
    Span span;
  };
  std::vector<Code> codes;
  ExprPtr formula;                     // derived indicator, or null
  std::vector<std::string> inputs;     // indicators the formula reads, sorted
  bool incomplete = false;             // syntax errors in its declaration: unit and direction may be unknown
  Span span;
};

struct Attribute {
  std::string name;
  std::string title;
  Span span;
};

struct Applicability {
  enum class Kind { kEachMember, kGroup, kEntities, kContractParties };
  Kind kind = Kind::kContractParties;  // default: the entities named as parties of the contract
  ExprPtr where;
  std::vector<std::string> entities;
};

// One period's target, after a trajectory is expanded.
struct PeriodTarget {
  Period period;
  Comparator comparator = Comparator::kGe;
  bool comparator_from_direction = false;  // none written: chosen by the indicator's `better`
  double bound = 0;
  std::string bound_text;  // as written, for exact reports
  std::string category;    // `at least B`: the category (bound is its rank, comparator <=); empty: a number
  // `95 % of baseline`: the bound is this share (in %) of the entity's baseline value; `baseline` is 100.
  std::optional<std::string> baseline_share;
  // `partially met up to X`: partially met between the bound and this limit (the tolerance then does
  // not apply that year). A number as written, or a share (in %) of the baseline.
  struct Limit {
    std::string text;                           // a number as written, when not a share
    std::optional<std::string> baseline_share;  // a share of the baseline, in %
  };
  std::optional<Limit> partial;
  Span span;

  bool UsesBaseline() const { return baseline_share || (partial && partial->baseline_share); }
};

// `met if A or B`: the verdict a commitment gives to some values of a categorical indicator (their
// ranks) or to some missing-value codes of the data.
struct VerdictRule {
  Verdict verdict = Verdict::kMet;
  std::vector<int> ranks;
  std::vector<std::string> codes;
  Span span;
};

struct Tolerance {
  enum class Kind { kAbsolute, kRelative };  // absolute: in the indicator's unit (pts for percent)
  Kind kind = Kind::kAbsolute;
  double value = 0;
  std::string text;
  Span span;
};

struct Improvement {
  Tolerance::Kind kind = Tolerance::Kind::kRelative;
  double amount = 0;
  std::string amount_text;
  int baseline_year = 0;
  Comparator comparator = Comparator::kGe;  // from the indicator's direction
  Span span;
};

struct Composite {
  enum class Kind { kAll, kAny, kAtLeast };
  Kind kind = Kind::kAll;
  int count = 0;  // kAtLeast; kAll = members.size(), kAny = 1
  std::vector<std::string> members;
};

// `target by party { 08: >= 15 beds  51: >= 57 beds tolerance 2 beds }`: one party's own targets and
// tolerance, which judge that party instead of the commitment's `targets` and `tolerance`.
struct PartyTarget {
  std::string party;                   // as the store knows it (FINESS, INSEE code, party code)
  std::vector<PeriodTarget> targets;   // sorted by period
  std::optional<Tolerance> tolerance;  // its own, else the commitment's
  Span span;
};

struct Commitment {
  std::string name;
  std::string title;
  std::string clause;  // `ref`: the clause of the contract this encodes
  std::string clause_text;  // literate contracts: the paragraph above its block
  Applicability applicability;
  std::string indicator;  // empty for a composite
  const Indicator* measured = nullptr;  // the indicator, bound (null for a composite)
  std::vector<PeriodTarget> targets;  // sorted by period; with party_targets, the `else` entry's
  // `target by party`: the parties with their own targets (docs/language.md#targets-by-party).
  std::vector<PartyTarget> party_targets;
  const PartyTarget* TargetsOf(const std::string& party) const;  // null: the commitment's own
  std::optional<Improvement> improvement;
  // `baseline 2017`: the year of the entity's own value that targets may name (`<= 95 % of baseline`).
  // That year is the reference, never judged itself.
  std::optional<int> baseline_year;
  Span baseline_span;
  // `for 3 consecutive years`: met only when this year's rule is met in each of the last N years.
  int consecutive_years = 1;
  std::optional<Tolerance> tolerance;
  double weight = 1;
  std::string weight_text = "1";
  std::optional<Aggregate> aggregate;  // `for group`: overrides the indicator's
  std::optional<Composite> composite;
  std::vector<VerdictRule> verdict_rules;  // checked first, in order
  Span span;
  Span name_span;  // the name alone, for warnings about the whole commitment (lint)
};

struct Milestone {
  std::string name;
  std::string title;
  std::string clause;
  std::string clause_text;
  Date due;
  std::string evidence;
  double weight = 1;
  std::string weight_text = "1";
  Applicability applicability;
  Span span;
  Span name_span;  // the name alone (lint)
  Span due_span;   // the due date (lint)
};

struct Waiver {
  std::string commitment;
  std::vector<std::string> entities;  // empty: every entity
  std::optional<Period> first, last;  // none: the whole contract
  std::string reason, authority;
  std::optional<Date> granted, until;
  Span span;
  Span until_span;  // the `until` date, when given (lint)
};

struct Scoring {
  // What a year's score averages: each commitment's mean over its verdicts (the default), or every
  // verdict, weighted by its commitment's weight (docs/evaluation.md#scores).
  enum class Basis { kCommitment, kVerdict };
  Basis basis = Basis::kCommitment;
  Span basis_span;  // `by verdict` / `by commitment`; invalid when not written (lint V3020)
  std::map<Verdict, double> values;  // verdict -> score in 0..1
  std::map<Verdict, Span> value_spans;  // the credits the contract writes (lint V3021)
  Aggregate aggregate = Aggregate::kWeightedMean;
  Span span;  // the `scoring` block; invalid when the defaults apply (lint)
};

// The largest amount a contract pays, in euros (the national health insurance budget is about
// 2.5e11 €). Far below what would overflow the exact arithmetic of a total per party or per year
// (about 9.2e16 € written to the cent): an amount written above it is refused by `vigie check`
// (V2285), a payment computed above it is not paid (V2286).
inline constexpr int64_t kLargestAmount = 1'000'000'000'000;

struct Payment {
  std::string name;
  std::string title;
  ExprPtr formula;
  Span span;
  int first_year = 0, last_year = 0;  // `in 2019..2020`: paid those years only; 0: every year
  Span years_span;
  // `for each party`: one amount per party of the contract and year, its `score` (and its items'
  // scores) that party's own (docs/evaluation.md#party-scores).
  bool per_party = false;
};

// A key of a table entry: a number, a range, a text or word, a tier (`>= 75 %`, matched in the order
// written) or `else` (when nothing else matches).
struct TableKey {
  enum class Kind { kNumber, kRange, kString, kWord, kCompare, kElse };
  Kind kind = Kind::kNumber;
  std::optional<Rational> low, high;  // kNumber (low), kRange (both), kCompare (low: the bound); none if too large
  double low_value = 0, high_value = 0;  // the same as written, for lint's comparisons
  Comparator comparator = Comparator::kGe;  // kCompare
  std::string text;     // kString, kWord: the value matched (any case)
  std::string written;  // as written, in English (`3..4`, `"petite"`, `>= 75 %`, `else`)
  Span span;
};

struct TableEntry {
  TableKey key;
  std::optional<TableKey> second;  // a grid's second key
  ExprPtr value;
};

struct Table {
  std::string name;
  std::string key;
  std::string second_key;  // a grid; empty otherwise
  std::vector<TableEntry> entries;
  Span span;
};

struct Party {
  // kOther: a party that is not an establishment; `other_kind` is its canonical kind (commune,
  // department, region, health_territory, ght_territory, clsm, association, institution).
  enum class Kind { kGroup, kEntity, kOther };
  Kind kind = Kind::kGroup;
  std::string id;
  std::string other_kind;

  // A group, or a territory: its members are judged by `for each member`, and `for group` judges
  // it as a whole from its members' values (a territory's own values are read by `for CODE`).
  bool ActsAsGroup() const;
};

// A template argument of a contract: its value, bound and typed, and as written (canonically).
struct Argument {
  std::string written;
  ExprPtr value;
};

// `amendment 1 effective 2021-07-01` (avenant 1 en vigueur le 01/07/2021): a dated change of a
// signed contract (docs/language.md#amendments).
struct Amendment {
  int number = 0;
  Date effective;
  std::string title;
  Span span;
};

struct Contract {
  std::string name;
  std::string title;
  std::optional<ContractKind> kind;  // none: not written
  std::string authority;
  std::optional<Date> signed_on;
  Span signed_span;  // the date (or the template's parameter) after `signed` (lint V3023)
  // Its years, each known by the calendar year that holds most of its months (calendar.h,
  // ContractYearOf): `period 2021-10..2026-09` is 2022..2026 with year_start_month 10.
  int first_year = 0, last_year = 0;
  int year_start_month = 1;  // the month its years start (the signature's anniversary); 1: calendar years
  // The contract year that holds a date (a milestone's due date falls in it).
  int YearOf(const Date& date) const { return calendar::ContractYearOfDate(date, year_start_month); }
  // How a report or a message names one of its years: "2022", or "2021-10 → 2022-09".
  std::string YearText(int year) const { return calendar::FormatContractYear(year, year_start_month); }
  std::vector<Party> parties;
  std::string template_name;                      // made from a template, or empty
  std::map<std::string, Argument> arguments;      // template parameter -> its value
  std::vector<Commitment> commitments;            // declaration order
  std::vector<Milestone> milestones;              // declaration order
  std::vector<Waiver> waivers;
  Scoring scoring;
  std::vector<Payment> payments;
  std::vector<Table> tables;
  Span span;
  // Versions: 0 is the contract as signed, N the contract as amended by avenants 1..N. Every version
  // lists every avenant; only version 0 holds the later versions (versions[N - 1] is version N).
  // Which version judges a year: eval::VersionInForce (docs/evaluation.md#amendments).
  int version = 0;
  std::vector<Amendment> amendments;
  std::vector<Contract> versions;
  // The last version (the contract itself when it has no avenant). An avenant may extend the period
  // but never shorten it, so its last year is the last year any version judges.
  const Contract& LastVersion() const { return versions.empty() ? *this : versions.back(); }
};

struct Template {
  std::string name;
  std::string title;
  std::vector<std::string> parameters;  // "taille: number", "nom: text = \"x\""
  Span span;
};

struct GivenValue {
  std::string entity, indicator;
  Period period;
  std::optional<double> value;  // none: missing
  std::string value_text;
  std::string missing_code = "missing";  // the code a missing value is stored with ("NR", "DI"...)
};

struct GivenEvidence {
  std::string entity, milestone;
  Date date;
};

struct GivenMembers {
  std::string group;
  std::vector<std::string> members;
};

struct GivenAttribute {
  std::string entity, name;
  std::optional<Period> period;  // none: every period
  std::string value;             // as text (numbers as written)
};

struct Expectation {
  std::string subject;
  std::string entity;
  std::optional<Period> period;
  std::optional<Verdict> verdict;
  std::optional<double> value;
  std::string value_text;
  Span span;
};

// A data file given to a test, read by the test runner through the importer (ruletest/fixtures.h).
struct GivenFile {
  std::string path;    // as written: relative to the folder of the file that holds the test
  std::string period;  // "" or the period of a file without a period column ("2019")
  Span span;
};

struct Test {
  std::string name;
  std::string contract;
  std::optional<Date> as_of;
  std::vector<GivenValue> given_values;
  std::vector<GivenEvidence> given_evidence;
  std::vector<GivenMembers> given_members;
  std::vector<GivenAttribute> given_attributes;
  std::vector<GivenFile> given_files;
  std::vector<Expectation> expectations;
  Span span;
};

struct Model {
  std::map<std::string, Indicator> indicators;
  std::map<std::string, Attribute> attributes;
  std::map<std::string, Table> tables;  // catalog-level tables
  std::map<std::string, Template> templates;
  std::map<std::string, Contract> contracts;
  std::vector<Test> tests;  // declaration order

  // Bound expressions point into the model (its indicators and tables): it moves, it is never copied.
  Model() = default;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  size_t CommitmentCount() const;
};

}  // namespace vigie::sema::model
