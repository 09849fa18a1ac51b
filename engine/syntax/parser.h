// Parsing: source text -> ast::File. The only public entry point of the syntax stage.
#pragma once

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/syntax/ast.h"

namespace vigie::syntax {

// The limits that keep every stage's recursion over an expression within the stack. Past one, the
// file gets a diagnostic and is not parsed further: no ruleset can crash vigie (docs/language.md, Limits).
struct ParseOptions {
  size_t max_syntax_errors = 25;  // per file; then V1002 and the rest of the file is skipped
  // Brackets, braces and parentheses of every kind; deeper input gets V1003. At least twice the
  // expression depth: fmt may bracket every level of an expression (-(-(-a))), and must be able to
  // read back what it writes.
  size_t max_nesting = 256;
  // Operations nested in one expression: each operator (each of a chain too: a + b + c is 2
  // levels), `not`, `-`, `if`, call and lookup; grouping brackets are not levels. Deeper gets V1007.
  size_t max_expression_depth = 100;
  // Parts of one expression: names, numbers, texts, dates, operators, calls. More gets V1008.
  size_t max_expression_parts = 1000;
};

// Parses one file of `sources`. Never throws: every problem becomes a diagnostic in `sink`, and
// the tree holds whatever could be recovered (declarations after a syntax error are still built).
ast::File ParseFile(const SourceManager& sources, FileId file, DiagnosticSink& sink,
                    const ParseOptions& options = {});

}  // namespace vigie::syntax
