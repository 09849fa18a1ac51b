#include "engine/report/markdown_report.h"

#include <catch2/catch.hpp>
#include <optional>
#include <sstream>

#include "tests/unit/report/report_test_data.h"

namespace vigie::report {

TEST_CASE("markdown escapes | so a cell never splits a table row", "[report]") {
  CHECK(EscapeMarkdown("a | b") == "a \\| b");
  CHECK(MarkdownCode("x|y") == "`x\\|y`");
  // Every table row of the report has as many unescaped | as its header.
  const std::string md = RenderMarkdown(testing::SampleReport());
  std::istringstream lines(md);
  std::string line;
  size_t expected = 0;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') {
      expected = 0;
      continue;
    }
    size_t pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
    }
    if (expected == 0) expected = pipes;
    CHECK(pipes == expected);
    ++rows;
  }
  CHECK(rows > 10);
  CHECK(md.find("\\| axe 2") != std::string::npos);
}

TEST_CASE("markdown escapes html and emphasis characters in text", "[report]") {
  CHECK(EscapeMarkdown("<script>") == "\\<script\\>");
  CHECK(EscapeMarkdown("R&D *bold* _it_ [link]") == "R\\&D \\*bold\\* \\_it\\_ \\[link\\]");
  CHECK(EscapeMarkdown("two\r\nlines") == "two lines");
  CHECK(MarkdownCode("a`b") == "`` a`b ``");
  const std::string md = RenderMarkdown(testing::SampleReport());
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("\\<script\\>") != std::string::npos);
  CHECK(md.find("> L'établissement \\<s'engage\\> \\& \"réduit\"\n> ses délais\n") != std::string::npos);
}

namespace {

// The text of the code span that `markdown` opens at its start, read as CommonMark does: the span
// ends at the first run of exactly as many backticks as opened it. nullopt when nothing closes it.
std::optional<std::string> CodeSpanAt(const std::string& markdown, size_t& end) {
  size_t open = 0;
  while (open < markdown.size() && markdown[open] == '`') ++open;
  for (size_t i = open; i < markdown.size();) {
    if (markdown[i] != '`') {
      ++i;
      continue;
    }
    size_t run = 0;
    while (i + run < markdown.size() && markdown[i + run] == '`') ++run;
    if (run == open) {
      end = i + run;
      std::string body = markdown.substr(open, i - open);
      if (body.size() >= 2 && body.front() == ' ' && body.back() == ' ') body = body.substr(1, body.size() - 2);
      return body;
    }
    i += run;
  }
  return std::nullopt;
}

}  // namespace

// Issue 13, item 6: a file name with backticks once closed its code span and put raw HTML in report.md.
TEST_CASE("markdown code spans hold any text including backticks", "[report]") {
  for (const std::string text : {"plain.txt", "a`b", "pv``<img src=x onerror=alert(1)>``.txt", "```", "`start",
                                 "end`", "` both `", "a````b`c", "x` <b>y</b> `z"}) {
    INFO(text);
    const std::string code = MarkdownCode(text);
    size_t end = 0;
    const std::optional<std::string> body = CodeSpanAt(code, end);
    REQUIRE(body);
    CHECK(end == code.size());  // the whole span, nothing left outside it
    CHECK(*body == text);
  }
  CHECK(MarkdownCode("a``b") == "``` a``b ```");
}

TEST_CASE("markdown shows verdicts, missing values and amounts", "[report]") {
  const std::string md = RenderMarkdown(testing::SampleReport());
  CHECK(md.find("**missing data**") != std::string::npos);
  CHECK(md.find("52.5\u00a0%") != std::string::npos);
  CHECK(md.find("1\u00a0234\u00a0567.50\u00a0€") != std::string::npos);
  CHECK(md.find("### Waivers in force") != std::string::npos);
  CHECK(md.find("### Evidence appendix") != std::string::npos);
  CHECK(md.find("`5f65459cd802…`") != std::string::npos);
}

}  // namespace vigie::report
