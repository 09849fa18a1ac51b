// Copies of a few to a few dozen bytes made inline: a campaign's CSV and JSON are made of millions
// of such pieces (an entity's id, a period, a reason), and a call to memcpy for each cost more than
// the copy itself (a third of report.csv's writer, 2026-12-08).
#pragma once

#include <cstddef>
#include <cstring>

namespace vigie {

// Copies the `size` bytes at `from` to `to` (not overlapping) and returns the end of the copy. Every
// load and store stays within the two ranges: the bytes are moved in blocks of 16, 8, 4 that may
// overlap one another (a byte copied twice is the same byte), the last ending at the text's end.
[[gnu::always_inline]] inline char* CopyShort(char* to, const char* from, size_t size) {
  if (size > 64) {
    std::memcpy(to, from, size);  // long enough for the call to be worth it
  } else if (size >= 16) {
    for (size_t at = 0; at + 16 < size; at += 16) std::memcpy(to + at, from + at, 16);
    std::memcpy(to + size - 16, from + size - 16, 16);
  } else if (size >= 8) {
    std::memcpy(to, from, 8), std::memcpy(to + size - 8, from + size - 8, 8);
  } else if (size >= 4) {
    std::memcpy(to, from, 4), std::memcpy(to + size - 4, from + size - 4, 4);
  } else if (size > 0) {
    to[0] = from[0], to[size / 2] = from[size / 2], to[size - 1] = from[size - 1];
  }
  return to + size;
}

}  // namespace vigie
