#include "engine/report/renderers.h"

#include "engine/report/csv_report.h"
#include "engine/report/html_report.h"
#include "engine/report/markdown_report.h"

namespace vigie::report {

const std::vector<Format>& Formats() {
  static const std::vector<Format> kFormats = {
      {"json", "json", RenderJson, WriteJson},
      {"md", "md", RenderMarkdown, {}},
      {"csv", "csv", RenderCsv, WriteCsv},
      {"html", "html", RenderHtml, {}},
  };
  return kFormats;
}

}  // namespace vigie::report
