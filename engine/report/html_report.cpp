#include "engine/report/html_report.h"

#include "engine/report/html_parts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/party_payments.h"
#include "engine/report/report_text.h"
#include "engine/report/version_text.h"

namespace vigie::report {
namespace {

std::string H(std::string_view text) { return EscapeHtml(text); }

// Coordinates in the SVG, with one decimal: enough on paper, and stable across platforms.
std::string Px(double v) {
  char buffer[400];  // "%.1f" of the largest double (std::to_chars writes what printf writes, faster)
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed, 1);
  std::string out(buffer, written.ptr);
  if (out == "-0.0") out = "0.0";
  return out;
}

// Okabe-Ito (colour-blind safe) without its yellow, then two more.
const char* const kSeriesColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#8C564B"};

constexpr const char* kCss = R"CSS(
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d5dbe3; --head: #14324f; --zebra: #f6f8fa; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 24px 32px 48px; color: var(--ink); background: #fff;
  font: 13px/1.45 "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
h1, h2, h3, h4 { color: var(--head); line-height: 1.25; margin: 0; }
h1 { font-size: 24px; }
h2 { font-size: 20px; margin-bottom: 4px; }
h3 { font-size: 15px; margin: 26px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--line); break-after: avoid; }
h4 { font-size: 13px; margin: 16px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); break-after: avoid; }
code, .mono { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: 12px; }
.report-head { border-bottom: 3px solid var(--head); padding-bottom: 12px; margin-bottom: 18px; }
.report-head .kicker { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .08em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.toc { margin: 12px 0 0; padding-left: 18px; }
.contract { margin-top: 28px; }
.contract-head { background: var(--head); color: #fff; padding: 12px 16px; border-radius: 4px; }
.contract-head h2 { color: #fff; }
.contract-head .sub { color: #cfdbe8; }
.contract-head dl.facts dt { color: #cfdbe8; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.chip { border: 1px solid; border-radius: 12px; padding: 1px 10px; font-size: 12px; }
.chip b { font-size: 13px; margin-left: 4px; }
.chip.zero { opacity: .45; }
.badge { display: inline-block; border: 1px solid; border-radius: 3px; padding: 0 6px; font-size: 11.5px; font-weight: 600; white-space: nowrap; }
.v-met { background: #e6f4ea; color: #1e6b34; border-color: #1e6b34; }
.v-partially_met { background: #fff4e0; color: #8a5300; border-color: #b7791f; }
.v-not_met { background: #fde8e8; color: #a4161a; border-color: #a4161a; }
.v-missing_data { background: #eef0f3; color: #3e4652; border-color: #6b7280; border-style: dashed; }
.v-waived { background: #e8f0fe; color: #1a4f9c; border-color: #1a4f9c; }
.v-not_applicable { background: #f7f7f7; color: #6d6d6d; border-color: #b0b0b0; }
.v-pending { background: #f1ecfb; color: #5b3fa0; border-color: #5b3fa0; }
.v-error { background: #fce4ec; color: #880e4f; border-color: #880e4f; border-width: 2px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { text-align: left; font-weight: 600; color: var(--head); background: #e9eef4; border-bottom: 2px solid #b9c5d3; padding: 4px 6px; font-size: 12px; }
td { border-bottom: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
tbody tr:nth-child(even) td { background: var(--zebra); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
td.entity { min-width: 15em; }
.name { display: block; color: var(--muted); font-size: 11.5px; }
.note { color: var(--muted); font-size: 12px; margin: 2px 0; }
.sub-note { display: block; color: var(--muted); font-size: 11.5px; margin-top: 2px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
.bar { display: inline-block; height: 8px; background: #2f6f9f; vertical-align: middle; margin-right: 6px; border-radius: 2px; }
.bar-track { display: inline-block; width: 80px; height: 8px; background: #e3e8ee; vertical-align: middle; border-radius: 2px; margin-right: 6px; }
.bar-track .bar { margin: 0; vertical-align: top; }
.item { break-inside: auto; }
.item-head { break-inside: avoid; }
blockquote.clause-text { margin: 4px 0 8px; padding: 4px 10px; border-left: 3px solid #b9c5d3; color: #3e4652; font-style: italic; white-space: pre-line; }
.item-facts { display: flex; flex-wrap: wrap; gap: 2px 18px; color: var(--muted); font-size: 12px; margin: 2px 0 6px; }
.item-facts b { color: var(--ink); font-weight: 600; }
figure.chart { margin: 8px 0 10px; break-inside: avoid; }
figure.chart figcaption { color: var(--muted); font-size: 11.5px; }
svg.chart { width: 100%; max-width: 880px; height: auto; display: block; }
svg.chart text { font-family: "Segoe UI", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 11px; fill: #3e4652; }
svg.chart .grid { stroke: #e3e8ee; stroke-width: 1; }
svg.chart .axis { stroke: #8a96a3; stroke-width: 1; }
svg.chart .target { fill: none; stroke: #1f2933; stroke-width: 2; stroke-dasharray: 6 3; }
svg.chart .band { fill: #c9d3de; fill-opacity: .55; }
svg.chart .series { fill: none; stroke-width: 2; }
.appendix { break-before: page; }
.appendix td { font-size: 11.5px; }
.overview { border: 2px solid var(--head); border-radius: 4px; padding: 4px 14px 10px; margin: 12px 0 8px; break-inside: avoid; }
.overview h3 { margin-top: 8px; }
.overview .chip .delta, .delta { font-weight: 400; font-size: 11.5px; margin-left: 4px; }
.overview dl.facts { margin-bottom: 8px; }
table.matrix { width: auto; }
table.matrix td, table.matrix th { text-align: center; }
table.matrix td:first-child, table.matrix th:first-child { text-align: left; }
table.matrix .badge { display: block; margin: 1px 0; }
.group-block { border-left: 4px solid var(--head); padding-left: 10px; margin-top: 8px; }
.print-only { display: none; }
footer { margin-top: 30px; color: var(--muted); font-size: 11px; border-top: 1px solid var(--line); padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9px; color: #5f6b7a; } }
@media print {
  body { padding: 0; font-size: 11px; }
  .contract { margin-top: 0; }
  .contract + .contract { break-before: page; }
  h3 { margin-top: 18px; }
  td, th { padding: 3px 4px; }
  a { color: inherit; text-decoration: none; }
  /* Nothing is cut on paper: every column of a wide table is kept, long cells wrap. */
  table { table-layout: fixed; }
  td, th { overflow-wrap: anywhere; word-break: break-word; }
  td.num, th.num, td.nowrap, .badge { white-space: normal; }
  th, .badge { overflow-wrap: normal; word-break: normal; }  /* break between words only */
  td.entity { min-width: 0; }
  .appendix table { font-size: 8.5px; }
  .appendix td, .appendix th { font-size: 8.5px; padding: 2px 3px; }
  .appendix code, .appendix .mono { font-size: 8px; }
  table.evidence th:nth-child(1) { width: 10%; } table.evidence th:nth-child(2) { width: 9%; }
  table.evidence th:nth-child(3) { width: 7%; }  table.evidence th:nth-child(4) { width: 9%; }
  table.evidence th:nth-child(5) { width: 11%; } table.evidence th:nth-child(6) { width: 7%; }
  table.evidence th:nth-child(7) { width: 11%; } table.evidence th:nth-child(8) { width: 17%; }
  table.evidence th:nth-child(9) { width: 5%; }  table.evidence th:nth-child(10) { width: 8%; }
  table.evidence th:nth-child(11) { width: 6%; }
  table.matrix { table-layout: auto; }
  /* The hashes in full (on screen they are abbreviated, whole in a tooltip). */
  .screen-only { display: none; }
  .print-only { display: inline; }
  .sha-full { word-break: break-all; }
  .overview { break-after: page; }
}
)CSS";

std::string Badge(const std::string& verdict) {
  return "<span class=\"badge v-" + H(verdict) + "\">" + H(VerdictLabel(verdict)) + "</span>";
}

std::string EntityCell(const std::string& id, const std::string& name) {
  return "<span class=\"mono\">" + H(id) + "</span>" + (name.empty() ? "" : "<span class=\"name\">" + H(name) + "</span>");
}

// A table header cell with its text in the current language.
std::string Th(std::string_view text, bool num = false) {
  return std::string(num ? "<th class=\"num\">" : "<th>") + H(text) + "</th>";
}

std::string Sha(const std::string& sha256) {
  if (sha256.empty()) return "—";
  // Abbreviated on screen (whole in the tooltip), whole on paper (print stylesheet).
  return "<span class=\"mono\" title=\"sha256 " + H(sha256) + "\"><span class=\"screen-only\">" + H(AbbreviateSha(sha256)) +
         "</span><span class=\"print-only sha-full\">" + H(sha256) + "</span></span>";
}

std::string Dash(const std::string& html) { return html.empty() ? "—" : html; }

// The waiver's scope and dates (its authority and reason are already in the verdict's reason).
std::string WaiverSentence(const Waiver& w) {
  if (w.granted.empty() && w.until.empty()) return Tr("Waiver for {0}.", w.scope);
  if (w.until.empty()) return Tr("Waiver for {0}, granted {1}.", w.scope, FormatDate(w.granted));
  if (w.granted.empty()) return Tr("Waiver for {0}, until {1}.", w.scope, FormatDate(w.until));
  return Tr("Waiver for {0}, granted {1}, until {2}.", w.scope, FormatDate(w.granted), FormatDate(w.until));
}

std::string Chips(const std::map<std::string, int64_t>& counts, bool show_zero) {
  std::string out = "<div class=\"chips\">";
  for (const std::string& verdict : VerdictOrder()) {
    auto it = counts.find(verdict);
    const int64_t n = it == counts.end() ? 0 : it->second;
    if (n == 0 && !show_zero) continue;
    out += "<span class=\"chip v-" + H(verdict) + (n == 0 ? " zero" : "") + "\">" + H(VerdictLabel(verdict)) + "<b>" +
           std::to_string(n) + "</b></span>";
  }
  return out + "</div>";
}

std::string ScoreBar(const std::string& value) {
  double v = std::atof(value.c_str());
  v = std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
  return "<span class=\"bar-track\"><span class=\"bar\" style=\"width:" + Px(v * 80) + "px\"></span></span>";
}

std::map<std::string, std::string> EntityNames(const Contract& c) {
  std::map<std::string, std::string> names;
  for (const Item& item : c.items) {
    for (const VerdictRow& v : item.verdicts) names.emplace(v.entity, v.entity_name);
  }
  return names;
}

// A change since the previous year: the arrow (hidden from screen readers) and the signed number.
std::string Delta(int64_t change) {
  const std::string text = CountChangeText(change);
  if (change == 0) return "<span class=\"delta\">" + text + "</span>";
  const size_t space = text.find(' ');
  return "<span class=\"delta\"><span aria-hidden=\"true\">" + text.substr(0, space) + "</span>" + text.substr(space) + "</span>";
}

// Verdict chips of one year with the change since the year before.
std::string CountChips(const std::map<std::string, int64_t>& counts, const std::map<std::string, int64_t>& changes,
                       bool with_changes) {
  std::string out = "<div class=\"chips\">";
  for (const std::string& verdict : VerdictOrder()) {
    auto it = counts.find(verdict);
    const int64_t n = it == counts.end() ? 0 : it->second;
    auto ch = changes.find(verdict);
    const int64_t change = ch == changes.end() ? 0 : ch->second;
    if (n == 0 && change == 0) continue;
    out += "<span class=\"chip v-" + H(verdict) + "\">" + H(VerdictLabel(verdict)) + "<b>" + std::to_string(n) + "</b>" +
           (with_changes ? Delta(change) : "") + "</span>";
  }
  return out + "</div>";
}

// The matrix of one year: a row per entity, a column per item, each cell the verdict (coloured, and
// in words, so that it reads in black and white and aloud).
void Matrix(std::string& out, const Contract& c, const ContractSummary& s, bool group) {
  std::map<std::string, const Item*> items;
  for (const Item& item : c.items) items[item.name] = &item;
  const std::vector<size_t> columns = MatrixColumns(s, group);
  out += "<table class=\"matrix\"><thead><tr>" + Th(group ? Tr("Group") : Tr("Establishment"));
  for (size_t k : columns) {
    const std::string& name = s.items[k];
    const Item* item = items[name];
    out += "<th title=\"" + H(item && !item->title.empty() ? item->title : name) + "\"><code>" + H(name) + "</code></th>";
  }
  out += "</tr></thead><tbody>\n";
  for (const MatrixRow& row : s.rows) {
    if (row.group != group) continue;
    out += "<tr><td>" + EntityCell(row.entity, row.entity_name) + "</td>";
    for (size_t k : columns) {
      const auto& cell = row.cells[k];
      if (cell.empty()) {
        out += "<td class=\"note\">—</td>";
        continue;
      }
      out += "<td>";
      for (const auto& [period, verdict] : cell) {
        out += "<span class=\"badge v-" + H(verdict) + "\">" + H(MatrixVerdictLabel(period, verdict)) + "</span>";
      }
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

// The contract's first page: its latest year's position, the change since the year before, the
// payment against the amount possible, and who stands where.
void Overview(std::string& out, const Contract& c, bool matrix) {
  const ContractSummary& s = c.summary;
  out += "<section class=\"overview\">\n";
  if (!s.latest) {
    out += "<h3>" + H(Tr("Where the contract stands")) + "</h3>\n<p class=\"note\">" +
           H(Tr("No year assessed yet: every verdict is pending or not applicable.")) + "</p>\n</section>\n";
    return;
  }
  const YearPosition& now = *s.latest;
  const bool changes = s.previous.has_value();
  out += "<h3>" + H(Tr("Where the contract stands in {0}", YearLabel(c, now.year))) + "</h3>\n<dl class=\"facts\">\n";
  out += "<dt>" + H(Tr("Score")) + "</dt><dd>";
  if (now.score) {
    out += "<b>" + H(LocalizeNumber(*now.score)) + "</b>";
    if (s.score_change) out += " <span class=\"delta\">" + H(Tr("{0} since {1}", ScoreChangeText(*s.score_change), YearLabel(c, s.previous->year))) + "</span>";
  } else {
    out += H(Tr("not scored"));
  }
  out += "</dd>\n";
  if (!s.payment_name.empty()) {
    out += "<dt>" + H(Tr("Payment")) + "</dt><dd>";
    if (s.payment && s.payment_possible) {
      out += H(Tr("{0} of {1} possible", FormatEuros(*s.payment), FormatEuros(*s.payment_possible)));
    } else if (s.payment) {
      out += H(FormatEuros(*s.payment));
    } else {
      out += H(Tr("not computed: {0}", s.payment_reason));
    }
    out += " <span class=\"note\">(" + H(s.payment_title.empty() ? s.payment_name : s.payment_title) + ", <code>" + H(s.payment_name) +
           "</code>)</span></dd>\n";
  }
  const bool any_group = !now.group_counts.empty();
  out += "<dt>" + H(any_group ? Tr("Members' verdicts") : Tr("Verdicts")) + "</dt><dd>" +
         CountChips(now.counts, s.count_changes, changes) + "</dd>\n";
  out += "</dl>\n";
  if (changes) out += "<p class=\"note\">" + H(Tr("The arrows give the change since {0}.", YearLabel(c, s.previous->year))) + "</p>\n";
  bool members = false;
  for (const MatrixRow& row : s.rows) members = members || !row.group;
  if (members && matrix) Matrix(out, c, s, false);
  if (any_group) {
    out += "<div class=\"group-block\">\n<h4>" + H(Tr("The group's own result (not its members')")) + "</h4>\n" +
           CountChips(now.group_counts, s.group_count_changes, changes);
    if (matrix) Matrix(out, c, s, true);
    out += "</div>\n";
  }
  out += "</section>\n";
}

void Summary(std::string& out, const Contract& c, bool entity_scores) {
  out += "<h3>" + H(Tr("Summary")) + "</h3>\n";
  out += Chips(c.counts, true);
  out += "<div class=\"grid2\"><div>\n<h4>" + H(Tr("Score per year")) + "</h4>\n";
  if (c.scores.empty()) {
    out += "<p class=\"note\">" + H(Tr("No year could be scored.")) + "</p>\n";
  } else {
    out += "<table><thead><tr>" + Th(Tr("Year")) + Th(Tr("Score"), true) + Th(Tr("Made of (weight × mean, verdicts)")) +
           "</tr></thead><tbody>\n";
    for (const Score& s : c.scores) {
      std::string parts;
      for (const ScorePart& p : s.parts) {
        parts += (parts.empty() ? "" : "<br>") + std::string("<code>") + H(p.item) + "</code> " + H(LocalizeNumber(p.weight)) + " × " +
                 H(LocalizeNumber(p.mean)) + " <span class=\"note\">(" + std::to_string(p.verdicts) + ")</span>";
      }
      out += "<tr><td>" + H(YearLabel(c, s.year)) + "</td><td class=\"num\">" + ScoreBar(s.value) + "<b>" + H(LocalizeNumber(s.value)) +
             "</b></td><td>" + parts + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "</div><div>\n<h4>" + H(Tr("Payments")) + "</h4>\n";
  if (c.payments.empty()) {
    out += "<p class=\"note\">" + H(Tr("No payment.")) + "</p>\n";
  } else {
    // A row per payment, or per payment and party for a payment made to each party (then its total).
    using RowKey = std::pair<std::string, std::string>;  // payment, party ("" for the contract)
    std::vector<std::string> years;
    std::vector<RowKey> names;
    std::map<std::string, std::string> titles;
    std::map<std::pair<RowKey, std::string>, const Payment*> cell;
    std::map<std::string, std::string> score_of_year;
    for (const Payment& p : c.payments) {
      if (std::find(years.begin(), years.end(), p.year) == years.end()) years.push_back(p.year);
      if (std::find(names.begin(), names.end(), RowKey{p.name, p.party}) == names.end()) names.push_back({p.name, p.party});
      titles.emplace(p.name, p.title);
      cell[{{p.name, p.party}, p.year}] = &p;
      if (p.amount && p.party.empty()) score_of_year.emplace(p.year, p.score);
    }
    const std::vector<PartyPaymentTotal> totals = PartyPaymentTotals(c);
    out += "<table><thead><tr>" + Th(Tr("Payment"));
    for (const auto& y : years) out += "<th class=\"num\">" + H(YearLabel(c, y)) + "</th>";
    out += "</tr></thead><tbody>\n";
    std::vector<std::string> notes;
    for (size_t row = 0; row < names.size(); ++row) {
      const auto& [name, party] = names[row];
      out += "<tr><td><code>" + H(name) + "</code>" +
             (titles[name].empty() ? "" : "<span class=\"name\">" + H(titles[name]) + "</span>") +
             (party.empty() ? "" : " " + H(Tr("to {0}", party))) + "</td>";
      for (const auto& y : years) {
        auto it = cell.find({names[row], y});
        if (it == cell.end()) {
          out += "<td class=\"num\">—</td>";
        } else if (it->second->amount) {
          out += "<td class=\"num\">" + H(FormatEuros(*it->second->amount)) +
                 (party.empty() ? "" : " <span class=\"note\">(" + H(LocalizeNumber(it->second->score)) + ")</span>") + "</td>";
        } else {
          out += "<td class=\"num\" title=\"" + H(it->second->reason) + "\">" + H(Tr("not computed")) + "</td>";
          std::string note = Tr("Not computed for {0}: {1}.", y, it->second->reason);
          if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
        }
      }
      out += "</tr>\n";
      if (party.empty() || (row + 1 < names.size() && names[row + 1].first == name && !names[row + 1].second.empty())) continue;
      out += "<tr><td><code>" + H(name) + "</code> <b>" + H(Tr("total")) + "</b></td>";
      for (const auto& y : years) {
        const PartyPaymentTotal* total = nullptr;
        for (const auto& t : totals) {
          if (t.name == name && t.year == y) total = &t;
        }
        // A total that leaves parties out says so, as the CSV, the Markdown and `vigie run` do.
        const bool partial = total != nullptr && total->amount && total->not_computed > 0;
        out += "<td class=\"num\"><b>" +
               (total == nullptr ? std::string("—") : total->amount ? H(FormatEuros(*total->amount)) : H(Tr("not computed"))) +
               "</b>" +
               (partial ? " <span class=\"note\">(" + H(Tr("{0} of {1} parties not computed", total->not_computed, total->parties)) + ")</span>"
                        : "") +
               "</td>";
      }
      out += "</tr>\n";
    }
    out += "<tr><td class=\"note\">" + H(Tr("Score used")) + "</td>";
    for (const auto& y : years) {
      auto it = score_of_year.find(y);
      out += "<td class=\"num note\">" + (it == score_of_year.end() ? std::string("—") : H(LocalizeNumber(it->second))) + "</td>";
    }
    out += "</tr>\n</tbody></table>\n";
    for (const auto& note : notes) out += "<p class=\"note\">" + H(note) + "</p>\n";
    for (const Payment& p : c.payments) {
      if (p.read.empty()) continue;
      std::string read;
      for (const auto& line : p.read) read += (read.empty() ? "" : "; ") + line;
      out += "<p class=\"note\"><code>" + H(p.name) + "</code> " + (p.party.empty() ? "" : H(Tr("to {0}", p.party)) + " ") +
             H(Tr("{0} read {1}.", YearLabel(c, p.year), read)) + "</p>\n";
    }
  }
  out += "</div></div>\n";
  if (entity_scores && !c.entity_scores.empty()) {
    out += "<h4>" + H(Tr("Score per entity")) + "</h4>\n";
    const auto names = EntityNames(c);
    std::vector<std::string> years, entities;
    std::map<std::pair<std::string, std::string>, std::string> cell;
    for (const Score& s : c.entity_scores) {
      if (std::find(years.begin(), years.end(), s.year) == years.end()) years.push_back(s.year);
      if (std::find(entities.begin(), entities.end(), s.entity) == entities.end()) entities.push_back(s.entity);
      cell[{s.entity, s.year}] = s.value;
    }
    std::sort(years.begin(), years.end());
    out += "<table><thead><tr>" + Th(Tr("Entity"));
    for (const auto& y : years) out += "<th class=\"num\">" + H(YearLabel(c, y)) + "</th>";
    out += "</tr></thead><tbody>\n";
    for (const auto& e : entities) {
      auto n = names.find(e);
      out += "<tr><td>" + EntityCell(e, n == names.end() ? "" : n->second) + "</td>";
      for (const auto& y : years) {
        auto it = cell.find({e, y});
        out += "<td class=\"num\">" + (it == cell.end() ? std::string("—") : ScoreBar(it->second) + H(LocalizeNumber(it->second))) + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
}

void Waivers(std::string& out, const Contract& c) {
  out += "<h4>" + H(Tr("Waivers in force")) + "</h4>\n";
  if (c.waivers.empty()) {
    out += "<p class=\"note\">" + H(Tr("No waiver.")) + "</p>\n";
    return;
  }
  out += "<table><thead><tr>" + Th(Tr("Item")) + Th(Tr("Scope")) + Th(Tr("Granted by")) + Th(Tr("Granted on")) +
         Th(Tr("Until")) + Th(Tr("Reason")) + "</tr></thead><tbody>\n";
  for (const Waiver& w : c.waivers) {
    out += "<tr><td><code>" + H(w.item) + "</code></td><td>" + H(w.scope) + "</td><td>" + H(w.authority) +
           "</td><td class=\"nowrap\">" + Dash(H(FormatDate(w.granted))) + "</td><td class=\"nowrap\">" + Dash(H(FormatDate(w.until))) +
           "</td><td>" + H(w.reason) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
}

std::string ItemId(const Contract& c, const Item& item) {
  return H("item-" + c.name + "-" + item.name + (item.version ? "-v" + std::to_string(*item.version) : ""));
}

void ItemSection(std::string& out, const Contract& c, const Item& item, const VerdictRows& rows) {
  out += "<section class=\"item\" id=\"" + ItemId(c, item) + "\">\n<div class=\"item-head\">\n<h3>";
  if (!item.clause.empty()) out += H(item.clause) + " — ";
  out += H(item.title.empty() ? item.name : item.title) + " <code>" + H(item.name) + "</code>" +
         (item.version ? " <span class=\"version\">" + H(VersionName(item.version)) + "</span>" : "") + "</h3>\n";
  if (!item.clause_text.empty()) out += "<blockquote class=\"clause-text\">" + H(item.clause_text) + "</blockquote>\n";
  out += "<div class=\"item-facts\">";
  // "indicator <b>x</b>": a fact's name in the current language, then its value in bold.
  auto fact = [&](std::string_view name, const std::string& value_html) {
    out += "<span>" + H(name) + " <b>" + value_html + "</b></span>";
  };
  out += "<span>" + H(KindName(item.kind)) + "</span>";
  if (!item.indicator.empty()) {
    out += "<span>" + H(Tr("indicator")) + " <b>" + H(item.indicator) + "</b>" +
           (item.indicator_title.empty() ? "" : " " + H(item.indicator_title)) +
           (item.unit.empty() ? "" : " (" + H(UnitName(item.unit)) + ")") + "</span>";
  }
  fact(Tr("applies to"), H(item.applies_to));
  if (!item.targets.empty()) {
    fact(item.kind == "composite" ? Tr("rule") : Tr("targets"), H(TargetsText(item)));
  }
  if (!item.tolerance.empty()) fact(Tr("tolerance"), H(item.tolerance));
  if (!item.due.empty()) fact(Tr("due"), H(FormatDate(item.due)));
  if (!item.evidence.empty()) fact(Tr("evidence expected"), H(item.evidence));
  fact(Tr("weight"), H(LocalizeNumber(item.weight)));
  out += "</div>\n";
  out += Chips(item.counts, false);
  if (item.kind == "commitment" && !item.indicator.empty()) out += RenderTrajectoryChart(item, rows);
  out += "</div>\n";
  if (rows.empty()) {
    out += "<p class=\"note\">" + H(Tr("No verdict.")) + "</p>\n</section>\n";
    return;
  }
  out += "<table><thead><tr>" + Th(Tr("Entity")) + Th(Tr("Period")) + Th(Tr("Verdict"));
  if (item.kind == "milestone") {
    out += Th(Tr("Evidence")) + Th(Tr("Days late"), true);
  } else if (item.kind == "composite") {
    out += Th(Tr("Members"));
  } else {
    out += Th(Tr("Measured"), true) + Th(Tr("Target"), true) + Th(Tr("Band"), true);
  }
  out += Th(Tr("Reason")) + "</tr></thead><tbody>\n";
  for (const VerdictRow* row : rows) {
    const VerdictRow& v = *row;
    out += "<tr><td class=\"entity\">" + EntityCell(v.entity, v.entity_name) + "</td><td class=\"nowrap\">" + H(YearLabel(c, v.period)) + "</td><td>" +
           Badge(v.verdict) + "</td>";
    if (item.kind == "milestone") {
      out += "<td>" +
             (v.evidence_date().empty()
                  ? std::string("—")
                  : "<code>" + H(v.evidence_document()) + "</code><span class=\"name\">" + H(Tr("dated {0}", FormatDate(v.evidence_date()))) +
                        ", sha256 " + Sha(v.evidence_sha256()) + "</span>") +
             "</td><td class=\"num\">" + (v.days_late() ? std::to_string(*v.days_late()) : "—") + "</td>";
    } else if (item.kind == "composite") {
      std::string members;
      for (const auto& [member, verdict] : v.members()) {
        members += (members.empty() ? "" : "<br>") + std::string("<code>") + H(member) + "</code> " + Badge(verdict);
      }
      out += "<td>" + Dash(members) + "</td>";
    } else {
      out += "<td class=\"num\">" + (v.measured ? H(DisplayValue(v.measured, item.unit)) : "—") + "</td>";
      out += "<td class=\"num\">" +
             (v.target ? H(BoundWithUnit(v.comparator, FormatNumber(v.target), item.unit)) : "—") + "</td>";
      out += "<td class=\"num\">" +
             (v.band_low ? H(DisplayBand(v.band_low, v.band_high, item.unit)) : "—") + "</td>";
    }
    out += "<td>" + H(v.reason);
    if (v.waiver()) out += "<span class=\"sub-note\">" + H(WaiverSentence(*v.waiver())) + "</span>";
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n</section>\n";
}

void MilestoneEvidence(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows);

void Appendix(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows) {
  out += "<section class=\"appendix\">\n<h3>" + H(Tr("Evidence appendix — {0}", c.title.empty() ? c.name : c.title)) +
         "</h3>\n";
  out += "<p class=\"note\">" +
         H(Tr("Every value a verdict or a payment read, with the file it was imported from. Hover a "
              "SHA-256 to see it in full; on paper it is printed in full.")) +
         "</p>\n";
  const std::vector<AppendixLine> lines = AppendixLines(c, rows);
  if (lines.empty()) {
    out += "<p class=\"note\">" + H(Tr("No verdict or payment read stored values.")) + "</p>\n";
  } else {
    out += "<table class=\"evidence\"><thead><tr>" + Th(Tr("Item")) + Th(Tr("Entity")) + Th(Tr("Period")) + Th(Tr("Verdict")) +
           Th(Tr("Input")) + Th(Tr("Value"), true) + Th(Tr("File")) + Th("SHA-256") + Th(Tr("Row"), true) +
           Th(Tr("Column"), true) + Th(Tr("Import"), true) + "</tr></thead><tbody>\n";
    for (const AppendixLine& line : lines) {
      const Input& in = line.input;
      const std::string value =
          in.value ? H(DisplayValue(in.value, in.unit))
                   : "<i>" + H(in.missing_code.empty() ? std::string(Tr("missing")) : Tr("missing ({0})", in.missing_code)) +
                         "</i>";
      // An anniversary contract's year reads "2021-10 → 2022-09"; the value it read keeps its data year.
      const std::string period = YearLabel(c, line.period);
      out += "<tr><td><code>" + H(line.item) + "</code></td><td class=\"mono\">" + H(line.entity) +
             "</td><td class=\"nowrap\">" + H(period) + "</td><td>" +
             (line.verdict.empty() ? H(Tr("payment")) : Badge(line.verdict)) + "</td><td><code>" + H(in.indicator) +
             "</code>" + (in.entity == line.entity ? "" : " " + H(in.entity)) +
             (FormatPeriod(in.period) == period ? "" : " " + H(FormatPeriod(in.period))) +
             (in.role.empty() || in.role == "value" ? "" : " <span class=\"note\">(" + H(RoleName(in.role)) + ")</span>") +
             "</td><td class=\"num\">" + value + "</td>";
      if (!in.source) {
        out += "<td colspan=\"5\" class=\"note\">" + H(Tr("no stored value")) + "</td></tr>\n";
      } else {
        const std::string declared = DeclarationText(in);
        out += "<td><code>" + H(in.source->file) + "</code>" +
               (declared.empty() ? "" : " <span class=\"note\">" + H(declared) + "</span>") + "</td><td>" + Sha(in.source->sha256) +
               "</td><td class=\"num\">" +
               std::to_string(in.row) + "</td><td class=\"num\">" + std::to_string(in.column) +
               "</td><td class=\"num\">#" + std::to_string(in.source->import_id) + "</td></tr>\n";
      }
    }
    out += "</tbody></table>\n";
  }
  MilestoneEvidence(out, c, rows);
  out += "</section>\n";
}

void MilestoneEvidence(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows) {
  std::string evidence;
  for (size_t i = 0; i < c.items.size() && i < rows.size(); ++i) {
    const Item& item = c.items[i];
    for (const VerdictRow* row : rows[i]) {
      const VerdictRow& v = *row;
      if (v.evidence_date().empty()) continue;
      evidence += "<tr><td><code>" + H(item.name) + "</code></td><td>" + EntityCell(v.entity, v.entity_name) +
                  "</td><td class=\"nowrap\">" + H(FormatDate(v.evidence_date())) + "</td><td><code>" + H(v.evidence_document()) +
                  "</code></td><td>" + Sha(v.evidence_sha256()) + "</td></tr>\n";
    }
  }
  if (!evidence.empty()) {
    out += "<h4>" + H(Tr("Milestone evidence")) + "</h4>\n<table><thead><tr>" + Th(Tr("Milestone")) + Th(Tr("Entity")) +
           Th(Tr("Date")) + Th(Tr("Document")) + Th("SHA-256") + "</tr></thead><tbody>\n" + evidence +
           "</tbody></table>\n";
  }
}

// ---- chart ----

// The y axis: `ticks` + 1 grid lines from `low` to `high`, `step` apart. Every field is finite
// whatever the data (the values are scaled into it before they are placed, see Fraction).
struct Axis {
  double low = 0, high = 1, step = 1;
  int ticks = 1;
};

constexpr int kMaxTicks = 10;

double NiceStep(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
}

bool Finite(const Axis& axis) {
  return std::isfinite(axis.low) && std::isfinite(axis.high) && std::isfinite(axis.step) && axis.step > 0 &&
         axis.high > axis.low;
}

// Round bounds and a round step around [low, high]. The number of ticks is computed, never
// counted by adding steps: with values near the largest double the bounds would overflow, and
// near one another at a huge magnitude adding a step would not move the tick.
Axis MakeAxis(double low, double high) {
  const bool non_negative = low >= 0;
  if (high - low < 1e-9) {
    const double pad = std::max(std::fabs(high) * 0.1, 1.0);
    low -= pad;
    high += pad;
  }
  Axis axis;
  // Halved first: high - low itself may overflow.
  axis.step = NiceStep((high / 2 - low / 2) / 2.5);
  axis.low = std::floor(low / axis.step) * axis.step;
  axis.high = std::ceil(high / axis.step) * axis.step;
  if (axis.low == low && !(non_negative && low == 0)) axis.low -= axis.step;
  if (axis.high == high) axis.high += axis.step;
  if (non_negative && axis.low < 0) axis.low = 0;
  const double ticks = std::round(axis.high / axis.step - axis.low / axis.step);
  axis.ticks = std::isfinite(ticks) ? static_cast<int>(std::clamp(ticks, 1.0, static_cast<double>(kMaxTicks))) : 1;
  if (!Finite(axis) || ticks > kMaxTicks) {
    // Past the round numbers' reach (near the largest double): the data's own bounds, evenly split.
    axis.low = low;
    axis.high = high;
    axis.ticks = 5;
    axis.step = high / axis.ticks - low / axis.ticks;
  }
  return axis;
}

// Where `v` sits between the axis' bounds, 0 at the bottom and 1 at the top, computed on values
// scaled down first so that no difference overflows; clamped a little beyond the plot.
double Fraction(const Axis& axis, double v) {
  const double scale = std::max({std::fabs(axis.low), std::fabs(axis.high), 1.0});
  const double low = axis.low / scale, high = axis.high / scale;
  const double f = (v / scale - low) / (high - low);
  return std::isfinite(f) ? std::clamp(f, -0.1, 1.1) : 0.0;
}

// Tick `i` of the axis, between its bounds: interpolated, because low + i * step may overflow
// near the largest double.
double TickAt(const Axis& axis, int i) {
  const double t = static_cast<double>(i) / axis.ticks;
  return axis.low * (1 - t) + axis.high * t;
}

// The label of tick `i`, rounded to the step so that it reads 0.3 and not 0.30000000000000004.
double TickLabel(const Axis& axis, int i) {
  const double tick = TickAt(axis, i);
  const double rounded = std::round(tick / axis.step * 1e6) / 1e6 * axis.step;
  return std::isfinite(rounded) ? rounded : tick;
}

// A target written "<cmp> <number>" for this period (or for the year of this quarter or month),
// when no verdict gives it (a pending or missing period).
std::optional<double> WrittenTarget(const Item& item, const std::string& period) {
  for (const auto& [p, rule] : item.targets) {
    if (p.empty() || (p != period && period.rfind(p + "-", 0) != 0)) continue;
    const size_t space = rule.find(' ');
    if (space == std::string::npos) return std::nullopt;
    const std::string number = rule.substr(space + 1);
    char* end = nullptr;
    const double v = std::strtod(number.c_str(), &end);
    if (end != number.c_str() && *end == '\0') return v;
  }
  return std::nullopt;
}

std::string Truncate(const std::string& text, size_t max_code_points) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == max_code_points) {
      return text.substr(0, i) + "…";
    }
  }
  return text;
}

}  // namespace

std::string RenderTrajectoryChart(const Item& item) {
  VerdictRows rows;
  for (const VerdictRow& v : item.verdicts) rows.push_back(&v);
  return RenderTrajectoryChart(item, rows);
}

std::string RenderTrajectoryChart(const Item& item, const VerdictRows& rows) {
  // Periods in the model's order; entity names from the verdicts.
  std::vector<std::string> periods;
  std::map<std::string, std::string> names;
  std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> band;
  // Each entity's points, in its verdicts' order: the chart's series (read from the verdicts, which
  // the model holds once; the trajectories are not kept beside them).
  std::map<std::string, std::vector<const VerdictRow*>> trajectories;
  for (const VerdictRow* row : rows) {
    const VerdictRow& v = *row;
    if (std::find(periods.begin(), periods.end(), v.period) == periods.end()) periods.push_back(v.period);
    names.emplace(v.entity, v.entity_name);
    if (v.band_low && !band[v.period].first) band[v.period] = {v.band_low, v.band_high};
    trajectories[v.entity].push_back(row);
  }
  if (periods.empty()) return "";
  const size_t n = periods.size();
  auto index_of = [&](const std::string& period) {
    return static_cast<size_t>(std::find(periods.begin(), periods.end(), period) - periods.begin());
  };

  // Targets: one line when every entity has the same target in each period, else one per entity.
  std::vector<std::optional<double>> shared(n);
  bool per_entity = false;
  for (const auto& [entity, points] : trajectories) {
    for (const VerdictRow* p : points) {
      if (!p->target) continue;
      auto& t = shared[index_of(p->period)];
      if (t && std::fabs(*t - *p->target) > 1e-9) per_entity = true;
      if (!t) t = p->target;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!shared[i]) shared[i] = WrittenTarget(item, periods[i]);
  }

  // Series: entities with at least one value.
  std::vector<std::string> plotted, not_plotted;
  for (const auto& [entity, points] : trajectories) {
    bool any = false;
    for (const VerdictRow* p : points) any = any || p->measured.has_value();
    (any ? plotted : not_plotted).push_back(entity);
  }
  bool any_target = false;
  for (const auto& t : shared) any_target = any_target || t.has_value();
  if (plotted.empty() && !any_target) return "";

  double low = INFINITY, high = -INFINITY;
  auto extend = [&](std::optional<double> v) {
    if (!v || !std::isfinite(*v)) return;
    low = std::min(low, *v);
    high = std::max(high, *v);
  };
  for (const auto& t : shared) extend(t);
  for (const auto& [period, b] : band) {
    extend(b.first);
    extend(b.second);
  }
  for (const auto& [entity, points] : trajectories) {
    for (const VerdictRow* p : points) {
      extend(p->measured);
      if (per_entity) extend(p->target);
    }
  }
  const Axis axis = MakeAxis(low, high);

  const double left = 58, top = 14, plot_w = 480, plot_h = 200, legend_x = left + plot_w + 26;
  const size_t legend_rows = plotted.size() + 2;
  const double height = std::max(top + plot_h + 34, 20.0 + 18.0 * static_cast<double>(legend_rows));
  const double width = 880;
  const double slot = plot_w / static_cast<double>(n);
  auto x_of = [&](size_t i) { return left + slot * (static_cast<double>(i) + 0.5); };
  auto y_of = [&](double v) { return top + plot_h - Fraction(axis, v) * plot_h; };
  std::string svg = "<figure class=\"chart\">\n<svg class=\"chart\" viewBox=\"0 0 " + Px(width) + " " + Px(height) +
                    "\" role=\"img\" aria-label=\"" + H(Tr("Targets and values of {0}", item.name)) + "\">\n<title>" +
                    H(Tr("{0}: targets and values per period", item.title.empty() ? item.name : item.title)) + "</title>\n";
  // Grid and y axis labels.
  for (int i = 0; i <= axis.ticks; ++i) {
    const double tick = TickAt(axis, i);
    const std::string y = Px(y_of(tick));
    svg += "<line class=\"grid\" x1=\"" + Px(left) + "\" x2=\"" + Px(left + plot_w) + "\" y1=\"" + y + "\" y2=\"" + y +
           "\"/><text x=\"" + Px(left - 6) + "\" y=\"" + Px(y_of(tick) + 4) + "\" text-anchor=\"end\">" +
           H(DisplayValue(TickLabel(axis, i), item.unit)) + "</text>\n";
  }
  svg += "<line class=\"axis\" x1=\"" + Px(left) + "\" x2=\"" + Px(left + plot_w) + "\" y1=\"" + Px(top + plot_h) +
         "\" y2=\"" + Px(top + plot_h) + "\"/>\n";
  for (size_t i = 0; i < n; ++i) {
    svg += "<text x=\"" + Px(x_of(i)) + "\" y=\"" + Px(top + plot_h + 16) + "\" text-anchor=\"middle\">" + H(FormatPeriod(periods[i])) +
           "</text>\n";
  }
  // Tolerance band, per period.
  for (size_t i = 0; i < n; ++i) {
    auto it = band.find(periods[i]);
    if (it == band.end() || !it->second.first) continue;
    const double y1 = y_of(*it->second.second), y2 = y_of(*it->second.first);
    svg += "<rect class=\"band\" x=\"" + Px(left + slot * static_cast<double>(i)) + "\" y=\"" + Px(std::min(y1, y2)) +
           "\" width=\"" + Px(slot) + "\" height=\"" + Px(std::fabs(y2 - y1)) + "\"><title>" +
           H(Tr("{0}: tolerance band {1} – {2}", FormatPeriod(periods[i]), DisplayNumber(it->second.first),
                DisplayValue(it->second.second, item.unit))) +
           "</title></rect>\n";
  }
  // A step line: a level per period, joined to the next one; a period without a value breaks it.
  auto step_path = [&](const std::vector<std::optional<double>>& levels) {
    std::string d;
    bool open = false;
    for (size_t i = 0; i < n; ++i) {
      if (!levels[i]) {
        open = false;
        continue;
      }
      const std::string y = Px(y_of(*levels[i]));
      d += (open ? " V" + y : std::string(d.empty() ? "" : " ") + "M" + Px(left + slot * static_cast<double>(i)) + " " + y) +
           " H" + Px(left + slot * static_cast<double>(i + 1));
      open = true;
    }
    return d;
  };
  std::map<std::string, std::string> colour;
  for (size_t k = 0; k < plotted.size(); ++k) colour[plotted[k]] = kSeriesColours[k % std::size(kSeriesColours)];
  if (!per_entity) {
    const std::string d = step_path(shared);
    if (!d.empty()) svg += "<path class=\"target\" d=\"" + d + "\"><title>" + H(Tr("target")) + "</title></path>\n";
  } else {
    for (const auto& entity : plotted) {
      std::vector<std::optional<double>> levels(n);
      for (const VerdictRow* p : trajectories.at(entity)) levels[index_of(p->period)] = p->target;
      const std::string d = step_path(levels);
      if (!d.empty()) {
        svg += "<path class=\"target\" style=\"stroke:" + colour[entity] + "\" d=\"" + d + "\"><title>" +
               H(Tr("target of {0}", entity)) + "</title></path>\n";
      }
    }
  }
  // Values: points, joined only between consecutive periods that both have one.
  for (const auto& entity : plotted) {
    std::vector<std::optional<double>> values(n);
    std::vector<std::string> verdicts(n);
    for (const VerdictRow* p : trajectories.at(entity)) {
      values[index_of(p->period)] = p->measured;
      verdicts[index_of(p->period)] = p->verdict;
    }
    std::vector<std::string> run;
    auto flush = [&] {
      if (run.size() >= 2) {
        std::string points;
        for (const auto& xy : run) points += (points.empty() ? "" : " ") + xy;
        svg += "<polyline class=\"series\" data-entity=\"" + H(entity) + "\" style=\"stroke:" + colour[entity] +
               "\" points=\"" + points + "\"/>\n";
      }
      run.clear();
    };
    for (size_t i = 0; i < n; ++i) {
      if (!values[i]) {
        flush();
        continue;
      }
      run.push_back(Px(x_of(i)) + "," + Px(y_of(*values[i])));
    }
    flush();
    for (size_t i = 0; i < n; ++i) {
      if (!values[i]) continue;
      svg += "<circle class=\"point\" data-entity=\"" + H(entity) + "\" cx=\"" + Px(x_of(i)) + "\" cy=\"" +
             Px(y_of(*values[i])) + "\" r=\"3.5\" fill=\"" + colour[entity] + "\"><title>" +
             H(entity + " " + FormatPeriod(periods[i]) + ": " + DisplayValue(values[i], item.unit) + " (" +
               VerdictLabel(verdicts[i]) + ")") +
             "</title></circle>\n";
    }
  }
  // Legend.
  double ly = top + 8;
  svg += "<path class=\"target\" d=\"M" + Px(legend_x) + " " + Px(ly) + " H" + Px(legend_x + 22) + "\"/><text x=\"" +
         Px(legend_x + 28) + "\" y=\"" + Px(ly + 4) + "\">" + std::string(per_entity ? Tr("target (each entity's colour)") : Tr("target")) +
         "</text>\n";
  ly += 18;
  svg += "<rect class=\"band\" x=\"" + Px(legend_x) + "\" y=\"" + Px(ly - 5) + "\" width=\"22\" height=\"10\"/><text x=\"" +
         Px(legend_x + 28) + "\" y=\"" + Px(ly + 4) + "\">" + H(Tr("tolerance band")) + "</text>\n";
  for (const auto& entity : plotted) {
    ly += 18;
    const std::string label = entity + (names[entity].empty() ? "" : " " + names[entity]);
    svg += "<line x1=\"" + Px(legend_x) + "\" x2=\"" + Px(legend_x + 22) + "\" y1=\"" + Px(ly) + "\" y2=\"" + Px(ly) +
           "\" stroke=\"" + colour[entity] + "\" stroke-width=\"2\"/><circle cx=\"" + Px(legend_x + 11) + "\" cy=\"" +
           Px(ly) + "\" r=\"3.5\" fill=\"" + colour[entity] + "\"/><text x=\"" + Px(legend_x + 28) + "\" y=\"" +
           Px(ly + 4) + "\"><title>" + H(label) + "</title>" + H(Truncate(label, 34)) + "</text>\n";
  }
  svg += "</svg>\n<figcaption>";
  svg += H(item.indicator_title.empty() ? item.indicator : item.indicator_title) +
         (item.unit.empty() ? "" : " (" + H(UnitName(item.unit)) + ")") + ". " +
         H(Tr("Dashed: the target of each period; points: the measured values; a missing value is a gap, never a zero."));
  if (!not_plotted.empty()) {
    std::string list;
    for (const auto& e : not_plotted) list += (list.empty() ? "" : ", ") + e;
    svg += " " + H(Tr("No value to plot for {0}.", list));
  }
  svg += "</figcaption>\n</figure>\n";
  return svg;
}

namespace html {

std::string Escape(std::string_view text) { return H(text); }
std::string Badge(const std::string& verdict) { return report::Badge(verdict); }
std::string Chips(const std::map<std::string, int64_t>& counts, bool show_zero) { return report::Chips(counts, show_zero); }
std::string ScoreBar(const std::string& value) { return report::ScoreBar(value); }
std::string Th(std::string_view text, bool num) { return report::Th(text, num); }
std::string EntityCell(const std::string& id, const std::string& name) { return report::EntityCell(id, name); }
void Overview(std::string& out, const Contract& c, bool matrix) { report::Overview(out, c, matrix); }
void Summary(std::string& out, const Contract& c, bool entity_scores) { report::Summary(out, c, entity_scores); }
void Waivers(std::string& out, const Contract& c) { report::Waivers(out, c); }
void ItemSection(std::string& out, const Contract& c, const Item& item, const VerdictRows& rows) {
  report::ItemSection(out, c, item, rows);
}
void Appendix(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows) { report::Appendix(out, c, rows); }
void MilestoneEvidence(std::string& out, const Contract& c, const std::vector<VerdictRows>& rows) {
  report::MilestoneEvidence(out, c, rows);
}
std::string Sha(const std::string& sha256) { return report::Sha(sha256); }
std::string WaiverSentence(const Waiver& w) { return report::WaiverSentence(w); }

std::string DocumentStart(const Report& report, const std::string& title, std::string_view extra_css) {
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(LanguageCode(CurrentLanguage())) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"" +
         H(report.engine + " " + report.engine_version) + "\">\n<title>" + H(title) + "</title>\n<style>" + std::string(kCss) + std::string(extra_css) +
         "</style>\n</head>\n<body>\n";
}

std::string ReportTitle(const Report& report) {
  std::string contract_titles;
  for (const Contract& c : report.contracts) contract_titles += (contract_titles.empty() ? "" : ", ") + (c.title.empty() ? c.name : c.title);
  return Tr("Compliance report — {0} — as of {1}", contract_titles.empty() ? std::string(Tr("no contract")) : contract_titles,
            FormatDate(report.as_of));
}

std::string RunFacts(const Report& report) {
  const std::string engine = report.engine + " " + report.engine_version;
  std::string out = "<dt>" + H(Tr("Data as of")) + "</dt><dd>" +
         H(report.data_as_of.empty() ? std::string(Tr("latest values in the store")) : FormatDate(report.data_as_of)) +
         "</dd>\n";
  out += "<dt>" + H(Tr("Generated")) + "</dt><dd>" +
         H(report.run_id ? Tr("{0} by {1}, run #{2}", FormatTimestamp(report.generated_at), engine, report.run_id)
                         : Tr("{0} by {1}", FormatTimestamp(report.generated_at), engine)) +
         "</dd>\n";
  out += "<dt>" + H(Tr("Store")) + "</dt><dd><code>" + H(report.store) + "</code>" +
         (report.data_digest.empty() ? "" : ", " + H(Tr("data digest")) + " " + Sha(report.data_digest)) + "</dd>\n";
  out += "<dt>" + H(Tr("Rules")) + "</dt><dd>";
  bool first = true;
  for (const RulesetFile& r : report.rulesets) {
    out += std::string(first ? "" : ", ") + "<code>" + H(r.path) + "</code> (" + Sha(r.sha256) + ")";
    first = false;
  }
  if (report.rulesets.empty()) out += "—";
  out += "</dd>\n";
  if (!report.declared_values.empty()) {
    out += "<dt>" + H(Tr("Values declared by establishments")) + "</dt><dd>" + H(DeclaredValuesText(report.declared_values)) +
           "</dd>\n";
  }
  return out;
}

std::string PageHead(const Report& report, const std::string& heading, const std::string& lead, const std::string& facts,
                     const std::map<std::string, int64_t>& counts, const std::string& after) {
  return "<header class=\"report-head\">\n<div class=\"kicker\">" + H(Tr("vigie · compliance report")) + "</div>\n<h1>" +
         heading + "</h1>\n" + lead + "<dl class=\"facts\">\n" + facts + RunFacts(report) + "</dl>\n" + Chips(counts, false) +
         after + "</header>\n";
}

std::string ReportHeader(const Report& report) {
  std::string toc;
  if (report.contracts.size() > 1) {
    toc += "<ol class=\"toc\">\n";
    for (const Contract& c : report.contracts) {
      toc += "<li><a href=\"#contract-" + H(c.name) + "\">" + H(c.title.empty() ? c.name : c.title) + "</a></li>\n";
    }
    toc += "</ol>\n";
  }
  return PageHead(report, H(Tr("Compliance report as of {0}", FormatDate(report.as_of))), "", "", report.counts, toc);
}

std::string ContractHead(const Contract& c) {
  std::string out = "<div class=\"contract-head\">\n<h2>" +
           H(c.title.empty() ? c.name : c.title) + "</h2>\n<div class=\"sub\"><code>" + H(c.name) + "</code>" +
           (c.kind.empty() ? "" : " · " + H(ContractKindName(c.kind))) + " · " + H(c.period) + "</div>\n<dl class=\"facts\">\n";
  if (!c.authority.empty()) out += "<dt>" + H(Tr("Authority")) + "</dt><dd>" + H(c.authority) + "</dd>\n";
  if (!c.signed_on.empty()) out += "<dt>" + H(Tr("Signed")) + "</dt><dd>" + H(FormatDate(c.signed_on)) + "</dd>\n";
  std::string parties;
  for (const auto& p : c.parties) parties += (parties.empty() ? "" : ", ") + H(p);
  out += "<dt>" + H(Tr("Parties")) + "</dt><dd>" + Dash(parties) + "</dd>\n";
  if (!c.template_name.empty()) {
    out += "<dt>" + H(Tr("Template")) + "</dt><dd><code>" + H(c.template_name) + "</code></dd>\n";
  }
  out += "<dt>" + H(Tr("Scoring")) + "</dt><dd>" + H(ScoringBasisText(c)) + "</dd>\n";
  for (const std::string& line : VersionLines(c)) out += "<dt>" + H(Tr("Version")) + "</dt><dd>" + H(line) + "</dd>\n";
  out += "</dl>\n</div>\n";
  return out;
}

std::string DocumentEnd(const Report& report) {
  const std::string engine = report.engine + " " + report.engine_version;
  return "<footer>" +
         H(report.run_id ? Tr("Generated by {0} at {1} (run #{2}).", engine, FormatTimestamp(report.generated_at), report.run_id)
                         : Tr("Generated by {0} at {1}.", engine, FormatTimestamp(report.generated_at))) +
         "</footer>\n</body>\n</html>\n";
}

}  // namespace html

std::string RenderHtml(const Report& report) {
  const ScopedLanguage language(LanguageOf(report));
  std::string out = html::DocumentStart(report, html::ReportTitle(report));
  out += html::ReportHeader(report);
  for (const Contract& c : report.contracts) {
    out += "<section class=\"contract\" id=\"contract-" + H(c.name) + "\">\n" + html::ContractHead(c);
    Overview(out, c, true);
    Summary(out, c, true);
    Waivers(out, c);
    const std::vector<VerdictRows> rows = AllRows(c);
    for (size_t i = 0; i < c.items.size(); ++i) ItemSection(out, c, c.items[i], rows[i]);
    Appendix(out, c, rows);
    out += "</section>\n";
  }
  out += html::DocumentEnd(report);
  return out;
}

}  // namespace vigie::report
