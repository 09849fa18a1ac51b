// The canonical layout of a vigie file, in English or French keywords: `vigie fmt`.
//
// It prints the file's own syntax tree back as source: declarations and items in the author's
// order, one item a line, blocks indented by two spaces, keywords and value words (units,
// directions...) in the chosen language, expressions with only the parentheses they need. Every
// `//` comment is kept: a comment on its own line stays before the item that follows it, a comment
// at the end of a line stays at the end of that item's line. Formatting twice changes nothing, and
// the formatted file checks to the same model.
#pragma once

#include <optional>
#include <string>

#include "engine/base/source.h"
#include "engine/syntax/ast.h"
#include "engine/syntax/keywords.h"

namespace vigie::syntax {

// `language`: none keeps the language most of the file's keywords are written in.
std::string FormatFile(const ast::File& file, const SourceFile& source, std::optional<Language> language = std::nullopt);

}  // namespace vigie::syntax
