// vigie lint: the checks of `vigie check`, then the lint warnings (V3001, V3004..V3012).
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

// Exit 0 when there are only warnings (1 with --deny-warnings), 1 for errors, 2 for a usage error,
// 3 when a file could not be read.
int RunLint(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
