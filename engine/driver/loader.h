// Loading sources: files and directories named by the user, then the files they import.
// Every problem with a file (missing, a directory without sources, binary, not UTF-8, too large)
// becomes a diagnostic; nothing here throws or prints.
#pragma once

#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/syntax/ast.h"
#include "engine/syntax/parser.h"

namespace vigie::driver {

struct LoadOptions {
  size_t max_file_bytes = 4 * 1024 * 1024;  // a ruleset is a few kilobytes; 4 MiB is far beyond any real one
  bool follow_imports = true;               // false: only the files named (the formatter)
  syntax::ParseOptions parse;
};

// Everything parsed in one run: the sources (for rendering) and one tree per file, in load order.
struct ParsedProgram {
  SourceManager sources;
  std::vector<syntax::ast::File> files;
  size_t files_named = 0;  // files found from the command line (imports not counted)
};

// Loads `paths` (a directory stands for every *.vigie below it, in sorted order), follows
// `import "relative/path.vigie"` from each file (relative to the importing file), parses each file
// once, and reports missing and cyclic imports. Paths are shown relative to `display_root`.
void LoadProgram(const std::vector<std::string>& paths, const std::string& display_root, ParsedProgram& program,
                 DiagnosticSink& sink, const LoadOptions& options = {});

}  // namespace vigie::driver
