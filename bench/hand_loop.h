// The hand-written reference for workload W1: the workload as a plain C++ loop over columnar arrays.
// Its algorithm is the reference hand_loop.cpp of the W1 brief (bench/README.md), unchanged; only the
// timing and printing moved to vigie_bench_eval, which runs it on the same files as vigie.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigie::bench {

struct HandLoopData {
  size_t E = 0, I = 0, P = 0, R = 0;
  std::vector<double> col;  // col[(i*P + p)*E + e], NaN = missing
  std::vector<int> ind;     // commitment -> indicator
  std::vector<char> ge;     // commitment -> direction is >=
  std::vector<double> tol, target;  // target[r*P + p]
};

// Parses DIR/values.csv and DIR/rules.csv into columnar arrays. False (and `error`) if unreadable.
bool HandLoopLoad(const std::string& dir, HandLoopData& data, std::string& error);

// One evaluation: writes one verdict byte per (commitment, period, entity) into `out` (0 met,
// 1 partial, 2 not_met, 3 missing), then tallies the four counts.
void HandLoopEvaluate(const HandLoopData& data, std::vector<uint8_t>& out, uint64_t counts[4]);

}  // namespace vigie::bench
