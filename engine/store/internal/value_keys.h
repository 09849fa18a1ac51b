// The integer keys of the texts that name a value (schema 8, docs/store.md): value_entities,
// value_indicators and value_periods number each entity, indicator and period once, and
// indicator_values refers to them by these keys.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/store/internal/sqlite.h"

namespace vigie::store::internal {

// The three key tables: the SQL names of one of them.
struct KeyTableName {
  const char* table;   // value_entities
  const char* column;  // entity_id
};
inline constexpr KeyTableName kEntityKeys{"value_entities", "entity_id"};
inline constexpr KeyTableName kIndicatorKeys{"value_indicators", "name"};
inline constexpr KeyTableName kPeriodKeys{"value_periods", "name"};

// One key table during a write: each text looked up (or numbered) once, then remembered. The texts
// are views into the caller's batch, which must outlive this object.
class KeyNumbering {
 public:
  KeyNumbering(sqlite3* db, KeyTableName name);
  struct Key {
    int64_t key = 0;     // 0: SQLite failed
    bool known = false;  // the store held the text before this write
  };
  Key Of(std::string_view text);
  // The keys this object was asked for, ascending, once every Of is done.
  std::vector<int64_t> AskedKeys() const;

 private:
  Statement select_, insert_;
  sqlite3* db_;
  std::unordered_map<std::string_view, Key> seen_;
};

// Every text of one key table, at the index of its key (keys without a text: empty): a load turns
// the keys of a million rows into texts without a query or an allocation per row.
std::vector<std::string> KeyTexts(sqlite3* db, KeyTableName name);

}  // namespace vigie::store::internal
