// The pieces of the HTML report that the one-page report (html_report.cpp) and a campaign's paged
// report (html_pages.cpp) share: one stylesheet, one way to show a verdict, a contract's head, its
// position and summary, an item's section. Written once in html_report.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "engine/report/report_model.h"

namespace vigie::report::html {

std::string Escape(std::string_view text);
std::string Badge(const std::string& verdict);
std::string Chips(const std::map<std::string, int64_t>& counts, bool show_zero);
std::string ScoreBar(const std::string& value);
std::string Th(std::string_view text, bool num = false);
std::string EntityCell(const std::string& id, const std::string& name);

// <!DOCTYPE html> to <body>, with the stylesheet; then DocumentEnd's footer closes the page.
// `extra_css`: rules of this kind of page only, after the shared stylesheet.
std::string DocumentStart(const Report& report, const std::string& title, std::string_view extra_css = {});
std::string DocumentEnd(const Report& report);
// "Compliance report — <contracts> — as of <date>"
std::string ReportTitle(const Report& report);
// The run's facts (<dt>/<dd>: data as of, generated, store, rules, declared values).
std::string RunFacts(const Report& report);
// A page's head, the one shape of the report's and of an entity's page: the kicker, `heading` (HTML)
// as its title, `lead` (HTML, may be empty), its `facts` (<dt>/<dd> HTML) then the run's, the
// verdict counts `counts`, then `after` (HTML, may be empty).
std::string PageHead(const Report& report, const std::string& heading, const std::string& lead, const std::string& facts,
                     const std::map<std::string, int64_t>& counts, const std::string& after);
// The report's head: its facts, the verdict counts, the contracts' table of contents.
std::string ReportHeader(const Report& report);
// A contract's title and facts.
std::string ContractHead(const Contract& c);
// Where the contract stands in its latest year; `matrix`: with the table of every entity's verdicts.
void Overview(std::string& out, const Contract& c, bool matrix);
// Counts, scores per year, payments; `entity_scores`: with the table of every entity's scores.
void Summary(std::string& out, const Contract& c, bool entity_scores);
void Waivers(std::string& out, const Contract& c);
// An item's section with the verdicts `rows` (all of the item's, or one entity's).
void ItemSection(std::string& out, const Contract& c, const Item& item, const VerdictRows& rows);
// The evidence appendix of the verdicts `rows` (AllRows, or one entity's) and of the payments.
void Appendix(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows);
// The milestones' evidence (date, document, SHA-256) of the verdicts `rows`, a table (nothing without any).
void MilestoneEvidence(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows);
// A SHA-256 abbreviated on screen, whole in its tooltip and on paper ("—" when empty).
std::string Sha(const std::string& sha256);
// A waiver's scope and dates: "Waiver for 080000037 in 2020, granted 01/03/2020."
std::string WaiverSentence(const Waiver& w);

}  // namespace vigie::report::html
