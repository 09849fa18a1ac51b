// User text (a cell, a name, a path) quoted in a message: 'text', cut after a few dozen characters.
// A data cell can be megabytes long; its message, and the rejects file that repeats it, stay short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigie {

inline constexpr size_t kMaxQuotedCodePoints = 40;

// "'abc'" (in French "« abc »"); longer than `max_code_points` code points: the first ones, then "…" ("'abcd…'").
std::string QuoteForMessage(std::string_view text, size_t max_code_points = kMaxQuotedCodePoints);

// The same text without the quotes, for a message that writes its own ('{0}', « {0} »): "abcd…".
std::string ShortenForMessage(std::string_view text, size_t max_code_points = kMaxQuotedCodePoints);

}  // namespace vigie
