#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/base/diagnostic.h"

using namespace vigie;

TEST_CASE("diagnostic numbers and names are unique and in their range", "[base][catalog]") {
  std::set<int> numbers;
  std::set<std::string_view> slugs;
  for (const DiagCodeInfo& info : AllDiagCodes()) {
    INFO(CodeLabel(info.code));
    CHECK(numbers.insert(info.number).second);
    CHECK(slugs.insert(info.slug).second);
    CHECK(info.number >= 1000);
    CHECK(info.number < 6000);
    if (info.number >= 3000 && info.number < 4000) CHECK(info.default_severity == Severity::kWarning);
    CHECK(DiagCodeFromSlug(info.slug) == info.code);
  }
}

TEST_CASE("every diagnostic code is documented in docs/diagnostics.md", "[base][catalog]") {
  std::ifstream stream(std::string(VIGIE_SOURCE_DIR) + "/docs/diagnostics.md");
  REQUIRE(stream.good());
  std::stringstream buffer;
  buffer << stream.rdbuf();
  const std::string doc = buffer.str();
  for (const DiagCodeInfo& info : AllDiagCodes()) {
    const std::string heading = "### " + CodeLabel(info.code) + " " + std::string(info.slug);
    INFO(heading);
    CHECK(doc.find(heading) != std::string::npos);
  }
}
