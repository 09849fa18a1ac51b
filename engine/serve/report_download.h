// Reports downloaded from `vigie serve`, as HTML, JSON or CSV: a recorded run's, rendered from the
// JSON report sealed in the store (never evaluated again), and an establishment's self-assessment.
// An establishment gets the extract of a report that concerns it: its own verdicts, scores and
// payments, never another establishment's.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report/report_model.h"

namespace vigie::serve {

// "/home/controle/data/valeurs.csv" -> "valeurs.csv" (a Windows path too): a file named without the
// folders it is in on the server or on a controller's computer, as an establishment is shown it.
std::string FileName(std::string_view path);

enum class ReportFormat { kHtml, kJson, kCsv };

// "html", "json" or "csv", as the routes write them; nullopt otherwise.
std::optional<ReportFormat> ReportFormatNamed(std::string_view name);

// A report as a file to download: its bytes, their media type and the name the browser saves it as.
struct ReportDownload {
  std::string body, content_type, file_name;
};
// `report` rendered as `format` (the renderers of `vigie run --report`), saved as `stem`.html|json|csv.
ReportDownload RenderDownload(const report::Report& report, ReportFormat format, const std::string& stem);
// `json` as it is (a sealed report, byte for byte), saved as `stem`.json.
ReportDownload JsonDownload(std::string json, const std::string& stem);

// Marks the verdicts of `groups` as a group's own (the JSON report does not say which entities are
// groups) and makes each contract's summary again.
void MarkGroups(report::Report& report, const std::set<std::string>& groups);

// What of `report` concerns `entities` (an establishment's): the contracts among `visible`, each with
// the verdicts, entity scores and waivers of these entities only; the payments made to them (a
// contract's own payment when they are its direct parties); the contract's scores when they are all
// its parties. Counts, declared values and summaries are made again; the files written beside the
// report are no longer vouched for; the store, the rulesets and the files the values came from are
// named by their file names only (not the server's folders). nullopt when no verdict names one of
// the entities.
std::optional<report::Report> ExtractFor(const report::Report& report, const std::set<std::string>& entities,
                                          const std::vector<std::string>& visible);

}  // namespace vigie::serve
