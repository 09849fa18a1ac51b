// The reports in French and in English: the renderers write in the report's recorded language,
// whatever the process's language, and put the process's language back.
#include <catch2/catch.hpp>
#include <string>

#include "engine/base/language.h"
#include "engine/report/csv_report.h"
#include "engine/report/html_report.h"
#include "engine/report/markdown_report.h"
#include "engine/report/report_text.h"
#include "tests/unit/report/report_test_data.h"
#include "tests/support/in_language.h"

namespace vigie::report {
namespace {

using vigie::testing::InLanguage;

Report InFrench() {
  Report report = testing::SampleReport();
  report.language = "fr";
  return report;
}

}  // namespace

TEST_CASE("verdict words, codes, units and roles in French", "[report][locale]") {
  const InLanguage french(Language::kFrench);
  CHECK(VerdictLabel("met") == "atteint");
  CHECK(VerdictLabel("partially_met") == "partiellement atteint");
  CHECK(VerdictLabel("not_met") == "non atteint");
  CHECK(VerdictLabel("missing_data") == "donnée manquante");
  CHECK(VerdictLabel("waived") == "dérogé");
  CHECK(VerdictLabel("not_applicable") == "sans objet");
  CHECK(VerdictLabel("pending") == "en attente");
  CHECK(VerdictLabel("error") == "erreur");
  CHECK(VerdictCode("partially_met") == "partiellement_atteint");
  CHECK(VerdictCode("missing_data") == "donnée_manquante");
  CHECK(UnitName("percent") == "pourcent");
  CHECK(KindName("milestone") == "jalon");
  CHECK(RoleName("denominator") == "dénominateur");
  CHECK(RoleName("ald") == "ald");
  CHECK(DisplayNumber(131666.67) == "131\u00a0666,67");
  CHECK(DisplayNumber(std::nullopt) == "");
  CHECK(FormatEuros("131666.67") == "131\u00a0666,67\u00a0€");
  CHECK(RuleText(">= 55.1") == "≥ 55,1");
  CHECK(RuleText("improve 5 % on the 2019 value") == "improve 5 % on the 2019 value");
  // The targets' line in French typography: a space before ':' and ';' (issue 14).
  Item item;
  item.unit = "percent";
  item.targets = {{"2019", ">= 40"}, {"2020", "<= 45.5"}};
  CHECK(TargetsText(item) == "2019 : ≥ 40\u00a0% ; 2020 : ≤ 45,5\u00a0%");
  CHECK(CountChangeText(-2) == "▼ −2");
  CHECK(ScoreChangeText("+0.1417") == "▲ +0,1417");
  CHECK(MatrixVerdictLabel("2021-Q2", "met") == "2021-T2 atteint");
  // The spreadsheet's numbers are never grouped, in either language.
  CHECK(FormatNumberFrench(1500000.5) == "1500000,5");
}

TEST_CASE("English verdict codes and words stay as they were", "[report][locale]") {
  CHECK(VerdictCode("partially_met") == "partially_met");
  CHECK(VerdictLabel("not_applicable") == "not applicable");
  CHECK(DisplayNumber(131666.67) == "131666.67");
  CHECK(RuleText(">= 55.1") == "≥ 55.1");
  Item item;
  item.targets = {{"2019", ">= 40"}, {"2020", "!= 45.5"}, {"", "all of [a, b]"}};
  CHECK(TargetsText(item) == "2019: ≥ 40; 2020: ≠ 45.5; all of [a, b]");
  CHECK(CountChangeText(0) == "= 0");
  CHECK(CountChangeText(3) == "▲ +3");
  CHECK(ScoreChangeText("-0.0417") == "▼ −0.0417");
  CHECK(ScoreChangeText("0.0000") == "= 0.0000");
}

TEST_CASE("a French report renders in French from an English process, and back", "[report][locale]") {
  const InLanguage english(Language::kEnglish);
  const Report report = InFrench();
  const std::string html = RenderHtml(report);
  CHECK(html.find("<html lang=\"fr\">") != std::string::npos);
  CHECK(html.find("Rapport de conformité") != std::string::npos);
  CHECK(RenderMarkdown(report).find("# Rapport de conformité") == 0);
  CHECK(RenderCsv(report).find("contrat;élément;nature;") != std::string::npos);
  CHECK(CurrentLanguage() == Language::kEnglish);
  // An English report from a French process.
  SetLanguage(Language::kFrench);
  Report english_report = testing::SampleReport();
  english_report.language = "en";
  CHECK(RenderHtml(english_report).find("<html lang=\"en\">") != std::string::npos);
  CHECK(RenderCsv(english_report).find("contract;item;kind;") != std::string::npos);
  CHECK(CurrentLanguage() == Language::kFrench);
}

TEST_CASE("the JSON report records its language and keeps its keys and codes", "[report][locale]") {
  const Report report = InFrench();
  const std::string json = RenderJson(report);
  CHECK(json.find("\"language\": \"fr\"") != std::string::npos);
  CHECK(json.find("\n              \"missing_data\",\n") != std::string::npos);  // a verdict row's code
  std::string problem;
  const std::optional<Report> read = ParseJson(json, problem);
  REQUIRE(read);
  CHECK(read->language == "fr");
  // A report written before the language was recorded is English.
  std::string old = json;
  old.erase(old.find("  \"language\": \"fr\",\n"), std::string("  \"language\": \"fr\",\n").size());
  const std::optional<Report> older = ParseJson(old, problem);
  REQUIRE(older);
  CHECK(older->language == "en");
}

TEST_CASE("why a file is not a report, in French", "[report][locale]") {
  const InLanguage french(Language::kFrench);
  std::string problem;
  CHECK_FALSE(ParseJson("{\"engine\": \"other\"}", problem));
  CHECK(problem == "ce n'est pas un rapport vigie (pas de « engine » « vigie » ni de « schema_version »)");
  CHECK_FALSE(ParseJson("{\"engine\": \"vigie\", \"schema_version\": \"9\"}", problem));
  CHECK(problem == "la version de schéma du rapport \"9\" n'est pas de celles que lit cette version de vigie (1, 2 ou 3)");
  CHECK_FALSE(ParseJson("[1,", problem));
  CHECK(problem.rfind("ce n'est pas du JSON : ", 0) == 0);
}

}  // namespace vigie::report
