// What differs between two checked contracts, clause by clause: the contract as signed and as amended
// by an avenant, or two files of one contract. Used by `vigie diff` and to find an avenant that
// changes nothing (V3035). Compares the canonical print of each item (sema/model_printer.h), so an
// English and a French file of the same contract have no difference.
#pragma once

#include <string>
#include <vector>

#include "engine/sema/model.h"

namespace vigie::sema {

struct ClauseChange {
  enum class Kind { kAdded, kRemoved, kChanged };
  Kind kind = Kind::kChanged;
  std::string item_kind;  // "contract", "commitment", "milestone", "waiver", "payment"
  std::string item;       // its name ("" for the contract itself)
  std::string field;      // "target 2021", "weight", "tolerance"...; "" when the whole item is added or removed
  std::string before, after;  // canonical text; "" when absent
};

// In the contracts' order: the contract's own lines, then commitments, milestones, waivers, payments.
std::vector<ClauseChange> DiffContracts(const model::Contract& before, const model::Contract& after);

// The English name of a change's kind, for JSON: "added", "removed", "changed".
std::string_view Name(ClauseChange::Kind kind);

}  // namespace vigie::sema
