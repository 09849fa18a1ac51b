#include <unistd.h>

#include <iostream>

#include "engine/base/memory_reuse.h"
#include "engine/cli/commands.h"

int main(int argc, char** argv) {
  vigie::HeapInHugePages("/proc/self/exe", argv);
  vigie::KeepFreedMemoryForReuse();
  std::vector<std::string> args(argv + 1, argv + argc);
  const vigie::cli::Terminal terminal{vigie::cli::WantsColour(STDOUT_FILENO), vigie::cli::WantsColour(STDERR_FILENO),
                                      isatty(STDIN_FILENO) == 1};
  return vigie::cli::RunCli(args, std::cout, std::cerr, terminal);
}
