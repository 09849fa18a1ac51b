// vigie template: the CSV files an establishment fills in for a contract.
#pragma once

#include <ostream>

#include "engine/cli/options.h"

namespace vigie::cli {

int RunTemplate(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
