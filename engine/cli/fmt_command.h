// vigie fmt: the canonical layout of ruleset files, in English or French keywords.
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunFmt(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
