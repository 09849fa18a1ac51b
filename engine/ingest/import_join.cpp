// --join FILE: a second file whose rows complete the imported file's rows, and layouts whose period is
// the year of a date column.
//
// The HAS publishes its certification decisions in two files: the procedures with their decision and
// its date (has_certification_demarche.csv, one row per code_demarche) and the sites each procedure
// covers (has_certification_etab_geo.csv, one row per geographic FINESS). Neither alone says which
// establishment got which decision. The columns both headers have (matched loosely, as every header)
// are the key; the joined file has one row per key; each row of the imported file gets the joined
// row's other columns, as if the file had them. A diagnostic about a joined cell points into the
// joined file (its row and column); a stored value keeps the imported file's row and the column of its
// key, and the import records the joined file's name and SHA-256.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "engine/base/sha256.h"
#include "engine/ingest/internal/import_run.h"
#include "engine/ingest/layouts.h"

namespace vigie::ingest::internal {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

std::string KeyOf(const CsvRow& row, const std::vector<size_t>& columns) {
  std::string key;
  for (size_t column : columns) key += Trim(row.fields[column]) + '\x1f';
  return key;
}

std::string KeyText(const CsvRow& row, const std::vector<size_t>& columns) {
  std::string text;
  for (size_t column : columns) text += (text.empty() ? "" : ", ") + Trim(row.fields[column]);
  return text;
}

}  // namespace

bool Importer::JoinFile() {
  if (options_.join_file.empty()) return true;
  const std::string& path = options_.join_file;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    Report(DiagCode::kFileNotFound, Span{}, Tr("cannot find the file to join '{0}'", path),
           std::string(Tr("check the path given to --join")));
    return false;
  }
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << stream.rdbuf();
  const std::string bytes = buffer.str();
  join_sha256_ = Sha256Hex(bytes);

  // The joined file goes through the reader's checks as the imported one does: swap the tables (and
  // the name shown) for the time of those checks.
  CsvTable joined = ReadCsv(bytes, CsvOptions{});
  std::swap(table_, joined);
  const FileId main_file = file_;
  const std::string shown = options_.display_name;
  options_.display_name = path;
  const bool readable = RegisterSource() && ReportCsvProblems();
  options_.display_name = shown;
  join_file_ = readable ? file_ : kNoFile;
  file_ = main_file;
  std::swap(table_, joined);
  joined_ = std::move(joined);
  if (!readable) return false;

  std::vector<std::string> folded, joined_folded;
  for (const std::string& name : table_.header) folded.push_back(Fold(name));
  for (const std::string& name : joined_.header) joined_folded.push_back(Fold(name));
  std::vector<size_t> keys, joined_keys;
  for (size_t i = 0; i < folded.size(); ++i) {
    for (size_t j = 0; j < joined_folded.size(); ++j) {
      if (folded[i] != joined_folded[j]) continue;
      keys.push_back(i);
      joined_keys.push_back(j);
    }
  }
  if (keys.empty()) {
    Report(DiagCode::kJoinNoKey, At(table_.header_line, 1),
           Tr("'{0}' has no column in common with this file: nothing says which of its rows completes which row", path),
           std::string(Tr("--join takes a file whose header has the column that links the two (HAS certification: "
                          "code_demarche)")));
    Flush();
    return false;
  }

  // One joined row per key: a key on two rows would give a row two decisions.
  std::unordered_map<std::string, size_t> by_key;
  std::set<std::string> repeated;  // each repeated key told once, at its second row
  for (size_t r = 0; r < joined_.rows.size(); ++r) {
    const CsvRow& row = joined_.rows[r];
    if (row.fields.size() != joined_.header.size()) continue;  // reported by the reader
    auto [it, inserted] = by_key.emplace(KeyOf(row, joined_keys), r);
    if (inserted || !repeated.insert(it->first).second) continue;
    const CsvRow& first = joined_.rows[it->second];
    Diagnostic& d = Report(DiagCode::kJoinKeyRepeated,
                           AtIn(join_file_, row.line, row.columns[joined_keys[0]],
                                CountCodePoints(row.fields[joined_keys[0]])),
                           Tr("{0} {1} is on several rows of '{2}', which --join needs once", joined_.header[joined_keys[0]],
                              ShortenForMessage(KeyText(row, joined_keys)), path),
                           std::string(Tr("--join takes the file with one row per key (the decisions); import the one "
                                          "with several rows per key (the sites)")));
    d.notes.push_back(Note{AtIn(join_file_, first.line, 1), std::string(Tr("first row with this key"))});
  }
  if (!repeated.empty()) {
    Flush();
    return false;
  }

  // The joined file's other columns, appended to the header and to each row.
  joined_from_ = table_.header.size();
  for (size_t j = 0; j < joined_.header.size(); ++j) {
    if (std::find(joined_keys.begin(), joined_keys.end(), j) != joined_keys.end()) continue;
    joined_columns_.push_back(j);
    table_.header.push_back(joined_.header[j]);
  }
  joined_row_of_.assign(table_.rows.size(), kNone);
  for (size_t index = 0; index < table_.rows.size(); ++index) {
    CsvRow& row = table_.rows[index];
    if (row.fields.size() != joined_from_) continue;  // reported by the reader; stays rejected
    const size_t key_column = row.columns[keys[0]];
    auto it = by_key.find(KeyOf(row, keys));
    if (it == by_key.end()) {
      Report(DiagCode::kJoinKeyUnknown, FieldSpan(row, keys[0]),
             Tr("{0} {1} is on no row of '{2}'", table_.header[keys[0]], ShortenForMessage(KeyText(row, keys)), path),
             std::string(Tr("join two files of the same publication (same date), or correct the key")));
      unjoined_[index] = pending_.back().message;
    } else {
      joined_row_of_[index] = it->second;
    }
    for (size_t column : joined_columns_) {
      row.fields.push_back(it == by_key.end() ? std::string() : joined_.rows[it->second].fields[column]);
      row.columns.push_back(key_column);  // a value's provenance: this row, at its key
    }
  }
  summary_.joined = path;
  return true;
}

void Importer::RejectUnjoinedRows() {
  for (const auto& [index, reason] : unjoined_) {
    rejected_rows_[index] = true;
    reasons_[index] = reason;
  }
}

std::optional<Span> Importer::JoinedSpan(const CsvRow& row, size_t field) const {
  if (field < joined_from_ || join_file_ == kNoFile || table_.rows.empty()) return std::nullopt;
  const CsvRow* first = table_.rows.data();
  const CsvRow* end = first + table_.rows.size();
  if (std::less<const CsvRow*>()(&row, first) || !std::less<const CsvRow*>()(&row, end)) return std::nullopt;
  const size_t index = static_cast<size_t>(&row - first);
  if (index >= joined_row_of_.size() || joined_row_of_[index] == kNone) return std::nullopt;
  const CsvRow& source = joined_.rows[joined_row_of_[index]];
  const size_t column = joined_columns_[field - joined_from_];
  return AtIn(join_file_, source.line, source.columns[column],
              std::max<size_t>(CountCodePoints(source.fields[column]), 1));
}

std::optional<size_t> Importer::LayoutDateColumn() const {
  const Layout* layout = options_.layout.empty() ? nullptr : FindLayout(options_.layout);
  if (layout == nullptr || layout->period_date_column.empty()) return std::nullopt;
  const auto it = std::find(folded_.begin(), folded_.end(), layout->period_date_column);
  if (it == folded_.end()) return std::nullopt;
  return static_cast<size_t>(it - folded_.begin());
}

bool Importer::RowPeriodFromDate(const CsvRow& row, size_t index, size_t date_column,
                                 const std::vector<std::pair<size_t, const model::Indicator*>>& mapped,
                                 std::optional<Period>& period) {
  const std::string cell = Trim(row.fields[date_column]);
  if (cell.empty()) {
    const bool has_value =
        std::any_of(mapped.begin(), mapped.end(), [&](const auto& m) { return !Trim(row.fields[m.first]).empty(); });
    if (!has_value) {  // a procedure under way: no decision yet, nothing to store
      if (undated_rows_++ == 0) first_undated_line_ = row.line;
      return false;
    }
    Report(DiagCode::kMissingPeriod, FieldSpan(row, date_column),
           Tr("this row has a value but no date in '{0}': its year is unknown", table_.header[date_column]),
           std::string(Tr("correct the file: the date of a decision gives the year of its value")));
    RejectRow(index);
    return false;
  }
  const DateCell date = ParseDateCell(cell);
  if (!date.ok) {
    Report(DiagCode::kValueDoesNotParse, FieldSpan(row, date_column),
           date.error.empty() ? Tr("'{0}' is not a date", ShortenForMessage(cell)) : date.error,
           std::string(Tr("write a date as 30/06/2022 or 2022-06-30")));
    RejectRow(index);
    return false;
  }
  period = Period{{calendar::PeriodKind::kYear, date.year, 0}};
  return true;
}

void Importer::ReportUndatedRows(size_t date_column) {
  if (undated_rows_ == 0) return;
  const std::string column = table_.header[date_column];
  Report(DiagCode::kUndatedRowsSkipped, At(first_undated_line_, 1),
         undated_rows_ == 1
             ? Tr("1 row has no date in '{0}' and no value: not stored (a procedure under way)", column)
             : Tr("{0} rows have no date in '{1}' and no value: not stored (procedures under way)", undated_rows_, column),
         std::string(Tr("import the file again once their decisions are published; --allow undated-rows-skipped "
                        "silences this")));
}

}  // namespace vigie::ingest::internal
