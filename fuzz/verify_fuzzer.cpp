// `vigie verify` on any report JSON: report::ParseJson, the as-of date as the CLI reads it, then
// driver::Verify against the fixture (fuzz/fixture.h): its ruleset and a store with its data and
// evidence, made once per process in the scratch folder.
//
// The harness never lets a report name a file outside the fixture: a ruleset or evidence path
// whose file name is one of the fixture's ("rules.vigie", "deliberation.txt") is read from the
// scratch folder, any other path from a name that does not exist there. The store is always the
// fixture's. So the fuzzer explores the reader and the comparison, not the machine's files.
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

// A path a report names, as the harness lets Verify read it (see the top of the file).
std::string Confined(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  if (name == "rules.vigie" || name == "deliberation.txt") return fuzz::ScratchPath(name);
  return fuzz::ScratchPath("not-there");
}

const std::string& StorePath() {
  static const std::string path = [] {
    const std::string store_path = fuzz::ScratchPath("vigie.db");
    fuzz::FixtureStore(store_path, true);
    return store_path;
  }();
  return path;
}

// The report `vigie run --as-of 2021-06-30 --report out rules.vigie` writes, run in the scratch folder.
std::string GenuineReport() {
  driver::CheckedProgram program;
  DiagnosticSink sink;
  driver::CheckProgram({fuzz::ScratchPath("rules.vigie")}, fuzz::ScratchDir(), program, sink);
  if (sink.HasErrors()) fuzz::Fail("the fixture's ruleset does not check", RenderTextAll(sink.Sorted(), program.parsed.sources));
  store::StoreError error;
  std::unique_ptr<store::Store> store = store::Store::Open(StorePath(), store::OpenOptions{}, error);
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
  StorePath();
  if (const char* seeds = std::getenv("VIGIE_FUZZ_SEED_DIR"); seeds && *seeds) {
    fuzz::WriteFile(std::string(seeds) + "/report.json", GenuineReport());
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string problem;
  std::optional<report::Report> recorded = report::ParseJson(text, problem);
  if (!recorded) {
    if (problem.empty()) fuzz::Fail("a report refused without a reason");
    return 0;
  }
  const std::optional<calendar::Date> as_of = calendar::ParseDate(recorded->as_of).value;
  if (!as_of) return 0;  // the CLI stops here: "has no evaluation date"

  for (auto& ruleset : recorded->rulesets) ruleset.path = Confined(ruleset.path);
  for (auto& contract : recorded->contracts) {
    for (auto& item : contract.items) {
      for (auto& verdict : item.verdicts) {
        if (!verdict.evidence_document.empty()) verdict.evidence_document = Confined(verdict.evidence_document);
      }
    }
  }
  driver::VerifyOptions options;
  options.as_of = *as_of;
  options.store_path = StorePath();
  options.root = fuzz::ScratchDir();
  DiagnosticSink sink;
  const driver::VerifyResult result = driver::Verify(*recorded, options, sink);
  RenderTextAll(sink.Sorted(), result.program.parsed.sources);
  return 0;
}
