// Chains of declarations the user builds on each other (docs/language.md, Limits): derived
// indicators read from derived indicators, composites of composites. Past the limit a diagnostic at
// the top of the chain, never a stack overflow; at it, the file checks. Cycles of any length are
// found without recursion. The inputs are generated here: 20 000 declarations would make golden
// files of a megabyte.
#include <catch2/catch.hpp>

#include "engine/sema/checker.h"
#include "engine/syntax/parser.h"

using namespace vigie;

namespace {

struct Checked {
  SourceManager sources;
  DiagnosticSink sink;
  std::vector<syntax::ast::File> files;
  sema::model::Model model;
  std::vector<Diagnostic> diagnostics;
};

std::unique_ptr<Checked> Check(const std::string& text) {
  auto checked = std::make_unique<Checked>();
  const FileId id = checked->sources.Add("t.vigie", text);
  checked->files.push_back(syntax::ParseFile(checked->sources, id, checked->sink));
  checked->model = sema::Check(checked->files, checked->sources, checked->sink);
  checked->diagnostics = checked->sink.Sorted();
  return checked;
}

std::string Where(const Checked& checked, const Diagnostic& d) {
  const LineColumn at = checked.sources.Get(d.span.file).Locate(d.span.begin);
  return std::to_string(at.line) + ":" + std::to_string(at.column);
}

// i0 from data, then i1 = i0 * 2 ... i<levels> = i<levels - 1> * 2: one line each.
std::string DerivedChain(int levels) {
  std::string text = "indicator i0 { unit count }\n";
  for (int k = 1; k <= levels; ++k) {
    text += "indicator i" + std::to_string(k) + " = i" + std::to_string(k - 1) + " * 2\n";
  }
  return text;
}

// c1 = all of [k0], c2 = all of [c1] ... one line each after the contract's first two.
std::string CompositeChain(int levels) {
  std::string text = "indicator a { unit count better higher }\ncontract x { period 2020..2020\n"
                     "  commitment k0 { indicator a target 1 }\n";
  for (int k = 1; k <= levels; ++k) {
    text += "  commitment c" + std::to_string(k) + " { all of [" + (k == 1 ? "k0" : "c" + std::to_string(k - 1)) +
            "] }\n";
  }
  return text + "}\n";
}

}  // namespace

TEST_CASE("a chain of 32 derived indicators checks; 33 is V2131 at the top of the chain", "[sema][limits]") {
  auto at_limit = Check(DerivedChain(32));
  CHECK(at_limit->diagnostics.empty());

  auto past = Check(DerivedChain(33));
  REQUIRE(past->diagnostics.size() == 1);
  const Diagnostic& d = past->diagnostics[0];
  CHECK(d.code == DiagCode::kDerivedIndicatorTooDeep);
  CHECK(Where(*past, d) == "34:11");
  CHECK(d.message == "indicator 'i33' is computed through a chain of 33 formulas, each reading the next; the limit is 32");
}

TEST_CASE("a chain of 20 000 derived indicators is one V2131", "[sema][limits]") {
  auto checked = Check(DerivedChain(20000));
  REQUIRE(checked->diagnostics.size() == 1);
  CHECK(checked->diagnostics[0].code == DiagCode::kDerivedIndicatorTooDeep);
  CHECK(Where(*checked, checked->diagnostics[0]) == "20001:11");
  CHECK(checked->diagnostics[0].message ==
        "indicator 'i20000' is computed through a chain of 20000 formulas, each reading the next; the limit is 32");
}

TEST_CASE("a cycle of 20 000 derived indicators is one V2107 with its path shortened", "[sema][limits]") {
  std::string text;
  for (int k = 0; k < 20000; ++k) {
    text += "indicator i" + std::to_string(k) + " = i" + std::to_string((k + 1) % 20000) + " * 2\n";
  }
  auto checked = Check(text);
  REQUIRE(checked->diagnostics.size() == 1);
  const Diagnostic& d = checked->diagnostics[0];
  CHECK(d.code == DiagCode::kDerivedIndicatorCycle);
  // The walk starts at i0 (names in order) and comes back to it: i0 -> i1 -> ... -> i0.
  CHECK(Where(*checked, d) == "1:1");
  CHECK(d.message == "indicator 'i0' is defined in terms of itself: i0 -> i1 -> i2 -> i3 -> ... (19994 more) -> "
                     "i19998 -> i19999 -> i0");
}

TEST_CASE("derived indicators that share inputs, 32 levels of them, check once each", "[sema][limits]") {
  // Each level reads both of the level below: 2^32 paths, 64 indicators.
  std::string text = "indicator a0 { unit count }\nindicator b0 { unit count }\n";
  for (int k = 1; k <= 32; ++k) {
    const std::string below = std::to_string(k - 1);
    text += "indicator a" + std::to_string(k) + " = a" + below + " + b" + below + "\n";
    text += "indicator b" + std::to_string(k) + " = a" + below + " * b" + below + "\n";
  }
  auto checked = Check(text);
  CHECK(checked->diagnostics.empty());
}

TEST_CASE("256 levels of composites check; 257 is V2130 at the top composite", "[sema][limits]") {
  auto at_limit = Check(CompositeChain(256));
  CHECK(at_limit->diagnostics.empty());

  auto past = Check(CompositeChain(257));
  REQUIRE(past->diagnostics.size() == 1);
  const Diagnostic& d = past->diagnostics[0];
  CHECK(d.code == DiagCode::kCompositeTooDeep);
  CHECK(Where(*past, d) == "260:21");
  CHECK(d.message ==
        "composite commitment 'c257' nests 257 levels of composites, one inside the other; the limit is 256");
}

TEST_CASE("20 000 levels of composites are one V2130", "[sema][limits]") {
  auto checked = Check(CompositeChain(20000));
  REQUIRE(checked->diagnostics.size() == 1);
  CHECK(checked->diagnostics[0].code == DiagCode::kCompositeTooDeep);
  CHECK(checked->diagnostics[0].message ==
        "composite commitment 'c20000' nests 20000 levels of composites, one inside the other; the limit is 256");
}

TEST_CASE("a cycle of 20 000 composites is one V2108 with its path shortened", "[sema][limits]") {
  std::string text = "indicator a { unit count better higher }\ncontract x { period 2020..2020\n";
  for (int k = 0; k < 20000; ++k) {
    text += "  commitment c" + std::to_string(k) + " { all of [c" + std::to_string((k + 1) % 20000) + "] }\n";
  }
  text += "}\n";
  auto checked = Check(text);
  REQUIRE(checked->diagnostics.size() == 1);
  const Diagnostic& d = checked->diagnostics[0];
  CHECK(d.code == DiagCode::kCompositeCycle);
  CHECK(Where(*checked, d) == "3:19");
  CHECK(d.message == "composite commitment 'c0' contains itself: c0 -> c1 -> c2 -> c3 -> ... (19994 more) -> "
                     "c19998 -> c19999 -> c0");
}
