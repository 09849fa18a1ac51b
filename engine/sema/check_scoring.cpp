// The scoring of a contract: what a year's score averages (`scoring by verdict` / `by commitment`).
#include "engine/sema/checker_internal.h"

namespace vigie::sema::internal {

void CheckScoringBasis(Checker& checker, const ast::Word& basis, model::Scoring& out) {
  auto canonical = checker.Canonical(syntax::ScoringBases(), basis);
  if (!canonical) return;
  out.basis = *canonical == "verdict" ? model::Scoring::Basis::kVerdict : model::Scoring::Basis::kCommitment;
  out.basis_span = basis.span;
  if (out.basis != model::Scoring::Basis::kVerdict) return;
  // min, max and count pick or count whole commitments: they have no meaning over single verdicts.
  if (out.aggregate == model::Aggregate::kMin || out.aggregate == model::Aggregate::kMax ||
      out.aggregate == model::Aggregate::kCount) {
    checker.Report(DiagCode::kScoringBasisAggregate, basis.span,
                   Tr("'scoring by verdict' cannot combine the verdicts by '{0}'", model::Name(out.aggregate)),
                   std::string(Tr("by verdict, a score is a weighted_mean (the default), a mean or a sum of the verdicts' "
                                  "points; write `scoring by commitment` to take the {0} of the commitments",
                                  model::Name(out.aggregate))));
  }
}

}  // namespace vigie::sema::internal
