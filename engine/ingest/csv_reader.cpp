#include "engine/ingest/csv_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "engine/base/text.h"

namespace vigie::ingest {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);
constexpr size_t kDetectionLines = 20;          // lines read to choose the separator
constexpr size_t kBinarySample = 64 * 1024;     // bytes looked at for control characters
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// ---------------------------------------------------------------------------------------------
// Problems

class ProblemSink {
 public:
  ProblemSink(CsvTable& table, size_t max) : table_(table), max_(max) {}

  void Add(CsvProblem::Kind kind, size_t line, size_t column, std::string message) {
    if (table_.problems.size() >= max_) {
      ++table_.more_problems;
      return;
    }
    table_.problems.push_back(CsvProblem{kind, line, column, std::move(message)});
  }

 private:
  CsvTable& table_;
  size_t max_;
};

struct Position {
  size_t line = 1;
  size_t column = 1;
};

// Line and character column of byte `offset` of UTF-8 `text`; LF, CRLF and a lone CR end a line.
Position PositionOf(std::string_view text, size_t offset) {
  Position position;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // counted at '\n'
    if (byte == '\n' || byte == '\r') {
      ++position.line;
      position.column = 1;
    } else if (!IsContinuation(byte)) {
      ++position.column;
    }
  }
  return position;
}

std::string Hex(unsigned char byte) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

// "1 field", "3 fields".
std::string Fields(size_t count) { return count == 1 ? std::string(Tr("1 field")) : Tr("{0} fields", count); }

// ---------------------------------------------------------------------------------------------
// Binary files

// Reports a file that is not text at all. True when the file must not be read further.
bool RejectBinary(std::string_view bytes, ProblemSink& problems) {
  using Kind = CsvProblem::Kind;
  if (bytes.starts_with("PK\x03\x04")) {
    problems.Add(Kind::kBinary, 0, 0,
                 std::string(Tr("the file is a spreadsheet or an archive (.xlsx, .ods, .zip), not CSV: open it and "
                                "save it as 'CSV (point-virgule)' or 'CSV UTF-8'")));
    return true;
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    problems.Add(Kind::kBinary, 0, 0,
                 std::string(Tr("the file is an old Excel workbook (.xls), not CSV: open it and save it as "
                                "'CSV (point-virgule)' or 'CSV UTF-8'")));
    return true;
  }
  const bool utf16_bom = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
  const bool utf16_plain = bytes.size() >= 4 && bytes[0] != '\0' && bytes[1] == '\0' &&
                           bytes[2] != '\0' && bytes[3] == '\0';
  if (utf16_bom || utf16_plain) {
    problems.Add(Kind::kInvalidEncoding, 0, 0,
                 std::string(Tr("the file is in UTF-16 (Excel's 'Unicode text'), which is not read: save it again "
                                "as 'CSV UTF-8'")));
    return true;
  }
  if (const size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    const Position at = PositionOf(bytes, nul);
    problems.Add(Kind::kBinary, at.line, at.column,
                 Tr("the file is not text: it has a NUL byte at line {0}, column {1}", at.line, at.column));
    return true;
  }
  const size_t sample = std::min(bytes.size(), kBinarySample);
  size_t controls = 0;
  size_t first_control = kNone;
  for (size_t i = 0; i < sample; ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    // Tab, LF, CR, form feed and DOS end-of-file (0x1A) occur in real text files.
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != 0x0C && byte != 0x1A) ||
        byte == 0x7F) {
      if (first_control == kNone) first_control = i;
      ++controls;
    }
  }
  if (controls * 10 > sample) {  // more than 10 % control bytes: not a text file
    const Position at = PositionOf(bytes, first_control);
    problems.Add(Kind::kBinary, at.line, at.column,
                 Tr("the file is not text: {0} % of its first bytes are control characters", controls * 100 / sample));
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Encodings

// Length of the valid UTF-8 sequence starting at p (n bytes available), 0 if invalid. Strict:
// no overlong forms, no surrogates, nothing above U+10FFFF.
size_t Utf8SequenceLength(const unsigned char* p, size_t n) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;
  if (lead < 0xE0) return n >= 2 && IsContinuation(p[1]) ? 2 : 0;
  if (lead < 0xF0) {
    if (n < 3) return 0;
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return p[1] >= low && p[1] <= high && IsContinuation(p[2]) ? 3 : 0;
  }
  if (lead < 0xF5) {
    if (n < 4) return 0;
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return p[1] >= low && p[1] <= high && IsContinuation(p[2]) && IsContinuation(p[3]) ? 4 : 0;
  }
  return 0;
}

char32_t DecodeSequence(const unsigned char* p, size_t length) {
  switch (length) {
    case 1: return p[0];
    case 2: return (char32_t(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    case 3: return (char32_t(p[0] & 0x0F) << 12) | (char32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    default:
      return (char32_t(p[0] & 0x07) << 18) | (char32_t(p[1] & 0x3F) << 12) | (char32_t(p[2] & 0x3F) << 6) |
             (p[3] & 0x3F);
  }
}

// A character that a French file written in UTF-8 is full of (accented letters, œ, typographic
// quotes, €, …) and that Windows-1252 text almost never produces by accident.
bool IsTellingUtf8(char32_t code_point) {
  return (code_point >= 0xA0 && code_point <= 0x17F) || (code_point >= 0x2018 && code_point <= 0x201E) ||
         code_point == 0x2026 || code_point == 0x20AC;
}

struct Utf8Scan {
  size_t invalid = 0;             // bytes that are not part of a valid sequence
  size_t first_invalid = kNone;   // byte offset
  size_t first_telling = kNone;   // byte offset of the first IsTellingUtf8 character
};

Utf8Scan ScanUtf8(std::string_view text) {
  Utf8Scan scan;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(p + i, n - i);
    if (length == 0) {
      if (scan.first_invalid == kNone) scan.first_invalid = i;
      ++scan.invalid;
      ++i;
      continue;
    }
    if (scan.first_telling == kNone && IsTellingUtf8(DecodeSequence(p + i, length))) scan.first_telling = i;
    i += length;
  }
  return scan;
}

void AppendUtf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Windows-1252 0x80..0x9F; 0 where the code page leaves the byte undefined.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

bool IsUndefinedInCp1252(unsigned char byte) {
  return byte >= 0x80 && byte <= 0x9F && kCp1252High[byte - 0x80] == 0;
}

struct Decoded {
  std::string text;
  size_t bad = 0;                // bytes replaced by U+FFFD
  size_t first_bad = kNone;      // offset in `text` of the first replacement
  unsigned char first_bad_byte = 0;
};

Decoded DecodeCp1252(std::string_view bytes) {
  Decoded out;
  out.text.reserve(bytes.size() + bytes.size() / 8);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.text.push_back(c);
    } else if (byte >= 0xA0) {
      AppendUtf8(out.text, byte);  // Latin-1 part
    } else if (const char16_t mapped = kCp1252High[byte - 0x80]; mapped != 0) {
      AppendUtf8(out.text, mapped);
    } else {
      if (out.first_bad == kNone) {
        out.first_bad = out.text.size();
        out.first_bad_byte = byte;
      }
      ++out.bad;
      out.text += kReplacement;
    }
  }
  return out;
}

Decoded DecodeUtf8Replacing(std::string_view bytes) {
  Decoded out;
  out.text.reserve(bytes.size() + 16);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const size_t length = p[i] < 0x80 ? 1 : Utf8SequenceLength(p + i, n - i);
    if (length == 0) {
      if (out.first_bad == kNone) {
        out.first_bad = out.text.size();
        out.first_bad_byte = p[i];
      }
      ++out.bad;
      out.text += kReplacement;
      ++i;
    } else {
      out.text.append(bytes.data() + i, length);
      i += length;
    }
  }
  return out;
}

// `what` says what is wrong with the byte: "is not valid UTF-8".
void ReportBadBytes(const Decoded& decoded, std::string_view what, ProblemSink& problems) {
  const Position at = PositionOf(decoded.text, decoded.first_bad);
  std::string message = Tr("line {0}, column {1}: byte {2} {3}", at.line, at.column, Hex(decoded.first_bad_byte), what);
  if (decoded.bad > 1) message += Tr(" ({0} bytes like this in the file)", decoded.bad);
  message += Tr("; save the file again as 'CSV UTF-8'");
  problems.Add(CsvProblem::Kind::kInvalidEncoding, at.line, at.column, std::move(message));
}

// Chooses the encoding, reports bad bytes and returns the UTF-8 text (a view of `bytes` when they
// are already valid UTF-8, otherwise of `storage`).
std::string_view Decode(std::string_view bytes, std::optional<Encoding> forced, CsvTable& table,
                        ProblemSink& problems, std::string& storage) {
  const std::string_view kNeither = Tr("is neither UTF-8 nor Windows-1252");
  if (forced == Encoding::kWindows1252) {
    table.encoding = Encoding::kWindows1252;
    Decoded decoded = DecodeCp1252(bytes);
    if (decoded.bad > 0) ReportBadBytes(decoded, Tr("is not a Windows-1252 character"), problems);
    storage = std::move(decoded.text);
    return storage;
  }
  const bool bom = bytes.starts_with(kUtf8Bom);
  const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
  const Utf8Scan scan = ScanUtf8(body);
  if (scan.invalid == 0) {
    table.encoding = bom ? Encoding::kUtf8Bom : Encoding::kUtf8;
    return body;
  }
  const bool plausible_cp1252 = std::none_of(body.begin(), body.end(), [](char c) {
    return IsUndefinedInCp1252(static_cast<unsigned char>(c));
  });
  if (bom || forced.has_value() || scan.first_telling != kNone) {
    // Meant as UTF-8: a BOM says so, the caller says so, or other lines have UTF-8 accents.
    table.encoding = bom ? Encoding::kUtf8Bom : Encoding::kUtf8;
    Decoded decoded = DecodeUtf8Replacing(body);
    if (plausible_cp1252 && scan.first_telling != kNone) {
      // Typically a UTF-8 file where someone pasted lines from a Windows-1252 one.
      const Position utf8_at = PositionOf(body, scan.first_telling);
      ReportBadBytes(decoded,
                     Tr("is not UTF-8 but line {0} is: the file mixes UTF-8 and Windows-1252", utf8_at.line),
                     problems);
    } else {
      ReportBadBytes(decoded, plausible_cp1252 ? Tr("is not valid UTF-8") : kNeither, problems);
    }
    storage = std::move(decoded.text);
    return storage;
  }
  table.encoding = Encoding::kWindows1252;
  Decoded decoded = DecodeCp1252(body);
  if (decoded.bad > 0) ReportBadBytes(decoded, kNeither, problems);
  storage = std::move(decoded.text);
  return storage;
}

// ---------------------------------------------------------------------------------------------
// Records

struct RawRecord {
  size_t line = 0;
  std::vector<std::string> fields;
  std::vector<size_t> columns;
  bool blank = false;             // an empty physical line
  bool ends_at_eof = false;       // no line ending after it
  bool unclosed = false;          // a quote opened at (quote_line, quote_column) is never closed
  size_t quote_line = 0;
  size_t quote_column = 0;
};

// Splits UTF-8 text into records (RFC 4180, plus lone CR line endings and literal quotes in the
// middle of unquoted fields). Line numbers and character columns are tracked as it goes.
class RecordReader {
 public:
  RecordReader(std::string_view text, char separator) : text_(text), separator_(separator) {}

  // Reads the next record; false at the end of the text.
  bool Next(RawRecord& record);

  // The last line of the text (a final line ending does not start a new line).
  size_t LastLine() const {
    const bool ends_with_newline = !text_.empty() && (text_.back() == '\n' || text_.back() == '\r');
    return ends_with_newline ? line_ - 1 : line_;
  }

 private:
  void EndLine() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    column_ = 1;
  }

  std::string_view text_;
  char separator_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t column_ = 1;
};

bool RecordReader::Next(RawRecord& record) {
  record.fields.clear();
  record.columns.clear();
  record.blank = record.ends_at_eof = record.unclosed = false;
  const char* data = text_.data();
  const size_t n = text_.size();
  if (pos_ >= n) return false;
  record.line = line_;
  if (data[pos_] == '\n' || data[pos_] == '\r') {
    record.blank = true;
    EndLine();
    return true;
  }
  while (true) {
    record.columns.push_back(column_);
    std::string& field = record.fields.emplace_back();
    if (pos_ < n && data[pos_] == '"') {
      const size_t quote_line = line_;
      const size_t quote_column = column_;
      ++pos_;
      ++column_;
      bool closed = false;
      while (pos_ < n) {
        const size_t start = pos_;
        while (pos_ < n) {
          const char c = data[pos_];
          if (c == '"' || c == '\n' || c == '\r') break;
          column_ += !IsContinuation(static_cast<unsigned char>(c));
          ++pos_;
        }
        field.append(data + start, pos_ - start);
        if (pos_ >= n) break;
        if (data[pos_] == '"') {
          if (pos_ + 1 < n && data[pos_ + 1] == '"') {  // "" is one quote
            field.push_back('"');
            pos_ += 2;
            column_ += 2;
            continue;
          }
          ++pos_;
          ++column_;
          closed = true;
          break;
        }
        // A line ending inside quotes belongs to the field, as written.
        const size_t newline = pos_;
        EndLine();
        field.append(data + newline, pos_ - newline);
      }
      if (!closed) {
        record.unclosed = true;
        record.ends_at_eof = true;
        record.quote_line = quote_line;
        record.quote_column = quote_column;
        return true;
      }
    }
    // An unquoted field, or what follows a closing quote (kept literally).
    const size_t start = pos_;
    while (pos_ < n) {
      const char c = data[pos_];
      if (c == separator_ || c == '\n' || c == '\r') break;
      column_ += !IsContinuation(static_cast<unsigned char>(c));
      ++pos_;
    }
    field.append(data + start, pos_ - start);
    if (pos_ >= n) {
      record.ends_at_eof = true;
      return true;
    }
    if (data[pos_] == separator_) {
      ++pos_;
      ++column_;
      continue;
    }
    EndLine();
    return true;
  }
}

// The separator that splits the most of the first lines into as many fields as the header
// (more than one); ';' then tab then ',' on ties. 0 when none splits the header.
char DetectSeparator(std::string_view text) {
  constexpr std::array<char, 3> kCandidates = {';', '\t', ','};
  char best = 0;
  size_t best_score = 0;
  RawRecord record;
  for (const char separator : kCandidates) {
    RecordReader reader(text, separator);
    size_t header_fields = 0;
    size_t score = 0;
    size_t seen = 0;
    while (seen < kDetectionLines && reader.Next(record)) {
      if (record.blank) continue;
      ++seen;
      if (header_fields == 0) {
        header_fields = record.fields.size();
        if (header_fields <= 1) break;
      }
      if (record.fields.size() == header_fields) ++score;
    }
    if (header_fields > 1 && score > best_score) {
      best = separator;
      best_score = score;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Header and rows

std::string_view TrimName(std::string_view name) {
  constexpr std::string_view kNbsp = "\xC2\xA0";
  while (true) {
    if (!name.empty() && (name.front() == ' ' || name.front() == '\t')) {
      name.remove_prefix(1);
    } else if (!name.empty() && (name.back() == ' ' || name.back() == '\t')) {
      name.remove_suffix(1);
    } else if (name.starts_with(kNbsp) || name.starts_with(kUtf8Bom)) {
      name.remove_prefix(name.starts_with(kNbsp) ? kNbsp.size() : kUtf8Bom.size());
    } else if (name.ends_with(kNbsp)) {
      name.remove_suffix(kNbsp.size());
    } else {
      return name;
    }
  }
}

void ReadHeader(RawRecord& record, CsvTable& table, ProblemSink& problems) {
  using Kind = CsvProblem::Kind;
  table.header_line = record.line;
  table.header.reserve(record.fields.size());
  for (const std::string& field : record.fields) table.header.emplace_back(TrimName(field));
  std::unordered_map<std::string_view, size_t> seen;
  const size_t count = table.header.size();
  for (size_t i = 0; i < count; ++i) {
    const std::string& name = table.header[i];
    if (name.empty()) {
      std::string message = Tr("field {0} of the header (line {1}) has no name", i + 1, record.line);
      if (i + 1 == count && count > 1) {
        message = Tr("the header (line {0}) ends with a separator, which makes a last field with no name", record.line);
      }
      problems.Add(Kind::kNoHeader, record.line, record.columns[i], std::move(message));
      continue;
    }
    const auto [it, inserted] = seen.emplace(name, i);
    if (!inserted) {
      problems.Add(Kind::kDuplicateHeader, record.line, record.columns[i],
                   Tr("the header names '{0}' twice, in fields {1} and {2}", name, it->second + 1, i + 1));
    }
  }
}

bool AllEmpty(const CsvRow& row) {
  return std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& f) { return f.empty(); });
}

bool HasLineBreak(const std::string& field) { return field.find_first_of("\r\n") != std::string::npos; }

void CheckFieldCounts(CsvTable& table, bool last_row_ends_at_eof, ProblemSink& problems) {
  using Kind = CsvProblem::Kind;
  const size_t expected = table.header.size();
  const std::string header_fields = Fields(expected);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const CsvRow& row = table.rows[r];
    const size_t actual = row.fields.size();
    if (actual == expected) continue;
    const std::string line = std::to_string(row.line);
    if (actual < expected && r + 1 == table.rows.size() && last_row_ends_at_eof) {
      problems.Add(Kind::kTruncated, row.line, 0,
                   Tr("the file ends in the middle of line {0}: it has {1}, the header has {2} (was the file cut short?)",
                      line, Fields(actual), header_fields));
      continue;
    }
    size_t column = 0;
    if (actual > expected &&
        std::none_of(row.fields.begin(), row.fields.begin() + static_cast<std::ptrdiff_t>(expected), HasLineBreak)) {
      column = row.columns[expected];  // the first extra field, on the row's first line
    }
    problems.Add(Kind::kFieldCount, row.line, column,
                 Tr("line {0} has {1}, the header has {2}", line, Fields(actual), header_fields));
  }
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8: return "UTF-8";
    case Encoding::kUtf8Bom: return N_("UTF-8 with BOM");  // shown with Tr() where a sentence names it
    case Encoding::kWindows1252: return "Windows-1252";
  }
  return "unknown";
}

CsvTable ReadCsv(std::string_view bytes, const CsvOptions& options) {
  using Kind = CsvProblem::Kind;
  CsvTable table;
  ProblemSink problems(table, options.max_problems);
  const auto finish = [&table]() -> CsvTable {
    std::stable_sort(table.problems.begin(), table.problems.end(),
                     [](const CsvProblem& a, const CsvProblem& b) { return a.line < b.line; });
    return std::move(table);
  };

  if (bytes.empty()) {
    problems.Add(Kind::kEmptyFile, 0, 0, std::string(Tr("the file is empty")));
    return finish();
  }
  if (RejectBinary(bytes, problems)) return finish();

  std::string storage;
  const std::string_view decoded = Decode(bytes, options.encoding, table, problems, storage);
  if (storage.empty()) {
    table.text.assign(decoded);
  } else {
    table.text = std::move(storage);
  }
  const std::string_view text = table.text;
  if (const size_t end = text.find_first_of("\r\n"); end != std::string_view::npos) {
    table.crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
  }

  const char separator = options.separator ? *options.separator : DetectSeparator(text);
  const bool single_column = separator == 0;
  table.separator = single_column ? ';' : separator;

  RecordReader reader(text, table.separator);
  RawRecord record;
  bool have_header = false;
  while (reader.Next(record)) {
    if (!record.blank) {
      have_header = true;
      break;
    }
  }
  if (!have_header) {
    problems.Add(Kind::kEmptyFile, 0, 0,
                 std::string(text.empty() ? Tr("the file is empty") : Tr("the file has only empty lines")));
    return finish();
  }
  const auto report_unclosed = [&]() {
    problems.Add(Kind::kUnclosedQuote, record.quote_line, record.quote_column,
                 Tr("the quote opened on line {0}, column {1} is never closed, so lines {2} to {3} cannot be read",
                    record.quote_line, record.quote_column, record.line, reader.LastLine()));
  };
  if (record.unclosed) {
    table.header_line = record.line;
    report_unclosed();
    return finish();
  }
  ReadHeader(record, table, problems);
  if (single_column && table.header.size() <= 1) {
    problems.Add(Kind::kSingleColumn, table.header_line, 0,
                 Tr("the file has a single column: no ';', ',' or tab separates the fields of the header (line {0})",
                    table.header_line));
  }

  bool last_ends_at_eof = false;
  while (reader.Next(record)) {
    if (record.blank) continue;  // empty lines carry nothing, wherever they are
    if (record.unclosed) {
      report_unclosed();
      break;
    }
    CsvRow& row = table.rows.emplace_back();
    row.line = record.line;
    row.fields = std::move(record.fields);
    row.columns = std::move(record.columns);
    last_ends_at_eof = record.ends_at_eof;
    record.fields.reserve(table.header.size());
    record.columns.reserve(table.header.size());
  }
  // Rows with only empty fields at the end of the file (';;;;' lines left by spreadsheets).
  while (!table.rows.empty() && AllEmpty(table.rows.back())) {
    table.rows.pop_back();
    last_ends_at_eof = false;
  }
  CheckFieldCounts(table, last_ends_at_eof, problems);
  return finish();
}

}  // namespace vigie::ingest
