#include "engine/serve/pages.h"

#include "engine/base/diagnostic_render.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/report_text.h"
#include "engine/serve/dashboard_page.h"

namespace vigie::serve {
namespace {

using report::EscapeHtml;

constexpr const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f6}"
    "header{background:#000091;color:#fff;padding:.6em 1.2em;display:flex;justify-content:space-between;align-items:center}"
    "header form{margin:0}main{max-width:70em;margin:1em auto;padding:0 1em}"
    "section{background:#fff;border:1px solid #ddd;padding:1em;margin-bottom:1em}"
    "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left}"
    ".met{color:#18753c}.partially_met{color:#b34000}.not_met{color:#ce0500}.missing_data,.pending{color:#666}"
    ".problem{color:#ce0500}.ok{color:#18753c}label{display:block;margin:.4em 0}"
    "input[type=text],input[type=password]{padding:.3em;width:14em}button{padding:.4em 1em}"
    // The campaign dashboard: verdicts in colour and in words; the score trends.
    ".verdict{display:inline-block;padding:0 .4em;margin:.1em;border-radius:.2em;text-decoration:none;border:1px solid}"
    ".verdict-met{color:#18753c;background:#e6f4ea}.verdict-partially_met{color:#b34000;background:#fff0e0}"
    ".verdict-not_met{color:#ce0500;background:#fde8e8}.verdict-missing_data,.verdict-pending,.verdict-not_applicable,"
    ".verdict-waived,.verdict-error{color:#444;background:#eee}"
    "svg.tendance .grille{stroke:#ddd}svg.tendance .score{fill:none;stroke:#000091;stroke-width:2}svg.tendance .point{fill:#000091}"
    "pre.explication{white-space:pre-wrap;background:#f6f6f6;padding:1em;border:1px solid #ddd}";

std::string Layout(const std::string& title, const std::string& body, const Service::Session* session) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(CurrentLanguage() == Language::kFrench ? "fr" : "en") +
                    "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                    "<title>" + EscapeHtml(title) + " — vigie</title><style>" + kStyle + "</style></head><body><header><strong>vigie</strong>";
  if (session) {
    out += "<form method=\"post\" action=\"/deconnexion\"><span>" + EscapeHtml(session->who.login) + " (" +
           EscapeHtml(RoleText(session->who.role)) + ")</span> <input type=\"hidden\" name=\"csrf\" value=\"" +
           EscapeHtml(session->csrf) + "\"><button>" + EscapeHtml(Tr("Sign out")) + "</button></form>";
  }
  out += "</header><main><h1>" + EscapeHtml(title) + "</h1>" + body + "</main></body></html>\n";
  return out;
}

std::string Hidden(const std::string& name, const std::string& value) {
  return "<input type=\"hidden\" name=\"" + EscapeHtml(name) + "\" value=\"" + EscapeHtml(value) + "\">";
}

// A verdict in words, a link to its explanation page.
std::string VerdictCell(const std::string& verdict, const std::string& link) {
  return "<td class=\"" + EscapeHtml(verdict) + "\"><a href=\"" + EscapeHtml(link) + "\">" + EscapeHtml(report::VerdictLabel(verdict)) +
         "</a></td>";
}

std::string ContractSection(const EntityView& view, const EntityView::ContractView& contract) {
  std::string out = "<h3>" + EscapeHtml(contract.title.empty() ? contract.name : contract.title) + " <small>(" +
                    EscapeHtml(contract.name) + ", " + EscapeHtml(contract.period) + ")</small></h3>";
  if (contract.verdicts.empty()) {
    out += "<p>" + EscapeHtml(Tr("No verdict concerns this establishment yet.")) + "</p>";
  } else {
    out += "<table><tr><th>" + EscapeHtml(Tr("Commitment")) + "</th><th>" + EscapeHtml(Tr("Period")) + "</th><th>" +
           EscapeHtml(Tr("Verdict")) + "</th><th>" + EscapeHtml(Tr("Measured")) + "</th><th>" + EscapeHtml(Tr("Target")) +
           "</th><th>" + EscapeHtml(Tr("Why")) + "</th></tr>";
    for (const report::VerdictRow& row : contract.verdicts) {
      // The value and the target with the indicator's unit, as the reason beside them and the reports write them.
      const auto unit = contract.units.find(row.item);
      const std::string unit_name = unit == contract.units.end() ? "" : unit->second;
      const std::string target = row.target ? BoundWithUnit(row.comparator, report::FormatNumber(row.target), unit_name) : "";
      out += "<tr><td>" + EscapeHtml(row.item) + "</td><td>" + EscapeHtml(FormatPeriod(row.period)) + "</td>" +
             VerdictCell(row.verdict, ExplanationLink(view.entity, contract.name, row.item, row.period, view.as_of)) + "<td>" +
             EscapeHtml(report::DisplayValue(row.measured, unit_name)) + "</td><td>" + EscapeHtml(target) + "</td><td>" +
             EscapeHtml(row.reason) + "</td></tr>";
    }
    out += "</table>";
  }
  for (const report::Score& score : contract.scores) {
    out += "<p>" + EscapeHtml(Tr("Score {0}: {1}", score.year, LocalizeNumber(score.value))) + "</p>";
  }
  for (const report::Payment& payment : contract.payments) {
    out += "<p>" + EscapeHtml(payment.amount ? Tr("Projected payment {0} {1}: {2}", payment.title.empty() ? payment.name : payment.title,
                                                 payment.year, report::FormatEuros(*payment.amount))
                                            : Tr("Projected payment {0} {1}: not computed ({2})",
                                                 payment.title.empty() ? payment.name : payment.title, payment.year,
                                                 payment.reason)) +
           "</p>";
  }
  return out;
}

std::string FormSection(const Service::Session& session, const std::string& entity, const std::vector<FormRow>& rows) {
  if (rows.empty()) return "<p>" + EscapeHtml(Tr("No value to declare for the contracts of this establishment.")) + "</p>";
  std::string out = "<form method=\"post\" action=\"/etablissement/" + EscapeHtml(entity) + "/valeurs\">" +
                    Hidden("csrf", session.csrf) + "<table><tr><th>" + EscapeHtml(Tr("Indicator")) + "</th><th>" +
                    EscapeHtml(Tr("Period")) + "</th><th>" + EscapeHtml(Tr("Value")) + "</th><th>" + EscapeHtml(Tr("Unit")) +
                    "</th><th>" + EscapeHtml(Tr("Expected")) + "</th></tr>";
  for (const FormRow& row : rows) {
    const std::string name = "v|" + row.indicator + "|" + row.period;
    std::string expected = row.hint;
    if (row.range) {
      expected += " " + Tr("(from {0} to {1})", report::DisplayNumber(row.range->first), report::DisplayNumber(row.range->second));
    }
    // The catalog's missing-value codes: said in the row, offered in a list (no script), accepted as typed.
    std::string codes, options;
    for (const auto& [code, verdict] : row.codes) {
      codes += (codes.empty() ? "" : ", ") + Tr("'{0}' ({1})", code, report::VerdictLabel(verdict));
      options += "<option value=\"" + EscapeHtml(code) + "\">" + EscapeHtml(report::VerdictLabel(verdict)) + "</option>";
    }
    if (!codes.empty()) expected = Tr("{0}; or a code: {1}", expected, codes);
    const std::string list = "codes|" + name;
    out += "<tr><td><label for=\"" + EscapeHtml(name) + "\">" + EscapeHtml(row.title.empty() ? row.indicator : row.title) +
           " <small>" + EscapeHtml(row.indicator) + "</small></label></td><td>" + EscapeHtml(FormatPeriod(row.period)) +
           "</td><td><input type=\"text\"" + (codes.empty() ? " inputmode=\"decimal\"" : " list=\"" + EscapeHtml(list) + "\"") +
           " id=\"" + EscapeHtml(name) + "\" name=\"" + EscapeHtml(name) + "\" value=\"" + EscapeHtml(row.current) + "\">" +
           (codes.empty() ? "" : "<datalist id=\"" + EscapeHtml(list) + "\">" + options + "</datalist>") + "</td><td>" +
           EscapeHtml(row.unit) + "</td><td>" + EscapeHtml(expected) + "</td></tr>";
  }
  out += "</table><p><button>" + EscapeHtml(Tr("Declare these values")) + "</button></p></form>";
  out += "<form method=\"post\" action=\"/etablissement/" + EscapeHtml(entity) + "/fichier\" enctype=\"multipart/form-data\">" +
         Hidden("csrf", session.csrf) + "<label>" + EscapeHtml(Tr("Or send the data template filled in (CSV or .xlsx)")) +
         "<br><input type=\"file\" name=\"file\" accept=\".csv,.xlsx\" required></label><p><button>" +
         EscapeHtml(Tr("Send the file")) + "</button></p></form>";
  return out;
}

}  // namespace

std::string PageLayout(const std::string& title, const std::string& body_html, const Service::Session* session) {
  return Layout(title, body_html, session);
}

std::string HiddenField(const std::string& name, const std::string& value) { return Hidden(name, value); }

std::string LoginPage(const std::string& problem, const std::string& csrf) {
  std::string body;
  if (!problem.empty()) body += "<p class=\"problem\" role=\"alert\">" + EscapeHtml(problem) + "</p>";
  body += "<section><form method=\"post\" action=\"/connexion\">" + Hidden("csrf", csrf) + "<label>" +
          EscapeHtml(Tr("Login")) + "<br><input type=\"text\" name=\"login\" autocomplete=\"username\" required></label><label>" +
          EscapeHtml(Tr("Password")) +
          "<br><input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label><p><button>" +
          EscapeHtml(Tr("Sign in")) + "</button></p></form></section>";
  return Layout(std::string(Tr("Sign in")), body, nullptr);
}

std::string ReportLinks(const std::string& stem, const std::string& query) {
  std::string out;
  for (const char* format : {"html", "json", "csv"}) {
    std::string label = format;
    for (char& c : label) c = static_cast<char>(c - 'a' + 'A');
    out += std::string(out.empty() ? "" : " · ") + "<a href=\"" + EscapeHtml(stem + "." + format + query) + "\" download>" + label +
           "</a>";
  }
  return out;
}

std::string RunsSection(const std::vector<store::Store::SealedRunInfo>& runs, const std::string& none) {
  std::string out = "<section id=\"executions\"><h2>" + EscapeHtml(Tr("Reports of the official runs")) + "</h2>";
  if (runs.empty()) return out + "<p>" + EscapeHtml(none) + "</p></section>";
  out += "<table><tr><th>" + EscapeHtml(Tr("Run")) + "</th><th>" + EscapeHtml(Tr("As of")) + "</th><th>" + EscapeHtml(Tr("Recorded by")) +
         "</th><th>" + EscapeHtml(Tr("On")) + "</th><th>" + EscapeHtml(Tr("Report")) + "</th></tr>";
  for (const store::Store::SealedRunInfo& run : runs) {
    out += "<tr data-execution=\"" + std::to_string(run.id) + "\"><td>" + std::to_string(run.id) + "</td><td>" +
           EscapeHtml(FormatDate(run.as_of)) + "</td><td>" + EscapeHtml(run.run_by) + "</td><td>" + EscapeHtml(FormatTimestamp(run.started_at)) +
           "</td><td>" + ReportLinks("/rapport/" + std::to_string(run.id)) + "</td></tr>";
  }
  return out + "</table></section>";
}

std::string EstablishmentPage(const Service::Session& session, const std::vector<EntitySection>& sections,
                              const std::vector<store::Store::SealedRunInfo>& runs, const std::string& notice_html) {
  std::string body = notice_html;
  for (const EntitySection& section : sections) {
    body += "<section><h2>" + EscapeHtml(section.view.entity_name.empty() ? section.view.entity : section.view.entity_name) +
            " <small>" + EscapeHtml(section.view.entity) + "</small></h2><p>" +
            EscapeHtml(Tr("Verdicts as of {0}, on the data declared so far (self-assessment).", FormatDate(section.view.as_of))) +
            "</p>";
    if (!section.view.refused.empty()) {
      body += RefusedNotice(section.view.refused);
    } else if (section.view.contracts.empty()) {
      body += "<p>" + EscapeHtml(Tr("No contract names this establishment.")) + "</p>";
    }
    for (const EntityView::ContractView& contract : section.view.contracts) body += ContractSection(section.view, contract);
    if (!section.view.contracts.empty()) {
      body += "<p class=\"telechargement\">" + EscapeHtml(Tr("Download this self-assessment:")) + " " +
              ReportLinks("/etablissement/" + UrlEncode(section.view.entity) + "/rapport", "?date=" + UrlEncode(section.view.as_of)) + "</p>";
    }
    body += "<h3>" + EscapeHtml(Tr("Declare values")) + "</h3>" + FormSection(session, section.view.entity, section.form) +
            "</section>";
  }
  body += RunsSection(runs, std::string(Tr("No official run names this establishment yet.")));
  return Layout(std::string(Tr("My establishment")), body, &session);
}

std::string VerifyPage(const Service::Session& session, const Service::Verification* answer,
                       const std::vector<store::Store::SealedRunInfo>& runs) {
  std::string body;
  if (answer) {
    body += "<section>";
    if (!answer->problem.empty()) {
      body += "<p class=\"problem\">" + EscapeHtml(answer->problem) + "</p>";
    } else if (answer->outcome == driver::VerifyResult::Outcome::kVerified) {
      body += "<p class=\"ok\">" + EscapeHtml(Tr("The report holds: no difference.")) + "</p>";
    } else {
      body += "<p class=\"problem\">" + EscapeHtml(Tr("The report does not hold: {0} difference(s).", answer->differences.size())) +
              "</p><table><tr><th>" + EscapeHtml(Tr("What")) + "</th><th>" + EscapeHtml(Tr("Recorded")) + "</th><th>" +
              EscapeHtml(Tr("Now")) + "</th></tr>";
      for (const driver::Difference& d : answer->differences) {
        if (d.kind == driver::Difference::Kind::kRunReportDiffers) {
          // Two digests: their first 12 digits, as `vigie verify` prints them; the whole in the title.
          auto digest = [](const std::string& sha) {
            return "<span title=\"" + EscapeHtml(sha) + "\">" + EscapeHtml(sha.substr(0, 12)) + "…</span>";
          };
          body += "<tr><td>" + EscapeHtml(Tr("{0}: the report (its SHA-256)", d.subject)) + "</td><td>" +
                  digest(d.recorded) + "</td><td>" + digest(d.now) + "</td></tr>";
          continue;
        }
        body += "<tr><td>" + EscapeHtml(d.subject) + "</td><td>" + EscapeHtml(d.recorded) + "</td><td>" + EscapeHtml(d.now) +
                "</td></tr>";
      }
      body += "</table>";
    }
    body += "</section>";
  }
  body += "<section><form method=\"post\" action=\"/verifier\" enctype=\"multipart/form-data\">" + Hidden("csrf", session.csrf) +
          "<label>" + EscapeHtml(Tr("The report (report.json), and the files written beside it")) +
          "<br><input type=\"file\" name=\"files\" multiple required></label><p><button>" + EscapeHtml(Tr("Verify")) +
          "</button></p></form></section>";
  body += RunsSection(runs, std::string(Tr("No run is recorded yet.")));
  return Layout(std::string(Tr("Verify a report")), body, &session);
}

namespace {
std::string StatusText(const store::Store::Declaration& d) {
  if (d.status == "validated") return Tr("validated by {0} at {1}", d.reviewed_by, FormatTimestamp(d.reviewed_at));
  if (d.status == "rejected") return Tr("rejected by {0} at {1}: {2}", d.reviewed_by, FormatTimestamp(d.reviewed_at), d.reason);
  return std::string(Tr("awaiting validation"));
}

std::string ValuesTable(const std::vector<store::Store::ImportedValue>& values) {
  std::string out = "<table><tr><th>" + EscapeHtml(Tr("Indicator")) + "</th><th>" + EscapeHtml(Tr("Period")) + "</th><th>" +
                    EscapeHtml(Tr("Value")) + "</th><th>" + EscapeHtml(Tr("Unit")) + "</th><th>" + EscapeHtml(Tr("Line")) + "</th></tr>";
  for (const store::Store::ImportedValue& v : values) {
    const std::string value = v.value ? report::DisplayNumber(v.value) : v.missing_code;
    out += "<tr><td>" + EscapeHtml(v.indicator) + "</td><td>" + EscapeHtml(FormatPeriod(v.period)) + "</td><td>" + EscapeHtml(value) +
           (v.current ? "" : " <small>(" + EscapeHtml(Tr("since corrected")) + ")</small>") + "</td><td>" + EscapeHtml(report::UnitName(v.unit)) +
           "</td><td>" + std::to_string(v.row) + "</td></tr>";
  }
  return out + "</table>";
}
}  // namespace

std::string ValidationPage(const Service::Session& session, const std::vector<Service::DeclarationView>& declarations,
                           const std::string& notice_html) {
  std::string body = notice_html + "<p><a href=\"/tableau\">" + EscapeHtml(Tr("Campaign dashboard")) + "</a></p>";
  size_t waiting = 0;
  for (const Service::DeclarationView& view : declarations) {
    const store::Store::Declaration& d = view.declaration;
    if (d.status != "declared") continue;
    ++waiting;
    const std::string id = std::to_string(d.import_id);
    body += "<section><h2>" + EscapeHtml(Tr("Declaration {0} of {1}", d.import_id, d.entity)) + "</h2><p>" +
            EscapeHtml(Tr("Declared by {0} at {1}, {2} value(s).", d.declared_by, FormatTimestamp(d.imported_at), d.rows_stored)) +
            "</p>" + ValuesTable(view.values) + "<form method=\"post\" action=\"/validation/" + id + "\">" + Hidden("csrf", session.csrf) +
            Hidden("decision", "validated") + "<p><button>" + EscapeHtml(Tr("Validate")) + "</button></p></form>" +
            "<form method=\"post\" action=\"/validation/" + id + "\">" + Hidden("csrf", session.csrf) + Hidden("decision", "rejected") +
            "<label>" + EscapeHtml(Tr("Reason of the rejection")) + "<br><input type=\"text\" name=\"reason\" required></label><p><button>" +
            EscapeHtml(Tr("Reject")) + "</button></p></form></section>";
  }
  if (waiting == 0) body += "<section><p>" + EscapeHtml(Tr("No declared value is awaiting validation.")) + "</p></section>";
  std::string reviewed;
  for (const Service::DeclarationView& view : declarations) {
    const store::Store::Declaration& d = view.declaration;
    if (d.status == "declared") continue;
    reviewed += "<tr><td>" + std::to_string(d.import_id) + "</td><td>" + EscapeHtml(d.entity) + "</td><td>" + EscapeHtml(d.declared_by) +
                "</td><td class=\"" + (d.status == "validated" ? "met" : "not_met") + "\">" + EscapeHtml(StatusText(d)) + "</td></tr>";
  }
  if (!reviewed.empty()) {
    body += "<section><h2>" + EscapeHtml(Tr("Declarations reviewed")) + "</h2><table><tr><th>" + EscapeHtml(Tr("Import")) + "</th><th>" +
            EscapeHtml(Tr("Establishment")) + "</th><th>" + EscapeHtml(Tr("Declared by")) + "</th><th>" + EscapeHtml(Tr("Review")) +
            "</th></tr>" + reviewed + "</table></section>";
  }
  return Layout(std::string(Tr("Values awaiting validation")), body, &session);
}

std::string MessagePage(int status, const std::string& message) {
  return Layout(std::to_string(status), "<p>" + EscapeHtml(message) + "</p><p><a href=\"/\">" + EscapeHtml(Tr("Home")) + "</a></p>",
                nullptr);
}

std::string RefusedNotice(const std::string& refused) {
  return "<p class=\"problem refused\" role=\"alert\">" + EscapeHtml(refused) + "</p>";
}

std::string DeclarationNotice(const Declaration& declaration) {
  if (declaration.stored) {
    return "<p class=\"ok\" role=\"status\">" +
           EscapeHtml(Tr("{0} value(s) recorded as declared by the establishment (import {1}), {2} unchanged.",
                         declaration.values_stored, declaration.import_id, declaration.values_unchanged)) +
           "</p>";
  }
  std::string out = "<div class=\"problem\" role=\"alert\"><p>" + EscapeHtml(Tr("Nothing was stored:")) + "</p><ul>";
  for (const Diagnostic& d : declaration.diagnostics) {
    const std::string where = FormatLocation(d.span, declaration.sources);
    out += "<li>" + EscapeHtml(where.empty() ? d.message : Tr("{0}: {1}", where, d.message)) +
           (d.help.empty() ? "" : " — " + EscapeHtml(d.help)) + "</li>";
  }
  out += "</ul></div>";
  return out;
}

std::string FormNotice(const std::vector<FormProblem>& problems) {
  std::string out = "<div class=\"problem\" role=\"alert\"><p>" + EscapeHtml(Tr("Nothing was stored:")) + "</p><ul>";
  for (const FormProblem& p : problems) {
    out += "<li>";
    if (!p.field.empty()) {
      out += "<a href=\"#" + EscapeHtml(UrlEncode(p.field)) + "\">" + EscapeHtml(p.label) + "</a>" + EscapeHtml(Tr("{0}: {1}", "", p.message));
    } else {
      out += EscapeHtml(p.message);
    }
    out += (p.help.empty() ? "" : " — " + EscapeHtml(p.help)) + "</li>";
  }
  return out + "</ul></div>";
}

}  // namespace vigie::serve
