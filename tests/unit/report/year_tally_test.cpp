// report::YearTally: a contract's verdicts counted by year, verdict and member or group, and where
// each item's rows of each year lie, the same whether counted row by row as the rows are made
// (ItemTally, as BuildReport does) or in one pass over the contract's rows.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/report/year_tally.h"

namespace vigie::report {
namespace {

VerdictRow Row(const std::string& period, const std::string& verdict, bool group = false) {
  VerdictRow v;
  v.period = Text::Static(period);  // a test's texts live as long as the program
  v.verdict = Text::Static(verdict);
  v.group = group;
  return v;
}

// Item 0: yearly, 2020 then 2021 (the group's own in 2021); item 1: quarterly 2021 and a pending 2022.
Contract TwoItems() {
  Contract c;
  c.items.resize(2);
  c.items[0].verdicts = {Row("2020", "met"), Row("2020", "not_met"), Row("2021", "met"), Row("2021", "met", true)};
  c.items[1].verdicts = {Row("2021-T1", "met"), Row("2021-T2", "missing_data"), Row("2022", "pending")};
  return c;
}

// What every check below reads of `tally`.
void CheckTwoItems(YearTally& tally) {
  CHECK(tally.LatestAssessed() == "2021");  // 2022 has only a pending verdict
  const size_t y2020 = tally.YearNumber(std::string_view("2020")), y2021 = tally.YearNumber(std::string_view("2021"));
  const size_t y2022 = tally.YearNumber(std::string_view("2022"));
  REQUIRE(y2020 != YearTally::kNone);
  REQUIRE(y2021 != YearTally::kNone);
  CHECK(tally.YearNumber(std::string_view("2019")) == YearTally::kNone);
  std::map<std::string, int64_t> members, groups, before;
  tally.AddCounts(y2021, false, members);
  tally.AddCounts(y2021, true, groups);
  tally.AddCounts(y2020, false, before);
  CHECK(members == std::map<std::string, int64_t>{{"met", 2}, {"missing_data", 1}});
  CHECK(groups == std::map<std::string, int64_t>{{"met", 1}});
  CHECK(before == std::map<std::string, int64_t>{{"met", 1}, {"not_met", 1}});
  tally.AddCounts(y2021, false, before);  // added to what is there
  CHECK(before == std::map<std::string, int64_t>{{"met", 3}, {"missing_data", 1}, {"not_met", 1}});
  CHECK(tally.Span(0, y2020) == std::pair<size_t, size_t>{0, 1});
  CHECK(tally.Span(0, y2021) == std::pair<size_t, size_t>{2, 3});
  CHECK(tally.Span(1, y2021) == std::pair<size_t, size_t>{0, 1});
  CHECK(tally.Span(1, y2022) == std::pair<size_t, size_t>{2, 2});
  CHECK(tally.Span(0, y2022).first == YearTally::kNone);  // item 0 has no 2022 row
  CHECK(tally.Span(1, y2020).first == YearTally::kNone);
  // A row's period known by its year: a quarter of 2021 is 2021.
  CHECK(tally.YearNumber(Text::Static("2021-T2")) == y2021);
}

TEST_CASE("a contract's verdicts tallied in one pass over its rows", "[report][summary]") {
  YearTally tally(TwoItems());
  CheckTwoItems(tally);
}

TEST_CASE("a contract's verdicts tallied row by row, item by item, then merged", "[report][summary]") {
  const Contract c = TwoItems();
  std::vector<ItemTally> items(c.items.size());
  for (size_t i = 0; i < c.items.size(); ++i) {
    for (size_t r = 0; r < c.items[i].verdicts.size(); ++r) items[i].Add(r, c.items[i].verdicts[r]);
  }
  YearTally tally(std::move(items));
  CheckTwoItems(tally);
}

TEST_CASE("no rows: no year, none assessed", "[report][summary]") {
  Contract c;
  c.items.resize(1);
  YearTally tally(c);
  CHECK(tally.LatestAssessed().empty());
  CHECK(tally.YearNumber(std::string_view("2021")) == YearTally::kNone);
  CHECK(tally.Span(0, 0).first == YearTally::kNone);
}

}  // namespace
}  // namespace vigie::report
