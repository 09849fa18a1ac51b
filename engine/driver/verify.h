// `vigie verify`: does a report still hold, and who made it? Reads the report and, beside it, its
// signature and the report files it lists (same bytes?); reads the run it names in the store (the
// same verdicts, values, origins, scores and amounts?) and the chain of sealed runs (unbroken?);
// rereads the rulesets and the milestones' evidence documents (same bytes?); recomputes the run
// with the same rules, as-of date and data state; and lists what differs, as data. A path named in
// the report is read only inside the report's folder (or the folder the user names). The CLI words
// and prints the differences and picks the exit code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/pipeline.h"
#include "engine/report/report_model.h"
#include "engine/store/store.h"

namespace vigie::driver {

// One thing that is not as the report recorded it.
struct Difference {
  enum class Kind {
    kSignatureMissing,   // subject: the signature file expected (with a public key)
    kSignatureMalformed, // subject: the signature file; it is not a vigie signature
    kSignatureInvalid,   // subject: the signature file; recorded: the key it names, now: the key given
    kReportFileMissing,  // subject: a report file the JSON lists; recorded: its sha256
    kReportFileChanged,  // subject: the file; recorded, now: the sha256s
    kPathRefused,        // subject: what named it ("ruleset", "evidence", "report file") and the path; now: why
    kRunMissing,         // subject: "run #N"; the store has no such run
    kRunIncomplete,      // subject: "run #N"; now: why (its reports were not all written)
    kRunUnsealed,        // subject: "run #N"; recorded before runs were sealed (schema 2)
    kRunDiffers,         // subject: "run #N: " + what (compare_reports.h); recorded: in the store, now: in the report
    kRunReportDiffers,   // subject: "run #N"; the report as a whole differs from the sealed one: recorded, now: SHA-256
    kChainRunMissing,    // subject: "run #N" where the chain breaks; recorded: the run before it still there ("" none)
    kChainLinkChanged,   // subject: "run #N"; recorded, now: the digests
    kChainRunAltered,    // subject: "run #N"; recorded, now: its digests (sealed, and as it is now)
    kRulesetMissing,     // subject: the ruleset's path; recorded: its sha256
    kRulesetChanged,     // subject: the path; recorded, now: the sha256s
    kRulesetNotRecorded, // subject: a file read with --rules that the report does not list; now: its sha256
    kEvidenceMissing,    // subject: the document's path; recorded: its sha256
    kEvidenceChanged,    // subject: the document; recorded, now: the sha256s
    kData,               // the values the report read changed in the store; recorded, now: the data digests
    kVerdictGone,        // subject: as compare_reports.h; recorded: the verdict, amount or value
    kVerdictChanged,     // subject as above; recorded, now
    kVerdictNew,         // subject as above; now
  };
  Kind kind;
  std::string subject;
  std::string recorded, now;
};

struct VerifyOptions {
  std::string report_path;  // the JSON report (given by the user)
  std::string store_path;   // the store (given by the user; never the one the report names)
  // The rulesets to recompute with (given by the user). Empty: the report's own list, read inside
  // `folder`.
  std::vector<std::string> rules;
  // The user's --root: where the report's paths (rulesets, evidence documents) are read (empty: the
  // report's folder), and what the `rules` are named relative to (empty: the current directory, as
  // `vigie run` names them). The report's own files (its signature, the formats it lists) are
  // always read in the report's folder.
  std::string folder;
  std::optional<std::string> public_key;  // 32 bytes: the signature must be this key's
  // The memory the recomputed report may take (none: what is available; EvaluateOptions::memory_for_report).
  std::optional<uint64_t> memory_for_report;
};

struct VerifyResult {
  enum class Outcome {
    kVerified,           // no difference
    kDifferent,          // `differences` lists them
    kReportUnreadable,   // the report cannot be read or is not a vigie report (`problem`)
    kRulesetsMissing,    // some rulesets cannot be read: nothing was recomputed (`missing_rulesets`)
    kRulesHaveErrors,    // the rulesets no longer check: their diagnostics are in the sink
    kStoreUnavailable,   // the store cannot be opened (`store_error`)
    kReportTooLarge,     // recomputing it would need more memory than is available (`too_large`)
  };
  enum class Signature {
    kNotChecked,  // no public key given: authorship is not proven
    kValid,       // the report's bytes are signed by the key given
    kInvalid,     // missing, malformed, or not the key's signature of these bytes (a difference says which)
  };
  Outcome outcome = Outcome::kVerified;
  Signature signature = Signature::kNotChecked;
  bool signature_present = false;  // a signature file lies beside the report
  std::string signature_path;
  std::string problem;            // kReportUnreadable: why
  std::optional<report::Report> recorded;  // the report as read
  // In the order they were found: signature, report files, run record, chain, rulesets, evidence
  // documents, data, then verdicts and amounts.
  std::vector<Difference> differences;
  int missing_rulesets = 0;
  size_t report_files = 0;        // files beside the JSON whose bytes were checked
  size_t evidence_documents = 0;  // distinct documents whose bytes were checked
  size_t compared = 0;            // verdicts and amounts of the report
  CheckedProgram program;         // the rules as checked again (sources for rendering diagnostics)
  store::StoreError store_error;
  std::optional<ReportTooLarge> too_large;  // kReportTooLarge: the recomputed report's needs
};

// Verifies the report at options.report_path. The rulesets' diagnostics go to `sink`.
VerifyResult Verify(const VerifyOptions& options, DiagnosticSink& sink);

}  // namespace vigie::driver
