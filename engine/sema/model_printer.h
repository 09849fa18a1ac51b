// Deterministic dump of a checked model, with no spans and only canonical (English) words, so that
// the same contract written with French or English keywords prints the same text.
#pragma once

#include <string>

#include "engine/sema/model.h"

namespace vigie::sema {

std::string PrintModel(const model::Model& model);

// One commitment or payment of a contract, as PrintModel prints it ("  commitment x ...", one item a
// line): what `vigie diff` compares line by line.
std::string PrintCommitment(const model::Commitment& commitment);
std::string PrintPayment(const model::Payment& payment);

// An expression with canonical units and function names: ((a / b) * 100 percent)
std::string PrintCanonicalExpr(const model::Expr& expr);

}  // namespace vigie::sema
