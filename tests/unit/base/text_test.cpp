#include "engine/base/text.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <set>
#include <string>

#include "engine/base/language.h"
#include "tests/support/in_language.h"

namespace vigie {
namespace {

using testing::InLanguage;

TEST_CASE("Tr gives the catalogue's French in French and the key in English", "[base][text]") {
  {
    const InLanguage french(Language::kFrench);
    CHECK(Tr("warning") == "avertissement");
    CHECK(Tr("help") == "aide");
  }
  CHECK(Tr("warning") == "warning");
  CHECK(TrIn(Language::kFrench, "error") == "erreur");
  CHECK(TrIn(Language::kEnglish, "error") == "error");
}

TEST_CASE("a text the catalogue does not have stays as written", "[base][text]") {
  const InLanguage french(Language::kFrench);
  CHECK(Tr("no such text in the catalogue") == "no such text in the catalogue");
}

TEST_CASE("FormatText places each argument at its number", "[base][text]") {
  CHECK(FormatText("{1} before {0}", "a", std::string("b")) == "b before a");
  CHECK(FormatText("{0}: {1} rows, '{2}'", std::string_view("x.csv"), 12, 'c') == "x.csv: 12 rows, 'c'");
  CHECK(FormatText("{0}{0}", -3L) == "-3-3");
  // A placeholder without its argument and a doubled brace are written as they are.
  CHECK(FormatText("{0} {1} {{0}", "a") == "a {1} {0}");
  CHECK(FormatText("{") == "{");
  CHECK(FormatText("ends with {0", "a") == "ends with {0");
}

TEST_CASE("every catalogue entry has one English key and a French text", "[base][text]") {
  std::set<std::string_view> keys;
  for (const CatalogueEntry* entry = CatalogueBegin(); entry != CatalogueEnd(); ++entry) {
    INFO(entry->english);
    CHECK(keys.insert(entry->english).second);
    CHECK_FALSE(entry->french.empty());
  }
  CHECK(keys.size() >= 4);
}

TEST_CASE("the language comes from --lang names and locale names", "[base][language]") {
  CHECK(LanguageFromName("fr") == Language::kFrench);
  CHECK(LanguageFromName("en") == Language::kEnglish);
  CHECK(LanguageFromName("en_GB.UTF-8") == Language::kEnglish);
  CHECK(LanguageFromName("fr-CA") == Language::kFrench);
  CHECK(LanguageFromName("de_DE") == std::nullopt);
  CHECK(LanguageFromName("english") == std::nullopt);
  CHECK(LanguageFromName("") == std::nullopt);
  CHECK(LanguageCode(Language::kFrench) == "fr");
}

// Restores the variables the test changes (the test binary runs with LANG=en_US.UTF-8, test_main.cpp).
struct SavedEnvironment {
  ~SavedEnvironment() {
    for (const char* variable : {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}) unsetenv(variable);
    setenv("LANG", "en_US.UTF-8", 1);
  }
};

TEST_CASE("the environment chooses English only when it names English", "[base][language]") {
  const SavedEnvironment saved;
  for (const char* variable : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) unsetenv(variable);
  CHECK(LanguageFromEnvironment() == Language::kFrench);  // nothing set: French
  setenv("LANG", "C.UTF-8", 1);
  CHECK(LanguageFromEnvironment() == Language::kFrench);
  setenv("LANG", "en_US.UTF-8", 1);
  CHECK(LanguageFromEnvironment() == Language::kEnglish);
  setenv("LC_MESSAGES", "fr_FR.UTF-8", 1);  // LC_MESSAGES comes before LANG
  CHECK(LanguageFromEnvironment() == Language::kFrench);
  setenv("LC_ALL", "en_GB.UTF-8", 1);  // LC_ALL before LC_MESSAGES
  CHECK(LanguageFromEnvironment() == Language::kEnglish);
  setenv("LANGUAGE", "fr:en", 1);  // LANGUAGE first, its first entry
  CHECK(LanguageFromEnvironment() == Language::kFrench);
  setenv("LANGUAGE", "", 1);  // empty: the next one decides
  CHECK(LanguageFromEnvironment() == Language::kEnglish);
  setenv("LC_ALL", "de_DE.UTF-8", 1);  // another language: French, the default
  CHECK(LanguageFromEnvironment() == Language::kFrench);
}

}  // namespace
}  // namespace vigie
