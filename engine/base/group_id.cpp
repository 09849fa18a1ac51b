#include "engine/base/group_id.h"

#include "engine/base/quote.h"
#include "engine/base/text.h"

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
    return Tr("a group code has at most {0} characters, this one has {1}", kMaxGroupIdLength, id.size());
  }
  if (id.empty() || !IsAsciiLetter(id.front())) {
    if (id.empty()) return std::string(Tr("a group code starts with a letter"));
    return Tr("a group code starts with a letter, not {0}", QuoteForMessage(FirstCharacter(id)));
  }
  for (char c : id) {
    if (IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_') continue;
    if (static_cast<unsigned char>(c) >= 0x80) {
      return std::string(Tr("a group code has only letters, digits and _, not an accented or non-ASCII letter"));
    }
    return Tr("a group code has only letters, digits and _, not {0}", QuoteForMessage(std::string_view(&c, 1)));
  }
  return "";
}

}  // namespace vigie
