#include "engine/report/markdown_report.h"

#include <catch2/catch.hpp>
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
