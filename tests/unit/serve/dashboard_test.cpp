// The controller's campaign dashboard over HTTP (page /tableau and GET /api/dashboard) and a
// verdict's explanation (page /explication/{id}, GET /api/entities/{id}/explanation). Every verdict,
// score, rank and point of a trend line is computed by hand in tests/data/dashboard/README.md.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/base/language.h"
#include "engine/driver/evaluate.h"
#include "engine/store/store.h"
#include "tests/unit/serve/test_server.h"

using namespace vigie;
using nlohmann::json;
using testing::TestServer;
using testing::With;

namespace {

const std::string kCampaign = std::string(VIGIE_SOURCE_DIR) + "/tests/data/dashboard";

// The part of `html` from `start` to the first `end` after it (end included); "" when absent.
std::string Between(const std::string& html, const std::string& start, const std::string& end) {
  const size_t from = html.find(start);
  if (from == std::string::npos) return "";
  const size_t to = html.find(end, from);
  return to == std::string::npos ? "" : html.substr(from, to + end.size() - from);
}

// One cell's verdict as the matrix writes it: a link to the verdict's explanation.
std::string Verdict(const std::string& entity, const std::string& item, const std::string& period, const std::string& verdict,
                    const std::string& label, const std::string& as_of) {
  return "<a class=\"verdict verdict-" + verdict + "\" href=\"/explication/" + entity + "?contrat=cpom_ardennes&amp;element=" + item +
         "&amp;periode=" + period + "&amp;date=" + as_of + "\" title=\"Explanation of this verdict\">" + label + "</a>";
}

std::string MatrixRow(const std::string& entity, const std::string& name, const std::string& ambu, const std::string& dms) {
  return "<tr data-entity=\"" + entity + "\"><th scope=\"row\">" + name + " <small>" + entity +
         "</small></th><td data-item=\"ambu60\">" + ambu + "</td><td data-item=\"dms\">" + dms + "</td></tr>";
}

std::string Get(TestServer& server, const std::string& path, const TestServer::Signed& who, int expected = 200) {
  httplib::Client client = server.Client();
  auto response = client.Get(path.c_str(), With(who, false));
  REQUIRE(response);
  INFO(path << "\n" << response->body.substr(0, 2000));
  REQUIRE(response->status == expected);
  return response->body;
}

}  // namespace

TEST_CASE("the campaign dashboard as of 2021-06-30: matrix, trends and ranking as computed by hand", "[serve][http][dashboard]") {
  TestServer server(kCampaign);
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const std::string html = Get(server, "/tableau?date=2021-06-30", ctrl);
  const std::string d = "2021-06-30";

  // Run the campaign as of another date: a plain GET form, no script.
  CHECK(html.find("<form id=\"campagne\" method=\"get\" action=\"/tableau\">") != std::string::npos);
  CHECK(html.find("<input type=\"date\" name=\"date\" value=\"2021-06-30\" required>") != std::string::npos);
  CHECK(html.find("<a id=\"lien-validation\" href=\"/validation\">0 declaration(s) awaiting validation</a>") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);

  // Latest position 2020: met 4 (080000037 twice, 080000615 dms, 080000060 ambu60), not met 2; the
  // contract's score 2/3 = 0.6667, 0.6667 − 0.7083 = −0.0416 since 2019 (the reports' 4 decimals).
  const std::string position = Between(html, "<div class=\"position\" id=\"position-cpom_ardennes\">", "</div>");
  CHECK(position ==
        "<div class=\"position\" id=\"position-cpom_ardennes\"><h3>Latest position: 2020</h3><p><span class=\"verdict "
        "verdict-met\">met: 4</span> · <span class=\"verdict verdict-not_met\">not met: 2</span></p><p class=\"score\">Score of the "
        "contract: 0.6667 (-0.0416 since 2019)</p></div>");

  // The matrix of 2020, establishments by FINESS number, each verdict in words and a link.
  const std::string matrix = Between(html, "<table class=\"matrice\" id=\"matrice-cpom_ardennes\">", "</table>");
  CHECK(matrix ==
        "<table class=\"matrice\" id=\"matrice-cpom_ardennes\"><tr><th>Establishment</th><th scope=\"col\" data-item=\"ambu60\" "
        "title=\"Ambulatoire\"><code>ambu60</code></th><th scope=\"col\" data-item=\"dms\" title=\"Durée de séjour\"><code>dms</code></th></tr>" +
            MatrixRow("080000037", "CH DE SEDAN", Verdict("080000037", "ambu60", "2020", "met", "met", d),   // 61 >= 60
                      Verdict("080000037", "dms", "2020", "met", "met", d)) +                                // 1.02 <= 1.05
            MatrixRow("080000060", "CH DE FUMAY", Verdict("080000060", "ambu60", "2020", "met", "met", d),   // 60 >= 60
                      Verdict("080000060", "dms", "2020", "not_met", "not met", d)) +                        // 1.20 > 1.05
            MatrixRow("080000615", "CH CHARLEVILLE MEZIERES",
                      Verdict("080000615", "ambu60", "2020", "not_met", "not met", d),  // 57 < 58
                      Verdict("080000615", "dms", "2020", "met", "met", d)) +           // 1.05 <= 1.05
            "</table>");

  // Scores per year, in figures and as a line: x = 10, 60, 110; y = 5 + (1 − s) × 40.
  const std::string trends = Between(html, "<table class=\"tendances\" id=\"tendances-cpom_ardennes\">", "</table>");
  CHECK(trends.find("<tr data-entity=\"080000037\"><th scope=\"row\">CH DE SEDAN <small>080000037</small></th><td "
                    "data-year=\"2018\">0</td><td data-year=\"2019\">0.75</td><td data-year=\"2020\">1</td>") != std::string::npos);
  CHECK(trends.find("<polyline class=\"score\" points=\"10,45 60,15 110,5\"/>") != std::string::npos);   // 080000037: 0, 0.75, 1
  CHECK(trends.find("<polyline class=\"score\" points=\"10,15 60,5 110,25\"/>") != std::string::npos);   // 080000060: 0.75, 1, 0.5
  CHECK(trends.find("<polyline class=\"score\" points=\"10,5 60,25 110,25\"/>") != std::string::npos);   // 080000615: 1, 0.5, 0.5
  CHECK(trends.find("<circle class=\"point\" cx=\"60\" cy=\"15\" r=\"2.5\"><title>2019: 0.75</title></circle>") != std::string::npos);
  CHECK(trends.find("aria-label=\"Score per year: 2018: 0; 2019: 0.75; 2020: 1\"") != std::string::npos);

  // Ranking of 2020: 080000037 (1) first; 080000060 and 080000615 (0.5) share the second rank, by id.
  const std::string ranking = Between(html, "<table class=\"classement\" id=\"classement-cpom_ardennes\">", "</table>");
  CHECK(html.find("<h3>Ranking by score, 2020</h3>") != std::string::npos);
  const size_t first = ranking.find("<tr data-entity=\"080000037\" data-rang=\"1\"><td>1</td>");
  const size_t second = ranking.find("<tr data-entity=\"080000060\" data-rang=\"2\"><td>2</td>");
  const size_t third = ranking.find("<tr data-entity=\"080000615\" data-rang=\"2\"><td>2</td>");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(third != std::string::npos);
  CHECK((first < second && second < third));

  // The same campaign for programs.
  httplib::Client client = server.Client();
  auto response = client.Get("/api/dashboard?as_of=2021-06-30", With(ctrl, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  const json body = json::parse(response->body);
  CHECK(body["as_of"] == "2021-06-30");
  CHECK(body["awaiting_validation"] == 0);
  REQUIRE(body["contracts"].size() == 1);
  const json& c = body["contracts"][0];
  CHECK(c["name"] == "cpom_ardennes");
  CHECK(c["latest"]["year"] == "2020");
  CHECK(c["latest"]["counts"] == json{{"met", 4}, {"not_met", 2}});
  CHECK(c["latest"]["score"] == "0.6667");
  CHECK(c["matrix"]["items"] == json{"ambu60", "dms"});
  CHECK(c["matrix"]["rows"][1]["entity"] == "080000060");
  CHECK(c["matrix"]["rows"][1]["cells"][1] == json::parse(R"([{"period": "2020", "verdict": "not_met"}])"));
  CHECK(c["years"] == json{"2018", "2019", "2020"});
  CHECK(c["trends"][2]["scores"] == json{{"2018", "1"}, {"2019", "0.5"}, {"2020", "0.5"}});  // 080000615
  CHECK(c["ranking"]["year"] == "2020");
  CHECK(c["ranking"]["rows"] == json::parse(R"([
    {"rank": 1, "entity": "080000037", "entity_name": "CH DE SEDAN", "score": "1"},
    {"rank": 2, "entity": "080000060", "entity_name": "CH DE FUMAY", "score": "0.5"},
    {"rank": 2, "entity": "080000615", "entity_name": "CH CHARLEVILLE MEZIERES", "score": "0.5"}])"));
}

TEST_CASE("the campaign as of 2020-06-30: 2019 is the latest position, and the ranking year is chosen", "[serve][http][dashboard]") {
  TestServer server(kCampaign);
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const std::string d = "2020-06-30";
  std::string html = Get(server, "/tableau?date=2020-06-30", ctrl);
  CHECK(html.find("<h3>Latest position: 2019</h3><p><span class=\"verdict verdict-met\">met: 3</span> · <span class=\"verdict "
                  "verdict-partially_met\">partially met: 1</span> · <span class=\"verdict verdict-not_met\">not met: 1</span> · "
                  "<span class=\"verdict verdict-missing_data\">missing data: 1</span></p>") != std::string::npos);
  // 080000060 has no ambu value for 2019: missing data, still a link to why.
  CHECK(html.find(MatrixRow("080000060", "CH DE FUMAY", Verdict("080000060", "ambu60", "2019", "missing_data", "missing data", d),
                            Verdict("080000060", "dms", "2019", "met", "met", d))) != std::string::npos);
  CHECK(html.find(MatrixRow("080000037", "CH DE SEDAN", Verdict("080000037", "ambu60", "2019", "partially_met", "partially met", d),
                            Verdict("080000037", "dms", "2019", "met", "met", d))) != std::string::npos);
  // 2020 has not ended: two years on the line, at x = 10 and 110; 080000037: 0 -> 45, 0.75 -> 15.
  CHECK(html.find("<polyline class=\"score\" points=\"10,45 110,15\"/>") != std::string::npos);
  CHECK(html.find("data-year=\"2020\"") == std::string::npos);
  // Ranking of 2019 (the latest with scores): 080000060 (1), 080000037 (0.75), 080000615 (0.5).
  std::string ranking = Between(html, "<table class=\"classement\" id=\"classement-cpom_ardennes\">", "</table>");
  CHECK(html.find("<h3>Ranking by score, 2019</h3>") != std::string::npos);
  CHECK(ranking.find("data-entity=\"080000060\" data-rang=\"1\"") < ranking.find("data-entity=\"080000037\" data-rang=\"2\""));
  CHECK(ranking.find("data-entity=\"080000037\" data-rang=\"2\"") < ranking.find("data-entity=\"080000615\" data-rang=\"3\""));
  CHECK(ranking.find("data-entity=\"080000615\" data-rang=\"3\"") != std::string::npos);

  // Ranking 2018: 080000615 (1), 080000060 (0.75), 080000037 (0).
  html = Get(server, "/tableau?date=2020-06-30&annee=2018", ctrl);
  ranking = Between(html, "<table class=\"classement\" id=\"classement-cpom_ardennes\">", "</table>");
  CHECK(html.find("<h3>Ranking by score, 2018</h3>") != std::string::npos);
  CHECK(html.find("name=\"annee\" inputmode=\"numeric\" size=\"6\" value=\"2018\"") != std::string::npos);
  CHECK(ranking.find("data-entity=\"080000615\" data-rang=\"1\"><td>1</td><td>CH CHARLEVILLE MEZIERES <small>080000615</small></td><td>1</td>") !=
        std::string::npos);
  CHECK(ranking.find("data-entity=\"080000060\" data-rang=\"2\"><td>2</td><td>CH DE FUMAY <small>080000060</small></td><td>0.75</td>") !=
        std::string::npos);
  CHECK(ranking.find("data-entity=\"080000037\" data-rang=\"3\"><td>3</td><td>CH DE SEDAN <small>080000037</small></td><td>0</td>") !=
        std::string::npos);
  // A year without scores: said, and the latest year with scores ranked.
  html = Get(server, "/tableau?date=2020-06-30&annee=2016", ctrl);
  CHECK(html.find("No establishment has a score in 2016: the latest year with scores is ranked.") != std::string::npos);
  CHECK(html.find("<h3>Ranking by score, 2019</h3>") != std::string::npos);
  // A date that does not exist: 400, with the calendar's words.
  CHECK(Get(server, "/tableau?date=2019-02-29", ctrl, 400).find("February 2019 has 28 days") != std::string::npos);

  httplib::Client client = server.Client();
  auto response = client.Get("/api/dashboard?as_of=2020-06-30&year=2018", With(ctrl, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  const json c = json::parse(response->body)["contracts"][0];
  CHECK(c["latest"]["year"] == "2019");
  CHECK(c["latest"]["score"] == "0.7083");  // (0.75 + 2/3) / 2 = 17/24
  CHECK(c["ranking"]["year"] == "2018");
  CHECK(c["ranking"]["rows"][0]["entity"] == "080000615");
  CHECK(c["ranking"]["rows"][2]["score"] == "0");
}

TEST_CASE("a verdict's explanation, opened from the matrix; each user only for what it may see", "[serve][http][dashboard]") {
  TestServer server(kCampaign);
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const std::string dashboard = Get(server, "/tableau?date=2021-06-30&annee=2019", ctrl);
  // The link of 080000037's ambu60 in 2019 is not on the 2020 matrix: the explanation of any
  // period is one address.
  const std::string link = "/explication/080000037?contrat=cpom_ardennes&element=ambu60&periode=2020&date=2021-06-30";
  CHECK(dashboard.find("href=\"/explication/080000037?contrat=cpom_ardennes&amp;element=ambu60&amp;periode=2020&amp;date=2021-06-30\"") !=
        std::string::npos);
  CHECK(Get(server, link, ctrl).find("<span class=\"verdict verdict-met\" id=\"verdict\">met</span>") != std::string::npos);

  const std::string page = Get(server, "/explication/080000037?contrat=cpom_ardennes&element=ambu60&periode=2019&date=2021-06-30", ctrl);
  CHECK(page.find("<p>ambu60 for CH DE SEDAN (080000037), 2019, as of 2021-06-30</p>") != std::string::npos);
  CHECK(page.find("<span class=\"verdict verdict-partially_met\" id=\"verdict\">partially met</span>") != std::string::npos);
  // vigie explain's text: 59 is within [58, 60[ (tolerance 2 pts).
  CHECK(page.find("<pre class=\"explication\" id=\"explication\">partially met: ambu60 for 080000037 (CH DE SEDAN) in 2019, as of "
                  "2021-06-30\n\ncontract   cpom_ardennes &quot;CPOM des Ardennes&quot;\nclause     Art. 2 — Ambulatoire\n") !=
        std::string::npos);
  CHECK(page.find("rule       59\u00a0% must be ≥ 60\u00a0%; within [58\u00a0%, 60\u00a0%] it is partially met (tolerance 2 pts)\n") !=
        std::string::npos);
  CHECK(page.find("why        59\u00a0% misses ≥ 60\u00a0% but is within the tolerance of 2 pts\n") != std::string::npos);
  CHECK(page.find("data       ambu 2019 of 080000037 = 59\u00a0%\n           from ") != std::string::npos);
  CHECK(page.find("/tests/data/dashboard/valeurs.csv line 3 column 21 (import #2") != std::string::npos);
  CHECK(page.find("<a href=\"/tableau?date=2021-06-30\">Campaign dashboard</a>") != std::string::npos);

  // The establishment, for its own entity: the same explanation, a way back to its home.
  const TestServer::Signed sedan = server.SignIn("sedan");
  const std::string own = Get(server, "/explication/080000037?contrat=cpom_ardennes&element=ambu60&periode=2019&date=2021-06-30", sedan);
  CHECK(own.find("id=\"verdict\">partially met</span>") != std::string::npos);
  // The values were imported from the fixture's folder by its whole path: the controller sees it
  // (above), the establishment the file's name only, on the page and through the API.
  CHECK(own.find("from valeurs.csv line 3 column 21 (import #2") != std::string::npos);
  CHECK(own.find(kCampaign) == std::string::npos);
  CHECK(own.find("/tests/data/") == std::string::npos);
  const std::string api =
      Get(server, "/api/entities/080000037/explanation?contract=cpom_ardennes&item=ambu60&period=2019&as_of=2021-06-30", sedan);
  CHECK(api.find("from valeurs.csv line 3 column 21 (import #2") != std::string::npos);
  CHECK(api.find("/tests/data/") == std::string::npos);
  CHECK(own.find("<a href=\"/?date=2021-06-30\">Home</a>") != std::string::npos);
  // Its home links each of its verdicts to the same page.
  const std::string home = Get(server, "/?date=2021-06-30", sedan);
  CHECK(home.find("<td class=\"partially_met\"><a href=\"/explication/080000037?contrat=cpom_ardennes&amp;element=ambu60&amp;"
                  "periode=2019&amp;date=2021-06-30\">partially met</a></td>") != std::string::npos);
  // Its measured value and target with their unit, as the reason beside them.
  CHECK(home.find("partially met</a></td><td>59\u00a0%</td><td>≥ 60\u00a0%</td><td>59\u00a0% misses ≥ 60\u00a0% but is within the "
                  "tolerance of 2 pts</td>") != std::string::npos);
  // Another establishment's: 404, as for one that does not exist.
  CHECK(Get(server, "/explication/080000615?contrat=cpom_ardennes&element=ambu60&periode=2019&date=2021-06-30", sedan, 404)
            .find("no such page") != std::string::npos);
  Get(server, "/explication/080000615?contrat=cpom_ardennes&element=ambu60&periode=2019&date=2021-06-30", server.SignIn("charleville"));
  Get(server, "/explication/080000060?contrat=cpom_ardennes&element=dms&periode=2020&date=2021-06-30", server.SignIn("audit"));

  // What is not a verdict: said, with the status.
  CHECK(Get(server, "/explication/080000037?contrat=cpom_ardennes&element=nope&periode=2019", ctrl, 404)
            .find("contract &#39;cpom_ardennes&#39; has no commitment or milestone &#39;nope&#39;") != std::string::npos);
  CHECK(Get(server, "/explication/080000037?contrat=cpom_ardennes&element=ambu60&periode=2019-13", ctrl, 400).find("periode: ") !=
        std::string::npos);
  CHECK(Get(server, "/explication/080000037?contrat=cpom_ardennes&periode=2019", ctrl, 400)
            .find("give the contract, the commitment or milestone and the period of the verdict (contrat, element, periode)") !=
        std::string::npos);
  Get(server, "/explication/080000037?contrat=cpom_ardennes&element=ambu60&periode=2019&date=2019-02-29", ctrl, 400);
  Get(server, "/explication/080000037?contrat=nothing&element=ambu60&periode=2019", ctrl, 404);

  // The same for programs: 080000037's dms in 2018 (1.10 > 1.05).
  httplib::Client client = server.Client();
  auto response = client.Get("/api/entities/080000037/explanation?contract=cpom_ardennes&item=dms&period=2018&as_of=2021-06-30",
                             With(sedan, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  const json body = json::parse(response->body);
  CHECK(body["verdict"] == "not_met");
  CHECK(body["entity_name"] == "CH DE SEDAN");
  CHECK(body["period"] == "2018");
  CHECK(body["text"].get<std::string>().rfind("not met: dms for 080000037 (CH DE SEDAN) in 2018, as of 2021-06-30\n", 0) == 0);
  response = client.Get("/api/entities/080000037/explanation?contract=cpom_ardennes&item=dms", With(sedan, false));
  REQUIRE(response);
  CHECK(response->status == 400);
  CHECK(json::parse(response->body)["error"].get<std::string>().find("(contract, item, period)") != std::string::npos);
}

TEST_CASE("values an establishment declares: counted as awaiting validation, in the matrix and the ranking at once", "[serve][http][dashboard]") {
  TestServer server(kCampaign);
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const TestServer::Signed sedan = server.SignIn("sedan");
  httplib::Client client = server.Client();
  // 080000037 declares 57 for ambu 2020: not met (57 < 58), its 2020 score (0 + 1) / 2 = 0.5.
  auto response = client.Post("/api/entities/080000037/values", With(sedan), "finess;indicateur;periode;valeur\n080000037;ambu;2020;57\n",
                              "text/csv");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  std::string html = Get(server, "/tableau?date=2021-06-30", ctrl);
  CHECK(html.find("<a id=\"lien-validation\" href=\"/validation\">1 declaration(s) awaiting validation</a>") != std::string::npos);
  CHECK(html.find(Verdict("080000037", "ambu60", "2020", "not_met", "not met", "2021-06-30")) != std::string::npos);
  // All three at 0.5 in 2020: one shared first rank, by id.
  const std::string ranking = Between(html, "<table class=\"classement\" id=\"classement-cpom_ardennes\">", "</table>");
  CHECK(ranking.find("data-entity=\"080000037\" data-rang=\"1\"") < ranking.find("data-entity=\"080000060\" data-rang=\"1\""));
  CHECK(ranking.find("data-entity=\"080000060\" data-rang=\"1\"") < ranking.find("data-entity=\"080000615\" data-rang=\"1\""));
  CHECK(ranking.find("data-entity=\"080000615\" data-rang=\"1\"") != std::string::npos);
  // Validated: nothing awaits any more.
  response = client.Post("/api/declarations/3/review", With(ctrl), R"({"decision": "validated"})", "application/json");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  html = Get(server, "/tableau?date=2021-06-30", ctrl);
  CHECK(html.find("<a id=\"lien-validation\" href=\"/validation\">0 declaration(s) awaiting validation</a>") != std::string::npos);
}

TEST_CASE("the campaign dashboard in French: words and numbers as a controller reads them", "[serve][http][dashboard]") {
  TestServer server(kCampaign);
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  SetLanguage(Language::kFrench);
  const std::string html = Get(server, "/tableau?date=2021-06-30", ctrl);
  const std::string page = Get(server, "/explication/080000037?contrat=cpom_ardennes&element=ambu60&periode=2019&date=2021-06-30", ctrl);
  SetLanguage(Language::kEnglish);
  CHECK(html.find("<title>Tableau de bord de la campagne — vigie</title>") != std::string::npos);
  CHECK(html.find("<h3>Dernière position : 2020</h3>") != std::string::npos);
  CHECK(html.find("Score du contrat : 0,6667 (-0,0416 depuis 2019)") != std::string::npos);
  CHECK(html.find("<h3>Classement par score, 2020</h3>") != std::string::npos);
  CHECK(html.find("<td data-year=\"2019\">0,75</td>") != std::string::npos);
  CHECK(html.find("title=\"Explication de ce verdict\">non atteint</a>") != std::string::npos);
  CHECK(html.find("Exécuter la campagne à cette date") != std::string::npos);
  CHECK(html.find("0 déclaration(s) en attente de validation") != std::string::npos);
  CHECK(page.find("<title>Explication d&#39;un verdict — vigie</title>") != std::string::npos);
  CHECK(page.find("id=\"verdict\">partiellement atteint</span>") != std::string::npos);
  CHECK(page.find(">partiellement atteint : ambu60 pour 080000037 (CH DE SEDAN) en 2019, au 30/06/2021\n") != std::string::npos);
}

TEST_CASE("an official run recorded from the dashboard: sealed in the store, by the controller, in the audit trail", "[serve][http][dashboard]") {
  TestServer server(kCampaign);
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  httplib::Client client = server.Client();
  const std::string dashboard = Get(server, "/tableau?date=2021-06-30", ctrl);
  CHECK(dashboard.find("<form id=\"execution\" method=\"post\" action=\"/tableau/execution\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                       ctrl.csrf + "\"><input type=\"hidden\" name=\"date\" value=\"2021-06-30\"><p><button>Record an official run as of "
                       "2021-06-30</button></p></form>") != std::string::npos);
  // Without the form's token: refused, nothing recorded.
  auto response = client.Post("/tableau/execution", With(ctrl, false), "date=2021-06-30", "application/x-www-form-urlencoded");
  REQUIRE(response);
  CHECK(response->status == 403);
  response = client.Post("/tableau/execution", With(ctrl, false), "date=2021-06-30&csrf=" + ctrl.csrf, "application/x-www-form-urlencoded");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(response->body.find("<p class=\"ok\" role=\"status\" id=\"execution-enregistree\">Run #1 recorded in the store as of 2021-06-30: "
                            "its report is kept there, sealed. Its report: <a href=\"/rapport/1.html\" download>HTML</a> · "
                            "<a href=\"/rapport/1.json\" download>JSON</a> · <a href=\"/rapport/1.csv\" download>CSV</a></p>") !=
        std::string::npos);
  CHECK(response->body.find("<h3>Latest position: 2020</h3>") != std::string::npos);  // the dashboard of that date
  // The same through the API: run 2, as of 2020-06-30.
  response = client.Post("/api/runs", With(ctrl), R"({"as_of": "2020-06-30"})", "application/json");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(json::parse(response->body) == json{{"run", 2}, {"as_of", "2020-06-30"}});
  response = client.Post("/api/runs", With(ctrl), R"({"as_of": "2019-02-29"})", "application/json");
  REQUIRE(response);
  CHECK(response->status == 400);
  response = client.Post("/api/runs", With(ctrl), "as_of=2020-06-30", "application/x-www-form-urlencoded");
  REQUIRE(response);
  CHECK(response->status == 415);

  store::StoreError error;
  store::OpenOptions read;
  read.read_only = true;
  std::unique_ptr<store::Store> store = store::Store::Open(server.StorePath(), read, error);
  REQUIRE(store);
  for (int64_t id : {1, 2}) {
    const std::optional<store::Store::StoredRun> run = store->RunById(id);
    REQUIRE(run);
    CHECK(run->complete);
    CHECK(run->seal.has_value());  // sealed, as `vigie run --store` seals its runs
    const json report = json::parse(run->report_json);
    CHECK(report["as_of"] == (id == 1 ? "2021-06-30" : "2020-06-30"));
  }
  CHECK_FALSE(store->RunById(3));
  std::vector<std::string> recorded;
  for (const store::Store::AuditEntry& entry : store->Audit()) {
    if (entry.action == "run-recorded") recorded.push_back(entry.login + ": " + entry.detail);
  }
  CHECK(recorded == std::vector<std::string>{"ctrl: run 1 as of 2021-06-30", "ctrl: run 2 as of 2020-06-30"});
}

// A parameter of bytes that are not UTF-8 (%FF) is echoed in the message of the 400 or 404: the JSON
// answer still says what is wrong, it is not an internal error (500).
TEST_CASE("a parameter that is not UTF-8 gets its 400 or 404 in JSON, not an internal error", "[serve][http][dashboard]") {
  TestServer server(kCampaign);
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  httplib::Client client = server.Client();
  auto error_of = [&](const std::string& path, int status) {
    auto response = client.Get(path.c_str(), With(ctrl, false));
    REQUIRE(response);
    INFO(path << "\n" << response->body);
    CHECK(response->status == status);
    const json body = json::parse(response->body, nullptr, false);
    REQUIRE(body.is_object());
    return body.value("error", std::string());
  };
  CHECK(error_of("/api/dashboard?as_of=20%FF1-06-30", 400).find("as_of: '20\xEF\xBF\xBD" "1-06-30' is not a date") == 0);
  CHECK(error_of("/api/entities/080000037/verdicts?as_of=%FF", 400).find("as_of: ") == 0);
  CHECK(error_of("/api/entities/080000037/explanation?contract=cpom_ardennes&item=a%FF&period=2019&as_of=2021-06-30", 404) ==
        "contract 'cpom_ardennes' has no commitment or milestone 'a\xEF\xBF\xBD'");
}

TEST_CASE("a report that would not fit in memory: the dashboard, an establishment's page and its download say why", "[serve][http][dashboard]") {
  // One byte for a page's report: every page that evaluates is refused before it evaluates with
  // details. The campaign has 3 establishments x 2 commitments x 3 years (2018-2020) = 18 verdicts
  // (tests/data/dashboard/README.md), each counted at 1 KiB: 18,432 bytes needed.
  TestServer server(kCampaign, 1);
  const std::string sentence = driver::ReportTooLargeText({18, 18 * 1024, 1});
  CHECK(sentence == "the report of this run would hold 18 verdicts and need about 18 KiB of memory; 1 KiB are available");  // sizes rounded up to a KiB
  const std::string notice = "<p class=\"problem refused\" role=\"alert\">" + sentence + "</p>";

  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const std::string dashboard = Get(server, "/tableau?date=2021-06-30", ctrl);
  CHECK(dashboard.find(notice) != std::string::npos);
  CHECK(dashboard.find("<table class=\"matrice\"") == std::string::npos);  // no verdict shown
  const json api = json::parse(Get(server, "/api/dashboard?date=2021-06-30", ctrl));
  CHECK(api["refused"] == sentence);
  CHECK(api["contracts"].empty());

  const TestServer::Signed sedan = server.SignIn("sedan");
  const std::string home = Get(server, "/?date=2021-06-30", sedan);
  CHECK(home.find(notice) != std::string::npos);
  CHECK(home.find("No contract names this establishment.") == std::string::npos);
  const json verdicts = json::parse(Get(server, "/api/entities/080000037/verdicts?as_of=2021-06-30", sedan));
  CHECK(verdicts["refused"] == sentence);
  CHECK(verdicts["contracts"].empty());
  // The self-assessment's download: 503 with the sentence, as a page and in the API.
  CHECK(Get(server, "/etablissement/080000037/rapport.csv?date=2021-06-30", sedan, 503).find(sentence) != std::string::npos);
  const json download = json::parse(Get(server, "/api/entities/080000037/report?format=csv&as_of=2021-06-30", sedan, 503));
  CHECK(download.dump().find(sentence) != std::string::npos);

  // Recording an official run: refused with the sentence, and nothing is recorded in the store.
  httplib::Client client = server.Client();
  auto response = client.Post("/api/runs", With(ctrl), R"({"as_of": "2021-06-30"})", "application/json");
  REQUIRE(response);
  CHECK(response->status != 200);
  CHECK(response->body.find(sentence) != std::string::npos);
  store::StoreError error;
  store::OpenOptions read;
  read.read_only = true;
  std::unique_ptr<store::Store> store = store::Store::Open(server.StorePath(), read, error);
  REQUIRE(store);
  CHECK(store->SealedRuns().empty());
  CHECK_FALSE(store->RunById(1));
}

TEST_CASE("with memory enough for its report, the dashboard says no refusal", "[serve][http][dashboard]") {
  TestServer server(kCampaign, 18 * 1024);  // exactly what the 18 verdicts need
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const std::string dashboard = Get(server, "/tableau?date=2021-06-30", ctrl);
  CHECK(dashboard.find("class=\"problem refused\"") == std::string::npos);
  CHECK(dashboard.find("<table class=\"matrice\"") != std::string::npos);
  CHECK_FALSE(json::parse(Get(server, "/api/dashboard?date=2021-06-30", ctrl)).contains("refused"));
}
