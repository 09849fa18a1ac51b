// The texts of the last few numbers a report's writer wrote, found again by their double: the
// verdicts of one item and period, one after the other, share their target and band, and a value
// read is the value measured; each text is made once, not once a cell (millions in a campaign).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigie::report {

class RecentNumbers {
 public:
  // The text kept for `value` (the same bits), or "" when it is not among the last few.
  std::string_view Find(double value) const {
    const auto bits = std::bit_cast<uint64_t>(value);
    for (const Entry& entry : entries_) {
      if (entry.size > 0 && entry.bits == bits) return std::string_view(entry.text.data(), entry.size);
    }
    return {};
  }
  // Find's text is stored in this many bytes: a reader may copy them all, a fixed size, where its
  // output has room for them (then keep only the text's own).
  static constexpr size_t kStored = 40;
  // Keeps `text` as the text of `value`, in place of the oldest kept; a text too long is not kept.
  void Keep(double value, std::string_view text) {
    if (text.empty() || text.size() > kLongest) return;
    Entry& entry = entries_[next_];
    next_ = (next_ + 1) % entries_.size();
    entry.bits = std::bit_cast<uint64_t>(value);
    entry.size = text.size();
    text.copy(entry.text.data(), text.size());
  }

 private:
  static constexpr size_t kLongest = kStored;
  struct Entry {
    uint64_t bits = 0;
    size_t size = 0;  // 0: none kept
    std::array<char, kLongest> text{};
  };
  std::array<Entry, 4> entries_{};
  size_t next_ = 0;
};

}  // namespace vigie::report
