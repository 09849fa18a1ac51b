#include "engine/eval/rows_read.h"

#include <algorithm>
#include <limits>

#include "engine/store/store.h"

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
  int64_t first = std::numeric_limits<int64_t>::max(), last = std::numeric_limits<int64_t>::min();
  size_t reads = 0;
  ForEachRowRead(run, [&](int64_t id) {
    first = std::min(first, id);
    last = std::max(last, id);
    ++reads;
  });
  std::vector<int64_t> ids;
  if (reads == 0) return ids;
  if (!store::ValueOrigins::Dense(first, last, reads)) {  // a few rows far apart: listed, then sorted
    ids.reserve(reads);
    ForEachRowRead(run, [&](int64_t id) { ids.push_back(id); });
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  }
  std::vector<uint8_t> read(static_cast<size_t>(last - first) + 1, 0);
  ForEachRowRead(run, [&](int64_t id) { read[static_cast<size_t>(id - first)] = 1; });
  ids.reserve(static_cast<size_t>(std::count(read.begin(), read.end(), 1)));
  for (size_t i = 0; i < read.size(); ++i) {
    if (read[i]) ids.push_back(first + static_cast<int64_t>(i));
  }
  return ids;
}

}  // namespace vigie::eval
