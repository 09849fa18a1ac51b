#include "engine/base/quote.h"

#include "engine/base/language.h"

namespace vigie {

std::string ShortenForMessage(std::string_view text, size_t max_code_points) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (count++ == max_code_points) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
  }
  return std::string(text);
}

std::string QuoteForMessage(std::string_view text, size_t max_code_points) {
  // French quotes its user text between guillemets, as the French catalogue quotes names.
  const bool french = CurrentLanguage() == Language::kFrench;
  const std::string_view open = french ? "\xC2\xAB " : "'";
  const std::string_view close = french ? " \xC2\xBB" : "'";
  return std::string(open) + ShortenForMessage(text, max_code_points) + std::string(close);
}

}  // namespace vigie
