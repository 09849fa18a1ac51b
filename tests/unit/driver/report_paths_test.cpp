// A path named in a report is read only inside its folder: absolute paths, `..` and symbolic links
// out of the folder are refused before anything is opened.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "engine/base/text.h"
#include "engine/driver/report_paths.h"

namespace fs = std::filesystem;
using vigie::driver::ResolveInside;

TEST_CASE("a report's paths stay inside its folder", "[driver][verify]") {
  const fs::path dir = fs::temp_directory_path() / ("vigie_report_paths_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "out" / "rules");
  std::ofstream(dir / "secret.txt") << "not for the report\n";
  const std::string out = (dir / "out").string();

  CHECK(ResolveInside(out, "report.html").refused.empty());
  CHECK(ResolveInside(out, "report.html").path == (dir / "out" / "report.html").generic_string());
  CHECK(ResolveInside(out, "rules/contract.vigie").refused.empty());
  CHECK(ResolveInside(out, "/etc/passwd").refused == "an absolute path");
  CHECK(ResolveInside(out, "../secret.txt").refused == "it leaves the folder '" + out + "' (..)");
  CHECK(ResolveInside(out, "rules/../../secret.txt").refused == "it leaves the folder '" + out + "' (..)");
  CHECK(ResolveInside(out, "").refused == "an empty path");

  // A symbolic link inside the folder that leads out of it.
  fs::create_symlink(dir / "secret.txt", dir / "out" / "link.vigie");
  fs::create_directory_symlink(dir, dir / "out" / "up");
  CHECK(ResolveInside(out, "link.vigie").refused == "a symbolic link leads out of the folder '" + out + "'");
  CHECK(ResolveInside(out, "up/secret.txt").refused == "a symbolic link leads out of the folder '" + out + "'");
  // One that stays inside is followed.
  fs::create_directory_symlink(dir / "out" / "rules", dir / "out" / "regles");
  CHECK(ResolveInside(out, "regles/contract.vigie").refused.empty());
  fs::remove_all(dir);
}

TEST_CASE("in French, why a report's path is refused is in French", "[driver][verify]") {
  vigie::SetLanguage(vigie::Language::kFrench);
  const std::string absolute = ResolveInside("out", "/etc/passwd").refused;
  const std::string up = ResolveInside("out", "../secret.txt").refused;
  const std::string empty = ResolveInside("out", "").refused;
  vigie::SetLanguage(vigie::Language::kEnglish);
  CHECK(absolute == "un chemin absolu");
  CHECK(up == "il sort du dossier « out » (..)");
  CHECK(empty == "un chemin vide");
}
