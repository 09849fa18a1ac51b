// The keywords of the language and their spellings, without ANTLR: for tools that write vigie
// source (the formatter) in English or in French.
#pragma once

#include <string_view>

namespace vigie::syntax {

enum class Language { kEnglish, kFrench };

enum class Keyword {
#define VIGIE_KEYWORD(token, english, french) token,
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
};

// "indicator" or "indicateur"
std::string_view Spell(Keyword keyword, Language language);

}  // namespace vigie::syntax
