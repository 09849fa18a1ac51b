#include "engine/syntax/keywords.h"

namespace vigie::syntax {

std::string_view Spell(Keyword keyword, Language language) {
  switch (keyword) {
#define VIGIE_KEYWORD(token, english, french) \
  case Keyword::token:                        \
    return language == Language::kEnglish ? english : french;
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
  }
  return "";
}

}  // namespace vigie::syntax
