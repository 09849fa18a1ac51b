// Runs one vigie command line in the test's process, as `vigie ARGS...` would (the golden runner's
// RunAndRecord records it instead): its exit code, its output shown when a check fails.
#pragma once

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/cli/commands.h"

namespace vigie::testing {

inline int RunCommand(const std::vector<std::string>& args, std::string* output = nullptr) {
  std::ostringstream out, err;
  const int code = cli::RunCli(args, out, err);
  INFO(out.str() << err.str());
  if (output != nullptr) *output = out.str() + err.str();
  return code;
}

}  // namespace vigie::testing
