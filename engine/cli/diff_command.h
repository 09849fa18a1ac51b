// vigie diff: what differs between two versions of a contract — two files (OLD NEW), or two
// versions of one amended contract (--from N --to M; 0 is the contract as signed) — clause by clause
// (sema::DiffContracts), and with --store the verdicts, scores and payments that change, per year,
// from one evaluation of each side (driver::Evaluate).
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

// Exit 0 (differences or none), 1 when a file does not check or the contract is not found, 2 for a
// usage error, 3 when a file or the store could not be read.
int RunDiff(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
