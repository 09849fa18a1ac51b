// Every shipped ruleset and contract checks clean, with no warning, on its own.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/golden_runner.h"

namespace fs = std::filesystem;

TEST_CASE("every file in rulesets/ and contracts/ checks without errors or warnings", "[shipped]") {
  size_t files = 0;
  for (const char* folder : {"rulesets", "contracts"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(VIGIE_SOURCE_DIR) / folder)) {
      if (entry.path().extension() != ".vigie") continue;
      INFO(entry.path().string());
      const std::string out = vigie::testing::RunAndRecord({"check", "--root", VIGIE_SOURCE_DIR, entry.path().string()});
      CHECK(out.rfind("# exit: 0\n# stdout\nok: ", 0) == 0);
      CHECK(out.find("warning") == std::string::npos);
      ++files;
    }
  }
  CHECK(files >= 4);
}
