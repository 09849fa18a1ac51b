// The commands that work on data and the store: import, evidence add, store info, store history.
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunImport(const Options& options, std::ostream& out, std::ostream& err);
int RunEvidence(const Options& options, std::ostream& out, std::ostream& err);
int RunStore(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
