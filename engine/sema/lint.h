// Lint: warnings about a ruleset that checks but probably does not say what its author meant
// (a trajectory that gets easier, a waiver that has run out...). Run by `vigie lint` and by
// `vigie check --strict`, on a model that checked without errors. Each warning has its own code
// (V3004..V3012, engine/base/diagnostic_codes.def) and is turned off by its slug (--allow=SLUG).
#pragma once

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/sema/model.h"

namespace vigie::sema {

struct LintOptions {
  model::Date as_of;            // waivers are judged on this date (the CLI's --as-of, or today)
  int expiring_within_days = 90;  // a waiver ending this many days after as_of or fewer is "expiring"
};

// Reports every lint warning of `model` into `sink`, at the offending node, with notes on related
// places. A template's item is reported once, with a note for each contract made from it.
void Lint(const model::Model& model, const SourceManager& sources, DiagnosticSink& sink, const LintOptions& options);

// Days from `from` to `to` (negative when `to` comes first): the calendar's.
using calendar::DaysBetween;

}  // namespace vigie::sema
