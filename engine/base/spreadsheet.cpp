#include "engine/base/spreadsheet.h"

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

std::string CsvField(std::string_view cell, char separator) { return CsvQuoted(NeutraliseFormula(cell), separator); }

std::string CsvQuoted(std::string_view text, char separator) {
  const bool quote = !text.empty() && (text.front() == ' ' || text.back() == ' ' ||
                                       text.find_first_of(std::string("\"\r\n") + separator) != std::string::npos);
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
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
