#include "engine/serve/dashboard_json.h"

#include <nlohmann/json.hpp>

namespace vigie::serve {
namespace {

using nlohmann::json;

json OptionalText(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }

json ContractJson(const CampaignContract& c) {
  const report::ContractSummary& s = c.summary;
  json latest = nullptr;
  if (s.latest) {
    latest = {{"year", s.latest->year}, {"counts", s.latest->counts}, {"score", OptionalText(s.latest->score)},
              {"score_change", OptionalText(s.score_change)}};
  }
  json rows = json::array();
  for (const report::MatrixRow& row : s.rows) {
    json cells = json::array();
    for (const auto& cell : row.cells) {
      json verdicts = json::array();
      for (const auto& [period, verdict] : cell) verdicts.push_back({{"period", period}, {"verdict", verdict}});
      cells.push_back(verdicts);
    }
    rows.push_back({{"entity", row.entity}, {"entity_name", row.entity_name}, {"group", row.group}, {"cells", cells}});
  }
  json trends = json::array();
  for (const ScoreTrend& trend : c.trends) {
    trends.push_back({{"entity", trend.entity}, {"entity_name", trend.entity_name}, {"scores", trend.scores}});
  }
  json ranking = json::array();
  for (const RankedEntity& r : c.ranking) {
    ranking.push_back({{"rank", r.rank}, {"entity", r.entity}, {"entity_name", r.entity_name}, {"score", r.score}});
  }
  return {{"name", c.name},
          {"title", c.title},
          {"period", c.period},
          {"latest", latest},
          {"matrix", {{"items", s.items}, {"rows", rows}}},
          {"years", c.years},
          {"trends", trends},
          {"ranking", {{"year", c.ranking_year.empty() ? json(nullptr) : json(c.ranking_year)}, {"rows", ranking}}}};
}

}  // namespace

std::string DashboardJson(const Service::Dashboard& dashboard) {
  json contracts = json::array();
  for (const CampaignContract& c : dashboard.contracts) contracts.push_back(ContractJson(c));
  json out{{"as_of", dashboard.as_of}, {"awaiting_validation", dashboard.declarations.size()}, {"contracts", contracts}};
  if (!dashboard.refused.empty()) out["refused"] = dashboard.refused;  // no verdicts: the report would not fit (V5080)
  return out.dump(2) + "\n";
}

std::string ExplanationJson(const Service::VerdictExplanation& e) {
  return json{{"contract", e.contract}, {"item", e.item},         {"entity", e.entity}, {"entity_name", e.entity_name},
              {"period", e.period},     {"as_of", e.as_of},       {"verdict", e.verdict}, {"reason", e.reason},
              {"text", e.text}}
             .dump(2) + "\n";
}

std::string RecordedRunJson(int64_t run_id, const std::string& as_of) {
  return json{{"run", run_id}, {"as_of", as_of}}.dump(2) + "\n";
}

}  // namespace vigie::serve
