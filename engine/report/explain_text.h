// The text of `vigie explain`: one verdict in words, with the rule, the reason, the waiver, the
// composite's members, the evidence and every value read with where it came from. Built from data
// (the verdict's eval::Detail and the values' origins); nothing here evaluates or reads the store.
#pragma once

#include <string>

#include "engine/eval/evaluator.h"
#include "engine/report/report_model.h"

namespace vigie::report {

// What the text is about: one item of a contract, for one entity and period, as of a date.
struct ExplainSubject {
  const sema::model::Contract* contract = nullptr;
  std::string item, entity, entity_name;
  sema::model::Period period;
  sema::model::Date as_of;
};

// The explanation of `detail` (the verdict of `subject`), one line per fact, e.g.
//
//   partially met: ambu for 080000037 (CH DE SEDAN) in 2019, as of 2020-01-01
//
//   contract   cp "Bords de bande décimaux"
//   clause     (no clause reference)
//   indicator  ambu "Taux de chirurgie ambulatoire" (percent, higher is better)
//   rule       54.8 % must be ≥ 55.1 %; within [54.8 %, 55.1 %] it is partially met (tolerance 0.3 pts)
//   why        54.8 % misses ≥ 55.1 % but is within the tolerance of 0.3 pts
//   data       ambu 2019 of 080000037 = 54.8 %
//              from valeurs.csv line 2 column 21 (import #2, sha256 aa9736fa5779…, 2026-01-01T00:00:00Z by golden)
//
// Each value read is followed by its origin, found in `origins` by its row id, or by "(the store
// has no row for it)".
std::string ExplainText(const sema::model::Model& model, const ExplainSubject& subject, const eval::Detail& detail,
                        const Origins& origins);

}  // namespace vigie::report
