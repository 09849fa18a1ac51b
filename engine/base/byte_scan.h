// Finding the first of a few bytes in a text, sixteen bytes at a time: the writers of a campaign's
// CSV and pages look for the bytes to quote or escape in every text they write (gigabytes), and
// almost never find one. The blocks are compared with the compiler's vector types (SSE2 on x86,
// NEON on ARM), the rest byte by byte.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace vigie {

class ByteSet {
 public:
  // `bytes`: one to five bytes.
  explicit constexpr ByteSet(std::string_view bytes) {
    // A set built at compile time (as every one is) with no byte or too many does not compile.
    if (bytes.empty() || bytes.size() > kMost) throw std::invalid_argument("ByteSet: one to five bytes");
    for (size_t i = 0; i < kMost; ++i) {
      const char byte = bytes[i < bytes.size() ? i : 0];  // a short set repeats its first byte
      wanted_[static_cast<unsigned char>(byte)] = true;
      for (char& lane : lanes_[i]) lane = byte;
    }
  }

  bool Has(char byte) const { return wanted_[static_cast<unsigned char>(byte)]; }

  // The position of the first byte of the set in `text` at or after `from`; text.size() if none.
  size_t Find(std::string_view text, size_t from = 0) const {
    using Block = char __attribute__((vector_size(16)));
    const char* data = text.data();
    Block lanes[kMost];
    std::memcpy(lanes, lanes_.data(), sizeof lanes);
    auto holds = [&](size_t at) {  // whether the 16 bytes at `at` hold one of the set
      Block block;
      std::memcpy(&block, data + at, sizeof block);
      const auto hits = (block == lanes[0]) | (block == lanes[1]) | (block == lanes[2]) | (block == lanes[3]) |
                       (block == lanes[4]);
      uint64_t halves[2];
      std::memcpy(halves, &hits, sizeof halves);
      return (halves[0] | halves[1]) != 0;
    };
    for (; from + 16 <= text.size(); from += 16) {
      if (holds(from)) break;  // in this block: found below
    }
    // The few bytes after the last whole block (most texts end so) looked at in the block that ends
    // the text, overlapping the one before, rather than one by one: none there, none at all.
    if (from + 16 > text.size() && from < text.size() && text.size() >= 16 && !holds(text.size() - 16)) {
      return text.size();
    }
    for (; from < text.size(); ++from) {
      if (Has(data[from])) return from;
    }
    return text.size();
  }

 private:
  static constexpr size_t kMost = 5;
  std::array<bool, 256> wanted_{};
  std::array<std::array<char, 16>, kMost> lanes_{};
};

}  // namespace vigie
