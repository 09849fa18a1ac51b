#include "engine/ingest/interval_cell.h"

#include <vector>

#include "engine/base/text.h"

namespace vigie::ingest {

namespace {

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Each part a number (not a missing code), all with '%' or all without.
bool ReadParts(const std::vector<std::string_view>& parts, DecimalMark mark, NumberCell& first) {
  bool percent = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const NumberCell number = ParseNumberCell(parts[i], mark);
    if (number.kind != NumberCell::Kind::kValue || number.mark_ambiguous || number.group_ambiguous) return false;
    if (i == 0) {
      first = number;
      percent = number.percent_sign;
    } else if (number.percent_sign != percent) {
      return false;
    }
  }
  return true;
}

}  // namespace

IntervalCell ParseIntervalCell(std::string_view cell, DecimalMark mark) {
  IntervalCell out;
  const std::string_view text = TrimView(cell);
  constexpr std::string_view kPlusMinus = "\xC2\xB1";  // U+00B1 '±'
  if (const size_t at = text.find(kPlusMinus); at != std::string_view::npos) {
    const std::string_view value = text.substr(0, at);
    const std::string_view width = text.substr(at + kPlusMinus.size());
    if (TrimView(value).empty() || TrimView(width).empty()) return out;
    if (!ReadParts({value, width}, mark, out.value)) return out;
    out.note = "\xC2\xB1 " + std::string(TrimView(width));
    out.ok = true;
    return out;
  }
  const size_t open = text.find('[');
  if (open == std::string_view::npos || text.back() != ']') return out;
  std::string_view value = TrimView(text.substr(0, open));
  if (value.empty() || value.back() != '-') return out;
  value.remove_suffix(1);
  const std::string_view inside = text.substr(open + 1, text.size() - open - 2);
  // The bounds are separated by " - " (a bound is never negative in these files, but a '-' right after
  // a digit is the separator, so "-3 - 5" still reads).
  const size_t dash = inside.find(" - ");
  if (dash == std::string_view::npos) return out;
  const std::string_view low = inside.substr(0, dash), high = inside.substr(dash + 3);
  if (TrimView(value).empty() || TrimView(low).empty() || TrimView(high).empty()) return out;
  if (!ReadParts({value, low, high}, mark, out.value)) return out;
  out.note = "[" + std::string(TrimView(low)) + " - " + std::string(TrimView(high)) + "]";
  out.ok = true;
  return out;
}

bool LooksLikeIntervalCell(std::string_view cell) {
  return cell.find("\xC2\xB1") != std::string_view::npos ||
         (cell.find('[') != std::string_view::npos && cell.find(']') != std::string_view::npos);
}

std::string IntervalHelp() {
  return std::string(Tr("a value with its interval is written 63 - [58 - 68] or 57 ± 5 (each part a number, the bounds "
                        "separated by ' - ', with % on every part or on none: 26% - [17% - 36%])"));
}

}  // namespace vigie::ingest
