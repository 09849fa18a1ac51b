// A campaign's HTML report, in pages (docs/report-html.md, "A campaign"): report.html summarises
// each contract (where it stands, its counts, scores and payments, how its entities' scores are
// spread, its items, and the list of its entities), and each entity has its own page per contract
// (pages/CONTRACT/ENTITY.html) with its verdicts in a grid (a trend line per item) and the values they read. No page
// holds every verdict: a page grows with the items and periods, the summary with the entities.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/report/report_model.h"

namespace vigie::report {

// Above these sizes the HTML report is written in pages (`vigie run --html-pages` asks for them
// at any size): a contract with more entities than this, or a report with more verdicts.
inline constexpr size_t kHtmlPagesAboveEntities = 200;
inline constexpr int64_t kHtmlPagesAboveVerdicts = 20000;

// True when the report is too large for one page (the sizes above).
bool NeedsHtmlPages(const Report& report);

// The file of an entity's page of a contract, relative to the report's folder:
// "pages/cpom/010007300.html". A byte other than a letter, a digit, '-' or '_' is written ~XX (hex),
// so that any id gives a file name of its own inside pages/.
std::string EntityPageName(const std::string& contract, const std::string& entity);

// The pages of the HTML report: page 0 is report.html, then each contract's entities in the order
// of their ids. Each page is rendered on its own and from any thread (in the report's language), so
// that they can be written several at a time, each held only while it is written.
class HtmlPages {
 public:
  explicit HtmlPages(const Report& report);  // `report` must outlive the pages
  ~HtmlPages();
  HtmlPages(const HtmlPages&) = delete;
  HtmlPages& operator=(const HtmlPages&) = delete;

  size_t size() const;                   // report.html and every entity's page
  std::string Name(size_t page) const;   // "report.html", "pages/cpom/010007300.html"
  std::string Render(size_t page) const;

 private:
  struct Plan;
  const Report& report_;
  std::unique_ptr<Plan> plan_;
};

}  // namespace vigie::report
