// The store rows a run's verdicts and payments read (eval::InputRead::row_id), as Store::OriginsOf
// asks for them: what the report shows the origin of and the data digest covers.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/eval/evaluator.h"

namespace vigie::eval {

// The rows read by `run`'s details and payments, each once, in increasing order (0, no row, left out).
// A campaign reads millions of values, mostly the same rows several times: its rows are marked over
// their range (base/distinct_ids.h) rather than listed each time read (a list of every read was
// 40 MB of fresh memory at 5,000 entities, most of its time the kernel zeroing it).
std::vector<int64_t> RowsRead(const RunResult& run);
// The same rows, `run` evaluated on `data`: its rows lie among the data's, so a campaign's are marked
// over their range in one pass over the run's details rather than two (the first to bound them).
std::vector<int64_t> RowsRead(const RunResult& run, const DataSet& data);

}  // namespace vigie::eval
