// One message catalogue for every text a user reads (gettext's model, checked by a test).
//
// The English text is the key: write Tr("unknown indicator '{0}'", name) where the text is shown.
// The French text sits beside it in engine/base/messages/STAGE.def:
//   VIGIE_TEXT("unknown indicator '{0}'", "indicateur inconnu « {0} »")
// tools/check_messages.py (ctest `messages_catalogue`) fails when a Tr or N_ text has no entry, an
// entry is used nowhere, or the two sides do not have the same placeholders.
//
// Placeholders are {0} to {9}, each replaced by an argument as text; "{{" writes "{".
// Numbers, dates and amounts are formatted by the caller for the current language (base/locale_text.h
// when it exists, report/ otherwise): Tr only places words.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "engine/base/language.h"

// Marks a literal for the catalogue where it is stored rather than shown (a table of words); the
// place that shows it calls Tr(variable). Expands to the literal itself.
#define N_(text) text

namespace vigie {

// The text in `language`: the catalogue's French for kFrench (the English key itself when the
// catalogue has none, which the test forbids), the key for kEnglish.
std::string_view TrIn(Language language, std::string_view english);

// The text in the current language.
inline std::string_view Tr(std::string_view english) { return TrIn(CurrentLanguage(), english); }

namespace text_internal {
inline std::string_view AsText(std::string_view text) { return text; }
inline std::string_view AsText(const std::string& text) { return text; }
inline std::string_view AsText(const char* text) { return text; }
inline std::string AsText(char c) { return std::string(1, c); }
// A class read as a string and a string_view both (report::Text, a pooled text): as its string.
template <class Text, class = std::enable_if_t<std::is_class_v<Text> && !std::is_same_v<Text, std::string> &&
                                               std::is_convertible_v<const Text&, const std::string&> &&
                                               std::is_convertible_v<const Text&, std::string_view>>>
std::string_view AsText(const Text& text) {
  return static_cast<const std::string&>(text);
}
template <class Integer, class = std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, char> &&
                                                  !std::is_same_v<Integer, bool>>>
std::string AsText(Integer value) {
  return std::to_string(value);
}
std::string Fill(std::string_view format, const std::string_view* args, size_t count);
}  // namespace text_internal

// `format` with {0}..{9} replaced by the arguments (strings, characters or integers).
template <class... Args>
std::string FormatText(std::string_view format, const Args&... args) {
  [[maybe_unused]] const auto hold = [](const auto& arg) { return std::string(text_internal::AsText(arg)); };
  const std::string held[] = {hold(args)..., std::string()};
  std::string_view views[sizeof...(Args) + 1];
  for (size_t i = 0; i <= sizeof...(Args); ++i) views[i] = held[i];
  return text_internal::Fill(format, views, sizeof...(Args));
}

// The text in the current language with its placeholders filled.
template <class First, class... Rest>
std::string Tr(std::string_view english, const First& first, const Rest&... rest) {
  return FormatText(Tr(english), first, rest...);
}

// Every catalogue entry, for the tests: {English, French}.
struct CatalogueEntry {
  std::string_view english;
  std::string_view french;
};
const CatalogueEntry* CatalogueBegin();
const CatalogueEntry* CatalogueEnd();

}  // namespace vigie
