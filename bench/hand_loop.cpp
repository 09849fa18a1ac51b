// Hand-written reference for workload W1: the workload as a plain C++ loop over columnar arrays.
//
// Credit: the algorithm (loading and evaluation) is copied from the reference `hand_loop.cpp` that
// comes with the W1 workload brief (the "practical upper bound on this machine"), kept as it was:
// one column per (indicator, period), E doubles each, NaN = missing; for every commitment r and
// period p, scan the column of r's indicator for p and write one verdict byte per entity (0 met,
// 1 partial, 2 not_met, 3 missing), then tally the four counts. Only its main() (repetitions,
// timing, JSON line) was replaced: vigie_bench_eval times it beside vigie, in the same run.
#include "bench/hand_loop.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace vigie::bench {
namespace {

bool Slurp(const std::string& path, std::string& s) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return true;
}

// split one CSV line (no quoting in this workload) into fields
int Fields(const char* b, const char* e, const char** f, const char** fe, int maxf) {
  int k = 0;
  f[0] = b;
  for (const char* c = b; c < e; ++c) {
    if (*c == ',') {
      fe[k] = c;
      if (++k == maxf) return k;
      f[k] = c + 1;
    }
  }
  fe[k] = e;
  return k + 1;
}

struct Index {
  std::unordered_map<std::string, int> ix;
  std::vector<std::string> names;
  int get(const char* b, const char* e) {
    std::string k(b, e);
    auto it = ix.find(k);
    if (it != ix.end()) return it->second;
    int i = static_cast<int>(names.size());
    ix.emplace(k, i);
    names.push_back(k);
    return i;
  }
};

}  // namespace

bool HandLoopLoad(const std::string& dir, HandLoopData& d, std::string& error) {
  std::string vt, rt;
  if (!Slurp(dir + "/values.csv", vt) || !Slurp(dir + "/rules.csv", rt)) {
    error = "cannot read " + dir + "/values.csv or rules.csv";
    return false;
  }
  Index ents, inds, years;
  struct Row {
    int e, i, p;
    double v;
  };
  std::vector<Row> rows;
  rows.reserve(vt.size() / 28);
  const char* f[8];
  const char* fe[8];
  const char* c = vt.c_str();
  const char* end = c + vt.size();
  c = static_cast<const char*>(std::memchr(c, '\n', static_cast<size_t>(end - c))) + 1;  // header
  while (c < end) {
    const char* nl = static_cast<const char*>(std::memchr(c, '\n', static_cast<size_t>(end - c)));
    if (!nl) nl = end;
    if (Fields(c, nl, f, fe, 8) >= 4) {
      Row r{ents.get(f[0], fe[0]), inds.get(f[1], fe[1]), years.get(f[2], fe[2]),
            fe[3] > f[3] ? std::strtod(f[3], nullptr) : NAN};
      rows.push_back(r);
    }
    c = nl + 1;
  }
  d.E = ents.names.size();
  d.I = inds.names.size();
  d.P = years.names.size();
  const size_t E = d.E, P = d.P;
  d.col.assign(d.I * P * E, NAN);
  for (const Row& r : rows) {
    d.col[(static_cast<size_t>(r.i) * P + static_cast<size_t>(r.p)) * E + static_cast<size_t>(r.e)] = r.v;
  }
  rows.clear();
  rows.shrink_to_fit();

  Index coms;
  c = rt.c_str();
  end = c + rt.size();
  c = static_cast<const char*>(std::memchr(c, '\n', static_cast<size_t>(end - c))) + 1;
  while (c < end) {
    const char* nl = static_cast<const char*>(std::memchr(c, '\n', static_cast<size_t>(end - c)));
    if (!nl) nl = end;
    if (Fields(c, nl, f, fe, 8) >= 6) {
      size_t r = static_cast<size_t>(coms.get(f[0], fe[0]));
      if (r == d.ind.size()) {
        d.ind.push_back(inds.get(f[1], fe[1]));
        d.ge.push_back(f[2][0] == '>');
        d.tol.push_back(std::strtod(f[3], nullptr));
        d.target.resize(d.target.size() + P, NAN);
      }
      d.target[r * P + static_cast<size_t>(years.get(f[4], fe[4]))] = std::strtod(f[5], nullptr);
    }
    c = nl + 1;
  }
  d.R = d.ind.size();
  return true;
}

void HandLoopEvaluate(const HandLoopData& d, std::vector<uint8_t>& out, uint64_t counts[4]) {
  const size_t E = d.E, P = d.P, R = d.R;
  out.resize(R * P * E);
  for (size_t r = 0; r < R; ++r) {
    for (size_t p = 0; p < P; ++p) {
      const double* v = &d.col[(static_cast<size_t>(d.ind[r]) * P + p) * E];
      uint8_t* o = &out[(r * P + p) * E];
      const double t = d.target[r * P + p];
      if (d.ge[r]) {
        const double lo = t - d.tol[r];
        for (size_t e = 0; e < E; ++e) {
          double x = v[e];
          o[e] = std::isnan(x) ? 3 : x >= t ? 0 : x >= lo ? 1 : 2;
        }
      } else {
        const double hi = t + d.tol[r];
        for (size_t e = 0; e < E; ++e) {
          double x = v[e];
          o[e] = std::isnan(x) ? 3 : x <= t ? 0 : x <= hi ? 1 : 2;
        }
      }
    }
  }
  uint64_t n[4] = {0, 0, 0, 0};
  for (size_t q = 0; q < out.size(); ++q) n[out[q]]++;
  std::memcpy(counts, n, sizeof n);
}

}  // namespace vigie::bench
