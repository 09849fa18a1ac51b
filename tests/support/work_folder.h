// A test's own folder: fresh under the temporary directory, its working directory while it lives
// (the commands it runs read and write relative paths), removed after.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace vigie::testing {

class WorkFolder {
 public:
  // `prefix` names the test; the process id keeps parallel runs of the suite apart.
  explicit WorkFolder(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()))),
        previous_(std::filesystem::current_path()) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
    std::filesystem::current_path(path_);
  }
  ~WorkFolder() {
    std::filesystem::current_path(previous_);
    std::filesystem::remove_all(path_);
  }
  WorkFolder(const WorkFolder&) = delete;
  WorkFolder& operator=(const WorkFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_, previous_;
};

}  // namespace vigie::testing
