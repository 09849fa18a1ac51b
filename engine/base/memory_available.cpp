#include "engine/base/memory_available.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"

namespace vigie {
namespace {

// The first line of a small file (a cgroup's memory.max or memory.current), "" if unreadable.
std::string FirstLine(const char* path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}

std::optional<uint64_t> WholeNumber(const std::string& text) {
  if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  return std::stoull(text);
}

// MemAvailable in /proc/meminfo ("MemAvailable:   17534212 kB"), in bytes.
std::optional<uint64_t> KernelAvailable() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key, unit;
  uint64_t kilobytes = 0;
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    if (fields >> key >> kilobytes >> unit && key == "MemAvailable:") return kilobytes * 1024;
  }
  return std::nullopt;
}

// A field of a cgroup's memory.stat ("inactive_file 123456"), in bytes; 0 when absent.
uint64_t StatField(const std::string& path, const std::string& field) {
  std::ifstream stat(path);
  std::string key;
  uint64_t value = 0;
  while (stat >> key >> value) {
    if (key == field) return value;
  }
  return 0;
}

// What this process's cgroup (v2) may still take: memory.max less what it uses, its inactive file
// pages not counted (the kernel drops them before it refuses memory: a store read fills the cache up
// to the limit); none when unlimited.
std::optional<uint64_t> CgroupAvailable() {
  std::ifstream self("/proc/self/cgroup");
  std::string line, group;
  while (std::getline(self, line)) {
    if (line.rfind("0::", 0) == 0) group = line.substr(3);  // the unified hierarchy's line
  }
  if (group.empty() || group.find("..") != std::string::npos) return std::nullopt;
  const std::string dir = "/sys/fs/cgroup" + (group == "/" ? std::string() : group);
  const std::optional<uint64_t> max = WholeNumber(FirstLine((dir + "/memory.max").c_str()));  // "max": none
  const std::optional<uint64_t> current = WholeNumber(FirstLine((dir + "/memory.current").c_str()));
  if (!max || !current) return std::nullopt;
  const uint64_t cache = StatField(dir + "/memory.stat", "inactive_file");
  const uint64_t used = *current > cache ? *current - cache : 0;
  return *max > used ? *max - used : 0;
}

}  // namespace

std::optional<uint64_t> MemoryAvailable() {
  const std::optional<uint64_t> kernel = KernelAvailable(), cgroup = CgroupAvailable();
  if (kernel && cgroup) return std::min(*kernel, *cgroup);
  return kernel ? kernel : cgroup;
}

std::optional<uint64_t> ParseMemorySize(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 13) return std::nullopt;
  const uint64_t number = std::stoull(std::string(text.substr(0, digits)));
  std::string unit(text.substr(digits));
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  struct Unit {
    const char* name;
    int shift;
  };
  static constexpr Unit kUnits[] = {{"", 0},     {"B", 0},     {"O", 0},    {"K", 10},   {"KI", 10},  {"KIB", 10}, {"KB", 10},
                                    {"KO", 10},  {"KIO", 10},  {"M", 20},   {"MI", 20},  {"MIB", 20}, {"MB", 20},  {"MO", 20},
                                    {"MIO", 20}, {"G", 30},    {"GI", 30},  {"GIB", 30}, {"GB", 30},  {"GO", 30},  {"GIO", 30},
                                    {"T", 40},   {"TI", 40},   {"TIB", 40}, {"TB", 40},  {"TO", 40},  {"TIO", 40}};
  int shift = -1;
  for (const Unit& known : kUnits) {
    if (unit == known.name) shift = known.shift;
  }
  if (shift < 0 || number == 0 || number > (uint64_t{1} << (60 - shift))) return std::nullopt;
  return number << shift;
}

std::string MemorySizeText(uint64_t bytes) {
  constexpr uint64_t kMiB = uint64_t{1} << 20, kGiB = uint64_t{1} << 30;
  char number[32];
  if (bytes >= kGiB) {
    std::snprintf(number, sizeof number, "%.1f", static_cast<double>(bytes) / static_cast<double>(kGiB));
    return Tr("{0} GiB", LocalizeNumber(number));
  }
  if (bytes >= kMiB) {
    std::snprintf(number, sizeof number, "%llu", static_cast<unsigned long long>((bytes + kMiB - 1) / kMiB));
    return Tr("{0} MiB", std::string(number));
  }
  std::snprintf(number, sizeof number, "%llu", static_cast<unsigned long long>((bytes + 1023) / 1024));
  return Tr("{0} KiB", std::string(number));
}

}  // namespace vigie
