// The stages, callable one by one (as the CLI and the tests need): load + parse, then check.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/driver/loader.h"
#include "engine/sema/checker.h"
#include "engine/sema/lint.h"
#include "engine/sema/model.h"

namespace vigie::driver {

struct CheckedProgram {
  ParsedProgram parsed;
  sema::model::Model model;
};

// Loads, parses and checks `paths`. Checking runs even after syntax errors, on what could be
// recovered, so that one run reports as many mistakes as possible. With `check.strict`, a program
// without errors is also linted (sema/lint.h), on `lint.as_of` or, when not given, today (the clock
// that VIGIE_FIXED_TIME replaces in tests).
void CheckProgram(const std::vector<std::string>& paths, const std::string& display_root, CheckedProgram& program,
                  DiagnosticSink& sink, const LoadOptions& load = {}, const sema::CheckOptions& check = {},
                  const std::optional<sema::LintOptions>& lint = std::nullopt);


// "2 files, 1 contract, 7 commitments, 62 indicators"
std::string Summarize(const CheckedProgram& program);

}  // namespace vigie::driver
