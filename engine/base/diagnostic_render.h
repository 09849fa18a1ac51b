// Rendering diagnostics for people (caret lines) and for tools (JSON).
#pragma once

#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"

namespace vigie {

// Renders one diagnostic, for example:
//
//   error[V2001]: unknown indicator 'ambu_rate'
//     --> contracts/ght.vigie:14:15
//      |
//   14 |     indicator ambu_rate
//      |               ^^^^^^^^^
//      = help: did you mean 'ambu'?
//
// Columns count code points; tabs in the snippet print as one space; a span over several lines
// underlines the rest of its first line and ends with '…'. Lines come from the SourceManager, never
// from disk. Output ends with a newline.
std::string RenderText(const Diagnostic& diagnostic, const SourceManager& sources);

// All diagnostics, each followed by a blank line, then nothing else (the CLI prints the summary).
std::string RenderTextAll(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);

// {"diagnostics":[{severity, code, slug, message, file, line, column, end_line, end_column,
//   notes:[{message, file, line, column}], help}], "errors": N, "warnings": N}
std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources);

// "contracts/ght.vigie:14:15", or "" for a span without a file.
std::string FormatLocation(const Span& span, const SourceManager& sources);

}  // namespace vigie
