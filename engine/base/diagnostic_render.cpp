#include "engine/base/diagnostic_render.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/base/spreadsheet.h"
#include "engine/base/text.h"

namespace vigie {
namespace {

std::string Repeat(char c, size_t count) { return std::string(count, c); }

// Display form of a snippet line: tabs become one space so columns stay one code point each.
std::string DisplayLine(std::string_view line) {
  std::string out(line);
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

// Code points [first, first + count) of a UTF-8 line.
std::string_view CodePointSlice(std::string_view line, uint32_t first, uint32_t count) {
  size_t begin = 0, index = 0;
  while (begin < line.size() && index < first) {
    ++begin;
    while (begin < line.size() && (static_cast<unsigned char>(line[begin]) & 0xC0) == 0x80) ++begin;
    ++index;
  }
  size_t end = begin;
  for (uint32_t taken = 0; end < line.size() && taken < count; ++taken) {
    ++end;
    while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
  }
  return line.substr(begin, end - begin);
}

constexpr uint32_t kMaxSnippetWidth = 120;  // longer lines are shown as a window around the caret

void AppendSnippet(std::string& out, const Span& span, const SourceManager& sources) {
  const SourceFile& file = sources.Get(span.file);
  const LineColumn start = file.Locate(span.begin);
  const LineColumn stop = file.Locate(std::max(span.begin, span.end));
  const std::string line_number = std::to_string(start.line);
  const std::string gutter = Repeat(' ', line_number.size());
  const std::string_view line = file.LineText(start.line);

  out += gutter + " |\n";
  const uint32_t full_width = CountCodePoints(line);
  uint32_t shift = 0;  // code points cut from the left of the shown line
  std::string shown = DisplayLine(line);
  if (full_width > kMaxSnippetWidth) {
    shift = start.column > 40 ? start.column - 40 : 0;
    const uint32_t visible = std::min(kMaxSnippetWidth, full_width - shift);
    shown = (shift > 0 ? "…" : "") + DisplayLine(CodePointSlice(line, shift, visible)) +
            (shift + visible < full_width ? "…" : "");
    if (shift > 0) --shift;  // the leading '…' takes one column
  }
  out += line_number + " | " + shown + "\n";

  const uint32_t line_width = std::min(full_width - std::min(full_width, shift), kMaxSnippetWidth + 1);
  uint32_t caret_count;
  bool continues = false;
  if (stop.line > start.line) {
    const uint32_t relative = start.column > shift ? start.column - shift : 1;
    caret_count = line_width >= relative ? line_width - relative + 1 : 1;
    continues = true;
  } else {
    caret_count = stop.column > start.column ? stop.column - start.column : 1;
  }
  const uint32_t caret_column = start.column > shift ? start.column - shift : 1;
  if (stop.line == start.line) caret_count = std::min(caret_count, kMaxSnippetWidth);
  out += gutter + " | " + Repeat(' ', caret_column - 1) + Repeat('^', caret_count);
  if (continues) out += "…";
  out += "\n";
}

}  // namespace

std::string FormatLocation(const Span& span, const SourceManager& sources) {
  if (!span.IsValid() || span.file >= sources.Size()) return "";
  const SourceFile& file = sources.Get(span.file);
  const LineColumn position = file.Locate(span.begin);
  if (file.IsSheet()) return file.DisplayPath() + ":" + ColumnLetters(file.SheetColumn(span.begin)) + std::to_string(position.line);
  return file.DisplayPath() + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
}

std::string RenderText(const Diagnostic& diagnostic, const SourceManager& sources) {
  std::string out;
  out += std::string(Tr(SeverityName(diagnostic.severity))) + "[" + CodeLabel(diagnostic.code) + "]: " +
         diagnostic.message + "\n";
  std::string gutter = " ";
  if (diagnostic.span.IsValid() && diagnostic.span.file < sources.Size()) {
    const SourceFile& file = sources.Get(diagnostic.span.file);
    gutter = Repeat(' ', std::to_string(file.Locate(diagnostic.span.begin).line).size());
    out += gutter + "--> " + FormatLocation(diagnostic.span, sources) + "\n";
    AppendSnippet(out, diagnostic.span, sources);
  }
  for (const Note& note : diagnostic.notes) {
    out += gutter + " = " + std::string(Tr("note")) + ": " + note.message;
    const std::string where = FormatLocation(note.span, sources);
    if (!where.empty()) out += " (" + where + ")";
    out += "\n";
  }
  if (!diagnostic.help.empty()) out += gutter + " = " + std::string(Tr("help")) + ": " + diagnostic.help + "\n";
  return out;
}

std::string RenderTextAll(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) {
    out += RenderText(diagnostic, sources);
    out += "\n";
  }
  return out;
}

std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  using nlohmann::ordered_json;
  ordered_json list = ordered_json::array();
  size_t errors = 0, warnings = 0;
  auto locate = [&](const Span& span, ordered_json& into, bool with_end) {
    if (!span.IsValid() || span.file >= sources.Size()) {
      into["file"] = nullptr;
      return;
    }
    const SourceFile& file = sources.Get(span.file);
    const LineColumn start = file.Locate(span.begin);
    into["file"] = file.DisplayPath();
    into["line"] = start.line;
    // A sheet's location is a cell: its column is the spreadsheet's (B = 2), and "cell" names it.
    into["column"] = file.IsSheet() ? file.SheetColumn(span.begin) : start.column;
    if (file.IsSheet()) into["cell"] = ColumnLetters(file.SheetColumn(span.begin)) + std::to_string(start.line);
    if (with_end) {
      const LineColumn stop = file.Locate(span.end);
      into["end_line"] = stop.line;
      into["end_column"] = stop.column;
    }
  };
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity == Severity::kError) ++errors;
    if (diagnostic.severity == Severity::kWarning) ++warnings;
    ordered_json item;
    item["severity"] = std::string(SeverityName(diagnostic.severity));
    item["code"] = CodeLabel(diagnostic.code);
    item["slug"] = std::string(InfoFor(diagnostic.code).slug);
    item["message"] = diagnostic.message;
    locate(diagnostic.span, item, true);
    ordered_json notes = ordered_json::array();
    for (const Note& note : diagnostic.notes) {
      ordered_json entry;
      entry["message"] = note.message;
      locate(note.span, entry, false);
      notes.push_back(std::move(entry));
    }
    item["notes"] = std::move(notes);
    item["help"] = diagnostic.help.empty() ? ordered_json(nullptr) : ordered_json(diagnostic.help);
    list.push_back(std::move(item));
  }
  ordered_json root;
  root["diagnostics"] = std::move(list);
  root["errors"] = errors;
  root["warnings"] = warnings;
  return root.dump(2) + "\n";
}

}  // namespace vigie
