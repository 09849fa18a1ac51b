// previous(x) and last_known(x, 2 years) (précédent, dernière_valeur): a value of an earlier period,
// in any expression (derived indicators, `where` filters, payments). x is any number the expression
// could read now, usually an indicator: previous(x) is x one period earlier; last_known(x) is x in the
// latest period up to this one that has a value, no older than the age given.
#include "engine/sema/checker_internal.h"
#include "engine/sema/model_printer.h"

namespace vigie::sema::internal {

using model::Expr;
using model::ExprPtr;

ExprPtr Checker::CheckHistoryCall(const ast::Expr& e, std::string_view function, const Scope& scope) {
  const bool last_known = function == "last_known";
  auto invalid = [&] {
    auto node = std::make_shared<Expr>();
    node->kind = Expr::Kind::kInvalid;
    node->span = e.span;
    return node;
  };
  const size_t count = e.operands.size();
  if (count < 1 || count > (last_known ? 2u : 1u)) {
    Report(DiagCode::kHistoryArgument, e.span,
           last_known ? Tr("'{0}' takes a value, such as an indicator, and, optionally, how old it may be; not {1} arguments",
                           e.text, count)
                      : Tr("'{0}' takes one value, such as an indicator; not {1} arguments", e.text, count),
           last_known ? Tr("for example {0}(taux_occupation, 2 years)", e.text) : Tr("for example {0}", e.text + "(taux_occupation)"));
    return invalid();
  }
  ExprPtr value = CheckExpr(*e.operands[0], scope);  // as this expression would read it now
  if (value->kind == Expr::Kind::kInvalid) return invalid();
  if (value->type.kind != model::ExprType::Kind::kNumber) {
    Report(DiagCode::kHistoryArgument, e.operands[0]->span,
           Tr("'{0}' takes a number that changes from one period to the next, such as an indicator", e.text),
           Tr("for example {0}", e.text + "(taux_occupation)"));
    return invalid();
  }

  int max_age_months = -1;  // -1: any age
  if (count == 2) {
    const ast::Expr& age = *e.operands[1];
    std::optional<std::string> unit;
    if (age.kind == ast::Expr::Kind::kQuantity && age.quantity.unit) {
      unit = Canonical(syntax::DurationUnits(), *age.quantity.unit);
      if (!unit) return invalid();  // an unknown word: reported
    }
    const bool whole = age.kind == ast::Expr::Kind::kQuantity && age.quantity.number.text.find('.') == std::string::npos &&
                       age.quantity.number.value <= 100;
    const long months = !unit || !whole     ? -1
                        : *unit == "years"  ? static_cast<long>(age.quantity.number.value) * 12
                        : *unit == "months" ? static_cast<long>(age.quantity.number.value)
                                            : -1;
    // An indicator's own periods: an age of 6 months means nothing for a yearly one.
    const model::PeriodKind kind =
        value->indicator != nullptr ? value->indicator->period_kind : model::PeriodKind::kMonth;
    const int per_period = kind == model::PeriodKind::kYear ? 12 : kind == model::PeriodKind::kQuarter ? 3 : 1;
    if (months < 0 || months % per_period != 0) {
      Report(DiagCode::kHistoryAge, age.span,
             months < 0         ? std::string(Tr("how old a value may be is a whole number of years or months, up to 100"))
             : per_period == 12 ? Tr("'{0}' is measured by year: how old its value may be is a whole number of years",
                                     e.operands[0]->text)
                                : Tr("'{0}' is measured by quarter: how old its value may be is a multiple of 3 months",
                                     e.operands[0]->text),
             Tr("for example {0}(taux_occupation, 2 years)", e.text));
      return invalid();
    }
    max_age_months = static_cast<int>(months);
  }
  auto node = std::make_shared<Expr>();
  node->kind = last_known ? Expr::Kind::kLastKnown : Expr::Kind::kPrevious;
  node->type = value->type;
  node->unit_class = value->unit_class;
  node->span = e.span;
  node->text = value->kind == Expr::Kind::kIndicator ? e.operands[0]->text : PrintCanonicalExpr(*value);
  node->written = e.text;
  node->indicator = value->indicator;
  node->index = max_age_months;
  node->operands.push_back(value);
  return node;
}

}  // namespace vigie::sema::internal
