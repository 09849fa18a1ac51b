// The controller's campaign, contract by contract, from the report model of one evaluation: where
// the contract stands in its latest assessed year with its establishment × commitment matrix (the
// report's ContractSummary), each establishment's score per year, and the establishments ranked by
// score for a year. Nothing here evaluates: it reads what driver::Evaluate's report says.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/report/report_model.h"

namespace vigie::serve {

// One establishment's score per year of a contract (years without a score are absent).
struct ScoreTrend {
  std::string entity, entity_name;
  std::map<std::string, std::string> scores;  // year -> exact decimal, "0.75"
};

// One line of a ranking: establishments with the same score share the rank of the first of them
// (1, 2, 2, 4), and are listed by id.
struct RankedEntity {
  int rank = 0;
  std::string entity, entity_name, score;
};

struct CampaignContract {
  std::string name, title, period;
  report::ContractSummary summary;           // latest position and its matrix
  std::map<std::string, std::string> item_titles;  // item -> its title ("" none)
  std::map<std::string, std::string> year_labels;  // year -> as the report names it (report::YearLabel)
  std::vector<std::string> years;            // the years with an establishment's score, ascending
  std::vector<ScoreTrend> trends;            // establishments in id order (groups left out)
  std::string ranking_year;                  // "" when no year has a score
  std::vector<RankedEntity> ranking;         // best score first
};

// A score as the report writes it ("0.8333", an exact decimal with a point) as a number.
double ScoreValue(const std::string& text);

// Each establishment's scores per year (a group's own scores are left out: it is not ranked
// against its members).
std::vector<ScoreTrend> ScoreTrends(const report::Contract& contract);

// The establishments with a score in `year`, best first.
std::vector<RankedEntity> RankByScore(const std::vector<ScoreTrend>& trends, const std::string& year);

// The campaign view of one contract. `ranking_year`: the year to rank ("" or a year without
// scores: the latest year with scores).
CampaignContract CampaignOf(const report::Contract& contract, const std::string& ranking_year);

}  // namespace vigie::serve
