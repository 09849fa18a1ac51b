// Reading CSV files as ARS controllers and hospitals actually have them.
//
// Three families of files reach vigie: Hospi Diag open data (';', UTF-8, CRLF, decimal comma),
// spreadsheets saved as CSV by Excel in French settings (';', Windows-1252 or UTF-8 with a BOM,
// quoted fields with embedded ';', '""' and newlines) and exports of information systems (',' or
// tab, LF). ReadCsv detects the encoding, the separator and the line endings, splits the file
// into a header and rows, and reports every problem as data: it never prints, never throws on bad
// input and never touches the disk (the caller reads the bytes).
//
// The text of the table is always UTF-8. Fields are returned exactly as written (not trimmed,
// not converted: the literal parsers do that); only the header names are trimmed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::ingest {

enum class Encoding { kUtf8, kUtf8Bom, kWindows1252 };

// One reason a line or the whole file is wrong.
struct CsvProblem {
  enum class Kind {
    kBinary,           // NUL bytes, many control bytes, a spreadsheet (.xlsx/.ods/.xls): no rows
    kInvalidEncoding,  // neither UTF-8 nor Windows-1252, UTF-8 mixed with Windows-1252, UTF-16
    kUnclosedQuote,    // a quote opened and never closed before the end of the file
    kFieldCount,       // a row has more or fewer fields than the header
    kEmptyFile,        // no bytes, or only empty lines
    kNoHeader,         // a header field has no name
    kDuplicateHeader,  // two header fields have the same name
    kTruncated,        // the last line has too few fields and no final newline: the file was cut
    kSingleColumn,     // no separator splits the header (';', ',' and tab were tried)
  };
  Kind kind;
  size_t line = 0;    // 1-based; 0 = the whole file
  size_t column = 0;  // 1-based, in characters of the original line after decoding; 0 = none
  std::string message;  // one line for a non-programmer: "line 12 has 5 fields, the header has 7"
};

struct CsvRow {
  size_t line = 0;                  // 1-based line where the row starts
  std::vector<std::string> fields;  // UTF-8, as written (quotes removed, "" unescaped)
  std::vector<size_t> columns;      // columns[i] = 1-based character column where field i starts
};

struct CsvTable {
  Encoding encoding = Encoding::kUtf8;
  char separator = ';';  // ';' ',' or '\t', detected (';' when nothing splits the header)
  bool crlf = false;     // the first line ending of the file is CRLF
  std::vector<std::string> header;
  size_t header_line = 1;
  // Data rows in order. Rows with the wrong number of fields are still returned (a problem names
  // their line); a row whose quote is never closed is not.
  std::vector<CsvRow> rows;
  std::vector<CsvProblem> problems;  // sorted by line, at most CsvOptions::max_problems
  size_t more_problems = 0;          // problems found beyond max_problems (counted, not listed)
  // The whole file decoded to UTF-8, BOM removed: the text that lines and columns refer to (a line
  // ends at LF, CRLF or a lone CR). Empty for a binary file.
  std::string text;
};

struct CsvOptions {
  std::optional<char> separator = std::nullopt;      // forces the separator instead of detecting it
  std::optional<Encoding> encoding = std::nullopt;   // forces the encoding instead of detecting it
  size_t max_problems = 100;
};

// Reads a whole file's bytes.
CsvTable ReadCsv(std::string_view bytes, const CsvOptions& options = {});

// "UTF-8", "UTF-8 with BOM", "Windows-1252".
std::string_view EncodingName(Encoding encoding);

}  // namespace vigie::ingest
