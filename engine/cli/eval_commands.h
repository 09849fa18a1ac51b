// The commands that evaluate: run (verdicts, scores, payments, reports), explain (one verdict in
// words), verify (recompute a report and say whether it still holds).
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunRun(const Options& options, std::ostream& out, std::ostream& err);
int RunExplain(const Options& options, std::ostream& out, std::ostream& err);
int RunVerify(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
