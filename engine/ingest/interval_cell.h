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

// The cell is written as a value with its interval (it has a '±', or a '[' and a ']') even if it is
// not one of the two forms: its V4004 then says how these cells are written (IntervalHelp).
bool LooksLikeIntervalCell(std::string_view cell);
// The help line of such a cell that does not read: the two forms, with their rules.
std::string IntervalHelp();

}  // namespace vigie::ingest
