// Which texts report.json writes as they are between their quotes: those nlohmann's dump would not
// change (no byte to escape, valid UTF-8), found fast, and the report's pooled texts checked once.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace vigie::report {

// True when nlohmann's dump writes `text` unchanged between two quotes: no control byte, '"' nor
// '\\', and valid UTF-8 (dump escapes the first three and throws on the last).
bool WrittenAsIsInJson(std::string_view text);

// The pooled texts (each a std::string of the report's TextPool, by its address) already found
// written as they are, each kept quoted: a verdict's period, verdict, comparator, indicator, role and
// unit are the same few texts millions of times in a campaign, checked once each, not once a
// verdict, and copied in a fixed number of bytes, with no call. Direct-mapped: a text pushed out by
// another is checked again, nothing worse. The texts must not change while it is used (a report is
// written from a const model).
class PlainTexts {
 public:
  // How many bytes Quoted may write past the text's closing quote (its copies are of fixed size).
  static constexpr size_t kOverwrite = 32;

  // `text` between quotes at `at` when nlohmann's dump writes it as it is (WrittenAsIsInJson), and
  // the end of what it wrote; nullptr, nothing written, when it must be escaped.
  char* Quoted(char* at, const std::string& text) {
    Slot& slot = slots_[SlotOf(&text)];
    if (slot.text != &text) {
      if (!WrittenAsIsInJson(text)) return nullptr;
      if (text.size() + 2 > sizeof slot.quoted) return QuotedLong(at, text);
      slot.text = &text;
      slot.size = static_cast<uint8_t>(text.size() + 2);
      slot.quoted[0] = '"';
      text.copy(slot.quoted + 1, text.size());
      slot.quoted[text.size() + 1] = '"';
    }
    std::memcpy(at, slot.quoted, sizeof slot.quoted);
    return at + slot.size;
  }

 private:
  static constexpr size_t kSlots = 256;
  struct Slot {
    const std::string* text = nullptr;
    char quoted[23] = {};
    uint8_t size = 0;  // of `quoted`'s text, its quotes included
  };
  static_assert(sizeof(Slot::quoted) <= kOverwrite);
  static size_t SlotOf(const std::string* text) {
    const auto address = reinterpret_cast<uintptr_t>(text);
    return (address >> 5 ^ address >> 13) % kSlots;  // pooled strings sit 32 bytes apart or more
  }
  static char* QuotedLong(char* at, std::string_view text) {
    *at++ = '"';
    std::memcpy(at, text.data(), text.size());
    at[text.size()] = '"';
    return at + text.size() + 1;
  }
  std::array<Slot, kSlots> slots_{};
};

}  // namespace vigie::report
