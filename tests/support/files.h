// Reading and writing a whole file in a test (bytes as they are, no newline translation).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace vigie::testing {

inline void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
}

inline std::string Read(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace vigie::testing
