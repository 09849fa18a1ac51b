// A read transaction (store.h, BeginRead): many reads from one state of the store.
#include <sqlite3.h>

#include "engine/base/text.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/store.h"

namespace vigie::store {

bool Store::BeginRead(StoreError& error) {
  // DEFERRED: no lock is taken until the first read, which then fixes the state every later read
  // of the transaction sees (in WAL, the last transaction committed before it).
  if (internal::Exec(db_, "BEGIN DEFERRED")) return true;
  error = internal::ErrorFrom(db_, sqlite3_extended_errcode(db_), path_, std::string(Tr("starting a read")));
  return false;
}

void Store::EndRead() {
  // Nothing was written: COMMIT only ends the transaction (and gives its snapshot up).
  if (sqlite3_get_autocommit(db_) == 0) internal::Exec(db_, "COMMIT");
}

}  // namespace vigie::store
