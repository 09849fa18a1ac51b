#include "engine/store/store.h"

#include <pwd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engine/store/internal/checkpointer.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/internal/value_inserter.h"
#include "engine/store/internal/value_keys.h"
#include "engine/store/schema.h"
#include "engine/base/sha256.h"
#include "engine/base/text.h"

namespace vigie::store {
namespace internal {

uint64_t InodeOf(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return static_cast<uint64_t>(info.st_ino);
}

StoreError ErrorFrom(sqlite3* db, int code, const std::string& path, const std::string& doing) {
  StoreError error;
  const int primary = code & 0xFF;
  const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    error.kind = StoreError::Kind::kLocked;
    error.message = Tr("the store '{0}' is being written by another program", path);
    error.help = Tr("another vigie import may be running: wait for it to finish and try again");
  } else if (primary == SQLITE_READONLY || primary == SQLITE_PERM || primary == SQLITE_CANTOPEN) {
    error.kind = primary == SQLITE_CANTOPEN ? StoreError::Kind::kCannotOpen : StoreError::Kind::kReadOnly;
    error.message = primary == SQLITE_CANTOPEN ? Tr("cannot open the store '{0}'", path)
                                               : Tr("the store '{0}' cannot be written", path);
    error.help = Tr("check that the file and its folder exist and can be written ({0})", detail);
  } else if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    error.kind = StoreError::Kind::kNotAStore;
    error.message = Tr("'{0}' is not a vigie store ({1})", path, detail);
    error.help = Tr("name a new file to create a store, or an existing vigie store");
  } else {
    error.kind = StoreError::Kind::kFailed;
    error.message = Tr("{0} failed in the store '{1}': {2}", doing, path, detail);
  }
  return error;
}

}  // namespace internal

using internal::ErrorFrom;
using internal::Exec;
using internal::FirstRow;
using internal::InodeOf;
using internal::KeyNumbering;
using internal::Rows;
using internal::Statement;
using internal::ValueKey;

std::string CurrentUser() {
  for (const char* name : {"VIGIE_USER", "USER", "LOGNAME"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
  }
  if (const passwd* account = getpwuid(getuid()); account != nullptr && account->pw_name != nullptr) {
    return account->pw_name;
  }
  return "unknown";
}

Store::Store(sqlite3* db, std::string path) : db_(db), path_(std::move(path)), inode_(InodeOf(path_)) {}

Store::~Store() {
  checkpointer_.reset();  // the checkpoints asked for are made first
  sqlite3_close_v2(db_);
}

std::unique_ptr<Store> Store::Open(const std::string& path, const OpenOptions& options, StoreError& error) {
  namespace fs = std::filesystem;
  // SQLite counts the memory it takes under one mutex of the process unless told not to, before its
  // first use: with a connection per thread (vigie serve) requests waited there. vigie never reads
  // those counts. (Too late when SQLite is already in use: it answers SQLITE_MISUSE, nothing changes.)
  static std::once_flag memory_counts_off;
  std::call_once(memory_counts_off, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  std::error_code fs_error;
  const bool existed = fs::exists(path, fs_error);
  if (!existed && !options.create) {
    error = {StoreError::Kind::kCannotOpen, Tr("there is no store at '{0}'", path),
             std::string(Tr("import data first (vigie import ...), or name the store with --store"))};
    return nullptr;
  }
  if (existed && fs::is_directory(path, fs_error)) {
    error = {StoreError::Kind::kCannotOpen, Tr("'{0}' is a directory, not a store", path),
             std::string(Tr("name a file, such as vigie.db"))};
    return nullptr;
  }
  sqlite3* db = nullptr;
  const int flags = options.read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                                      : SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (!options.read_only && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)) {
    // A read-only file can still be read (info, history); writes will be refused with a clear message.
    sqlite3_close_v2(db);
    db = nullptr;
    if (existed) code = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  }
  if (code != SQLITE_OK) {
    error = ErrorFrom(db, code, path, std::string(Tr("opening")));
    sqlite3_close_v2(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Store> store(new Store(db, path));
  store->busy_timeout_ms_ = options.busy_timeout_ms;

  // Is it a vigie store at all? An existing SQLite file of someone else's has tables but no version.
  int version = 0;
  {
    Statement query(db, "PRAGMA user_version");
    if (!query.Ok()) {
      error = ErrorFrom(db, sqlite3_errcode(db), path, std::string(Tr("reading the schema version")));
      return nullptr;
    }
    if (int step = query.Step(); step == SQLITE_ROW) {
      version = static_cast<int>(query.Int(0));
    } else {
      error = ErrorFrom(db, step, path, std::string(Tr("reading the schema version")));
      return nullptr;
    }
  }
  if (version == 0) {
    Statement tables(db, "SELECT count(*) FROM sqlite_master");
    if (tables.Ok() && tables.Step() == SQLITE_ROW && tables.Int(0) > 0) {
      error = {StoreError::Kind::kNotAStore, Tr("'{0}' is an SQLite database, but not a vigie store", path),
               std::string(Tr("name a new file to create a store"))};
      return nullptr;
    }
  }
  if (version > LatestSchemaVersion()) {
    error = {StoreError::Kind::kTooNew,
             Tr("the store '{0}' has schema version {1}; this vigie knows up to {2}", path, version, LatestSchemaVersion()),
             std::string(Tr("use a newer vigie to read it"))};
    return nullptr;
  }
  Exec(db, "PRAGMA foreign_keys = ON");
  // A whole import is one transaction of a few hundred thousand rows: a 64 MB page cache keeps it
  // from spilling to disk and rereading. With WAL, synchronous=NORMAL still survives a crash of
  // vigie; only a power cut can lose the last committed import (never corrupt the store).
  Exec(db, ("PRAGMA cache_size = -" + std::to_string(internal::kPageCacheKiB)).c_str());
  Exec(db, "PRAGMA synchronous = NORMAL");
  // Reads through a memory map: loading a million values copies no page out of the kernel.
  Exec(db, "PRAGMA mmap_size = 1073741824");
  if (version < LatestSchemaVersion()) {
    if (sqlite3_db_readonly(db, "main") == 1) {
      error = {StoreError::Kind::kReadOnly, Tr("the store '{0}' cannot be written, and its schema needs an update", path),
               std::string(Tr("make the file writable once, so vigie can update it"))};
      return nullptr;
    }
    // A new store's pages are 16 KiB (SQLite's default is 4 KiB): an import writes each page it
    // changes to the WAL and copies it into the file at the checkpoint, a system call and a page
    // cache entry each, so a quarter as many pages is about a tenth less processor time for the
    // Hospi Diag import (bench/README.md). Set before WAL and before the first table, the only
    // time SQLite accepts it; an older store keeps its 4 KiB pages (VACUUM would rewrite them).
    if (version == 0) Exec(db, "PRAGMA page_size = 16384");
    Exec(db, "PRAGMA journal_mode = WAL");
    // All missing migrations in one transaction, with the version: a failure leaves the old schema.
    if (!Exec(db, "BEGIN IMMEDIATE")) {
      error = ErrorFrom(db, sqlite3_errcode(db), path, std::string(Tr("updating the schema")));
      return nullptr;
    }
    const internal::RollbackOnThrow on_throw(db);
    for (const Migration& migration : Migrations()) {
      if (migration.version <= version) continue;
      const std::string sql = std::string(migration.sql) + "\nPRAGMA user_version = " +
                              std::to_string(migration.version) + ";";
      if (!Exec(db, sql.c_str())) {
        StoreError failure = ErrorFrom(db, sqlite3_errcode(db), path, std::string(Tr("updating the schema")));
        Exec(db, "ROLLBACK");
        error = failure;
        return nullptr;
      }
    }
    if (!Exec(db, "COMMIT")) {
      error = ErrorFrom(db, sqlite3_errcode(db), path, std::string(Tr("updating the schema")));
      Exec(db, "ROLLBACK");
      return nullptr;
    }
    store->inode_ = InodeOf(path);
  }
  return store;
}

std::unique_ptr<Store> Store::OpenAgain() {
  const char* file = sqlite3_db_filename(db_, "main");
  if (file == nullptr || *file == '\0') return nullptr;
  OpenOptions options;
  options.create = false;
  options.busy_timeout_ms = busy_timeout_ms_;
  options.read_only = sqlite3_db_readonly(db_, "main") == 1;
  StoreError error;
  // By the full name of the file this connection has open (path_ may be relative to a folder since
  // left); its messages name the store as the user did.
  std::unique_ptr<Store> again = Open(file, options, error);
  // Checked once it is open: it opened the path, and another file put there (a restore, a move)
  // is another store.
  if (again == nullptr || InodeOf(file) != inode_) return nullptr;
  again->path_ = path_;
  again->inode_ = inode_;
  if (!checkpointer_ && !options.read_only) {
    // The file this connection has open, by its full name (path_ may be relative to a folder since left).
    auto checkpointer = std::make_shared<internal::Checkpointer>(file);
    if (checkpointer->Ok()) checkpointer_ = std::move(checkpointer);
  }
  again->checkpointer_ = checkpointer_;
  return again;
}

std::set<std::string> Store::EntityIds(const std::string& kind) const {
  std::set<std::string> out;
  Statement query(db_, kind.empty() ? "SELECT id FROM entities" : "SELECT id FROM entities WHERE kind = ?");
  if (!kind.empty()) query.Bind(1, kind);
  while (internal::StepRow(query, db_)) out.insert(query.Text(0));
  return out;
}

std::optional<int64_t> Store::ImportOfSameFile(const std::string& sha256, const std::string& kind) const {
  return FirstRow(db_, "SELECT id FROM imports WHERE sha256 = ? AND kind = ? ORDER BY id LIMIT 1",
                  [](const Statement& query) { return query.Int(0); }, sha256, kind);
}

namespace {

// A connection's setting changed for one write (before its transaction: SQLite refuses to change
// these inside one) and set back when the write returns, whatever its outcome.
class PragmaDuringWrite {
 public:
  PragmaDuringWrite(sqlite3* db, bool active, const char* set, const char* reset)
      : db_(active ? db : nullptr), reset_(reset) {
    if (db_ != nullptr) Exec(db_, set);
  }
  ~PragmaDuringWrite() {
    if (db_ != nullptr) Exec(db_, reset_);
  }
  PragmaDuringWrite(const PragmaDuringWrite&) = delete;
  PragmaDuringWrite& operator=(const PragmaDuringWrite&) = delete;
  bool active() const { return db_ != nullptr; }

 private:
  sqlite3* db_;
  const char* reset_;
};

struct ValueKeyHash {
  size_t operator()(const ValueKey& key) const {
    uint64_t h = static_cast<uint64_t>(key.entity) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<uint64_t>(key.indicator) + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
    h ^= static_cast<uint64_t>(key.period) + 0x85EBCA77C2B2AE63ULL + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

// With the foreign keys off during a batch's write, the references SQLite would have checked row by
// row, checked before the commit: the first row (in the order Apply writes them) naming an entity
// the store does not hold, as what Apply was doing ("storing P12 2019 of 080000615"); nullopt when
// every reference holds. The import and superseded rows a batch refers to are its own.
std::optional<std::string> UnknownReference(sqlite3* db, const ImportBatch& batch) {
  Statement query(db, "SELECT 1 FROM entities WHERE id = ?");
  std::unordered_map<std::string_view, bool> known;
  auto holds = [&](std::string_view id) {
    auto [it, inserted] = known.try_emplace(id, false);
    if (inserted) {
      query.Reset();
      query.BindStatic(1, id);
      it->second = query.Step() == SQLITE_ROW;
    }
    return it->second;
  };
  for (const EntityRow& row : batch.entities) {
    if (!row.legal_entity.empty() && !holds(row.legal_entity)) return Tr("adding entity {0}", row.id);
  }
  for (const AttributeRow& row : batch.attributes) {
    if (!holds(row.entity)) return Tr("storing attribute {0} of {1}", row.name, row.entity);
  }
  for (const MembershipRow& row : batch.memberships) {
    if (!holds(row.group) || !holds(row.member)) return Tr("storing the membership of {0} in {1}", row.member, row.group);
  }
  const std::string* last = nullptr;
  for (const ValueRow& row : batch.values) {
    if (last != nullptr && *last == row.entity) continue;
    if (!holds(row.entity)) return Tr("storing {0} {1} of {2}", row.indicator, row.period, row.entity);
    last = &row.entity;
  }
  for (const EvidenceRow& row : batch.evidence) {
    if (!holds(row.entity)) return std::string(Tr("recording evidence"));
  }
  return std::nullopt;
}

}  // namespace

bool Store::Apply(const ImportBatch& batch, ApplyResult& result, StoreError& error) {
  result = ApplyResult{};
  if (sqlite3_db_readonly(db_, "main") == 1) {
    error = {StoreError::Kind::kReadOnly, Tr("the store '{0}' cannot be written", path_),
             std::string(Tr("check the permissions of the file and of its folder"))};
    return false;
  }
  // A batch of values is written with SQLite's foreign-key checks off, and every entity it names
  // checked once before the commit (UnknownReference): checked per row, each value cost an index
  // lookup of its entity's text. The pragma cannot change inside a transaction: set before BEGIN,
  // and set back on when Apply returns, whatever the outcome (the transaction is over by then).
  const bool values = !batch.values.empty();
  PragmaDuringWrite foreign_keys_off(db_, values, "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON");
  int code = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) {
    error = ErrorFrom(db_, code, path_, std::string(Tr("starting the import")));
    return false;
  }
  const internal::RollbackOnThrow on_throw(db_);
  auto fail = [&](const std::string& doing) {
    error = ErrorFrom(db_, sqlite3_extended_errcode(db_), path_, doing);
    Exec(db_, "ROLLBACK");
    return false;
  };

  // The import row first: every stored row refers to it. Counts are filled in at the end.
  {
    Statement insert(db_,
                     "INSERT INTO imports (kind, file_name, sha256, imported_at, imported_by, options, rows_read, "
                     "rows_stored, rows_rejected, rows_unchanged, declared_by) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?)");
    const ImportRecord& r = batch.record;
    insert.BindAll(r.kind, r.file_name, r.sha256, r.imported_at, r.imported_by, r.options, r.rows_read, r.rows_rejected,
                   declared_by_);
    if (insert.Step() != SQLITE_DONE) return fail(std::string(Tr("recording the import")));
    result.import_id = sqlite3_last_insert_rowid(db_);
  }
  // A declaration through the web is in the audit trail with its user, in the same transaction.
  if (declared_by_) {
    Statement audit(db_, "INSERT INTO audit (at, login, action, detail, import_id) VALUES (?, ?, 'values-declared', ?, ?)");
    audit.BindAll(batch.record.imported_at, *declared_by_, batch.record.file_name, result.import_id);
    if (audit.Step() != SQLITE_DONE) return fail(std::string(Tr("recording the import")));
  }
  const int64_t import_id = result.import_id;
  const std::string& now = batch.record.imported_at;

  // Entities: new ones are inserted; a known one with a new name or legal entity is updated.
  {
    Statement select(db_, "SELECT kind, name, legal_entity FROM entities WHERE id = ?");
    Statement insert(db_, "INSERT INTO entities (id, kind, name, legal_entity, import_id) VALUES (?, ?, ?, ?, ?)");
    Statement update(db_, "UPDATE entities SET kind = ?, name = ?, legal_entity = ?, import_id = ? WHERE id = ?");
    for (const EntityRow& row : batch.entities) {
      const std::optional<std::string> legal =
          row.legal_entity.empty() ? std::nullopt : std::optional<std::string>(row.legal_entity);
      select.Reset();
      select.Bind(1, row.id);
      if (select.Step() == SQLITE_ROW) {
        if (select.Text(0) == row.kind && select.Text(1) == row.name && select.OptionalText(2) == legal) {
          ++result.unchanged;
          continue;
        }
        update.Reset();
        update.BindAll(row.kind, row.name, legal, import_id, row.id);
        if (update.Step() != SQLITE_DONE) return fail(Tr("updating entity {0}", row.id));
        ++result.superseded;  // a new name or legal entity is a correction, as a changed value is
      } else {
        insert.Reset();
        insert.BindAll(row.id, row.kind, row.name, legal, import_id);
        if (insert.Step() != SQLITE_DONE) return fail(Tr("adding entity {0}", row.id));
      }
      ++result.stored;
    }
  }
  {
    Statement select(db_, "SELECT value, valid_until FROM attributes WHERE entity_id = ? AND name = ? AND valid_from = ?");
    Statement upsert(db_,
                     "INSERT INTO attributes (entity_id, name, value, valid_from, valid_until, import_id, source_row) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id, name, valid_from) DO UPDATE SET "
                     "value = excluded.value, valid_until = excluded.valid_until, import_id = excluded.import_id, "
                     "source_row = excluded.source_row");
    for (const AttributeRow& row : batch.attributes) {
      select.Reset();
      select.BindAll(row.entity, row.name, row.valid_from);
      if (select.Step() == SQLITE_ROW && select.Text(0) == row.value && select.Text(1) == row.valid_until) {
        ++result.unchanged;
        continue;
      }
      upsert.Reset();
      upsert.BindAll(row.entity, row.name, row.value, row.valid_from, row.valid_until, import_id, row.row);
      if (upsert.Step() != SQLITE_DONE) return fail(Tr("storing attribute {0} of {1}", row.name, row.entity));
      ++result.stored;
    }
  }
  {
    Statement select(db_,
                     "SELECT valid_until FROM memberships WHERE group_id = ? AND member_id = ? AND valid_from IS ?");
    Statement upsert(db_,
                     "INSERT INTO memberships (group_id, member_id, valid_from, valid_until, import_id, source_row) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, member_id, valid_from) DO UPDATE SET "
                     "valid_until = excluded.valid_until, import_id = excluded.import_id, source_row = excluded.source_row");
    for (const MembershipRow& row : batch.memberships) {
      select.Reset();
      select.BindAll(row.group, row.member, row.valid_from);
      if (select.Step() == SQLITE_ROW && select.OptionalText(0) == row.valid_until) {
        ++result.unchanged;
        continue;
      }
      upsert.Reset();
      upsert.BindAll(row.group, row.member, row.valid_from, row.valid_until, import_id, row.row);
      if (upsert.Step() != SQLITE_DONE) return fail(Tr("storing the membership of {0} in {1}", row.member, row.group));
      ++result.stored;
    }
  }
  {
    // The batch's texts as the store's integer keys (schema 8): each distinct entity, indicator and
    // period looked up, or numbered, once. A file's values come grouped by entity and share a few
    // periods: those are compared with the row before, the indicator found in a small hash table.
    KeyNumbering entity_keys(db_, internal::kEntityKeys), indicator_keys(db_, internal::kIndicatorKeys),
        period_keys(db_, internal::kPeriodKeys);
    BigVector<ValueKey> keys(batch.values.size());  // huge pages, as the batch's rows
    std::vector<int64_t> known_entities;  // held before this batch: they may have values to correct
    std::set<int64_t> known_periods;
    {
      const ValueRow* last = nullptr;
      KeyNumbering::Key entity, period;
      for (size_t i = 0; i < batch.values.size(); ++i) {
        const ValueRow& row = batch.values[i];
        if (last == nullptr || last->entity != row.entity) {
          entity = entity_keys.Of(row.entity);
          if (entity.known && (known_entities.empty() || known_entities.back() != entity.key)) known_entities.push_back(entity.key);
        }
        if (last == nullptr || last->period != row.period) {
          period = period_keys.Of(row.period);
          if (period.known) known_periods.insert(period.key);
        }
        const int64_t indicator = indicator_keys.Of(row.indicator).key;
        if (entity.key == 0 || period.key == 0 || indicator == 0) {
          return fail(Tr("storing {0} {1} of {2}", row.indicator, row.period, row.entity));
        }
        keys[i] = ValueKey{entity.key, indicator, period.key};
        last = &row;
      }
    }
    std::sort(known_entities.begin(), known_entities.end());
    known_entities.erase(std::unique(known_entities.begin(), known_entities.end()), known_entities.end());
    // What the batch's values may correct: the current rows of its entities and periods that the
    // store held before, read entity by entity through the unique index (entity first). A first
    // import of its entities or of its periods (a new establishment, a new year, each part of a
    // national campaign) reads nothing.
    struct Current {
      int64_t id;
      std::optional<double> value;
      std::string missing_code, unit, note;
    };
    std::unordered_map<ValueKey, Current, ValueKeyHash> current_rows;
    if (!known_periods.empty()) {
      // Only the batch's indicators are read (their keys written in the query): a second sheet of a
      // year already imported (Hospi Diag's beds after its activity) seeks its own few indicators per
      // entity instead of reading every row of the entity and looking each up in the table.
      std::string sql =
          "SELECT indicator_key, id, value, coalesce(missing_code, ''), unit, note FROM indicator_values WHERE "
          "entity_key = ?1 AND indicator_key IN (";
      const std::vector<int64_t> asked = indicator_keys.AskedKeys();
      for (size_t k = 0; k < asked.size(); ++k) sql += (k == 0 ? "" : ",") + std::to_string(asked[k]);
      sql += ") AND period_key = ?2 AND superseded_at IS NULL";
      Statement scan(db_, sql.c_str());
      for (int64_t entity : known_entities) {
        for (int64_t period : known_periods) {
          scan.Reset();
          scan.Bind(1, entity).Bind(2, period);
          int step = SQLITE_ROW;
          while ((step = scan.Step()) == SQLITE_ROW) {
            current_rows.emplace(ValueKey{entity, scan.Int(0), period},
                                 Current{scan.Int(1), scan.OptionalDouble(2), scan.Text(3), scan.Text(4), scan.Text(5)});
          }
          // The values this file may correct, read short: it would insert beside them, not correct them.
          if (step != SQLITE_DONE) return fail(std::string(Tr("reading the values this file corrects")));
        }
      }
    }
    Statement retire(db_, "UPDATE indicator_values SET superseded_at = ? WHERE id = ?");
    Statement link(db_, "UPDATE indicator_values SET superseded_by = ? WHERE id = ?");
    internal::ValueInserter insert(db_, import_id, now);
    auto insert_failed = [&] {
      const ValueRow* refused = insert.Failed();
      if (refused == nullptr) return fail(std::string(Tr("writing the values")));
      return fail(Tr("storing {0} {1} of {2}", refused->indicator, refused->period, refused->entity));
    };
    for (size_t i = 0; i < batch.values.size(); ++i) {
      const ValueRow& row = batch.values[i];
      const ValueKey& key = keys[i];
      std::optional<int64_t> previous;
      if (auto found = current_rows.empty() ? current_rows.end() : current_rows.find(key); found != current_rows.end()) {
        const Current& old = found->second;
        // An empty cell says nothing: it never replaces what the store holds (a template returned with
        // blanks must not erase data). To withdraw a value, write a code such as NA or ND.
        if (!row.value && row.missing_code.empty()) {
          ++result.unchanged;
          continue;
        }
        const bool same = old.value == row.value && (row.value || old.missing_code == row.missing_code) &&
                          old.unit == row.unit && old.note == row.note;
        if (same) {
          ++result.unchanged;
          continue;
        }
        previous = old.id;
        retire.Reset();
        retire.BindAll(now, *previous);
        if (retire.Step() != SQLITE_DONE) return fail(std::string(Tr("correcting a value")));
      }
      if (!previous) {
        if (!insert.Add(row, key)) return insert_failed();
        ++result.stored;
        continue;
      }
      if (!insert.InsertOne(row, key)) return insert_failed();
      link.Reset();
      link.BindAll(sqlite3_last_insert_rowid(db_), *previous);
      if (link.Step() != SQLITE_DONE) return fail(std::string(Tr("correcting a value")));
      ++result.superseded;
      ++result.stored;
    }
    if (!insert.Flush()) return insert_failed();
  }
  {
    Statement insert(db_,
                     "INSERT INTO evidence (contract, milestone, entity_id, produced_on, document, sha256, import_id, "
                     "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    Statement same(db_,
                   "SELECT count(*) FROM evidence WHERE contract = ? AND milestone = ? AND entity_id = ? AND "
                   "produced_on = ? AND sha256 = ?");
    for (const EvidenceRow& row : batch.evidence) {
      same.Reset();
      same.BindAll(row.contract, row.milestone, row.entity, row.produced_on, row.sha256);
      if (same.Step() == SQLITE_ROW && same.Int(0) > 0) {
        ++result.unchanged;
        continue;
      }
      insert.Reset();
      insert.BindAll(row.contract, row.milestone, row.entity, row.produced_on, row.document, row.sha256, import_id, now);
      if (insert.Step() != SQLITE_DONE) return fail(std::string(Tr("recording evidence")));
      ++result.stored;
    }
  }

  if (foreign_keys_off.active()) {
    if (std::optional<std::string> doing = UnknownReference(db_, batch)) {
      // What SQLite would have said on the first row naming an unknown entity.
      error = {StoreError::Kind::kFailed, Tr("{0} failed in the store '{1}': {2}", *doing, path_,
                                             std::string("FOREIGN KEY constraint failed")), ""};
      Exec(db_, "ROLLBACK");
      return false;
    }
  }
  if (result.stored == 0) {
    // Nothing new (the same file again): leave no trace, so the store is exactly as it was.
    Exec(db_, "ROLLBACK");
    result.import_id = 0;
    return true;
  }
  {
    Statement counts(db_, "UPDATE imports SET rows_stored = ?, rows_unchanged = ? WHERE id = ?");
    counts.BindAll(result.stored, result.unchanged, import_id);
    if (counts.Step() != SQLITE_DONE) return fail(std::string(Tr("recording the import")));
  }
  // The file must still be the one we opened: a store deleted or replaced meanwhile would swallow
  // the import without a trace.
  if (InodeOf(path_) != inode_) {
    Exec(db_, "ROLLBACK");
    error = {StoreError::Kind::kVanished, Tr("the store '{0}' was deleted or replaced during the import", path_),
             std::string(Tr("nothing was written; run the import again"))};
    return false;
  }
  code = CommitCheckpointingBeside();
  if (code != SQLITE_OK) return fail(std::string(Tr("finishing the import")));
  return true;
}

int Store::CommitCheckpointingBeside() {
  // SQLite's automatic checkpoint would copy the WAL into the file (and wait for the disk) before
  // COMMIT returns.
  bool checkpoint_due = false;
  int code = SQLITE_OK;
  {
    internal::CommitWithoutCheckpoint commit(db_);
    code = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    checkpoint_due = code == SQLITE_OK && commit.CheckpointDue();
  }
  if (checkpoint_due) {
    if (!checkpointer_) {
      // The file this connection has open, by its full name (path_ may be relative to a folder since left).
      auto checkpointer = std::make_shared<internal::Checkpointer>(sqlite3_db_filename(db_, "main"));
      if (checkpointer->Ok()) checkpointer_ = std::move(checkpointer);
    }
    if (!checkpointer_ || !checkpointer_->Request()) {
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);  // as SQLite would have
    }
  }
  // The pages the write went through stay in the connection's cache (up to 64 MB), clean, and are
  // of little use afterwards (reads go through the memory map; a write reads again the few pages it
  // needs). Handed back to malloc, the next write reuses that memory instead of touching fresh pages
  // (a page fault per 4 KiB): W1's store build takes a fifth less processor time (bench/README.md).
  sqlite3_db_release_memory(db_);
  return code;
}

StoreInfo Store::Info() const {
  StoreInfo info;
  auto scalar = [&](const char* sql) -> int64_t {
    Statement query(db_, sql);
    return query.Ok() && query.Step() == SQLITE_ROW ? query.Int(0) : 0;
  };
  info.schema_version = static_cast<int>(scalar("PRAGMA user_version"));
  info.establishments = scalar("SELECT count(*) FROM entities WHERE kind = 'establishment'");
  info.legal_entities = scalar("SELECT count(*) FROM entities WHERE kind = 'legal_entity'");
  info.groups = scalar("SELECT count(*) FROM entities WHERE kind = 'group'");
  info.memberships = scalar("SELECT count(*) FROM memberships");
  info.attributes = scalar("SELECT count(*) FROM attributes");
  info.current_values = scalar("SELECT count(*) FROM indicator_values WHERE superseded_at IS NULL AND value IS NOT NULL");
  info.missing_values = scalar("SELECT count(*) FROM indicator_values WHERE superseded_at IS NULL AND value IS NULL");
  info.superseded_values = scalar("SELECT count(*) FROM indicator_values WHERE superseded_at IS NOT NULL");
  info.evidence = scalar("SELECT count(*) FROM evidence");
  auto text_and_count = [](const Statement& query) { return std::make_pair(query.Text(0), query.Int(1)); };
  info.indicators = Rows(db_,
                         "SELECT k.name, count(*) FROM indicator_values v JOIN value_indicators k ON k.key = "
                         "v.indicator_key WHERE v.superseded_at IS NULL AND v.value IS NOT NULL GROUP BY k.name "
                         "ORDER BY k.name",
                         text_and_count);
  info.periods = Rows(db_,
                      "SELECT k.name, count(*) FROM indicator_values v JOIN value_periods k ON k.key = v.period_key "
                      "WHERE v.superseded_at IS NULL AND v.value IS NOT NULL GROUP BY k.name ORDER BY k.name",
                      text_and_count);
  info.imports = Rows(db_,
                      "SELECT id, kind, file_name, sha256, imported_at, imported_by, rows_read, rows_stored, "
                      "rows_rejected, rows_unchanged FROM imports ORDER BY id",
                      [](const Statement& query) {
                        return StoreInfo::Import{query.Int(0),  query.Text(1), query.Text(2), query.Text(3), query.Text(4),
                                                 query.Text(5), query.Int(6),  query.Int(7),  query.Int(8),  query.Int(9)};
                      });
  return info;
}

namespace {

// One stored value with where it came from: the columns every history query selects, in this order.
constexpr const char* kHistorySelect =
    "SELECT v.id, v.period, v.value, coalesce(v.missing_code, ''), v.unit, v.note, i.file_name, "
    "i.sha256, i.imported_at, i.imported_by, v.import_id, v.source_row, v.source_column, "
    "v.recorded_at, v.superseded_at FROM indicator_values_text v JOIN imports i ON i.id = v.import_id ";

HistoryEntry HistoryEntryOf(const Statement& query) {
  HistoryEntry entry;
  entry.id = query.Int(0);
  entry.period = query.Text(1);
  entry.value = query.OptionalDouble(2);
  entry.missing_code = query.Text(3);
  entry.unit = query.Text(4);
  entry.note = query.Text(5);
  entry.file_name = query.Text(6);
  entry.sha256 = query.Text(7);
  entry.imported_at = query.Text(8);
  entry.imported_by = query.Text(9);
  entry.import_id = query.Int(10);
  entry.row = query.Int(11);
  entry.column = query.Int(12);
  entry.recorded_at = query.Text(13);
  entry.superseded_at = query.OptionalText(14);
  return entry;
}

}  // namespace

std::optional<HistoryEntry> Store::ValueAt(const std::string& entity, const std::string& indicator,
                                           const std::string& period, const std::string& as_stood_on) const {
  for (const HistoryEntry& entry : History(entity, indicator)) {
    if (entry.period != period) continue;
    const bool recorded = as_stood_on.empty() || entry.recorded_at <= as_stood_on;
    const bool current = !entry.superseded_at || (!as_stood_on.empty() && *entry.superseded_at > as_stood_on);
    if (recorded && current) return entry;
  }
  return std::nullopt;
}

std::optional<std::string> Store::AttributeAt(const std::string& entity, const std::string& name,
                                              const std::string& date) const {
  return FirstRow(db_,
                  "SELECT value FROM attributes WHERE entity_id = ? AND name = ? AND valid_from <= ? AND "
                  "valid_until >= ? ORDER BY valid_from DESC LIMIT 1",
                  [](const Statement& query) { return query.Text(0); }, entity, name, date, date);
}

std::vector<HistoryEntry> Store::History(const std::string& entity, const std::string& indicator) const {
  return Rows(db_,
              (std::string(kHistorySelect) +
               "WHERE v.entity_id = ?1 AND v.indicator = ?2 AND v.superseded_at IS NULL UNION ALL " + kHistorySelect +
               "WHERE v.entity_id = ?1 AND v.indicator = ?2 AND v.superseded_at IS NOT NULL ORDER BY 2, 1")
                  .c_str(),
              HistoryEntryOf, entity, indicator);
}

std::string Store::ContentDigest() const {
  // Every row of every table, each column's bytes (NULL spelled apart from ''), rows sorted.
  std::string text;
  for (const char* table : {"imports", "entities", "memberships", "attributes", "value_entities", "value_indicators",
                            "value_periods", "indicator_values", "evidence", "runs",
                            "run_verdicts", "run_entities", "run_results", "users", "user_entities", "sessions", "audit"}) {
    std::string sql = std::string("SELECT * FROM ") + table;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) continue;
    const int columns = sqlite3_column_count(statement);
    std::vector<std::string> rows;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(statement, c) == SQLITE_NULL) {
          row += "NULL|";
        } else {
          const auto* value = static_cast<const char*>(sqlite3_column_blob(statement, c));
          row += "'" + std::string(value ? value : "", static_cast<size_t>(sqlite3_column_bytes(statement, c))) + "'|";
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    std::sort(rows.begin(), rows.end());
    text += std::string("#") + table + "\n";
    for (const std::string& row : rows) text += row + "\n";
  }
  return Sha256Hex(text);
}

size_t Store::ValueRowsUpperBound() const {
  // Values are never deleted, so there are at most as many rows as the largest id.
  Statement query(db_, "SELECT coalesce(max(id), 0) FROM indicator_values");
  return query.Step() == SQLITE_ROW ? static_cast<size_t>(std::max<int64_t>(query.Int(0), 0)) : 0;
}

namespace {
Store::EntityInfo EntityOfRow(const Statement& query) {
  return Store::EntityInfo{query.Text(0), query.Text(1), query.Text(2), query.Text(3)};
}
}  // namespace

std::vector<Store::EntityInfo> Store::Entities() const {
  return Rows(db_, "SELECT id, kind, name, coalesce(legal_entity, '') FROM entities ORDER BY id", EntityOfRow);
}

std::optional<Store::EntityInfo> Store::Entity(const std::string& id) const {
  return FirstRow(db_, "SELECT id, kind, name, coalesce(legal_entity, '') FROM entities WHERE id = ?", EntityOfRow, id);
}

std::vector<AttributeRow> Store::Attributes() const {
  return Rows(db_,
              "SELECT entity_id, name, value, valid_from, valid_until, source_row FROM attributes ORDER BY "
              "entity_id, name, valid_from",
              [](const Statement& query) {
                return AttributeRow{query.Text(0), query.Text(1), query.Text(2), query.Text(3), query.Text(4), query.Int(5)};
              });
}

std::vector<MembershipRow> Store::Memberships() const {
  return Rows(db_,
              "SELECT group_id, member_id, valid_from, valid_until, source_row FROM memberships ORDER BY "
              "group_id, member_id, valid_from",
              [](const Statement& query) {
                return MembershipRow{query.Text(0), query.Text(1), query.OptionalText(2), query.OptionalText(3), query.Int(4)};
              });
}

std::vector<Store::Evidence> Store::AllEvidence() const {
  return Rows(db_,
              "SELECT id, contract, milestone, entity_id, produced_on, document, sha256, recorded_at FROM evidence "
              "ORDER BY contract, milestone, entity_id, produced_on, id",
              [](const Statement& query) {
                return Evidence{query.Int(0),  query.Text(1), query.Text(2), query.Text(3),
                                query.Text(4), query.Text(5), query.Text(6), query.Text(7)};
              });
}

std::optional<HistoryEntry> Store::ValueById(int64_t id) const {
  return FirstRow(db_, (std::string(kHistorySelect) + "WHERE v.id = ?").c_str(), HistoryEntryOf, id);
}

std::map<int64_t, HistoryEntry> Store::ValuesById(const std::vector<int64_t>& ids) const {
  std::vector<int64_t> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::map<int64_t, HistoryEntry> out;
  // One statement, prepared once and reset for each id: a report of thousands of verdicts reads its
  // provenance without preparing thousands of queries.
  Statement query(db_, (std::string(kHistorySelect) + "WHERE v.id = ?").c_str());
  for (int64_t id : sorted) {
    if (id == 0) continue;
    query.Reset();
    query.Bind(1, id);
    if (internal::StepRow(query, db_)) out.emplace(id, HistoryEntryOf(query));
  }
  return out;
}

// The digest's lines are written in one place: OriginsOf, which reads them with the origins.
std::string Store::ValuesDigest(const std::vector<int64_t>& ids) const { return OriginsOf(ids, "").digest; }

}  // namespace vigie::store
