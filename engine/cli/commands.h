// The vigie command line. RunCli is main() without the process: it writes to the given streams and
// returns the exit code, so tests can run any command in-process.
//
// Exit codes: 0 ok (warnings allowed), 1 errors in the input, 2 usage error, 3 internal or I/O error
// (a file that does not exist or cannot be read).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace vigie::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace vigie::cli
