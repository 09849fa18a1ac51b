#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>

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
  return session.run();
}
