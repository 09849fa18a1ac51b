#include "engine/store/internal/value_inserter.h"

#include <string>

namespace vigie::store::internal {

namespace {
// Each row's own columns; the import's id and recording time are ?1 and ?2 of every row, bound once.
constexpr int kShared = 2;
constexpr int kColumns = 9;
// INSERT OR FAIL INTO indicator_values (...) VALUES (?, ..., ?1, ?2), ... with `rows` rows.
//
// OR FAIL: a refused row stops the statement and keeps the rows before it (Apply then rolls the
// whole transaction back), so SQLite needs no statement journal to undo a statement alone; with the
// default (OR ABORT) it copied, for every statement, each page the transaction had changed already
// and this statement changes again (the last pages of the table and of the unique index).
std::string InsertSql(size_t rows) {
  std::string sql =
      "INSERT OR FAIL INTO indicator_values (entity_key, indicator_key, period_key, value, missing_code, unit, note, "
      "source_row, source_column, import_id, recorded_at) VALUES ";
  for (size_t i = 0; i < rows; ++i) {
    sql += i == 0 ? "(" : ",(";
    for (int c = 0; c < kColumns; ++c) sql += "?" + std::to_string(kShared + 1 + i * kColumns + c) + ",";
    sql += "?1,?2)";
  }
  return sql;
}
}  // namespace

ValueInserter::ValueInserter(sqlite3* db, int64_t import_id, std::string_view recorded_at)
    : many_(db, InsertSql(kRowsPerStatement).c_str()), one_(db, InsertSql(1).c_str()), db_(db) {
  for (Statement* statement : {&many_, &one_}) statement->Bind(1, import_id).BindStatic(2, recorded_at);
}

void ValueInserter::BindRow(Statement& statement, int first, const ValueRow& row, const ValueKey& key) {
  // The row's texts live in the batch until the end of Apply: bound without copies. Every column is
  // bound for every row, so the statement is reset without clearing its bindings (?1 and ?2 stay).
  statement.Bind(first + 1, key.entity).Bind(first + 2, key.indicator).Bind(first + 3, key.period);
  statement.Bind(first + 4, row.value);
  if (row.value) statement.BindNull(first + 5);
  else statement.BindStatic(first + 5, row.missing_code);
  statement.BindStatic(first + 6, row.unit).BindStatic(first + 7, row.note);
  statement.Bind(first + 8, row.row).Bind(first + 9, row.column);
}

bool ValueInserter::Add(const ValueRow& row, const ValueKey& key) {
  queued_[count_++] = Queued{&row, key};
  return count_ < kRowsPerStatement || Flush();
}

bool ValueInserter::Flush() {
  const size_t count = count_;
  count_ = 0;
  if (count == kRowsPerStatement) {
    many_.ResetKeepingBindings();
    for (size_t i = 0; i < count; ++i) {
      BindRow(many_, kShared + static_cast<int>(i) * kColumns, *queued_[i].row, queued_[i].key);
    }
    if (many_.Step() == SQLITE_DONE) return true;
    // A constraint: SQLite stopped at the refused row, the rows before it written (sqlite3_changes
    // counts them). Anything else (a full disk, an I/O error) refused no row: none is named. Apply
    // rolls the transaction back.
    if ((sqlite3_errcode(db_) & 0xff) == SQLITE_CONSTRAINT) {
      const auto written = static_cast<size_t>(sqlite3_changes(db_));
      failed_ = queued_[written < count ? written : count - 1].row;
    }
    return false;
  }
  for (size_t i = 0; i < count; ++i) {
    if (!InsertOne(*queued_[i].row, queued_[i].key)) return false;
  }
  return true;
}

bool ValueInserter::InsertOne(const ValueRow& row, const ValueKey& key) {
  if (count_ > 0 && !Flush()) return false;
  one_.ResetKeepingBindings();
  BindRow(one_, kShared, row, key);
  if (one_.Step() == SQLITE_DONE) return true;
  if ((sqlite3_errcode(db_) & 0xff) == SQLITE_CONSTRAINT) failed_ = &row;
  return false;
}

}  // namespace vigie::store::internal
