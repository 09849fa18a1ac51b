#include "engine/ingest/importer.h"

#include "engine/base/party_id.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "engine/base/clock.h"
#include "engine/base/finess.h"
#include "engine/base/locale_text.h"
#include "engine/base/party_id.h"
#include "engine/base/quote.h"
#include "engine/base/sha256.h"
#include "engine/base/spreadsheet.h"
#include "engine/base/suggest.h"
#include "engine/ingest/csv_reader.h"
#include "engine/ingest/internal/import_run.h"
#include "engine/ingest/interval_cell.h"
#include "engine/ingest/literals.h"
#include "engine/ingest/value_limits.h"

namespace vigie::ingest {
namespace internal {

namespace fs = std::filesystem;

// Header names are matched loosely: case, accents, spaces and hyphens do not matter.
std::string Fold(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {  // Latin-1 supplement letters in UTF-8
      unsigned char next = static_cast<unsigned char>(text[++i]);
      if (next >= 0xA0 && next <= 0xA5) out += 'a';
      else if (next == 0xA7) out += 'c';
      else if (next >= 0xA8 && next <= 0xAB) out += 'e';
      else if (next >= 0xAC && next <= 0xAF) out += 'i';
      else if (next >= 0xB2 && next <= 0xB6) out += 'o';
      else if (next >= 0xB9 && next <= 0xBC) out += 'u';
      else if (next >= 0x80 && next <= 0x85) out += 'a';
      else if (next == 0x87) out += 'c';
      else if (next >= 0x88 && next <= 0x8B) out += 'e';
      else if (next >= 0x8C && next <= 0x8F) out += 'i';
      else if (next >= 0x92 && next <= 0x96) out += 'o';
      else if (next >= 0x99 && next <= 0x9C) out += 'u';
      continue;
    }
    if (c == ' ' || c == '-' || c == '.') out += '_';
    else out += static_cast<char>(std::tolower(c));
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  while (!out.empty() && out.front() == '_') out.erase(out.begin());
  return out;
}


std::optional<size_t> FindColumn(const std::vector<std::string>& folded, const std::vector<std::string_view>& names) {
  for (std::string_view name : names) {
    auto it = std::find(folded.begin(), folded.end(), name);
    if (it != folded.end()) return static_cast<size_t>(it - folded.begin());
  }
  return std::nullopt;
}


std::string Trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::string_view out = text.substr(begin, end - begin);
  // Spreadsheet protections that keep a FINESS or a period as text: ="080000615" and '080000615
  // (vigie template writes the first, so that Excel keeps the leading zeros).
  if (out.size() >= 3 && out.substr(0, 2) == "=\"" && out.back() == '"') out = out.substr(2, out.size() - 3);
  else if (!out.empty() && out[0] == '\'') out = out.substr(1);
  return std::string(out);
}

// Every path out of the import hands its diagnostics to the sink, early failures included.
bool Importer::Run() {
  const bool ok = RunSteps();
  Flush();
  return ok;
}

bool Importer::RunSteps() {
  std::string bytes;
  if (!ReadBytes(bytes)) return false;
  sha256_ = Sha256Hex(bytes);
  if (IsWorkbook(bytes)) {
    if (!ReadWorkbook(bytes)) return false;  // import_workbook.cpp: the sheet as the table
  } else {
    CsvOptions csv_options;
    table_ = ReadCsv(bytes, csv_options);
    summary_.encoding = std::string(EncodingName(table_.encoding));
    summary_.separator = table_.separator;
    if (!RegisterSource()) return false;
  }
  if (!ReportCsvProblems()) return false;
  if (!JoinFile()) return false;  // import_join.cpp: --join's columns appended to each row

  folded_.clear();
  for (const std::string& name : table_.header) folded_.push_back(Fold(name));
  if (!ApplyLayout()) return false;
  mark_ = options_.decimal == "dot"     ? DecimalMark::kDot
          : options_.decimal == "comma" ? DecimalMark::kComma
          : options_.decimal == "auto"  ? DecimalMark::kAuto
          : table_.separator == ';'     ? DecimalMark::kComma
          : !summary_.sheet.empty()     ? DecimalMark::kDot  // Excel writes its numbers with a point
                                        : DecimalMark::kAuto;
  if (!BuildIndicatorMap()) return false;
  if (options_.period && !ParseOptionPeriod()) return false;
  format_ = options_.format != ImportFormat::kAuto ? options_.format
            : options_.pivot_column.empty()        ? DetectFormat()
                                                   : ImportFormat::kWide;  // a long table pivoted into columns
  summary_.format = format_;
  known_entities_ = store_.EntityIds();
  for (std::string_view kind : OtherPartyKinds()) {
    if (!IsTerritoryKind(kind)) continue;
    for (const std::string& id : store_.EntityIds(std::string(kind))) known_territories_.insert(id);
  }
  rejected_rows_.assign(table_.rows.size(), false);
  for (size_t i = 0; i < table_.rows.size(); ++i) {
    if (table_.rows[i].fields.size() == table_.header.size()) continue;
    rejected_rows_[i] = true;  // reported by the reader
    for (const CsvProblem& problem : table_.problems) {
      if (problem.line == table_.rows[i].line) reasons_[i] = problem.message;
    }
  }
  RejectUnjoinedRows();

  bool ok = false;
  switch (format_) {
    case ImportFormat::kEntities: ok = BuildEntities(); break;
    case ImportFormat::kGroups: ok = BuildGroups(); break;
    case ImportFormat::kEvidence: ok = BuildEvidence(); break;
    case ImportFormat::kLong: ok = BuildLongValues(); break;
    case ImportFormat::kWide:
    case ImportFormat::kAuto: ok = options_.pivot_column.empty() ? BuildWideValues() : BuildPivotValues(); break;
  }
  if (!ok) return false;
  if (options_.combine_sites && !CombineSites()) return false;
  return Store();
}

// ── input
bool Importer::ReadBytes(std::string& bytes) {
  if (options_.content != nullptr) {
    if (RefusedForSize(options_.content->size())) return false;
    bytes = *options_.content;
    return true;
  }
  std::error_code error;
  const std::string shown = Shown();
  if (!fs::exists(path_, error)) {
    Report(DiagCode::kFileNotFound, Span{}, Tr("cannot find data file '{0}'", shown), std::string(Tr("check the path")));
    return false;
  }
  if (fs::is_directory(path_, error)) {
    Report(DiagCode::kFileUnreadable, Span{}, Tr("'{0}' is a directory, not a data file", shown),
           std::string(Tr("import the files one by one")));
    return false;
  }
  if (const uintmax_t size = fs::file_size(path_, error); !error && RefusedForSize(size)) return false;
  std::ifstream stream(path_, std::ios::binary);
  if (!stream) {
    Report(DiagCode::kFileUnreadable, Span{}, Tr("cannot read data file '{0}'", shown),
           std::string(Tr("check its permissions")));
    return false;
  }
  std::ostringstream buffer;
  buffer << stream.rdbuf();
  bytes = buffer.str();
  return !RefusedForSize(bytes.size());  // a pipe has no size until it is read
}

// A file's places (offsets, lines) are 32-bit numbers in its spans and in the reports' inputs: a
// file past 2 GiB is refused before it is read rather than located wrongly (or, past 4 GiB, never).
bool Importer::RefusedForSize(uintmax_t size) {
  if (size <= kMaxDataFileBytes) return false;
  Report(DiagCode::kFileTooLarge, Span{},
         Tr("data file '{0}' is {1} bytes; vigie imports files of at most {2} bytes (2 GiB)", Shown(),
            std::to_string(size), std::to_string(kMaxDataFileBytes)),
         std::string(Tr("split the file (by year or by indicator) and import each part")));
  return true;
}

bool Importer::RegisterSource() {
  for (const CsvProblem& problem : table_.problems) {
    if (problem.kind == CsvProblem::Kind::kBinary || problem.kind == CsvProblem::Kind::kInvalidEncoding ||
        problem.kind == CsvProblem::Kind::kEmptyFile) {
      Report(DiagCode::kDataFileUnreadable, Span{}, Tr("data file '{0}': {1}", Shown(), problem.message),
             std::string(problem.kind == CsvProblem::Kind::kEmptyFile
                             ? Tr("the file has no header and no rows")
                             : Tr("save the file as CSV text (UTF-8 or Windows-1252)")));
      return false;
    }
  }
  file_ = sources_.Add(Shown(), table_.text);
  return true;
}

Span Importer::At(size_t line, size_t column, size_t width) const { return AtIn(file_, line, column, width); }

Span Importer::AtIn(FileId file, size_t line, size_t column, size_t width) const {
  if (file == kNoFile || line == 0) return Span{};
  const SourceFile& source = sources_.Get(file);
  uint32_t begin = source.LineStart(static_cast<uint32_t>(line));
  std::string_view text = source.LineText(static_cast<uint32_t>(line));
  size_t offset = 0;
  for (size_t skipped = 1; skipped < column && offset < text.size();) {
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) ++offset;
    ++skipped;
  }
  size_t end = offset;
  for (size_t taken = 0; taken < std::max<size_t>(width, 1) && end < text.size(); ++taken) {
    ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  return Span{file, begin + static_cast<uint32_t>(offset), begin + static_cast<uint32_t>(end)};
}

// The span of one field of one row (its characters, or one caret for an empty field).
Span Importer::FieldSpan(const CsvRow& row, size_t field, size_t offset_in_field) const {
  if (field >= joined_from_) {
    if (std::optional<Span> joined = JoinedSpan(row, field)) return *joined;  // a cell of the --join file
  }
  const size_t column = field < row.columns.size() ? row.columns[field] : 1;
  const std::string& text = field < row.fields.size() ? row.fields[field] : std::string();
  const size_t width = CountCodePoints(text);
  if (offset_in_field > 0) {
    const size_t chars_before = CountCodePoints(std::string_view(text).substr(0, std::min(offset_in_field, text.size())));
    return At(row.line, column + chars_before, 1);
  }
  return At(row.line, column, std::max<size_t>(width, 1));
}

Diagnostic& Importer::Report(DiagCode code, Span span, std::string_view message, std::string_view help) {
  // A cell of a --join file completes several rows (the sites of one procedure): its problem is told once.
  if (join_file_ != kNoFile && span.file == join_file_) {
    for (Diagnostic& earlier : pending_) {
      if (earlier.code == code && earlier.span.file == span.file && earlier.span.begin == span.begin &&
          earlier.message == message) {
        return earlier;
      }
    }
  }
  pending_.push_back(MakeDiagnostic(code, span, std::string(message)));
  pending_.back().help = std::string(help);
  return pending_.back();
}

void Importer::RejectRow(size_t index) {
  if (!rejected_rows_[index]) reasons_[index] = pending_.empty() ? "" : pending_.back().message;
  rejected_rows_[index] = true;
}

bool Importer::ReportCsvProblems() {
  bool fatal = false;
  for (const CsvProblem& problem : table_.problems) {
    Span span = At(problem.line, problem.column == 0 ? 1 : problem.column);
    switch (problem.kind) {
      case CsvProblem::Kind::kNoHeader:
      case CsvProblem::Kind::kDuplicateHeader:
        Report(DiagCode::kCsvStructure, span, problem.message, std::string(Tr("each column of the header needs its own name")));
        fatal = true;
        break;
      case CsvProblem::Kind::kUnclosedQuote:
        Report(DiagCode::kCsvStructure, span, problem.message,
               std::string(Tr("a field that starts with \" must end with \"; a quote inside it is written \"\"")));
        fatal = true;
        break;
      case CsvProblem::Kind::kTruncated:
      case CsvProblem::Kind::kFieldCount:
        Report(DiagCode::kCsvStructure, span, problem.message,
               !summary_.sheet.empty()   ? std::string(Tr("give the column a name in the header, or empty the cell"))
               : table_.separator == '\t' ? std::string(Tr("check the separators of this line (the file uses tabs)"))
                                        : Tr("check the separators of this line (the file uses '{0}')", table_.separator));
        break;
      default:
        Report(DiagCode::kCsvStructure, span, problem.message,
               problem.kind == CsvProblem::Kind::kSingleColumn
                   ? std::string(Tr("vigie reads files separated by ';', ',' or tabs: check the separator, or re-save the file as CSV"))
                   : "");
        fatal = true;
        break;
    }
  }
  if (table_.header.size() < 2 && !fatal && !summary_.sheet.empty()) {
    Report(DiagCode::kCsvStructure, At(table_.header_line, 1), Tr("sheet '{0}' has a single column", summary_.sheet),
           std::string(Tr("choose the sheet that holds the table with --sheet NAME")));
    fatal = true;
  } else if (table_.header.size() < 2 && !fatal) {
    Report(DiagCode::kCsvStructure, At(table_.header_line, 1), std::string(Tr("the file has a single column")),
           std::string(Tr("vigie reads files separated by ';', ',' or tabs: check the separator")));
    fatal = true;
  }
  if (fatal) Flush();
  return !fatal;
}

// ── catalog mapping
bool Importer::BuildIndicatorMap() {
  const std::string prefix = options_.dataset.empty() ? "" : options_.dataset + " ";
  for (const auto& [name, indicator] : catalog_.indicators) {
    codes_[name] = &indicator;
    if (!prefix.empty() && indicator.source.rfind(prefix, 0) == 0) codes_[indicator.source.substr(prefix.size())] = &indicator;
  }
  if (options_.mapping_file.empty()) return true;
  std::ifstream stream(options_.mapping_file, std::ios::binary);
  if (!stream) {
    Report(DiagCode::kFileNotFound, Span{}, Tr("cannot read mapping file '{0}'", options_.mapping_file),
           std::string(Tr("a mapping file is a CSV with the columns column;indicator")));
    Flush();
    return false;
  }
  std::ostringstream buffer;
  buffer << stream.rdbuf();
  CsvTable mapping = ReadCsv(buffer.str());
  FileId mapping_file = sources_.Add(options_.mapping_file, mapping.text);
  std::vector<std::string> folded;
  for (const std::string& name : mapping.header) folded.push_back(Fold(name));
  auto column = FindColumn(folded, {"column", "colonne"});
  auto indicator = FindColumn(folded, {"indicator", "indicateur"});
  if (!column || !indicator) {
    Report(DiagCode::kMissingColumn, Span{mapping_file, 0, 0},
           Tr("mapping file '{0}' needs the columns 'column' and 'indicator'", options_.mapping_file),
           Tr("for example:\ncolumn;indicator\nTaux ambu;P12"));
    Flush();
    return false;
  }
  for (const CsvRow& row : mapping.rows) {
    if (row.fields.size() <= std::max(*column, *indicator)) continue;
    const std::string name = Trim(row.fields[*indicator]);
    auto it = catalog_.indicators.find(name);
    if (it == catalog_.indicators.end()) {
      const SourceFile& source = sources_.Get(mapping_file);
      const std::string_view line = source.LineText(static_cast<uint32_t>(row.line));
      uint32_t begin = source.LineStart(static_cast<uint32_t>(row.line));
      // Byte offset of the indicator field: its column counts characters.
      size_t offset = 0;
      for (size_t chars = 1; chars < row.columns[*indicator] && offset < line.size(); ++chars) {
        ++offset;
        while (offset < line.size() && (static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80) ++offset;
      }
      begin += static_cast<uint32_t>(offset);
      Report(DiagCode::kUnknownIndicatorInData,
             Span{mapping_file, begin, begin + static_cast<uint32_t>(row.fields[*indicator].size())},
             Tr("mapping file names indicator '{0}', which the catalog does not declare", ShortenForMessage(name)), Suggest(name));
      continue;
    }
    codes_[Trim(row.fields[*column])] = &it->second;
  }
  if (HasErrors()) {
    Flush();
    return false;
  }
  return true;
}

std::string Importer::Suggest(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& [code, indicator] : codes_) names.push_back(code);
  std::optional<std::string> best = SuggestName(name, names);
  return best ? Tr("did you mean '{0}'?", *best) : "";
}

const model::Indicator* Importer::IndicatorFor(const std::string& code) const {
  auto it = codes_.find(code);
  return it == codes_.end() ? nullptr : it->second;
}

bool Importer::ParseOptionPeriod() {
  PeriodCell cell = ParsePeriodCell(*options_.period);
  option_period_ = ToPeriod(cell);
  if (!option_period_) {
    Report(DiagCode::kValueDoesNotParse, Span{},
           "--period: " + (cell.error.empty() ? Tr("'{0}' is not a period", *options_.period) : cell.error),
           Tr("write a year (2019), a quarter (2019-Q2 or 2019-T2) or a month (2019-03)"));
    Flush();
    return false;
  }
  return true;
}

ImportFormat Importer::DetectFormat() const {
  if (FindColumn(folded_, kIndicatorColumns) && FindColumn(folded_, kValueColumns)) return ImportFormat::kLong;
  if (FindColumn(folded_, kGroupColumns) && FindColumn(folded_, kMemberColumns)) return ImportFormat::kGroups;
  if (FindColumn(folded_, {"milestone", "jalon"}) && FindColumn(folded_, {"document", "fichier"})) return ImportFormat::kEvidence;
  for (const std::string& name : table_.header) {
    if (IndicatorFor(Trim(name)) != nullptr) return ImportFormat::kWide;
  }
  return ImportFormat::kEntities;
}

bool Importer::HasErrors() const {
  return std::any_of(pending_.begin(), pending_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

void Importer::Flush() {
  for (Diagnostic& diagnostic : pending_) sink_.Report(std::move(diagnostic));
  pending_.clear();
}

std::optional<size_t> Importer::RequireColumn(const std::vector<std::string_view>& names, const std::string& what) {
  std::optional<size_t> column = FindColumn(folded_, names);
  if (column) return column;
  std::string accepted;
  for (size_t i = 0; i < names.size() && i < 4; ++i) accepted += (i ? ", " : "") + std::string(names[i]);
  std::string found;
  for (size_t i = 0; i < table_.header.size(); ++i) found += (i ? ", " : "") + table_.header[i];
  Report(DiagCode::kMissingColumn, At(table_.header_line, 1, CountCodePoints(sources_.Get(file_).LineText(static_cast<uint32_t>(table_.header_line)))),
         Tr("the header has no {0} column (found: {1})", Tr(what), found), Tr("name it one of: {0}", accepted));
  return std::nullopt;
}

// ── entity checks shared by every format
bool Importer::CheckFinessField(const CsvRow& row, size_t index, size_t field, const std::string& id) {
  FinessCheck check = CheckFiness(id);
  if (check.problem == FinessProblem::kNone) return true;
  if (check.problem == FinessProblem::kCheckDigit && options_.finess_key_warning) {
    Report(DiagCode::kFinessKeyWarning, FieldSpan(row, field), Tr("'{0}' has a wrong check digit; accepted", ShortenForMessage(id)),
           DescribeFinessProblem(id, check) + " (--finess-key=warn)");
    return true;
  }
  Report(DiagCode::kBadFinessInData, FieldSpan(row, field), Tr("'{0}' is not a valid FINESS number", ShortenForMessage(id)),
         check.problem == FinessProblem::kCheckDigit
             ? Tr("{0}; if this file carries site numbers without a key, import it with --finess-key=warn",
                  DescribeFinessProblem(id, check))
             : DescribeFinessProblem(id, check));
  RejectRow(index);
  return false;
}

bool Importer::RequirePeriod(std::optional<size_t> period_column) {
  if (period_column || option_period_) return true;
  Report(DiagCode::kMissingPeriod, At(table_.header_line, 1), Tr("the values of this file have no period"),
         Tr("give it with --period 2019, or add a period column"));
  Flush();
  return false;
}

bool Importer::RowPeriod(const CsvRow& row, size_t index, std::optional<size_t> period_column,
                         std::optional<Period>& period) {
  if (!period_column) return true;
  PeriodCell cell = ParsePeriodCell(Trim(row.fields[*period_column]));
  period = ToPeriod(cell);
  if (period) return true;
  Report(DiagCode::kValueDoesNotParse, FieldSpan(row, *period_column),
         cell.error.empty() ? Tr("'{0}' is not a period", ShortenForMessage(row.fields[*period_column])) : cell.error,
         Tr("write a year (2019), a quarter (2019-Q2 or 2019-T2) or a month (2019-03)"));
  RejectRow(index);
  return false;
}

bool Importer::CheckKnownEntity(const CsvRow& row, size_t index, size_t field, const std::string& id) {
  if (IsTerritoryId(id)) return RefuseTerritory(row, index, field, id);
  if (known_entities_.count(id) || batch_entities_.count(id)) return true;
  if (options_.register_unknown_entities) {
    const bool establishment = !id.empty() && std::isdigit(static_cast<unsigned char>(id[0]));
    if (establishment && !CheckFinessField(row, index, field, id)) return false;
    if (!establishment && !CheckGroupId(row, index, field, id)) return false;
    batch_.entities.push_back(store::EntityRow{id, establishment ? "establishment" : "group", "", ""});
    batch_entities_.insert(id);
    return true;
  }
  std::vector<std::string> candidates(known_entities_.begin(), known_entities_.end());
  std::optional<std::string> near = id.size() == 9 ? SuggestName(id, candidates) : std::nullopt;
  Report(DiagCode::kUnknownEntity, FieldSpan(row, field), Tr("the store knows no establishment or group '{0}'", ShortenForMessage(id)),
         near ? Tr("did you mean '{0}'? Otherwise import the establishments first (vigie import --format entities ...)", *near)
              : std::string(Tr("import the establishments first (vigie import --format entities ...), or check the number")));
  RejectRow(index);
  return false;
}

// One value cell: parses it, checks it against the indicator, and queues it.
void Importer::AddValue(const CsvRow& row, size_t index, size_t field, const std::string& entity,
              const model::Indicator& indicator, const Period& period, std::optional<size_t> period_field) {
  ++summary_.values_read;
  if (period.kind != indicator.period_kind) {
    const std::string written = period_field ? Trim(row.fields[*period_field]) : *options_.period;
    Report(DiagCode::kDataPeriodKind, period_field ? FieldSpan(row, *period_field) : FieldSpan(row, field),
           Tr("'{0}' is {1}, but indicator '{2}' is measured per {3}", ShortenForMessage(written), PeriodKindNoun(period.kind),
              indicator.name, PeriodKindWord(indicator.period_kind)),
           Tr("give a period of the indicator's kind"));
    RejectRow(index);
    return;
  }
  // A categorical indicator's word, or a missing-value code the catalog declares (import_categories.cpp).
  if (indicator.Categorical() || !indicator.codes.empty()) {
    // a sheet's column is the spreadsheet's (J = 10), as for a number below
    store::ValueRow coded{entity, indicator.name, PeriodText(period), std::nullopt, "", std::string(model::Name(indicator.unit)),
                          "", static_cast<int64_t>(row.line),
                          static_cast<int64_t>(summary_.sheet.empty() ? row.columns[field] : field + 1)};
    const CodedCell read = ReadCodedCell(row, index, field, indicator, coded);
    if (read == CodedCell::kRejected) return;
    if (read == CodedCell::kRead) {
      QueueValue(row, index, field, entity, indicator, period, std::move(coded));
      return;
    }
  }
  const std::string& cell = row.fields[field];
  // A number never holds ':': a "label : number" cell is read as one first, without the failed
  // number's message (Hospi Diag has 18,000 of them in three years).
  NumberCell number;
  const bool labelled_first = cell.find(':') != std::string::npos;
  if (!labelled_first) number = ParseNumberCell(cell, mark_);
  std::string note;
  if (labelled_first || number.kind == NumberCell::Kind::kInvalid) {
    LabelledNumberCell labelled = ParseLabelledNumberCell(cell, mark_);
    // "Cataracte : 810": the number, with its label kept as a note. "Cataracte" alone is a missing
    // value only if the column also has "Cataracte : <number>" cells; otherwise it is just text.
    const bool known_label = labelled.number.kind == NumberCell::Kind::kValue ||
                             LabelsOf(field, indicator.name).count(labelled.label) > 0;
    if (labelled.ok && labelled.number.kind != NumberCell::Kind::kInvalid && known_label) {
      number = labelled.number;
      note = labelled.label;
    } else if (labelled_first) {
      number = ParseNumberCell(cell, mark_);  // invalid: its message says where reading stopped
    }
  }
  if (number.kind == NumberCell::Kind::kInvalid) {
    // "63 - [58 - 68]", "15% ± 8%": a value and its confidence interval (Hospi Diag's quality axis).
    if (IntervalCell interval = ParseIntervalCell(cell, mark_); interval.ok) {
      number = interval.value;
      note = interval.note;
    }
  }
  if (number.kind == NumberCell::Kind::kInvalid) {
    Report(DiagCode::kValueDoesNotParse, FieldSpan(row, field, number.error_offset), number.error,
           LooksLikeIntervalCell(cell) ? IntervalHelp() : NumberHelp(cell));
    RejectRow(index);
    return;
  }
  // "38.250" in a ';' file reads 38250, but is 38.25 written with a point: refused, unless the
  // indicator counts whole things (stays, beds, places), where 3 decimals cannot be meant.
  const bool whole = indicator.unit == model::Unit::kCount || indicator.unit == model::Unit::kBeds ||
                     indicator.unit == model::Unit::kPlaces;
  if (number.kind == NumberCell::Kind::kValue && ((number.group_ambiguous && !whole) || number.mark_ambiguous)) {
    ReportAmbiguousNumber(row, field);
    RejectRow(index);
    return;
  }
  store::ValueRow value{entity, indicator.name, PeriodText(period), std::nullopt, "", std::string(model::Name(indicator.unit)),
                        note, static_cast<int64_t>(row.line),
                        // a sheet's column is the spreadsheet's (E = 5), a CSV file's the character's
                        static_cast<int64_t>(summary_.sheet.empty() ? row.columns[field] : field + 1)};
  if (number.kind == NumberCell::Kind::kMissing) {
    value.missing_code = number.missing_code;
  } else {
    if (number.percent_sign && indicator.unit != model::Unit::kPercent) {
      Report(DiagCode::kValueUnitMismatch, FieldSpan(row, field),
             Tr("'{0}' is a percentage, but indicator '{1}' is in {2}", ShortenForMessage(Trim(cell)), indicator.name,
                UnitWord(model::Name(indicator.unit))),
             Tr("check the column: a {0} is written without %", UnitWord(model::Name(indicator.unit))));
      RejectRow(index);
      return;
    }
    if (!CheckValueMagnitude(row, index, field, indicator, number.value)) return;
    const bool counts = indicator.unit == model::Unit::kCount || indicator.unit == model::Unit::kBeds ||
                        indicator.unit == model::Unit::kPlaces;
    if (counts && number.value < 0) {
      Report(DiagCode::kValueOutOfRange, FieldSpan(row, field),
             indicator.unit == model::Unit::kCount
                 ? Tr("'{0}' is negative, but indicator '{1}' is a count", ShortenForMessage(Trim(cell)), indicator.name)
                 : Tr("'{0}' is negative, but indicator '{1}' is a number of {2}", ShortenForMessage(Trim(cell)), indicator.name,
                      UnitWord(model::Name(indicator.unit))),
             Tr("a count cannot be below zero"));
      RejectRow(index);
      return;
    }
    if (indicator.range && (number.value < indicator.range->first || number.value > indicator.range->second)) {
      std::ostringstream bounds;
      bounds << indicator.range->first << ".." << indicator.range->second;
      Report(DiagCode::kValueOutOfRange, FieldSpan(row, field),
             Tr("'{0}' is outside the range {1} of indicator '{2}'", ShortenForMessage(Trim(cell)), bounds.str(), indicator.name),
             Tr("the catalog declares this range; check the value or the catalog"));
      RejectRow(index);
      return;
    }
    value.value = number.value;
  }
  QueueValue(row, index, field, entity, indicator, period, std::move(value));
}

const std::string& Importer::PeriodText(const Period& period) {
  if (period_of_text_ != period) {
    period_text_ = period.Text();
    period_of_text_ = period;
  }
  return period_text_;
}

void Importer::QueueValue(const CsvRow& row, size_t index, size_t field, const std::string& entity,
                          const model::Indicator& indicator, const Period& period, store::ValueRow value) {
  if (options_.combine_sites) {  // the rows of one establishment are combined later (CombineSites)
    value_rows_.push_back(index);
    batch_.values.push_back(std::move(value));
    return;
  }
  if (const SeenValues::First* first = first_seen_.FindOrAdd(entity, &indicator, period, row.line, batch_.values.size())) {
    const store::ValueRow& earlier = batch_.values[first->index];
    const bool same = earlier.value == value.value && earlier.missing_code == value.missing_code;
    Diagnostic& d = Report(same ? DiagCode::kIdenticalDuplicate : DiagCode::kConflictingDuplicate, FieldSpan(row, field),
                           same ? Tr("the value of {0} {1} for {2} is given twice", indicator.name, value.period, entity)
                                : Tr("{0} {1} for {2} is given twice with different values", indicator.name, value.period,
                                     entity),
                           same ? Tr("remove one of the two lines") : Tr("keep the right value and remove the other line"));
    d.notes.push_back(Note{At(first->line, 1), std::string(Tr("first given on this line"))});
    if (!same) RejectRow(index);
    return;
  }
  value_rows_.push_back(index);
  batch_.values.push_back(std::move(value));
}

std::string Importer::NumberHelp(std::string_view cell) const {
  if (mark_ != DecimalMark::kAuto) {
    const DecimalMark other = mark_ == DecimalMark::kComma ? DecimalMark::kDot : DecimalMark::kComma;
    const NumberCell reread = ParseNumberCell(cell, other);
    if (reread.kind == NumberCell::Kind::kValue) {
      std::string fixed = Trim(cell);
      for (char& c : fixed) c = c == '.' ? ',' : c == ',' ? '.' : c;
      return mark_ == DecimalMark::kComma
                 ? Tr("the decimal mark of this file is a comma: write {0} (a file written with points is imported "
                      "with --decimal=dot)",
                      fixed)
                 : Tr("the decimal mark of this file is a point: write {0} (a file written with commas is imported "
                      "with --decimal=comma)",
                      fixed);
    }
  }
  return std::string(mark_ == DecimalMark::kComma ? Tr("numbers are written like 12,5 in this file, missing values as empty, .c or NA")
                     : mark_ == DecimalMark::kDot ? Tr("numbers are written like 12.5 in this file, missing values as empty or NA")
                                                  : Tr("numbers are written like 12.5 or 12,5, missing values as empty or NA"));
}

void Importer::ReportAmbiguousNumber(const CsvRow& row, size_t field) {
  const std::string text = Trim(row.fields[field]);
  const size_t at = text.find_first_of(".,");
  const char separator = at == std::string::npos ? '.' : text[at];
  std::string thousands = text, decimal = text;
  if (at != std::string::npos) {
    thousands.erase(at, 1);
    if (mark_ == DecimalMark::kComma) decimal[at] = ',';
    if (mark_ == DecimalMark::kDot) decimal[at] = '.';
  }
  Report(DiagCode::kAmbiguousNumber, FieldSpan(row, field),
         Tr("'{0}' is ambiguous: a '{1}' followed by 3 digits may separate thousands ({2}) or be a decimal mark ({3})",
            ShortenForMessage(text), separator, ShortenForMessage(thousands), ShortenForMessage(decimal)),
         mark_ == DecimalMark::kAuto
             ? Tr("write {0} for thousands; for a decimal, give the file's decimal mark with --decimal=dot or "
                  "--decimal=comma",
                  ShortenForMessage(thousands))
             : Tr("write {0} for thousands or {1} for a decimal: vigie does not guess", ShortenForMessage(thousands), ShortenForMessage(decimal)));
}

bool Importer::CheckValueMagnitude(const CsvRow& row, size_t index, size_t field, const model::Indicator& indicator,
                                   double value) {
  const MagnitudeProblem problem = CheckMagnitude(value, indicator.unit);
  if (problem == MagnitudeProblem::kNone) return true;
  const std::string shown = ShortenForMessage(Trim(row.fields[field]));
  if (problem == MagnitudeProblem::kTooSmall) {
    Report(DiagCode::kImplausibleValue, FieldSpan(row, field),
           Tr("'{0}' is too close to zero for indicator '{1}': vigie keeps 9 decimals, so a value other than 0 is "
              "at least 0.000000001 in magnitude",
              shown, indicator.name),
           Tr("write 0 for zero, or check the exponent and the decimal mark"));
  } else {
    Report(DiagCode::kImplausibleValue, FieldSpan(row, field),
           Tr("'{0}' is too large for indicator '{1}' ({2}): at most {3} in magnitude", shown, indicator.name,
              UnitWord(model::Name(indicator.unit)), CapFor(indicator.unit).text),
           Tr("check the exponent and the decimal mark; the limits of every unit are in docs/import.md"));
  }
  RejectRow(index);
  return false;
}

// The labels that column `field` uses in "label : number" cells for `indicator`, found once.
const std::set<std::string>& Importer::LabelsOf(size_t field, const std::string& indicator) {
  const std::string key = std::to_string(field) + '\x1f' + indicator;
  auto it = labels_.find(key);
  if (it != labels_.end()) return it->second;
  std::set<std::string>& labels = labels_[key];
  for (const CsvRow& row : table_.rows) {
    if (field >= row.fields.size()) continue;
    LabelledNumberCell labelled = ParseLabelledNumberCell(row.fields[field], mark_);
    if (labelled.ok && labelled.number.kind == NumberCell::Kind::kValue) labels.insert(labelled.label);
  }
  return labels;
}

// ── writing
bool Importer::Store() {
  int64_t rejected = 0;
  for (bool rejected_row : rejected_rows_) rejected += rejected_row ? 1 : 0;
  summary_.rows_read = static_cast<int64_t>(table_.rows.size());
  summary_.rows_rejected = rejected;
  const bool errors = HasErrors();
  Flush();
  if (errors && !options_.keep_valid) {
    summary_.rejected_whole = true;
    return false;
  }
  if (options_.keep_valid && rejected > 0) {
    DropRejectedRows();
    if (!WriteRejects()) return false;
  }
  batch_.record.kind = format_ == ImportFormat::kEntities   ? "entities"
                       : format_ == ImportFormat::kGroups   ? "groups"
                       : format_ == ImportFormat::kEvidence ? "evidence"
                                                            : "values";
  batch_.record.file_name = Shown();
  batch_.record.sha256 = sha256_;
  batch_.record.imported_at = NowUtc();
  batch_.record.imported_by = options_.imported_by.empty() ? store::CurrentUser() : options_.imported_by;
  batch_.record.options = OptionsText();
  batch_.record.rows_read = summary_.rows_read;
  batch_.record.rows_rejected = rejected;
  summary_.earlier_import = store_.ImportOfSameFile(sha256_, batch_.record.kind);
  store::StoreError error;
  if (!store_.Apply(batch_, summary_.applied, error)) {
    const DiagCode code = error.kind == store::StoreError::Kind::kLocked     ? DiagCode::kStoreLocked
                          : error.kind == store::StoreError::Kind::kReadOnly ? DiagCode::kStoreReadOnly
                                                                             : DiagCode::kStoreWriteFailed;
    Diagnostic diagnostic = MakeDiagnostic(code, Span{}, Tr("{0}; nothing was written", error.message));
    diagnostic.help = error.help;
    sink_.Report(std::move(diagnostic));
    return false;
  }
  summary_.written = summary_.applied.import_id != 0;
  return true;
}

void Importer::DropRejectedRows() {
  // Values of a rejected row are not stored, even the cells that were fine: a row is one record.
  decltype(batch_.values) kept;
  for (size_t i = 0; i < batch_.values.size(); ++i) {
    if (!rejected_rows_[value_rows_[i]]) kept.push_back(std::move(batch_.values[i]));
  }
  batch_.values = std::move(kept);
  std::set<int64_t> bad_lines;
  for (size_t i = 0; i < rejected_rows_.size(); ++i) {
    if (rejected_rows_[i]) bad_lines.insert(static_cast<int64_t>(table_.rows[i].line));
  }
  std::erase_if(batch_.attributes, [&](const store::AttributeRow& row) { return bad_lines.count(row.row) > 0; });
  std::erase_if(batch_.memberships, [&](const store::MembershipRow& row) { return bad_lines.count(row.row) > 0; });
}

bool Importer::WriteRejects() {
  summary_.rejects_file = options_.rejects_path.empty() ? path_ + ".rejects.csv" : options_.rejects_path;
  std::ofstream out(summary_.rejects_file, std::ios::binary | std::ios::trunc);
  if (!out) {
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kFileUnreadable, Span{},
                                           Tr("cannot write the rejects file '{0}'; nothing was stored", summary_.rejects_file));
    diagnostic.help = Tr("choose another place with --rejects FILE");
    sink_.Report(std::move(diagnostic));
    return false;
  }
  const char separator = summary_.sheet.empty() ? table_.separator : ';';  // a sheet's rejects: a French CSV
  out << "\xEF\xBB\xBF";  // UTF-8 BOM: Excel then reads accents right
  out << CsvField("ligne", separator) << separator << CsvField("erreur", separator);
  for (const std::string& name : table_.header) out << separator << CsvField(name, separator);
  out << "\r\n";
  for (size_t i = 0; i < table_.rows.size(); ++i) {
    if (!rejected_rows_[i]) continue;
    const CsvRow& row = table_.rows[i];
    // Formulas neutralised (a leading '), which vigie import drops when the file comes back.
    out << row.line << separator << CsvField(reasons_.count(i) ? reasons_[i] : "", separator);
    for (const std::string& field : row.fields) out << separator << CsvField(field, separator);
    out << "\r\n";
  }
  return true;
}

std::string Importer::OptionsText() const {
  std::string out = "format=" + std::string(FormatName(format_));
  if (options_.period) out += " period=" + *options_.period;
  if (!summary_.sheet.empty()) out += " sheet=\"" + summary_.sheet + "\"";
  if (!options_.id_column.empty()) out += " id-column=" + options_.id_column;
  if (!options_.pivot_column.empty()) out += " pivot=" + options_.pivot_column;
  if (options_.combine_sites) out += " combine-sites";
  if (!options_.weight_column.empty()) out += " weight=" + options_.weight_column;
  if (!options_.layout.empty()) out += " layout=" + options_.layout;
  if (!options_.dataset.empty()) out += " dataset=\"" + options_.dataset + "\"";
  if (!options_.mapping_file.empty()) out += " mapping=" + options_.mapping_file;
  if (!options_.join_file.empty()) out += " join=" + options_.join_file + " join-sha256=" + join_sha256_;
  if (options_.keep_valid) out += " keep-valid";
  if (options_.finess_key_warning) out += " finess-key=warn";
  return out;
}

}  // namespace internal

using internal::Importer;
namespace model = sema::model;
namespace fs = std::filesystem;

std::string_view FormatName(ImportFormat format) {
  switch (format) {
    case ImportFormat::kAuto: return "auto";
    case ImportFormat::kWide: return "wide";
    case ImportFormat::kLong: return "long";
    case ImportFormat::kEntities: return "entities";
    case ImportFormat::kGroups: return "groups";
    case ImportFormat::kEvidence: return "evidence";
  }
  return "auto";
}

bool ImportFile(const std::string& path, const sema::model::Model& catalog, store::Store& store,
                const ImportOptions& options, SourceManager& sources, DiagnosticSink& sink, ImportSummary& summary) {
  Importer importer(path, catalog, store, options, sources, sink, summary);
  return importer.Run();
}

bool AddEvidence(EvidenceOptions& options, const sema::model::Model& model, store::Store& store,
                 DiagnosticSink& sink, store::ApplyResult& result) {
  auto report = [&](DiagCode code, std::string message, std::string help) {
    Diagnostic diagnostic = MakeDiagnostic(code, Span{}, std::move(message));
    diagnostic.help = std::move(help);
    sink.Report(std::move(diagnostic));
  };
  auto contract = model.contracts.find(options.contract);
  if (contract == model.contracts.end()) {
    std::vector<std::string> names;
    for (const auto& [name, value] : model.contracts) names.push_back(name);
    std::optional<std::string> near = SuggestName(options.contract, names);
    report(DiagCode::kUnknownContract, Tr("no contract '{0}' in the rulesets given", options.contract),
           near ? Tr("did you mean '{0}'?", *near) : std::string(Tr("name the contract's file with --rules")));
    return false;
  }
  std::vector<std::string> milestones;
  for (const auto& milestone : contract->second.milestones) milestones.push_back(milestone.name);
  if (std::find(milestones.begin(), milestones.end(), options.milestone) == milestones.end()) {
    std::optional<std::string> near = SuggestName(options.milestone, milestones);
    report(DiagCode::kUnknownCommitment, Tr("contract '{0}' has no milestone '{1}'", options.contract, options.milestone),
           near ? Tr("did you mean '{0}'?", *near) : Tr("its milestones: {0}", [&] {
             std::string list;
             for (const auto& name : milestones) list += (list.empty() ? "" : ", ") + name;
             return list.empty() ? std::string(Tr("none")) : list;
           }()));
    return false;
  }
  if (const auto ids = store.EntityIds(); !ids.count(options.entity)) {
    const std::vector<std::string> candidates(ids.begin(), ids.end());
    const std::optional<std::string> near = SuggestName(options.entity, candidates);
    report(DiagCode::kUnknownEntity, Tr("the store knows no establishment or group '{0}'", options.entity),
           near ? Tr("did you mean '{0}'? Otherwise import the establishments first (vigie import --format entities ...)", *near)
                : std::string(Tr("import the establishments first, or check the number")));
    return false;
  }
  // The entity must be one the milestone applies to: a party of the contract, a member (at any time)
  // of a group party, or listed in the milestone's `for`.
  {
    const sema::model::Milestone* milestone = nullptr;
    for (const auto& m : contract->second.milestones) {
      if (m.name == options.milestone) milestone = &m;
    }
    bool applies = false;
    std::set<std::string> groups;
    for (const auto& party : contract->second.parties) {
      if (party.kind == sema::model::Party::Kind::kEntity && party.id == options.entity) applies = true;
      if (party.kind == sema::model::Party::Kind::kGroup) groups.insert(party.id);
      if (party.id == options.entity) applies = true;  // the group itself
    }
    for (const store::MembershipRow& membership : store.Memberships()) {
      if (groups.count(membership.group) && membership.member == options.entity) applies = true;
    }
    if (milestone != nullptr) {
      const auto& listed = milestone->applicability.entities;
      if (std::find(listed.begin(), listed.end(), options.entity) != listed.end()) applies = true;
    }
    if (!applies) {
      report(DiagCode::kUnknownEntity,
             Tr("'{0}' is not a party of contract '{1}' (nor a member of one)", options.entity, options.contract),
             std::string(Tr("record evidence for an establishment the milestone applies to")));
      return false;
    }
  }
  DateCell date = ParseDateCell(options.date);
  if (!date.ok) {
    report(DiagCode::kValueDoesNotParse, date.error.empty() ? Tr("'{0}' is not a date", options.date) : date.error,
           std::string(Tr("write 2019-06-30 or 30/06/2019")));
    return false;
  }
  std::optional<std::string> sha256 = Sha256OfFile(options.document);
  if (!sha256) {
    report(DiagCode::kFileNotFound, Tr("cannot read the document '{0}'", options.document),
           std::string(Tr("vigie records the document's fingerprint (SHA-256): it must exist when the evidence is added")));
    return false;
  }
  const std::string produced = calendar::Format(date.AsDate());
  options.stored_date = produced;
  store::ImportBatch batch;
  batch.record.kind = "evidence";
  batch.record.file_name = options.document;
  batch.record.sha256 = *sha256;
  batch.record.imported_at = NowUtc();
  batch.record.imported_by = options.imported_by.empty() ? store::CurrentUser() : options.imported_by;
  batch.record.options = "contract=" + options.contract + " milestone=" + options.milestone;
  batch.record.rows_read = 1;
  batch.evidence.push_back(store::EvidenceRow{options.contract, options.milestone, options.entity, produced,
                                              options.document, *sha256});
  store::StoreError error;
  if (!store.Apply(batch, result, error)) {
    report(error.kind == store::StoreError::Kind::kLocked     ? DiagCode::kStoreLocked
           : error.kind == store::StoreError::Kind::kReadOnly ? DiagCode::kStoreReadOnly
                                                              : DiagCode::kStoreWriteFailed,
           Tr("{0}; nothing was written", error.message), error.help);
    return false;
  }
  return true;
}

}  // namespace vigie::ingest
