// Golden tests: each input file under tests/golden/<stage>/ has an expected output beside it.
// Run with --update-goldens (or VIGIE_UPDATE_GOLDENS=1) to rewrite the expected files, then review
// the change with `git diff tests/golden`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vigie::testing {

// Registers one Catch test case per golden input, named "golden/<stage>/<case>".
void RegisterGoldenTests(const std::filesystem::path& golden_dir, bool update);

// The recorded form of a command run: "# exit: N", then the standard output and standard error.
std::string RunAndRecord(const std::vector<std::string>& args, const std::string& input = "");

}  // namespace vigie::testing
