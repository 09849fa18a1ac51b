// What the tests of report.json's schemas share: a report recorded by an earlier vigie read from a
// golden case, read as this vigie reads it, and the language of the messages set for one test.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/base/language.h"
#include "engine/base/text.h"
#include "engine/report/renderers.h"
#include "tests/support/in_language.h"

namespace vigie::report::testing {

using vigie::testing::InLanguage;

// The report.json of a golden case (VIGIE_GOLDEN_DIR/`report_path`), as that vigie wrote it.
inline std::string GoldenReportText(const std::string& report_path) {
  std::ifstream file(std::filesystem::path(VIGIE_GOLDEN_DIR) / report_path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A report of an earlier schema read, then written in this one: read again, it is the same report,
// written the same, and the other formats (rendered from a recorded report, as `vigie serve` does)
// are the same as the earlier report's. Returns the earlier report as read.
inline Report ReadAsNow(const std::string& earlier_text) {
  std::string problem;
  const std::optional<Report> earlier = ParseJson(earlier_text, problem);
  INFO(problem);
  REQUIRE(earlier);
  const std::string now_text = RenderJson(*earlier);
  const std::optional<Report> now = ParseJson(now_text, problem);
  REQUIRE(now);
  CHECK(RenderJson(*now) == now_text);
  for (const Format& format : Formats()) {
    if (format.name == "json" || !format.render) continue;
    INFO(format.name);
    CHECK(format.render(*earlier) == format.render(*now));
  }
  return *earlier;
}

}  // namespace vigie::report::testing
