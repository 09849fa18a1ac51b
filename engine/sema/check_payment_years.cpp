// A payment of some years only: `payment dotation_2019 in 2019 = 200000 € * score` (issue 11).
#include "engine/sema/checker_internal.h"

#include <string>

namespace vigie::sema::internal {
namespace {

std::string YearsText(int first, int last) {
  return first == last ? std::to_string(first) : std::to_string(first) + ".." + std::to_string(last);
}

// The earlier payments a formula reads (kPayment nodes), each once, in the order met.
void PaymentsRead(const model::Expr& e, std::vector<const model::Expr*>& out) {
  if (e.kind == model::Expr::Kind::kPayment) {
    for (const model::Expr* seen : out) {
      if (seen->index == e.index) return;
    }
    out.push_back(&e);
  }
  for (const model::ExprPtr& operand : e.operands) {
    if (operand) PaymentsRead(*operand, out);
  }
}

}  // namespace

void CheckPaymentYears(Checker& checker, const ast::Payment& payment, model::Contract& out) {
  model::Payment& paid = out.payments.back();
  if (payment.years) {
    paid.first_year = payment.years->first;
    paid.last_year = payment.years->last;
    paid.years_span = payment.years->span;
    if (out.first_year != 0 && (paid.first_year < out.first_year || paid.last_year > out.last_year)) {
      checker.Report(DiagCode::kPaymentYearsOutside, payment.years->span,
                     Tr("payment '{0}' is paid in {1}, outside the period {2} of contract '{3}'", paid.name,
                        YearsText(paid.first_year, paid.last_year), YearsText(out.first_year, out.last_year), out.name),
                     Tr("write years of the contract, such as `in {0}`", std::to_string(out.first_year)));
    }
  }
  // A payment paid in a year reads only payments paid that year: no amount would be there to read.
  std::vector<const model::Expr*> read;
  if (paid.formula) PaymentsRead(*paid.formula, read);
  const int first = paid.first_year != 0 ? paid.first_year : out.first_year;
  const int last = paid.first_year != 0 ? paid.last_year : out.last_year;
  for (const model::Expr* e : read) {
    if (e->index < 0 || static_cast<size_t>(e->index) >= out.payments.size()) continue;
    const model::Payment& other = out.payments[static_cast<size_t>(e->index)];
    if (other.first_year == 0 || (other.first_year <= first && last <= other.last_year)) continue;
    Diagnostic& d = checker.Report(
        DiagCode::kPaymentReadsOtherYears, e->span,
        Tr("payment '{0}' is computed in {1}, but '{2}' is paid in {3} only", paid.name, YearsText(first, last), other.name,
           YearsText(other.first_year, other.last_year)),
        Tr("pay '{0}' in {1} only (`in {1}`), or give '{2}' the years of '{0}'", paid.name,
           YearsText(other.first_year, other.last_year), other.name));
    d.notes.push_back(Note{other.years_span, Tr("'{0}' is paid in {1} here", other.name, YearsText(other.first_year, other.last_year))});
  }
}

}  // namespace vigie::sema::internal
