// Parsing: source text -> ast::File. The only public entry point of the syntax stage.
#pragma once

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/syntax/ast.h"

namespace vigie::syntax {

struct ParseOptions {
  size_t max_syntax_errors = 25;  // per file; then V1002 and the rest of the file is skipped
  size_t max_nesting = 64;        // brackets and parentheses; deeper input gets V1003, no parse
};

// Parses one file of `sources`. Never throws: every problem becomes a diagnostic in `sink`, and
// the tree holds whatever could be recovered (declarations after a syntax error are still built).
ast::File ParseFile(const SourceManager& sources, FileId file, DiagnosticSink& sink,
                    const ParseOptions& options = {});

}  // namespace vigie::syntax
