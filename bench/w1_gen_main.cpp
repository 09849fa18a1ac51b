// vigie_bench_w1_gen: writes workload W1, byte for byte what the reference `node gen.js` writes.
//
//   vigie_bench_w1_gen --out DIR [--entities 5000] [--indicators 50] [--rules 200] [--periods 5]
//                      [--first-year 2021] [--missing 0.02] [--seed 42] [--month-of YEAR] [--ruleset]
//
// --ruleset also writes DIR/w1.vigie (the W1 ruleset, for the group W1_ALL).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/w1_gen.h"

int main(int argc, char** argv) {
  vigie::bench::w1::Options o;
  std::string out;
  bool ruleset = false;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--ruleset") {
      ruleset = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "option %s needs a value\n", k.c_str());
      return 2;
    }
    const char* v = argv[++i];
    if (k == "--out") out = v;
    else if (k == "--entities") o.entities = std::atoi(v);
    else if (k == "--indicators") o.indicators = std::atoi(v);
    else if (k == "--rules") o.rules = std::atoi(v);
    else if (k == "--periods") o.periods = std::atoi(v);
    else if (k == "--first-year") o.first_year = std::atoi(v);
    else if (k == "--month-of") o.month_of = std::atoi(v);
    else if (k == "--missing") o.missing = std::atof(v);
    else if (k == "--seed") o.seed = static_cast<uint32_t>(std::strtoll(v, nullptr, 10));
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (out.empty()) {
    std::fprintf(stderr, "--out DIR is required\n");
    return 2;
  }
  if (o.month_of != 0 && o.periods > 12) {
    std::fprintf(stderr, "--month-of: at most 12 periods\n");
    return 2;
  }
  std::string error;
  const std::string meta = vigie::bench::w1::Generate(o, out, error);
  if (meta.empty()) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  if (ruleset) {
    std::ifstream in(std::filesystem::path(out) / "rules.csv");
    std::stringstream text;
    text << in.rdbuf();
    const std::string vigie = vigie::bench::w1::RulesetFromRulesCsv(text.str(), "W1_ALL", error);
    std::ofstream(std::filesystem::path(out) / "w1.vigie") << vigie;
  }
  std::printf("%s\n", meta.c_str());
  return 0;
}
