// Sets the language of vigie's texts for one test and puts English back, the language every other
// test expects (SetLanguage is process-wide: a test that left French behind changed the messages
// the tests after it read).
#pragma once

#include "engine/base/language.h"

namespace vigie::testing {

struct InLanguage {
  explicit InLanguage(Language language) { SetLanguage(language); }
  ~InLanguage() { SetLanguage(Language::kEnglish); }
  InLanguage(const InLanguage&) = delete;
  InLanguage& operator=(const InLanguage&) = delete;
};

}  // namespace vigie::testing
