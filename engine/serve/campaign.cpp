#include "engine/serve/campaign.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace vigie::serve {
// Scores are exact decimals ("0.8333"); ordering them as doubles is exact enough at 4 decimals.
double ScoreValue(const std::string& text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::vector<ScoreTrend> ScoreTrends(const report::Contract& contract) {
  std::map<std::string, std::string> names;
  std::set<std::string> groups;
  for (const report::Item& item : contract.items) {
    for (const report::VerdictRow& row : item.verdicts) {
      names.emplace(row.entity, row.entity_name);
      if (row.group) groups.insert(row.entity);
    }
  }
  std::map<std::string, ScoreTrend> by_entity;
  for (const report::Score& score : contract.entity_scores) {
    if (score.entity.empty() || groups.count(score.entity)) continue;
    ScoreTrend& trend = by_entity[score.entity];
    trend.entity = score.entity;
    trend.entity_name = names.count(score.entity) ? names.at(score.entity) : "";
    trend.scores[score.year] = score.value;
  }
  std::vector<ScoreTrend> out;
  for (auto& [entity, trend] : by_entity) out.push_back(std::move(trend));
  return out;
}

std::vector<RankedEntity> RankByScore(const std::vector<ScoreTrend>& trends, const std::string& year) {
  std::vector<RankedEntity> out;
  for (const ScoreTrend& trend : trends) {
    const auto score = trend.scores.find(year);
    if (score != trend.scores.end()) out.push_back({0, trend.entity, trend.entity_name, score->second});
  }
  std::stable_sort(out.begin(), out.end(), [](const RankedEntity& a, const RankedEntity& b) {
    const double x = ScoreValue(a.score), y = ScoreValue(b.score);
    return x != y ? x > y : a.entity < b.entity;
  });
  for (size_t i = 0; i < out.size(); ++i) {
    const bool tied = i > 0 && ScoreValue(out[i].score) == ScoreValue(out[i - 1].score);
    out[i].rank = tied ? out[i - 1].rank : static_cast<int>(i) + 1;
  }
  return out;
}

CampaignContract CampaignOf(const report::Contract& contract, const std::string& ranking_year) {
  CampaignContract out;
  out.name = contract.name;
  out.title = contract.title;
  out.period = contract.period;
  out.summary = contract.summary;
  for (const report::Item& item : contract.items) out.item_titles[item.name] = item.title;
  out.trends = ScoreTrends(contract);
  std::set<std::string> years;
  for (const ScoreTrend& trend : out.trends) {
    for (const auto& [year, score] : trend.scores) years.insert(year);
  }
  out.years.assign(years.begin(), years.end());
  if (years.count(ranking_year)) out.ranking_year = ranking_year;
  else if (!years.empty()) out.ranking_year = *years.rbegin();
  if (!out.ranking_year.empty()) out.ranking = RankByScore(out.trends, out.ranking_year);
  for (const std::string& year : out.years) out.year_labels[year] = report::YearLabel(contract, year);
  if (out.summary.latest) out.year_labels[out.summary.latest->year] = report::YearLabel(contract, out.summary.latest->year);
  if (out.summary.previous) out.year_labels[out.summary.previous->year] = report::YearLabel(contract, out.summary.previous->year);
  return out;
}

}  // namespace vigie::serve
