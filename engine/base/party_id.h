// Parties that are not establishments: territories (commune, département, région, territoire de
// démocratie sanitaire, GHT territory), CLSM, associations, other institutions. Each kind has its
// identifier scheme, checked here once for the language (sema) and for imports (ingest):
//   commune     INSEE code, 5 characters: the département (01-95 but 20, 2A, 2B) then 3 digits, or
//               an overseas département (971-976) then 2 digits;
//   department  INSEE code: 01-95 but 20, 2A, 2B, or 971-976;
//   region      INSEE code: 2 digits;
//   the others  a free code of the same form as a group code (group_id.h): a letter, then letters,
//               digits or '_'.
// Canonical kind names are English, as the store keeps them (entities.kind).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigie {

// Every kind of party that is neither an establishment, a legal entity nor a group, canonical names.
const std::vector<std::string_view>& OtherPartyKinds();

bool IsOtherPartyKind(std::string_view kind);

// A territory: its values may be its own (imported for it) as well as its members'.
bool IsTerritoryKind(std::string_view kind);

// Why `id` cannot identify a party of `kind` (a canonical name of OtherPartyKinds), in one line for
// a diagnostic ("" when it can), e.g. "a commune's INSEE code has 5 characters, this one has 4".
std::string PartyIdProblem(std::string_view kind, std::string_view id);

// How a party of this kind is named before its code in a report: "commune 79191", "CLSM CLSM_NIORT"
// (translated; the canonical name when the kind is unknown).
std::string PartyLabel(std::string_view kind, std::string_view id);

}  // namespace vigie
