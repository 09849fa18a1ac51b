// The same ruleset written with English and with French keywords must check to the same model.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/golden_runner.h"

namespace fs = std::filesystem;

TEST_CASE("English and French versions of a ruleset check to the same model", "[sema][bilingual]") {
  const fs::path dir = fs::path(VIGIE_GOLDEN_DIR) / "bilingual";
  size_t pairs = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = ".en.vigie";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const fs::path french = dir / (name.substr(0, name.size() - suffix.size()) + ".fr.vigie");
    INFO(name);
    REQUIRE(fs::exists(french));
    const std::string english_dump =
        vigie::testing::RunAndRecord({"dump", "--stage", "model", "--root", dir.string(), entry.path().string()});
    const std::string french_dump =
        vigie::testing::RunAndRecord({"dump", "--stage", "model", "--root", dir.string(), french.string()});
    CHECK(english_dump.rfind("# exit: 0\n# stdout\n", 0) == 0);
    CHECK(english_dump.size() > 200);
    CHECK(english_dump == french_dump);
    ++pairs;
  }
  CHECK(pairs >= 3);
}
