// Scoring: the counts of a contract's verdicts and its scores per year and per (entity, year).
#include "engine/eval/internal/evaluation.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace vigie::eval {

// The scores of a contract: per year and per (entity, year), from each item's scored verdicts, exact
// (with the documented fallback for very large fractions, docs/evaluation.md#scores).
void Evaluator::Impl::Score(ContractResult& result, int64_t verdicts_so_far) {
  const model::Contract& contract = *this->contract;
  // Counts, then scores: per (entity, year) and per year, from each item's scored verdicts.
  int64_t counts[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // filled by the scoring pass below
  std::optional<Rational> points[8];
  for (const auto& [v, value] : contract.scoring.values) points[static_cast<int>(v)] = Rational::FromDouble(value);
  const model::Aggregate aggregate = contract.scoring.aggregate;
  // By commitment, an item counts once (its mean over its verdicts, times its weight); by verdict,
  // each of its verdicts counts: the same mean, times its weight and its number of verdicts.
  const bool by_verdict = contract.scoring.basis == model::Scoring::Basis::kVerdict;
  auto PartWeight = [&](const Rational& weight, int64_t verdicts) {
    const Rational w = aggregate == model::Aggregate::kMean ? Rational(1) : weight;
    return by_verdict ? w * Rational(verdicts) : w;
  };
  // The weighted mean of the parts, exact; if the exact fraction outgrows 64 bits (hundreds of
  // commitments with different denominators), the parts are rounded to 12 decimals first.
  auto combine = [&](const std::vector<ScoreTrace::Part>& parts) {
    ScoreTrace trace;
    trace.parts = parts;
    if (parts.empty()) return trace;
    trace.defined = true;
    if (aggregate == model::Aggregate::kCount) {  // how many items are fully met
      int full = 0;
      for (const auto& part : parts) full += part.mean == Rational(1) ? 1 : 0;
      trace.score = Rational(full);
      return trace;
    }
    if (aggregate == model::Aggregate::kMin || aggregate == model::Aggregate::kMax) {
      trace.score = parts[0].mean;
      for (const auto& part : parts) {
        if (aggregate == model::Aggregate::kMin ? part.mean < trace.score : trace.score < part.mean) trace.score = part.mean;
      }
      return trace;
    }
    auto weighted = [&](bool rounded) {
      Rational total, weights;
      for (const auto& part : parts) {
        const Rational w = PartWeight(part.weight, part.verdicts);
        total = total + w * (rounded ? part.mean.Round(12) : part.mean);
        weights = weights + w;
      }
      return aggregate == model::Aggregate::kSum ? total : (weights.IsZero() ? Rational(0) : total / weights);
    };
    try {
      trace.score = weighted(false);
    } catch (const std::overflow_error&) {
      trace.score = weighted(true);
    }
    return trace;
  };
  const int first_year = contract.first_year != 0 ? contract.first_year : 0;
  std::map<int, std::vector<ScoreTrace::Part>> year_parts;
  // Per entity and year: the running weighted sum of item means, in flat arrays (no string keys).
  struct EntityYear {
    Rational sum, weights;
    std::vector<ScoreTrace::Part> parts;
    bool overflowed = false;
    double approx_sum = 0, approx_weights = 0;
  };
  std::map<std::pair<int, int>, EntityYear> entity_years;
  const bool keep_entity_parts = verdicts_so_far < 200000;  // traces for reports, not for benchmarks
  // Large runs (a benchmark, a national campaign) score entities in double precision from flat
  // arrays; small ones (every report) exactly, with each part kept for the trace.
  int min_year = 1 << 30, max_year = -(1 << 30);
  for (const ItemResult& item : result.items) {
    if (item.counts_by_period.size() == static_cast<size_t>(data.PeriodCount())) {
      // Tallied by the evaluator: the periods that have cells, without reading the cells.
      for (size_t period = 0; period < item.counts_by_period.size(); ++period) {
        const auto& c = item.counts_by_period[period];
        if (c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6] + c[7] == 0) continue;
        const int year = data.PeriodAt(static_cast<int>(period)).year;
        min_year = std::min(min_year, year);
        max_year = std::max(max_year, year);
      }
      continue;
    }
    for (const Cell& cell : item.cells) {
      const int year = YearOf(data.PeriodAt(cell.period));
      min_year = std::min(min_year, year);
      max_year = std::max(max_year, year);
    }
  }
  const int years = max_year >= min_year ? max_year - min_year + 1 : 0;
  const size_t slots = static_cast<size_t>(data.EntityCount()) * static_cast<size_t>(years);
  const bool flat_entity_scores = !keep_entity_parts && options.entity_scores_for_large_runs;
  std::vector<std::array<int32_t, 8>> item_counts(flat_entity_scores ? slots : 0);
  std::vector<double> approx_sum(flat_entity_scores ? slots : 0, 0.0), approx_weights(flat_entity_scores ? slots : 0, 0.0);
  std::vector<size_t> touched;
  double point_value[8];
  for (int v = 0; v < 8; ++v) point_value[v] = points[v] ? points[v]->ToDouble() : 0;
  for (const ItemResult& item : result.items) {
    const std::string weight_text = item.commitment ? item.commitment->weight_text : item.milestone->weight_text;
    const Rational weight = Rational::FromDecimal(weight_text).value_or(Rational(1));
    std::vector<std::array<int64_t, 8>> year_counts(static_cast<size_t>(years));
    std::vector<int> year_of_period(static_cast<size_t>(data.PeriodCount()));
    for (int period = 0; period < data.PeriodCount(); ++period) year_of_period[static_cast<size_t>(period)] = YearOf(data.PeriodAt(period));
    // One pass over the item's cells: the run's totals, the yearly counts and, on large runs, the
    // counts per (entity, year) slot.
    touched.clear();
    static const std::vector<Cell> kNoCells;
    const bool tallied = !flat_entity_scores && item.counts_by_period.size() == static_cast<size_t>(data.PeriodCount());
    if (tallied) {
      // The evaluator's tally gives the same totals and yearly counts as the pass below.
      for (size_t period = 0; period < item.counts_by_period.size(); ++period) {
        const auto& tally = item.counts_by_period[period];
        for (int v = 0; v < 8; ++v) {
          if (tally[static_cast<size_t>(v)] == 0) continue;
          counts[v] += tally[static_cast<size_t>(v)];
          if (!points[v]) continue;
          const int year_index = year_of_period[period] - min_year;
          year_counts[static_cast<size_t>(year_index)][static_cast<size_t>(v)] += tally[static_cast<size_t>(v)];
        }
      }
    }
    for (const Cell& cell : tallied ? kNoCells : item.cells) {
      const int v = static_cast<int>(cell.verdict);
      ++counts[v];
      if (!points[v]) continue;
      const int year_index = year_of_period[static_cast<size_t>(cell.period)] - min_year;
      ++year_counts[static_cast<size_t>(year_index)][static_cast<size_t>(v)];
      if (keep_entity_parts || !options.entity_scores_for_large_runs) continue;
      const size_t slot = static_cast<size_t>(cell.entity) * static_cast<size_t>(years) + static_cast<size_t>(year_index);
      auto& c = item_counts[slot];
      if (c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6] + c[7] == 0) touched.push_back(slot);
      ++c[static_cast<size_t>(v)];
    }
    std::map<int, std::array<int64_t, 8>> by_year;
    for (int y = 0; y < years; ++y) {
      const auto& c = year_counts[static_cast<size_t>(y)];
      if (c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6] + c[7] > 0) by_year[min_year + y] = c;
    }
    auto mean_of = [&](const auto& verdict_counts) {
      Rational total;
      int64_t n = 0;
      for (int v = 0; v < 8; ++v) {
        if (verdict_counts[static_cast<size_t>(v)] == 0) continue;
        total = total + *points[v] * Rational(static_cast<int64_t>(verdict_counts[static_cast<size_t>(v)]));
        n += verdict_counts[static_cast<size_t>(v)];
      }
      return std::make_pair(total / Rational(n), n);
    };
    for (const auto& [year, verdict_counts] : by_year) {
      auto [mean, n] = mean_of(verdict_counts);
      year_parts[year].push_back(ScoreTrace::Part{item.Name(), weight, mean, static_cast<int>(n)});
    }
    const Rational w = aggregate == model::Aggregate::kMean ? Rational(1) : weight;
    if (keep_entity_parts) {
      std::map<std::pair<int, int>, std::array<int, 8>> by_entity_year;
      for (const Cell& cell : item.cells) {
        if (!points[static_cast<int>(cell.verdict)]) continue;
        ++by_entity_year[{cell.entity, YearOf(data.PeriodAt(cell.period))}][static_cast<int>(cell.verdict)];
      }
      for (const auto& [key, verdict_counts] : by_entity_year) {
        auto [mean, n] = mean_of(verdict_counts);
        EntityYear& ey = entity_years[key];
        const Rational wn = PartWeight(weight, n);
        if (!ey.overflowed) {
          try {
            ey.sum = ey.sum + wn * mean;
            ey.weights = ey.weights + wn;
          } catch (const std::overflow_error&) {
            ey.overflowed = true;
          }
        }
        ey.approx_sum += wn.ToDouble() * mean.ToDouble();
        ey.approx_weights += wn.ToDouble();
        ey.parts.push_back(ScoreTrace::Part{item.Name(), weight, mean, static_cast<int>(n)});
      }
      continue;
    }
    // Flat path: this item's mean per (entity, year) slot, into the sums.
    const double wd = w.ToDouble();
    for (size_t slot : touched) {
      auto& c = item_counts[slot];
      double total = 0;
      int n = 0;
      for (int v = 0; v < 8; ++v) {
        total += point_value[v] * c[static_cast<size_t>(v)];
        n += c[static_cast<size_t>(v)];
      }
      approx_sum[slot] += by_verdict ? wd * total : wd * total / n;
      approx_weights[slot] += by_verdict ? wd * n : wd;
      c = {0, 0, 0, 0, 0, 0, 0, 0};
    }
  }
  for (int v = 0; v < 8; ++v) {
    if (counts[v] > 0) result.counts[static_cast<model::Verdict>(v)] = counts[v];
  }
  if (flat_entity_scores) {
    for (size_t slot = 0; slot < slots; ++slot) {
      if (approx_weights[slot] == 0) continue;
      EntityYear& ey = entity_years[{static_cast<int>(slot / static_cast<size_t>(years)),
                                     min_year + static_cast<int>(slot % static_cast<size_t>(years))}];
      ey.overflowed = true;  // computed in double precision
      ey.approx_sum = approx_sum[slot];
      ey.approx_weights = approx_weights[slot];
    }
  }
  (void)first_year;
  for (auto& [year, parts] : year_parts) result.score_by_year[year] = combine(parts);
  for (auto& [key, ey] : entity_years) {
    ScoreTrace trace;
    if (aggregate == model::Aggregate::kWeightedMean || aggregate == model::Aggregate::kMean || aggregate == model::Aggregate::kSum) {
      trace.defined = true;
      trace.parts = std::move(ey.parts);
      if (ey.overflowed) {
        trace.score = Rational::FromDouble(aggregate == model::Aggregate::kSum ? ey.approx_sum : ey.approx_sum / ey.approx_weights);
      } else {
        trace.score = aggregate == model::Aggregate::kSum ? ey.sum : (ey.weights.IsZero() ? Rational(0) : ey.sum / ey.weights);
      }
    } else {
      trace = combine(ey.parts);
    }
    result.entity_scores[{data.EntityId(key.first), key.second}] = std::move(trace);
  }
}

}  // namespace vigie::eval
