// Lint of a contract's terms as a controller writes them (issue 11): how the score is formed
// (V3020), credits for verdicts that are not results (V3021). Called by lint.cpp for each contract.
#pragma once

#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/sema/model.h"

namespace vigie::sema {

std::vector<Diagnostic> LintContractTerms(const model::Model& model, const model::Contract& contract);

}  // namespace vigie::sema
