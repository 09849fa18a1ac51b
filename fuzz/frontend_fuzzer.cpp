// The language front end on any text: parse, check, render the diagnostics, then the `vigie fmt`
// round trip. Beyond "no crash, no sanitizer report", it checks what formatter.h promises for a
// file without syntax errors:
//   - the formatted text parses without error;
//   - it checks to the same model (model_printer, which prints no position) with the same
//     diagnostic codes;
//   - formatting it again changes nothing;
//   - written in the other language, it parses and checks to the same model too.
// The input is one file's text; what the loader refuses before parsing (NUL bytes, invalid UTF-8:
// V5003, V5004) is skipped, as `vigie check` never parses it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/diagnostic_render.h"
#include "engine/base/source.h"
#include "engine/sema/checker.h"
#include "engine/sema/model_printer.h"
#include "engine/syntax/formatter.h"
#include "engine/syntax/parser.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;

struct Checked {
  SourceManager sources;
  std::vector<syntax::ast::File> files;
  bool syntax_errors = false;
  std::string model;                 // PrintModel: no positions
  std::vector<std::string> codes;    // severity and code of every diagnostic, sorted
  std::string rendered;              // text rendering (for the failure message)
};

void ParseAndCheck(const std::string& text, Checked& out) {
  DiagnosticSink sink;
  const FileId id = out.sources.Add("fuzz.vigie", text);
  out.files.push_back(syntax::ParseFile(out.sources, id, sink));
  out.syntax_errors = sink.HasErrors();
  const sema::model::Model model = sema::Check(out.files, out.sources, sink);
  out.model = sema::PrintModel(model);
  const std::vector<Diagnostic> diagnostics = sink.Sorted();
  for (const Diagnostic& d : diagnostics) {
    out.codes.push_back(std::to_string(static_cast<int>(d.severity)) + ":" + std::to_string(static_cast<int>(d.code)));
  }
  std::sort(out.codes.begin(), out.codes.end());
  out.rendered = RenderTextAll(diagnostics, out.sources);
  RenderJson(diagnostics, out.sources);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += item + " ";
  return out;
}

// `formatted` (from `original`'s tree) must parse cleanly and check to the same model and codes.
void ExpectSameMeaning(const Checked& original, const std::string& formatted, const char* how) {
  Checked again;
  ParseAndCheck(formatted, again);
  const std::string context = std::string("--- formatted (") + how + ")\n" + formatted + "--- its diagnostics\n" +
                              again.rendered;
  if (again.syntax_errors) fuzz::Fail(std::string("the formatted file does not parse (") + how + ")", context);
  if (again.model != original.model) {
    fuzz::Fail(std::string("the formatted file checks to another model (") + how + ")",
               context + "--- model before\n" + original.model + "--- model after\n" + again.model);
  }
  if (again.codes != original.codes) {
    fuzz::Fail(std::string("the formatted file has other diagnostics (") + how + ")",
               context + "--- codes before: " + Join(original.codes) + "\n--- codes after: " + Join(again.codes) +
                   "\n--- diagnostics before\n" + original.rendered);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (text.find('\0') != std::string::npos || FindInvalidUtf8(text) != std::string::npos) return 0;

  Checked original;
  ParseAndCheck(text, original);
  if (original.syntax_errors) return 0;  // fmt formats only files without syntax errors

  const syntax::ast::File& file = original.files.front();
  const SourceFile& source = original.sources.Get(file.file);
  const std::string formatted = syntax::FormatFile(file, source);
  ExpectSameMeaning(original, formatted, "same language");
  {
    SourceManager sources;
    DiagnosticSink sink;
    const FileId id = sources.Add("fuzz.vigie", formatted);
    const syntax::ast::File tree = syntax::ParseFile(sources, id, sink);
    const std::string twice = syntax::FormatFile(tree, sources.Get(id));
    if (twice != formatted) {
      fuzz::Fail("formatting twice changes the file", "--- formatted once\n" + formatted + "--- formatted twice\n" + twice);
    }
  }
  ExpectSameMeaning(original, syntax::FormatFile(file, source, syntax::Language::kEnglish), "in English");
  ExpectSameMeaning(original, syntax::FormatFile(file, source, syntax::Language::kFrench), "in French");
  return 0;
}
