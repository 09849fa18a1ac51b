// The store's schema, as an ordered list of migrations. PRAGMA user_version holds how many have
// been applied; opening a store applies the missing ones in one transaction. Documented in
// docs/store.md. Never edit a migration that has shipped: add a new one.
#pragma once

#include <string_view>
#include <vector>

namespace vigie::store {

struct Migration {
  int version;             // user_version after this migration
  std::string_view title;  // for `vigie store info`: marked N_, shown with Tr(title)
  std::string_view sql;
};

const std::vector<Migration>& Migrations();
int LatestSchemaVersion();

}  // namespace vigie::store
