#include "engine/report/html_pages.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/html_parts.h"
#include "engine/report/report_text.h"

namespace vigie::report {
namespace {

using html::Escape;
using html::Th;

// One entity of a contract: its name, its verdicts (item index, row index), its counts.
struct EntityEntry {
  std::string name;
  std::map<std::string, int64_t> counts;
  std::vector<std::pair<size_t, size_t>> rows;
};

// Every entity with a verdict in the contract, by id, with where its verdicts are (one pass).
std::map<std::string, EntityEntry> EntitiesOf(const Contract& c) {
  std::map<std::string, EntityEntry> entities;
  for (size_t i = 0; i < c.items.size(); ++i) {
    const std::vector<VerdictRow>& verdicts = c.items[i].verdicts;
    for (size_t r = 0; r < verdicts.size(); ++r) {
      EntityEntry& entry = entities[verdicts[r].entity];
      if (entry.rows.empty()) entry.name = verdicts[r].entity_name;
      ++entry.counts[verdicts[r].verdict];
      entry.rows.emplace_back(i, r);
    }
  }
  return entities;
}

// The verdicts of the contract that occur, in the reports' order (the columns of the tables).
std::vector<std::string> VerdictColumns(const std::map<std::string, int64_t>& counts) {
  std::vector<std::string> columns;
  for (const std::string& verdict : VerdictOrder()) {
    auto it = counts.find(verdict);
    if (it != counts.end() && it->second != 0) columns.push_back(verdict);
  }
  return columns;
}

std::string CountCells(const std::vector<std::string>& columns, const std::map<std::string, int64_t>& counts) {
  std::string out;
  for (const std::string& verdict : columns) {
    auto it = counts.find(verdict);
    out += "<td class=\"num\">" + std::to_string(it == counts.end() ? 0 : it->second) + "</td>";
  }
  return out;
}

// The latest year with a score per entity, and each entity's score that year.
std::pair<std::string, std::map<std::string, std::string>> LatestEntityScores(const Contract& c) {
  std::string year;
  for (const Score& s : c.entity_scores) year = std::max(year, s.year);
  std::map<std::string, std::string> scores;
  for (const Score& s : c.entity_scores) {
    if (s.year == year) scores[s.entity] = s.value;
  }
  return {year, scores};
}

// How the entities' scores of the latest scored year are spread, by tenths.
void ScoreDistribution(std::string& out, const Contract& c) {
  const auto [year, scores] = LatestEntityScores(c);
  if (scores.empty()) {
    out += "<h4>" + Escape(Tr("Spread of the entities' scores")) + "</h4>\n<p class=\"note\">" +
           Escape(Tr("No score per entity in this run.")) + "</p>\n";
    return;
  }
  out += "<h4>" + Escape(Tr("Spread of the entities' scores in {0}", YearLabel(c, year))) + "</h4>\n";
  std::array<int64_t, 10> bins{};
  for (const auto& [entity, value] : scores) {
    // Scores are decimals with four places: counted in ten-thousandths, no rounding at a bound.
    const long long tenthousandths = std::llround(std::strtod(value.c_str(), nullptr) * 10000);
    ++bins[static_cast<size_t>(std::clamp(tenthousandths / 1000, 0LL, 9LL))];
  }
  const int64_t most = *std::max_element(bins.begin(), bins.end());
  out += "<table><thead><tr>" + Th(Tr("Score")) + Th(Tr("Entities"), true) + "<th></th></tr></thead><tbody>\n";
  for (size_t b = 0; b < bins.size(); ++b) {
    const std::string low = b == 0 ? "0" : "0." + std::to_string(b);
    const std::string high = b == 9 ? "1" : "0." + std::to_string(b + 1);
    char share[32];
    std::snprintf(share, sizeof share, "%.4f", most == 0 ? 0.0 : static_cast<double>(bins[b]) / static_cast<double>(most));
    out += "<tr><td class=\"nowrap\">" +
           Escape(b == 9 ? Tr("{0} to {1} inclusive", LocalizeNumber(low), LocalizeNumber(high))
                         : Tr("{0} to under {1}", LocalizeNumber(low), LocalizeNumber(high))) +
           "</td><td class=\"num\">" + std::to_string(bins[b]) + "</td><td>" + html::ScoreBar(share) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
}

// Each item's verdict counts (one row an item: bounded by the contract, not by the entities).
void ItemCounts(std::string& out, const Contract& c, const std::vector<std::string>& columns) {
  out += "<h4>" + Escape(Tr("Verdicts per item")) + "</h4>\n<table><thead><tr>" + Th(Tr("Item"));
  for (const std::string& verdict : columns) out += Th(VerdictLabel(verdict), true);
  out += "</tr></thead><tbody>\n";
  for (const Item& item : c.items) {
    out += "<tr><td><code>" + Escape(item.name) + "</code>" +
           (item.title.empty() ? "" : "<span class=\"name\">" + Escape(item.title) + "</span>") + "</td>" +
           CountCells(columns, item.counts) + "</tr>\n";
  }
  out += "</tbody></table>\n";
}

// The list of the contract's entities, each linked to its page.
void EntityList(std::string& out, const Contract& c, const std::map<std::string, EntityEntry>& entities,
                const std::vector<std::string>& columns) {
  const auto [year, scores] = LatestEntityScores(c);
  out += "<h4>" + Escape(Tr("Entities ({0}), each with its page", entities.size())) + "</h4>\n<table><thead><tr>" +
         Th(Tr("Entity"));
  for (const std::string& verdict : columns) out += Th(VerdictLabel(verdict), true);
  if (!scores.empty()) out += Th(Tr("Score {0}", YearLabel(c, year)), true);
  out += "</tr></thead><tbody>\n";
  for (const auto& [id, entry] : entities) {
    out += "<tr><td><a href=\"" + Escape(EntityPageName(c.name, id)) + "\">" + html::EntityCell(id, entry.name) + "</a></td>" +
           CountCells(columns, entry.counts);
    if (!scores.empty()) {
      auto it = scores.find(id);
      out += "<td class=\"num\">" + (it == scores.end() ? std::string("—") : Escape(LocalizeNumber(it->second))) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

std::string SummaryPage(const Report& report, const std::vector<std::map<std::string, EntityEntry>>& entities) {
  std::string out = html::DocumentStart(report, html::ReportTitle(report));
  out += html::ReportHeader(report);
  out += "<p class=\"note\">" +
         Escape(Tr("This report is in pages: this one summarises each contract; each entity's verdicts, with the values "
                   "they read, are on its own page, linked from the list of entities.")) +
         "</p>\n";
  for (size_t k = 0; k < report.contracts.size(); ++k) {
    const Contract& c = report.contracts[k];
    const std::vector<std::string> columns = VerdictColumns(c.counts);
    out += "<section class=\"contract\" id=\"contract-" + Escape(c.name) + "\">\n" + html::ContractHead(c);
    html::Overview(out, c, false);
    html::Summary(out, c, false);
    html::Waivers(out, c);
    ScoreDistribution(out, c);
    ItemCounts(out, c, columns);
    EntityList(out, c, entities[k], columns);
    out += "</section>\n";
  }
  out += html::DocumentEnd(report);
  return out;
}

// What the contract's entity pages share: the contract and its items without anything that belongs
// to the entities (verdicts, counts, scores, payments, waivers). Made once per
// contract, field by field (a copy of the contract would copy every verdict): each page then copies
// facts only.
struct ContractFacts {
  Contract contract;        // its items apart, in `items`
  std::vector<Item> items;  // the contract's, in its order
};

ContractFacts FactsOf(const Contract& c) {
  ContractFacts facts;
  Contract& contract = facts.contract;
  contract.name = c.name;
  contract.title = c.title;
  contract.kind = c.kind;
  contract.authority = c.authority;
  contract.signed_on = c.signed_on;
  contract.period = c.period;
  contract.template_name = c.template_name;
  contract.year_start_month = c.year_start_month;
  contract.scoring_basis = c.scoring_basis;
  contract.scoring_basis_written = c.scoring_basis_written;
  contract.parties = c.parties;
  contract.amendments = c.amendments;
  contract.version_by_year = c.version_by_year;
  for (const Item& item : c.items) {
    Item& shown = facts.items.emplace_back();
    shown.name = item.name;
    shown.title = item.title;
    shown.clause = item.clause;
    shown.kind = item.kind;
    shown.clause_text = item.clause_text;
    shown.indicator = item.indicator;
    shown.indicator_title = item.indicator_title;
    shown.unit = item.unit;
    shown.applies_to = item.applies_to;
    shown.weight = item.weight;
    shown.tolerance = item.tolerance;
    shown.due = item.due;
    shown.evidence = item.evidence;
    shown.targets = item.targets;
    shown.version = item.version;
  }
  return facts;
}

// The contract as one entity sees it: its facts, and each item with that entity's counts; its
// verdicts in `rows` (one list per item shown), pointing into `c`.
Contract EntityContract(const Contract& c, const ContractFacts& facts, const std::string& id, const EntityEntry& entry,
                        std::vector<VerdictRows>& rows) {
  Contract out = facts.contract;
  out.counts = entry.counts;
  for (const Score& s : c.entity_scores) {
    if (s.entity == id) out.entity_scores.push_back(s);
  }
  size_t current = c.items.size();
  for (const auto& [i, r] : entry.rows) {
    if (i != current) {
      out.items.push_back(facts.items[i]);
      rows.emplace_back();
      current = i;
    }
    const VerdictRow& row = c.items[i].verdicts[r];
    rows.back().push_back(&row);
    ++out.items.back().counts[row.verdict];
  }
  return out;
}

std::string EntityPage(const Report& report, const Contract& c, const ContractFacts& facts, const std::string& id,
                       const EntityEntry& entry) {
  std::vector<VerdictRows> rows;
  const Contract shown = EntityContract(c, facts, id, entry, rows);
  const std::string contract = c.title.empty() ? c.name : c.title;
  const std::string entity = entry.name.empty() ? id : id + " " + entry.name;
  std::string out = html::DocumentStart(report, Tr("{0} — {1} — as of {2}", entity, contract, FormatDate(report.as_of)));
  out += html::PageHead(report, html::EntityCell(id, entry.name),
                        "<p><a href=\"../../report.html#contract-" + Escape(c.name) + "\">" +
                            Escape(Tr("Back to the summary of the contract")) + "</a></p>\n",
                        "<dt>" + Escape(Tr("Contract")) + "</dt><dd>" + Escape(contract) + " <code>" + Escape(c.name) +
                            "</code></dd>\n<dt>" + Escape(Tr("As of")) + "</dt><dd>" + Escape(FormatDate(report.as_of)) + "</dd>\n",
                        entry.counts, "");
  out += "<section class=\"contract\">\n";
  if (!shown.entity_scores.empty()) {
    out += "<h3>" + Escape(Tr("Score per year")) + "</h3>\n<table><thead><tr>" + Th(Tr("Year")) + Th(Tr("Score"), true) +
           "</tr></thead><tbody>\n";
    for (const Score& s : shown.entity_scores) {
      out += "<tr><td>" + Escape(YearLabel(c, s.year)) + "</td><td class=\"num\">" + html::ScoreBar(s.value) + "<b>" +
             Escape(LocalizeNumber(s.value)) + "</b></td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  for (size_t i = 0; i < shown.items.size(); ++i) html::ItemSection(out, shown, shown.items[i], rows[i]);
  html::Appendix(out, shown, rows);
  out += "</section>\n" + html::DocumentEnd(report);
  return out;
}

std::string FileNamePart(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_') {
      out += static_cast<char>(ch);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "~%02X", ch);
      out += hex;
    }
  }
  return out.empty() ? "~" : out;
}

}  // namespace

bool NeedsHtmlPages(const Report& report) {
  int64_t verdicts = 0;
  for (const Contract& c : report.contracts) {
    std::set<std::string> entities;
    for (const Item& item : c.items) {
      verdicts += static_cast<int64_t>(item.verdicts.size());
      for (const VerdictRow& v : item.verdicts) entities.insert(v.entity);
    }
    if (entities.size() > kHtmlPagesAboveEntities) return true;
  }
  return verdicts > kHtmlPagesAboveVerdicts;
}

std::string EntityPageName(const std::string& contract, const std::string& entity) {
  return "pages/" + FileNamePart(contract) + "/" + FileNamePart(entity) + ".html";
}

struct HtmlPages::Plan {
  std::vector<std::map<std::string, EntityEntry>> entities;  // per contract, by id
  std::vector<ContractFacts> facts;                          // per contract
  // Page i + 1 (page 0 is report.html): its contract and its entity.
  std::vector<std::pair<size_t, const std::pair<const std::string, EntityEntry>*>> pages;
};

HtmlPages::HtmlPages(const Report& report) : report_(report), plan_(std::make_unique<Plan>()) {
  for (const Contract& c : report.contracts) {
    plan_->entities.push_back(EntitiesOf(c));
    plan_->facts.push_back(FactsOf(c));
  }
  for (size_t k = 0; k < report.contracts.size(); ++k) {
    for (const auto& entity : plan_->entities[k]) plan_->pages.emplace_back(k, &entity);
  }
}

HtmlPages::~HtmlPages() = default;

size_t HtmlPages::size() const { return plan_->pages.size() + 1; }

std::string HtmlPages::Name(size_t page) const {
  if (page == 0) return "report.html";
  const auto& [k, entity] = plan_->pages[page - 1];
  return EntityPageName(report_.contracts[k].name, entity->first);
}

std::string HtmlPages::Render(size_t page) const {
  const ScopedLanguage language(LanguageOf(report_));
  if (page == 0) return SummaryPage(report_, plan_->entities);
  const auto& [k, entity] = plan_->pages[page - 1];
  return EntityPage(report_, report_.contracts[k], plan_->facts[k], entity->first, entity->second);
}

}  // namespace vigie::report
