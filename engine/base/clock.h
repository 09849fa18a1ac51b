// The clock: the one place vigie reads the time. VIGIE_FIXED_TIME (e.g. 2026-01-01T00:00:00Z)
// replaces it, so tests and golden files do not depend on the day they run.
#pragma once

#include <string>

#include "engine/base/calendar.h"

namespace vigie {

// Now, as UTC ISO text: "2026-12-05T18:10:48Z".
std::string NowUtc();
// Today's date, UTC.
calendar::Date Today();

}  // namespace vigie
