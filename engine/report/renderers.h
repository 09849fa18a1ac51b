// The report formats `vigie run --report DIR` writes, each rendering the one report model.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report/report_model.h"

namespace vigie::report {

struct Format {
  std::string name;       // json, md, csv, html (what --formats accepts)
  std::string extension;  // the file written: report.<extension>
  std::function<std::string(const Report&)> render;
  // When set, the same text handed over piece by piece (what `vigie run` writes to the file, so that
  // a campaign's report is never one string in memory).
  std::function<void(const Report&, const std::function<void(std::string_view)>&)> write;
};

// Every format, in the order they are written.
const std::vector<Format>& Formats();

}  // namespace vigie::report
