// The HTML pages of `vigie serve`, rendered on the server: plain forms, inline CSS, no script, no
// resource from elsewhere. Texts through Tr (French by default). Every value from the store or the
// user is escaped (report::EscapeHtml).
#pragma once

#include <string>
#include <vector>

#include "engine/serve/form_problems.h"
#include "engine/serve/service.h"

namespace vigie::serve {

// A whole page: the header (with the signed-in user and the sign-out form when `session` is
// given), the title as <h1>, then `body_html`.
std::string PageLayout(const std::string& title, const std::string& body_html, const Service::Session* session);
// <input type="hidden" name=... value=...>, escaped.
std::string HiddenField(const std::string& name, const std::string& value);

// The sign-in form. `problem`: why the last attempt failed ("" none); `csrf`: the form's token.
std::string LoginPage(const std::string& problem, const std::string& csrf);

// An establishment user's home: for each of its entities, its verdicts, scores and payments as of
// a date, and the form of the values it declares. `notice`: the result of the last declaration.
struct EntitySection {
  EntityView view;
  std::vector<FormRow> form;
};
// `runs`: the official runs naming its entities (their reports to download).
std::string EstablishmentPage(const Service::Session& session, const std::vector<EntitySection>& sections,
                              const std::vector<store::Store::SealedRunInfo>& runs, const std::string& notice_html);

// The verify page (auditors and controllers): an upload form and, after one, verify's answer; then
// the reports of the recorded runs to download.
std::string VerifyPage(const Service::Session& session, const Service::Verification* answer,
                       const std::vector<store::Store::SealedRunInfo>& runs);

// "HTML · JSON · CSV": links to `stem`.html, .json, .csv (`query` after each, e.g. "?date=2020-06-30").
std::string ReportLinks(const std::string& stem, const std::string& query = "");
// section#executions: each recorded run (number, as-of date, by whom, when) with its report's links
// (/rapport/N.html|json|csv), or `none` when there is none.
std::string RunsSection(const std::vector<store::Store::SealedRunInfo>& runs, const std::string& none);

// The controller's validation page: each declaration awaiting validation with its values and the
// forms to validate or reject it (with a reason), then the declarations already reviewed.
std::string ValidationPage(const Service::Session& session, const std::vector<Service::DeclarationView>& declarations,
                           const std::string& notice_html);

// A short page for a refusal or a missing page ("404 — page introuvable").
std::string MessagePage(int status, const std::string& message);

// The result of a declaration, as HTML: the count stored, or each diagnostic with its line.
std::string DeclarationNotice(const Declaration& declaration);
// The values form refused: each problem after the label of its field, a link to the field.
std::string FormNotice(const std::vector<FormProblem>& problems);
// Why a page shows no verdicts: its report would not fit in memory (the V5080 sentence).
std::string RefusedNotice(const std::string& refused);

}  // namespace vigie::serve
