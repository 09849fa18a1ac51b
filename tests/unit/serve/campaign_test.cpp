// The campaign view of a contract (engine/serve/campaign.h) and the points of a score trend
// (engine/serve/dashboard_page.h): pure functions over the report model, no server.
#include <catch2/catch.hpp>

#include "engine/serve/campaign.h"
#include "engine/serve/dashboard_page.h"

using namespace vigie;
using namespace vigie::serve;

namespace {

ScoreTrend Trend(const std::string& entity, std::map<std::string, std::string> scores) {
  return ScoreTrend{entity, "", std::move(scores)};
}

}  // namespace

TEST_CASE("establishments ranked by score: best first, ties share a rank and go by id", "[serve][campaign]") {
  const std::vector<ScoreTrend> trends = {Trend("080000615", {{"2020", "0.5"}}), Trend("080000037", {{"2020", "1"}}),
                                          Trend("080000060", {{"2020", "0.5"}}), Trend("080000099", {{"2020", "0.25"}}),
                                          Trend("080000100", {{"2019", "1"}})};
  const std::vector<RankedEntity> ranking = RankByScore(trends, "2020");
  REQUIRE(ranking.size() == 4);  // 080000100 has no score in 2020: not ranked
  CHECK(ranking[0].entity == "080000037");
  CHECK(ranking[0].rank == 1);
  CHECK(ranking[1].entity == "080000060");  // 0.5, before 080000615 by id
  CHECK(ranking[1].rank == 2);
  CHECK(ranking[2].entity == "080000615");
  CHECK(ranking[2].rank == 2);
  CHECK(ranking[3].entity == "080000099");
  CHECK(ranking[3].rank == 4);  // competition ranking: 1, 2, 2, 4
  CHECK(RankByScore(trends, "2018").empty());
  // Scores compare as numbers, not as text: "0.8333" is below "1" and above "0.125".
  const std::vector<RankedEntity> numeric =
      RankByScore({Trend("a", {{"2019", "0.125"}}), Trend("b", {{"2019", "1"}}), Trend("c", {{"2019", "0.8333"}})}, "2019");
  CHECK(numeric[0].entity == "b");
  CHECK(numeric[1].entity == "c");
  CHECK(numeric[2].entity == "a");
}

TEST_CASE("the points of a score trend: years spread over 10..110, a score at 5 + (1 - s) * 40", "[serve][campaign]") {
  const std::vector<std::string> three = {"2018", "2019", "2020"};
  // 0 -> 45, 0.75 -> 5 + 0.25 * 40 = 15, 1 -> 5.
  CHECK(TrendPoints(three, Trend("s", {{"2018", "0"}, {"2019", "0.75"}, {"2020", "1"}})) ==
        std::vector<std::vector<std::string>>{{"10,45", "60,15", "110,5"}});
  // A year without a score breaks the line.
  CHECK(TrendPoints(three, Trend("f", {{"2018", "0.5"}, {"2020", "0.25"}})) ==
        std::vector<std::vector<std::string>>{{"10,25"}, {"110,35"}});
  // One year: in the middle. Four years: a step of 100 / 3 = 33.33; 0.8333 -> 5 + 0.1667 * 40 = 11.67.
  CHECK(TrendPoints({"2020"}, Trend("x", {{"2020", "1"}})) == std::vector<std::vector<std::string>>{{"60,5"}});
  CHECK(TrendPoints({"2017", "2018", "2019", "2020"}, Trend("y", {{"2018", "0.8333"}, {"2019", "0"}})) ==
        std::vector<std::vector<std::string>>{{"43.33,11.67", "76.67,45"}});
}

TEST_CASE("a verdict's explanation link encodes what is not plain", "[serve][campaign]") {
  CHECK(ExplanationLink("080000037", "cpom_ardennes", "ambu60", "2019", "2021-06-30") ==
        "/explication/080000037?contrat=cpom_ardennes&element=ambu60&periode=2019&date=2021-06-30");
  CHECK(ExplanationLink("A B", "délai", "x&y", "2021-Q2", "2021-06-30") ==
        "/explication/A%20B?contrat=d%C3%A9lai&element=x%26y&periode=2021-Q2&date=2021-06-30");
}
