// Scores and payments per party (issue 12): `score of 080000037` in a payment formula, and
// `payment dotation for each party = 50000 € * score`, one amount per party from its own score.
#include "engine/sema/checker_internal.h"

#include <algorithm>
#include <string>

namespace vigie::sema::internal {
namespace {

// Whether a formula reads anything that differs from one party to another: its score, an item's
// score, a value or attribute of the party, or an earlier payment made to each party.
bool ReadsTheParty(const model::Expr& e, const model::Contract& contract) {
  using K = model::Expr::Kind;
  switch (e.kind) {
    case K::kScore:
    case K::kItemScore:
    case K::kIndicator:
    case K::kAttribute:
    case K::kClass:
    case K::kEvolution: return true;
    case K::kPayment:
      if (e.index >= 0 && static_cast<size_t>(e.index) < contract.payments.size() &&
          contract.payments[static_cast<size_t>(e.index)].per_party) {
        return true;
      }
      break;
    default: break;
  }
  return std::any_of(e.operands.begin(), e.operands.end(),
                     [&](const model::ExprPtr& operand) { return operand && ReadsTheParty(*operand, contract); });
}

// The earlier payments made to each party that a formula reads.
void PerPartyPaymentsRead(const model::Expr& e, const model::Contract& contract, std::vector<const model::Expr*>& out) {
  if (e.kind == model::Expr::Kind::kPayment && e.index >= 0 && static_cast<size_t>(e.index) < contract.payments.size() &&
      contract.payments[static_cast<size_t>(e.index)].per_party) {
    out.push_back(&e);
  }
  for (const model::ExprPtr& operand : e.operands) {
    if (operand) PerPartyPaymentsRead(*operand, contract, out);
  }
}

}  // namespace

model::ExprPtr CheckPartyScore(Checker& checker, const ast::Expr& e, const Scope& scope) {
  auto node = std::make_shared<model::Expr>();
  node->span = e.span;
  node->text = e.text;
  if (scope.parties == nullptr) {
    checker.Report(DiagCode::kPartyScoreOutsidePayment, e.span,
                   Tr("'score of {0}' is read in {1}: a party's score is known only in a payment", e.text, scope.context),
                   std::string(Tr("use `score of` in a payment formula, such as `payment p = 10000 € * score of 080000037`")));
    return node;  // kInvalid
  }
  std::vector<std::string> names;
  for (const model::Party& party : *scope.parties) names.push_back(party.id);
  if (std::find(names.begin(), names.end(), e.text) == names.end()) {
    std::string help = Checker::DidYouMean(e.text, names);
    if (help.empty()) {
      std::string list;
      for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
      help = names.empty() ? std::string(Tr("list the contract's parties with `parties`"))
                           : Tr("the parties of the contract are: {0}", list);
    }
    checker.Report(DiagCode::kScoreOfUnknownParty, e.name_span, Tr("'{0}' is not a party of the contract: it has no score of its own", e.text),
                   help);
    return node;  // kInvalid
  }
  node->kind = model::Expr::Kind::kPartyScore;
  node->type = ExprType::Number(std::string());
  return node;
}

void CheckPartyPayment(Checker& checker, const ast::Payment& payment, model::Contract& out) {
  model::Payment& paid = out.payments.back();
  paid.per_party = payment.for_each_party.has_value();
  if (!paid.formula) return;
  if (!paid.per_party) {
    // A payment of the whole contract has one amount a year: it cannot read one made to each party.
    std::vector<const model::Expr*> read;
    PerPartyPaymentsRead(*paid.formula, out, read);
    for (const model::Expr* e : read) {
      checker.Report(DiagCode::kReadsPerPartyPayment, e->span,
                     Tr("payment '{0}' is one amount for the contract, but '{1}' is paid to each party: which party's amount?",
                        paid.name, e->text),
                     Tr("pay '{0}' to each party too (`for each party`), or read the score instead", paid.name));
    }
    return;
  }
  if (out.parties.size() == 1) {
    checker.Report(DiagCode::kPerPartyOneParty, *payment.for_each_party,
                   Tr("payment '{0}' is paid to each party, but contract '{1}' has one party: `for each party` changes nothing",
                      paid.name, out.name),
                   std::string(Tr("remove `for each party`, or list the other parties with `parties`")));
  } else if (!ReadsTheParty(*paid.formula, out)) {
    checker.Report(DiagCode::kPerPartySameAmount, *payment.for_each_party,
                   Tr("payment '{0}' is paid to each party, but its amount reads nothing of the party: each one receives the same",
                      paid.name),
                   std::string(Tr("multiply by `score`, the party's own score, such as `50000 € * score`")));
  }
}

}  // namespace vigie::sema::internal
