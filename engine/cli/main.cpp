#include <iostream>

#include "engine/cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return vigie::cli::RunCli(args, std::cout, std::cerr);
}
