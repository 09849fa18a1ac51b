// The report as CSV for a French Excel: one row per verdict (docs/report-csv.md).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "engine/report/report_model.h"

namespace vigie::report {

// UTF-8 with a BOM, ';' separated, CRLF, decimal comma, a header row, FINESS and periods kept as
// text with the ="…" formula.
std::string RenderCsv(const Report& report);
// The same, handed to `sink` a row at a time (a campaign's millions of rows are never one string).
void WriteCsv(const Report& report, const std::function<void(std::string_view)>& sink);

// One field, quoted when it holds ';', '"', a line break or leading/trailing spaces; text that Excel
// would take for a formula (starting with = + - @, a tab or a carriage return, and not a plain
// number such as -16,8) is prefixed with an apostrophe (base/spreadsheet.h).
std::string CsvText(std::string_view text);
// A value Excel must keep as text exactly (a FINESS such as 010007300, a period such as 2021-03):
// the formula ="010007300", quoted as a CSV field (text holding a quote is written as CsvText).
std::string CsvKeepAsText(std::string_view text);

}  // namespace vigie::report
