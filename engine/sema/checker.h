// Checking: every AST of a run -> one checked model, with every mistake reported (never only the
// first). Nothing here prints; diagnostics go to the sink.
#pragma once

#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/sema/model.h"
#include "engine/syntax/ast.h"

namespace vigie::sema {

struct CheckOptions {
  bool strict = false;  // also report lint warnings such as unused indicators (V3001)
};

// Resolves names across all files (a contract sees the indicators of every file of the run), checks
// units, periods, trajectories, weights, cycles, waivers, templates and tests, and builds the model.
// The model is complete only when the sink has no errors.
model::Model Check(const std::vector<syntax::ast::File>& files, const SourceManager& sources,
                   DiagnosticSink& sink, const CheckOptions& options = {});

}  // namespace vigie::sema
