// The command line: any list of arguments (one per line of the input) read by ParseCommandLine and
// the date options' check, in French and in English. Beyond "no crash, no sanitizer report", it
// checks that a usage error and a help text are never empty and are valid UTF-8 (they quote what
// the user typed, and a "did you mean" must not cut a character in two).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/language.h"
#include "engine/base/source.h"
#include "engine/cli/command_line.h"
#include "engine/cli/options.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;

bool IsUtf8(std::string_view text) { return FindInvalidUtf8(text) == std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args;
  for (size_t start = 0; start <= input.size();) {
    const size_t end = std::min(input.find('\n', start), input.size());
    args.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  const bool typed_is_utf8 = IsUtf8(input);
  for (Language language : {Language::kFrench, Language::kEnglish}) {
    SetLanguage(language);
    cli::Options options;
    const cli::CommandLine line = cli::ParseCommandLine(args, options);
    if (line.action != cli::CommandLine::Action::kRun && line.text.empty()) {
      fuzz::Fail("a usage error or a help without text", std::string(input));
    }
    // What vigie writes around the user's words is UTF-8; only the words themselves may not be.
    if (typed_is_utf8 && !IsUtf8(line.text)) fuzz::Fail("a usage error or a help that is not UTF-8", std::string(input));
    if (line.action == cli::CommandLine::Action::kRun) {
      const std::optional<std::string> problem = cli::CheckDateOptions(options);
      if (problem && typed_is_utf8 && !IsUtf8(*problem)) fuzz::Fail("a date option's error that is not UTF-8", std::string(input));
    }
  }
  return 0;
}
