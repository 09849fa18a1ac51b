// `vigie_bench_eval --phase json DIR`: report.json's writer alone on the workload's report model,
// into memory (no file, no SHA-256, one thread), a few times: its processor time per byte, far
// steadier than the whole run's, and a digest of its bytes to compare two binaries' outputs.
// `--phase csv DIR`: report.csv's writer alike. `--phase pages DIR`: the entity pages alike (their
// plan, then the first kPagesSample pages).
#pragma once

#include <cstddef>
#include <string>

#include "engine/driver/pipeline.h"
#include "engine/eval/evaluator.h"

namespace vigie::bench {

// Builds the report model of the store `store_path` (read only; its generated_at fixed), writes its
// JSON once for the digest, then `reps` times; prints the bytes, the digest and the best and median
// processor times. Returns 0, or 1 when the model could not be built.
int WriteJsonAlone(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options,
                   int reps);

// The same for report.csv's writer (`--phase csv DIR`).
int WriteCsvAlone(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options,
                  int reps);

// The entity pages rendered (report::HtmlPages), at most this many, the first: they are alike.
inline constexpr size_t kPagesSample = 500;

// Builds the same report model, then `reps` times makes the pages' plan and renders the sample;
// prints the median processor times of each, the bytes (ns a byte) and their digest (the first time).
int RenderPagesAlone(const driver::CheckedProgram& program, const std::string& store_path, const eval::EvalOptions& options,
                     int reps);

}  // namespace vigie::bench
