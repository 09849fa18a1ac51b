// How reports name the versions of an amended contract: "amendment 1 (effective 01/07/2020, Revue à
// mi-parcours): 2020, 2021". Shared by the text summary, Markdown, HTML and CSV reports.
#pragma once

#include <optional>
#include <string>

#include "engine/report/report_model.h"

namespace vigie::report {

// "initial contract", "amendment 1", in the current language; "" for none.
std::string VersionName(const std::optional<int>& version);

// One line per version that judged a year: its name, its date and title, and the years it judged.
// Empty for a contract without avenants.
std::vector<std::string> VersionLines(const Contract& contract);

}  // namespace vigie::report
