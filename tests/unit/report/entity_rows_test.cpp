#include "engine/report/entity_rows.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/base/text.h"
#include "tests/unit/report/report_test_data.h"

namespace vigie::report {
namespace {

using namespace testing;

std::vector<RowPlace> Rows(const EntityRows& entity) { return {entity.rows.begin(), entity.rows.end()}; }

// Two items, their rows period by period as a campaign's come (each period's rows in the entities'
// order), and an entity met in the second item only.
Contract TwoItems() {
  Contract c;
  c.name = "cpom";
  c.items.resize(2);
  for (const char* period : {"2021", "2022"}) {
    c.items[0].verdicts.push_back(MakeRow("010007300", period, "met", 1, 1));
    c.items[0].verdicts.push_back(MakeRow("080000037", period, "not_met", 1, 2));
  }
  c.items[1].verdicts.push_back(MakeRow("080000037", "2021", "met", 1, 1));
  c.items[1].verdicts.push_back(MakeRow("010007300", "2021", "not_met", 1, 2));
  c.items[1].verdicts.push_back(MakeRow("090000001", "2021", "not_met", 1, 2));
  return c;
}

TEST_CASE("entity rows: each entity's verdicts in the report's order, its name and its count of each verdict", "[report]") {
  const ContractEntities entities(TwoItems());
  const auto& by_id = entities.by_id();
  REQUIRE(by_id.size() == 3);
  const EntityRows& clinic = by_id.at("010007300");
  CHECK(Rows(clinic) == std::vector<RowPlace>{{0, 0}, {0, 2}, {1, 1}});
  CHECK(clinic.name == "CLINIQUE \"LES <TILLEULS>\" & CO");
  CHECK(clinic.counts == std::map<std::string, int64_t>{{"met", 2}, {"not_met", 1}});
  const EntityRows& sedan = by_id.at("080000037");
  CHECK(Rows(sedan) == std::vector<RowPlace>{{0, 1}, {0, 3}, {1, 0}});
  CHECK(sedan.counts == std::map<std::string, int64_t>{{"met", 1}, {"not_met", 2}});
  CHECK(Rows(by_id.at("090000001")) == std::vector<RowPlace>{{1, 2}});
  CHECK(by_id.at("090000001").counts == std::map<std::string, int64_t>{{"not_met", 1}});
}

TEST_CASE("entity rows: an id met at two addresses (two pools) is one entity, its rows in the report's order", "[report]") {
  Contract c = TwoItems();
  // The clinic's second row and the sedan's last verdict from another pool: other addresses, the same texts.
  TextPool other;
  VerdictRow& second = c.items[0].verdicts[2];
  second.entity = other.Intern("010007300");
  second.entity_name = other.Intern("second name");
  c.items[1].verdicts[0].verdict = other.Intern("met");
  REQUIRE(&second.entity.str() != &c.items[0].verdicts[0].entity.str());
  const ContractEntities entities(c);
  const auto& by_id = entities.by_id();
  REQUIRE(by_id.size() == 3);
  const EntityRows& clinic = by_id.at("010007300");
  CHECK(Rows(clinic) == std::vector<RowPlace>{{0, 0}, {0, 2}, {1, 1}});  // merged, then put back in order
  CHECK(clinic.name == "CLINIQUE \"LES <TILLEULS>\" & CO");  // its first row's
  CHECK(clinic.counts == std::map<std::string, int64_t>{{"met", 2}, {"not_met", 1}});
  CHECK(by_id.at("080000037").counts == std::map<std::string, int64_t>{{"met", 1}, {"not_met", 2}});
}

TEST_CASE("entity rows: a contract without verdicts has no entity; the rows outlive a move", "[report]") {
  CHECK(ContractEntities(Contract{}).by_id().empty());
  std::vector<ContractEntities> moved;
  moved.emplace_back(TwoItems());
  moved.emplace_back(TwoItems());  // the first moved as the vector grows
  CHECK(Rows(moved[0].by_id().at("080000037")) == std::vector<RowPlace>{{0, 1}, {0, 3}, {1, 0}});
}

}  // namespace
}  // namespace vigie::report
