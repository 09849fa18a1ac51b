// The vigie command line. RunCli is main() without the process: it writes to the given streams and
// returns the exit code, so tests can run any command in-process.
//
// Exit codes: 0 ok (warnings allowed), 1 errors in the input, 2 usage error, 3 internal or I/O error
// (a file that does not exist or cannot be read).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/cli/colour.h"

namespace vigie::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// "2 errors, 1 warning" in the current language (no warnings part when there are none; no errors
// part when `with_errors` is false: "3 warnings").
std::string CountText(size_t errors, size_t warnings, bool with_errors = true);

// The exit code of a run stopped by errors: 3 when a file could not be found or read, else 1.
int ExitCodeForErrors(const std::vector<Diagnostic>& diagnostics);

// Runs `vigie ARGS...` (args without the program name). `terminal` says which streams get colours
// (main() sets it from isatty and NO_COLOR; off everywhere else, so goldens never hold colours).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Terminal& terminal = {});

}  // namespace vigie::cli
