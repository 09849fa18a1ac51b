#include "engine/report/renderers.h"

#include "engine/report/csv_report.h"
#include "engine/report/html_report.h"
#include "engine/report/markdown_report.h"

namespace vigie::report {

const std::vector<Format>& Formats() {
  static const std::vector<Format> kFormats = {
      {"json", "json", [](const Report& report) { return RenderJson(report); },
       [](const Report& report, const std::function<void(std::string_view)>& sink) { WriteJson(report, sink); }},
      {"md", "md", RenderMarkdown, {}},
      {"csv", "csv", RenderCsv, WriteCsv},
      {"html", "html", RenderHtml, {}},
  };
  return kFormats;
}

}  // namespace vigie::report
