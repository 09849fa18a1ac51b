// The report as one self-contained HTML file, printable to PDF (docs/report-html.md): inline CSS
// and inline SVG charts, no script, no link to anything outside the file.
#pragma once

#include <string>

#include "engine/report/report_model.h"

namespace vigie::report {

std::string RenderHtml(const Report& report);

// The chart of one quantitative commitment from its verdicts: its targets as a step line (with the
// tolerance band), each entity's values as points joined by lines, a missing value a gap. "" when there is nothing
// to draw (no value and no target).
std::string RenderTrajectoryChart(const Item& item);
// The same chart drawn from `rows` (the item's verdicts a page shows): each entity's series is its
// verdicts' measured values and targets, in their order.
std::string RenderTrajectoryChart(const Item& item, const VerdictRows& rows);

}  // namespace vigie::report
