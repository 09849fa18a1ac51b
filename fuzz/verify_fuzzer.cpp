// `vigie verify` on any report JSON: report::ParseJson, the as-of date as the CLI reads it, then
// driver::Verify against the fixture (fuzz/fixture.h): its ruleset and a store with its data and
// evidence, made once per process in the scratch folder.
//
// The report is written to the scratch folder and verified there: Verify itself refuses any path of
// the report that leaves its folder, and the store is always the fixture's (never the report's). So
// the fuzzer explores the reader and the comparison, not the machine's files.
//
// With VIGIE_FUZZ_SEED_DIR set, the process first writes a genuine report of the fixture there
// (report.json, which verifies), so the corpus starts from a report that reaches the comparison.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "engine/base/calendar.h"
#include "engine/base/diagnostic.h"
#include "engine/base/diagnostic_render.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/pipeline.h"
#include "engine/driver/verify.h"
#include "engine/report/report_model.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;
namespace fs = std::filesystem;

// The report `vigie run --as-of 2021-06-30 --report out rules.vigie` writes, run in the scratch folder.
std::string GenuineReport() {
  driver::CheckedProgram program;
  DiagnosticSink sink;
  driver::CheckProgram({fuzz::ScratchPath("rules.vigie")}, fuzz::ScratchDir(), program, sink);
  if (sink.HasErrors()) fuzz::Fail("the fixture's ruleset does not check", RenderTextAll(sink.Sorted(), program.parsed.sources));
  store::StoreError error;
  std::unique_ptr<store::Store> store = store::Store::Open(fuzz::SharedStorePath(), store::OpenOptions{}, error);
  if (!store) fuzz::Fail("cannot open the fixture's store: " + error.message);
  driver::EvaluateOptions evaluate;
  evaluate.eval.as_of = calendar::Date{2021, 6, 30};
  evaluate.build_report = true;
  evaluate.report.engine_version = "fuzz";
  evaluate.report.generated_at = "2026-01-01T00:00:00Z";
  evaluate.report.store_path = "vigie.db";
  evaluate.report.rulesets = driver::RulesetFiles(program);
  const driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  return report::RenderJson(*evaluation.report);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SharedStorePath();
  if (const char* seeds = std::getenv("VIGIE_FUZZ_SEED_DIR"); seeds && *seeds) {
    fuzz::WriteFile(std::string(seeds) + "/report.json", GenuineReport());
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string problem;
  if (!report::ParseJson(text, problem) && problem.empty()) fuzz::Fail("a report refused without a reason");
  // Verify reads the report from its file, as `vigie verify` does; its paths stay in the scratch folder.
  const std::string report_path = fuzz::ScratchPath("report.json");
  fuzz::WriteFile(report_path, text);
  driver::VerifyOptions options;
  options.report_path = report_path;
  options.store_path = fuzz::SharedStorePath();
  options.folder = fuzz::ScratchDir();
  DiagnosticSink sink;
  const driver::VerifyResult result = driver::Verify(options, sink);
  RenderTextAll(sink.Sorted(), result.program.parsed.sources);
  return 0;
}
