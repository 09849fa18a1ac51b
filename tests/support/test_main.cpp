#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/base/language.h"
#include "tests/support/golden_runner.h"

int main(int argc, char* argv[]) {
  // The tests are written in English; the French ones say so (golden cases named *_fr, unit tests
  // that call SetLanguage). The environment of whoever runs them must not change that.
  for (const char* variable : {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}) unsetenv(variable);
  setenv("LANG", "en_US.UTF-8", 1);
  vigie::SetLanguage(vigie::Language::kEnglish);
  Catch::Session session;
  bool update = std::getenv("VIGIE_UPDATE_GOLDENS") != nullptr;
  using namespace Catch::clara;
  session.cli(session.cli() | Opt(update)["--update-goldens"]("rewrite the .expected files of the golden tests"));
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  vigie::testing::RegisterGoldenTests(VIGIE_GOLDEN_DIR, update);
  // Each run of the tests gets its own temporary folder (std::filesystem::temp_directory_path reads
  // TMPDIR): two checkouts tested at once, or ctest -j, never share a store or a golden case's copy.
  const std::filesystem::path base = std::filesystem::temp_directory_path();
  std::string own = (base / "vigie_tests_XXXXXX").string();
  if (mkdtemp(own.data()) != nullptr) setenv("TMPDIR", own.c_str(), 1);
  const int failed = session.run();
  std::error_code ignored;
  if (own.find("XXXXXX") == std::string::npos) std::filesystem::remove_all(own, ignored);
  return failed;
}
