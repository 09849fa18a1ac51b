// The command line of vigie, read with CLI11: one subcommand per command, each with its own
// options; the help of each command (options and examples) in the current language; usage errors
// that say what is wrong in one line, with a "did you mean" when a name is mistyped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/cli/options.h"

namespace vigie::cli {

// What ParseCommandLine found.
struct CommandLine {
  enum class Action {
    kRun,          // run options.command
    kHelp,         // print `text` on standard output, exit 0 (help, --help, version, help --man)
    kUsageError,   // print `text` on standard error, exit 2
  };
  Action action = Action::kRun;
  std::string text;
};

// Reads `args` (argv without the program name) into `options`. `--lang` must already have been
// taken out of `args` (and applied) by the caller, so that the help is built in that language.
CommandLine ParseCommandLine(const std::vector<std::string>& args, Options& options);

// A usage error of `command` as printed on standard error (three lines, ending with a newline):
//   vigie lint: no file given
//   usage: vigie lint [options] FILE|DIR...
//   see 'vigie lint --help' for its options and examples
std::string UsageError(const std::string& command, const std::string& message);

// The message for a command that takes an action (`store info`, `key generate`...) given none or
// a wrong one: "say what to do: info, history", "unknown action 'inf'; did you mean 'info'?".
std::string ActionError(const std::string& given, const std::vector<std::string>& actions);

// The help of one command ("" for the list of commands), as `vigie COMMAND --help` prints it.
std::string HelpText(const std::string& command);

// The manual page vigie.1 (roff), made from the same texts as the help.
std::string ManPage();

// The names of the commands, sorted.
std::vector<std::string> CommandNames();

}  // namespace vigie::cli
