// `vigie user add|list|remove`: the users of `vigie serve` (engine/serve/users.h does the work).
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunUser(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
