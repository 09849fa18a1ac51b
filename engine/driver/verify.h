// `vigie verify`: does a report still hold? Rereads the rulesets and the milestones' evidence
// documents (same bytes?), recomputes the run with the same rules, as-of date and data state, and
// lists what differs, as data. The CLI words and prints the differences and picks the exit code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/driver/pipeline.h"
#include "engine/report/report_model.h"
#include "engine/store/store.h"

namespace vigie::driver {

// One thing that is not as the report recorded it.
struct Difference {
  enum class Kind {
    kRulesetMissing,   // subject: the ruleset's path; recorded: its sha256
    kRulesetChanged,   // subject: the path; recorded, now: the sha256s
    kEvidenceMissing,  // subject: the document's path; recorded: its sha256
    kEvidenceChanged,  // subject: the document; recorded, now: the sha256s
    kData,             // the values the report read changed in the store; recorded, now: the data digests
    kVerdictGone,      // subject: "CONTRACT ITEM ENTITY PERIOD" or "payment CONTRACT NAME YEAR"; recorded: the verdict or amount
    kVerdictChanged,   // subject as above; recorded, now: the verdicts or amounts ("none": no amount)
    kVerdictNew,       // subject as above; now: the verdict or amount
  };
  Kind kind;
  std::string subject;
  std::string recorded, now;
};

struct VerifyOptions {
  sema::model::Date as_of;  // the report's as_of (the CLI parses it)
  std::string store_path;   // the store to recompute from
  std::string root;         // paths shown relative to it, as for check (the rulesets' diagnostics)
};

struct VerifyResult {
  enum class Outcome {
    kVerified,          // no difference
    kDifferent,         // `differences` lists them
    kRulesetsMissing,   // some rulesets cannot be read: nothing was recomputed (`missing_rulesets`)
    kRulesHaveErrors,   // the rulesets no longer check: their diagnostics are in the sink
    kStoreUnavailable,  // the store cannot be opened (`store_error`)
  };
  Outcome outcome = Outcome::kVerified;
  // In the order they were found: rulesets, evidence documents, data, then verdicts and amounts
  // (gone or changed in the report's order of keys, then new ones).
  std::vector<Difference> differences;
  int missing_rulesets = 0;
  size_t evidence_documents = 0;  // distinct documents whose bytes were checked
  size_t compared = 0;            // verdicts and amounts of the report
  CheckedProgram program;         // the rules as checked again (sources for rendering diagnostics)
  store::StoreError store_error;
};

// Verifies `recorded` (a report read back with report::ParseJson). The rulesets' diagnostics go to
// `sink`. Reads the files the report names, relative to the current directory.
VerifyResult Verify(const report::Report& recorded, const VerifyOptions& options, DiagnosticSink& sink);

}  // namespace vigie::driver
