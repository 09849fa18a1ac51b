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

}  // namespace vigie::eval
