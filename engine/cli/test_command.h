// vigie test: runs the `test` blocks of rulesets and contracts.
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunTestCommand(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
