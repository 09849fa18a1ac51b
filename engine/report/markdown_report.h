// The report as Markdown tables, readable on GitHub and GitLab (docs/report-markdown.md).
#pragma once

#include <string>
#include <string_view>

#include "engine/report/report_model.h"

namespace vigie::report {

std::string RenderMarkdown(const Report& report);

// Text for a table cell: Markdown punctuation backslash-escaped (| * _ ` [ ] < > & \ and others),
// line breaks turned into spaces, so a name or a reason always shows as written.
std::string EscapeMarkdown(std::string_view text);
// An identifier, a file name or a hash as code: `name`. Text with backticks gets a fence one
// backtick longer than its longest run ("a``b" -> "``` a``b ```"), so it can never close the span
// early; | is escaped, as GitHub tables require even inside code; line breaks become spaces.
std::string MarkdownCode(std::string_view text);

}  // namespace vigie::report
