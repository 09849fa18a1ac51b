// The indicator store: one SQLite file (WAL, foreign keys on), created on first use.
//
// Every write goes through Apply(), which runs one transaction: either the whole batch is stored
// or nothing is. Values are never deleted: a correction supersedes the current row, so the data
// can be read "as it stood on" any date. Nothing here prints; failures come back as StoreError.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/big_array.h"

struct sqlite3;

namespace vigie::store {

struct StoreError {
  enum class Kind { kCannotOpen, kNotAStore, kTooNew, kLocked, kReadOnly, kVanished, kFailed };
  Kind kind = Kind::kFailed;
  std::string message;  // one line: "the store 'vigie.db' is locked by another program"
  std::string help;
};

// A read of the store that stopped before its last row (a damaged file, an I/O error): thrown
// rather than handing back part of the rows as if they were all, since values silently missing
// would be judged "missing data". what(): one line naming the store and SQLite's reason.
struct ReadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OpenOptions {
  bool create = true;          // create the file and the schema when missing
  int busy_timeout_ms = 5000;  // how long to wait for another writer
  bool read_only = false;      // open for reading only (info, history, evaluation)
};

// What an import writes. Built and validated by engine/ingest, applied here in one transaction.
struct ImportRecord {
  std::string kind;  // values | entities | groups | evidence
  std::string file_name, sha256, imported_at, imported_by, options;
  int64_t rows_read = 0, rows_rejected = 0;
};
struct EntityRow {
  std::string id, kind, name, legal_entity;  // kind: establishment | legal_entity | group
};
struct AttributeRow {
  std::string entity, name, value, valid_from, valid_until;
  int64_t row = 0;
};
struct MembershipRow {
  std::string group, member;
  std::optional<std::string> valid_from, valid_until;
  int64_t row = 0;
};
struct ValueRow {
  std::string entity, indicator, period;
  std::optional<double> value;  // none: missing
  std::string missing_code;     // when value is none: "" (empty cell), ".c", "NA"...
  std::string unit, note;
  int64_t row = 0, column = 0;
};
struct EvidenceRow {
  std::string contract, milestone, entity, produced_on, document, sha256;
};
struct ImportBatch {
  ImportRecord record;
  std::vector<EntityRow> entities;
  std::vector<AttributeRow> attributes;
  std::vector<MembershipRow> memberships;
  BigVector<ValueRow> values;  // huge pages: an import of 100,000 values touches 20 MB of fresh memory
  std::vector<EvidenceRow> evidence;
};

struct ApplyResult {
  int64_t import_id = 0;   // 0 when nothing changed (no import is recorded then)
  int64_t stored = 0;      // rows written (new, or correcting a previous value)
  int64_t superseded = 0;  // of which corrections
  int64_t unchanged = 0;   // rows identical to what the store already held
};

struct StoreInfo {
  int schema_version = 0;
  int64_t establishments = 0, legal_entities = 0, groups = 0, memberships = 0, attributes = 0;
  int64_t current_values = 0, missing_values = 0, superseded_values = 0, evidence = 0;
  std::vector<std::pair<std::string, int64_t>> indicators;  // indicator -> current values, sorted
  std::vector<std::pair<std::string, int64_t>> periods;     // period -> current values, sorted
  struct Import {
    int64_t id;
    std::string kind, file_name, sha256, imported_at, imported_by;
    int64_t rows_read, rows_stored, rows_rejected, rows_unchanged;
  };
  std::vector<Import> imports;
};

struct HistoryEntry {
  int64_t id;
  std::string period;
  std::optional<double> value;
  std::string missing_code, unit, note;
  std::string file_name, sha256, imported_at, imported_by;
  int64_t import_id, row, column;
  std::string recorded_at;
  std::optional<std::string> superseded_at;
  // A value an establishment declared through the web (Store::AttachDeclarations fills these):
  // declared_by its user ("" a file import); review_status declared | validated | rejected.
  std::string declared_by, review_status, reviewed_by, reviewed_at, review_reason;
};

// Where the values a run read came from, compactly (Store::OriginsOf): each row's import and place
// in its file, each import once with its declaration's review, and the digest of the rows. What a
// report needs of a campaign's hundreds of thousands of values, without a HistoryEntry of fifteen
// texts for each.
struct ImportOrigin {
  int64_t import_id = 0;
  std::string file_name, sha256, imported_at;
  // A value an establishment declared through the web (as AttachDeclarations fills a HistoryEntry).
  std::string declared_by, review_status, reviewed_by, reviewed_at, review_reason;
};
struct ValueOrigin {
  int64_t id = 0;
  int64_t row = 0, column = 0;  // the value's place in its import's file
  size_t import = 0;            // in ValueOrigins::imports
};
struct ValueOrigins {
  std::vector<ValueOrigin> rows;  // by id
  std::vector<ImportOrigin> imports;
  std::string digest;  // what ValuesDigest gives for the same ids
  // The row of id `id` (null: none, or 0): from a table by id when the ids are dense (a campaign
  // reads most rows of the store; Index() makes it), else by a search in the rows.
  const ValueOrigin* Find(int64_t id) const;
  void Index();
  // Fetches into the processor's cache what Find(id) will read: its entry in the table by id
  // (FetchEntry), then, once that has come, the row it names (FetchRow). A report reads the rows of
  // millions of values in its own order, not the ids': each Find waited for two misses.
  void FetchEntry(int64_t id) const {
    const int64_t at = id - (rows.empty() ? 0 : rows.front().id);
    if (at >= 0 && at < static_cast<int64_t>(place_.size())) __builtin_prefetch(&place_[static_cast<size_t>(at)]);
  }
  void FetchRow(int64_t id) const {
    const int64_t at = id - (rows.empty() ? 0 : rows.front().id);
    if (at < 0 || at >= static_cast<int64_t>(place_.size()) || place_[static_cast<size_t>(at)] < 0) return;
    __builtin_prefetch(&rows[static_cast<size_t>(place_[static_cast<size_t>(at)])]);
  }

 private:
  std::vector<int32_t> place_;  // id - rows.front().id -> place in rows (-1: none); empty: search
};

namespace internal {
class Checkpointer;
}

class Store {
 public:
  // Opens (and, with options.create, creates) the store at `path` and brings its schema up to date.
  static std::unique_ptr<Store> Open(const std::string& path, const OpenOptions& options, StoreError& error);
  // A second connection to this store's file, read only when this one is, for a write on another
  // thread while this one reads (WAL: neither waits for the other; a run's record beside the reads
  // of its values' origins). nullptr when there is none to open: a store in memory, a file that is
  // no longer the one this store opened, or a failure to open it (the caller then uses this one).
  std::unique_ptr<Store> OpenAgain();
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& Path() const { return path_; }

  // Lookups the importer needs before it builds a batch.
  std::set<std::string> EntityIds(const std::string& kind = "") const;
  // The id of an earlier import of the same bytes as the same kind, if any.
  std::optional<int64_t> ImportOfSameFile(const std::string& sha256, const std::string& kind) const;

  // Writes the batch in one transaction; on any failure nothing is written.
  bool Apply(const ImportBatch& batch, ApplyResult& result, StoreError& error);

  StoreInfo Info() const;
  // The value of one entity's indicator for a period, as the store held it at `as_stood_on` (UTC
  // ISO time; empty: now): the row recorded by then and not yet superseded then. nullopt: no row.
  std::optional<HistoryEntry> ValueAt(const std::string& entity, const std::string& indicator,
                                      const std::string& period, const std::string& as_stood_on = "") const;
  // An entity's attribute on a date (YYYY-MM-DD): the value whose validity covers it, if any.
  std::optional<std::string> AttributeAt(const std::string& entity, const std::string& name,
                                         const std::string& date) const;
  // Every version of one entity's indicator, oldest first, with where it came from.
  std::vector<HistoryEntry> History(const std::string& entity, const std::string& indicator) const;
  // ── bulk reads for evaluation (each one query)
  // One stored value; the texts are valid during the visit only (a load of millions of values
  // allocates nothing per value). The keys are the store's numbers of the entity, indicator and
  // period (schema 8): equal keys, equal texts, so a load can look each text up once per key.
  struct CurrentValue {
    int64_t id;
    std::string_view entity, indicator, period;
    std::optional<double> value;
    std::string_view missing_code;
    int64_t entity_key = 0, indicator_key = 0, period_key = 0;
  };
  // At least as many as the value rows ForEachValue can visit (read in constant time): to size a load.
  size_t ValueRowsUpperBound() const;
  // Every value of `indicators` (all when empty) as the store held it at `as_stood_on` (empty: now).
  void ForEachValue(const std::vector<std::string>& indicators, const std::string& as_stood_on,
                    const std::function<void(const CurrentValue&)>& visit) const;
  // The same values read at once, without texts (store/value_load.cpp): a row is its keys, its value
  // (NaN: missing) and its missing-value code as a position in `missing_codes` (-1: none, or an
  // empty cell). A load of millions of values allocates nothing per value.
  struct LoadedValue {
    int64_t id = 0;
    int32_t entity_key = 0, indicator_key = 0, period_key = 0;
    int32_t missing_code = -1;
    double value = 0;
  };
  struct ValueLoad {
    std::vector<std::string> entities, indicators, periods;  // each key's text, at the key's index
    std::vector<std::string> missing_codes;
    std::vector<BigVector<LoadedValue>> parts;  // the rows in id order: part 0's, then part 1's...
  };
  // With `threads` > 1 and a large store, the ids are read in as many parts (of 100,000 rows at
  // least), each on a connection of its own and a thread, all from one state of the store (no commit
  // came between their read transactions' beginnings: this connection's data_version is the same
  // before and after), read only or not, a write under way or not. On one thread when a commit came
  // between them or a read transaction is open on this connection (its state is the one to read).
  ValueLoad LoadValues(const std::vector<std::string>& indicators, const std::string& as_stood_on,
                       int threads = 1) const;
  struct EntityInfo {
    std::string id, kind, name, legal_entity;
  };
  std::vector<EntityInfo> Entities() const;
  std::optional<EntityInfo> Entity(const std::string& id) const;  // nullopt: not in the store
  std::vector<AttributeRow> Attributes() const;
  std::vector<MembershipRow> Memberships() const;
  struct Evidence {
    int64_t id;
    std::string contract, milestone, entity, produced_on, document, sha256, recorded_at;
  };
  std::vector<Evidence> AllEvidence() const;
  // One stored value with its origin (for a verdict's evidence).
  std::optional<HistoryEntry> ValueById(int64_t id) const;
  // Many stored values with their origin, by row id, in one read (one prepared statement for the
  // whole list): the provenance of every value a run read. Ids with no row are left out; a
  // superseded row is still returned (it is what the run read).
  std::map<int64_t, HistoryEntry> ValuesById(const std::vector<int64_t>& ids) const;
  // Digest of the values a run read (ids of the rows it used): the "data" a report was computed from.
  std::string ValuesDigest(const std::vector<int64_t>& ids) const;
  // The origins of the rows `ids` (store/value_origins.cpp), the declarations' reviews as they stood
  // at `as_stood_on` (empty: now), and their ValuesDigest, in one read of the rows (a range of ids
  // read in order when they are dense, as a campaign's are; one lookup each otherwise), all from one
  // state of the store (the caller's read transaction when it has one). Dense and many (100,000
  // rows a part at least) with `threads` > 1: read in as many parts, each on a connection of its own
  // and a thread, as LoadValues does; the same origins and digest as a read on one thread.
  ValueOrigins OriginsOf(const std::vector<int64_t>& ids, const std::string& as_stood_on, int threads = 1) const;

  // ── runs
  // What a run is, apart from its verdicts.
  struct RunHeader {
    std::string started_at, run_by, engine_version, as_of, data_as_of, options, rulesets_json, data_digest;
    int64_t verdicts = 0;
  };
  // The verdicts of one item (commitment, milestone, composite) of one contract for one period, as
  // columns: the i-th verdict is about entities[i] (a position in the run's list of entities).
  // Stored as one row of run_results (docs/store.md): a run of millions of verdicts is thousands of
  // rows, written in about the time it takes to write their bytes.
  struct RunResults {
    std::string contract, item, period;
    std::vector<uint32_t> entities;
    std::string verdicts;                  // one letter per verdict (kVerdictLetters)
    std::vector<double> measured, target;  // NaN: no value
    void Clear();
  };
  // The letters of RunResults::verdicts, in the order of the evaluator's verdicts: met, partially
  // met, not met, missing data, waived, not applicable, pending, error.
  static constexpr std::string_view kVerdictLetters = "MPNDWAEX";
  // Hands each RunResults of a run to the store; false when the store could not take it.
  using ResultsWriter = std::function<bool(const RunResults&)>;
  // The run's data digest, asked for once its verdicts are written; nullopt when it could not be
  // computed (the run is then not recorded).
  using DigestSource = std::function<std::optional<std::string>()>;
  // Records a run as 'incomplete', in one transaction: its header, the entities its verdicts name
  // (their position is the number RunResults::entities holds), then every RunResults `produce`
  // passes to its writer, each written as it comes (nothing held). With `data_digest`, the header's
  // data digest is asked of it last, just before the commit (the record need not wait for the
  // digest's reads to begin): a digest that cannot be had rolls the whole run back. Returns the
  // run's id, or 0 with `error`. The caller writes the reports (they name the run), then seals it
  // with SealRun.
  int64_t RecordRun(const RunHeader& run, const std::vector<std::string>& entities,
                    const std::function<bool(const ResultsWriter&)>& produce, StoreError& error,
                    const DigestSource& data_digest = nullptr);
  // Seals a run RecordRun recorded: keeps `report` (runs.report), marks it 'complete' and chains it
  // after the last sealed run (its digest covers the run, its verdicts, `report` and that run's
  // digest). `report` is ReportSeal(SHA-256) of the JSON report written to a file, or the JSON
  // report itself when no file holds it (the store keeps it then).
  bool SealRun(int64_t run_id, const std::string& report, StoreError& error);
  // What runs.report holds for a JSON report file whose SHA-256 is `report_sha256`: "sha256:" and
  // the 64 hex digits (since 2026-12; runs sealed before kept the JSON report itself).
  static std::string ReportSeal(std::string_view report_sha256);
  // Leaves a run RecordRun recorded incomplete for good, with the reason (a report not written).
  bool AbandonRun(int64_t run_id, const std::string& reason, StoreError& error);
  struct StoredRun {
    int64_t id = 0;
    bool complete = false;
    std::string incomplete_reason;
    // The sealed report: the SHA-256 of its file (ReportSeal), or the JSON report itself (a run
    // sealed without a report file, or before 2026-12; report_sha256 empty then). Both empty: not sealed.
    std::string report_sha256;
    std::string report_json;
    std::optional<int64_t> seal;  // place in the chain; none: not sealed (incomplete, or older than schema 3)
  };
  std::optional<StoredRun> RunById(int64_t run_id) const;
  // The sealed runs whose JSON report the store holds (not those sealed by a file's SHA-256),
  // newest first; with `naming`, only those whose
  // verdicts name one of these entities (`vigie serve`: an establishment's official runs).
  struct SealedRunInfo {
    int64_t id = 0;
    std::string started_at, run_by, as_of;
  };
  std::vector<SealedRunInfo> SealedRuns(const std::optional<std::vector<std::string>>& naming = std::nullopt) const;
  // What does not hold in the chain of sealed runs, in the chain's order (empty: it holds).
  struct ChainBreak {
    enum class Kind {
      kRunMissing,   // the run sealed before `run` is gone; recorded: the place expected, now: `run`'s place
      kLinkChanged,  // `run` no longer links to the run before it; recorded: its link, now: that run's digest
      kRunAltered,   // `run`'s record changed after it was sealed; recorded, now: its digests
    };
    Kind kind;
    int64_t run;       // the run where the chain breaks
    int64_t previous;  // the sealed run before it that is still there (0: none)
    std::string recorded, now;
  };
  std::vector<ChainBreak> CheckChain() const;

  // Digest of every table's content (ids included): equal digests mean nothing changed.
  std::string ContentDigest() const;

  // ── one state of the store for many reads (store/read_transaction.cpp)
  // Opens a read transaction: the reads until EndRead see the store as it was at the first of them,
  // whatever another connection commits meanwhile (WAL: never waiting for that writer). `vigie
  // serve`'s read connections (serve/read_pool.h) answer each request from one such state.
  bool BeginRead(StoreError& error);
  void EndRead();
  // A read transaction for a scope: begun unless the connection is in one already (the caller's is
  // then used), ended when the scope ends, by an exception too (a ReadError must not leave the
  // connection in a transaction: vigie serve's writer would then refuse every later write).
  class ReadScope {
   public:
    explicit ReadScope(Store& store) : store_(store), begun_(store.BeginRead(not_begun_)) {}
    ~ReadScope() {
      if (begun_) store_.EndRead();
    }
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;

   private:
    Store& store_;
    StoreError not_begun_;
    bool begun_;
  };
  // Deletes every row of an in-memory store (":memory:"), its schema kept: a scratch store used
  // again costs no new schema (vigie serve checks each declaration in one first). Refuses any other.
  bool EmptyInMemory(StoreError& error);

  // ── users, sessions and the audit trail of `vigie serve` (schema 5; store/users.cpp)
  struct User {
    std::string login, role, password_hash, created_at, created_by;
    std::vector<std::string> entities;  // sorted
  };
  // Adds `user` and its audit row (action user-added, by user.created_by) in one transaction.
  // kFailed with a message naming the login when it already exists.
  bool AddUser(const User& user, StoreError& error);
  // Removes a user, its entities and its sessions, and records who did it; false (no error) when
  // there is no such user.
  bool RemoveUser(const std::string& login, const std::string& by, const std::string& at, bool& removed,
                  StoreError& error);
  std::optional<User> UserByLogin(const std::string& login) const;
  std::vector<User> Users() const;  // by login
  struct Session {
    std::string token_sha256, login, csrf_token, address, created_at, expires_at;
  };
  // Opens a session and records the sign-in (audit), in one transaction.
  bool AddSession(const Session& session, StoreError& error);
  std::optional<Session> SessionByToken(const std::string& token_sha256) const;
  // Closes a session (sign-out: recorded with `login`); true when it existed.
  bool RemoveSession(const std::string& token_sha256, const std::string& login, const std::string& at,
                     StoreError& error);
  // Forgets the sessions expired at `now` (not an event: nothing is recorded).
  void RemoveExpiredSessions(const std::string& now);
  struct AuditEntry {
    int64_t id = 0;
    std::string at, login, action, detail;
    std::optional<int64_t> import_id;
  };
  bool RecordAudit(const AuditEntry& entry, StoreError& error);
  std::vector<AuditEntry> Audit() const;  // oldest first
  // The next imports Apply writes are an establishment's declaration by `login` (imports.declared_by
  // set, and an audit row values-declared in the same transaction) until reset with nullopt.
  void DeclareImportsAs(std::optional<std::string> login) { declared_by_ = std::move(login); }
  // ── declarations and their review (schema 6; store/declarations.cpp)
  // Imports whose declared_by is set: the values declared through the web, with the controller's
  // review once there is one.
  struct Declaration {
    int64_t import_id = 0;
    std::string declared_by, imported_at, file_name;
    int64_t rows_stored = 0;
    std::string entity;                        // the entity its values are of (one per declaration)
    std::string status = "declared";           // declared (awaiting validation) | validated | rejected
    std::string reviewed_by, reviewed_at, reason;
  };
  std::vector<Declaration> Declarations() const;  // oldest first
  std::optional<Declaration> DeclarationById(int64_t import_id) const;
  // Records a controller's decision on a declaration awaiting validation, and its audit row
  // (values-validated or values-rejected, by `by`), in one transaction. kFailed when the import is
  // not a declaration or was already reviewed (a review is final).
  bool ReviewDeclaration(int64_t import_id, bool validated, const std::string& reason, const std::string& by,
                         const std::string& at, StoreError& error);
  // The values one import stored, in the file's order, each with whether it is still current.
  struct ImportedValue {
    std::string entity, indicator, period;
    std::optional<double> value;
    std::string missing_code, unit;
    int64_t row = 0, column = 0;
    bool current = true;
  };
  std::vector<ImportedValue> ValuesOfImport(int64_t import_id) const;
  // Fills the declaration fields of `entries` (declared_by, review_*) as the reviews stood at
  // `as_stood_on` (UTC ISO time; empty: now): a value from a file import keeps them empty.
  void AttachDeclarations(std::map<int64_t, HistoryEntry>& entries, const std::string& as_stood_on) const;

 private:
  Store(sqlite3* db, std::string path);
  sqlite3* db_;
  std::string path_;
  uint64_t inode_ = 0;  // to notice the file being deleted or replaced during a write
  int busy_timeout_ms_ = 0;  // OpenOptions::busy_timeout_ms, for OpenAgain
  std::optional<std::string> declared_by_;  // DeclareImportsAs
  // Commits this connection's transaction. The checkpoint SQLite would make before COMMIT returns
  // is made on the store's checkpoint thread instead (internal/checkpointer.h), while the caller goes
  // on, and the pages the write went through are handed back to malloc. SQLite's result code.
  int CommitCheckpointingBeside();
  // Opened by the first write that fills the WAL, or by OpenAgain, and shared with the stores it opens:
  // a run recorded on one of those is copied into the file after the connection that wrote it is gone.
  std::shared_ptr<internal::Checkpointer> checkpointer_;
};

// Who runs vigie: $VIGIE_USER, else $USER, else the account name, else "unknown".
std::string CurrentUser();

}  // namespace vigie::store
