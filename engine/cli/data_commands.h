// The commands that work on data and the store: import, evidence add, store info, store history.
#pragma once

#include <memory>
#include <ostream>

#include "engine/cli/options.h"
#include "engine/store/store.h"

namespace vigie::cli {

int RunImport(const Options& options, std::ostream& out, std::ostream& err);
int RunEvidence(const Options& options, std::ostream& out, std::ostream& err);
int RunStore(const Options& options, std::ostream& out, std::ostream& err);

// Opens options.store (creating it when `create`); on failure prints the diagnostic and sets
// `exit_code` (3).
std::unique_ptr<store::Store> OpenStore(const Options& options, bool create, std::ostream& err, int& exit_code);

}  // namespace vigie::cli
