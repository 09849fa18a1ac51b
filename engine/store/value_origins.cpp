// The origins of the values a run read and their digest, in one pass over the rows (Store::OriginsOf),
// a campaign's in parts on as many connections and threads.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "engine/base/distinct_ids.h"
#include "engine/base/sha256.h"
#include "engine/store/internal/readers.h"
#include "engine/store/internal/sql_quote.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/internal/value_keys.h"
#include "engine/store/store.h"

namespace vigie::store {

using internal::AppendQuotedReal;
using internal::Statement;

void ValueOrigins::Index() {
  place_.clear();
  if (rows.empty() || !DenseIds(rows.front().id, rows.back().id, rows.size())) return;
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

// A part of a read of origins has at least this many rows: a connection of its own costs its opening.
constexpr size_t kRowsPerPart = 100'000;

// The texts of the entity, indicator and period keys, read once.
using KeyNames = std::array<std::vector<std::string>, 3>;

// What a part of the ids gave: its rows (each with its import as a place in `import_ids`, each import
// once in the order its first row came) and, unless they were hashed as they were made, the digest's
// lines of its rows.
struct Part {
  std::vector<ValueOrigin> rows;
  std::vector<int64_t> import_ids;
  std::string lines;
  std::exception_ptr failure;
};

// Reads the rows `ids` (distinct, in order) on `db`: one scan of their range when `dense`, a lookup
// each otherwise. Each row's digest line goes to `digest` when given, else to part.lines.
void ReadPart(sqlite3* db, const KeyNames& names, std::span<const int64_t> ids, bool dense, Part& part,
              Sha256Stream* digest) {
  if (ids.empty()) return;
  // The columns of ValuesById's origin and of ValuesDigest's line, from the same row; the entity,
  // indicator and period by their keys, named from the key tables read once (not joined per row).
  Statement query(db,
                  "SELECT v.id, v.import_id, v.source_row, v.source_column, v.entity_key, v.indicator_key, "
                  "v.period_key, v.value, v.missing_code FROM indicator_values v "
                  "WHERE v.id BETWEEN ?1 AND ?2 ORDER BY v.id");
  ValueQuote quote(db);
  std::string line;
  std::map<int64_t, size_t> import_place;  // import id -> its place in part.import_ids
  size_t last_place = 0;  // a file's rows come one after another: the last import is most often the next
  auto place_of = [&](int64_t import_id) {
    if (part.import_ids.empty() || part.import_ids[last_place] != import_id) {
      auto [known, added] = import_place.try_emplace(import_id, part.import_ids.size());
      if (added) part.import_ids.push_back(import_id);
      last_place = known->second;
    }
    return last_place;
  };
  // The row `id` the query is on. Its missing code is read as it is stored, NULL as empty (what
  // coalesce(missing_code, '') gave, without a function call per row in SQLite).
  auto take = [&](int64_t id) {
    const int64_t import_id = query.Int(1);
    line.clear();
    AppendInteger(line, id);
    for (int column : {4, 5, 6}) {
      const std::vector<std::string>& texts = names[static_cast<size_t>(column - 4)];
      const int64_t key = query.Int(column);
      if (key < 0 || static_cast<uint64_t>(key) >= texts.size()) return;  // no such key: not a value (as a join)
      (line += '|') += texts[static_cast<size_t>(key)];
    }
    part.rows.push_back(ValueOrigin{id, query.Int(2), query.Int(3), place_of(import_id)});
    quote.Append(line += '|', query, 7, id);
    (line += '|') += TextOf(query, 8);
    AppendInteger(line += '|', import_id);
    line += '\n';
    if (digest != nullptr) digest->Add(line);
    else part.lines += line;
  };
  part.rows.reserve(ids.size());
  if (digest == nullptr) part.lines.reserve(ids.size() * 48);  // a W1 line has about 45 bytes
  // Dense ids (a campaign reads most of the store's rows): one scan of their range, in id order,
  // keeping the rows asked for. Sparse ones: a lookup each.
  if (dense) {
    query.BindAll(ids.front(), ids.back());
    size_t next = 0;
    while (next < ids.size() && internal::StepRow(query, db)) {
      const int64_t id = query.Int(0);
      while (next < ids.size() && ids[next] < id) ++next;
      if (next < ids.size() && ids[next] == id) take(id);
    }
  } else {
    for (int64_t id : ids) {
      query.Reset();
      query.BindAll(id, id);
      if (internal::StepRow(query, db)) take(id);
    }
  }
}

// Reads `ids` in parts, part i on connections[i] (part 0 on this thread, each other on a thread
// of its own, or here when none can be started), its lines hashed as they come; the other parts'
// lines are hashed after, in order: the digest of one read.
std::vector<Part> ReadParts(const std::vector<sqlite3*>& connections, const KeyNames& names,
                            const std::vector<int64_t>& ids, bool dense, Sha256Stream& digest) {
  const size_t count = connections.size();
  std::vector<Part> parts(count);
  parts[0].rows.reserve(ids.size());  // the rows of every part, once merged (Merge)
  auto read = [&](size_t i) {
    const size_t begin = ids.size() * i / count, end = ids.size() * (i + 1) / count;
    try {
      ReadPart(connections[i], names, std::span(ids).subspan(begin, end - begin), dense, parts[i],
               i == 0 ? &digest : nullptr);
    } catch (...) {  // given to the caller once every thread is joined
      parts[i].failure = std::current_exception();
    }
  };
  internal::ReadEachPart(count, read);
  for (size_t i = 1; i < count; ++i) digest.Add(parts[i].lines);
  return parts;
}

// The parts' rows as one list, each import once, in the order of the rows (part 0's first): what
// one read in order gives.
void Merge(std::vector<Part>& parts, ValueOrigins& out) {
  std::map<int64_t, size_t> import_index;  // import id -> its place in out.imports
  for (size_t i = 0; i < parts.size(); ++i) {
    Part& part = parts[i];
    std::vector<size_t> index;
    for (int64_t import_id : part.import_ids) {
      auto [known, added] = import_index.try_emplace(import_id, out.imports.size());
      if (added) out.imports.push_back(ImportOrigin{import_id, "", "", "", "", "", "", "", ""});
      index.push_back(known->second);
    }
    if (i == 0) {  // its imports come first, in its order: its rows are taken as they are (no copy)
      out.rows = std::move(part.rows);
      continue;
    }
    for (ValueOrigin& row : part.rows) row.import = index[row.import];
    out.rows.insert(out.rows.end(), part.rows.begin(), part.rows.end());
    part = Part();
  }
}

}  // namespace

ValueOrigins Store::OriginsOf(const std::vector<int64_t>& ids, const std::string& as_stood_on, int threads) const {
  // Ids already distinct and in order (what eval::RowsRead gives) are used as they are: a campaign's
  // million ids are not marked and copied again.
  const bool in_order = std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<>()) == ids.end();
  std::vector<int64_t> reordered;
  if (!in_order) reordered = DistinctIds(ids);
  const std::vector<int64_t>& sorted = in_order ? ids : reordered;
  const bool dense = !sorted.empty() && DenseIds(sorted.front(), sorted.back(), sorted.size());
  // Dense and many (a campaign's): in parts on connections of their own, all at the state this
  // connection's read transaction sees (its data_version the same once it has begun). The imports
  // and their reviews are then read on this connection, in that transaction.
  const size_t parts_wanted = dense ? std::min(static_cast<size_t>(std::max(threads, 1)), sorted.size() / kRowsPerPart) : 1;
  std::vector<std::unique_ptr<internal::Reader>> readers;
  std::optional<internal::OneSnapshot> snapshot;
  if (parts_wanted > 1) {
    const int64_t version = internal::DataVersion(db_);
    readers = internal::ReadersOfOneState(db_, inode_, parts_wanted);
    snapshot.emplace(db_);
    if (internal::DataVersion(db_) != version) readers.clear();
  }
  if (!snapshot) snapshot.emplace(db_);  // nothing when the caller is in a transaction: its state is read
  std::vector<sqlite3*> connections;
  for (const auto& reader : readers) connections.push_back(reader->db);
  if (connections.empty()) connections.push_back(db_);
  const KeyNames names = {internal::KeyTexts(db_, internal::kEntityKeys), internal::KeyTexts(db_, internal::kIndicatorKeys),
                          internal::KeyTexts(db_, internal::kPeriodKeys)};
  auto digest = std::make_unique<Sha256Stream>();
  std::vector<Part> parts = ReadParts(connections, names, sorted, dense, *digest);
  const bool failed = std::any_of(parts.begin(), parts.end(), [](const Part& part) { return part.failure != nullptr; });
  if (failed && !readers.empty()) {
    // A part that failed on a connection of its own (an I/O error there, no memory): the whole read
    // again on this connection, in one part, rather than origins silently missing.
    readers.clear();
    digest = std::make_unique<Sha256Stream>();
    parts = ReadParts({db_}, names, sorted, dense, *digest);
    if (parts[0].failure) std::rethrow_exception(parts[0].failure);
  } else if (failed) {
    std::rethrow_exception(parts[0].failure);
  }
  ValueOrigins out;
  Merge(parts, out);
  out.digest = digest->Hex();

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
  out.Index();  // after the rows without an import are gone: the places it keeps are the rows' own
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
