// The controller's campaign dashboard and a verdict's explanation, as HTML pages rendered on the
// server (no script; the score trends as inline SVG, as in the HTML report). Stable ids and classes
// for the browser tests and the guides (docs/serve.md "The campaign dashboard"):
//   form#campagne (date, annee), form#execution (a recorded run), section#a-valider a#lien-validation, table#comptes,
//   section.contrat#contrat-NAME > div.position#position-NAME, table.matrice#matrice-NAME,
//   table.tendances#tendances-NAME (svg.tendance > polyline.score, circle.point),
//   table.classement#classement-NAME (tr[data-entity][data-rang]);
//   a verdict: a.verdict.verdict-<verdict> (met, partially_met, not_met, missing_data...) whose text
//   is the verdict in words; the explanation page: pre#explication.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/serve/service.h"

namespace vigie::serve {

// The dashboard as of `dashboard.as_of`. `asked_year`: the ranking year the user asked for ("" none).
// `notice_html`: the result of the last recorded run ("" none).
std::string DashboardPage(const Service::Session& session, const Service::Dashboard& dashboard, const std::string& asked_year,
                          const std::string& notice_html = "");

// A query or path component: everything but the unreserved characters percent-encoded.
std::string UrlEncode(const std::string& text);

// The address of a verdict's explanation page, e.g.
//   /explication/080000037?contrat=cpom&element=ambu60&periode=2019&date=2021-06-30
std::string ExplanationLink(const std::string& entity, const std::string& contract, const std::string& item,
                            const std::string& period, const std::string& as_of);

// The points of an establishment's score trend in a 120 × 50 box: the years of the contract spread
// from x = 10 to 110 (one year: x = 60), a score s at y = 5 + (1 − s) × 40 (1 at the top, 0 at 45).
// One run of consecutive years with a score per element; a year without a score breaks the line.
// E.g. years 2018..2020, scores 0, 0.75, 1: {{"10,45", "60,15", "110,5"}}.
std::vector<std::vector<std::string>> TrendPoints(const std::vector<std::string>& years, const ScoreTrend& trend);

// One verdict explained (200), or why not (the caller sets the status).
std::string ExplanationPage(const Service::Session& session, const Service::VerdictExplanation& explanation);

}  // namespace vigie::serve
