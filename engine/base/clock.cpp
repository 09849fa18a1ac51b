#include "engine/base/clock.h"

#include <chrono>
#include <cstdlib>
#include <ctime>

namespace vigie {

std::string NowUtc() {
  if (const char* fixed = std::getenv("VIGIE_FIXED_TIME"); fixed != nullptr && *fixed != '\0') return fixed;
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

calendar::Date Today() { return calendar::ParseDateOrTime(NowUtc()).written; }

}  // namespace vigie
