// What users.cpp and declarations.cpp share: a write of the web's users as one transaction with
// its audit row.
#pragma once

#include <sqlite3.h>

#include <string>

#include "engine/base/text.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/store.h"

namespace vigie::store::internal {

// Runs `body` inside BEGIN IMMEDIATE .. COMMIT; on any failure rolls back and fills `error`.
template <class Body>
bool InTransaction(sqlite3* db, const std::string& path, const std::string& doing, StoreError& error, Body body) {
  if (sqlite3_db_readonly(db, "main") == 1) {
    error = {StoreError::Kind::kReadOnly, Tr("the store '{0}' cannot be written", path),
             std::string(Tr("check the permissions of the file and of its folder"))};
    return false;
  }
  if (!Exec(db, "BEGIN IMMEDIATE")) {
    error = ErrorFrom(db, sqlite3_extended_errcode(db), path, doing);
    return false;
  }
  const RollbackOnThrow on_throw(db);
  if (!body() || !Exec(db, "COMMIT")) {
    error = ErrorFrom(db, sqlite3_extended_errcode(db), path, doing);
    Exec(db, "ROLLBACK");
    return false;
  }
  return true;
}

inline bool InsertAudit(sqlite3* db, const Store::AuditEntry& entry) {
  Statement insert(db, "INSERT INTO audit (at, login, action, detail, import_id) VALUES (?, ?, ?, ?, ?)");
  insert.Bind(1, entry.at).Bind(2, entry.login).Bind(3, entry.action).Bind(4, entry.detail);
  if (entry.import_id) insert.Bind(5, *entry.import_id);
  else insert.BindNull(5);
  return insert.Step() == SQLITE_DONE;
}

}  // namespace vigie::store::internal
