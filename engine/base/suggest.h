// "Did you mean" suggestions: one helper over the names in scope, used by every stage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie {

// Edit distance between two UTF-8 strings, counted in code points, case-insensitively for ASCII.
size_t EditDistance(std::string_view a, std::string_view b);

// Names longer than this (in bytes) get no suggestion, and are suggested for nothing.
inline constexpr size_t kMaxSuggestedBytes = 128;

// The closest candidate to `name`, if it is close enough to be a likely typo:
// distance at most length/3 (so one- and two-letter names get no suggestion). Ties go to the first candidate in sorted order.
// Cost: at most kMaxSuggestedBytes squared per candidate, whatever the length of `name`.
std::optional<std::string> SuggestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace vigie
