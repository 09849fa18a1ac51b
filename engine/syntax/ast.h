// The syntax tree: what the author wrote, with a source span on every node. No ANTLR type here.
// Keywords are already language-neutral (an English and a French file build the same tree);
// value words (units, directions...) keep their spelling and are resolved by sema.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/source.h"

namespace vigie::syntax::ast {

struct Identifier {
  std::string name;
  Span span;
};

// A value word: unit, direction, period kind, contract kind, aggregate, verdict, type.
struct Word {
  std::string text;
  Span span;
};

struct StringLiteral {
  std::string value;  // unescaped
  Span span;
};

struct Number {
  std::string text;  // as written, with its sign: kept for exact decimal arithmetic later
  double value = 0;
  Span span;
};

struct Date {
  int year = 0, month = 0, day = 0;
  Span span;
};

// 55 %, 2 pts, 10 years, 15000 €, 0.95
struct Quantity {
  Number number;
  std::optional<Word> unit;  // '%', '€' or a word such as pts, days, jours, years
  Span span;
  bool cut_by_comma = false;  // "7,4 %": a decimal comma (a syntax error) cut the number from its unit
};

struct YearRange {
  int first = 0, last = 0;  // last == first for a single year
  // `period 2021-10..2026-09` (anniversary years): the first and last month; 0 for calendar years,
  // where first and last are the years written. Here first and last are those months' years.
  int first_month = 0, last_month = 0;
  Span span;
};

// 2021, 2019..2023, 2021-Q2 (or 2021-T2), 2021-03
struct PeriodKey {
  enum class Kind { kYear, kYearRange, kQuarter, kMonth };
  Kind kind = Kind::kYear;
  int year = 0;
  int last_year = 0;  // kYearRange
  int sub = 0;        // quarter 1..4 or month 1..12
  Span span;
};

struct EntityRef {
  std::string code;  // FINESS, INSEE code or a party's code as written, leading zeros kept
  Span span;
};

struct Comparator {
  std::string op;  // canonical: ">=", "<=", ">", "<", "=", "!="
  Span span;
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;  // immutable, shared when templates are instantiated

struct Expr {
  enum class Kind {
    kQuantity,  // quantity
    kString,    // text
    kDate,      // text = yyyy-mm-dd
    kName,      // text = name
    kNegate,    // operands[0]
    kNot,       // operands[0]
    kBinary,    // op in + - * / and or; operands[0], operands[1]
    kCompare,   // op in >= <= > < = !=
    kHas,       // operands[0] has operands[1]
    kIn,        // operands[0] in [operands[1..]]
    kPresence,  // operands[0] is present / is absent: op = the word as written (présent, absent...)
    kIf,        // if operands[0] then operands[1] else operands[2]
    kLookup,    // text = table name; operands[0] = key, operands[1] = a grid's second key
    kCall,      // text = function name; operands = arguments
    kPartyScore,  // `score of 080000037`: text = the party's code as written (name_span: the code)
  };
  Kind kind = Kind::kName;
  std::string op;
  std::string text;
  Span name_span;  // kName, kLookup, kCall: span of the name alone
  Quantity quantity;
  std::vector<ExprPtr> operands;
  Span span;
};

struct Import {
  StringLiteral path;
  Span span;
};

struct NumberRange {
  Number low, high;
  Span span;
};

// One result class of an indicator: a comparison with the value (`A: >= 79.7`) or a missing-value
// code of the data (`NR: "NR"`).
struct IndicatorClass {
  Identifier name;
  std::optional<Comparator> comparator;  // with bound; or neither, with code
  std::optional<Quantity> bound;
  std::optional<StringLiteral> code;
  Span span;
};

struct IndicatorClasses {
  std::vector<IndicatorClass> entries;  // best class first
  Span span;
};

// One value of a categorical indicator (`A`, or `certifie_mention "Certifié avec mention"`).
struct Category {
  Identifier name;
  std::optional<StringLiteral> written;  // as the data writes it; none: the name itself
  Span span;
};

struct IndicatorValues {
  std::vector<Category> entries;  // most favourable first
  Span span;
};

// One missing-value code the data may hold (`"Non concerné": not_applicable`).
struct MissingCode {
  StringLiteral code;
  std::optional<Word> verdict;  // none: missing data
  Span span;
};

struct IndicatorCodes {
  std::vector<MissingCode> entries;
  Span span;
};

struct Indicator {
  Identifier name;
  std::optional<StringLiteral> title;
  ExprPtr formula;  // derived indicator, or null
  std::optional<Word> unit, better, period, aggregate;
  std::optional<StringLiteral> source;
  std::optional<Identifier> numerator, denominator;
  std::optional<NumberRange> range;
  std::optional<IndicatorClasses> classes;
  std::optional<IndicatorValues> values;  // a categorical indicator
  std::optional<IndicatorCodes> codes;
  bool incomplete = false;  // syntax errors inside: sema skips "missing ..." checks on it
  Span span;
};

struct Attribute {
  Identifier name;
  std::optional<StringLiteral> title;
  Span span;
};

struct Applicability {
  enum class Kind { kEachMember, kGroup, kEntities };
  Kind kind = Kind::kEachMember;
  ExprPtr where;  // kEachMember or kEntities, may be null
  std::vector<EntityRef> entities;
  Span span;
};

// `baseline`, `95 % of baseline` (`la référence`, `95 % de la référence`): a bound that is a share
// of the commitment's baseline value.
struct BaselineShare {
  std::optional<Quantity> share;  // none: the baseline itself
  Span span;
};

// `partially met up to 8 %`, `partially met up to baseline`: the far edge of the partially met band.
struct PartialLimit {
  std::optional<Quantity> value;             // or
  std::optional<BaselineShare> of_baseline;
  Span span;
};

struct TrajectoryEntry {
  PeriodKey period;
  std::optional<Comparator> comparator;
  Quantity value;                            // unused when of_baseline or category is set
  std::optional<Identifier> category;        // `at least B` (a categorical indicator)
  std::optional<BaselineShare> of_baseline;
  std::optional<PartialLimit> partial;
  std::optional<Identifier> parameter;       // `>= c`: a template parameter (value unused)
  Span span;
};

struct Target {
  bool is_trajectory = false;
  std::vector<TrajectoryEntry> entries;   // trajectory
  std::optional<Comparator> comparator;   // constant
  std::optional<Quantity> value;          // constant (or of_baseline)
  std::optional<BaselineShare> of_baseline;  // constant
  std::optional<PartialLimit> partial;    // constant
  std::optional<YearRange> from_year;     // constant, "from 2021"
  std::optional<Identifier> category;     // constant `at least B` (a categorical indicator)
  std::optional<Identifier> parameter;    // constant `>= c`: a template parameter (value unused)
  Span span;
};

// `target by party { 08: >= 15 beds  51: >= 57 beds tolerance 2 beds  else: >= 10 beds }`
// (cible par partie): one party's own target and tolerance; no party: the `else` (sinon) entry.
struct PartyTarget {
  std::optional<EntityRef> party;
  Target target;
  std::optional<Quantity> tolerance;
  Span span;
};

struct PartyTargets {
  std::vector<PartyTarget> entries;
  Span span;
};

// `met if A or B`: the verdict a commitment gives for some values of a categorical indicator, or
// for some missing-value codes of the data.
struct VerdictRule {
  Word verdict;
  std::vector<Identifier> categories;
  std::vector<StringLiteral> codes;
  bool continues = false;  // written after a ',' that joins it to the rule before, on one line
  Span span;
};

struct Improve {
  Quantity amount;
  YearRange baseline;  // a single year
  Span span;
};

struct Composite {
  enum class Kind { kAll, kAny, kAtLeast };
  Kind kind = Kind::kAll;
  std::optional<Number> count;  // kAtLeast
  std::vector<Identifier> members;
  Span span;
};

struct Commitment {
  Identifier name;
  std::optional<StringLiteral> title, ref;
  std::optional<Applicability> applicability;
  std::optional<Identifier> indicator;
  std::optional<Target> target;
  std::optional<PartyTargets> party_targets;  // `target by party { ... }`
  std::optional<Improve> improve;
  std::optional<YearRange> baseline;  // `baseline 2017`: the year whose own value targets may refer to
  std::optional<Number> consecutive_years;  // `for 3 consecutive years`
  Span consecutive_span;
  std::optional<Quantity> tolerance;
  std::optional<Number> weight;
  std::optional<Word> aggregate;
  std::optional<Composite> composite;
  std::vector<VerdictRule> verdict_rules;
  bool incomplete = false;  // syntax errors inside: sema skips "missing ..." checks on it
  Span span;
};

// `due signature + 6 months`: a date parameter of the template, and an optional delay after it.
struct DueFrom {
  Identifier base;
  std::optional<Number> amount;
  std::optional<Word> unit;  // days, months, years (jours, mois, ans)
  Span span;
};

struct Milestone {
  Identifier name;
  std::optional<StringLiteral> title, evidence, ref;
  std::optional<Date> due;
  std::optional<DueFrom> due_from;
  std::optional<Number> weight;
  std::optional<Applicability> applicability;
  bool incomplete = false;  // syntax errors inside: sema skips "missing ..." checks on it
  Span span;
};

struct Waiver {
  Identifier commitment;
  std::vector<EntityRef> entities;  // empty: every entity in scope
  std::optional<PeriodKey> period;  // none: the whole contract period
  std::optional<StringLiteral> reason, authority;
  std::optional<Date> granted, until;
  bool incomplete = false;  // syntax errors inside: sema skips "missing ..." checks on it
  Span span;
};

struct ScoringValue {
  Word verdict;
  Number value;
  Span span;
};

struct Scoring {
  std::optional<Word> basis;  // `by verdict` / `by commitment` (par verdict, par engagement)
  std::vector<ScoringValue> values;
  std::optional<Word> aggregate;
  Span span;
};

struct Payment {
  Identifier name;
  std::optional<StringLiteral> title;
  std::optional<YearRange> years;  // `in 2019`, `in 2019..2020`: paid those years only
  // `for each party` (pour chaque partie): one amount per party of the contract, from its own score
  std::optional<Span> for_each_party;
  ExprPtr formula;
  Span span;
};

struct TableKey {
  // kCompare: a tier (`<= 50`, `>= 75 %`), matched in the order written; kElse: when nothing else matches.
  enum class Kind { kNumber, kRange, kString, kWord, kCompare, kElse };
  Kind kind = Kind::kNumber;
  Number low, high;  // kNumber uses low; kRange both
  std::string text;  // kString, kWord
  std::optional<Comparator> comparator;  // kCompare, with bound
  std::optional<Quantity> bound;
  Span span;
};

// A string as the language writes it: in double quotes, with \" \\ \n \t escaped.
std::string QuoteString(const std::string& text);

// The key as written in the file (`3..4`, `"petite"`, `>= 75 %`, `else`), in English.
std::string KeyText(const TableKey& key);

struct TableEntry {
  TableKey key;
  std::optional<TableKey> second;  // a grid's second key
  ExprPtr value;
  Span span;
};

struct Table {
  Identifier name;
  Identifier key;  // the parameter or attribute the table is indexed by
  std::optional<Identifier> second_key;  // a grid (`by class, evolution`)
  bool incomplete = false;  // syntax errors inside: sema skips the checks of its keys
  std::vector<TableEntry> entries;
  Span span;
};

struct Party {
  // kOther: a party that is not an establishment (commune, CLSM...): its kind word, then its code in
  // `entity` (engine/base/party_id.h).
  enum class Kind { kGroup, kEntity, kOther };
  Kind kind = Kind::kGroup;
  Identifier group;
  EntityRef entity;
  Word other_kind;
  Span span;
};

// `amendment 1 effective 2021-07-01 "..." { ... }` (avenant 1 en vigueur le 01/07/2021): a dated
// change of a signed contract. A commitment or milestone naming an existing one changes what it writes;
// a payment of the same name replaces it; a new name adds one; `remove` drops one. `period` extends the
// contract, `add party` / `remove party` change its parties, a waiver is granted or revoked, a scoring
// clause replaces the contract's (docs/language.md#amendments-avenants).
struct Amendment {
  Number number;
  Date effective;
  std::optional<StringLiteral> title;
  std::vector<Commitment> commitments;
  std::vector<Payment> payments;
  std::vector<Milestone> milestones;
  std::vector<Waiver> waivers;       // granted by the avenant
  std::optional<Scoring> scoring;    // replaces the contract's scoring clause
  std::optional<YearRange> period;   // the contract's new period (a prorogation)
  std::vector<Party> added_parties;
  struct Removal {
    enum class Kind { kCommitment, kPayment, kMilestone, kParty, kWaiver };
    Kind kind = Kind::kCommitment;
    Identifier name;  // kCommitment, kPayment, kMilestone
    Party party;      // kParty
    Waiver waiver;    // kWaiver: the waivers of its commitment, for its parties and period when written
    Span span;
  };
  std::vector<Removal> removals;
  bool incomplete = false;  // syntax errors inside
  Span span;
  Span head_span;  // `amendment 1 effective DATE`, for diagnostics about the whole amendment
};

// The items shared by contracts and templates.
struct ContractBody {
  std::optional<Word> kind;
  std::optional<StringLiteral> authority;
  std::optional<Date> signed_on;
  std::optional<Identifier> signed_from;  // `signed signature`: a date parameter of the template
  std::optional<YearRange> period;
  std::vector<Party> parties;
  std::vector<Commitment> commitments;
  std::vector<Milestone> milestones;
  std::vector<Waiver> waivers;
  std::optional<Scoring> scoring;
  std::vector<Payment> payments;
  std::vector<Table> tables;
  std::vector<Amendment> amendments;  // in the order written (contracts only)
};

struct Argument {
  Identifier name;
  ExprPtr value;
  Span span;
};

struct TemplateCall {
  Identifier name;
  std::vector<Argument> arguments;
  Span span;
};

struct Contract {
  Identifier name;
  std::optional<StringLiteral> title;
  std::optional<TemplateCall> instance_of;
  ContractBody body;
  bool incomplete = false;  // syntax errors inside: sema skips "missing ..." checks on it
  Span span;
};

struct Parameter {
  Identifier name;
  std::optional<Word> type;
  ExprPtr default_value;
  Span span;
};

struct Template {
  Identifier name;
  std::vector<Parameter> parameters;
  std::optional<StringLiteral> title;
  ContractBody body;
  bool incomplete = false;  // syntax errors inside: sema skips "missing ..." checks on it
  Span span;
};

struct GivenMembers {
  EntityRef group;  // the group's code (in `code`)
  std::vector<EntityRef> members;
  Span span;
};

struct GivenAttribute {
  EntityRef entity;
  Identifier name;
  std::optional<PeriodKey> period;  // none: every period of the test
  ExprPtr value;
  Span span;
};

struct GivenValue {
  EntityRef entity;
  Identifier indicator;
  PeriodKey period;
  std::optional<Quantity> value;  // none: a word such as `missing`
  std::optional<Word> word;
  std::optional<StringLiteral> code;  // `missing "NR"`: the missing-value code, as a data file writes it
  Span span;
};

struct GivenEvidence {
  EntityRef entity;
  Identifier milestone;
  Date date;
  Span span;
};

struct Expectation {
  Identifier subject;  // commitment, milestone or payment
  std::optional<EntityRef> entity;
  std::optional<PeriodKey> period;
  std::optional<Word> verdict;
  std::optional<Quantity> value;
  Span span;
};

// `given "valeurs.csv"`: a data file read as `vigie import` reads it (values, evidence, groups).
struct GivenFile {
  StringLiteral path;
  std::optional<PeriodKey> period;  // for files without a period column, as `import --period`
  Span span;
};

struct Test {
  StringLiteral name;
  std::optional<Identifier> contract;
  std::optional<Date> as_of;
  std::vector<GivenValue> given_values;
  std::vector<GivenEvidence> given_evidence;
  std::vector<GivenMembers> given_members;
  std::vector<GivenAttribute> given_attributes;
  std::vector<GivenFile> given_files;
  std::vector<Expectation> expectations;
  bool incomplete = false;  // syntax errors inside: sema skips "missing ..." checks on it
  Span span;
};

struct Comment {
  std::string text;  // "// ..." as written
  Span span;
};

struct File {
  FileId file = kNoFile;
  std::vector<Comment> comments;  // every `//` comment, in order
  int english_keywords = 0;       // keywords written in each language, for the formatter
  int french_keywords = 0;
  std::vector<Import> imports;
  std::vector<Indicator> indicators;
  std::vector<Attribute> attributes;
  std::vector<Contract> contracts;
  std::vector<Template> templates;
  std::vector<Table> tables;
  std::vector<Test> tests;
};

}  // namespace vigie::syntax::ast
