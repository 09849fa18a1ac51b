// The language of every text a user reads: French by default, English on request.
#pragma once

#include <optional>
#include <string_view>

namespace vigie {

enum class Language : unsigned char { kFrench, kEnglish };

// The language texts are produced in. Process-wide, like gettext's: the CLI sets it once from
// --lang or the environment before doing anything; tests set it per case. French until set.
// A thread may set its own for a while (ThreadLanguage, through ScopedLanguage), which wins.
Language CurrentLanguage();
void SetLanguage(Language language);
std::optional<Language> ThreadLanguage();
void SetThreadLanguage(std::optional<Language> language);

// "fr", "en", and locale names such as "fr_FR.UTF-8" or "en_GB"; nullopt for anything else.
std::optional<Language> LanguageFromName(std::string_view name);

// The first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set and not empty decides:
// English when it names English, French otherwise ("C", "POSIX", unset and other languages
// included: French is the default).
Language LanguageFromEnvironment();

// "fr" or "en": the HTML lang attribute, the JSON report's "language".
std::string_view LanguageCode(Language language);

}  // namespace vigie
