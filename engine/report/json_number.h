// A double as the JSON reports write it: nlohmann's dump, its shortest text that reads back as the
// same double ("364.125", "12.0", "1e+20"), without its Grisu2 for the usual values.
#pragma once

namespace vigie::report {

// Writes `value` (finite) at `out`, as nlohmann::json(value).dump() would; returns its end. `out`
// has room for 64 bytes.
char* WriteJsonNumber(char* out, double value);

}  // namespace vigie::report
