// FINESS establishment numbers: 9 characters, a département prefix, a Luhn check digit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigie {

enum class FinessProblem {
  kNone,
  kLength,      // not 9 characters
  kCharacters,  // not [0-9][0-9AB][0-9]{7}
  kDepartment,  // prefix is not a French département (01-95, 2A, 2B, 97x, 98x)
  kCheckDigit,  // Luhn key does not match
};

struct FinessCheck {
  FinessProblem problem = FinessProblem::kNone;
  char expected_key = 0;  // for kCheckDigit: the digit the number should end with
};

// Validates a FINESS number. The check digit is Luhn over the 9 characters, with Corsica's
// letters counted as digits (2A -> 21, 2B -> 22): every number of the Hospi Diag files checks this
// way (see docs/decisions/finess.md and the brief's domain reference, section 7).
FinessCheck CheckFiness(std::string_view finess);

// One line for a diagnostic, e.g. "the check digit should be 4, not 7".
std::string DescribeFinessProblem(std::string_view finess, const FinessCheck& check);

}  // namespace vigie
