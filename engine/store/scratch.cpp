// Emptying an in-memory store (store.h, EmptyInMemory), so that one scratch store serves many checks.
#include <sqlite3.h>

#include <string>
#include <vector>

#include "engine/base/text.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/store.h"

namespace vigie::store {

bool Store::EmptyInMemory(StoreError& error) {
  const auto failed = [&](const std::string& what) {
    error = {StoreError::Kind::kFailed, what, ""};
    if (sqlite3_get_autocommit(db_) == 0) internal::Exec(db_, "ROLLBACK");
    internal::Exec(db_, "PRAGMA foreign_keys = ON");
    return false;
  };
  // Never a store on disk: this forgets everything it holds.
  if (path_ != ":memory:") return failed(Tr("'{0}' is not a scratch store; it was left as it was", path_));
  std::vector<std::string> tables;
  {
    internal::Statement query(db_, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (query.Ok() && query.Step() == SQLITE_ROW) tables.push_back(query.Text(0));
  }
  // Foreign keys off: the tables are emptied in any order, and all of them are emptied.
  if (!internal::Exec(db_, "PRAGMA foreign_keys = OFF") || !internal::Exec(db_, "BEGIN")) {
    return failed(sqlite3_errmsg(db_));
  }
  for (const std::string& table : tables) {
    const std::string sql = "DELETE FROM \"" + table + "\"";
    if (!internal::Exec(db_, sql.c_str())) return failed(sqlite3_errmsg(db_));
  }
  if (!internal::Exec(db_, "COMMIT")) return failed(sqlite3_errmsg(db_));
  internal::Exec(db_, "PRAGMA foreign_keys = ON");
  declared_by_.reset();
  return true;
}

}  // namespace vigie::store
