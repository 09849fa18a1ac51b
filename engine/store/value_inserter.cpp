#include "engine/store/internal/value_inserter.h"

#include <string>

namespace vigie::store::internal {

namespace {
constexpr int kColumns = 11;
// INSERT INTO indicator_values (...) VALUES (?, ..., ?), ... with `rows` rows.
std::string InsertSql(size_t rows) {
  std::string sql =
      "INSERT INTO indicator_values (entity_key, indicator_key, period_key, value, missing_code, unit, note, "
      "import_id, source_row, source_column, recorded_at) VALUES ";
  for (size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?)";
  return sql;
}
}  // namespace

ValueInserter::ValueInserter(sqlite3* db, int64_t import_id, std::string_view recorded_at)
    : many_(db, InsertSql(kRowsPerStatement).c_str()),
      one_(db, InsertSql(1).c_str()),
      import_id_(import_id),
      recorded_at_(recorded_at) {}

void ValueInserter::BindRow(Statement& statement, int first, const ValueRow& row, const ValueKey& key) {
  // The row's texts live in the batch until the end of Apply: bound without copies.
  statement.Bind(first + 1, key.entity).Bind(first + 2, key.indicator).Bind(first + 3, key.period);
  statement.Bind(first + 4, row.value);
  if (row.value) statement.BindNull(first + 5);
  else statement.BindStatic(first + 5, row.missing_code);
  statement.BindStatic(first + 6, row.unit).BindStatic(first + 7, row.note).Bind(first + 8, import_id_);
  statement.Bind(first + 9, row.row).Bind(first + 10, row.column).BindStatic(first + 11, recorded_at_);
}

bool ValueInserter::Add(const ValueRow& row, const ValueKey& key) {
  queued_[count_++] = Queued{&row, key};
  return count_ < kRowsPerStatement || Flush();
}

bool ValueInserter::Flush() {
  const size_t count = count_;
  count_ = 0;
  if (count == kRowsPerStatement) {
    many_.Reset();
    for (size_t i = 0; i < count; ++i) BindRow(many_, static_cast<int>(i) * kColumns, *queued_[i].row, queued_[i].key);
    if (many_.Step() == SQLITE_DONE) return true;
    // SQLite undid the whole statement (and left the transaction open): the rows are written again
    // one by one, to name the one it refused.
  }
  for (size_t i = 0; i < count; ++i) {
    if (!InsertOne(*queued_[i].row, queued_[i].key)) return false;
  }
  return true;
}

bool ValueInserter::InsertOne(const ValueRow& row, const ValueKey& key) {
  if (count_ > 0 && !Flush()) return false;
  one_.Reset();
  BindRow(one_, 0, row, key);
  if (one_.Step() == SQLITE_DONE) return true;
  failed_ = &row;
  return false;
}

}  // namespace vigie::store::internal
