// Shared by checker.cpp (declarations, indicators, tables), check_tests.cpp (test blocks),
// check_contract.cpp (contracts and templates) and check_expressions.cpp (names, types and the binding
// of expressions). Not a public header.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/text.h"
#include "engine/sema/checker.h"
#include "engine/sema/model.h"
#include "engine/syntax/ast.h"
#include "engine/syntax/vocabulary.h"

namespace vigie::sema::internal {

namespace ast = syntax::ast;

using model::ExprType;

// The names of a map's entries, for "did you mean" suggestions.
template <typename T>
std::vector<std::string> KeysOf(const std::map<std::string, T>& map) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : map) keys.push_back(key);
  return keys;
}

enum class NameKind { kIndicator, kAttribute, kParameter, kPayment, kCommitment, kBuiltin };

// The names an expression may use, with what they are.
struct Scope {
  std::string context;  // "a payment formula", for messages
  std::map<std::string, std::pair<NameKind, ExprType>> names;
  std::map<std::string, const ast::Table*> tables;
  bool allow_symbols_after_has = true;
  // What the names are bound to: a contract's arguments (none in a template body), the checked tables.
  std::map<std::string, model::ExprPtr> parameter_values;
  std::map<std::string, const model::Table*> bound_tables;
  std::map<std::string, int> places;  // an item's or a payment's place in its contract (payments)
  const std::vector<model::Party>* parties = nullptr;  // payments: the contract's parties (`score of`)

  // A scope without names: a default value, a template argument, a table value.
  static Scope OfLiterals(std::string context) {
    Scope scope;
    scope.context = std::move(context);
    scope.allow_symbols_after_has = false;
    return scope;
  }
};

class Checker {
 public:
  Checker(const SourceManager& sources, DiagnosticSink& sink, const CheckOptions& options)
      : sources_(sources), sink_(sink), options_(options) {}

  model::Model Run(const std::vector<ast::File>& files);

  // ── reporting helpers
  Diagnostic& Report(DiagCode code, Span span, std::string message, std::string help = "");
  void Flush();  // hands pending diagnostics to the sink
  // "did you mean 'x'?" for `name` among `candidates`, or "".
  static std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);
  // Checks a value word against a vocabulary; reports V2008 and returns nullopt when unknown.
  std::optional<std::string> Canonical(const syntax::Vocabulary& vocabulary, const ast::Word& word);
  void CheckFiness(const std::string& code, Span span);
  void CheckSubject(const ast::EntityRef& subject);
  // A code some contract declares as a party that is not an establishment (commune 79191, clsm X):
  // never checked as a FINESS (engine/base/party_id.h).
  bool IsOtherParty(const std::string& code) const { return other_parties_.count(code) > 0; }

  // ── expressions (check_expressions.cpp)
  // Checks an expression and binds it: the returned node (never null) carries the type it computed.
  model::ExprPtr CheckExpr(const ast::Expr& expr, const Scope& scope);
  void ExpectBool(const ast::Expr& expr, const ExprType& type, const std::string& where);
  model::ExprPtr CheckClassCall(const ast::Expr& call, std::string_view function);
  // previous(x), last_known(x, 2 years) (check_history.cpp).
  model::ExprPtr CheckHistoryCall(const ast::Expr& call, std::string_view function, const Scope& scope);
  static std::string UnitOfIndicator(model::Unit unit);
  // An indicator's unit as the message's language writes it: "percent", in French "pourcent".
  static std::string UnitName(model::Unit unit);
  // "unknown unit 'x'", "unknown direction 'x'"... for a vocabulary's `what`.
  static std::string UnknownWord(std::string_view what, const std::string& word);
  static std::string DescribeUnit(const std::optional<std::string>& unit);
  // What a value of `type` is, for a message: its unit for a number ("%", "a plain number"), else
  // its kind ("a text", "a date", "a condition", "a value").
  static std::string DescribeType(const ExprType& type);
  // "a plain number" or "in %": what a written quantity is. And the help that rewrites `quantity` in
  // the unit `expected` (a canonical unit, "" for a plain number).
  static std::string WrittenAs(const std::string& unit);
  static std::string WriteInUnitHelp(const ast::Quantity& quantity, const std::string& expected);
  // Canonical quantity unit of a written suffix ("%" -> "percent", "jours" -> "days"), or "" for none.
  std::optional<std::string> QuantityUnit(const ast::Quantity& quantity);
  // A value written for an indicator (a target or a limit: `is_target`; a test's given value
  // otherwise) that no value of the indicator can take: outside its declared `range`, or below zero
  // for a count of things. V4006, as `vigie import` refuses such a value in a data file.
  void CheckWithinIndicator(const ast::Quantity& quantity, const model::Indicator& indicator, bool is_target);
  // Every indicator with its unit type; built once, then shared by every formula and filter.
  const Scope& IndicatorScope();

  // ── categorical indicators and missing-value codes (check_categories.cpp)
  void CheckCategories(const ast::Indicator& x, model::Indicator& out);
  // The rank of `name` among the indicator's values (1 = the most favourable); 0, reported, if unknown.
  int CategoryRank(const ast::Identifier& name, const model::Indicator& indicator);
  // `at least B` needs a categorical indicator, a number a numeric one; false, reported, otherwise.
  bool CheckCategoryTarget(const std::optional<ast::Identifier>& category, const ast::Quantity* value, Span span,
                           const model::Indicator& indicator);
  void CheckVerdictRules(const ast::Commitment& x, const model::Indicator& indicator, model::Commitment& out);

  // ── contracts and templates (check_contract.cpp)
  void CheckTemplate(const ast::Template& tmpl);
  std::optional<model::Contract> CheckContract(const ast::Contract& contract);

  const model::Model& Model() const { return model_; }

 private:
  friend class ContractChecker;
  friend void CheckAmendments(Checker& checker, const ast::Contract& contract, const ast::ContractBody& body,
                              const Scope& parameters, size_t before, model::Contract& out);

  void CollectDeclarations(const std::vector<ast::File>& files);
  void CheckIndicator(const ast::Indicator& indicator);
  void CheckIndicatorCycles();
  // V2131 at the top of each chain of derived indicators deeper than kMaxDerivedDepth.
  void ReportDeepIndicators(const std::map<std::string, int>& heights,
                            const std::map<std::string, std::vector<std::string>>& edges);
  void CheckClasses(const ast::IndicatorClasses& classes, model::Indicator& out);
  // Keys (unique, ranges in order), values (one unit), and what the table is indexed by.
  model::Table CheckTable(const ast::Table& table, const Scope& parameters);
  void CheckTest(const ast::Test& test);
  void ReportUnusedIndicators();
  std::optional<model::Period> ToPeriod(const ast::PeriodKey& key, std::optional<model::PeriodKind> expected_kind);

  const SourceManager& sources_;
  DiagnosticSink& sink_;
  CheckOptions options_;
  std::deque<Diagnostic> pending_;  // deque: Report() hands out references that must stay valid
  model::Model model_;

  // Declarations by name (first declaration wins; later ones are reported as duplicates).
  std::map<std::string, const ast::Indicator*> indicators_;
  std::map<std::string, const ast::Attribute*> attributes_;
  std::map<std::string, std::string> other_parties_;  // code -> canonical kind, from every contract's parties
  std::map<std::string, const ast::Table*> tables_;
  std::map<std::string, const ast::Template*> templates_;
  std::map<std::string, const ast::Contract*> contracts_;
  std::vector<const ast::Test*> tests_;
  std::set<std::string> used_indicators_;
  std::optional<Scope> indicator_scope_;
};

// Checks a contract's body (its own, or merged with its template's) into `out` (check_contract.cpp):
// the same checks for the contract as signed and for each version an avenant makes.
void CheckContractBody(Checker& checker, const ast::ContractBody& body, const Scope& parameters,
                       const std::string& name, model::Contract& out);

// The contract's avenants (check_amendments.cpp): their numbers, dates and items, then each version
// of the contract checked as a contract, into out.amendments and out.versions. `before`: the first of
// the pending diagnostics of this contract, so that a version reports only what is new in it.
void CheckAmendments(Checker& checker, const ast::Contract& contract, const ast::ContractBody& body,
                     const Scope& parameters, size_t before, model::Contract& out);

// `scoring by verdict` / `by commitment` into `out` (check_scoring.cpp); reports V2140.
void CheckScoringBasis(Checker& checker, const ast::Word& basis, model::Scoring& out);

// A payment's `in YEARS` into the last of out.payments (check_payment_years.cpp): the years lie in
// the contract's period (V2141) and every payment it reads is paid in each of them (V2142).
void CheckPaymentYears(Checker& checker, const ast::Payment& payment, model::Contract& out);

// Scores and payments per party (check_party_payments.cpp). `score of PARTY`: a party of the
// contract, in a payment only (V2260, V2261). A payment's `for each party` into the last of
// out.payments: a contract's payment reads no payment made to each party (V2262); lint V3040, V3041.
model::ExprPtr CheckPartyScore(Checker& checker, const ast::Expr& e, const Scope& scope);
void CheckPartyPayment(Checker& checker, const ast::Payment& payment, model::Contract& out);

// `X is present` / `X is absent` (check_presence.cpp), `operand` already checked: X must be an
// attribute or an indicator (V2143); the word must be present or absent (V2008).
model::ExprPtr CheckPresence(Checker& checker, const ast::Expr& e, model::ExprPtr operand);

// How far declarations may be built on each other (docs/language.md, Limits). Derived indicators:
// the evaluator computes an indicator's inputs before it, one level of recursion per formula.
constexpr int kMaxDerivedDepth = 32;
constexpr int kMaxCompositeDepth = 256;

// The declarations a name is built on (a derived indicator's inputs, a composite's members), or null
// when the name is not a node of the graph (data, a plain commitment).
using Successors = std::function<const std::vector<std::string>*(const std::string&)>;

// What WalkChains finds: the cycles (each as the path from a node back to itself, reported once per
// node closing it) and each node's height (the edges of the longest chain below it).
struct ChainWalk {
  struct Cycle {
    std::string closed;  // the node the cycle comes back to
    std::string path;    // "a -> b -> a"; a long one shortened: "a -> b -> ... (996 more) -> y -> z -> a"
  };
  std::vector<Cycle> cycles;
  std::map<std::string, int> heights;
};

// Depth first from each of `nodes` in order, with an explicit stack: no chain the user declares can
// overflow the stack, and each node is visited once.
ChainWalk WalkChains(const std::vector<std::string>& nodes, const Successors& next);

model::Date ToDate(const ast::Date& date);
// ">=" -> kGe ...; anything else is `=`.
model::Comparator ToComparator(const std::string& op);

}  // namespace vigie::sema::internal
