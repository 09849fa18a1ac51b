// The record of an evaluation run in the store (Store::RecordRun), for driver::Evaluate: its header,
// its verdicts handed over one contract, item and period at a time, and, with a report, the record
// made on a thread of its own while the values' origins are read and the report model is built
// (RecordBeside).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/task_beside.h"
#include "engine/driver/evaluate.h"
#include "engine/eval/dataset.h"
#include "engine/eval/evaluator.h"
#include "engine/store/store.h"

namespace vigie::driver {

// The run's header: who ran it, with what, on which data (the digest, once known: with a report).
store::Store::RunHeader MakeHeader(const Evaluation& evaluation, const EvaluateOptions& options);

// Each verdict's measured value and target (NaN: none), one pair of columns an item, items in the
// run's order: what the record needs of the details, copied before the report model takes them
// (80 MB at 5 M verdicts, far less than the details).
struct ItemMeasures {
  std::vector<double> measured, target;
};
using Measures = std::vector<ItemMeasures>;
Measures CopyMeasures(const eval::RunResult& run);

// What a record came to: the run's id (0: not recorded, with the store's error), and its seconds.
struct Recorded {
  int64_t run_id = 0;
  std::optional<store::StoreError> error;
  double seconds = 0;
};

// Records the run. Each verdict's measured value and target come from `measures` when given (the
// run's details are not read then: they may be moving into the report model), else from the run's
// details when it kept them, else (the benchmark's millions of verdicts) from the stored value of
// the commitment's own indicator and the target written for the period. `entities`: the DataSet's
// entity ids, in its order (RecordEntities). With `data_digest`, the header's data digest is asked
// of it once the verdicts are written (Store::RecordRun). `cancelled`, asked before each batch of
// verdicts: true stops the writing (the record then fails and is rolled back).
Recorded Record(store::Store& store, const eval::DataSet& data, const eval::RunResult& run, const Measures* measures,
                const store::Store::RunHeader& header, const std::vector<std::string>& entities,
                const store::Store::DigestSource& data_digest = nullptr,
                const std::function<bool()>& cancelled = nullptr);
std::vector<std::string> RecordEntities(const eval::DataSet& data);

// A run's record on a thread of its own, made while the caller reads the values' origins and builds
// the report model: all of them only read the run. Created before the evaluation (see the .cpp: the
// thread's memory), the thread waits for Measure, copies the measured values and targets, then
// records the run at once on a connection of its own (Store::OpenAgain), while the caller reads the
// origins on the store's: it waits for the data digest (Digest) only before its transaction
// commits, so the origins are read before the run is committed and neither waits for the other
// (WAL). Without a connection of its own (a store in memory) it records on the caller's once the
// digest is known, and the store is used by that thread alone from Digest until Join. Destroyed
// without Digest (the origins could not be read), nothing is recorded: the record's transaction is
// rolled back. Given the digest and destroyed without Join (the model's build threw), the run
// recorded is abandoned with the reason.
class RecordBeside {
 public:
  RecordBeside(store::Store& store, const eval::DataSet& data, const eval::RunResult& run);
  ~RecordBeside();
  RecordBeside(const RecordBeside&) = delete;
  RecordBeside& operator=(const RecordBeside&) = delete;

  // False when no thread could be started: nothing is done then (the caller records by itself).
  bool OnThread() const;
  // Whether the record has a connection of its own (it starts before the digest is known).
  bool OwnConnection() const { return own_ != nullptr; }
  // The run is evaluated: on the thread, its measured values and targets are copied, then the run is
  // recorded with this header (its data digest, when Digest gives it).
  void Measure(store::Store::RunHeader header);
  // After Measure, the values' origins read: waits for the copy (the details may move into the
  // report model once this returns), then gives the record its data digest.
  void Digest(std::string data_digest);
  // Waits for the record to end (rethrowing what it threw) and says what it came to.
  Recorded Join();

 private:
  enum class State { kStarting, kWaiting, kMeasuring, kMeasured, kDigested, kCancelled };
  void Run();
  // The digest once Digest gives it; none when the caller gave up first (the destructor).
  std::optional<std::string> AwaitDigest();

  store::Store& store_;
  std::unique_ptr<store::Store> own_;  // the record's connection (null: it records on store_)
  const eval::DataSet& data_;
  const eval::RunResult& run_;
  store::Store::RunHeader header_;
  std::string digest_;
  Recorded recorded_;
  std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::kStarting;
  // Set with kCancelled, read by the record between its batches without the lock: a record whose
  // digest will never come stops writing its verdicts (they would be rolled back).
  std::atomic<bool> cancelled_{false};
  double digest_wait_ = 0;  // seconds the record waited for the digest (not its own time)
  bool ended_ = false;  // the thread's task has returned or thrown
  bool joined_ = false;
  std::optional<TaskBeside> thread_;  // last: ended first
};

}  // namespace vigie::driver
