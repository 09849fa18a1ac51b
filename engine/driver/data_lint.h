// The lint against a store's data (`vigie lint --store`): what only the data can tell about rules
// that check, before anything is paid — a baseline year the store has no value for (every verdict
// after it would be missing data), an indicator no imported file provides. It reads what one
// evaluation read (each verdict's inputs), so it can never disagree with `vigie run`.
#pragma once

#include "engine/base/diagnostic.h"
#include "engine/eval/evaluator.h"

namespace vigie::driver {

// Reports V3046 and V3047 for the contracts of `run` (evaluated with EvalOptions::details), each
// once per place in the rules even when several contracts or versions share it.
void LintAgainstData(const eval::RunResult& run, DiagnosticSink& sink);

}  // namespace vigie::driver
