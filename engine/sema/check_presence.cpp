// `taille_C is present` / `taille_C est absent`: whether an attribute or an indicator has a value for
// the entity and the period (issue 11). Never missing data: it is what a `where` tests first.
#include "engine/sema/checker_internal.h"

namespace vigie::sema::internal {

model::ExprPtr CheckPresence(Checker& checker, const ast::Expr& e, model::ExprPtr operand) {
  auto node = std::make_shared<model::Expr>();
  node->kind = model::Expr::Kind::kPresence;
  node->type = model::ExprType::Of(model::ExprType::Kind::kBool);
  node->span = e.span;
  node->operands.push_back(operand);
  const ast::Word word{e.op, e.name_span};
  if (auto canonical = checker.Canonical(syntax::Presences(), word)) node->text = *canonical;
  const model::Expr::Kind kind = operand->kind;
  if (kind != model::Expr::Kind::kAttribute && kind != model::Expr::Kind::kIndicator &&
      kind != model::Expr::Kind::kInvalid) {
    checker.Report(DiagCode::kPresenceOfWhat, e.operands[0]->span,
                   Tr("'is {0}' can only be said of an attribute or an indicator", e.op),
                   std::string(Tr("write the name of an attribute or an indicator, such as `taille_C is present and "
                                  "taille_C != \"C0\"`")));
  }
  return node;
}

}  // namespace vigie::sema::internal
