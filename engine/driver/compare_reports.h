// Two reports of the same run, compared entry by entry: each verdict (its label, measured value and
// target), each value read (with its origin), each score and each amount. `vigie verify` compares a
// report with the run recorded in the store and with the run computed again.
#pragma once

#include <string>
#include <vector>

#include "engine/report/report_model.h"

namespace vigie::driver {

// One entry that differs, in the current language (its subject, and each side as a person reads it:
// verdict words, amounts, localized numbers). Subjects name it (English shown):
//   "c a 080000615 2019"                 the verdict (its label)
//   "c a 080000615 2019 measured"        its measured value ("target": its target)
//   "value ambu 2019 of 080000615"       a value read: "58 from valeurs.csv line 3 column 21, import #2,
//                                        sha256 e52820bbe6d5"; "missing" for a value the store has not
//   "score c 2019", "score c 2019 of 080000037"
//   "payment c part 2019"                its amount in euros, or "none"
// `before` or `after` is empty when the entry is only in the other report.
struct ReportChange {
  std::string subject, before, after;
};

// In the order of the subjects (sorted), verdicts' labels first, then the rest.
std::vector<ReportChange> CompareReports(const report::Report& before, const report::Report& after);

// The number of verdicts and amounts in a report (what `verified: ... all N` counts).
size_t VerdictsAndAmounts(const report::Report& report);

}  // namespace vigie::driver
