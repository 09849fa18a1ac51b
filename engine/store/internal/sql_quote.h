// SQLite's quote() of a REAL, written without asking SQLite when the text is certain: the data
// digest's line of each value read (Store::OriginsOf) holds quote(value), and formatting millions of
// them through SQLite's printf was most of the origins' query.
#pragma once

#include <string>

namespace vigie::store::internal {

// Appends quote(value)'s text for a value that is exactly its shortest decimal (a whole number, or
// a fraction of a power of two such as W1's eighths), of at most 15 significant digits, that
// "%!.15g" writes without an exponent (10^-4 <= |value| < 10^15): those digits, with ".0" when it
// is whole ("403.0", "364.125"). Returns false, appending nothing, for any other value (0.1, zero
// and its sign, exponents, 16 or 17 digits, infinities): ask SQLite's quote() for those.
bool AppendQuotedReal(std::string& out, double value);

}  // namespace vigie::store::internal
