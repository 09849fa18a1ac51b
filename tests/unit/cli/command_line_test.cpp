#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include "engine/base/language.h"
#include "engine/cli/colour.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"

namespace vigie::cli {
namespace {

struct Ran {
  int code;
  std::string out, err;
};

Ran Run(const std::vector<std::string>& args, Terminal terminal = {}) {
  std::ostringstream out, err;
  const int code = RunCli(args, out, err, terminal);
  SetLanguage(Language::kEnglish);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("every command has its own help, with its options and examples", "[cli]") {
  for (const std::string& command : CommandNames()) {
    const Ran help = Run({command, "--help", "--lang", "en"});
    INFO(command);
    CHECK(help.code == kExitOk);
    CHECK(help.out.starts_with("vigie " + command + ": "));
    CHECK(help.out.find("usage: vigie " + command) != std::string::npos);
    CHECK(help.out.find("--lang fr|en") != std::string::npos);
    if (command != "version") CHECK(help.out.find("examples:\n  # ") != std::string::npos);
    // The same help from `vigie help COMMAND`.
    CHECK(Run({"help", command, "--lang", "en"}).out == help.out);
  }
}

TEST_CASE("an option of no command is refused by every command with exit 2", "[cli]") {
  for (const std::string& command : CommandNames()) {
    if (command == "help" || command == "version") continue;
    const Ran ran = Run({command, "--no-such-option", "--lang=en"});
    INFO(command);
    CHECK(ran.code == kExitUsage);
    CHECK(ran.err.starts_with("vigie " + command + ": unknown option '--no-such-option'"));
    CHECK(ran.out.empty());
  }
}

TEST_CASE("the language option is read before or after the command and overrides the environment", "[cli]") {
  CHECK(Run({"--lang", "fr", "check"}).err.starts_with("vigie check : aucun fichier donné\n"));
  CHECK(Run({"check", "--lang=fr"}).err.starts_with("vigie check : aucun fichier donné\n"));
  CHECK(Run({"check", "--lang", "en"}).err.starts_with("vigie check: no file given\n"));
  const Ran bad = Run({"check", "--lang", "de"});
  CHECK(bad.code == kExitUsage);
  CHECK(bad.err.starts_with("vigie: --lang takes fr or en, not 'de'\n"));
}

TEST_CASE("colours only when the caller says the stream is a terminal", "[cli]") {
  const Ran plain = Run({"check", "--lang", "en", "does_not_exist.vigie"});
  CHECK(plain.err.find('\033') == std::string::npos);
  const Ran coloured = Run({"check", "--lang", "en", "does_not_exist.vigie"}, Terminal{true, true});
  CHECK(coloured.code == plain.code);
  CHECK(coloured.err.starts_with("\033[1;31merror[V5001]\033[0m: cannot find file"));
  CHECK(coloured.err.find("\033[1;31mfailed:\033[0m 1 error\n") != std::string::npos);
  SetLanguage(Language::kEnglish);
  CHECK(ColourLine("ok: 1 file") == "\033[1;32mok:\033[0m 1 file");
  CHECK(ColourLine("PASS  a test") == "\033[1;32mPASS\033[0m  a test");
  CHECK(ColourLine("  = help: do this") == "  \033[1;36m= help:\033[0m do this");
  CHECK(ColourLine("plain text") == "plain text");
}

TEST_CASE("NO_COLOR turns the colours off even on a terminal", "[cli]") {
  setenv("NO_COLOR", "1", 1);
  CHECK_FALSE(WantsColour(1));
  CHECK_FALSE(WantsColour(2));
  unsetenv("NO_COLOR");
}

TEST_CASE("the man page is made from the help", "[cli]") {
  SetLanguage(Language::kEnglish);
  const std::string page = ManPage();
  CHECK(page.starts_with(".TH VIGIE 1 "));
  CHECK(page.find(".SS vigie import [options] FILE...") != std::string::npos);
  CHECK(page.find(".B \\-\\-keep\\-valid") != std::string::npos);
  CHECK(page.find("NO_COLOR") != std::string::npos);
}

}  // namespace vigie::cli
