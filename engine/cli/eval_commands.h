// The commands that evaluate: run (verdicts, scores, payments, reports), explain (one verdict in
// words), verify (recompute a report and say whether it still holds).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "engine/cli/options.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/pipeline.h"
#include "engine/store/store.h"

namespace vigie::cli {

int RunRun(const Options& options, std::ostream& out, std::ostream& err);
int RunExplain(const Options& options, std::ostream& out, std::ostream& err);
int RunVerify(const Options& options, std::ostream& out, std::ostream& err);

// The ruleset files a command reads: the paths given, or --rules, or rulesets/ and contracts/ when
// run from the repository.
std::vector<std::string> RulePaths(const Options& options, const std::vector<std::string>& given);
// Loads and checks `paths`; on errors prints them and sets `exit_code`.
bool CheckRules(const std::vector<std::string>& paths, const Options& options, driver::CheckedProgram& program,
                std::ostream& err, int& exit_code);
// Opens options.store for reading (never creates it); on failure prints why and sets `exit_code`.
// Prints a store that cannot be opened or read (V5010) and its help; the exit code to return.
int PrintStoreError(const store::StoreError& error, std::ostream& err);
std::unique_ptr<store::Store> OpenForReading(const Options& options, std::ostream& err, int& exit_code);
// A run whose report would not fit in memory (V5080): said with what to do; returns exit code 3, as
// for a file vigie cannot get at.
int PrintReportTooLarge(const driver::ReportTooLarge& too_large, std::ostream& err);

}  // namespace vigie::cli
