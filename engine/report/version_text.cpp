#include "engine/report/version_text.h"

#include <map>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"

namespace vigie::report {

std::string VersionName(const std::optional<int>& version) {
  return version ? eval::VersionLabel(*version) : "";
}

std::vector<std::string> VersionLines(const Contract& contract) {
  std::vector<std::string> lines;
  if (contract.amendments.empty()) return lines;
  std::map<int, std::string> years;
  for (const auto& [year, version] : contract.version_by_year) years[version] += (years[version].empty() ? "" : ", ") + year;
  for (const auto& [version, judged] : years) {
    if (version == 0) {
      lines.push_back(Tr("{0}: {1}", VersionName(version), judged));
      continue;
    }
    const Contract::Amendment& a = contract.amendments[static_cast<size_t>(version) - 1];
    lines.push_back(a.title.empty() ? Tr("{0} (effective {1}): {2}", VersionName(version), FormatDate(a.effective), judged)
                                    : Tr("{0} (effective {1}, {2}): {3}", VersionName(version), FormatDate(a.effective), a.title, judged));
  }
  return lines;
}

}  // namespace vigie::report
