#include "engine/base/suggest.h"

#include <algorithm>
#include <cctype>

namespace vigie {
namespace {

std::vector<char32_t> DecodeLowered(std::string_view utf8) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t code_point = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < length && i + k < utf8.size(); ++k) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    if (code_point < 0x80) code_point = static_cast<char32_t>(std::tolower(static_cast<int>(code_point)));
    out.push_back(code_point);
    i += length;
  }
  return out;
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  const std::vector<char32_t> x = DecodeLowered(a);
  const std::vector<char32_t> y = DecodeLowered(b);
  std::vector<size_t> previous(y.size() + 1), current(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      size_t substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[y.size()];
}

std::optional<std::string> SuggestName(std::string_view name, const std::vector<std::string>& candidates) {
  // A name this long is no typo of a name; comparing it would cost its length times every
  // candidate's (a 30 MB data cell once took a minute).
  if (name.size() > kMaxSuggestedBytes) return std::nullopt;
  std::vector<std::string> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  const size_t length = DecodeLowered(name).size();
  // One edit per three letters: a one- or two-letter name only matches a different letter case.
  const size_t limit = length / 3;
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const std::string& candidate : sorted) {
    if (candidate == name || candidate.size() > kMaxSuggestedBytes) continue;
    const size_t candidate_length = DecodeLowered(candidate).size();
    const size_t gap = candidate_length > length ? candidate_length - length : length - candidate_length;
    if (gap > limit) continue;  // the distance is at least the difference of lengths
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace vigie
