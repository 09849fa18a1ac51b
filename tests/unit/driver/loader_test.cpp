#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "engine/cli/commands.h"
#include "tests/support/golden_runner.h"

namespace fs = std::filesystem;
using vigie::testing::RunAndRecord;

namespace {

// A fresh folder per test under the system temp directory.
fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("vigie_loader_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a file over the size limit is refused with a clear message, not read", "[driver][loader]") {
  fs::path dir = TempDir("large");
  std::string line = "// " + std::string(97, 'x') + "\n";
  std::string text;
  text.reserve(10 * 1024 * 1024);
  while (text.size() < 10 * 1024 * 1024) text += line;
  Write(dir / "big.vigie", text);
  std::string out = RunAndRecord({"check", "--root", dir.string(), (dir / "big.vigie").string()});
  CHECK(out == "# exit: 1\n# stderr\nerror[V5005]: file 'big.vigie' is 10.0 MB (10485820 bytes); the limit is 4.0 MB\n"
               "  = help: a ruleset this large is almost certainly not a ruleset: check the file name\n\n"
               "failed: 1 error\n");
}

TEST_CASE("a missing file is an I/O failure (exit 3)", "[driver][loader]") {
  fs::path dir = TempDir("missing");
  std::string out = RunAndRecord({"check", "--root", dir.string(), (dir / "nope.vigie").string()});
  CHECK(out.rfind("# exit: 3\n# stderr\nerror[V5001]: cannot find file 'nope.vigie'\n", 0) == 0);
}

TEST_CASE("a directory stands for every .vigie file below it, in sorted order", "[driver][loader]") {
  fs::path dir = TempDir("directory");
  fs::create_directories(dir / "sub");
  Write(dir / "b.vigie", "indicator b { unit count }\n");
  Write(dir / "sub" / "a.vigie", "indicator a { unit count }\n");
  Write(dir / "notes.txt", "not a ruleset");
  std::string out = RunAndRecord({"check", "--root", dir.string(), dir.string()});
  CHECK(out == "# exit: 0\n# stdout\nok: 2 files, 0 contracts, 0 commitments, 2 indicators\n");
}

TEST_CASE("an empty file is a warning, and a file is loaded once even when imported twice", "[driver][loader]") {
  fs::path dir = TempDir("empty");
  Write(dir / "empty.vigie", "\n\n");
  Write(dir / "cat.vigie", "indicator a { unit count }\n");
  Write(dir / "x.vigie", "import \"cat.vigie\"\nimport \"./cat.vigie\"\n");
  std::string out = RunAndRecord({"check", "--root", dir.string(), (dir / "empty.vigie").string(),
                                  (dir / "x.vigie").string(), (dir / "cat.vigie").string()});
  CHECK(out.find("warning[V3002]: file 'empty.vigie' is empty") != std::string::npos);
  CHECK(out.find("ok: 3 files, 0 contracts, 0 commitments, 1 indicator (1 warning)") != std::string::npos);
}

TEST_CASE("importing a directory is refused", "[driver][loader]") {
  fs::path dir = TempDir("import_dir");
  fs::create_directories(dir / "sub");
  Write(dir / "x.vigie", "import \"sub\"\n");
  std::string out = RunAndRecord({"check", "--root", dir.string(), (dir / "x.vigie").string()});
  CHECK(out.find("error[V5006]: 'sub' is a directory, not a .vigie file") != std::string::npos);
}

TEST_CASE("usage errors exit with 2", "[driver][cli]") {
  CHECK(RunAndRecord({"check"}).rfind("# exit: 2\n", 0) == 0);
  CHECK(RunAndRecord({"frobnicate", "x"}).rfind("# exit: 2\n", 0) == 0);
  CHECK(RunAndRecord({"check", "--max-errors=0", "x"}).rfind("# exit: 2\n", 0) == 0);
  CHECK(RunAndRecord({"check", "--allow=unknown-indicator", "x"}).rfind("# exit: 2\n", 0) == 0);
}

namespace {

// f0.vigie imports f1.vigie, which imports f2.vigie ... f<files - 1>.vigie declares an indicator.
fs::path ImportChain(const std::string& name, int files) {
  fs::path dir = TempDir(name);
  for (int k = 0; k + 1 < files; ++k) {
    Write(dir / ("f" + std::to_string(k) + ".vigie"), "import \"f" + std::to_string(k + 1) + ".vigie\"\n");
  }
  Write(dir / ("f" + std::to_string(files - 1) + ".vigie"), "indicator a { unit count }\n");
  return dir;
}

}  // namespace

TEST_CASE("a chain of 256 imported files loads; a longer one is V2132 at the 257th import", "[driver][loader][limits]") {
  fs::path dir = ImportChain("chain_256", 256);
  std::string out = RunAndRecord({"check", "--root", dir.string(), (dir / "f0.vigie").string()});
  CHECK(out == "# exit: 0\n# stdout\nok: 256 files, 0 contracts, 0 commitments, 1 indicator\n");

  dir = ImportChain("chain_2000", 2000);
  const auto start = std::chrono::steady_clock::now();
  out = RunAndRecord({"check", "--root", dir.string(), (dir / "f0.vigie").string()});
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 10);
  CHECK(out == "# exit: 1\n# stderr\n"
               "error[V2132]: this import would make a chain of 257 files, each importing the next; the limit is 256\n"
               " --> f255.vigie:1:8\n"
               "  |\n"
               "1 | import \"f256.vigie\"\n"
               "  |        ^^^^^^^^^^^^\n"
               "  = help: import the shared files from one main file, side by side, rather than one from the other\n\n"
               "failed: 1 error\n");
}
