// The origins of the values a run read and their digest, in one pass over the rows (Store::OriginsOf).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "engine/base/sha256.h"
#include "engine/store/internal/sql_quote.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/internal/value_keys.h"
#include "engine/store/store.h"

namespace vigie::store {

using internal::AppendQuotedReal;
using internal::Statement;

void ValueOrigins::Index() {
  place_.clear();
  if (rows.empty() || !Dense(rows.front().id, rows.back().id, rows.size())) return;
  place_.assign(static_cast<size_t>(rows.back().id - rows.front().id) + 1, -1);
  for (size_t i = 0; i < rows.size(); ++i) place_[static_cast<size_t>(rows[i].id - rows.front().id)] = static_cast<int32_t>(i);
}

const ValueOrigin* ValueOrigins::Find(int64_t id) const {
  if (id == 0) return nullptr;
  if (!place_.empty()) {
    const int64_t at = id - rows.front().id;
    if (at < 0 || at >= static_cast<int64_t>(place_.size()) || place_[static_cast<size_t>(at)] < 0) return nullptr;
    return &rows[static_cast<size_t>(place_[static_cast<size_t>(at)])];
  }
  auto it = std::lower_bound(rows.begin(), rows.end(), id, [](const ValueOrigin& row, int64_t wanted) { return row.id < wanted; });
  return it == rows.end() || it->id != id ? nullptr : &*it;
}

namespace {

// A text column as Statement::Text reads it (up to its first NUL), without a copy.
std::string_view TextOf(const Statement& query, int column) {
  const std::string_view bytes = query.Bytes(column);
  return bytes.substr(0, bytes.find('\0'));
}

// The ids, each once, in increasing order. Dense ones (a campaign reads millions, most of the
// store's rows, some several times) are marked over their range, in linear time, rather than
// sorted; sparse ones are sorted.
std::vector<int64_t> DistinctInOrder(const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  const auto [low, high] = std::minmax_element(ids.begin(), ids.end());
  const int64_t first = *low, last = *high;
  std::vector<int64_t> out;
  if (!ValueOrigins::Dense(first, last, ids.size())) {
    out = ids;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  std::vector<uint8_t> asked(static_cast<size_t>(last - first) + 1, 0);
  for (int64_t id : ids) asked[static_cast<size_t>(id - first)] = 1;
  out.reserve(std::min(ids.size(), asked.size()));
  for (size_t i = 0; i < asked.size(); ++i) {
    if (asked[i]) out.push_back(first + static_cast<int64_t>(i));
  }
  return out;
}

// Appends `value` in decimal (as std::to_string writes it, without a string of its own per row).
void AppendInteger(std::string& line, int64_t value) {
  char digits[24];
  line.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

// quote(value) of a value row, as the digest's line holds it: NULL and most REALs written here
// (AppendQuotedReal), any other value asked of SQLite's quote() (the same function the line has
// always been made with).
class ValueQuote {
 public:
  explicit ValueQuote(sqlite3* db)
      : db_(db), real_(db, "SELECT quote(?1)"), stored_(db, "SELECT quote(value) FROM indicator_values WHERE id = ?1") {}
  // The value in column `column` of `row`, the row `id` of indicator_values.
  void Append(std::string& line, const Statement& row, int column, int64_t id) {
    const int type = row.Type(column);
    if (type == SQLITE_NULL) {
      line += "NULL";
      return;
    }
    if (type == SQLITE_FLOAT && AppendQuotedReal(line, row.Double(column))) return;
    Statement& ask = type == SQLITE_FLOAT ? real_ : stored_;
    ask.Reset();
    if (type == SQLITE_FLOAT) ask.Bind(1, std::optional<double>(row.Double(column)));
    else ask.Bind(1, id);
    if (internal::StepRow(ask, db_)) line += TextOf(ask, 0);
  }

 private:
  sqlite3* db_;
  Statement real_, stored_;
};

}  // namespace

ValueOrigins Store::OriginsOf(const std::vector<int64_t>& ids, const std::string& as_stood_on) const {
  // Ids already distinct and in order (what eval::RowsRead gives) are used as they are: a campaign's
  // million ids are not marked and copied again.
  const bool in_order = std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<>()) == ids.end();
  std::vector<int64_t> reordered;
  if (!in_order) reordered = DistinctInOrder(ids);
  const std::vector<int64_t>& sorted = in_order ? ids : reordered;
  ValueOrigins out;
  out.rows.reserve(sorted.size());
  // The columns of ValuesById's origin and of ValuesDigest's line, from the same row; the entity,
  // indicator and period by their keys, named from the key tables read once (not joined per row).
  Statement query(db_,
                  "SELECT v.id, v.import_id, v.source_row, v.source_column, v.entity_key, v.indicator_key, "
                  "v.period_key, v.value, v.missing_code FROM indicator_values v "
                  "WHERE v.id BETWEEN ?1 AND ?2 ORDER BY v.id");
  const std::vector<std::string> names[] = {internal::KeyTexts(db_, internal::kEntityKeys),
                                            internal::KeyTexts(db_, internal::kIndicatorKeys),
                                            internal::KeyTexts(db_, internal::kPeriodKeys)};
  ValueQuote quote(db_);
  Sha256Stream digest;
  std::string line;
  std::map<int64_t, size_t> import_index;  // import id -> its place in out.imports
  int64_t last_import = 0;                   // the import of the row before (an import's rows follow each other)
  size_t last_place = 0;
  // The row `id` the query is on. Its missing code is read as it is stored, NULL as empty (what
  // coalesce(missing_code, '') gave, without a function call per row in SQLite).
  auto take = [&](int64_t id) {
    const int64_t import_id = query.Int(1);
    line.clear();
    AppendInteger(line, id);
    for (int column : {4, 5, 6}) {
      const std::vector<std::string>& texts = names[column - 4];
      const int64_t key = query.Int(column);
      if (key < 0 || static_cast<uint64_t>(key) >= texts.size()) return;  // no such key: not a value (as a join)
      (line += '|') += texts[static_cast<size_t>(key)];
    }
    if (import_id != last_import || out.imports.empty()) {
      auto [known, added] = import_index.try_emplace(import_id, out.imports.size());
      if (added) out.imports.push_back(ImportOrigin{import_id, "", "", "", "", "", "", "", ""});
      last_import = import_id;
      last_place = known->second;
    }
    out.rows.push_back(ValueOrigin{id, query.Int(2), query.Int(3), last_place});
    quote.Append(line += '|', query, 7, id);
    (line += '|') += TextOf(query, 8);
    AppendInteger(line += '|', import_id);
    line += '\n';
    digest.Add(line);
  };
  // Dense ids (a campaign reads most of the store's rows): one scan of their range, in id order,
  // keeping the rows asked for. Sparse ones: a lookup each.
  const bool dense = !sorted.empty() && ValueOrigins::Dense(sorted.front(), sorted.back(), sorted.size());
  if (dense) {
    query.BindAll(sorted.front(), sorted.back());
    size_t next = 0;
    while (next < sorted.size() && internal::StepRow(query, db_)) {
      const int64_t id = query.Int(0);
      while (next < sorted.size() && sorted[next] < id) ++next;
      if (next < sorted.size() && sorted[next] == id) take(id);
    }
  } else {
    for (int64_t id : sorted) {
      query.Reset();
      query.BindAll(id, id);
      if (internal::StepRow(query, db_)) take(id);
    }
  }
  out.digest = digest.Hex();
  out.Index();

  // Each import once: its file, and its declaration's review (AttachDeclarations, one entry per import).
  Statement file(db_, "SELECT file_name, sha256, imported_at FROM imports WHERE id = ?");
  std::map<int64_t, HistoryEntry> reviews;
  std::vector<bool> missing(out.imports.size(), false);  // no such import: its rows have no origin (as in ValuesById)
  for (size_t i = 0; i < out.imports.size(); ++i) {
    ImportOrigin& origin = out.imports[i];
    file.Reset();
    file.Bind(1, origin.import_id);
    if (internal::StepRow(file, db_)) {
      origin.file_name = file.Text(0);
      origin.sha256 = file.Text(1);
      origin.imported_at = file.Text(2);
    } else {
      missing[i] = true;
    }
    reviews[origin.import_id].import_id = origin.import_id;
  }
  std::erase_if(out.rows, [&](const ValueOrigin& row) { return missing[row.import]; });
  AttachDeclarations(reviews, as_stood_on);
  for (ImportOrigin& origin : out.imports) {
    HistoryEntry& review = reviews[origin.import_id];
    origin.declared_by = std::move(review.declared_by);
    origin.review_status = std::move(review.review_status);
    origin.reviewed_by = std::move(review.reviewed_by);
    origin.reviewed_at = std::move(review.reviewed_at);
    origin.review_reason = std::move(review.review_reason);
  }
  return out;
}

}  // namespace vigie::store
