// (e) of vigie_bench_eval: a run of the workload with its reports, as `vigie run --report DIR`
// makes it (bench/README.md): load, evaluate, build the report model, record the run, write
// report.json, report.csv and the HTML report (in pages above report::NeedsHtmlPages's sizes), seal.
#pragma once

#include <string>

#include "engine/driver/pipeline.h"
#include "engine/eval/evaluator.h"

namespace vigie::bench {

// Runs it on the store `store_path` (written into `report_dir`), prints its figures (times, sizes of
// the files, the largest file, peak memory) and the goal of issue 17 (< 3 s, bounded HTML).
// Returns 0, or 1 when a step failed.
int RunWithReports(const driver::CheckedProgram& program, const std::string& store_path, const std::string& report_dir,
                   const eval::EvalOptions& options);

// The same run up to its report model only (nothing recorded, nothing written; the store opened read
// only): its times and peak memory, to measure the evaluation with details and the model's build.
int BuildModelOnly(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options);

// In the parent: runs `self --phase reports DIR` in a child process (so that its peak memory is
// its own) and passes its lines through. False when the child failed.
bool RunReportsChild(const std::string& self, const std::string& dir);

}  // namespace vigie::bench
