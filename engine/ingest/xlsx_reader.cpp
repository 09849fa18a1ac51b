#include "engine/ingest/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "engine/base/calendar.h"
#include "engine/base/quote.h"
#include "engine/base/source.h"
#include "engine/base/spreadsheet.h"
#include "engine/base/text.h"

namespace vigie::ingest {
namespace {

using Attributes = std::vector<std::pair<std::string_view, std::string_view>>;

// The local name of an element or attribute read with namespace processing ("uri|row" -> "row").
std::string_view Local(const XML_Char* name) {
  std::string_view text(name);
  const size_t bar = text.rfind('|');
  return bar == std::string_view::npos ? text : text.substr(bar + 1);
}

std::string_view Attribute(const Attributes& attributes, std::string_view name) {
  for (const auto& [key, value] : attributes) {
    if (key == name) return value;
  }
  return {};
}

// What a part's reader does with the XML events (the part is streamed, never held as a tree).
class PartHandler {
 public:
  virtual ~PartHandler() = default;
  virtual void Start(std::string_view name, const Attributes& attributes) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view) {}
  // A problem found by the handler itself (a limit, a bad reference): the parse stops.
  std::optional<XlsxProblem> problem;
};

// `message` says what is wrong, naming the part ("xl/worksheets/sheet1.xml") or the cell.
XlsxProblem Broken(std::string message) {
  return XlsxProblem{XlsxProblem::Kind::kBroken, std::move(message),
                     std::string(Tr("open the file in Excel or LibreOffice and save it again as .xlsx"))};
}

XlsxProblem TooLarge(std::string message) {
  return XlsxProblem{XlsxProblem::Kind::kTooLarge, std::move(message),
                     std::string(Tr("vigie reads sheets of at most 5 million cells and 256 MB of XML (docs/import.md); "
                                    "split the workbook, or save the sheet as CSV"))};
}

class Workbook {
 public:
  Workbook(std::string_view bytes, const XlsxLimits& limits) : limits_(limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (archive_ == nullptr) zip_source_free(source);
    }
    zip_error_fini(&error);
  }
  ~Workbook() {
    if (archive_ != nullptr) zip_discard(archive_);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  bool IsOpen() const { return archive_ != nullptr; }
  int64_t Entries() const { return archive_ == nullptr ? 0 : zip_get_num_entries(archive_, 0); }
  bool Has(const std::string& name) const { return Locate(name) >= 0; }

  // Streams part `name` through `handler`. False with `problem` set when the part is missing (and
  // `required`), too large, unreadable or not well-formed.
  bool Parse(const std::string& name, PartHandler& handler, bool required, XlsxProblem& problem);

 private:
  int64_t Locate(const std::string& name) const {
    if (archive_ == nullptr) return -1;
    int64_t index = zip_name_locate(archive_, name.c_str(), 0);
    if (index < 0) index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
    return index;
  }

  const XlsxLimits& limits_;
  zip_t* archive_ = nullptr;
  uint64_t total_read_ = 0;
};

struct ParseState {
  XML_Parser parser;
  PartHandler* handler;
  std::string refused;  // a DTD or an entity declaration: never in a workbook, refused
};

void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto* state = static_cast<ParseState*>(data);
  Attributes list;
  for (size_t i = 0; attributes[i] != nullptr; i += 2) list.emplace_back(Local(attributes[i]), attributes[i + 1]);
  state->handler->Start(Local(name), list);
  if (state->handler->problem) XML_StopParser(state->parser, XML_FALSE);
}

void OnEnd(void* data, const XML_Char* name) {
  auto* state = static_cast<ParseState*>(data);
  state->handler->End(Local(name));
  if (state->handler->problem) XML_StopParser(state->parser, XML_FALSE);
}

void OnText(void* data, const XML_Char* text, int length) {
  auto* state = static_cast<ParseState*>(data);
  state->handler->Text(std::string_view(text, static_cast<size_t>(length)));
  if (state->handler->problem) XML_StopParser(state->parser, XML_FALSE);
}

void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* state = static_cast<ParseState*>(data);
  state->refused = "DOCTYPE";
  XML_StopParser(state->parser, XML_FALSE);
}

void OnEntity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*, const XML_Char*,
              const XML_Char*) {
  auto* state = static_cast<ParseState*>(data);
  state->refused = "ENTITY";
  XML_StopParser(state->parser, XML_FALSE);
}

bool Workbook::Parse(const std::string& name, PartHandler& handler, bool required, XlsxProblem& problem) {
  const int64_t index = Locate(name);
  if (index < 0) {
    if (required) problem = Broken(Tr("the workbook is damaged: its part '{0}' is missing", name));
    return !required;
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
    problem = Broken(Tr("the workbook is damaged: its part '{0}' cannot be read", name));
    return false;
  }
  if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
    problem = XlsxProblem{XlsxProblem::Kind::kNotWorkbook, std::string(Tr("the workbook is protected by a password")),
                          std::string(Tr("remove the password in Excel (File, Info, Protect Workbook) and save it again"))};
    return false;
  }
  zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) {
    problem = Broken(Tr("the workbook is damaged: its part '{0}' cannot be read", name));
    return false;
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(XML_ParserCreateNS(nullptr, '|'),
                                                                                  XML_ParserFree);
  ParseState state{parser.get(), &handler, {}};
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  XML_SetEntityDeclHandler(parser.get(), OnEntity);
  std::vector<char> buffer(64 * 1024);
  uint64_t read = 0;
  for (;;) {
    const zip_int64_t got = zip_fread(file, buffer.data(), buffer.size());
    if (got < 0) {
      problem = Broken(Tr("the workbook is damaged: its part '{0}' cannot be decompressed (the archive is damaged or cut short)", name));
      return false;
    }
    read += static_cast<uint64_t>(got);
    total_read_ += static_cast<uint64_t>(got);
    if (read > limits_.max_part_bytes || total_read_ > limits_.max_total_bytes) {
      const uint64_t limit = read > limits_.max_part_bytes ? limits_.max_part_bytes : limits_.max_total_bytes;
      problem = TooLarge(Tr("the workbook's part '{0}' decompresses to more than {1} MB", name,
                            static_cast<int64_t>(std::max<uint64_t>(limit >> 20, 1))));
      return false;
    }
    const bool last = got == 0;
    if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(got), last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
      if (handler.problem) {
        problem = *handler.problem;
      } else if (!state.refused.empty()) {
        problem = Broken(Tr("the workbook is damaged: its part '{0}' declares a {1}, which a workbook never does", name, state.refused));
      } else {
        problem = Broken(Tr("the workbook is damaged: its part '{0}' is not well-formed XML (line {1}: {2})", name,
                                  static_cast<int64_t>(XML_GetCurrentLineNumber(parser.get())),
                                  std::string(XML_ErrorString(XML_GetErrorCode(parser.get())))));
      }
      return false;
    }
    if (last) break;
  }
  return true;
}

// ── the parts

struct SheetEntry {
  std::string name, relation;
};

// xl/workbook.xml: the sheets in order, and the date system.
class WorkbookHandler : public PartHandler {
 public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
  void Start(std::string_view name, const Attributes& attributes) override {
    if (name == "sheet" && sheets.size() < 10000) {
      sheets.push_back({std::string(Attribute(attributes, "name")), std::string(Attribute(attributes, "id"))});
    }
    if (name == "workbookPr") {
      const std::string_view value = Attribute(attributes, "date1904");
      date1904 = value == "1" || value == "true";
    }
  }
  void End(std::string_view) override {}
};

// xl/_rels/workbook.xml.rels: relation id -> target part, and the shared strings' and styles' parts.
class RelationsHandler : public PartHandler {
 public:
  std::map<std::string, std::string> targets;
  std::string shared_strings, styles;
  void Start(std::string_view name, const Attributes& attributes) override {
    if (name != "Relationship" || targets.size() >= 10000) return;
    const std::string target(Attribute(attributes, "Target"));
    const std::string_view type = Attribute(attributes, "Type");
    targets[std::string(Attribute(attributes, "Id"))] = target;
    if (type.ends_with("/sharedStrings")) shared_strings = target;
    if (type.ends_with("/styles")) styles = target;
  }
  void End(std::string_view) override {}
};

// A target of xl/_rels/workbook.xml.rels as a name in the archive: relative to xl/, or absolute.
std::string PartName(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  return "xl/" + target;
}

// Built-in number formats that are dates (ECMA-376 part 1, 18.8.30; 27-36 and 50-58: East Asian).
bool IsBuiltinDateFormat(int id) { return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58); }

// A custom number format is a date when it writes a day or a year, outside quotes, brackets
// ("[Red]", "[$-40C]") and escapes; the first section decides.
bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"' || c == '[') {
      const size_t close = code.find(c == '"' ? '"' : ']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == ';') {
      return false;
    } else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') {
      return true;
    }
  }
  return false;
}

// xl/styles.xml: which cell styles (the `s` of a cell) are dates.
class StylesHandler : public PartHandler {
 public:
  std::vector<bool> date_styles;
  void Start(std::string_view name, const Attributes& attributes) override {
    if (name == "numFmt") {
      if (IsDateFormatCode(Attribute(attributes, "formatCode"))) custom_dates_.insert(Number(Attribute(attributes, "numFmtId")));
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_ && date_styles.size() < 65536) {  // Excel's own limit of cell formats
      const int id = Number(Attribute(attributes, "numFmtId"));
      date_styles.push_back(IsBuiltinDateFormat(id) || custom_dates_.count(id) > 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  static int Number(std::string_view text) {
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  std::set<int> custom_dates_;
  bool in_cell_xfs_ = false;
};

// xl/sharedStrings.xml: the strings, each the concatenation of its <t> runs (phonetic runs skipped).
class SharedStringsHandler : public PartHandler {
 public:
  explicit SharedStringsHandler(const XlsxLimits& limits) : limits_(limits) {}
  std::vector<std::string> strings;
  void Start(std::string_view name, const Attributes&) override {
    if (name == "si") {
      if (strings.size() >= limits_.max_shared_strings) {
        problem = TooLarge(Tr("the workbook has more than {0} shared strings", static_cast<int64_t>(limits_.max_shared_strings)));
        return;
      }
      strings.emplace_back();
      in_item_ = true;
    } else if (name == "rPh") {
      in_phonetic_ = true;
    } else if (name == "t" && in_item_ && !in_phonetic_) {
      in_text_ = true;
    }
  }
  void End(std::string_view name) override {
    if (name == "si") in_item_ = false;
    if (name == "rPh") in_phonetic_ = false;
    if (name == "t") in_text_ = false;
  }
  void Text(std::string_view text) override {
    if (in_text_ && !strings.empty()) strings.back() += text;
  }

 private:
  const XlsxLimits& limits_;
  bool in_item_ = false, in_phonetic_ = false, in_text_ = false;
};

// "B12" -> column 2, row 12; false when the reference is not a cell's.
bool ParseCellReference(std::string_view text, uint32_t& column, uint32_t& row) {
  size_t i = 0;
  uint64_t col = 0, r = 0;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
    col = col * 26 + static_cast<uint64_t>(std::toupper(static_cast<unsigned char>(text[i])) - 'A' + 1);
    if (col > (1u << 20)) return false;
    ++i;
  }
  if (i == 0 || i == text.size()) return false;
  for (; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    r = r * 10 + static_cast<uint64_t>(text[i] - '0');
    if (r > (1u << 24)) return false;
  }
  column = static_cast<uint32_t>(col);
  row = static_cast<uint32_t>(r);
  return row > 0;
}

uint32_t ParseIndex(std::string_view text, bool& ok) {
  uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  ok = error == std::errc() && end == text.data() + text.size() && !text.empty();
  return value;
}

struct Cell {
  uint32_t column = 0;
  std::string text;
};

struct Row {
  uint32_t number = 0;
  std::vector<Cell> cells;  // non-empty cells, in column order
};

// An Excel serial day number as an ISO date (and time, when it has one); "" when it is none.
std::string SerialToDate(std::string_view text, bool date1904) {
  double serial = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), serial);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(serial) || serial < 1 || serial > 2958465) return "";
  const long days = static_cast<long>(std::floor(serial));
  // The 1900 system counts a 29 February 1900 that never was (serial 60): serial 1 is 1900-01-01,
  // and from serial 61 on, serial N is 1899-12-30 + N days. The 1904 system: 1904-01-01 + N days.
  calendar::Date base = date1904 ? calendar::Date{1904, 1, 1} : calendar::Date{1899, 12, 30};
  if (!date1904 && days < 61) {
    if (days == 60) return "";
    base = calendar::Date{1899, 12, 31};
  }
  std::string out = calendar::Format(calendar::AddDays(base, days));
  const long seconds = std::lround((serial - std::floor(serial)) * 86400.0);
  if (seconds > 0 && seconds < 86400) {
    char time[32];
    std::snprintf(time, sizeof time, " %02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
    out += time;
  }
  return out;
}

// The sheet: its rows of non-empty cells, values resolved (shared strings, dates).
class SheetHandler : public PartHandler {
 public:
  SheetHandler(const XlsxLimits& limits, std::string part, const std::vector<std::string>& strings,
               const std::vector<bool>& date_styles, bool date1904)
      : part(std::move(part)), limits_(limits), strings_(strings), date_styles_(date_styles), date1904_(date1904) {}
  const std::string part;
  std::vector<Row> rows;

  void Start(std::string_view name, const Attributes& attributes) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      StartRow(Attribute(attributes, "r"));
    } else if (name == "c") {
      StartCell(attributes);
    } else if (in_cell_ && name == "v") {
      in_value_ = true;
    } else if (in_cell_ && name == "is") {
      in_inline_ = true;
    } else if (in_inline_ && name == "rPh") {
      in_phonetic_ = true;
    } else if (in_inline_ && !in_phonetic_ && name == "t") {
      in_value_ = true;
    }
  }

  void End(std::string_view name) override {
    if (name == "sheetData") in_data_ = false;
    if (name == "v" || name == "t") in_value_ = false;
    if (name == "rPh") in_phonetic_ = false;
    if (name == "is") in_inline_ = false;
    if (name == "c" && in_cell_) {
      in_cell_ = false;
      Resolve();
    }
  }

  void Text(std::string_view text) override {
    if (!in_value_) return;
    if (value_.size() + text.size() > 32767 * 4) {  // Excel's limit is 32 767 characters a cell
      return Fail(Tr("the workbook is damaged: cell {0} holds more than 32 767 characters", Here()));
    }
    value_ += text;
  }

 private:
  void Fail(std::string message) { problem = Broken(std::move(message)); }
  std::string Here() const { return ColumnLetters(last_column_) + std::to_string(last_row_); }

  void StartRow(std::string_view r) {
    uint32_t number = last_row_ + 1;
    if (!r.empty()) {
      bool ok = false;
      number = ParseIndex(r, ok);
      if (!ok || number == 0) return Fail(Tr("the workbook is damaged: in its part '{0}', a row has the number '{1}'", part, ShortenForMessage(r)));
    }
    if (number <= last_row_) return Fail(Tr("the workbook is damaged: in its part '{0}', row {1} comes after row {2}", part, static_cast<int64_t>(number), static_cast<int64_t>(last_row_)));
    if (number > limits_.max_rows) {
      problem = TooLarge(Tr("the sheet has a row {0}, beyond Excel's last row {1}", static_cast<int64_t>(number),
                            static_cast<int64_t>(limits_.max_rows)));
      return;
    }
    last_row_ = number;
    last_column_ = 0;
    rows.push_back(Row{number, {}});
  }

  void StartCell(const Attributes& attributes) {
    if (rows.empty()) return Fail(Tr("the workbook is damaged: in its part '{0}', a cell is outside any row", part));
    uint32_t column = last_column_ + 1, row = rows.back().number;
    const std::string_view r = Attribute(attributes, "r");
    if (!r.empty() && (!ParseCellReference(r, column, row) || row != rows.back().number)) {
      return Fail(Tr("the workbook is damaged: in its part '{0}', cell '{1}' is not a cell of row {2}", part, ShortenForMessage(r), static_cast<int64_t>(rows.back().number)));
    }
    if (column <= last_column_) return Fail(Tr("the workbook is damaged: in its part '{0}', cell '{1}' comes after column {2}", part, ShortenForMessage(r), ColumnLetters(last_column_)));
    if (column > limits_.max_columns) {
      problem = TooLarge(Tr("the sheet has a cell in column {0}, beyond Excel's last column {1}", ColumnLetters(column),
                            ColumnLetters(limits_.max_columns)));
      return;
    }
    last_column_ = column;
    type_ = std::string(Attribute(attributes, "t"));
    bool ok = false;
    const uint32_t style = ParseIndex(Attribute(attributes, "s"), ok);
    date_ = ok && style < date_styles_.size() && date_styles_[style];
    value_.clear();
    in_cell_ = true;
  }

  void Resolve() {
    std::string text;
    if (type_ == "s") {
      bool ok = false;
      const uint32_t index = ParseIndex(value_, ok);
      if (!ok || index >= strings_.size()) {
        return Fail(Tr("the workbook is damaged: cell {0} refers to shared string '{1}', which the workbook does not have", Here(), ShortenForMessage(value_)));
      }
      text = strings_[index];
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
    } else if ((type_.empty() || type_ == "n") && date_) {
      text = SerialToDate(value_, date1904_);
      if (text.empty()) text = value_;
    } else {
      text = value_;  // a number as Excel writes it (always with '.'), an error (#DIV/0!), a formula's text
    }
    if (text.empty()) return;
    if (++cells_ > limits_.max_cells) {
      problem = TooLarge(Tr("the sheet has more than {0} cells with a value", static_cast<int64_t>(limits_.max_cells)));
      return;
    }
    rows.back().cells.push_back(Cell{last_column_, std::move(text)});
  }

  const XlsxLimits& limits_;
  const std::vector<std::string>& strings_;
  const std::vector<bool>& date_styles_;
  bool date1904_;
  bool in_data_ = false, in_cell_ = false, in_value_ = false, in_inline_ = false, in_phonetic_ = false, date_ = false;
  uint32_t last_row_ = 0, last_column_ = 0;
  size_t cells_ = 0;
  std::string type_, value_;
};

// ── the table

std::string Trimmed(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return std::string(text.substr(begin, end - begin));
}

// A cell as the table's text shows it: on one line, tabs only between cells.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

bool Blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string CellName(size_t field, size_t row) { return ColumnLetters(static_cast<uint32_t>(field + 1)) + std::to_string(row); }

void ReadHeader(const CsvRow& row, CsvTable& table) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < row.fields.size(); ++i) {
    std::string name = Trimmed(row.fields[i]);
    if (name.empty()) {
      table.problems.push_back(CsvProblem{CsvProblem::Kind::kNoHeader, row.line, row.columns[i],
                                          Tr("cell {0} of the header has no name", CellName(i, row.line))});
    } else if (auto [it, inserted] = seen.emplace(name, i); !inserted) {
      table.problems.push_back(CsvProblem{CsvProblem::Kind::kDuplicateHeader, row.line, row.columns[i],
                                          Tr("the header names '{0}' twice, in cells {1} and {2}", ShortenForMessage(name),
                                             CellName(it->second, row.line), CellName(i, row.line))});
    }
    table.header.push_back(std::move(name));
  }
}

// Builds the table: the text (line N = row N), the header, the data rows and their problems.
void BuildTable(const std::vector<Row>& rows, const XlsxLimits& limits, XlsxTable& out) {
  CsvTable& table = out.table;
  table.encoding = Encoding::kUtf8;
  table.separator = '\t';
  uint32_t line = 1;
  bool header = false;
  for (const Row& row : rows) {
    for (; line < row.number; ++line) table.text += '\n';
    CsvRow csv;
    csv.line = row.number;
    uint32_t column = 1;
    size_t characters = 1;
    for (const Cell& cell : row.cells) {
      for (; column < cell.column; ++column) {
        csv.fields.emplace_back();
        csv.columns.push_back(characters);
        table.text += '\t';
        ++characters;
      }
      csv.fields.push_back(cell.text);
      csv.columns.push_back(characters);
      const std::string shown = OneLine(cell.text);
      table.text += shown;
      characters += CountCodePoints(shown);
      if (column < row.cells.back().column) {
        table.text += '\t';
        ++characters;
      }
      ++column;
    }
    if (table.text.size() > limits.max_text_bytes) {
      out.problem = TooLarge(Tr("the sheet holds more than {0} MB of text", static_cast<int64_t>(limits.max_text_bytes >> 20)));
      return;
    }
    if (std::all_of(row.cells.begin(), row.cells.end(), [](const Cell& c) { return Blank(c.text); })) continue;
    while (!csv.fields.empty() && Blank(csv.fields.back())) {
      csv.fields.pop_back();
      csv.columns.pop_back();
    }
    if (!header) {
      header = true;
      table.header_line = row.number;
      ReadHeader(csv, table);
      continue;
    }
    // A value beyond the header's last column has no column name: the row is refused.
    const size_t width = table.header.size();
    if (csv.fields.size() > width) {
      size_t beyond = width;
      while (Blank(csv.fields[beyond])) ++beyond;  // the last field is not blank
      if (table.problems.size() < 100) {
        table.problems.push_back(CsvProblem{CsvProblem::Kind::kFieldCount, row.number, csv.columns[beyond],
                                            Tr("cell {0} holds '{1}', but the header (row {2}) has no column {3}",
                                               CellName(beyond, row.number), ShortenForMessage(csv.fields[beyond]),
                                               static_cast<int64_t>(table.header_line),
                                               ColumnLetters(static_cast<uint32_t>(beyond + 1)))});
      } else {
        ++table.more_problems;
      }
    }
    while (csv.fields.size() < width) {  // the empty cells at the end of a row
      csv.fields.emplace_back();
      csv.columns.push_back(characters);
    }
    table.rows.push_back(std::move(csv));
  }
  table.text += '\n';
  if (!header) table.problems.push_back(CsvProblem{CsvProblem::Kind::kEmptyFile, 0, 0, Tr("sheet '{0}' is empty", out.sheet)});
}

// The sheet `selector` names: its name (exact, then ignoring case), or its 1-based position.
std::optional<size_t> FindSheet(const std::vector<SheetEntry>& sheets, std::string_view selector) {
  if (selector.empty()) return sheets.empty() ? std::nullopt : std::optional<size_t>(0);
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (sheets[i].name == selector) return i;
  }
  auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (lower(sheets[i].name) == lower(selector)) return i;
  }
  bool ok = false;
  const uint32_t position = ParseIndex(selector, ok);
  if (ok && position >= 1 && position <= sheets.size()) return position - 1;
  return std::nullopt;
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with("PK\x03\x04") || bytes.starts_with(std::string_view("PK\x05\x06", 4));
}

XlsxTable ReadXlsx(std::string_view bytes, std::string_view sheet, const XlsxLimits& limits) {
  XlsxTable out;
  Workbook workbook(bytes, limits);
  const std::string resave(Tr("open it in Excel or LibreOffice and save it as .xlsx, or as CSV"));
  if (!workbook.IsOpen()) {
    out.problem = XlsxProblem{XlsxProblem::Kind::kNotWorkbook,
                              std::string(Tr("the file is not an .xlsx workbook: it is not a zip archive, or a damaged one")), resave};
    return out;
  }
  if (workbook.Entries() > static_cast<int64_t>(limits.max_entries)) {
    out.problem = TooLarge(Tr("the archive holds more than {0} files", static_cast<int64_t>(limits.max_entries)));
    return out;
  }
  if (!workbook.Has("xl/workbook.xml")) {
    const bool ods = workbook.Has("content.xml") && workbook.Has("mimetype");
    out.problem = XlsxProblem{XlsxProblem::Kind::kNotWorkbook,
                              ods ? std::string(Tr("the file is an OpenDocument spreadsheet (.ods), which vigie does not read"))
                                  : std::string(Tr("the file is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml)")),
                              resave};
    return out;
  }
  WorkbookHandler book;
  RelationsHandler relations;
  if (!workbook.Parse("xl/workbook.xml", book, true, out.problem) ||
      !workbook.Parse("xl/_rels/workbook.xml.rels", relations, true, out.problem)) {
    return out;
  }
  for (const SheetEntry& entry : book.sheets) out.sheets.push_back(entry.name);
  const std::optional<size_t> chosen = FindSheet(book.sheets, sheet);
  if (!chosen) {
    if (book.sheets.empty()) {
      out.problem = Broken(std::string(Tr("the workbook is damaged: it lists no sheet")));
      return out;
    }
    std::string names;
    for (size_t i = 0; i < out.sheets.size() && i < 20; ++i) names += (i ? ", " : "") + QuoteForMessage(out.sheets[i]);
    out.problem = XlsxProblem{XlsxProblem::Kind::kNoSheet, Tr("the workbook has no sheet '{0}'", ShortenForMessage(sheet)),
                              Tr("its sheets: {0}; give --sheet a name or a position (1 for the first)", names)};
    return out;
  }
  out.sheet = book.sheets[*chosen].name;
  auto target = relations.targets.find(book.sheets[*chosen].relation);
  if (target == relations.targets.end()) {
    out.problem = Broken(Tr("the workbook is damaged: it does not say where sheet '{0}' is", ShortenForMessage(out.sheet)));
    return out;
  }
  StylesHandler styles;
  SharedStringsHandler strings(limits);
  const std::string styles_part = relations.styles.empty() ? "xl/styles.xml" : PartName(relations.styles);
  const std::string strings_part = relations.shared_strings.empty() ? "xl/sharedStrings.xml" : PartName(relations.shared_strings);
  if (!workbook.Parse(styles_part, styles, false, out.problem) || !workbook.Parse(strings_part, strings, false, out.problem)) {
    return out;
  }
  SheetHandler handler(limits, PartName(target->second), strings.strings, styles.date_styles, book.date1904);
  if (!workbook.Parse(handler.part, handler, true, out.problem)) return out;
  BuildTable(handler.rows, limits, out);
  return out;
}

}  // namespace vigie::ingest
