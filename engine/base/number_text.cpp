#include "engine/base/number_text.h"

#include <charconv>

namespace vigie {

std::string ShortNumber(double value) {
  // The text of printf's "%.10g" (the standard defines to_chars with a precision so), without
  // printf's cost: every reason of a campaign writes one or two numbers.
  char buffer[64];
  const std::to_chars_result written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10);
  return std::string(buffer, written.ptr);
}

}  // namespace vigie
