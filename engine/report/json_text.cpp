#include "engine/report/json_text.h"

#include <bit>
#include <cstring>

#include "engine/base/source.h"

namespace vigie::report {

namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// The place of the first byte above 0x7F among eight (`high`: their bits 7 alone, one set at least).
size_t FirstHighOf(uint64_t high) { return static_cast<size_t>(std::countr_zero(high)) / 8; }

// Whether `run` is one character of two or three bytes that can be neither overlong nor a surrogate
// (lead byte C2-DF; E1-EC or EE-EF), found without FindInvalidUtf8's call: a reason's "≤", "é".
// False says nothing: FindInvalidUtf8 decides.
bool OneCommonCharacter(std::string_view run) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(run[i]); };
  auto follows = [&](size_t i) { return (byte(i) & 0xC0) == 0x80; };
  if (run.size() == 2) return byte(0) >= 0xC2 && byte(0) <= 0xDF && follows(1);
  if (run.size() == 3) {
    return ((byte(0) >= 0xE1 && byte(0) <= 0xEC) || byte(0) == 0xEE || byte(0) == 0xEF) && follows(1) && follows(2);
  }
  return false;
}

// Whether `text` is valid UTF-8 from `at` (a character's start) on: its ASCII skipped eight bytes at
// a time, each run of other bytes checked by FindInvalidUtf8 (an ASCII byte always starts a
// character, so a run of valid text is whole characters). A reason holds one or two such runs ("≤").
bool ValidUtf8From(std::string_view text, size_t at) {
  const char* data = text.data();
  const size_t size = text.size();
  while (at < size) {
    if (at + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, data + at, 8);
      if ((word & kHighBits) == 0) {
        at += 8;
        continue;
      }
      at += FirstHighOf(word & kHighBits);
    } else if (static_cast<unsigned char>(data[at]) < 0x80) {
      ++at;
      continue;
    }
    size_t end = at + 1;
    while (end < size && static_cast<unsigned char>(data[end]) >= 0x80) ++end;
    if (!OneCommonCharacter(text.substr(at, end - at)) && FindInvalidUtf8(text.substr(at, end - at)) != std::string_view::npos) {
      return false;
    }
    at = end;
  }
  return true;
}

using Block = unsigned char __attribute__((vector_size(16)));

// Whether any of `block`'s bytes is one nlohmann escapes (a control byte, '"' or '\\').
bool HasEscaped(Block block) {
  const auto escaped = (block < 0x20) | (block == '"') | (block == '\\');
  uint64_t halves[2];
  std::memcpy(halves, &escaped, sizeof halves);
  return (halves[0] | halves[1]) != 0;
}

// The place in `block` of its first byte above 0x7F, 16 when there is none.
size_t FirstHigh(Block block) {
  uint64_t halves[2];
  std::memcpy(halves, &block, sizeof halves);
  if ((halves[0] & kHighBits) != 0) return FirstHighOf(halves[0] & kHighBits);
  if ((halves[1] & kHighBits) != 0) return 8 + FirstHighOf(halves[1] & kHighBits);
  return 16;
}

// The bytes of a text shorter than 16 in one block, in two loads that may overlap (a byte twice
// changes nothing of what is looked for), the rest of the block plain ASCII.
Block ShortBlock(const char* data, size_t size) {
  Block block;
  std::memset(&block, 'a', sizeof block);
  auto* bytes = reinterpret_cast<unsigned char*>(&block);
  if (size >= 8) {
    std::memcpy(bytes, data, 8), std::memcpy(bytes + 8, data + size - 8, 8);
  } else if (size >= 4) {
    std::memcpy(bytes, data, 4), std::memcpy(bytes + 4, data + size - 4, 4);
  } else {
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<unsigned char>(data[i]);
  }
  return block;
}

}  // namespace

// Sixteen bytes at a time (a campaign's verdicts hold gigabytes of text, almost never a byte to
// escape), the last block ending at the text's end (it may overlap the one before), a short text in
// one. The UTF-8 check starts at the first byte above 0x7F: every byte before it is
// ASCII, so that it starts a character.
bool WrittenAsIsInJson(std::string_view text) {
  const char* data = text.data();
  const size_t size = text.size();
  if (size < 16) {
    const Block block = ShortBlock(data, size);
    if (HasEscaped(block)) return false;
    return FirstHigh(block) == 16 || ValidUtf8From(text, 0);
  }
  size_t first_high = std::string_view::npos;
  for (size_t at = 0;; at += 16) {
    if (at + 16 > size) at = size - 16;
    Block block;
    std::memcpy(&block, data + at, sizeof block);
    if (HasEscaped(block)) return false;
    if (first_high == std::string_view::npos && FirstHigh(block) < 16) first_high = at + FirstHigh(block);
    if (at + 16 == size) break;
  }
  return first_high == std::string_view::npos || ValidUtf8From(text, first_high);
}

}  // namespace vigie::report
