#include "engine/driver/report_paths.h"

#include <algorithm>
#include <filesystem>

#include "engine/base/text.h"

namespace vigie::driver {

namespace fs = std::filesystem;

PathInside ResolveInside(const std::string& folder, const std::string& named) {
  const fs::path relative(named);
  if (named.empty()) return {"", std::string(Tr("an empty path"))};
  if (relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) {
    return {"", std::string(Tr("an absolute path"))};
  }
  for (const fs::path& part : relative) {
    if (part == "..") return {"", Tr("it leaves the folder '{0}' (..)", folder)};
  }
  const fs::path base = folder.empty() ? fs::path(".") : fs::path(folder);
  const fs::path joined = base / relative;
  // Symbolic links are followed as the file would be opened, then the result must stay inside.
  std::error_code error;
  const fs::path real_base = fs::weakly_canonical(base, error);
  const fs::path real = fs::weakly_canonical(joined, error);
  if (error) return {"", Tr("it cannot be resolved inside the folder '{0}'", folder)};
  const auto [base_end, ignored] = std::mismatch(real_base.begin(), real_base.end(), real.begin(), real.end());
  if (base_end != real_base.end()) return {"", Tr("a symbolic link leads out of the folder '{0}'", folder)};
  return {joined.lexically_normal().generic_string(), ""};
}

}  // namespace vigie::driver
