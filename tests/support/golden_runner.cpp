#include "tests/support/golden_runner.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <cstdlib>
#include <map>
#include <sqlite3.h>
#include <set>
#include <sstream>
#include <vector>

#include "engine/base/language.h"
#include "engine/base/source.h"
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

// Splits a command line on spaces; "double quotes" group words.
std::vector<std::string> SplitCommand(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

// An import/ case is a folder with a `commands` file: one vigie command a line (data files, a small
// catalog and the store all relative to the folder). It runs in a fresh copy of the folder, with a
// fixed clock and user, so stores start empty and every path printed is relative. Files written by
// the commands (rejects files) are recorded after the outputs.
// Stores used as bad input are built here, never committed: `X.db.sql` is run into a new SQLite
// file `X.db` (someone else's database, a store of a newer schema), `X.db.txt` is copied to `X.db`
// (a file that is not a database). Returns each built file with its bytes, to check afterwards that
// the commands left it as it was.
std::map<fs::path, std::string> BuildFixtureStores(const fs::path& work) {
  std::map<fs::path, std::string> built;
  std::vector<fs::path> sources;
  for (const auto& entry : fs::recursive_directory_iterator(work)) sources.push_back(entry.path());
  for (const fs::path& source : sources) {
    const std::string name = source.filename().string();
    auto ends_with = [&](const std::string& suffix) {
      return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (!ends_with(".db.sql") && !ends_with(".db.txt")) continue;
    const fs::path store = source.parent_path() / source.stem();  // drops .sql or .txt
    if (ends_with(".db.txt")) {
      fs::copy_file(source, store, fs::copy_options::overwrite_existing);
    } else {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(store.string().c_str(), &db) == SQLITE_OK);
      char* error = nullptr;
      const int code = sqlite3_exec(db, ReadFile(source).c_str(), nullptr, nullptr, &error);
      INFO(source.string() << ": " << (error ? error : ""));
      sqlite3_free(error);
      sqlite3_close(db);
      REQUIRE(code == SQLITE_OK);
    }
    fs::remove(source);
    built[store] = ReadFile(store);
  }
  return built;
}

// A line starting with '@' changes the case's files between commands, as an attacker or a clumsy
// user would (vigie never runs these):
//   @replace FILE "OLD" "NEW"   the first OLD in FILE becomes NEW (OLD must be there)
//   @sql STORE "SQL"            runs SQL in an SQLite file
//   @remove FILE                deletes FILE
// The expected file records "$ @..." and "# done".
std::string RunEdit(const std::vector<std::string>& words) {
  const std::string& what = words.at(0);
  if (what == "@replace" && words.size() == 4) {
    std::string text = ReadFile(words[1]);
    const size_t at = text.find(words[2]);
    REQUIRE(at != std::string::npos);
    text.replace(at, words[2].size(), words[3]);
    WriteFile(words[1], text);
  } else if (what == "@sql" && words.size() == 3) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(words[1].c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int code = sqlite3_exec(db, words[2].c_str(), nullptr, nullptr, &error);
    INFO(words[2] << ": " << (error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(code == SQLITE_OK);
  } else if (what == "@remove" && words.size() == 2) {
    REQUIRE(fs::remove(words[1]));
  } else {
    FAIL("unknown edit line: " << what);
  }
  return "# done\n";
}

std::string RunImportCase(const fs::path& folder) {
  const fs::path work = fs::temp_directory_path() / ("vigie_golden_" + folder.filename().string());
  fs::remove_all(work);
  fs::copy(folder, work, fs::copy_options::recursive);
  const std::map<fs::path, std::string> fixture_stores = BuildFixtureStores(work);
  std::set<fs::path> before;
  for (const auto& entry : fs::recursive_directory_iterator(work)) before.insert(entry.path());
  const fs::path previous = fs::current_path();
  fs::current_path(work);
  setenv("VIGIE_FIXED_TIME", "2026-01-01T00:00:00Z", 1);
  setenv("VIGIE_USER", "golden", 1);
  setenv("VIGIE_BUSY_TIMEOUT_MS", "100", 1);
  std::string recorded;
  std::istringstream lines(ReadFile(work / "commands"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> args = SplitCommand(line);
    if (!args.empty() && args[0] == "vigie") args.erase(args.begin());
    // `vigie ... < FILE`: the command reads FILE on its standard input (a password); else nothing.
    std::string input;
    if (args.size() >= 2 && args[args.size() - 2] == "<") {
      input = ReadFile(args.back());
      args.resize(args.size() - 2);
    }
    recorded += "$ " + line + "\n" + (!args.empty() && args[0].starts_with("@") ? RunEdit(args) : RunAndRecord(args, input));
  }
  for (const auto& [store, bytes] : fixture_stores) {
    recorded += "# fixture " + fs::relative(store, work).generic_string() +
                (ReadFile(store) == bytes ? " unchanged" : " CHANGED by the commands") + "\n";
  }
  std::vector<fs::path> written;
  for (const auto& entry : fs::recursive_directory_iterator(work)) {
    const std::string name = entry.path().filename().string();
    if (!before.count(entry.path()) && entry.is_regular_file() && name.find(".db") == std::string::npos) {
      written.push_back(entry.path());
    }
  }
  std::sort(written.begin(), written.end());
  for (const fs::path& path : written) {
    recorded += "# file " + fs::relative(path, work).generic_string() + "\n" + ReadFile(path);
  }
  unsetenv("VIGIE_FIXED_TIME");
  unsetenv("VIGIE_USER");
  unsetenv("VIGIE_BUSY_TIMEOUT_MS");
  fs::current_path(previous);
  fs::remove_all(work);
  return recorded;
}

// A case whose name ends in "_fr" runs in French (LANG=fr_FR.UTF-8), every other one in English:
// the command picks its language from the environment as it would for a user.
class CaseLanguage {
 public:
  explicit CaseLanguage(const std::string& name) {
    if (name.ends_with("_fr")) setenv("LANG", "fr_FR.UTF-8", 1);
  }
  ~CaseLanguage() {
    setenv("LANG", "en_US.UTF-8", 1);
    SetLanguage(Language::kEnglish);
  }
};

void CheckGoldenCase() {
  const std::string name = Catch::getResultCapture().getCurrentTestName();
  const fs::path input = Cases().at(name);
  const CaseLanguage language(name);
  const std::string stage = input.parent_path().filename().string();
  fs::path expected_path;
  std::string actual;
  if (fs::is_directory(input) && fs::exists(input / "commands")) {  // import/, eval/, report/ ...
    expected_path = input.parent_path() / (input.filename().string() + ".expected");
    actual = RunImportCase(input);
  } else if (input.extension() == ".args") {
    expected_path = fs::path(input).replace_extension(".expected");
    actual = RunAndRecord(ReadArgs(input));
  } else {
    expected_path = input.parent_path() / (input.stem().string() + ".expected");
    actual = RunAndRecord(CommandFor(stage, input));
  }
  // Every output is UTF-8, whatever the input: a message that cuts a character in two would make
  // the JSON diagnostics throw and a terminal show garbage.
  INFO("the output is not valid UTF-8");
  CHECK(FindInvalidUtf8(actual) == std::string::npos);
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

std::string RunAndRecord(const std::vector<std::string>& args, const std::string& input) {
  std::ostringstream out, err;
  // Standard input is `input`, never the test's own (a command reading it must not wait).
  std::istringstream in(input);
  std::streambuf* const previous = std::cin.rdbuf(in.rdbuf());
  const int code = cli::RunCli(args, out, err);
  std::cin.rdbuf(previous);
  std::cin.clear();
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
