// eval::RowsRead: the store rows a run's details and payments read, each once, in increasing order,
// whether they lie close together (marked over their range) or far apart (listed and sorted).
#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "engine/eval/rows_read.h"

namespace vigie::eval {
namespace {

Detail Reading(std::initializer_list<int64_t> rows) {
  Detail detail;
  for (int64_t row : rows) detail.inputs.emplace_back().row_id = row;
  return detail;
}

// A run of one contract: an item whose verdicts read `verdicts` (one list per verdict) and a payment
// that read `payment`.
RunResult Run(std::initializer_list<std::initializer_list<int64_t>> verdicts, std::initializer_list<int64_t> payment) {
  RunResult run;
  ContractResult& contract = run.contracts.emplace_back();
  ItemResult& item = contract.items.emplace_back();
  for (const auto& rows : verdicts) item.details.push_back(Reading(rows));
  PaymentResult& paid = contract.payments.emplace_back();
  for (int64_t row : payment) paid.inputs.emplace_back().row_id = row;
  return run;
}

}  // namespace

TEST_CASE("the rows a run read: close together, each once in order, 0 left out", "[eval]") {
  // 7 reads of 5 rows from 10 to 14 (dense: marked over their range), one by the payment alone.
  const RunResult run = Run({{12, 10}, {12}, {0, 11}, {10, 13}}, {14, 0});
  CHECK(RowsRead(run) == std::vector<int64_t>{10, 11, 12, 13, 14});
}

TEST_CASE("the rows a run read: far apart, each once in order", "[eval]") {
  // 3 rows over a range of a billion (sparse: listed, then sorted).
  const RunResult run = Run({{1'000'000'000}, {7, 1'000'000'000}}, {500});
  CHECK(RowsRead(run) == std::vector<int64_t>{7, 500, 1'000'000'000});
}

TEST_CASE("the rows a run read: none without details nor payments' rows", "[eval]") {
  CHECK(RowsRead(RunResult{}).empty());
  CHECK(RowsRead(Run({{0}, {}}, {0})).empty());
}

// A DataSet whose values came from the store rows `rows` (one entity and indicator, a year each).
DataSet Loaded(std::initializer_list<int64_t> rows) {
  DataSet data;
  data.AddEntity("E");
  data.AddIndicator("i");
  for (int year = 0; year < static_cast<int>(rows.size()); ++year) data.AddPeriod(model::Period{model::PeriodKind::kYear, 2000 + year, 0});
  data.Allocate();
  int period = 0;
  for (int64_t row : rows) data.SetValue(0, 0, period++, 1.0, "", row);
  return data;
}

TEST_CASE("the rows a run read, its data's rows known: the same rows", "[eval]") {
  // The data's rows 10 to 14 (and a value without a row): those read marked over that range.
  const DataSet data = Loaded({10, 11, 0, 12, 13, 14});
  const IdBounds bounds = data.RowIdBounds();
  CHECK(bounds.first == 10);
  CHECK(bounds.last == 14);
  CHECK(bounds.count == 5);
  CHECK(RowsRead(Run({{12, 10}, {12}, {0, 11}, {10, 13}}, {14, 0}), data) == std::vector<int64_t>{10, 11, 12, 13, 14});
  CHECK(RowsRead(Run({{13}, {13, 11}}, {}), data) == std::vector<int64_t>{11, 13});
  // A row outside the data's (none should be): read all the same, in its place.
  CHECK(RowsRead(Run({{12}, {40, 3}}, {12}), data) == std::vector<int64_t>{3, 12, 40});
  // Data whose rows lie far apart: listed, then sorted.
  CHECK(RowsRead(Run({{1'000'000'000}, {7}}, {}), Loaded({7, 1'000'000'000})) == std::vector<int64_t>{7, 1'000'000'000});
  CHECK(RowsRead(RunResult{}, data).empty());
}

}  // namespace vigie::eval
