#include "engine/base/number_text.h"

#include <cstdio>

namespace vigie {

std::string ShortNumber(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

}  // namespace vigie
