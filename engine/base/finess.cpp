#include "engine/base/finess.h"

#include "engine/base/quote.h"
#include "engine/base/text.h"

namespace vigie {

FinessCheck CheckFiness(std::string_view finess) {
  FinessCheck result;
  if (finess.size() != 9) {
    result.problem = FinessProblem::kLength;
    return result;
  }
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < 9; ++i) {
    bool ok = i == 1 ? (is_digit(finess[i]) || finess[i] == 'A' || finess[i] == 'B') : is_digit(finess[i]);
    if (!ok) {
      result.problem = FinessProblem::kCharacters;
      return result;
    }
  }
  const std::string_view department = finess.substr(0, 2);
  const bool corsica = department == "2A" || department == "2B";
  if (!corsica && !is_digit(finess[1])) {  // only Corsica's départements have a letter: 9A, 0B are none
    result.problem = FinessProblem::kDepartment;
    return result;
  }
  if (!corsica) {
    int number = (finess[0] - '0') * 10 + (finess[1] - '0');
    // Metropolitan 01-95 (20 is no longer used: Corsica is 2A/2B), overseas 97x and 98x.
    if (number == 0 || number == 20 || number == 96 || number == 99) {
      result.problem = FinessProblem::kDepartment;
      return result;
    }
  }
  // Luhn over the first 8 characters decides the 9th.
  int digits[9];
  for (size_t i = 0; i < 9; ++i) digits[i] = finess[i] - '0';
  if (corsica) digits[1] = finess[1] == 'A' ? 1 : 2;
  int sum = 0;
  for (int i = 7; i >= 0; --i) {
    int value = digits[i];
    if ((7 - i) % 2 == 0) {  // every second digit from the right of the payload is doubled
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  const int key = (10 - sum % 10) % 10;
  if (key != digits[8]) {
    result.problem = FinessProblem::kCheckDigit;
    result.expected_key = static_cast<char>('0' + key);
  }
  return result;
}

std::string DescribeFinessProblem(std::string_view finess, const FinessCheck& check) {
  switch (check.problem) {
    case FinessProblem::kNone: return "";
    case FinessProblem::kLength:
      return Tr("a FINESS number has 9 characters, {0} has {1}", QuoteForMessage(finess), finess.size());
    case FinessProblem::kCharacters:
      return Tr("a FINESS number is 9 digits (2A or 2B for Corsica), not {0}", QuoteForMessage(finess));
    case FinessProblem::kDepartment:
      return Tr("'{0}' is not a département prefix", finess.substr(0, 2));
    case FinessProblem::kCheckDigit:
      return Tr("the check digit of '{0}' should be {1}, not {2}", finess, check.expected_key, finess[8]);
  }
  return "";
}

}  // namespace vigie
