// The evaluation of the longest chains the checker accepts (docs/language.md, Limits), and of
// lattices where each level reads the two below it twice: each derived value and each member's
// verdict is computed once, so none recurses past the chain's length. A hang fails the test at ctest's TIMEOUT
// (tests/CMakeLists.txt); how fast they run is a benchmark's business, not a test's.
#include <catch2/catch.hpp>

#include "engine/eval/evaluator.h"
#include "engine/sema/checker.h"
#include "engine/syntax/parser.h"

using namespace vigie;
namespace model = vigie::sema::model;
using model::Verdict;

namespace {

const char* kEntity = "010008407";

struct Run {
  SourceManager sources;
  DiagnosticSink sink;
  model::Model model;
  eval::DataSet data;
  eval::RunResult result;

  // Checks `text`, gives the entity `values` of 2020, and evaluates every contract (with details).
  Run(const std::string& text, const std::map<std::string, double>& values, bool details) {
    FileId id = sources.Add("t.vigie", text);
    std::vector<syntax::ast::File> files{syntax::ParseFile(sources, id, sink)};
    model = sema::Check(files, sources, sink);
    INFO((sink.Sorted().empty() ? std::string() : sink.Sorted()[0].message));
    REQUIRE_FALSE(sink.HasErrors());
    data.AddEntity(kEntity);
    for (const auto& [name, indicator] : model.indicators) data.AddIndicator(name);
    data.AddPeriod(model::Period{model::PeriodKind::kYear, 2020, 0});
    data.Allocate();
    for (const auto& [name, value] : values) {
      data.SetValue(data.EntityIndex(kEntity), data.IndicatorSlot(name),
                    data.PeriodSlot(model::Period{model::PeriodKind::kYear, 2020, 0}), value, "", 1);
    }
    eval::EvalOptions options;
    options.as_of = model::Date{2021, 6, 30};
    options.details = details;
    eval::Evaluator evaluator(model, data, options);
    result = evaluator.Run();
  }

  const eval::ItemResult& Item(const std::string& name) const {
    for (const auto& item : result.contracts.at(0).items) {
      if (item.Name() == name) return item;
    }
    FAIL("no item " << name);
    return result.contracts.at(0).items.at(0);
  }
};

std::string Contract(const std::string& commitments) {
  return "contract x { period 2020..2020 parties " + std::string(kEntity) + "\n" + commitments + "}\n";
}

}  // namespace

TEST_CASE("the longest chain of derived indicators evaluates, with and without details", "[eval][limits]") {
  std::string text = "indicator i0 { unit count }\n";
  for (int k = 1; k <= 32; ++k) text += "indicator i" + std::to_string(k) + " = i" + std::to_string(k - 1) + " + 1\n";
  text += Contract("  commitment top { indicator i32 target >= 33 }\n");
  for (bool details : {false, true}) {
    Run run(text, {{"i0", 1}}, details);
    const eval::ItemResult& top = run.Item("top");
    REQUIRE(top.cells.size() == 1);
    CHECK(top.cells[0].verdict == Verdict::kMet);
    if (details) {
      REQUIRE(top.details.size() == 1);
      CHECK(top.details[0].measured == 33);
      REQUIRE(top.details[0].inputs.size() == 1);
      CHECK(top.details[0].inputs[0].indicator == "i0");
    }
  }
}

TEST_CASE("32 levels of derived indicators that each read the two below evaluate, each value computed once", "[eval][limits]") {
  // Without each value computed once, a32 would read a0 and b0 2^32 times.
  std::string text = "indicator a0 { unit count }\nindicator b0 { unit count }\n";
  for (int k = 1; k <= 32; ++k) {
    const std::string below = std::to_string(k - 1);
    text += "indicator a" + std::to_string(k) + " = a" + below + " + b" + below + "\n";
    text += "indicator b" + std::to_string(k) + " = a" + below + " - b" + below + "\n";
  }
  text += Contract("  commitment top { indicator a32 target >= 1 }\n");
  for (bool details : {false, true}) {
    Run run(text, {{"a0", 1}, {"b0", 0}}, details);
    const eval::ItemResult& top = run.Item("top");
    REQUIRE(top.cells.size() == 1);
    CHECK(top.cells[0].verdict == Verdict::kMet);  // a_k, b_k: (1, 0) (1, 1) (2, 0) (2, 2) ... a32 = 65536
    if (details) {
      CHECK(top.details[0].measured == 65536);
      CHECK(top.details[0].inputs.size() == 2);  // a0 and b0, each once
    }
  }
}

TEST_CASE("256 levels of composites, each containing the two below, evaluate, each value computed once", "[eval][limits]") {
  std::string commitments = "  commitment c0 { indicator v target >= 1 }\n  commitment d0 { indicator v target >= 5 }\n";
  for (int k = 1; k <= 256; ++k) {
    const std::string below = std::to_string(k - 1);
    commitments += "  commitment c" + std::to_string(k) + " { any of [c" + below + ", d" + below + "] }\n";
    commitments += "  commitment d" + std::to_string(k) + " { all of [c" + below + ", d" + below + "] }\n";
  }
  const std::string text = "indicator v { unit count better higher }\n" + Contract(commitments);
  for (bool details : {false, true}) {
    Run run(text, {{"v", 2}}, details);
    // c0 met, d0 not met: every c is met (any), every d is not (all).
    CHECK(run.Item("c256").cells.at(0).verdict == Verdict::kMet);
    CHECK(run.Item("d256").cells.at(0).verdict == Verdict::kNotMet);
    if (details) CHECK(run.Item("c256").details.at(0).members.size() == 2);
  }
}
