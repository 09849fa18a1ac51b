// Running the `test` blocks of rulesets: each test builds its own small data set from its `given`
// lines (no store), evaluates its contract as of its date, and compares every `expect` line.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/source.h"
#include "engine/sema/model.h"

namespace vigie::ruletest {

struct Failure {
  Span span;             // the expect line
  std::string expected;  // "met", "10000.00 €"
  std::string actual;    // "not_met", "(no verdict)"
  std::string detail;    // the verdict's reason, or why there is no value
};

struct Outcome {
  std::string name, contract;
  Span span;
  int expectations = 0;
  std::vector<Failure> failures;
  bool Passed() const { return failures.empty() && expectations > 0; }
};

struct Coverage {
  // contract -> items with at least one expectation on them (or on a composite containing them)
  std::map<std::string, std::set<std::string>> exercised;
  std::map<std::string, std::vector<std::string>> items;   // contract -> every commitment and milestone
  std::map<std::string, std::vector<std::string>> clauses;  // contract -> clause references never exercised
  std::set<std::string> verdict_kinds;                     // verdicts some expectation checked
  double Percent() const;
};

struct Summary {
  std::vector<Outcome> outcomes;
  Coverage coverage;
  int Passed() const;
  int Failed() const;
};

// Runs every test of `model` (or those whose name contains `filter`).
Summary RunTests(const sema::model::Model& model, const std::string& filter = "");

// JUnit XML for CI systems (one testsuite, one testcase per test).
std::string JUnitXml(const Summary& summary, const SourceManager& sources);

}  // namespace vigie::ruletest
