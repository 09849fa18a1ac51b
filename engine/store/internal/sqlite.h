// What the store's files share: a prepared statement that finalizes itself, the one way to read
// the rows of a query, and the few helpers that turn SQLite's results into the store's errors.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <exception>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/store/store.h"

namespace vigie::store::internal {

// A prepared statement that finalizes itself. Bind indexes are 1-based, columns 0-based.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) statement_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(statement_); }
  bool Ok() const { return statement_ != nullptr; }
  Statement& Bind(int index, const std::string& text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, const std::optional<std::string>& text) {
    if (text) return Bind(index, *text);
    sqlite3_bind_null(statement_, index);
    return *this;
  }
  Statement& Bind(int index, int64_t number) {
    sqlite3_bind_int64(statement_, index, number);
    return *this;
  }
  Statement& Bind(int index, std::optional<double> number) {
    if (number) sqlite3_bind_double(statement_, index, *number);
    else sqlite3_bind_null(statement_, index);
    return *this;
  }
  // Text that outlives the statement's next Step, bound without a copy (a million value rows).
  Statement& BindStatic(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data() ? text.data() : "", static_cast<int>(text.size()), SQLITE_STATIC);
    return *this;
  }
  // Bytes that must outlive the statement's next Step (no copy: a run's verdicts are megabytes).
  Statement& BindBlob(int index, std::string_view bytes) {
    // A null pointer would bind NULL: an empty vector is an empty blob.
    sqlite3_bind_blob(statement_, index, bytes.data() ? bytes.data() : "", static_cast<int>(bytes.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& BindNull(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
  }
  // Binds `params` to ?1, ?2, ... in their order.
  template <class... Params>
  Statement& BindAll(const Params&... params) {
    [[maybe_unused]] int index = 0;
    (Bind(++index, params), ...);
    return *this;
  }
  int Step() { return sqlite3_step(statement_); }
  void Reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  // For a statement whose every parameter is bound again before its next Step, or kept on purpose.
  void ResetKeepingBindings() { sqlite3_reset(statement_); }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }
  std::optional<std::string> OptionalText(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return Text(column);
  }
  // A column's bytes as stored (text or blob), valid until the next Step.
  std::string_view Bytes(int column) const {
    const void* bytes = sqlite3_column_blob(statement_, column);
    return {static_cast<const char*>(bytes), static_cast<size_t>(sqlite3_column_bytes(statement_, column))};
  }
  int64_t Int(int column) const { return sqlite3_column_int64(statement_, column); }
  double Double(int column) const { return sqlite3_column_double(statement_, column); }
  int Type(int column) const { return sqlite3_column_type(statement_, column); }  // SQLITE_FLOAT, SQLITE_NULL...
  std::optional<double> OptionalDouble(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(statement_, column);
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

// The ReadError of a query that stopped before SQLITE_DONE on `db` (read_error.cpp).
[[noreturn]] void ThrowReadError(sqlite3* db);

// The next row of a query on `db`: true on a row, false at its end (or, for a lookup, when there is
// none); a step that fails (a damaged page, an I/O error) throws ReadError rather than reading as
// the end. Every read of the store's rows steps through it.
inline bool StepRow(Statement& query, sqlite3* db) {
  const int step = query.Step();
  if (step == SQLITE_ROW) return true;
  if (step != SQLITE_DONE) ThrowReadError(db);
  return false;
}

// Runs `sql` with `params` bound to ?1, ?2, ... and hands each row to `visit` (the statement, on
// that row; its Bytes are valid until the next row).
template <class Visit, class... Params>
void ForEachRow(sqlite3* db, const char* sql, Visit&& visit, const Params&... params) {
  Statement query(db, sql);
  query.BindAll(params...);
  while (StepRow(query, db)) visit(std::as_const(query));
}

// The rows of `sql` (`params` bound in order), each made into a value by `make`.
template <class Make, class... Params>
auto Rows(sqlite3* db, const char* sql, Make&& make, const Params&... params) {
  std::vector<std::decay_t<std::invoke_result_t<Make&, const Statement&>>> out;
  ForEachRow(db, sql, [&](const Statement& row) { out.push_back(make(row)); }, params...);
  return out;
}

// The first row of `sql` (`params` bound in order) made into a value by `make`; nothing without one.
template <class Make, class... Params>
auto FirstRow(sqlite3* db, const char* sql, Make&& make, const Params&... params)
    -> std::optional<std::decay_t<std::invoke_result_t<Make&, const Statement&>>> {
  Statement query(db, sql);
  query.BindAll(params...);
  if (!StepRow(query, db)) return std::nullopt;
  return make(std::as_const(query));
}

inline bool Exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

// The page cache of a store's connection, in KiB (Store::Open): a whole import of a few hundred
// thousand rows is one transaction, kept from spilling to disk and rereading.
inline constexpr int kPageCacheKiB = 65536;

// Declared right after a BEGIN: rolls the transaction back when its scope is left by an exception (a
// ReadError from a read inside the write, no memory), so that the connection is never left in a
// transaction (vigie serve's writer would refuse every later write). The ordinary paths commit or
// roll back themselves.
class RollbackOnThrow {
 public:
  explicit RollbackOnThrow(sqlite3* db) : db_(db), exceptions_(std::uncaught_exceptions()) {}
  ~RollbackOnThrow() {
    if (std::uncaught_exceptions() > exceptions_ && sqlite3_get_autocommit(db_) == 0) Exec(db_, "ROLLBACK");
  }
  RollbackOnThrow(const RollbackOnThrow&) = delete;
  RollbackOnThrow& operator=(const RollbackOnThrow&) = delete;

 private:
  sqlite3* db_;
  int exceptions_;
};

// The reads made while it lives see one state of the store: a read transaction (DEFERRED), unless
// one is open already (a write's, or BeginRead's). Declared before the statements it covers, so it
// ends after them.
class OneSnapshot {
 public:
  explicit OneSnapshot(sqlite3* db) : db_(sqlite3_get_autocommit(db) != 0 && Exec(db, "BEGIN DEFERRED") ? db : nullptr) {}
  ~OneSnapshot() {
    if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0) Exec(db_, "COMMIT");
  }
  OneSnapshot(const OneSnapshot&) = delete;
  OneSnapshot& operator=(const OneSnapshot&) = delete;

 private:
  sqlite3* db_;
};

// The inode of a file (0 when it cannot be read): to notice a store deleted or replaced during a write.
uint64_t InodeOf(const std::string& path);

// Turns an SQLite failure into something a controller can act on.
StoreError ErrorFrom(sqlite3* db, int code, const std::string& path, const std::string& doing);

}  // namespace vigie::store::internal
