#include "engine/serve/dashboard_page.h"

#include <cstdio>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/report_text.h"
#include "engine/serve/pages.h"

namespace vigie::serve {
namespace {

using report::EscapeHtml;


// A coordinate with at most two decimals, trailing zeros dropped ("10", "43.33"): stable text.
std::string Coordinate(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string out(buffer);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

// Where year `i` of `n` and a score fall in the trend's 120 × 50 box (TrendPoints says how).
std::pair<double, double> TrendPoint(size_t i, size_t n, const std::string& score) {
  const double x = n == 1 ? 60 : 10 + 100.0 * static_cast<double>(i) / static_cast<double>(n - 1);
  return {x, 5 + (1 - ScoreValue(score)) * 40};
}

// A year of the contract as the report names it ("2019", or "2021-10 → 2022-09").
std::string YearOf(const CampaignContract& c, const std::string& year) {
  const auto label = c.year_labels.find(year);
  return label == c.year_labels.end() ? year : label->second;
}

std::string EntityLabel(const std::string& entity, const std::string& name) {
  return name.empty() ? EscapeHtml(entity) : EscapeHtml(name) + " <small>" + EscapeHtml(entity) + "</small>";
}

// A verdict as a link to its explanation: coloured, and in words (it reads in black and white and
// aloud). A period shorter than the year (a quarter) is named before the verdict.
std::string VerdictLink(const std::string& entity, const std::string& contract, const std::string& item,
                        const std::string& period, const std::string& verdict, const std::string& as_of) {
  return "<a class=\"verdict verdict-" + EscapeHtml(verdict) + "\" href=\"" +
         EscapeHtml(ExplanationLink(entity, contract, item, period, as_of)) + "\" title=\"" +
         EscapeHtml(Tr("Explanation of this verdict")) + "\">" + EscapeHtml(report::MatrixVerdictLabel(period, verdict)) + "</a>";
}

std::string CampaignForm(const Service::Dashboard& dashboard, const std::string& asked_year) {
  return "<form id=\"campagne\" method=\"get\" action=\"/tableau\"><label>" + EscapeHtml(Tr("As-of date")) +
         " <input type=\"date\" name=\"date\" value=\"" + EscapeHtml(dashboard.as_of) + "\" required></label><label>" +
         EscapeHtml(Tr("Year of the ranking (empty: the latest)")) +
         " <input type=\"text\" name=\"annee\" inputmode=\"numeric\" size=\"6\" value=\"" + EscapeHtml(asked_year) +
         "\"></label><p><button>" + EscapeHtml(Tr("Run the campaign as of this date")) + "</button></p></form>";
}

// An official run as of the dashboard's date, recorded in the store (a write: POST with the CSRF token).
std::string RecordForm(const Service::Session& session, const Service::Dashboard& dashboard) {
  return "<form id=\"execution\" method=\"post\" action=\"/tableau/execution\">" + HiddenField("csrf", session.csrf) +
         HiddenField("date", dashboard.as_of) + "<p><button>" + EscapeHtml(Tr("Record an official run as of {0}", FormatDate(dashboard.as_of))) +
         "</button></p></form>";
}

std::string AwaitingSection(const Service::Dashboard& dashboard) {
  std::string out = "<section id=\"a-valider\"><h2>" + EscapeHtml(Tr("Values declared by establishments, awaiting validation")) +
                    "</h2><p><a id=\"lien-validation\" href=\"/validation\">" +
                    EscapeHtml(Tr("{0} declaration(s) awaiting validation", dashboard.declarations.size())) + "</a></p>";
  if (!dashboard.declarations.empty()) {
    out += "<table><tr><th>" + EscapeHtml(Tr("Import")) + "</th><th>" + EscapeHtml(Tr("Establishment")) + "</th><th>" +
           EscapeHtml(Tr("Declared by")) + "</th><th>" + EscapeHtml(Tr("On")) + "</th><th>" + EscapeHtml(Tr("Values")) + "</th></tr>";
    for (const store::Store::Declaration& d : dashboard.declarations) {
      out += "<tr><td>" + std::to_string(d.import_id) + "</td><td>" + EscapeHtml(d.entity) + "</td><td>" + EscapeHtml(d.declared_by) +
             "</td><td>" + EscapeHtml(FormatTimestamp(d.imported_at)) + "</td><td>" + std::to_string(d.rows_stored) + "</td></tr>";
    }
    out += "</table>";
  }
  return out + "</section>";
}

std::string CountsSection(const Service::Dashboard& dashboard) {
  std::string out = "<section id=\"verdicts\"><h2>" + EscapeHtml(Tr("Verdicts as of {0}", FormatDate(dashboard.as_of))) + "</h2>";
  if (dashboard.rows.empty()) return out + "<p>" + EscapeHtml(Tr("No verdict yet.")) + "</p></section>";
  out += "<table id=\"comptes\"><tr><th>" + EscapeHtml(Tr("Establishment")) + "</th>";
  for (const std::string& verdict : report::VerdictOrder()) out += "<th>" + EscapeHtml(report::VerdictLabel(verdict)) + "</th>";
  out += "</tr>";
  for (const Service::DashboardRow& row : dashboard.rows) {
    out += "<tr data-entity=\"" + EscapeHtml(row.entity) + "\"><td>" + EntityLabel(row.entity, row.name) + "</td>";
    for (const std::string& verdict : report::VerdictOrder()) {
      const auto count = row.counts.find(verdict);
      out += "<td>" + (count == row.counts.end() ? std::string() : std::to_string(count->second)) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</table></section>";
}

// Where the contract stands in its latest assessed year: the verdicts counted, its score and the
// change since the year before.
std::string Position(const CampaignContract& c) {
  const report::ContractSummary& s = c.summary;
  std::string out = "<div class=\"position\" id=\"position-" + EscapeHtml(c.name) + "\">";
  if (!s.latest) return out + "<p>" + EscapeHtml(Tr("No year of this contract is assessed yet.")) + "</p></div>";
  out += "<h3>" + EscapeHtml(Tr("Latest position: {0}", YearOf(c, s.latest->year))) + "</h3><p>";
  bool first = true;
  for (const std::string& verdict : report::VerdictOrder()) {
    const auto count = s.latest->counts.find(verdict);
    if (count == s.latest->counts.end()) continue;
    out += std::string(first ? "" : " · ") + "<span class=\"verdict verdict-" + EscapeHtml(verdict) + "\">" +
           EscapeHtml(Tr("{0}: {1}", report::VerdictLabel(verdict), count->second)) + "</span>";
    first = false;
  }
  out += "</p>";
  if (s.latest->score) {
    out += "<p class=\"score\">" + EscapeHtml(s.score_change ? Tr("Score of the contract: {0} ({1} since {2})", LocalizeNumber(*s.latest->score),
                                                                  LocalizeNumber(*s.score_change), YearOf(c, s.previous->year))
                                                             : Tr("Score of the contract: {0}", LocalizeNumber(*s.latest->score))) +
           "</p>";
  }
  return out + "</div>";
}

// Establishments × commitments of the latest assessed year, each verdict a link to its explanation.
std::string Matrix(const CampaignContract& c, const std::string& as_of) {
  const report::ContractSummary& s = c.summary;
  if (!s.latest || s.rows.empty()) return "";
  std::string out = "<h3>" + EscapeHtml(Tr("Establishments and commitments in {0}", YearOf(c, s.latest->year))) +
                    "</h3><table class=\"matrice\" id=\"matrice-" + EscapeHtml(c.name) + "\"><tr><th>" +
                    EscapeHtml(Tr("Establishment")) + "</th>";
  for (const std::string& item : s.items) {
    const auto title = c.item_titles.find(item);
    out += "<th scope=\"col\" data-item=\"" + EscapeHtml(item) + "\"" +
           (title != c.item_titles.end() && !title->second.empty() ? " title=\"" + EscapeHtml(title->second) + "\"" : "") + "><code>" +
           EscapeHtml(item) + "</code></th>";
  }
  out += "</tr>";
  for (const report::MatrixRow& row : s.rows) {
    out += "<tr data-entity=\"" + EscapeHtml(row.entity) + "\"" + (row.group ? " class=\"groupe\"" : "") + "><th scope=\"row\">" +
           EntityLabel(row.entity, row.entity_name) + "</th>";
    for (size_t k = 0; k < s.items.size(); ++k) {
      const auto& cell = row.cells[k];
      out += "<td data-item=\"" + EscapeHtml(s.items[k]) + "\">";
      if (cell.empty()) out += "<span class=\"sans-verdict\">—</span>";
      for (const auto& [period, verdict] : cell) out += VerdictLink(row.entity, c.name, s.items[k], period, verdict, as_of);
      out += "</td>";
    }
    out += "</tr>";
  }
  return out + "</table>";
}

std::string TrendSvg(const std::vector<std::string>& years, const ScoreTrend& trend) {
  std::string label;
  for (const std::string& year : years) {
    const auto score = trend.scores.find(year);
    if (score == trend.scores.end()) continue;
    label += (label.empty() ? "" : "; ") + Tr("{0}: {1}", year, LocalizeNumber(score->second));
  }
  std::string out = "<svg class=\"tendance\" viewBox=\"0 0 120 50\" width=\"120\" height=\"50\" role=\"img\" aria-label=\"" +
                    EscapeHtml(Tr("Score per year: {0}", label)) +
                    "\"><line class=\"grille\" x1=\"10\" x2=\"110\" y1=\"5\" y2=\"5\"/><line class=\"grille\" x1=\"10\" x2=\"110\" "
                    "y1=\"45\" y2=\"45\"/>";
  for (const std::vector<std::string>& run : TrendPoints(years, trend)) {
    if (run.size() > 1) {
      std::string points;
      for (const std::string& point : run) points += (points.empty() ? "" : " ") + point;
      out += "<polyline class=\"score\" points=\"" + points + "\"/>";
    }
  }
  const size_t n = years.size();
  for (size_t i = 0; i < n; ++i) {
    const auto score = trend.scores.find(years[i]);
    if (score == trend.scores.end()) continue;
    const auto [x, y] = TrendPoint(i, n, score->second);
    out += "<circle class=\"point\" cx=\"" + Coordinate(x) + "\" cy=\"" + Coordinate(y) +
           "\" r=\"2.5\"><title>" + EscapeHtml(Tr("{0}: {1}", years[i], LocalizeNumber(score->second))) + "</title></circle>";
  }
  return out + "</svg>";
}

// Each establishment's score per year, in figures and as a line.
std::string Trends(const CampaignContract& c) {
  if (c.trends.empty()) return "";
  std::string out = "<h3>" + EscapeHtml(Tr("Score per year")) + "</h3><table class=\"tendances\" id=\"tendances-" + EscapeHtml(c.name) +
                    "\"><tr><th>" + EscapeHtml(Tr("Establishment")) + "</th>";
  for (const std::string& year : c.years) out += "<th scope=\"col\">" + EscapeHtml(YearOf(c, year)) + "</th>";
  out += "<th>" + EscapeHtml(Tr("Trend")) + "</th></tr>";
  for (const ScoreTrend& trend : c.trends) {
    out += "<tr data-entity=\"" + EscapeHtml(trend.entity) + "\"><th scope=\"row\">" + EntityLabel(trend.entity, trend.entity_name) + "</th>";
    for (const std::string& year : c.years) {
      const auto score = trend.scores.find(year);
      out += "<td data-year=\"" + EscapeHtml(year) + "\">" + (score == trend.scores.end() ? "—" : EscapeHtml(LocalizeNumber(score->second))) +
             "</td>";
    }
    out += "<td>" + TrendSvg(c.years, trend) + "</td></tr>";
  }
  return out + "</table>";
}

std::string Ranking(const CampaignContract& c, const std::string& asked_year) {
  if (c.ranking_year.empty()) return "";
  std::string out = "<h3>" + EscapeHtml(Tr("Ranking by score, {0}", YearOf(c, c.ranking_year))) + "</h3>";
  if (!asked_year.empty() && asked_year != c.ranking_year) {
    out += "<p class=\"note\">" + EscapeHtml(Tr("No establishment has a score in {0}: the latest year with scores is ranked.", asked_year)) +
           "</p>";
  }
  out += "<table class=\"classement\" id=\"classement-" + EscapeHtml(c.name) + "\"><tr><th>" + EscapeHtml(Tr("Rank")) + "</th><th>" +
         EscapeHtml(Tr("Establishment")) + "</th><th>" + EscapeHtml(Tr("Score")) + "</th></tr>";
  for (const RankedEntity& r : c.ranking) {
    out += "<tr data-entity=\"" + EscapeHtml(r.entity) + "\" data-rang=\"" + std::to_string(r.rank) + "\"><td>" + std::to_string(r.rank) +
           "</td><td>" + EntityLabel(r.entity, r.entity_name) + "</td><td>" + EscapeHtml(LocalizeNumber(r.score)) + "</td></tr>";
  }
  return out + "</table>";
}

}  // namespace

std::string UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                       c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ExplanationLink(const std::string& entity, const std::string& contract, const std::string& item,
                            const std::string& period, const std::string& as_of) {
  return "/explication/" + UrlEncode(entity) + "?contrat=" + UrlEncode(contract) + "&element=" + UrlEncode(item) +
         "&periode=" + UrlEncode(period) + "&date=" + UrlEncode(as_of);
}

std::vector<std::vector<std::string>> TrendPoints(const std::vector<std::string>& years, const ScoreTrend& trend) {
  std::vector<std::vector<std::string>> runs;
  bool open = false;
  const size_t n = years.size();
  for (size_t i = 0; i < n; ++i) {
    const auto score = trend.scores.find(years[i]);
    if (score == trend.scores.end()) {
      open = false;
      continue;
    }
    if (!open) runs.emplace_back();
    open = true;
    const auto [x, y] = TrendPoint(i, n, score->second);
    runs.back().push_back(Coordinate(x) + "," + Coordinate(y));
  }
  return runs;
}

std::string DashboardPage(const Service::Session& session, const Service::Dashboard& dashboard, const std::string& asked_year,
                          const std::string& notice_html) {
  std::string body = notice_html + (dashboard.refused.empty() ? std::string() : RefusedNotice(dashboard.refused)) + "<p><a href=\"/validation\">" + EscapeHtml(Tr("Validate declared values")) + "</a> · <a href=\"/verifier\">" +
                     EscapeHtml(Tr("Verify a report")) + "</a></p>" + CampaignForm(dashboard, asked_year) + RecordForm(session, dashboard) + AwaitingSection(dashboard) +
                     CountsSection(dashboard);
  for (const CampaignContract& c : dashboard.contracts) {
    body += "<section class=\"contrat\" id=\"contrat-" + EscapeHtml(c.name) + "\"><h2>" + EscapeHtml(c.title.empty() ? c.name : c.title) +
            " <small>(" + EscapeHtml(c.name) + ", " + EscapeHtml(c.period) + ")</small></h2>" + Position(c) + Matrix(c, dashboard.as_of) +
            Trends(c) + Ranking(c, asked_year) + "</section>";
  }
  body += RunsSection(dashboard.runs, std::string(Tr("No run is recorded yet.")));
  return PageLayout(std::string(Tr("Campaign dashboard")), body, &session);
}

std::string ExplanationPage(const Service::Session& session, const Service::VerdictExplanation& e) {
  const std::string back = session.who.role == Role::kController ? "/tableau?date=" + UrlEncode(e.as_of) : "/?date=" + UrlEncode(e.as_of);
  std::string body = "<p><a href=\"" + EscapeHtml(back) + "\">" +
                     EscapeHtml(session.who.role == Role::kController ? Tr("Campaign dashboard") : Tr("Home")) + "</a></p><section>";
  body += "<h2>" + EscapeHtml(e.contract_title.empty() ? e.contract : e.contract_title) + " <small>(" + EscapeHtml(e.contract) +
          ")</small></h2><p>" +
          EscapeHtml(Tr("{0} for {1} ({2}), {3}, as of {4}", e.item, e.entity_name.empty() ? e.entity : e.entity_name, e.entity,
                        FormatPeriod(e.period), FormatDate(e.as_of))) +
          "</p><p>" + EscapeHtml(Tr("Verdict:")) + " <span class=\"verdict verdict-" + EscapeHtml(e.verdict) + "\" id=\"verdict\">" +
          EscapeHtml(report::VerdictLabel(e.verdict)) + "</span></p><pre class=\"explication\" id=\"explication\">" + EscapeHtml(e.text) +
          "</pre></section>";
  return PageLayout(std::string(Tr("Explanation of a verdict")), body, &session);
}

}  // namespace vigie::serve
