// Reading one sheet of an Excel workbook (.xlsx, Office Open XML) as a table, the way ReadCsv reads a
// CSV file, so that both feed the same validated import.
//
// The zip container is read with libzip and the XML parts with expat (streamed: a sheet is never
// held as a tree). Shared strings, inline strings, rich text, numbers, booleans, error values and
// formula results are read; a number cell that Excel formats as a date becomes its ISO date
// (2020-06-30; the 1900 and 1904 date systems). The table's text has one line per row of the sheet
// (line N = row N), its cells separated by tabs, so that a diagnostic's line is the sheet's row and
// the SourceFile, marked as a sheet, names the cell (B12).
//
// Hostile files are refused, never followed: the limits are in XlsxLimits (docs/import.md). The
// reader never prints, never throws on bad input and never touches the disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ingest/csv_reader.h"

namespace vigie::ingest {

struct XlsxLimits {
  uint64_t max_part_bytes = 256ull << 20;   // uncompressed bytes of one XML part (sheet, shared strings)
  uint64_t max_total_bytes = 512ull << 20;  // uncompressed bytes read from the whole workbook
  size_t max_entries = 10000;               // files in the zip container
  size_t max_cells = 5000000;               // non-empty cells of the sheet
  size_t max_shared_strings = 2000000;      // entries of the shared strings table
  uint32_t max_rows = 1048576;              // Excel's own limits
  uint32_t max_columns = 16384;             // (XFD)
  size_t max_text_bytes = 256u << 20;       // the sheet as text (the table's text)
};

struct XlsxProblem {
  enum class Kind {
    kNone,
    kNotWorkbook,  // not a zip archive, or a zip without a workbook (an .ods, a .docx), encrypted
    kBroken,       // a part that is missing, unreadable or not well-formed XML
    kTooLarge,     // a limit of XlsxLimits is exceeded (a zip bomb, a huge sheet)
    kNoSheet,      // --sheet names no sheet of the workbook
  };
  Kind kind = Kind::kNone;
  std::string message;  // one line for a non-programmer
  std::string help;
};

struct XlsxTable {
  CsvTable table;                   // separator '\t', encoding UTF-8; problems: header and cells
  std::string sheet;                // the name of the sheet read
  std::vector<std::string> sheets;  // every sheet of the workbook, in order
  XlsxProblem problem;              // kNone when the table was read
};

// True for the bytes of a zip archive (an .xlsx is one).
bool LooksLikeZip(std::string_view bytes);

// Reads sheet `sheet` (its name, or its 1-based position "2"; "" = the first sheet) of the workbook
// `bytes`. The header is the first row that has a non-empty cell; rows with no value are skipped.
XlsxTable ReadXlsx(std::string_view bytes, std::string_view sheet, const XlsxLimits& limits = {});

}  // namespace vigie::ingest
