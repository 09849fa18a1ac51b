#include "engine/driver/pdf.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "engine/base/text.h"

namespace vigie::driver {

namespace fs = std::filesystem;

std::optional<std::string> FindChromium() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  const std::string dirs = std::string(path) + ":";
  for (const char* name : {"chromium", "chromium-browser"}) {
    for (size_t start = 0, colon; (colon = dirs.find(':', start)) != std::string::npos; start = colon + 1) {
      const std::string dir = dirs.substr(start, colon - start);
      if (dir.empty()) continue;
      const std::string candidate = dir + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return std::nullopt;
}

std::string ChromiumMissingHelp() {
  return std::string(Tr("--formats pdf prints the HTML report with Chromium, which is not on PATH: install it (Debian, Ubuntu: "
            "sudo apt install chromium), or leave pdf out and print report.html from a browser"));
}

bool PrintPdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path, std::string& problem) {
  std::error_code error;
  const std::string html = fs::absolute(html_path, error).string();
  const std::string pdf = fs::absolute(pdf_path, error).string();
  fs::remove(pdf, error);
  // A profile folder of its own, so that a Chromium already open or an unwritable home does not stop it.
  const std::string profile = pdf + ".chromium-profile";
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--user-data-dir=" + profile,
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + pdf,
                                   "file://" + html};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child < 0) {
    problem = Tr("cannot start {0}", chromium);
    return false;
  }
  if (child == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
  }
  fs::remove_all(profile, error);
  const bool written = fs::exists(pdf, error) && fs::file_size(pdf, error) > 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !written) {
    problem = Tr("{0} did not print {1} to PDF", chromium, html_path);
    return false;
  }
  return true;
}

}  // namespace vigie::driver
