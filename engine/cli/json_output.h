// The results of explain, verify, test and store as JSON (--format json): the data the library
// returns, printed with nlohmann::json (keys sorted, two-space indent). Keys and values that are
// identifiers (verdicts, kinds) are English slugs in both languages; only `reason` and `detail`
// texts follow the current language.
#pragma once

#include <string>

#include "engine/base/source.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/verify.h"
#include "engine/ruletest/runner.h"
#include "engine/store/store.h"

namespace vigie::cli {

// {"contract", "item", "entity", "entity_name", "period", "as_of", "verdict", "reason", "measured",
//  "target", "comparator", "band", "inputs": [{entity, indicator, role, period, value, missing_code,
//  origin: {file, row, column, import, sha256, imported_at, imported_by}}], "waiver", "members",
//  "evidence", "days_late"}
std::string ExplainJson(const driver::ExplainRequest& request, const driver::Explanation& explanation);

// {"outcome": "verified"|"different"|..., "run", "signature", "signature_present", "compared",
//  "report_files", "evidence_documents", "missing_rulesets", "differences": [{kind, subject, recorded, now}]}
std::string VerifyJson(const driver::VerifyResult& result);

// {"tests": [{name, contract, passed, location, expectations, failures: [{location, expected,
//  actual, detail}]}], "passed", "failed", "coverage": {percent, items, exercised, not_exercised,
//  clauses_never_tested, verdicts_checked}}
std::string TestJson(const ruletest::Summary& summary, const SourceManager& sources);

// Every count of StoreInfo, its indicators, periods and imports.
std::string StoreInfoJson(const std::string& path, const store::StoreInfo& info);

// [{period, value, unit, missing_code, note, file, row, column, import, sha256, imported_at,
//   imported_by, superseded_at}]
std::string StoreHistoryJson(const std::string& entity, const std::string& indicator,
                             const std::vector<store::HistoryEntry>& history);

}  // namespace vigie::cli
