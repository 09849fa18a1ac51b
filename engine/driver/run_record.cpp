#include "engine/driver/run_record.h"

#include <chrono>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "engine/base/clock.h"
#include "engine/base/text.h"

namespace vigie::driver {
namespace {

namespace model = sema::model;
using Clock = std::chrono::steady_clock;

// "all contracts", or "contracts=a,b" as the run was asked.
std::string OptionsText(const eval::EvalOptions& options) {
  if (options.contracts.empty()) return "all contracts";
  std::string list;
  for (const auto& c : options.contracts) list += (list.empty() ? "" : ",") + c;
  return "contracts=" + list;
}

char VerdictLetter(model::Verdict verdict) {
  constexpr std::string_view kLetters = store::Store::kVerdictLetters;
  static_assert(static_cast<size_t>(model::Verdict::kError) + 1 == kLetters.size());
  return kLetters[static_cast<size_t>(verdict)];
}

// Hands the run's verdicts to the store one contract, item and period at a time (RunResults), so
// that the run is never held a second time in memory. Entities are named by their DataSet index.
bool WriteResults(const eval::DataSet& data, const eval::RunResult& run, const Measures* measures,
                  const store::Store::ResultsWriter& write) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> period_text;
  for (int p = 0; p < data.PeriodCount(); ++p) period_text.push_back(model::Format(data.PeriodAt(p)));
  std::vector<std::vector<size_t>> cells_by_period(period_text.size());
  store::Store::RunResults results;
  size_t item_index = 0;
  for (const eval::ContractResult& contract : run.contracts) {
    for (const eval::ItemResult& item : contract.items) {
      const ItemMeasures* columns =
          measures != nullptr && item_index < measures->size() ? &(*measures)[item_index] : nullptr;
      ++item_index;
      const bool details = columns != nullptr ? columns->measured.size() == item.cells.size()
                                              : measures == nullptr && item.details.size() == item.cells.size();
      const int slot = !details && item.commitment ? data.IndicatorSlot(item.commitment->indicator) : -1;
      for (auto& cells : cells_by_period) cells.clear();
      for (size_t i = 0; i < item.cells.size(); ++i) cells_by_period[static_cast<size_t>(item.cells[i].period)].push_back(i);
      for (size_t period = 0; period < cells_by_period.size(); ++period) {
        if (cells_by_period[period].empty()) continue;
        results.Clear();
        results.contract = contract.contract->name;
        results.item = item.Name();
        results.period = period_text[period];
        // Without details (a benchmark's millions of verdicts), the target written for the period.
        double period_target = kNone;
        if (!details && item.commitment) {
          for (const auto& t : item.commitment->targets) {
            if (t.period == data.PeriodAt(static_cast<int>(period)) && !t.baseline_share) period_target = t.bound;
          }
        }
        for (size_t i : cells_by_period[period]) {
          const eval::Cell& cell = item.cells[i];
          results.entities.push_back(static_cast<uint32_t>(cell.entity));
          results.verdicts += VerdictLetter(cell.verdict);
          if (details && columns != nullptr) {
            results.measured.push_back(columns->measured[i]);
            results.target.push_back(columns->target[i]);
          } else if (details) {
            results.measured.push_back(item.details[i].measured.value_or(kNone));
            results.target.push_back(item.details[i].target.value_or(kNone));
          } else {
            const bool present = slot >= 0 && data.Present(cell.entity, slot, cell.period);
            results.measured.push_back(present ? data.Value(cell.entity, slot, cell.period) : kNone);
            results.target.push_back(period_target);
          }
        }
        if (!write(results)) return false;
      }
    }
  }
  return true;
}

}  // namespace

store::Store::RunHeader MakeHeader(const Evaluation& evaluation, const EvaluateOptions& options) {
  const RecordOptions& how = *options.record;
  store::Store::RunHeader header;
  header.started_at = !how.started_at.empty()             ? how.started_at
                      : !options.report.generated_at.empty() ? options.report.generated_at
                                                             : NowUtc();
  header.run_by = how.run_by.empty() ? store::CurrentUser() : how.run_by;
  header.engine_version = how.engine_version;
  header.as_of = model::Format(evaluation.run.as_of);
  header.data_as_of = options.data_as_of;
  header.options = OptionsText(options.eval);
  nlohmann::ordered_json rulesets = nlohmann::ordered_json::array();
  for (const auto& r : options.report.rulesets) rulesets.push_back({{"path", r.path}, {"sha256", r.sha256}});
  header.rulesets_json = rulesets.dump();
  header.data_digest = evaluation.data_digest;
  header.verdicts = evaluation.run.verdicts;
  return header;
}

Measures CopyMeasures(const eval::RunResult& run) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  Measures out;
  for (const eval::ContractResult& contract : run.contracts) {
    for (const eval::ItemResult& item : contract.items) {
      ItemMeasures& columns = out.emplace_back();
      columns.measured.reserve(item.details.size());
      columns.target.reserve(item.details.size());
      for (const eval::Detail& detail : item.details) {
        columns.measured.push_back(detail.measured.value_or(kNone));
        columns.target.push_back(detail.target.value_or(kNone));
      }
    }
  }
  return out;
}

std::vector<std::string> RecordEntities(const eval::DataSet& data) {
  std::vector<std::string> entities;
  entities.reserve(static_cast<size_t>(data.EntityCount()));
  for (int e = 0; e < data.EntityCount(); ++e) entities.push_back(data.EntityId(e));
  return entities;
}

Recorded Record(store::Store& store, const eval::DataSet& data, const eval::RunResult& run, const Measures* measures,
                const store::Store::RunHeader& header, const std::vector<std::string>& entities,
                const store::Store::DigestSource& data_digest, const std::function<bool()>& cancelled) {
  const auto start = Clock::now();
  Recorded out;
  store::StoreError error;
  const auto produce = [&](const store::Store::ResultsWriter& write) {
    if (!cancelled) return WriteResults(data, run, measures, write);
    return WriteResults(data, run, measures, [&](const store::Store::RunResults& results) { return !cancelled() && write(results); });
  };
  out.run_id = store.RecordRun(header, entities, produce, error, data_digest);
  if (out.run_id == 0) out.error = error;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

// The thread is started before the evaluation and takes its first memory at once (the entities'
// ids), while the evaluation's helper threads still hold theirs: glibc gives a new thread the heap
// arena of a thread that has ended, and the arena of the evaluation's helper, which holds the
// details it made, is the one the report model's helper must get, so that its rows reuse the
// details' memory. A record thread started after the evaluation took that arena, and the model's
// rows were faulted in fresh: 330 MB more and a model 40 % slower at 5,000 entities (bench/README.md).
RecordBeside::RecordBeside(store::Store& store, const eval::DataSet& data, const eval::RunResult& run)
    : store_(store), own_(store.OpenAgain()), data_(data), run_(run) {
  thread_.emplace([this] {
    // Told when it ends, however: Digest must not wait for measures that will never come.
    struct Ended {
      RecordBeside& beside;
      ~Ended() {
        const std::lock_guard<std::mutex> lock(beside.mutex_);
        beside.ended_ = true;
        beside.changed_.notify_all();
      }
    } ended{*this};
    Run();
  });
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return state_ != State::kStarting || ended_ || !thread_->OnThread(); });
}

RecordBeside::~RecordBeside() {
  bool digested = false;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    digested = state_ == State::kDigested;
    if (!digested) state_ = State::kCancelled, cancelled_ = true;  // a record waiting for the digest rolls back
  }
  changed_.notify_all();
  thread_.reset();  // joined
  // Recorded but not joined: the report model's build threw. A run recorded without its reports
  // says why it stays incomplete.
  if (digested && !joined_ && recorded_.run_id != 0) {
    try {
      store::StoreError error;
      store_.AbandonRun(recorded_.run_id, std::string(Tr("the report model could not be built")), error);
    } catch (...) {  // a destructor must not throw (the model's exception is on its way): the run stays incomplete
    }
  }
}

bool RecordBeside::OnThread() const { return thread_->OnThread(); }

void RecordBeside::Run() {
  std::vector<std::string> entities = RecordEntities(data_);
  std::unique_lock<std::mutex> lock(mutex_);
  state_ = State::kWaiting;
  changed_.notify_all();
  changed_.wait(lock, [&] { return state_ != State::kWaiting; });
  if (state_ == State::kCancelled) return;
  lock.unlock();
  // The copy while the caller gathers the ids of the values read (the run is only read by both).
  const auto copying = Clock::now();
  Measures measures = CopyMeasures(run_);
  const double copy = std::chrono::duration<double>(Clock::now() - copying).count();
  lock.lock();
  if (state_ == State::kMeasuring) state_ = State::kMeasured;
  changed_.notify_all();
  // On the caller's connection: only once the caller is done with it (the origins read).
  if (!own_) changed_.wait(lock, [&] { return state_ == State::kDigested || state_ == State::kCancelled; });
  if (state_ == State::kCancelled) return;
  lock.unlock();
  recorded_ = Record(own_ ? *own_ : store_, data_, run_, &measures, header_, entities, [this] { return AwaitDigest(); },
                     [this] { return cancelled_.load(std::memory_order_relaxed); });
  // Its own time: the copy and the writing, not the wait for the origins' digest.
  recorded_.seconds += copy - digest_wait_;
}

std::optional<std::string> RecordBeside::AwaitDigest() {
  const auto waiting = Clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return state_ == State::kDigested || state_ == State::kCancelled; });
  digest_wait_ = std::chrono::duration<double>(Clock::now() - waiting).count();
  if (state_ == State::kCancelled) return std::nullopt;
  return digest_;
}

void RecordBeside::Measure(store::Store::RunHeader header) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    header_ = std::move(header);
    if (state_ == State::kWaiting) state_ = State::kMeasuring;
  }
  changed_.notify_all();
}

void RecordBeside::Digest(std::string data_digest) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return state_ == State::kMeasured || ended_; });
    if (ended_) return;  // it failed: Join says why
    digest_ = std::move(data_digest);
    state_ = State::kDigested;
  }
  changed_.notify_all();
}

Recorded RecordBeside::Join() {
  joined_ = true;
  thread_->Join();
  return recorded_;
}

}  // namespace vigie::driver
