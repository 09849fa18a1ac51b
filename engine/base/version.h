// vigie's version, from the one in CMakeLists.txt (project VERSION): what `vigie --version` prints and
// what every report and recorded run names as its engine.
#pragma once

#include <string_view>

namespace vigie {

inline constexpr std::string_view kVersion = VIGIE_VERSION;

}  // namespace vigie
