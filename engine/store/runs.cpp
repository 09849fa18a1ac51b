// Runs in the store: recorded 'incomplete', then sealed into a hash chain once their reports are
// written (or left incomplete with the reason), read back and checked by `vigie verify`.
#include <sqlite3.h>

#include <bit>
#include <string_view>

#include "engine/base/sha256.h"
#include "engine/base/text.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/store.h"

namespace vigie::store {
namespace {

using internal::ErrorFrom;
using internal::Exec;
using internal::FirstRow;
using internal::ForEachRow;
using internal::InodeOf;
using internal::Statement;

// runs.report of a run whose JSON report is a file (since 2026-12): the prefix, then the file's SHA-256.
constexpr std::string_view kReportSealPrefix = "sha256:";

// Each field as its length, ':' and its bytes, so no two different records give the same text.
void AddField(Sha256Stream& digest, std::string_view field) {
  digest.Add(std::to_string(field.size()));
  digest.Add(":");
  digest.Add(field);
  digest.Add("\n");
}

// A run's digest is the SHA-256 of a text never held whole: every column of the run (its status,
// report, place in the chain and the previous run's digest included; its own digest excluded) as
// SQLite quotes them (NULL apart from '', numbers exactly), then its verdicts. Format 1 (runs
// recorded before schema 4): run_verdicts' rows. Format 2: the run's entities, then run_results'
// rows with their columns' bytes. Empty when the run does not exist.
std::string RunDigest(sqlite3* db, int64_t run_id) {
  Sha256Stream digest;
  // The run's columns, then its format (16th column): nothing when the run does not exist.
  const std::optional<int64_t> format = FirstRow(
      db,
      "SELECT quote(id), quote(started_at), quote(run_by), quote(engine_version), quote(as_of), "
      "quote(data_as_of), quote(options), quote(rulesets), quote(data_digest), quote(verdicts), "
      "quote(status), quote(incomplete_reason), quote(report), quote(seal), quote(previous_digest), "
      "record_format FROM runs WHERE id = ?",
      [&](const Statement& run) {
        const int64_t record_format = run.Int(15);
        digest.Add(record_format == 1 ? "vigie sealed run 1\n" : "vigie sealed run 2\n");
        for (int c = 0; c < 15; ++c) AddField(digest, run.Text(c));
        return record_format;
      },
      run_id);
  if (!format) return "";
  if (*format == 1) {
    ForEachRow(
        db,
        "SELECT quote(contract), quote(item), quote(entity_id), quote(period), quote(verdict), "
        "quote(measured), quote(target) FROM run_verdicts WHERE run_id = ? "
        "ORDER BY contract, item, entity_id, period",
        [&](const Statement& verdict) {
          for (int c = 0; c < 7; ++c) AddField(digest, verdict.Text(c));
        },
        run_id);
    return digest.Hex();
  }
  ForEachRow(
      db, "SELECT position, entity_id FROM run_entities WHERE run_id = ? ORDER BY position",
      [&](const Statement& entity) {
        AddField(digest, entity.Text(0));
        AddField(digest, entity.Text(1));
      },
      run_id);
  ForEachRow(
      db,
      "SELECT contract, item, period, verdicts, entities, measured, target FROM run_results "
      "WHERE run_id = ? ORDER BY contract, item, period",
      [&](const Statement& result) {
        for (int c = 0; c < 7; ++c) AddField(digest, result.Bytes(c));
      },
      run_id);
  return digest.Hex();
}

// A run's verdicts are written once, page after page, and never read back in their transaction: a
// page cache of 2 MiB is all the writes need (SQLite writes the pages to the WAL as they fill, as
// the commit would have), where the connection's 64 MiB were fresh memory touched for nothing (a
// tenth of the record's processor time at 5 M verdicts, bench/README.md). The store's cache is back
// when this goes.
class SmallPageCache {
 public:
  explicit SmallPageCache(sqlite3* db) : db_(db) { Exec(db_, "PRAGMA cache_size = -2048"); }
  ~SmallPageCache() { Exec(db_, ("PRAGMA cache_size = -" + std::to_string(internal::kPageCacheKiB)).c_str()); }
  SmallPageCache(const SmallPageCache&) = delete;
  SmallPageCache& operator=(const SmallPageCache&) = delete;

 private:
  sqlite3* db_;
};

// The bytes of a vector of numbers, little-endian (what x86 and ARM hold in memory).
template <class Number>
std::string_view BytesOf(const std::vector<Number>& numbers) {
  static_assert(std::endian::native == std::endian::little, "run_results stores little-endian numbers");
  return {reinterpret_cast<const char*>(numbers.data()), numbers.size() * sizeof(Number)};
}

}  // namespace

void Store::RunResults::Clear() {
  entities.clear();
  verdicts.clear();
  measured.clear();
  target.clear();
}

int64_t Store::RecordRun(const RunHeader& run, const std::vector<std::string>& entities,
                         const std::function<bool(const ResultsWriter&)>& produce, StoreError& error,
                         const DigestSource& data_digest) {
  if (sqlite3_db_readonly(db_, "main") == 1) {
    error = {StoreError::Kind::kReadOnly, Tr("the store '{0}' cannot be written: the run was not recorded", path_),
             std::string(Tr("check the permissions of the file and of its folder"))};
    return 0;
  }
  const SmallPageCache small_cache(db_);
  int code = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) {
    error = ErrorFrom(db_, code, path_, std::string(Tr("recording the run")));
    return 0;
  }
  const internal::RollbackOnThrow on_throw(db_);
  auto fail = [&]() {
    error = ErrorFrom(db_, sqlite3_extended_errcode(db_), path_, std::string(Tr("recording the run")));
    Exec(db_, "ROLLBACK");
    return int64_t{0};
  };
  // Incomplete until SealRun: a run whose reports were never written never looks complete.
  Statement insert(db_,
                   "INSERT INTO runs (started_at, run_by, engine_version, as_of, data_as_of, options, rulesets, "
                   "data_digest, verdicts, status, record_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'incomplete', 2)");
  insert.BindAll(run.started_at, run.run_by, run.engine_version, run.as_of,
                 run.data_as_of.empty() ? std::optional<std::string>() : std::optional<std::string>(run.data_as_of),
                 run.options, run.rulesets_json, run.data_digest, run.verdicts);
  if (insert.Step() != SQLITE_DONE) return fail();
  const int64_t id = sqlite3_last_insert_rowid(db_);
  Statement entity(db_, "INSERT INTO run_entities (run_id, position, entity_id) VALUES (?, ?, ?)");
  for (size_t i = 0; i < entities.size(); ++i) {
    entity.Reset();
    entity.BindAll(id, static_cast<int64_t>(i), entities[i]);
    if (entity.Step() != SQLITE_DONE) return fail();
  }
  Statement result(db_,
                   "INSERT INTO run_results (run_id, contract, item, period, verdicts, entities, measured, target) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const bool written = produce([&](const RunResults& r) {
    result.Reset();
    result.BindAll(id, r.contract, r.item, r.period, r.verdicts);
    result.BindBlob(6, BytesOf(r.entities)).BindBlob(7, BytesOf(r.measured)).BindBlob(8, BytesOf(r.target));
    return result.Step() == SQLITE_DONE;
  });
  if (!written) return fail();
  if (data_digest) {
    // Last, in the same transaction: the run is never seen without its digest.
    const std::optional<std::string> digest = data_digest();
    if (!digest) {
      Exec(db_, "ROLLBACK");
      error = {StoreError::Kind::kFailed,
               Tr("the data digest of the run could not be computed: the run was not recorded in the store '{0}'", path_), ""};
      return 0;
    }
    Statement update(db_, "UPDATE runs SET data_digest = ? WHERE id = ?");
    update.BindAll(*digest, id);
    if (update.Step() != SQLITE_DONE) return fail();
  }
  if (InodeOf(path_) != inode_) {
    Exec(db_, "ROLLBACK");
    error = {StoreError::Kind::kVanished, Tr("the store '{0}' was deleted or replaced during the run", path_), ""};
    return 0;
  }
  // Copied into the file by the store's checkpoint thread while the caller goes on (a campaign's run
  // is 100 MB of WAL: its copy and the wait for the disk were half of the record's time).
  if (CommitCheckpointingBeside() != SQLITE_OK) return fail();
  return id;
}

std::string Store::ReportSeal(std::string_view report_sha256) {
  return std::string(kReportSealPrefix).append(report_sha256);
}

bool Store::SealRun(int64_t run_id, const std::string& report, StoreError& error) {
  int code = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) {
    error = ErrorFrom(db_, code, path_, std::string(Tr("sealing the run")));
    return false;
  }
  const internal::RollbackOnThrow on_throw(db_);
  auto fail = [&]() {
    error = ErrorFrom(db_, sqlite3_extended_errcode(db_), path_, Tr("sealing run #{0}", run_id));
    Exec(db_, "ROLLBACK");
    return false;
  };
  // The last sealed run, read inside the transaction: two runs sealed at once cannot share a place.
  int64_t seal = 1;
  std::string previous_digest;
  {
    Statement last(db_, "SELECT seal, digest FROM runs WHERE seal IS NOT NULL ORDER BY seal DESC LIMIT 1");
    if (last.Step() == SQLITE_ROW) {
      seal = last.Int(0) + 1;
      previous_digest = last.Text(1);
    }
  }
  Statement update(db_,
                   "UPDATE runs SET status = 'complete', incomplete_reason = '', report = ?, seal = ?, "
                   "previous_digest = ? WHERE id = ? AND status = 'incomplete' AND seal IS NULL");
  update.Bind(1, report).Bind(2, seal).Bind(3, previous_digest).Bind(4, run_id);
  if (update.Step() != SQLITE_DONE) return fail();
  if (sqlite3_changes(db_) != 1) {
    Exec(db_, "ROLLBACK");
    error = {StoreError::Kind::kFailed, Tr("run #{0} cannot be sealed: it is not an open run", run_id), ""};
    return false;
  }
  Statement digest(db_, "UPDATE runs SET digest = ? WHERE id = ?");
  digest.BindAll(RunDigest(db_, run_id), run_id);
  if (digest.Step() != SQLITE_DONE) return fail();
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail();
  return true;
}

bool Store::AbandonRun(int64_t run_id, const std::string& reason, StoreError& error) {
  Statement update(db_, "UPDATE runs SET incomplete_reason = ? WHERE id = ? AND status = 'incomplete'");
  update.BindAll(reason, run_id);
  if (update.Step() != SQLITE_DONE) {
    error = ErrorFrom(db_, sqlite3_extended_errcode(db_), path_, Tr("marking run #{0}", run_id));
    return false;
  }
  return true;
}

std::optional<Store::StoredRun> Store::RunById(int64_t run_id) const {
  Statement query(db_, "SELECT status, incomplete_reason, coalesce(report, ''), seal FROM runs WHERE id = ?");
  query.Bind(1, run_id);
  if (!internal::StepRow(query, db_)) return std::nullopt;
  StoredRun run;
  run.id = run_id;
  run.complete = query.Text(0) == "complete";
  run.incomplete_reason = query.Text(1);
  const std::string report = query.Text(2);
  if (report.rfind(kReportSealPrefix, 0) == 0) run.report_sha256 = report.substr(kReportSealPrefix.size());
  else run.report_json = report;  // no report file, or sealed before 2026-12: the JSON report itself
  if (query.OptionalText(3)) run.seal = query.Int(3);
  return run;
}

std::vector<Store::SealedRunInfo> Store::SealedRuns(const std::optional<std::vector<std::string>>& naming) const {
  std::vector<SealedRunInfo> runs;
  if (naming && naming->empty()) return runs;
  // A run sealed by its report file's SHA-256 (`vigie run --report`) keeps its report in that file,
  // not here: only the runs whose JSON the store holds can be handed out.
  std::string sql = "SELECT id, started_at, run_by, as_of FROM runs WHERE report IS NOT NULL AND report NOT LIKE 'sha256:%'";
  if (naming) {
    sql += " AND EXISTS (SELECT 1 FROM run_entities e WHERE e.run_id = runs.id AND e.entity_id IN (";
    for (size_t i = 0; i < naming->size(); ++i) sql += i ? ", ?" : "?";
    sql += "))";
  }
  sql += " ORDER BY id DESC";
  Statement query(db_, sql.c_str());
  for (size_t i = 0; naming && i < naming->size(); ++i) query.Bind(static_cast<int>(i + 1), (*naming)[i]);
  while (internal::StepRow(query, db_)) runs.push_back({query.Int(0), query.Text(1), query.Text(2), query.Text(3)});
  return runs;
}

std::vector<Store::ChainBreak> Store::CheckChain() const {
  std::vector<ChainBreak> breaks;
  int64_t expected_seal = 1;
  int64_t previous_run = 0;
  std::string previous_digest;
  const char* sealed = "SELECT id, seal, coalesce(previous_digest, ''), coalesce(digest, '') FROM runs "
                       "WHERE seal IS NOT NULL ORDER BY seal";
  ForEachRow(db_, sealed, [&](const Statement& query) {
    const int64_t id = query.Int(0), seal = query.Int(1);
    const std::string linked_to = query.Text(2), digest = query.Text(3);
    if (seal != expected_seal) {
      breaks.push_back({ChainBreak::Kind::kRunMissing, id, previous_run, std::to_string(expected_seal),
                        std::to_string(seal)});
    } else if (linked_to != previous_digest) {
      breaks.push_back({ChainBreak::Kind::kLinkChanged, id, previous_run, linked_to, previous_digest});
    }
    const std::string now = RunDigest(db_, id);
    if (now != digest) breaks.push_back({ChainBreak::Kind::kRunAltered, id, previous_run, digest, now});
    expected_seal = seal + 1;
    previous_run = id;
    previous_digest = digest;
  });
  return breaks;
}

}  // namespace vigie::store
