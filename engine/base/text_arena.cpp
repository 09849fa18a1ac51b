#include "engine/base/text_arena.h"

#include <cstring>

namespace vigie {

std::string_view TextArena::Add(std::string_view text) {
  if (text.empty()) return {};
  if (capacity_ - used_ < text.size()) {
    capacity_ = std::max(kChunk, text.size());  // a text longer than a chunk has a chunk of its own
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(capacity_));
    used_ = 0;
  }
  char* at = chunks_.back().get() + used_;
  std::memcpy(at, text.data(), text.size());
  used_ += text.size();
  return {at, text.size()};
}

ArenaText ArenaText::In(TextArena& arena, std::string_view text) {
  ArenaText held;
  const std::string_view at = arena.Add(text);
  if (!at.empty()) held.data_ = at.data(), held.size_ = static_cast<uint32_t>(at.size());
  return held;
}

ArenaText& ArenaText::operator=(const ArenaText& other) {
  if (this == &other) return *this;
  Free();
  other.owned_ ? Own(other.view()) : Share(other);
  return *this;
}

ArenaText& ArenaText::operator=(ArenaText&& other) noexcept {
  if (this == &other) return *this;
  Free();
  Share(other);
  other.Release();
  return *this;
}

void ArenaText::Own(std::string_view text) {
  Release();
  if (text.empty()) return;
  char* copy = new char[text.size()];
  std::memcpy(copy, text.data(), text.size());
  data_ = copy, size_ = static_cast<uint32_t>(text.size()), owned_ = true;
}

}  // namespace vigie
