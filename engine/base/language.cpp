#include "engine/base/language.h"

#include <atomic>
#include <cstdlib>
#include <string>

namespace vigie {
namespace {
std::atomic<Language> g_language{Language::kFrench};
// A thread's own language while it renders a report in the report's language (ScopedLanguage):
// `vigie serve` renders reports of both languages at once on its request threads.
thread_local std::optional<Language> t_language;
}  // namespace

Language CurrentLanguage() { return t_language.value_or(g_language.load(std::memory_order_relaxed)); }

std::optional<Language> ThreadLanguage() { return t_language; }

void SetThreadLanguage(std::optional<Language> language) { t_language = language; }

void SetLanguage(Language language) { g_language.store(language, std::memory_order_relaxed); }

std::optional<Language> LanguageFromName(std::string_view name) {
  // "fr_FR.UTF-8", "fr-CA", "en@euro": the language is the part before the first separator.
  const std::string_view code = name.substr(0, name.find_first_of("_-.@"));
  if (code == "fr") return Language::kFrench;
  if (code == "en") return Language::kEnglish;
  return std::nullopt;
}

Language LanguageFromEnvironment() {
  for (const char* variable : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') continue;
    // LANGUAGE is a list, "en_GB:fr": its first entry decides.
    std::string_view first(value);
    first = first.substr(0, first.find(':'));
    return LanguageFromName(first).value_or(Language::kFrench);
  }
  return Language::kFrench;
}

std::string_view LanguageCode(Language language) { return language == Language::kEnglish ? "en" : "fr"; }

}  // namespace vigie
