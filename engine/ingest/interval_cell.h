// A value published with its confidence interval, as Hospi Diag 2009-2014 writes its quality axis:
// "57 ± 5" and "15% ± 8%" (2009-2011: the value and the half-width of its 95 % interval), then
// "63 - [58 - 68]" and "26% - [17% - 36%]" (2012-2014: the value and the interval's bounds). The value
// is what an indicator measures; the interval is kept as the stored value's note.
#pragma once

#include <string>
#include <string_view>

#include "engine/ingest/literals.h"

namespace vigie::ingest {

struct IntervalCell {
  bool ok = false;    // one of the two forms, each number a value, with '%' on all or on none
  NumberCell value;   // the value (before " ± " or " - [")
  std::string note;   // "± 5", "[58 - 68]": the interval as written, trimmed
};

IntervalCell ParseIntervalCell(std::string_view cell, DecimalMark mark);

}  // namespace vigie::ingest
