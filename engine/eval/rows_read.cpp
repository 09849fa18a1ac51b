#include "engine/eval/rows_read.h"

#include "engine/base/distinct_ids.h"

namespace vigie::eval {

namespace {

// Calls visit(row_id) for every input of the run's details and payments that read a row.
template <class Visit>
void ForEachRowRead(const RunResult& run, Visit visit) {
  for (const ContractResult& contract : run.contracts) {
    for (const ItemResult& item : contract.items) {
      for (const Detail& detail : item.details) {
        for (const InputRead& in : detail.inputs) {
          if (in.row_id != 0) visit(in.row_id);
        }
      }
    }
    for (const PaymentResult& payment : contract.payments) {
      for (const InputRead& in : payment.inputs) {
        if (in.row_id != 0) visit(in.row_id);
      }
    }
  }
}

}  // namespace

std::vector<int64_t> RowsRead(const RunResult& run) {
  return DistinctIds([&run](auto visit) { ForEachRowRead(run, visit); });
}

std::vector<int64_t> RowsRead(const RunResult& run, const DataSet& data) {
  return DistinctIdsWithin(data.RowIdBounds(), [&run](auto visit) { ForEachRowRead(run, visit); });
}

}  // namespace vigie::eval
