// Reading every stored value at once (store.h: LoadValues, ForEachValue), for an evaluation.
//
// The texts of the keys are read first (a few thousand): each row is then three integers. A large
// load is read in parts of the ids on as many connections and threads: SQLite decodes a row on one
// core at a time per connection, and decoding is most of a load (the W1 store: 1.25 M rows).
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>

#include "engine/store/internal/readers.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/internal/value_keys.h"
#include "engine/store/store.h"

namespace vigie::store {

namespace {

using internal::Reader;
using internal::ReadersOfOneState;
using internal::Statement;

// A part of a load has at least this many rows: a connection of its own costs its opening.
constexpr size_t kRowsPerPart = 100'000;

// Where part `part` of `parts` of the ids 1..largest ends: largest × part / parts, without the
// product (which overflows for an id near 2^62, in a store edited by hand).
int64_t PartBound(int64_t largest, size_t part, size_t parts) {
  const auto n = static_cast<int64_t>(parts), i = static_cast<int64_t>(part);
  return largest / n * i + largest % n * i / n;
}

// The rows of one part: ids in [from, to], their missing-value codes numbered in `codes`
// (`largest`: the store's largest id, to size the rows). False when the query failed or stopped
// before its last row (an I/O error, no memory): the part is then short.
bool ReadPart(sqlite3* db, const std::string& as_stood_on, const std::vector<char>& wanted,
              const Store::ValueLoad& load, int64_t from, int64_t to, int64_t largest,
              BigVector<Store::LoadedValue>& rows,
              std::vector<std::string>& codes) {
  // Rows recorded by then and not superseded by then; with no date, the current rows. NOT INDEXED:
  // every current row is read, so one pass over the table beats a pass over the partial index
  // indicator_values_current with a table lookup per row (EXPLAIN QUERY PLAN chose the index); the
  // part's ids bound the pass: EXPLAIN QUERY PLAN says "SEARCH indicator_values USING INTEGER PRIMARY
  // KEY (rowid>? AND rowid<?)" for both forms (checked on W1's store at schema 8, 2026-12-07).
  std::string sql =
      "SELECT id, entity_key, indicator_key, period_key, value, missing_code FROM indicator_values NOT INDEXED "
      "WHERE id BETWEEN ?2 AND ?3 AND ";
  sql += as_stood_on.empty() ? "superseded_at IS NULL" : "recorded_at <= ?1 AND (superseded_at IS NULL OR superseded_at > ?1)";
  Statement query(db, sql.c_str());
  if (!as_stood_on.empty()) query.Bind(1, as_stood_on);
  query.Bind(2, from).Bind(3, to);
  auto in = [](const std::vector<std::string>& texts, int64_t key) { return key >= 0 && static_cast<size_t>(key) < texts.size(); };
  // Ids are numbered from 1 and values never deleted: the part's range bounds its rows. A store
  // edited by hand may hold an id far beyond its rows (2^62): no room for that, the rows grow as
  // they come.
  try {
    const int64_t low = std::max<int64_t>(from, 1), high = std::min(to, largest);
    rows.reserve(high >= low ? static_cast<size_t>(high - low) + 1 : 0);
  } catch (const std::length_error&) {
  } catch (const std::bad_alloc&) {
  }
  int step = SQLITE_ROW;
  while ((step = query.Step()) == SQLITE_ROW) {
    const int64_t indicator = query.Int(2);
    if (!in(load.indicators, indicator) || !wanted[static_cast<size_t>(indicator)]) continue;
    const int64_t entity = query.Int(1), period = query.Int(3);
    // The foreign keys hold every key to its table: a key without a text is a store edited by hand.
    if (!in(load.entities, entity) || !in(load.periods, period)) continue;
    Store::LoadedValue& row = rows.emplace_back();
    row.id = query.Int(0);
    row.entity_key = static_cast<int32_t>(entity);
    row.indicator_key = static_cast<int32_t>(indicator);
    row.period_key = static_cast<int32_t>(period);
    const std::optional<double> value = query.OptionalDouble(4);
    row.value = value.value_or(std::numeric_limits<double>::quiet_NaN());
    if (value) continue;  // a value has no code (the table's CHECK): its column is not read
    const std::string_view code = query.Bytes(5);
    if (code.empty()) continue;
    auto known = std::find(codes.begin(), codes.end(), code);
    if (known == codes.end()) known = codes.insert(codes.end(), std::string(code));
    row.missing_code = static_cast<int32_t>(known - codes.begin());
  }
  return step == SQLITE_DONE;
}

int64_t LargestValueId(sqlite3* db) {
  Statement query(db, "SELECT coalesce(max(id), 0) FROM indicator_values");
  return query.Step() == SQLITE_ROW ? query.Int(0) : 0;
}

}  // namespace

Store::ValueLoad Store::LoadValues(const std::vector<std::string>& indicators, const std::string& as_stood_on,
                                   int threads) const {
  ValueLoad load;
  std::vector<std::unique_ptr<Reader>> readers;
  const size_t parts_wanted = std::min(static_cast<size_t>(std::max(threads, 1)), ValueRowsUpperBound() / kRowsPerPart);
  // The readers open the store by its path: a file put in its place since this store was opened
  // (a restore, a move) is another store, whose rows would not match this one's origins.
  if (parts_wanted > 1) readers = ReadersOfOneState(db_, inode_, parts_wanted);
  // One part: this connection, in one read transaction (the key tables and the rows of one state).
  std::optional<internal::OneSnapshot> snapshot;
  if (readers.empty()) snapshot.emplace(db_);
  sqlite3* first = readers.empty() ? db_ : readers[0]->db;
  load.entities = internal::KeyTexts(first, internal::kEntityKeys);
  load.indicators = internal::KeyTexts(first, internal::kIndicatorKeys);
  load.periods = internal::KeyTexts(first, internal::kPeriodKeys);
  std::vector<char> wanted(load.indicators.size(), indicators.empty() ? 1 : 0);
  if (!indicators.empty()) {
    const std::set<std::string_view> names(indicators.begin(), indicators.end());
    for (size_t key = 0; key < load.indicators.size(); ++key) wanted[key] = names.count(load.indicators[key]) ? 1 : 0;
  }
  const size_t parts = std::max<size_t>(readers.size(), 1);
  const int64_t largest = std::max<int64_t>(LargestValueId(first), 0);  // the parts' bounds in order
  load.parts.resize(parts);
  std::vector<std::vector<std::string>> codes(parts);
  std::vector<char> whole(parts, 0);
  std::vector<std::exception_ptr> failures(parts);
  auto read = [&](size_t part) {
    // Ids are numbered from 1; the first part also takes any at or below 0 (a store edited by hand),
    // the last any above `largest`.
    const int64_t from = part == 0 ? std::numeric_limits<int64_t>::min() : PartBound(largest, part, parts) + 1;
    const int64_t to = part + 1 == parts ? std::numeric_limits<int64_t>::max() : PartBound(largest, part + 1, parts);
    // The part's rows and codes in vectors of this thread's own, moved in at the end: the parts'
    // vectors sit side by side in one cache line, and each row moves its vector's end (the threads
    // would pass that line back and forth at every row).
    try {
      BigVector<LoadedValue> rows;
      std::vector<std::string> part_codes;
      whole[part] = ReadPart(readers.empty() ? db_ : readers[part]->db, as_stood_on, wanted, load, from, to, largest,
                             rows, part_codes);
      load.parts[part] = std::move(rows);
      codes[part] = std::move(part_codes);
    } catch (...) {  // no memory for a part's rows: given to the caller once every thread is joined
      failures[part] = std::current_exception();
    }
  };
  internal::ReadEachPart(parts, read);
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  // A part that stopped short on a connection of its own (an I/O error there): the whole load again
  // on the store's own connection, in one part, rather than values silently missing.
  const bool short_part = std::find(whole.begin(), whole.end(), 0) != whole.end();
  if (short_part && !readers.empty()) return LoadValues(indicators, as_stood_on, 1);
  // Short on the store's own connection too (a damaged file): the run is not judged on part of its values.
  if (short_part) internal::ThrowReadError(db_);
  // The parts' codes as one list, in the order of the rows (part 0's first): the same positions as
  // a load on one thread.
  load.missing_codes = std::move(codes[0]);
  for (size_t part = 1; part < parts; ++part) {
    if (codes[part].empty()) continue;
    std::vector<int32_t> position;
    for (const std::string& code : codes[part]) {
      auto known = std::find(load.missing_codes.begin(), load.missing_codes.end(), code);
      if (known == load.missing_codes.end()) known = load.missing_codes.insert(load.missing_codes.end(), code);
      position.push_back(static_cast<int32_t>(known - load.missing_codes.begin()));
    }
    for (LoadedValue& row : load.parts[part]) {
      if (row.missing_code >= 0) row.missing_code = position[static_cast<size_t>(row.missing_code)];
    }
  }
  return load;
}

void Store::ForEachValue(const std::vector<std::string>& indicators, const std::string& as_stood_on,
                         const std::function<void(const CurrentValue&)>& visit) const {
  const ValueLoad load = LoadValues(indicators, as_stood_on);
  CurrentValue row;
  for (const BigVector<LoadedValue>& part : load.parts) {
    for (const LoadedValue& value : part) {
      row.id = value.id;
      row.entity_key = value.entity_key;
      row.indicator_key = value.indicator_key;
      row.period_key = value.period_key;
      row.entity = load.entities[static_cast<size_t>(value.entity_key)];
      row.indicator = load.indicators[static_cast<size_t>(value.indicator_key)];
      row.period = load.periods[static_cast<size_t>(value.period_key)];
      row.value = std::isnan(value.value) ? std::nullopt : std::optional<double>(value.value);
      row.missing_code = value.missing_code < 0 ? std::string_view() : load.missing_codes[static_cast<size_t>(value.missing_code)];
      visit(row);
    }
  }
}

}  // namespace vigie::store
