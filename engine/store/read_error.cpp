// A read that stopped short, made into the store's ReadError (store.h).
#include <filesystem>

#include "engine/base/text.h"
#include "engine/store/internal/sqlite.h"

namespace vigie::store::internal {

void ThrowReadError(sqlite3* db) {
  const char* file = sqlite3_db_filename(db, "main");
  const std::string name = file && *file ? std::filesystem::path(file).filename().string() : std::string("?");
  throw ReadError(Tr("the store '{0}' could not be read to the end: {1}", name, sqlite3_errmsg(db)));
}

}  // namespace vigie::store::internal
