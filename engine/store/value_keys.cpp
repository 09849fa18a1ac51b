#include "engine/store/internal/value_keys.h"

#include <algorithm>

namespace vigie::store::internal {

namespace {
// `format` with {table} and {column} replaced by the key table's names.
std::string Sql(std::string_view format, KeyTableName name) {
  std::string sql;
  for (size_t at = 0; at < format.size();) {
    if (format.substr(at, 7) == "{table}") {
      sql += name.table;
      at += 7;
    } else if (format.substr(at, 8) == "{column}") {
      sql += name.column;
      at += 8;
    } else {
      sql += format[at++];
    }
  }
  return sql;
}
}  // namespace

KeyNumbering::KeyNumbering(sqlite3* db, KeyTableName name)
    : select_(db, Sql("SELECT key FROM {table} WHERE {column} = ?", name).c_str()),
      insert_(db, Sql("INSERT INTO {table} ({column}) VALUES (?)", name).c_str()),
      db_(db) {}

KeyNumbering::Key KeyNumbering::Of(std::string_view text) {
  auto [it, inserted] = seen_.try_emplace(text);
  if (!inserted) return it->second;
  select_.Reset();
  select_.BindStatic(1, text);
  if (select_.Step() == SQLITE_ROW) {
    it->second = Key{select_.Int(0), true};
  } else {
    insert_.Reset();
    insert_.BindStatic(1, text);
    it->second = Key{insert_.Step() == SQLITE_DONE ? sqlite3_last_insert_rowid(db_) : 0, false};
  }
  if (it->second.key == 0) {
    const Key failed = it->second;
    seen_.erase(it);  // asked again, it fails again rather than answering from memory
    return failed;
  }
  return it->second;
}

std::vector<int64_t> KeyNumbering::AskedKeys() const {
  std::vector<int64_t> keys;
  for (const auto& [text, found] : seen_) keys.push_back(found.key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<std::string> KeyTexts(sqlite3* db, KeyTableName name) {
  std::vector<std::string> texts;
  Statement query(db, Sql("SELECT key, {column} FROM {table} ORDER BY key", name).c_str());
  while (StepRow(query, db)) {
    const int64_t key = query.Int(0);
    if (key < 0 || key > (int64_t{1} << 32)) continue;  // not numbered by vigie: never a value's key
    if (static_cast<size_t>(key) >= texts.size()) texts.resize(static_cast<size_t>(key) + 1);
    texts[static_cast<size_t>(key)] = query.Text(1);
  }
  return texts;
}

}  // namespace vigie::store::internal
