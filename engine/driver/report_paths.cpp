#include "engine/driver/report_paths.h"

#include <algorithm>
#include <filesystem>

namespace vigie::driver {

namespace fs = std::filesystem;

PathInside ResolveInside(const std::string& folder, const std::string& named) {
  const fs::path relative(named);
  if (named.empty()) return {"", "an empty path"};
  if (relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) {
    return {"", "an absolute path"};
  }
  for (const fs::path& part : relative) {
    if (part == "..") return {"", "it leaves the folder '" + folder + "' (..)"};
  }
  const fs::path base = folder.empty() ? fs::path(".") : fs::path(folder);
  const fs::path joined = base / relative;
  // Symbolic links are followed as the file would be opened, then the result must stay inside.
  std::error_code error;
  const fs::path real_base = fs::weakly_canonical(base, error);
  const fs::path real = fs::weakly_canonical(joined, error);
  if (error) return {"", "it cannot be resolved inside the folder '" + folder + "'"};
  const auto [base_end, ignored] = std::mismatch(real_base.begin(), real_base.end(), real.begin(), real.end());
  if (base_end != real_base.end()) return {"", "a symbolic link leads out of the folder '" + folder + "'"};
  return {joined.lexically_normal().generic_string(), ""};
}

}  // namespace vigie::driver
