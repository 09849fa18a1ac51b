// A store's path for a test, under the system's temporary folder, with no file left there by an
// earlier run (nor its WAL and shared-memory files).
#pragma once

#include <filesystem>
#include <string>

namespace vigie::testing {

// <temp>/<folder>/<name>.db, made empty.
inline std::string FreshStorePath(const std::string& folder, const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / folder;
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

}  // namespace vigie::testing
