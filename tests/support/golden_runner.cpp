#include "tests/support/golden_runner.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "engine/cli/commands.h"

namespace vigie::testing {
namespace fs = std::filesystem;
namespace {

// Catch's REGISTER_TEST_CASE takes a plain function, so the case reads its own name back and
// finds its input in this table (DuckDB's approach).
std::map<std::string, fs::path>& Cases() {
  static std::map<std::string, fs::path> cases;
  return cases;
}
bool g_update = false;
fs::path g_golden_dir;

std::string ReadFile(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << stream.rdbuf();
  return buffer.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream << text;
}

// Arguments from a .args file: one per line; blank lines and lines starting with '#' are skipped.
// The token {dir} stands for the folder of the .args file.
std::vector<std::string> ReadArgs(const fs::path& path) {
  std::vector<std::string> args;
  std::istringstream lines(ReadFile(path));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    for (size_t at = line.find("{dir}"); at != std::string::npos; at = line.find("{dir}")) {
      line.replace(at, 5, path.parent_path().string());
    }
    args.push_back(line);
  }
  return args;
}

// The command each stage runs on its input (a .vigie file or a folder of them).
std::vector<std::string> CommandFor(const std::string& stage, const fs::path& input) {
  const std::string root = input.parent_path().string();
  if (stage == "parse") return {"dump", "--stage", "ast", "--root", root, input.string()};
  if (stage == "model" || stage == "bilingual") return {"dump", "--stage", "model", "--root", root, input.string()};
  if (stage == "json") return {"check", "--diagnostics=json", "--root", root, input.string()};
  return {"check", "--root", root, input.string()};
}

void CheckGoldenCase() {
  const std::string name = Catch::getResultCapture().getCurrentTestName();
  const fs::path input = Cases().at(name);
  const std::string stage = input.parent_path().filename().string();
  std::vector<std::string> args;
  fs::path expected_path;
  if (input.extension() == ".args") {
    args = ReadArgs(input);
    expected_path = fs::path(input).replace_extension(".expected");
  } else {
    args = CommandFor(stage, input);
    expected_path = input.parent_path() / (input.stem().string() + ".expected");
  }
  const std::string actual = RunAndRecord(args);
  if (g_update) {
    WriteFile(expected_path, actual);
    SUCCEED("rewrote " << expected_path.string());
    return;
  }
  INFO("expected output: " << expected_path.string() << " (rewrite with --update-goldens)");
  REQUIRE(fs::exists(expected_path));
  CHECK(ReadFile(expected_path) == actual);
}

}  // namespace

std::string RunAndRecord(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::RunCli(args, out, err);
  std::string recorded = "# exit: " + std::to_string(code) + "\n";
  if (!out.str().empty()) recorded += "# stdout\n" + out.str();
  if (!err.str().empty()) recorded += "# stderr\n" + err.str();
  return recorded;
}

void RegisterGoldenTests(const fs::path& golden_dir, bool update) {
  g_update = update;
  g_golden_dir = golden_dir;
  std::vector<fs::path> inputs;
  for (const auto& stage : fs::directory_iterator(golden_dir)) {
    if (!stage.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(stage.path())) {
      const fs::path& path = entry.path();
      // A case is a .vigie file, a folder of .vigie files (a multi-file case), or a .args command.
      // In bilingual/, the .fr.vigie and .en.vigie pairs are checked by bilingual_test.cpp too.
      if (entry.is_directory() || path.extension() == ".vigie" || path.extension() == ".args") {
        inputs.push_back(path);
      }
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& input : inputs) {
    const std::string stage = input.parent_path().filename().string();
    std::string stem = input.filename().string();
    if (input.has_extension() && !fs::is_directory(input)) stem = input.stem().string();
    const std::string name = "golden/" + stage + "/" + stem;
    Cases()[name] = input;
    REGISTER_TEST_CASE(CheckGoldenCase, name, "[golden]");
  }
}

}  // namespace vigie::testing
