// A translated text with placeholders, split once into its literal pieces and the order of its
// arguments, so that a writer fills it by appending: Tr and FormatText make strings per call, and a
// campaign's CSV and pages fill the same few texts millions of times.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/text.h"

namespace vigie::report {

class FilledText {
 public:
  // `english` (a catalogue key) in the current language, with `count` placeholders, {0} to {3}.
  FilledText(std::string_view english, size_t count) {
    // Each argument is a character that no translation holds; the text is then cut at them.
    const std::string marks[4] = {"\x01", "\x02", "\x03", "\x04"};
    std::string filled;
    switch (count) {
      case 1: filled = Tr(english, marks[0]); break;
      case 2: filled = Tr(english, marks[0], marks[1]); break;
      case 3: filled = Tr(english, marks[0], marks[1], marks[2]); break;
      default: filled = Tr(english, marks[0], marks[1], marks[2], marks[3]); break;
    }
    pieces_.emplace_back();
    for (char c : filled) {
      if (c >= 1 && c <= 4) {
        order_.push_back(static_cast<size_t>(c - 1));
        pieces_.emplace_back();
      } else {
        pieces_.back() += c;
      }
    }
  }
  // Appends the text with `args` (in the order of the placeholders' numbers) in their places.
  void Append(std::string& out, std::initializer_list<std::string_view> args) const {
    out += pieces_[0];
    for (size_t i = 0; i < order_.size(); ++i) {
      if (order_[i] < args.size()) out += args.begin()[order_[i]];
      out += pieces_[i + 1];
    }
  }

 private:
  std::vector<std::string> pieces_;
  std::vector<size_t> order_;
};

// `value` in decimal, written into `buffer` (no string of its own).
inline std::string_view IntegerText(int64_t value, char (&buffer)[24]) {
  const char* end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return {buffer, static_cast<size_t>(end - buffer)};
}

}  // namespace vigie::report
