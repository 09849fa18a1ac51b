#include "engine/report/html_pages.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/base/language.h"
#include "engine/base/locale_text.h"
#include "engine/base/number_text.h"
#include "engine/base/text.h"
#include "engine/report/entity_rows.h"
#include "engine/report/filled_text.h"
#include "engine/report/html_parts.h"
#include "engine/report/repeated_fields.h"
#include "engine/report/report_text.h"
#include "engine/report/version_text.h"

namespace vigie::report {
namespace {

using html::Escape;
using html::Th;

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

// An item's facts on one line: what it measures (clause, kind, indicator and unit) and what it is
// held to (targets as written or a composite's rule, tolerance, due date, evidence expected,
// weight, version).
std::string ItemFacts(const Item& item) {
  std::string facts;
  auto add = [&](const std::string& text) { facts += (facts.empty() ? "" : " · ") + text; };
  if (!item.clause.empty()) add(item.clause);
  if (item.kind != "commitment") add(KindName(item.kind));
  if (!item.indicator.empty()) {
    add(item.indicator + (item.indicator_title.empty() ? "" : " " + item.indicator_title) +
        (item.unit.empty() ? "" : " (" + UnitName(item.unit) + ")"));
  }
  if (!item.targets.empty()) add(std::string(item.kind == "composite" ? Tr("rule") : Tr("targets")) + " " + TargetsText(item));
  if (!item.tolerance.empty()) add(std::string(Tr("tolerance")) + " " + item.tolerance);
  if (!item.due.empty()) add(std::string(Tr("due")) + " " + FormatDate(item.due));
  if (!item.evidence.empty()) add(std::string(Tr("evidence expected")) + " " + item.evidence);
  add(std::string(Tr("weight")) + " " + LocalizeNumber(item.weight));
  if (item.version) add(VersionName(item.version));
  return facts;
}

// The id of an item's row in the summary's table of items, where its terms are written once for
// every entity's page that links to it.
// An amended contract has an item per version under one name: the version makes each id its own.
std::string ItemAnchor(const Contract& c, const Item& item) {
  return "item-" + c.name + "-" + item.name + (item.version ? "-v" + std::to_string(*item.version) : "");
}

// Each item's facts and verdict counts (one row an item: bounded by the contract, not by the
// entities), each row the target of the links of the entity pages' row heads (ItemAnchor).
void ItemCounts(std::string& out, const Contract& c, const std::vector<std::string>& columns) {
  out += "<h4>" + Escape(Tr("Verdicts per item")) + "</h4>\n<table><thead><tr>" + Th(Tr("Item"));
  for (const std::string& verdict : columns) out += Th(VerdictLabel(verdict), true);
  out += "</tr></thead><tbody>\n";
  for (const Item& item : c.items) {
    out += "<tr id=\"" + Escape(ItemAnchor(c, item)) + "\"><td><code>" + Escape(item.name) + "</code>" +
           (item.title.empty() ? "" : "<span class=\"name\">" + Escape(item.title) + "</span>") + "<span class=\"name\">" +
           Escape(ItemFacts(item)) + "</span></td>" + CountCells(columns, item.counts) + "</tr>\n";
  }
  out += "</tbody></table>\n";
}

// The list of the contract's entities, each linked to its page.
void EntityList(std::string& out, const Contract& c, const std::map<std::string, EntityRows>& entities,
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

std::string SummaryPage(const Report& report, const std::vector<ContractEntities>& entities) {
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
    EntityList(out, c, entities[k].by_id(), columns);
    out += "</section>\n";
  }
  out += html::DocumentEnd(report);
  return out;
}

std::string ItemHead(const Contract& c, const Item& item);

// What the contract's entity pages share: each item's row head in the grids (ItemHead), alike on
// every page, made once per contract (in the report's language: HtmlPages makes them in it).
std::vector<std::string> ItemHeads(const Contract& c) {
  std::vector<std::string> heads;
  for (const Item& item : c.items) heads.push_back(ItemHead(c, item));
  return heads;
}

// ---- an entity's page: its verdicts as a grid, item by period, and the values they read ----

// The rules of the entity pages only (after the shared stylesheet): the grid's cells are tinted by
// their verdict (LookOf; the badges' colours, lighter, so that the value reads on them), the
// trend lines and the table of values read.
constexpr const char* kEntityCss = R"CSS(
table.grid { width: auto; }
table.grid td { white-space: nowrap; }
table.grid tbody th { text-align: left; font-weight: 400; background: none; border-bottom: 1px solid var(--line); color: var(--ink); }
table.grid td { text-align: right; font-variant-numeric: tabular-nums; }
table.grid tbody tr td.m, table.grid td span.m { background: #e6f4ea; } table.grid tbody tr td.pm, table.grid td span.pm { background: #fff4e0; }
table.grid tbody tr td.nm, table.grid td span.nm { background: #fde8e8; } table.grid tbody tr td.md, table.grid td span.md { background: #eef0f3; }
table.grid tbody tr td.w, table.grid td span.w { background: #e8f0fe; } table.grid tbody tr td.na, table.grid td span.na { background: #f7f7f7; }
table.grid tbody tr td.p, table.grid td span.p { background: #f1ecfb; } table.grid tbody tr td.e, table.grid td span.e { background: #fce4ec; }
.legend span { display: inline-block; min-width: 1.4em; text-align: center; border: 1px solid; border-radius: 3px; margin: 0 2px 0 8px; }
table.grid svg { width: 64px; height: 18px; vertical-align: middle; }
table.grid svg path { fill: none; stroke: #2f6f9f; stroke-width: 3; }
table.grid svg path.t { stroke: #1f2933; stroke-width: 2; stroke-dasharray: 6 4; }
table.values { width: auto; }
table.values caption { text-align: left; font-weight: 600; color: var(--head); padding: 8px 0 2px; }
table.values td:nth-child(n+3) { text-align: right; font-variant-numeric: tabular-nums; }
@media print { table.grid, table.values { table-layout: auto; } }
)CSS";

// How a verdict looks in the grid: its mark beside its colour, so that it reads in black and white
// (the legend above the grid names each one), and its class, its initials (a page has a thousand
// cells; kEntityCss tints them). Any other verdict looks like an error.
struct VerdictLook {
  std::string_view verdict;
  const char* mark;
  const char* css_class;
};
const VerdictLook& LookOf(std::string_view verdict) {
  static constexpr VerdictLook kLooks[] = {{"met", "✓", "m"},         {"partially_met", "◐", "pm"}, {"not_met", "✗", "nm"},
                                           {"missing_data", "?", "md"}, {"waived", "○", "w"},         {"not_applicable", "–", "na"},
                                           {"pending", "…", "p"},       {"error", "!", "e"}};
  for (const VerdictLook& look : kLooks) {
    if (look.verdict == verdict) return look;
  }
  return kLooks[std::size(kLooks) - 1];
}

// The item's row head on an entity's page: its name, linked to its row in the summary where its
// facts and terms (indicator, targets, tolerance, weight), alike on every page, are written once;
// then its title. Each cell's title says its own target, the values read name the indicator.
std::string ItemHead(const Contract& c, const Item& item) {
  return "<th scope=\"row\"><a href=\"../../report.html#" + Escape(ItemAnchor(c, item)) + "\"><code>" + Escape(item.name) +
         "</code></a>" + (item.title.empty() || item.title == item.name ? "" : " " + Escape(item.title)) +
         (item.version ? " · " + Escape(VersionName(item.version)) : "") + "</th>";
}

// A value with its unit as DisplayValue writes it, appended without a string of its own: the words
// around the number (" %", nothing for a ratio) found once per unit, by writing probes. A unit whose
// words depend on the number (singular and plural, an amount's grouping) is written by DisplayValue.
class UnitValues {
 public:
  // `html`: the unit's words escaped (numbers hold nothing to escape).
  void Append(std::string& out, double value, std::string_view unit, bool html) {
    const Words& words = Of(unit);
    if (!words.fixed) {
      const std::string text = DisplayValue(value, unit);
      if (html) return AppendEscapedHtml(out, text);
      return void(out += text);
    }
    if (!words.before.empty()) out += html ? words.html_before : words.before;  // most units: nothing before
    AppendPlainNumber(out, value, french_ ? ',' : '.', french_ ? kNoBreakSpace : std::string_view());
    if (!words.after.empty()) out += html ? words.html_after : words.after;
  }

 private:
  struct Words {
    std::string unit, before, after, html_before, html_after;
    bool fixed = false;  // the same words around every number
  };
  const Words& Of(std::string_view unit) {
    // The same unit as the value before, most often (an item's): its text is then the same string.
    if (last_ != nullptr && unit.data() == last_text_.data() && unit.size() == last_text_.size()) return *last_;
    last_text_ = unit;
    for (const Words& words : units_) {
      if (words.unit == unit) return *(last_ = &words);
    }
    Words words{std::string(unit), {}, {}, {}, {}, false};
    const std::string seven = ValueWithUnit("7", unit);
    const size_t at = seven.find('7');
    if (at != std::string::npos) {
      words.before = seven.substr(0, at);
      words.after = seven.substr(at + 1);
      words.fixed = true;
      for (const char* probe : {"1", "-1", "-7", "0.5", "1234.5", "-1234567.25"}) {
        words.fixed = words.fixed && ValueWithUnit(probe, unit) == words.before + LocalizeNumber(probe) + words.after;
      }
      words.html_before = EscapeHtml(words.before);
      words.html_after = EscapeHtml(words.after);
    }
    return *(last_ = &units_.emplace_back(std::move(words)));
  }

  const bool french_ = CurrentLanguage() == Language::kFrench;
  std::deque<Words> units_;  // a handful: searched in order (a deque: `last_` stays valid)
  const Words* last_ = nullptr;
  std::string_view last_text_;
};

// A target as a cell's title says it ("≤ 328,875"), alike on every entity's page (an item's target
// of a period is most often every entity's): made once per thread for a report's pages, found again
// by the target's bits and the addresses of its comparator and its item's unit (the pages ask for
// them in the same order, which RepeatedFields looks at first). Kept for the pages of `pages_serial`
// only (another report's texts may sit at the same addresses), and a bounded number of them.
RepeatedFields<3>& TargetTexts(uint64_t pages_serial) {
  static constexpr size_t kMost = 1 << 16;
  thread_local uint64_t serial = 0;
  thread_local RepeatedFields<3> texts;
  if (serial != pages_serial || texts.size() > kMost) texts = RepeatedFields<3>(), serial = pages_serial;
  return texts;
}

// What every cell of a page says alike, looked up once per page: each verdict's class, mark and
// label (escaped).
struct CellWords {
  struct Verdict {
    std::string td, span;  // `<td class="nm" title="non atteint`, and in a span
    std::string mark;      // `">✗`: the title's end and the mark
  };
  // A handful, searched in order: by the address of the pooled text first (one per text of a pool).
  std::vector<std::tuple<const std::string*, std::string, Verdict>> verdicts;
  UnitValues values;
  std::string shown;  // a cell's value, unescaped: its reason most often starts with it
  RepeatedFields<3>* targets = nullptr;  // TargetTexts
  const Verdict& Of(const std::string& verdict) {
    for (const auto& [address, code, words] : verdicts) {
      if (address == &verdict) return words;
    }
    for (const auto& [address, code, words] : verdicts) {
      if (code == verdict) return words;
    }
    const std::string open = std::string(" class=\"") + LookOf(verdict).css_class + "\" title=\"" + Escape(VerdictLabel(verdict));
    return std::get<2>(verdicts.emplace_back(&verdict, verdict, Verdict{"<td" + open, "<span" + open, std::string("\">") + LookOf(verdict).mark}));
  }
};

// A verdict's cell (a td, or `in_span` a span for one of several verdicts in a cell): its mark and what it
// measured; its verdict in words, its reason (without the value the cell shows, when the reason
// starts with it), its target (when the reason does not already say it), its waiver, its members
// or its lateness in the title.
// Returns where its value is in `out` (escaped), to be copied by the values read: its start and size.
std::pair<size_t, size_t> AppendVerdictCell(std::string& out, CellWords& words, const Item& item, const VerdictRow& v,
                                            bool in_span) {
  const CellWords::Verdict& verdict = words.Of(v.verdict.str());
  std::string& shown = words.shown;
  shown.clear();
  if (v.measured) {
    words.values.Append(shown, *v.measured, item.unit, false);
  } else if (!v.evidence_date().empty()) {
    shown = FormatDate(v.evidence_date());
  }
  out += in_span ? verdict.span : verdict.td;
  std::string_view reason = v.reason;
  if (!shown.empty() && reason.size() > shown.size() && reason[shown.size()] == ' ' && reason.front() == shown.front() &&
      reason.starts_with(shown)) {
    reason.remove_prefix(shown.size() + 1);
  }
  if (!reason.empty()) out += " — ", AppendEscapedHtml(out, reason);
  if (v.target) {
    const std::string_view target =  // BoundWithUnit, without its strings
        words.targets->Find({std::bit_cast<uint64_t>(*v.target), AddressOf(v.comparator.str()), AddressOf(item.unit)}, [&] {
          std::string text = ComparatorSymbol(v.comparator);
          text += ' ';
          words.values.Append(text, *v.target, item.unit, false);
          return text;
        });
    if (!reason.ends_with(target) && reason.find(target) == std::string_view::npos) {  // most end with it
      out += " · ", AppendEscapedHtml(out, Tr("target {0}", target));
    }
  }
  if (v.waiver()) out += " · ", AppendEscapedHtml(out, html::WaiverSentence(*v.waiver()));
  if (!v.members().empty()) {
    std::string members;
    for (const auto& [member, verdict] : v.members()) members += (members.empty() ? "" : ", ") + member + " " + VerdictLabel(verdict);
    out += " · ", AppendEscapedHtml(out, Tr("members: {0}", members));
  }
  if (v.days_late()) {
    out += " · ";
    AppendEscapedHtml(out, *v.days_late() == 1 ? std::string(Tr("1 day late")) : Tr("{0} days late", *v.days_late()));
  }
  out += verdict.mark;
  std::pair<size_t, size_t> value_at{0, 0};
  if (!shown.empty()) {
    out += ' ';
    value_at.first = out.size();
    AppendEscapedHtml(out, shown);
    value_at.second = out.size() - value_at.first;
  }
  out += in_span ? std::string_view("</span>") : std::string_view("</td>");
  return value_at;
}

// The x of each of `n` periods on a trend line (AppendSparkline), alike for every item of a table:
// found once per table, not twice a point.
std::vector<long> SparklineXs(size_t n) {
  std::vector<long> xs(n);
  for (size_t i = 0; i < n; ++i) xs[i] = RoundHalfAway(n == 1 ? 64 : 6 + 116 * static_cast<double>(i) / static_cast<double>(n - 1));
  return xs;
}

// A trend line of the item's values across the periods (dashed: its targets), 64 × 18 pixels drawn
// on a grid of 128 × 36 (whole numbers: a few bytes a point); only with two values at least. Hidden from screen readers: the cells beside it say the same.
// `xs`: each period's x (SparklineXs).
void AppendSparkline(std::string& out, const std::vector<std::optional<double>>& values, const std::vector<std::optional<double>>& targets,
                     const std::vector<long>& xs) {
  size_t points = 0;
  double low = INFINITY, high = -INFINITY;
  for (const auto* series : {&values, &targets}) {
    for (const auto& v : *series) {
      if (!v || !std::isfinite(*v)) continue;
      low = std::min(low, *v);
      high = std::max(high, *v);
    }
  }
  for (const auto& v : values) points += v && std::isfinite(*v) ? 1 : 0;
  if (points < 2) return;
  const size_t n = values.size();
  // Scaled down first, so that no difference overflows near the largest double.
  const double scale = std::max({std::fabs(low), std::fabs(high), 1.0});
  const double low_scaled = low / scale, span = high / scale - low_scaled;  // low / scale divided once
  // The first point "M6 32", each next one from the one before, "l29-1": the same whole numbers,
  // fewer bytes (a page draws a line per item).
  auto path = [&](std::string& d, const std::vector<std::optional<double>>& series) {
    bool open = false;
    long from_x = 0, from_y = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!series[i] || !std::isfinite(*series[i])) {
        open = false;
        continue;
      }
      const double f = span > 0 ? (*series[i] / scale - low_scaled) / span : 0.5;
      const long x = xs[i];
      const long y = RoundHalfAway(32 - 28 * f);  // 4 to 32: from 1 up, RoundHalfAway's fast way
      const long dx = open ? x - from_x : x, dy = open ? y - from_y : y;
      // A point's text in one append: its letter and its two numbers (a page draws a thousand).
      char point[48];
      point[0] = open ? 'l' : 'M';
      // dx has 20 characters at most: bounded there, the space after it stays in `point` (g++ checks).
      char* at = std::to_chars(point + 1, point + 22, dx).ptr;
      if (dy >= 0) *at++ = ' ';  // a minus sign parts the numbers by itself
      at = std::to_chars(at, point + sizeof point, dy).ptr;
      d.append(point, at);
      from_x = x, from_y = y;
      open = true;
    }
  };
  out += "<svg viewBox=\"0 0 128 36\" aria-hidden=\"true\">";
  const size_t target_start = out.size();
  out += "<path class=\"t\" d=\"";
  const size_t target_points = out.size();
  path(out, targets);
  if (out.size() == target_points) {
    out.resize(target_start);  // no target: no dashed line
  } else {
    out += "\"/>";
  }
  out += "<path d=\"";
  path(out, values);
  out += "\"/></svg>";
}

// The tables of an entity's page: the items judged over the same periods share one (quarters beside
// years get a table of their own), in the order of their first item. The grid of verdicts and the
// values read are laid out alike.
struct PageTables {
  std::vector<std::vector<std::string>> periods;  // each table's columns
  std::vector<std::vector<size_t>> items;         // each table's items (indexes in the contract's)
  std::vector<std::vector<size_t>> column_of_row;  // each item's verdicts' columns in their table
};

// `rows`: the entity's verdicts of each item of the contract (none for an item it has no verdict of:
// in no table).
// `tables`: filled anew, its vectors' room kept (PageScratch).
void TablesOf(const std::vector<VerdictRows>& rows, PageTables& tables) {
  tables.periods.clear();
  tables.items.clear();
  tables.column_of_row.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<size_t>& columns = tables.column_of_row[i];
    columns.clear();
    if (rows[i].empty()) continue;
    columns.reserve(rows[i].size());
    // Most often the item is judged over the periods of the last table, in their order. They are
    // compared by address first with the rows of the item that made that table (of the same size,
    // its rows are the table's periods in order: the same pooled texts), then by text.
    if (!tables.periods.empty()) {
      const std::vector<std::string>& last = tables.periods.back();
      const VerdictRows& maker = rows[tables.items.back().front()];
      bool same = last.size() == rows[i].size();
      const bool by_address = maker.size() == last.size();
      for (size_t k = 0; k < last.size() && same; ++k) {
        same = (by_address && &rows[i][k]->period.str() == &maker[k]->period.str()) || rows[i][k]->period == last[k];
      }
      if (same) {
        for (size_t k = 0; k < last.size(); ++k) columns.push_back(k);
        tables.items.back().push_back(i);
        continue;
      }
    }
    std::vector<std::string> periods;
    for (const VerdictRow* v : rows[i]) {
      // The next period, most often: the verdicts come in the order of their periods.
      size_t column = !periods.empty() && periods.back() == v->period ? periods.size() - 1
                      : static_cast<size_t>(std::find(periods.begin(), periods.end(), v->period) - periods.begin());
      if (column == periods.size()) periods.push_back(v->period);
      columns.push_back(column);
    }
    auto it = std::find(tables.periods.begin(), tables.periods.end(), periods);
    if (it == tables.periods.end()) {
      tables.periods.push_back(periods);
      tables.items.emplace_back();
      it = tables.periods.end() - 1;
    }
    const size_t t = static_cast<size_t>(it - tables.periods.begin());
    tables.items[t].push_back(i);
  }
}

// Loads a page's verdicts, then their reasons, before anything is written: a page reads a thousand
// rows scattered over a campaign's gigabyte of them, and loads that wait on none before them overlap
// (a few dozen at a time), where the page's reads, each after the cell before, would wait for
// memory one after the other. Loads, not prefetches: prefetches of the same lines, or of the rows of
// the next entities too (adjacent in memory), did not pay (bench/README.md, 2026-12-08).
void LoadRows(const std::vector<VerdictRows>& rows) {
  unsigned sum = 0;
  for (const VerdictRows& item_rows : rows) {
    for (const VerdictRow* v : item_rows) {
      const auto* row = reinterpret_cast<const unsigned char*>(v);
      for (size_t at = 0; at < sizeof(VerdictRow); at += 64) sum += row[at];
      sum += row[sizeof(VerdictRow) - 1];  // its last line: a row starts anywhere in its first
    }
  }
  for (const VerdictRows& item_rows : rows) {
    for (const VerdictRow* v : item_rows) sum += v->reason.empty() ? 0 : static_cast<unsigned char>(v->reason.view()[0]);
  }
  asm volatile("" : : "r"(sum));  // the loads are kept: their sum is used, as far as the compiler knows
}

// Asks for the verdicts `rows` to be brought into the cache while the items before them are
// written (a page reads a thousand verdicts scattered over a campaign's gigabyte of them, and would
// otherwise wait for each): their rows two items ahead, then their reasons one item ahead, once
// their rows have come (the address of a reason is in its row).
void PrefetchRows(const VerdictRows& rows) {
  for (const VerdictRow* v : rows) {
    const char* row = reinterpret_cast<const char*>(v);
    for (size_t at = 0; at < sizeof(VerdictRow); at += 64) __builtin_prefetch(row + at);
  }
}
void PrefetchReasons(const VerdictRows& rows) {
  for (const VerdictRow* v : rows) __builtin_prefetch(v->reason.data());
}

// Where the grid wrote each verdict's value (AppendVerdictCell), its start and size in the page: the
// values read, most often the values measured, copy them rather than write their numbers again.
// Item i's k-th verdict's is at[first[i] + k]; a size of 0: none.
struct CellValues {
  explicit CellValues(const std::vector<VerdictRows>& rows) : first(rows.size() + 1, 0) {
    for (size_t i = 0; i < rows.size(); ++i) first[i + 1] = first[i] + rows[i].size();
    at.resize(first.back(), {0, 0});
  }
  std::vector<size_t> first;
  std::vector<std::pair<size_t, size_t>> at;
};

// The grid of an entity's verdicts: a row per item, a column per period.
// `heads`: each item's row head (ItemHead), made once for the campaign's pages. `targets`: TargetTexts.
void VerdictGrid(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows, const PageTables& tables,
                 const std::vector<std::string>& heads, RepeatedFields<3>& targets, CellValues& cell_values) {
  const auto& period_lists = tables.periods;
  const auto& items_of_list = tables.items;
  CellWords words;
  words.targets = &targets;
  std::vector<size_t> here;  // the verdicts of a cell (their indexes in the item's)
  std::vector<std::optional<double>> values, target_values;  // the item's trend
  for (size_t t = 0; t < period_lists.size(); ++t) {
    const std::vector<std::string>& periods = period_lists[t];
    out += "<table class=\"grid\"><thead><tr>" + Th(Tr("Item"));
    for (const std::string& period : periods) out += Th(YearLabel(c, period), true);
    out += Th(Tr("Trend")) + "</tr></thead><tbody>\n";
    const std::vector<long> xs = SparklineXs(periods.size());
    const std::vector<size_t>& list = items_of_list[t];
    for (size_t j = 0; j < list.size(); ++j) {
      const size_t i = list[j];
      const Item& item = c.items[i];
      out += "<tr>";
      out += heads[i];
      if (j == 0 && list.size() > 1) PrefetchRows(rows[list[1]]);
      if (j + 2 < list.size()) PrefetchRows(rows[list[j + 2]]);
      if (j + 1 < list.size()) PrefetchReasons(rows[list[j + 1]]);
      values.assign(periods.size(), std::nullopt);
      target_values.assign(periods.size(), std::nullopt);
      for (size_t p = 0; p < periods.size(); ++p) {
        here.clear();
        for (size_t k = 0; k < rows[i].size(); ++k) {
          if (tables.column_of_row[i][k] == p) here.push_back(k);
        }
        std::pair<size_t, size_t>* value_at = cell_values.at.data() + cell_values.first[i];
        if (here.size() == 1) {
          value_at[here[0]] = AppendVerdictCell(out, words, item, *rows[i][here[0]], false);
        } else {  // none, or (not expected of one entity) several: each kept, in one cell
          out += "<td>";
          for (size_t k = 0; k < here.size(); ++k) {
            if (k) out += "<br>";
            value_at[here[k]] = AppendVerdictCell(out, words, item, *rows[i][here[k]], true);
          }
          out += here.empty() ? "—</td>" : "</td>";
        }
        if (!here.empty()) {
          values[p] = rows[i][here.back()]->measured;
          target_values[p] = rows[i][here.back()]->target;
        }
      }
      out += "<td>";
      AppendSparkline(out, values, target_values, xs);
      out += "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
}

// The verdicts' marks present on the page, each named.
std::string Legend(const std::map<std::string, int64_t>& counts) {
  std::string out = "<p class=\"note legend\">";
  for (const std::string& verdict : VerdictOrder()) {
    auto it = counts.find(verdict);
    if (it == counts.end() || it->second == 0) continue;
    out += "<span class=\"v-" + Escape(verdict) + "\">" + LookOf(verdict).mark + "</span> " + Escape(VerdictLabel(verdict)) + " ";
  }
  return out + "</p>\n<p class=\"note\">" +
         Escape(Tr("Hover a cell for its verdict in words, its reason and its target; the values the verdicts read are in the "
                   "appendix, with their file, row and column.")) +
         "</p>\n";
}

// The words of the values read, in the page's language, looked up once per page.
struct ValueWords {
  FilledText period{N_("{0}: "), 1}, row{N_("(row {0})"), 1}, row_column{N_("(row {0}, col. {1})"), 2};
  std::string missing = "<i>" + Escape(Tr("missing")) + "</i>";
  FilledText missing_code{N_("missing ({0})"), 1};
  UnitValues values;
};

// A value read, in the order of the page's verdicts: its line of the appendix, the column of its
// verdict's period in its table, and its verdict's value as the grid wrote it, with its unit.
struct ValueLine {
  AppendixLine line;
  size_t column;
  const OptionalNumber& measured;
  const std::string& unit;
  std::pair<size_t, size_t> measured_at;  // CellValues
};

// A value read as a cell of the values read: the value (its period first when it is not the
// column's; the verdict's value copied from the grid when it is the same), then its row in the file,
// and its column when the table's values are not all in one.
void AppendValueCell(std::string& out, ValueWords& words, const Contract& c, const ValueLine& value_line,
                     bool column_in_caption) {
  const AppendixLine& line = value_line.line;
  const Input& in = line.input;
  if (&in.period.str() != &line.period && in.period != line.period) {  // the same pooled text, most often
    const std::string period = FormatPeriod(in.period);
    if (period != YearLabel(c, line.period)) words.period.Append(out, {Escape(period)});
  }
  if (in.value) {
    const auto [at, size] = value_line.measured_at;
    if (size > 0 && value_line.measured && std::bit_cast<uint64_t>(*value_line.measured) == std::bit_cast<uint64_t>(*in.value) &&
        std::string_view(in.unit) == value_line.unit) {
      out.append(out, at, size);
    } else {
      words.values.Append(out, *in.value, in.unit, true);
    }
  } else if (in.missing_code.empty()) {
    out += words.missing;
  } else {
    out += "<i>";
    words.missing_code.Append(out, {Escape(in.missing_code)});
    out += "</i>";
  }
  if (!in.source) return;
  char row[24], column[24];
  out += ' ';
  if (column_in_caption) {
    words.row.Append(out, {IntegerText(in.row, row)});
  } else {
    words.row_column.Append(out, {IntegerText(in.row, row), IntegerText(in.column, column)});
  }
}

// The values the entity's verdicts read, laid out as its grid: a table per import (and per grid),
// its file, import, SHA-256 (and its column, when every value is in one) written once in the
// caption, then a row per item and input, a column per period, each cell the value read and its row
// in the file.
// A row of a table of the values read: an item's input (its indicator, and its entity or role when
// they are not the verdict's), its cells in the order of the periods.
struct ValueRow {
  const AppendixLine* first;
  std::vector<const ValueLine*> reads;  // in the order they are read; written by column
};

// What a page is made in, kept by each thread from page to page: its vectors keep their room, so
// that a page's hundreds of them are not asked of the allocator (then freed) again for each page.
struct PageScratch {
  std::vector<VerdictRows> rows;  // each item's verdicts on the page
  PageTables tables;
  std::vector<ValueLine> lines;
  std::vector<ValueRow> table_rows;  // a table's first `used` (ValuesRead), the others kept for their room
};

// `lines`, `table_rows`: the page's scratch (PageScratch).
void ValuesRead(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows, const PageTables& tables,
                const CellValues& cell_values, std::vector<ValueLine>& lines, std::vector<ValueRow>& table_rows) {
  out += "<section class=\"appendix\">\n<h3>" + Escape(Tr("Evidence appendix — {0}", c.title.empty() ? c.name : c.title)) +
         "</h3>\n<p class=\"note\">" +
         Escape(Tr("Every value a verdict read, by the import it came from (its file, named once), item by period as in the grid, "
                   "with its row and column in that file.")) +
         "</p>\n";
  ValueWords words;
  // The values each item of the page read (the appendix's lines, item by item), each with the
  // column of its verdict's period in its table.
  using Line = ValueLine;
  // In one vector (item i's from lines_start[i] to lines_start[i + 1]), sized once.
  size_t line_count = 0;
  for (const VerdictRows& item_rows : rows) {
    for (const VerdictRow* v : item_rows) line_count += v->inputs.size();
  }
  lines.clear();
  lines.reserve(line_count);
  std::vector<size_t> lines_start(rows.size() + 1, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    lines_start[i] = lines.size();
    if (i >= c.items.size()) continue;
    for (size_t k = 0; k < rows[i].size(); ++k) {
      const VerdictRow* v = rows[i][k];
      for (const Input& in : v->inputs) {
        lines.push_back(Line{AppendixLine{c.items[i].name, v->entity, v->period, v->verdict, in}, tables.column_of_row[i][k],
                             v->measured, c.items[i].unit, cell_values.at[cell_values.first[i] + k]});
      }
    }
  }
  lines_start[rows.size()] = lines.size();
  // The imports in the order they are first read; values without a stored row in a group of their
  // own. Sources are shared by the values of an import: each is looked up once.
  using ImportKey = std::tuple<int64_t, std::string, std::string, std::string>;
  struct Group {
    const Input* first;  // its caption's import
    std::vector<const Line*> lines;
    std::optional<int64_t> column;  // the column of every value, when they share one
    bool columns_differ = false;
  };
  auto same_row = [](const AppendixLine& a, const AppendixLine& b) {  // one entity's page: the verdicts' entity is one
    return &a.item == &b.item && a.input.indicator == b.input.indicator && a.input.entity == b.input.entity &&
           a.input.role == b.input.role;
  };
  bool any = false;
  for (size_t t = 0; t < tables.periods.size(); ++t) {
    const std::vector<std::string>& periods = tables.periods[t];
    std::map<std::optional<ImportKey>, size_t> group_of;
    std::map<const Source*, size_t> group_of_source;
    std::vector<Group> groups;
    std::optional<std::pair<const Source*, size_t>> last;  // the source of the value before, and its group
    for (size_t i : tables.items[t]) {
      for (size_t l = lines_start[i]; l < lines_start[i + 1]; ++l) {
        const Line& line = lines[l];
        const Input& in = line.line.input;
        if (!last || last->first != in.source.get()) {  // most values come from the import of the one before
          auto known = group_of_source.find(in.source.get());
          if (known == group_of_source.end()) {
            std::optional<ImportKey> key;
            if (in.source) key = ImportKey{in.source->import_id, in.source->file, in.source->sha256, DeclarationText(in)};
            auto [it, added] = group_of.emplace(key, groups.size());
            if (added) {
              groups.push_back(Group{&in, {}, {}, false});
              groups.back().lines.reserve(lines.size() - l);  // most often the table's every value: grown once
            }
            known = group_of_source.emplace(in.source.get(), it->second).first;
          }
          last.emplace(in.source.get(), known->second);
        }
        Group& group = groups[last->second];
        group.lines.push_back(&line);
        if (!in.source) continue;
        if (!group.column) group.column = in.column;
        if (*group.column != in.column) group.columns_differ = true;
      }
    }
    for (const Group& group : groups) {
      any = true;
      const Input& first = *group.first;
      const bool column_in_caption = group.column && !group.columns_differ;
      out += "<table class=\"values\"><caption>";
      if (!first.source) {
        out += Escape(Tr("no stored value"));
      } else {
        const std::string declared = DeclarationText(first);
        out += "<code>" + Escape(first.source->file) + "</code>" +
               (column_in_caption ? " · " + Escape(Tr("column {0}", *group.column)) : "") + " · " +
               Escape(Tr("import #{0}", first.source->import_id)) + (declared.empty() ? "" : " · " + Escape(declared)) +
               " · SHA-256 " + html::Sha(first.source->sha256);
      }
      out += "</caption><thead><tr>" + Th(Tr("Item")) + Th(Tr("Input"));
      for (const std::string& period : periods) out += Th(YearLabel(c, period), true);
      out += "</tr></thead><tbody>\n";
      // The rows in the order they are first read; an item's rows are together.
      size_t item_start = 0, used = 0;
      for (const Line* read : group.lines) {
        const AppendixLine* line = &read->line;
        if (used == 0 || &table_rows[used - 1].first->item != &line->item) item_start = used;
        const auto rows_end = table_rows.begin() + static_cast<std::ptrdiff_t>(used);
        auto row = std::find_if(table_rows.begin() + static_cast<std::ptrdiff_t>(item_start), rows_end,
                                [&](const ValueRow& r) { return same_row(*r.first, *line); });
        if (row == rows_end) {
          if (used == table_rows.size()) table_rows.emplace_back();
          row = table_rows.begin() + static_cast<std::ptrdiff_t>(used++);
          row->first = line;
          row->reads.clear();
          row->reads.reserve(periods.size());  // most often a value a period
        }
        row->reads.push_back(read);
      }
      for (ValueRow& row : std::span(table_rows).first(used)) {
        const Input& in = row.first->input;
        out += "<tr><td>";
        AppendEscapedHtml(out, row.first->item);
        out += "</td><td>";
        AppendEscapedHtml(out, in.indicator);
        if (&in.entity.str() != &row.first->entity && in.entity != row.first->entity) out += ' ', AppendEscapedHtml(out, in.entity);
        if (!in.role.empty() && in.role != "value") out += " (", AppendEscapedHtml(out, RoleName(in.role)), out += ')';
        out += "</td>";
        // Each period's cell: its values read one under the other, in the order they were read.
        auto by_column = [](const Line* a, const Line* b) { return a->column < b->column; };
        if (!std::is_sorted(row.reads.begin(), row.reads.end(), by_column)) {
          std::stable_sort(row.reads.begin(), row.reads.end(), by_column);
        }
        size_t k = 0;
        for (size_t p = 0; p < periods.size(); ++p) {
          out += "<td>";
          if (k == row.reads.size() || row.reads[k]->column != p) out += "—";
          for (size_t first = k; k < row.reads.size() && row.reads[k]->column == p; ++k) {
            if (k != first) out += "<br>";
            AppendValueCell(out, words, c, *row.reads[k], column_in_caption);
          }
          out += "</td>";
        }
        out += "</tr>\n";
      }
      out += "</tbody></table>\n";
    }
  }
  if (!any) out += "<p class=\"note\">" + Escape(Tr("No verdict or payment read stored values.")) + "</p>\n";
  html::MilestoneEvidence(out, c, rows);
  out += "</section>\n";
}

// An entity page's size, to reserve it at once: its head and stylesheet, then about this much a
// verdict (W1: 170 KB for 1 000 verdicts).
constexpr size_t kPageHeadBytes = 16384, kBytesPerVerdict = 176;

// `heads`: the contract's items' row heads (ItemHeads). The page shows the contract's facts and, of
// each item, the entity's verdicts (`rows`, pointers into the report: nothing of the contract copied).
// `scores`: the entity's scores, in the contract's order.
// `serial`: the pages' own number (TargetTexts).
std::string EntityPage(const Report& report, const Contract& c, const std::vector<std::string>& heads, const std::string& id,
                       const EntityRows& entry, const std::vector<const Score*>& scores, uint64_t serial) {
  // Each item's verdicts in a vector of their size: counted first (a page's thousand pushes would
  // otherwise grow its two hundred vectors four times each).
  thread_local PageScratch scratch;
  std::vector<VerdictRows>& rows = scratch.rows;
  rows.resize(c.items.size());
  for (VerdictRows& item_rows : rows) item_rows.clear();
  std::vector<size_t> count(c.items.size());
  for (const auto& [i, r] : entry.rows) ++count[i];
  for (size_t i = 0; i < rows.size(); ++i) rows[i].reserve(count[i]);
  for (const auto& [i, r] : entry.rows) rows[i].push_back(&c.items[i].verdicts[r]);
  LoadRows(rows);
  const std::string contract = c.title.empty() ? c.name : c.title;
  const std::string entity = entry.name.empty() ? id : id + " " + entry.name;
  std::string out;
  out.reserve(kPageHeadBytes + kBytesPerVerdict * entry.rows.size());  // grown once, not by doubling copies
  out += html::DocumentStart(report, Tr("{0} — {1} — as of {2}", entity, contract, FormatDate(report.as_of)), kEntityCss);
  out += html::PageHead(report, html::EntityCell(id, entry.name),
                        "<p><a href=\"../../report.html#contract-" + Escape(c.name) + "\">" +
                            Escape(Tr("Back to the summary of the contract")) + "</a></p>\n",
                        "<dt>" + Escape(Tr("Contract")) + "</dt><dd>" + Escape(contract) + " <code>" + Escape(c.name) +
                            "</code></dd>\n<dt>" + Escape(Tr("As of")) + "</dt><dd>" + Escape(FormatDate(report.as_of)) + "</dd>\n",
                        entry.counts, "");
  out += "<section class=\"contract\">\n";
  if (!scores.empty()) {
    out += "<h3>" + Escape(Tr("Score per year")) + "</h3>\n<table><thead><tr>" + Th(Tr("Year")) + Th(Tr("Score"), true) +
           "</tr></thead><tbody>\n";
    for (const Score* s : scores) {
      out += "<tr><td>" + Escape(YearLabel(c, s->year)) + "</td><td class=\"num\">" + html::ScoreBar(s->value) + "<b>" +
             Escape(LocalizeNumber(s->value)) + "</b></td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "<h3>" + Escape(Tr("Verdicts per item and period")) + "</h3>\n" + Legend(entry.counts);
  PageTables& tables = scratch.tables;
  TablesOf(rows, tables);
  CellValues cell_values(rows);
  VerdictGrid(out, c, rows, tables, heads, TargetTexts(serial), cell_values);
  ValuesRead(out, c, rows, tables, cell_values, scratch.lines, scratch.table_rows);
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
  // The verdicts counted first: above their bound the entities need not be (a campaign's millions).
  int64_t verdicts = 0;
  for (const Contract& c : report.contracts) {
    for (const Item& item : c.items) verdicts += static_cast<int64_t>(item.verdicts.size());
  }
  if (verdicts > kHtmlPagesAboveVerdicts) return true;
  for (const Contract& c : report.contracts) {
    std::set<std::string_view> entities;
    for (const Item& item : c.items) {
      for (const VerdictRow& v : item.verdicts) entities.insert(v.entity);
    }
    if (entities.size() > kHtmlPagesAboveEntities) return true;
  }
  return false;
}

std::string EntityPageName(const std::string& contract, const std::string& entity) {
  return "pages/" + FileNamePart(contract) + "/" + FileNamePart(entity) + ".html";
}

struct HtmlPages::Plan {
  std::vector<ContractEntities> entities;  // per contract
  std::vector<std::vector<std::string>> item_heads;          // per contract, ItemHeads
  // Per contract, each entity's scores (found once: a scan per page would grow with the entities).
  std::vector<std::map<std::string_view, std::vector<const Score*>>> scores;
  // A number of their own (from 1), which texts kept for them beyond a page are kept for (TargetTexts).
  uint64_t serial = 0;
  // Page i + 1 (page 0 is report.html): its contract and its entity.
  std::vector<std::pair<size_t, const std::pair<const std::string, EntityRows>*>> pages;
};

HtmlPages::HtmlPages(const Report& report) : report_(report), plan_(std::make_unique<Plan>()) {
  static std::atomic<uint64_t> made = 0;
  plan_->serial = ++made;
  const ScopedLanguage language(LanguageOf(report_));  // the items' row heads are made here, once
  for (const Contract& c : report.contracts) {
    plan_->entities.emplace_back(c);
    plan_->item_heads.push_back(ItemHeads(c));
    auto& scores = plan_->scores.emplace_back();
    for (const Score& s : c.entity_scores) scores[s.entity].push_back(&s);
  }
  for (size_t k = 0; k < report.contracts.size(); ++k) {
    for (const auto& entity : plan_->entities[k].by_id()) plan_->pages.emplace_back(k, &entity);
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
  static const std::vector<const Score*> kNoScore;
  auto scores = plan_->scores[k].find(entity->first);
  return EntityPage(report_, report_.contracts[k], plan_->item_heads[k], entity->first, entity->second,
                    scores == plan_->scores[k].end() ? kNoScore : scores->second, plan_->serial);
}

}  // namespace vigie::report
