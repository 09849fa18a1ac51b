// `vigie serve`: checks the rulesets, opens the store, and serves the web application until
// interrupted (Ctrl-C, SIGTERM). engine/serve does the work; this wires it to the command line.
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunServe(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
