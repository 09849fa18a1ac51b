#include <catch2/catch.hpp>

#include "engine/base/diagnostic_render.h"

using namespace vigie;

namespace {

Diagnostic At(FileId file, uint32_t begin, uint32_t end, std::string message) {
  return MakeDiagnostic(DiagCode::kUnknownIndicator, Span{file, begin, end}, std::move(message));
}

}  // namespace

TEST_CASE("carets cover the whole span", "[base][render]") {
  SourceManager sources;
  FileId id = sources.Add("c.vigie", "commitment x {\n  indicator ambu_rate\n}\n");
  Diagnostic d = At(id, 27, 36, "unknown indicator 'ambu_rate'");
  d.help = "did you mean 'ambu'?";
  CHECK(RenderText(d, sources) ==
        "error[V2001]: unknown indicator 'ambu_rate'\n"
        " --> c.vigie:2:13\n"
        "  |\n"
        "2 |   indicator ambu_rate\n"
        "  |             ^^^^^^^^^\n"
        "  = help: did you mean 'ambu'?\n");
}

TEST_CASE("columns and carets count accented letters once", "[base][render]") {
  SourceManager sources;
  // "réa" is 4 bytes; the error is on "xx" at byte 16.
  FileId id = sources.Add("c.vigie", "indicateur réa xx\n");
  const std::string text = sources.Get(id).Text();
  uint32_t begin = static_cast<uint32_t>(text.find("xx"));
  std::string out = RenderText(At(id, begin, begin + 2, "m"), sources);
  CHECK(out.find(" --> c.vigie:1:16\n") != std::string::npos);
  CHECK(out.find("  |                ^^\n") != std::string::npos);
}

TEST_CASE("a tab in the snippet is printed as one space", "[base][render]") {
  SourceManager sources;
  FileId id = sources.Add("c.vigie", "\tx y\n");
  std::string out = RenderText(At(id, 3, 4, "m"), sources);
  CHECK(out.find("1 |  x y\n") != std::string::npos);
  CHECK(out.find("  |    ^\n") != std::string::npos);
}

TEST_CASE("an empty span gets one caret, also at the end of the file", "[base][render]") {
  SourceManager sources;
  FileId id = sources.Add("c.vigie", "abc");
  std::string out = RenderText(At(id, 3, 3, "m"), sources);
  CHECK(out.find(" --> c.vigie:1:4\n") != std::string::npos);
  CHECK(out.find("  |    ^\n") != std::string::npos);
}

TEST_CASE("a span over several lines underlines the rest of its first line and ends with an ellipsis",
          "[base][render]") {
  SourceManager sources;
  FileId id = sources.Add("c.vigie", "ab {\n  x\n}\n");
  std::string out = RenderText(At(id, 3, 10, "m"), sources);
  CHECK(out.find("  |    ^…\n") != std::string::npos);
}

TEST_CASE("notes show their own location; a diagnostic without a span has no snippet", "[base][render]") {
  SourceManager sources;
  FileId id = sources.Add("c.vigie", "a\nb\n");
  Diagnostic d = MakeDiagnostic(DiagCode::kFileNotFound, Span{}, "cannot find file 'x.vigie'");
  d.notes.push_back(Note{Span{id, 2, 3}, "named here"});
  CHECK(RenderText(d, sources) ==
        "error[V5001]: cannot find file 'x.vigie'\n"
        "  = note: named here (c.vigie:2:1)\n");
}

TEST_CASE("JSON carries code, slug, position and notes", "[base][render]") {
  SourceManager sources;
  FileId id = sources.Add("c.vigie", "abc def\n");
  Diagnostic d = At(id, 4, 7, "unknown indicator 'def'");
  d.notes.push_back(Note{Span{id, 0, 3}, "here"});
  const std::string json = RenderJson({d}, sources);
  CHECK(json.find("\"code\": \"V2001\"") != std::string::npos);
  CHECK(json.find("\"slug\": \"unknown-indicator\"") != std::string::npos);
  CHECK(json.find("\"line\": 1,\n      \"column\": 5,\n      \"end_line\": 1,\n      \"end_column\": 8") !=
        std::string::npos);
  CHECK(json.find("\"errors\": 1") != std::string::npos);
}

TEST_CASE("the sink sorts by position and caps errors with V1002", "[base][diagnostic]") {
  DiagnosticSink sink(2);
  sink.Report(MakeDiagnostic(DiagCode::kUnknownIndicator, Span{0, 20, 21}, "b"));
  sink.Report(MakeDiagnostic(DiagCode::kUnknownIndicator, Span{0, 5, 6}, "a"));
  sink.Report(MakeDiagnostic(DiagCode::kUnknownIndicator, Span{0, 30, 31}, "c"));
  sink.Report(MakeDiagnostic(DiagCode::kUnknownIndicator, Span{0, 40, 41}, "d"));
  std::vector<Diagnostic> sorted = sink.Sorted();
  REQUIRE(sorted.size() == 3);
  CHECK(sorted[0].message == "a");
  CHECK(sorted[1].message == "b");
  CHECK(sorted[2].code == DiagCode::kTooManyErrors);
  CHECK(sink.LimitReached());
}

TEST_CASE("an allowed warning is dropped, errors never are", "[base][diagnostic]") {
  DiagnosticSink sink;
  sink.Allow(DiagCode::kTrajectoryShort);
  sink.Report(MakeDiagnostic(DiagCode::kTrajectoryShort, Span{}, "w"));
  sink.Report(MakeDiagnostic(DiagCode::kUnusedIndicator, Span{}, "w2"));
  CHECK(sink.WarningCount() == 1);
  CHECK_FALSE(sink.HasErrors());
}
