// Deterministic text dump of a syntax tree, one node per line with its span (line:column-line:column).
// Used by `vigie dump --stage ast` and the golden tests of the parser.
#pragma once

#include <string>

#include "engine/base/source.h"
#include "engine/syntax/ast.h"

namespace vigie::syntax {

std::string PrintAst(const ast::File& file, const SourceManager& sources);

// An expression in source-like form with full parentheses: ((a / b) * 100 %)
std::string PrintExpr(const ast::Expr& expr);

}  // namespace vigie::syntax
