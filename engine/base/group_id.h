// Group codes (a GHT, a CPTS): the name a contract gives its group party
// (`parties groupe GHT_NORD_ARDENNES`), so a name of the language: an ASCII letter, then ASCII
// letters, digits or '_'. Checked on import as a FINESS is (finess.h): a code such as `=1+1`,
// markup or a 100 000-character cell must reach neither the store nor a report.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vigie {

inline constexpr size_t kMaxGroupIdLength = 64;

// Why `id` cannot be a group code, in one line for a diagnostic ("" when it can), e.g.
// "a group code starts with a letter, not '='".
std::string GroupIdProblem(std::string_view id);

}  // namespace vigie
