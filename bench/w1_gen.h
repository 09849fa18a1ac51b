// Workload W1 (many entities, many commitments, several years): the generator, a C++ port of the
// reference gen.js that writes byte-identical files (see bench/README.md), and the W1 ruleset
// written from rules.csv. Used by vigie_bench_w1_gen and vigie_bench_eval.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::bench::w1 {

struct Options {
  int entities = 5000, indicators = 50, rules = 200, periods = 5, first_year = 2021;
  // Not 0: the periods are the months of this year (2025-01...; at most 12) instead of the years
  // from first_year; the same draws, so the same values and counts (gen.js --month-of).
  int month_of = 0;
  double missing = 0.02;
  uint32_t seed = 42;
};

struct Counts {
  int64_t met = 0, partial = 0, not_met = 0, missing = 0;
};

// Writes DIR/values.csv, DIR/rules.csv and DIR/meta.json exactly as `node gen.js` does, and returns
// the compact meta line gen.js prints. Empty string and `error` set when a file cannot be written.
std::string Generate(const Options& options, const std::string& dir, std::string& error);

// What meta.json says (the expected counts are the reference loop's).
struct Meta {
  int entities = 0, indicators = 0, commitments = 0;
  std::vector<std::string> periods;  // "2021" or "2025-01"
  int64_t verdicts = 0;
  Counts expected;
};
bool ReadMeta(const std::string& dir, Meta& meta, std::string& error);

// The W1 ruleset, from rules.csv's text: one indicator per indicator column (unit ratio, period
// year, or month when rules.csv's periods are months), one contract `w1` with the group `group` as
// its party, one commitment per commitment of rules.csv (`for each member`, a trajectory with the
// rule's comparator, an absolute tolerance).
// `contract_extra`, when given, is one more line of the contract (vigie_bench_eval's scoring workaround).
std::string RulesetFromRulesCsv(const std::string& rules_csv, const std::string& group, std::string& error,
                                const std::string& contract_extra = "");

// JavaScript's String(number) for the numbers W1 writes (multiples of 1/8, and the missing rate).
std::string JsNumber(double value);

}  // namespace vigie::bench::w1
