// A path named inside a report is read only inside one folder (the report's, or the one the user
// names): `vigie verify` must never be led by a report to read /etc/passwd or ../secret.
#pragma once

#include <string>

namespace vigie::driver {

struct PathInside {
  std::string path;     // the file to open: `folder`/`named` (empty when refused)
  std::string refused;  // why it is refused: "an absolute path", "it leaves the folder ..."; empty: allowed
};

// `named` read inside `folder`: refused when it is absolute, has a `..` part, or leads out of the
// folder through a symbolic link. A file that does not exist is allowed (its caller says missing).
PathInside ResolveInside(const std::string& folder, const std::string& named);

}  // namespace vigie::driver
