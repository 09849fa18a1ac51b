#include "engine/base/spreadsheet.h"

#include <string>

#include "engine/base/byte_scan.h"

namespace vigie {

bool StartsLikeFormula(std::string_view cell) {
  if (cell.empty()) return false;
  const char c = cell.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

std::string NeutraliseFormula(std::string_view cell) {
  if (!StartsLikeFormula(cell)) return std::string(cell);
  return "'" + std::string(cell);
}

bool CsvBytesNeedQuotes(std::string_view text, char separator) {
  // The bytes that make a field quoted, found sixteen bytes at a time (a campaign's CSV writes
  // gigabytes of fields); the two separators vigie uses are sets made once.
  static constexpr ByteSet kSemicolon("\";\n\r"), kComma("\",\n\r");
  auto holds = [&](const ByteSet& special) { return special.Find(text) != text.size(); };
  return separator == ';'   ? holds(kSemicolon)
         : separator == ',' ? holds(kComma)
                            : holds(ByteSet(std::string{'"', separator, '\n', '\r'}));
}

namespace {

// True when `text`'s ends make it quoted as a field: a space at either end (a front space behind the
// apostrophe, `prefixed`, no longer is one).
bool EndsMustQuote(std::string_view text, bool prefixed) {
  return !text.empty() && ((!prefixed && text.front() == ' ') || text.back() == ' ');
}

// True when `text` must be quoted as a field (`prefixed`: an apostrophe will stand before it).
bool MustQuote(std::string_view text, char separator, bool prefixed) {
  return EndsMustQuote(text, prefixed) || CsvBytesNeedQuotes(text, separator);
}

// `text` as one CSV field appended to `out`: an apostrophe in front when `neutralise` and it starts
// like a formula; quoted (quotes doubled) when MustQuote.
void AppendCsv(std::string& out, std::string_view text, char separator, bool neutralise) {
  const bool prefixed = neutralise && StartsLikeFormula(text);
  const bool quote = MustQuote(text, separator, prefixed);
  if (quote) out += '"';
  if (prefixed) out += '\'';
  if (!quote) {
    out += text;
    return;
  }
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

void AppendCsvField(std::string& out, std::string_view cell, char separator) { AppendCsv(out, cell, separator, true); }

bool CsvFieldNeedsChange(std::string_view cell, char separator) {
  const bool prefixed = StartsLikeFormula(cell);
  return prefixed || MustQuote(cell, separator, prefixed);
}

bool CsvFieldEndsNeedChange(std::string_view cell) {
  const bool prefixed = StartsLikeFormula(cell);
  return prefixed || EndsMustQuote(cell, prefixed);
}

std::string CsvField(std::string_view cell, char separator) {
  std::string out;
  AppendCsv(out, cell, separator, true);
  return out;
}

std::string CsvQuoted(std::string_view text, char separator) {
  std::string out;
  AppendCsv(out, text, separator, false);
  return out;
}

std::string ColumnLetters(uint32_t column) {
  std::string out;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

}  // namespace vigie
