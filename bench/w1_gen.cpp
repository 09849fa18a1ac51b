// The W1 generator: a faithful port of the reference gen.js (same mulberry32 stream with 32-bit
// unsigned arithmetic, same draw order, same Irwin-Hall normal, same rounding to 1/8, same ids and
// number formatting), so that `vigie_bench_w1_gen` and `node gen.js` write the same bytes.
// Built with -ffp-contract=off (bench/CMakeLists.txt): a fused multiply-add would change the stream.
#include "bench/w1_gen.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

namespace vigie::bench::w1 {
namespace {

// mulberry32: 32-bit state, a double in [0, 1). JavaScript's `>>>`, `|`, `^` and Math.imul work on
// 32-bit integers; `t + Math.imul(...)` is a double addition that ToInt32 then wraps: the same bits
// as a uint32_t addition.
class Mulberry32 {
 public:
  explicit Mulberry32(uint32_t seed) : s_(seed) {}
  double operator()() {
    s_ += 0x6D2B79F5u;
    uint32_t t = s_;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }

 private:
  uint32_t s_;
};

constexpr double kSqrt3 = 1.7320508075688772;

// Math.round(x): the nearest integer, halves toward +infinity. x - floor(x) is exact for doubles,
// so this is exact where floor(x + 0.5) could round x + 0.5 up.
double JsRound(double x) {
  double r = std::floor(x);
  if (x - r >= 0.5) r += 1;
  return r;
}
double Eighth(double x) { return JsRound(x * 8) / 8; }
// Math.max(0, x) for the values here (never NaN): +0 when x is -0 or negative.
double Max(double a, double b) { return b > a ? b : a; }

std::string Pad(long long n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  return digits;
}

bool WriteFile(const std::filesystem::path& path, const std::string& text, std::string& error) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    error = "cannot write " + path.string();
    return false;
  }
  return true;
}

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',') out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

}  // namespace

std::string JsNumber(double value) {
  if (value == 0) return "0";  // also -0, as String(-0) does
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (ec != std::errc()) return "NaN";
  return std::string(buffer, end);
}

std::string Generate(const Options& o, const std::string& dir, std::string& error) {
  const int E = o.entities, I = o.indicators, R = o.rules, P = o.periods;
  Mulberry32 rnd(o.seed);
  // (rnd() + rnd() + rnd() + rnd() - 2) * SQRT3, left to right as JavaScript evaluates it
  auto normal = [&]() {
    double sum = rnd();
    sum += rnd();
    sum += rnd();
    sum += rnd();
    return (sum - 2) * kSqrt3;
  };
  const int width = std::max<int>(3, static_cast<int>(std::to_string(I).size()));
  auto ind_id = [&](int i) { return "I" + Pad(i + 1, width); };
  auto com_id = [&](int r) { return "C" + Pad(r + 1, 4); };
  auto ent_id = [&](int e) { return Pad(1 + (e % 95), 2) + Pad(static_cast<long long>(e / 95) * 7 + 1000, 7); };
  // The periods' names: years from first_year, or the months of month_of (gen.js's `years`).
  std::vector<std::string> years;
  for (int p = 0; p < P; ++p) {
    years.push_back(o.month_of != 0 ? std::to_string(o.month_of) + "-" + Pad(p + 1, 2) : std::to_string(o.first_year + p));
  }

  // 1. indicators
  std::vector<double> mu(static_cast<size_t>(I)), sigma(static_cast<size_t>(I)), trend(static_cast<size_t>(I));
  for (size_t i = 0; i < static_cast<size_t>(I); ++i) {
    mu[i] = Eighth(20 + 480 * rnd());
    sigma[i] = mu[i] * (0.05 + 0.20 * rnd());
    trend[i] = mu[i] * (-0.02 + 0.06 * rnd());
  }

  // 2. commitments
  struct Rule {
    size_t i;
    bool ge;
    double tol;
    std::vector<double> targets;
  };
  std::vector<Rule> rules;
  std::string rlines = "commitment,indicator,direction,tolerance,period,target";
  for (int r = 0; r < R; ++r) {
    const size_t i = static_cast<size_t>(r % I);
    const bool ge = rnd() < 0.7;
    const double k0 = -0.8 + 1.0 * rnd();
    const double step = 0.05 + 0.15 * rnd();
    const double tol = Max(0.125, Eighth(sigma[i] * (0.1 + 0.4 * rnd())));
    std::vector<double> targets;
    for (int p = 0; p < P; ++p) {
      const double k = k0 + step * p;
      const double t = mu[i] + trend[i] * p + (ge ? 1 : -1) * sigma[i] * k;
      targets.push_back(Max(0, Eighth(t)));
    }
    for (int p = 0; p < P; ++p) {
      rlines += "\n" + com_id(r) + "," + ind_id(static_cast<int>(i)) + "," + (ge ? ">=" : "<=") + "," + JsNumber(tol) +
                "," + years[static_cast<size_t>(p)] + "," + JsNumber(targets[static_cast<size_t>(p)]);
    }
    rules.push_back(Rule{i, ge, tol, std::move(targets)});
  }
  rlines += "\n";

  // 3. values: entity, indicator, period
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> V(static_cast<size_t>(E) * static_cast<size_t>(I) * static_cast<size_t>(P));
  std::vector<std::string> ind_ids;
  const std::vector<std::string>& year_texts = years;
  for (int i = 0; i < I; ++i) ind_ids.push_back(ind_id(i));
  std::string lines = "entity,indicator,period,value";
  lines.reserve(static_cast<size_t>(E) * static_cast<size_t>(I) * static_cast<size_t>(P) * 27 + 64);
  for (int e = 0; e < E; ++e) {
    const std::string id = ent_id(e);
    for (size_t i = 0; i < static_cast<size_t>(I); ++i) {
      const double z = normal();
      for (size_t p = 0; p < static_cast<size_t>(P); ++p) {
        const double n = normal();
        const bool miss = rnd() < o.missing;
        const double v = Max(0, Eighth(mu[i] + trend[i] * static_cast<double>(p) + sigma[i] * (z + 0.5 * n)));
        V[(static_cast<size_t>(e) * static_cast<size_t>(I) + i) * static_cast<size_t>(P) + p] = miss ? nan : v;
        lines += '\n';
        lines += id;
        lines += ',';
        lines += ind_ids[i];
        lines += ',';
        lines += year_texts[p];
        lines += ',';
        if (!miss) lines += JsNumber(v);
      }
    }
  }
  lines += '\n';

  // 4. reference verdict counts
  Counts counts;
  for (size_t e = 0; e < static_cast<size_t>(E); ++e) {
    for (const Rule& c : rules) {
      for (size_t p = 0; p < static_cast<size_t>(P); ++p) {
        const double v = V[(e * static_cast<size_t>(I) + c.i) * static_cast<size_t>(P) + p];
        const double t = c.targets[p];
        if (std::isnan(v)) ++counts.missing;
        else if (c.ge ? v >= t : v <= t) ++counts.met;
        else if (c.ge ? v >= t - c.tol : v <= t + c.tol) ++counts.partial;
        else ++counts.not_met;
      }
    }
  }

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::filesystem::path out(dir);
  if (!WriteFile(out / "values.csv", lines, error) || !WriteFile(out / "rules.csv", rlines, error)) return "";
  // JSON.stringify(meta, null, 2), key order as gen.js builds the object
  const long long verdicts = static_cast<long long>(E) * R * P;
  std::string periods_pretty, periods_compact;
  for (size_t p = 0; p < years.size(); ++p) {
    // JSON.stringify writes a year as a number and a month's name as a string.
    const std::string json = o.month_of != 0 ? "\"" + years[p] + "\"" : years[p];
    periods_pretty += std::string(p ? "," : "") + "\n    " + json;
    periods_compact += std::string(p ? "," : "") + json;
  }
  periods_pretty = years.empty() ? "[]" : "[" + periods_pretty + "\n  ]";
  auto counts_json = [&](const char* nl, const char* ind, const char* sep) {
    return std::string("{") + nl + ind + "\"met\":" + sep + std::to_string(counts.met) + "," + nl + ind +
           "\"partial\":" + sep + std::to_string(counts.partial) + "," + nl + ind + "\"not_met\":" + sep +
           std::to_string(counts.not_met) + "," + nl + ind + "\"missing\":" + sep + std::to_string(counts.missing) + nl +
           (*nl ? "  " : "") + "}";
  };
  const std::string meta =
      "{\n  \"entities\": " + std::to_string(E) + ",\n  \"indicators\": " + std::to_string(I) +
      ",\n  \"commitments\": " + std::to_string(R) + ",\n  \"periods\": " + periods_pretty +
      ",\n  \"missing_rate\": " + JsNumber(o.missing) + ",\n  \"seed\": " + std::to_string(o.seed) +
      ",\n  \"verdicts\": " + std::to_string(verdicts) + ",\n  \"expected_counts\": " + counts_json("\n", "    ", " ") +
      "\n}\n";
  if (!WriteFile(out / "meta.json", meta, error)) return "";
  return "{\"entities\":" + std::to_string(E) + ",\"indicators\":" + std::to_string(I) +
         ",\"commitments\":" + std::to_string(R) + ",\"periods\":[" + periods_compact +
         "],\"missing_rate\":" + JsNumber(o.missing) + ",\"seed\":" + std::to_string(o.seed) +
         ",\"verdicts\":" + std::to_string(verdicts) + ",\"expected_counts\":" + counts_json("", "", "") + "}";
}

bool ReadMeta(const std::string& dir, Meta& meta, std::string& error) {
  std::ifstream in(std::filesystem::path(dir) / "meta.json");
  if (!in) {
    error = "cannot read " + dir + "/meta.json";
    return false;
  }
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    meta.entities = j.at("entities").get<int>();
    meta.indicators = j.at("indicators").get<int>();
    meta.commitments = j.at("commitments").get<int>();
    meta.periods.clear();
    for (const nlohmann::json& period : j.at("periods")) {
      meta.periods.push_back(period.is_string() ? period.get<std::string>() : std::to_string(period.get<int>()));
    }
    meta.verdicts = j.at("verdicts").get<int64_t>();
    const auto& c = j.at("expected_counts");
    meta.expected = Counts{c.at("met").get<int64_t>(), c.at("partial").get<int64_t>(), c.at("not_met").get<int64_t>(),
                           c.at("missing").get<int64_t>()};
  } catch (const std::exception& e) {
    error = dir + "/meta.json: " + e.what();
    return false;
  }
  return true;
}

std::string RulesetFromRulesCsv(const std::string& rules_csv, const std::string& group, std::string& error,
                                const std::string& contract_extra) {
  struct Commitment {
    std::string indicator, direction, tolerance;
    std::vector<std::pair<std::string, std::string>> targets;  // period ("2021", "2025-01") -> target text
  };
  std::map<std::string, Commitment> commitments;  // C0001... sort like the file
  std::map<std::string, int> indicators;
  int first = 0, last = 0;
  bool monthly = false;
  std::istringstream in(rules_csv);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    if (++number == 1 || line.empty()) continue;  // header
    const std::vector<std::string> f = SplitCsvLine(line);
    if (f.size() != 6 || (f[2] != ">=" && f[2] != "<=")) {
      error = "rules.csv line " + std::to_string(number) + ": expected commitment,indicator,direction,tolerance,period,target";
      return "";
    }
    Commitment& c = commitments[f[0]];
    c.indicator = f[1];
    c.direction = f[2];
    c.tolerance = f[3];
    const int year = std::atoi(f[4].c_str());
    monthly = monthly || f[4].find('-') != std::string::npos;
    c.targets.emplace_back(f[4], f[5]);
    indicators[f[1]] = 1;
    first = first == 0 ? year : std::min(first, year);
    last = std::max(last, year);
  }
  if (commitments.empty()) {
    error = "rules.csv has no commitment";
    return "";
  }
  std::string out =
      "// Workload W1, written by vigie_bench_eval from rules.csv (bench/README.md). Do not edit.\n\n";
  for (const auto& [name, unused] : indicators) {
    out += "indicator " + name + " \"W1 indicator " + name + "\" { unit ratio  period " + (monthly ? "month" : "year") + " }\n";
  }
  out += "\ncontract w1 \"Workload W1\" {\n  kind other\n  period " + std::to_string(first) +
         (last != first ? ".." + std::to_string(last) : "") + "\n  parties group " + group + "\n";
  if (!contract_extra.empty()) out += "  " + contract_extra + "\n";
  for (auto& [name, c] : commitments) {
    std::sort(c.targets.begin(), c.targets.end());
    out += "\n  commitment " + name + " {\n    for each member\n    indicator " + c.indicator + "\n    target { ";
    for (size_t k = 0; k < c.targets.size(); ++k) {
      out += (k ? ", " : "") + c.targets[k].first + ": " + c.direction + " " + c.targets[k].second;
    }
    out += " }\n    tolerance " + c.tolerance + "\n  }\n";
  }
  out += "}\n";
  return out;
}

}  // namespace vigie::bench::w1
