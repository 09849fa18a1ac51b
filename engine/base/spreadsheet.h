// CSV cells that a spreadsheet opens safely. Excel and LibreOffice run a cell that starts with
// = + - @ (or a tab or carriage return before one) as a formula: `=HYPERLINK(...)` becomes a
// link, `+1+cmd|...` a command. Every CSV vigie writes (the rejects file of an import, the CSV
// report, the data templates) passes its text cells through here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigie {

// True when a spreadsheet could read `cell` as a formula: it starts with = + - @, a tab or a
// carriage return (OWASP's list). A negative number ("-16,8") is neutralised too: telling a
// number from "-1+cmd|..." is the spreadsheet's business, and the apostrophe costs nothing when
// vigie reads the cell back.
bool StartsLikeFormula(std::string_view cell);

// `cell` with an apostrophe in front when StartsLikeFormula: "=1+1" -> "'=1+1". A spreadsheet
// shows the apostrophe-led cell as text; `vigie import` drops the apostrophe when it reads the
// cell back (engine/ingest/importer.cpp, Trim).
std::string NeutraliseFormula(std::string_view cell);

// `cell` as one field of a CSV line separated by `separator`: formula neutralised, then quoted
// (quotes doubled) when it holds the separator, a quote, a line break, or spaces at either end.
std::string CsvField(std::string_view cell, char separator);
// The same field appended to `out`, without a string of its own (a campaign's CSV writes millions).
void AppendCsvField(std::string& out, std::string_view cell, char separator);

// False when CsvField(cell) is `cell` itself (no apostrophe, no quotes): a writer can then write the
// text in place first, and make it a field only when it must.
bool CsvFieldNeedsChange(std::string_view cell, char separator);

// True when `text` holds the separator, a quote or a line break: a field that holds one is quoted.
bool CsvBytesNeedQuotes(std::string_view text, char separator);

// CsvFieldNeedsChange of a cell known to hold no separator, quote nor line break (a writer made it of
// pieces each found so once): its ends alone then decide.
bool CsvFieldEndsNeedChange(std::string_view cell);

// The same without neutralising: only for a formula vigie writes itself (="010007300", which
// keeps a FINESS as text), never for text that comes from a file or a ruleset.
std::string CsvQuoted(std::string_view cell, char separator);

// A spreadsheet's column as its letters: "A" for 1, "Z" for 26, "AA" for 27 ... "XFD" for 16384.
std::string ColumnLetters(uint32_t column);

}  // namespace vigie
