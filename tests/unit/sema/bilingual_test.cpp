// The same ruleset written with English and with French keywords must check to the same model.
#include <catch2/catch.hpp>
#include <filesystem>

#include <sstream>

#include "engine/cli/commands.h"

namespace fs = std::filesystem;

namespace {

// The model dump alone: warnings on standard error name the file, which differs by design.
std::string ModelDump(const fs::path& dir, const fs::path& file, int& exit_code) {
  std::ostringstream out, err;
  exit_code = vigie::cli::RunCli({"dump", "--stage", "model", "--root", dir.string(), file.string()}, out, err);
  return out.str();
}

}  // namespace

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
    int english_exit = -1, french_exit = -1;
    const std::string english_dump = ModelDump(dir, entry.path(), english_exit);
    const std::string french_dump = ModelDump(dir, french, french_exit);
    CHECK(english_exit == 0);
    CHECK(french_exit == 0);
    CHECK(english_dump.size() > 200);
    CHECK(english_dump == french_dump);
    ++pairs;
  }
  CHECK(pairs >= 3);
}
