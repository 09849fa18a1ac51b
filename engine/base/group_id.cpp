#include "engine/base/group_id.h"

#include "engine/base/quote.h"

namespace vigie {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The first character of `text`, all its UTF-8 bytes (a message must never cut one: JSON refuses it).
std::string_view FirstCharacter(std::string_view text) {
  size_t length = 1;
  while (length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) ++length;
  return text.substr(0, length);
}

}  // namespace

std::string GroupIdProblem(std::string_view id) {
  if (id.size() > kMaxGroupIdLength) {
    return "a group code has at most " + std::to_string(kMaxGroupIdLength) + " characters, this one has " +
           std::to_string(id.size());
  }
  if (id.empty() || !IsAsciiLetter(id.front())) {
    return "a group code starts with a letter" +
           (id.empty() ? std::string() : ", not " + QuoteForMessage(FirstCharacter(id)));
  }
  for (char c : id) {
    if (IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_') continue;
    const std::string shown = static_cast<unsigned char>(c) >= 0x80 ? std::string("an accented or non-ASCII letter")
                                                                    : QuoteForMessage(std::string_view(&c, 1));
    return "a group code has only letters, digits and _, not " + shown;
  }
  return "";
}

}  // namespace vigie
