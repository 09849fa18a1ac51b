#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/support/golden_runner.h"

int main(int argc, char* argv[]) {
  Catch::Session session;
  bool update = std::getenv("VIGIE_UPDATE_GOLDENS") != nullptr;
  using namespace Catch::clara;
  session.cli(session.cli() | Opt(update)["--update-goldens"]("rewrite the .expected files of the golden tests"));
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
  vigie::testing::RegisterGoldenTests(VIGIE_GOLDEN_DIR, update);
  return session.run();
}
