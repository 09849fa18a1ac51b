// The indicators that vigie's own catalogs (rulesets/*.vigie, shipped with it) declare, so that an
// unknown indicator's help (V2001) can name the catalog to import. The table is written by CMake
// from the catalogs' declarations when the build is configured (engine/CMakeLists.txt).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::sema {

// The file name, in rulesets/, of the first shipped catalog (by file name) that declares an indicator
// of this name ("hospidiag_identite.vigie" for "CI_A1"); nullopt when none does.
std::optional<std::string_view> ShippedCatalogOf(std::string_view indicator);

// The help of an unknown indicator (V2001): the shipped catalog to import when one declares it,
// otherwise "did you mean" among `candidates` (the indicators in scope), otherwise "".
std::string UnknownIndicatorHelp(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace vigie::sema
