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

namespace vigie::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// The exit code of a run stopped by errors: 3 when a file could not be found or read, else 1.
int ExitCodeForErrors(const std::vector<Diagnostic>& diagnostics);

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
