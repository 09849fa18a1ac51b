// `vigie serve` over HTTP: a server started by each test on a free loopback port, spoken to with
// httplib's client, stopped at the end of the test. Fixture and hand-computed verdicts:
// tests/data/serve/README.md.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "engine/base/language.h"
#include "engine/cli/commands.h"
#include "engine/cli/json_output.h"
#include "engine/driver/pipeline.h"
#include "engine/ingest/importer.h"
#include "engine/report/csv_report.h"
#include "engine/report/html_report.h"
#include "engine/report/report_text.h"
#include "engine/serve/server.h"
#include "engine/serve/service.h"
#include "engine/serve/users.h"
#include "tests/unit/serve/test_server.h"

using namespace vigie;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using testing::kFixture;
using testing::kPassword;
using testing::TestServer;
using testing::With;

const char* kSedanCsv = "finess;indicateur;periode;valeur\n080000037;ambu;2019;59\n";

// One request of the matrix.
struct Request {
  std::string method, path, body, content_type;
};

httplib::Result Send(httplib::Client& client, const Request& request, const httplib::Headers& headers) {
  if (request.method == "GET") return client.Get(request.path.c_str(), headers);
  if (request.method == "DELETE") return client.Delete(request.path.c_str(), headers);
  if (request.content_type.rfind("multipart/", 0) == 0) {
    // The verify page takes `files` (report.json...), the establishment's upload `file` (its template).
    const bool upload = request.path.find("/fichier") != std::string::npos;
    httplib::MultipartFormDataItems items{{"csrf", headers.count("X-CSRF-Token") ? headers.find("X-CSRF-Token")->second : "", "", ""},
                                          {upload ? "file" : "files", request.body, upload ? "valeurs.csv" : "report.json",
                                           upload ? "text/csv" : "application/json"}};
    return client.Post(request.path.c_str(), headers, items);
  }
  return client.Post(request.path.c_str(), headers, request.body, request.content_type.c_str());
}

}  // namespace

TEST_CASE("every role against every route: the access matrix over HTTP", "[serve][http]") {
  TestServer server;
  std::map<std::string, std::optional<TestServer::Signed>> who = {
      {"none", std::nullopt},
      {"forged", TestServer::Signed{"vigie_session=" + std::string(64, 'a'), std::string(64, 'b')}},
      {"ctrl", server.SignIn("ctrl")},
      {"sedan", server.SignIn("sedan")},
      {"charleville", server.SignIn("charleville")},
      {"audit", server.SignIn("audit")}};
  const std::vector<std::string> columns = {"none", "forged", "ctrl", "sedan", "charleville", "audit"};
  const std::string form = "v%7Cambu%7C2019=59";  // the field v|ambu|2019
  struct Row {
    Request request;
    std::vector<int> expected;  // in the order of `columns`
  };
  // 303: a page sends a visitor without a session to /connexion; 404: not an entity this user may know.
  const std::vector<Row> matrix = {
      {{"GET", "/api/entities/080000037/verdicts?as_of=2020-06-30", "", ""}, {401, 401, 200, 200, 404, 200}},
      {{"GET", "/api/entities/080000615/verdicts?as_of=2020-06-30", "", ""}, {401, 401, 200, 404, 200, 200}},
      {{"GET", "/api/entities/999999999/verdicts", "", ""}, {401, 401, 404, 404, 404, 404}},
      {{"POST", "/api/entities/080000037/values", kSedanCsv, "text/csv"}, {401, 401, 403, 200, 404, 403}},
      {{"POST", "/api/entities/080000615/values", kSedanCsv, "text/csv"}, {401, 401, 403, 404, 422, 403}},
      {{"POST", "/api/verify", "{}", "application/json"}, {401, 401, 200, 403, 403, 200}},
      {{"GET", "/", "", ""}, {303, 303, 303, 200, 200, 303}},
      {{"GET", "/tableau", "", ""}, {303, 303, 200, 403, 403, 403}},
      {{"GET", "/verifier", "", ""}, {303, 303, 200, 403, 403, 200}},
      {{"POST", "/verifier", "{}", "multipart/form-data"}, {303, 303, 200, 403, 403, 200}},
      {{"POST", "/etablissement/080000037/valeurs", form, "application/x-www-form-urlencoded"}, {303, 303, 403, 200, 404, 403}},
      {{"POST", "/etablissement/080000615/valeurs", form, "application/x-www-form-urlencoded"}, {303, 303, 403, 404, 200, 403}},
      {{"POST", "/etablissement/080000037/fichier", kSedanCsv, "multipart/form-data"}, {303, 303, 403, 200, 404, 403}},
      {{"POST", "/etablissement/080000615/fichier", kSedanCsv, "multipart/form-data"}, {303, 303, 403, 404, 200, 403}},
      // Declaration 3 is sedan's of the row above "POST /api/entities/080000037/values".
      {{"GET", "/api/declarations", "", ""}, {401, 401, 200, 403, 403, 200}},
      {{"POST", "/api/declarations/999/review", R"({"decision": "validated"})", "application/json"}, {401, 401, 404, 403, 403, 403}},
      {{"POST", "/api/declarations/3/review", R"({"decision": "rejected", "reason": "59 ?"})", "application/json"},
       {401, 401, 200, 403, 403, 403}},
      {{"GET", "/validation", "", ""}, {303, 303, 200, 403, 403, 403}},
      {{"POST", "/validation/3", "decision=validated", "application/x-www-form-urlencoded"}, {303, 303, 409, 403, 403, 403}},
      {{"POST", "/validation/999", "decision=validated", "application/x-www-form-urlencoded"}, {303, 303, 404, 403, 403, 403}},
      // The campaign dashboard's API, and a verdict's explanation (page and API): as the entity's
      // verdicts; a contract an establishment does not see is 404 like an entity it may not know.
      {{"GET", "/api/dashboard?as_of=2020-06-30", "", ""}, {401, 401, 200, 403, 403, 403}},
      {{"GET", "/tableau?date=2020-06-30&annee=2019", "", ""}, {303, 303, 200, 403, 403, 403}},
      {{"POST", "/api/runs", R"({"as_of": "2020-06-30"})", "application/json"}, {401, 401, 200, 403, 403, 403}},
      {{"POST", "/tableau/execution", "date=2020-06-30", "application/x-www-form-urlencoded"}, {303, 303, 200, 403, 403, 403}},
      {{"GET", "/explication/080000037?contrat=cpom_sedan&element=ambu60&periode=2019&date=2020-06-30", "", ""},
       {303, 303, 200, 200, 404, 200}},
      {{"GET", "/explication/080000615?contrat=cpom_charleville&element=ambu50&periode=2019&date=2020-06-30", "", ""},
       {303, 303, 200, 404, 200, 200}},
      {{"GET", "/explication/080000037?contrat=cpom_charleville&element=ambu50&periode=2019&date=2020-06-30", "", ""},
       {303, 303, 404, 404, 404, 404}},
      {{"GET", "/explication/999999999?contrat=cpom_sedan&element=ambu60&periode=2019", "", ""}, {303, 303, 404, 404, 404, 404}},
      {{"GET", "/explication/..%2F080000037?contrat=cpom_sedan&element=ambu60&periode=2019", "", ""}, {404, 404, 404, 404, 404, 404}},
      {{"GET", "/api/entities/080000037/explanation?contract=cpom_sedan&item=ambu60&period=2019&as_of=2020-06-30", "", ""},
       {401, 401, 200, 200, 404, 200}},
      {{"GET", "/api/entities/080000615/explanation?contract=cpom_charleville&item=ambu50&period=2019&as_of=2020-06-30", "", ""},
       {401, 401, 200, 404, 200, 200}},
      {{"GET", "/api/entities/080000615/explanation?contract=cpom_sedan&item=ambu60&period=2019&as_of=2020-06-30", "", ""},
       {401, 401, 404, 404, 404, 404}},
      // Reports to download. Runs 1 and 2 are the controller's of the rows "POST /api/runs" and
      // "POST /tableau/execution" above; both name 080000037 and 080000615 (each has a verdict in
      // them), so each establishment gets its extract. No run 999; an unknown format is 400 (API)
      // or no page; the self-assessment as the entity's verdicts.
      {{"GET", "/rapport/1.html", "", ""}, {303, 303, 200, 200, 200, 200}},
      {{"GET", "/rapport/1.json", "", ""}, {303, 303, 200, 200, 200, 200}},
      {{"GET", "/rapport/2.csv", "", ""}, {303, 303, 200, 200, 200, 200}},
      {{"GET", "/rapport/999.html", "", ""}, {303, 303, 404, 404, 404, 404}},
      {{"GET", "/rapport/1.pdf", "", ""}, {404, 404, 404, 404, 404, 404}},
      {{"GET", "/rapport/..%2F1.json", "", ""}, {404, 404, 404, 404, 404, 404}},
      {{"GET", "/api/runs/1/report?format=csv", "", ""}, {401, 401, 200, 200, 200, 200}},
      {{"GET", "/api/runs/2/report", "", ""}, {401, 401, 200, 200, 200, 200}},
      {{"GET", "/api/runs/1/report?format=xml", "", ""}, {401, 401, 400, 400, 400, 400}},
      {{"GET", "/api/runs/999/report?format=html", "", ""}, {401, 401, 404, 404, 404, 404}},
      {{"GET", "/etablissement/080000037/rapport.html?date=2020-06-30", "", ""}, {303, 303, 200, 200, 404, 200}},
      {{"GET", "/etablissement/080000615/rapport.csv?date=2020-06-30", "", ""}, {303, 303, 200, 404, 200, 200}},
      {{"GET", "/etablissement/999999999/rapport.json", "", ""}, {303, 303, 404, 404, 404, 404}},
      {{"GET", "/api/entities/080000037/report?format=json&as_of=2020-06-30", "", ""}, {401, 401, 200, 200, 404, 200}},
      {{"GET", "/api/entities/080000615/report?format=html&as_of=2020-06-30", "", ""}, {401, 401, 200, 404, 200, 200}},
      {{"GET", "/api/entities/999999999/report", "", ""}, {401, 401, 404, 404, 404, 404}},
      {{"GET", "/connexion", "", ""}, {200, 200, 200, 200, 200, 200}},
      {{"GET", "/api/nothing", "", ""}, {404, 404, 404, 404, 404, 404}},
  };
  httplib::Client client = server.Client();
  for (const Row& row : matrix) {
    for (size_t i = 0; i < columns.size(); ++i) {
      const std::optional<TestServer::Signed>& signed_in = who.at(columns[i]);
      httplib::Headers headers = signed_in ? With(*signed_in) : httplib::Headers{};
      if (row.request.content_type == "application/x-www-form-urlencoded" && signed_in) headers.erase("X-CSRF-Token");
      Request request = row.request;
      if (request.content_type == "application/x-www-form-urlencoded" && signed_in) request.body += "&csrf=" + signed_in->csrf;
      auto response = Send(client, request, headers);
      INFO(row.request.method << " " << row.request.path << " as " << columns[i]);
      REQUIRE(response);
      INFO(response->body.substr(0, 500));
      CHECK(response->status == row.expected[i]);
      if (response->status == 303) CHECK(response->get_header_value("Location") == (columns[i] == "ctrl" ? "/tableau" : columns[i] == "audit" ? "/verifier" : "/connexion"));
    }
  }
}

TEST_CASE("the verdicts of an entity over the API are computed by hand", "[serve][http]") {
  TestServer server;
  const TestServer::Signed sedan = server.SignIn("sedan");
  httplib::Client client = server.Client();
  auto response = client.Get("/api/entities/080000037/verdicts?as_of=2020-06-30", With(sedan, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  const json body = json::parse(response->body);
  CHECK(body["entity"] == "080000037");
  CHECK(body["entity_name"] == "CH DE SEDAN");
  CHECK(body["as_of"] == "2020-06-30");
  REQUIRE(body["contracts"].size() == 1);  // cpom_charleville does not name 080000037
  const json& contract = body["contracts"][0];
  CHECK(contract["name"] == "cpom_sedan");
  REQUIRE(contract["verdicts"].size() == 1);
  CHECK(contract["verdicts"][0]["item"] == "ambu60");
  CHECK(contract["verdicts"][0]["verdict"] == "met");  // 61 >= 60
  CHECK(contract["verdicts"][0]["measured"] == 61.0);
  CHECK(contract["verdicts"][0]["target"] == 60.0);
  CHECK(contract["verdicts"][0]["unit"] == "percent");
  CHECK(contract["verdicts"][0]["reason"] == "61\u00a0% ≥ 60\u00a0%");  // in French, with the unit (no-break spaces)
  REQUIRE(contract["payments"].size() == 1);
  CHECK(contract["payments"][0]["amount"] == "15000.00");  // 15000 € × score 1
  // A date that does not exist is a 400 with the calendar's words.
  response = client.Get("/api/entities/080000037/verdicts?as_of=2019-02-29", With(sedan, false));
  REQUIRE(response);
  CHECK(response->status == 400);
  CHECK(json::parse(response->body)["error"].get<std::string>().find("February 2019 has 28 days") != std::string::npos);
}

TEST_CASE("declared values go through the import: stored and audited, or refused whole", "[serve][http]") {
  TestServer server;
  const TestServer::Signed sedan = server.SignIn("sedan");
  httplib::Client client = server.Client();
  const std::string before = [&] {
    store::StoreError error;
    store::OpenOptions read;
    read.read_only = true;
    return store::Store::Open(server.StorePath(), read, error)->ContentDigest();
  }();
  // A value that does not parse: 422, its line and column, nothing stored.
  auto response = client.Post("/api/entities/080000037/values", With(sedan),
                              "finess;indicateur;periode;valeur\n080000037;ambu;2019;soixante\n", "text/csv");
  REQUIRE(response);
  CHECK(response->status == 422);
  json body = json::parse(response->body);
  CHECK(body["stored"] == false);
  REQUIRE(body["diagnostics"].size() >= 1);
  CHECK(body["diagnostics"][0]["code"] == "V4004");
  CHECK(body["diagnostics"][0]["line"] == 2);
  CHECK(body["diagnostics"][0]["column"] == 21);  // "080000037;ambu;2019;" is 20 characters
  CHECK(body["diagnostics"][0]["file"] == "declaration-080000037.csv");
  // Another establishment's line in its own upload: 422 V2207, nothing stored.
  response = client.Post("/api/entities/080000037/values", With(sedan),
                         "finess;indicateur;periode;valeur\n080000037;ambu;2019;59\n080000615;ambu;2019;99\n", "text/csv");
  REQUIRE(response);
  CHECK(response->status == 422);
  body = json::parse(response->body);
  REQUIRE(body["diagnostics"].size() == 1);
  CHECK(body["diagnostics"][0]["code"] == "V2207");
  CHECK(body["diagnostics"][0]["message"] ==
        "declaration-080000037.csv, line 3: values of '080000615' cannot be declared here; this page declares those of '080000037'");
  // Not CSV: 415.
  response = client.Post("/api/entities/080000037/values", With(sedan), kSedanCsv, "text/plain");
  REQUIRE(response);
  CHECK(response->status == 415);
  // A missing CSRF token: 403, nothing stored.
  response = client.Post("/api/entities/080000037/values", With(sedan, false), kSedanCsv, "text/csv");
  REQUIRE(response);
  CHECK(response->status == 403);
  {
    store::StoreError error;
    store::OpenOptions read;
    read.read_only = true;
    CHECK(store::Store::Open(server.StorePath(), read, error)->ContentDigest() == before);
  }
  // A good declaration: stored, marked as declared by sedan, in the audit trail with the user.
  response = client.Post("/api/entities/080000037/values", With(sedan), kSedanCsv, "text/csv");
  REQUIRE(response);
  INFO(response->body);
  REQUIRE(response->status == 200);
  body = json::parse(response->body);
  CHECK(body["stored"] == true);
  CHECK(body["values_stored"] == 1);
  const int64_t import_id = body["import"].get<int64_t>();
  CHECK(import_id == 3);  // after the fixture's two imports
  {
    store::StoreError error;
    store::OpenOptions read;
    read.read_only = true;
    std::unique_ptr<store::Store> store = store::Store::Open(server.StorePath(), read, error);
    const std::vector<store::Store::Declaration> declared = store->Declarations();
    REQUIRE(declared.size() == 1);
    CHECK(declared[0].declared_by == "sedan");
    CHECK(declared[0].import_id == import_id);
    const std::vector<store::Store::AuditEntry> audit = store->Audit();
    REQUIRE_FALSE(audit.empty());
    CHECK(audit.back().action == "values-declared");
    CHECK(audit.back().login == "sedan");
    CHECK(audit.back().import_id == std::optional<int64_t>(import_id));
    CHECK(store->ValueAt("080000037", "ambu", "2019")->value == 59.0);
  }
  // Self-assessment at once: 59 is within the 2-point tolerance of 60, partially met.
  response = client.Get("/api/entities/080000037/verdicts?as_of=2020-06-30", With(sedan, false));
  REQUIRE(response);
  CHECK(json::parse(response->body)["contracts"][0]["verdicts"][0]["verdict"] == "partially_met");
}

TEST_CASE("the data template as an .xlsx workbook: the same import, its cells named, nothing stored on refusal", "[serve][http]") {
  TestServer server;
  const TestServer::Signed sedan = server.SignIn("sedan");
  httplib::Client client = server.Client();
  auto read = [](const std::string& name) {
    std::ifstream file(kFixture + "/" + name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
  };
  auto digest = [&] {
    store::StoreError error;
    store::OpenOptions options;
    options.read_only = true;
    return store::Store::Open(server.StorePath(), options, error)->ContentDigest();
  };
  const std::string xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const std::string before = digest();
  // "soixante" in D2: 422, V4004 at row 2 of the sheet, column D (the 4th), nothing stored.
  auto response = client.Post("/api/entities/080000037/values", With(sedan), read("declaration_bad.xlsx"), xlsx.c_str());
  REQUIRE(response);
  INFO(response->body);
  CHECK(response->status == 422);
  json body = json::parse(response->body);
  REQUIRE(body["diagnostics"].size() >= 1);
  CHECK(body["diagnostics"][0]["code"] == "V4004");
  CHECK(body["diagnostics"][0]["file"] == "declaration-080000037.xlsx[Valeurs]");  // the sheet read
  CHECK(body["diagnostics"][0]["cell"] == "D2");
  CHECK(body["diagnostics"][0]["line"] == 2);
  CHECK(body["diagnostics"][0]["column"] == 4);
  CHECK(digest() == before);
  // The same through the page's upload: the cell is named, nothing stored.
  httplib::MultipartFormDataItems bad{{"csrf", sedan.csrf, "", ""}, {"file", read("declaration_bad.xlsx"), "valeurs.xlsx", xlsx}};
  response = client.Post("/etablissement/080000037/fichier", With(sedan, false), bad);
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body.find("Nothing was stored:") != std::string::npos);
  INFO(response->body);
  CHECK(response->body.find("fichier-080000037.xlsx[Valeurs]:D2: &#39;soixante&#39; is not a number") != std::string::npos);
  CHECK(digest() == before);
  // 59 in D2: stored as declared by sedan; 59 is within the tolerance of 60, partially met.
  httplib::MultipartFormDataItems good{{"csrf", sedan.csrf, "", ""}, {"file", read("declaration.xlsx"), "valeurs.xlsx", xlsx}};
  response = client.Post("/etablissement/080000037/fichier", With(sedan, false), good);
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body.find("1 value(s) recorded as declared by the establishment (import 3), 0 unchanged.") != std::string::npos);
  response = client.Get("/api/entities/080000037/verdicts?as_of=2020-06-30", With(sedan, false));
  REQUIRE(response);
  CHECK(json::parse(response->body)["contracts"][0]["verdicts"][0]["verdict"] == "partially_met");
  // A workbook without the CSRF field: refused.
  httplib::MultipartFormDataItems no_csrf{{"file", read("declaration.xlsx"), "valeurs.xlsx", xlsx}};
  response = client.Post("/etablissement/080000037/fichier", With(sedan, false), no_csrf);
  REQUIRE(response);
  CHECK(response->status == 403);
}

TEST_CASE("a controller validates or rejects declared values; runs say which they used", "[serve][http]") {
  TestServer server;
  const TestServer::Signed sedan = server.SignIn("sedan");
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  httplib::Client client = server.Client();
  auto response = client.Post("/api/entities/080000037/values", With(sedan), kSedanCsv, "text/csv");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  const int64_t id = json::parse(response->body)["import"].get<int64_t>();
  // Awaiting validation: listed with its value, on the API and on the controller's page.
  response = client.Get("/api/declarations", With(ctrl, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  json body = json::parse(response->body);
  REQUIRE(body["declarations"].size() == 1);
  CHECK(body["declarations"][0]["import"] == id);
  CHECK(body["declarations"][0]["entity"] == "080000037");
  CHECK(body["declarations"][0]["declared_by"] == "sedan");
  CHECK(body["declarations"][0]["status"] == "declared");
  REQUIRE(body["declarations"][0]["values"].size() == 1);
  CHECK(body["declarations"][0]["values"][0]["indicator"] == "ambu");
  CHECK(body["declarations"][0]["values"][0]["value"] == 59.0);
  CHECK(body["declarations"][0]["values"][0]["row"] == 2);
  response = client.Get("/validation", With(ctrl, false));
  REQUIRE(response);
  CHECK(response->body.find("Declaration " + std::to_string(id) + " of 080000037") != std::string::npos);
  CHECK(response->body.find("action=\"/validation/" + std::to_string(id) + "\"") != std::string::npos);
  CHECK(response->body.find("name=\"csrf\" value=\"" + ctrl.csrf + "\"") != std::string::npos);

  // An official run now: the report says the value it read was declared and awaits validation.
  const fs::path folder = fs::path(server.StorePath()).parent_path();
  auto run = [&](const std::string& name) {
    std::ostringstream out, err;
    cli::RunCli({"run", "--lang", "en", "--as-of", "2020-06-30", "--store", server.StorePath(), "--report", (folder / name).string(),
                 "--formats", "json,md", "--root", kFixture, kFixture + "/contracts.vigie"},
                out, err);
    SetLanguage(Language::kEnglish);
    std::ifstream file(folder / name / "report.json", std::ios::binary);
    std::ifstream md(folder / name / "report.md", std::ios::binary);
    return std::pair(json::parse(std::string(std::istreambuf_iterator<char>(file), {})),
                     std::string(std::istreambuf_iterator<char>(md), {}));
  };
  // The source of the value Sedan's verdict read (the sixth of its first input's row): its entry in
  // the report's `sources`.
  auto sedan_source = [](const json& report) {
    for (const json& contract : report["contracts"]) {
      if (contract["name"] != "cpom_sedan") continue;
      const json& id = contract["items"][0]["verdicts"][0][8][0][5];
      for (const json& source : report["sources"]) {
        if (source["id"] == id) return source;
      }
    }
    return json();
  };
  auto [before, before_md] = run("avant");
  CHECK(before["declared_values"] == json{{"declared", 1}});
  CHECK(sedan_source(before)["declared"] ==
        json{{"by", "sedan"}, {"status", "declared"}, {"reviewed_by", nullptr}, {"reviewed_at", nullptr}, {"reason", nullptr}});
  CHECK(before_md.find("1 awaiting validation") != std::string::npos);
  CHECK(before_md.find("declared by sedan, awaiting validation") != std::string::npos);

  // A rejection needs its reason; the review needs the CSRF token; establishments and auditors may not.
  const std::string path = "/api/declarations/" + std::to_string(id) + "/review";
  response = client.Post(path, With(ctrl), R"({"decision": "rejected", "reason": "  "})", "application/json");
  REQUIRE(response);
  CHECK(response->status == 422);
  response = client.Post(path, With(ctrl, false), R"({"decision": "validated"})", "application/json");
  REQUIRE(response);
  CHECK(response->status == 403);
  response = client.Post(path, With(ctrl), R"({"decision": "maybe"})", "application/json");
  REQUIRE(response);
  CHECK(response->status == 400);
  response = client.Post(path, With(sedan), R"({"decision": "validated"})", "application/json");
  REQUIRE(response);
  CHECK(response->status == 403);
  // Validated: recorded with the controller in the audit trail; a second review is refused.
  response = client.Post(path, With(ctrl), R"({"decision": "validated"})", "application/json");
  REQUIRE(response);
  INFO(response->body);
  REQUIRE(response->status == 200);
  body = json::parse(response->body);
  CHECK(body["status"] == "validated");
  CHECK(body["reviewed_by"] == "ctrl");
  CHECK(body["reviewed_at"] == "2026-01-01T00:00:00Z");  // the test server's clock
  response = client.Post(path, With(ctrl), R"({"decision": "rejected", "reason": "trop tard"})", "application/json");
  REQUIRE(response);
  CHECK(response->status == 409);
  {
    store::StoreError error;
    store::OpenOptions read;
    read.read_only = true;
    std::unique_ptr<store::Store> store = store::Store::Open(server.StorePath(), read, error);
    const std::vector<store::Store::AuditEntry> audit = store->Audit();
    REQUIRE_FALSE(audit.empty());
    CHECK(audit.back().action == "values-validated");
    CHECK(audit.back().login == "ctrl");
    CHECK(audit.back().import_id == std::optional<int64_t>(id));
    CHECK(store->DeclarationById(id)->status == "validated");
  }
  auto [after, after_md] = run("apres");
  CHECK(after["declared_values"] == json{{"validated", 1}});
  CHECK(sedan_source(after)["declared"]["status"] == "validated");
  CHECK(sedan_source(after)["declared"]["reviewed_by"] == "ctrl");
  CHECK(after_md.find("declared by sedan, validated by ctrl at") != std::string::npos);
  // The earlier report still holds: a later review is not a change of its data.
  std::ifstream before_file(folder / "avant" / "report.json", std::ios::binary);
  response = client.Post("/api/verify", With(ctrl), std::string(std::istreambuf_iterator<char>(before_file), {}), "application/json");
  REQUIRE(response);
  CHECK(json::parse(response->body)["differences"].size() == 1);  // only its report.md, not sent here

  // A rejection through the page's form, with its reason, shown on the page.
  response = client.Post("/api/entities/080000037/values", With(sedan),
                         "finess;indicateur;periode;valeur\n080000037;ambu;2019;58\n", "text/csv");
  REQUIRE(response);
  const int64_t second = json::parse(response->body)["import"].get<int64_t>();
  response = client.Post(("/validation/" + std::to_string(second)).c_str(), With(ctrl, false),
                         "decision=rejected&reason=chiffre+non+justifi%C3%A9&csrf=" + ctrl.csrf, "application/x-www-form-urlencoded");
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body.find("Declaration " + std::to_string(second) + " rejected.") != std::string::npos);
  CHECK(response->body.find("rejected by ctrl at 2026-01-01T00:00:00Z: chiffre non justifié") != std::string::npos);
  auto [rejected, rejected_md] = run("rejet");
  CHECK(rejected["declared_values"] == json{{"rejected", 1}});
  CHECK(sedan_source(rejected)["declared"]["reason"] == "chiffre non justifié");
}

TEST_CASE("sessions: forged, expired, signed out; sign-in refused and limited", "[serve][http]") {
  TestServer server;
  httplib::Client client = server.Client();
  // Wrong password: 401, and the answer does not say whether the login exists.
  auto response = client.Post("/api/session", json{{"login", "sedan"}, {"password", "faux"}}.dump(), "application/json");
  REQUIRE(response);
  CHECK(response->status == 401);
  const std::string wrong_password = response->body;
  response = client.Post("/api/session", json{{"login", "personne"}, {"password", "faux"}}.dump(), "application/json");
  REQUIRE(response);
  CHECK(response->status == 401);
  CHECK(response->body == wrong_password);
  CHECK(response->get_header_value("Set-Cookie").empty());
  // Not JSON: 415; JSON without the fields: 400.
  response = client.Post("/api/session", "login=sedan&password=x", "application/x-www-form-urlencoded");
  REQUIRE(response);
  CHECK(response->status == 415);
  response = client.Post("/api/session", "{\"login\": 1}", "application/json");
  REQUIRE(response);
  CHECK(response->status == 400);

  // The cookie: HttpOnly, SameSite=Strict, Path=/, expiring.
  response = client.Post("/api/session", json{{"login", "audit"}, {"password", kPassword}}.dump(), "application/json");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  const std::string cookie = response->get_header_value("Set-Cookie");
  CHECK(cookie.find("; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800") != std::string::npos);
  CHECK(cookie.rfind("vigie_session=", 0) == 0);
  CHECK(cookie.substr(14, cookie.find(';') - 14).size() == 64);

  // A session expires after 8 hours: replaying its cookie then is a 401.
  const TestServer::Signed audit = server.SignIn("audit");
  response = client.Get("/api/entities/080000037/verdicts", With(audit, false));
  REQUIRE(response);
  CHECK(response->status == 200);
  server.Advance(8 * 3600);
  response = client.Get("/api/entities/080000037/verdicts", With(audit, false));
  REQUIRE(response);
  CHECK(response->status == 401);

  // Signed out: the same cookie is refused afterwards.
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  response = client.Delete("/api/session", With(ctrl, false));  // without the CSRF token: refused
  REQUIRE(response);
  CHECK(response->status == 403);
  response = client.Delete("/api/session", With(ctrl));
  REQUIRE(response);
  CHECK(response->status == 200);
  response = client.Get("/api/entities/080000037/verdicts", With(ctrl, false));
  REQUIRE(response);
  CHECK(response->status == 401);

  // The fixture allows 3 failures per login: the 4th attempt is refused, even with the right password.
  for (int i = 0; i < 3; ++i) {
    response = client.Post("/api/session", json{{"login", "charleville"}, {"password", "faux"}}.dump(), "application/json");
    REQUIRE(response);
    CHECK(response->status == 401);
  }
  response = client.Post("/api/session", json{{"login", "charleville"}, {"password", kPassword}}.dump(), "application/json");
  REQUIRE(response);
  CHECK(response->status == 429);
  server.Advance(15 * 60);  // the failures leave the 15-minute window
  response = client.Post("/api/session", json{{"login", "charleville"}, {"password", kPassword}}.dump(), "application/json");
  REQUIRE(response);
  CHECK(response->status == 200);
}

TEST_CASE("oversized uploads, paths with .., and the security headers", "[serve][http]") {
  TestServer server;
  const TestServer::Signed sedan = server.SignIn("sedan");
  httplib::Client client = server.Client();
  // The fixture's limit is 64 KiB: a larger body is refused unread, nothing stored.
  std::string big = "finess;indicateur;periode;valeur\n";
  while (big.size() <= 64 * 1024) big += "080000037;ambu;2019;59\n";
  auto response = client.Post("/api/entities/080000037/values", With(sedan), big, "text/csv");
  REQUIRE(response);
  CHECK(response->status == 413);
  for (const char* path : {"/api/entities/../../etc/passwd", "/api/entities/%2e%2e/verdicts", "/api/entities/..%2F..%2Fetc/verdicts",
                           "/../../etc/passwd", "/api/entities/080000615/../080000037/verdicts"}) {
    INFO(path);
    response = client.Get(path, With(sedan, false));
    REQUIRE(response);
    CHECK(response->status == 404);
  }
  response = client.Get("/connexion");
  REQUIRE(response);
  CHECK(response->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
  CHECK(response->get_header_value("X-Frame-Options") == "DENY");
  CHECK(response->get_header_value("Cache-Control") == "no-store");
  CHECK(response->body.find("<script") == std::string::npos);
}

TEST_CASE("the pages: sign in with the form, the establishment's home and its form, the dashboard", "[serve][http]") {
  TestServer server;
  httplib::Client client = server.Client();
  auto page = client.Get("/connexion");
  REQUIRE(page);
  const std::string login_cookie = page->get_header_value("Set-Cookie");
  const std::string token = login_cookie.substr(17, login_cookie.find(';') - 17);
  CHECK(page->body.find("name=\"csrf\" value=\"" + token + "\"") != std::string::npos);
  // Without the form's token (another site's form): refused.
  auto response = client.Post("/connexion", "login=sedan&password=x", "application/x-www-form-urlencoded");
  REQUIRE(response);
  CHECK(response->status == 403);
  httplib::Headers headers{{"Cookie", "vigie_login_csrf=" + token}};
  response = client.Post("/connexion", headers, "login=sedan&password=un+mot+de+passe+assez+long&csrf=" + token,
                         "application/x-www-form-urlencoded");
  REQUIRE(response);
  REQUIRE(response->status == 303);
  const std::string session = response->get_header_value("Set-Cookie");
  const std::string cookie = session.substr(0, session.find(';'));
  response = client.Get("/?date=2020-06-30", httplib::Headers{{"Cookie", cookie}});
  REQUIRE(response);
  REQUIRE(response->status == 200);
  const std::string& html = response->body;
  CHECK(html.find("CH DE SEDAN") != std::string::npos);
  CHECK(html.find("CPOM CH de Sedan") != std::string::npos);
  CHECK(html.find("Charleville") == std::string::npos);  // nothing of the other establishment
  CHECK(html.find("class=\"met\"") != std::string::npos);
  CHECK(html.find(report::FormatEuros("15000.00")) != std::string::npos);  // the projected payment
  CHECK(html.find("name=\"v|ambu|2019\"") != std::string::npos);  // the form from the contract
  CHECK(html.find("value=\"61\"") != std::string::npos);    // the value stored now
  CHECK(html.find("(from 0 to 100)") != std::string::npos);  // the indicator's bounds

  const TestServer::Signed ctrl = server.SignIn("ctrl");
  response = client.Get("/tableau?date=2020-06-30", With(ctrl, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(response->body.find("CH DE SEDAN") != std::string::npos);
  CHECK(response->body.find("CH CHARLEVILLE MEZIERES") != std::string::npos);
}

TEST_CASE("an auditor drops a report and gets verify's answer, difference by difference", "[serve][http]") {
  TestServer server;
  // The run a controller makes: vigie run --report DIR, the rulesets named from the fixture's folder.
  const fs::path out = fs::path(server.StorePath()).parent_path() / "rapport";
  std::ostringstream ignored_out, ignored_err;
  cli::RunCli({"run", "--as-of", "2020-06-30", "--store", server.StorePath(), "--report", out.string(), "--formats",
               "json,md", "--root", kFixture, kFixture + "/contracts.vigie"},
              ignored_out, ignored_err);
  INFO(ignored_err.str());
  REQUIRE(fs::exists(out / "report.json"));
  SetLanguage(Language::kEnglish);
  auto read = [](const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
  };
  const TestServer::Signed audit = server.SignIn("audit");
  httplib::Client client = server.Client();
  // The page, with the report and the file written beside it: it holds.
  httplib::MultipartFormDataItems items{{"csrf", audit.csrf, "", ""},
                                        {"files", read(out / "report.json"), "report.json", "application/json"},
                                        {"files", read(out / "report.md"), "report.md", "text/markdown"}};
  auto response = client.Post("/verifier", With(audit, false), items);
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(response->body.find("The report holds: no difference.") != std::string::npos);
  // The API with report.json alone: verify's JSON, and the Markdown it lists is missing.
  response = client.Post("/api/verify", With(audit), read(out / "report.json"), "application/json");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  json answer = json::parse(response->body);
  CHECK(answer["outcome"] == "different");
  REQUIRE(answer["differences"].size() == 1);
  CHECK(answer["differences"][0]["kind"] == "report_file_missing");
  CHECK(answer["differences"][0]["subject"].get<std::string>().find("report.md") != std::string::npos);
  // The API with the files beside it (multipart `files`): it holds.
  response = client.Post("/api/verify", With(audit), items);
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(json::parse(response->body)["outcome"] == "verified");
  CHECK(json::parse(response->body)["differences"].empty());
  // A report whose verdict was edited: the page says it does not hold, and where.
  std::string edited = read(out / "report.json");
  const std::string not_met = "\"not_met\",\n";  // a verdict row's code
  const size_t at = edited.find(not_met);
  REQUIRE(at != std::string::npos);
  edited.replace(at, not_met.size(), "\"met\",\n");
  response = client.Post("/api/verify", With(audit), edited, "application/json");
  REQUIRE(response);
  answer = json::parse(response->body);
  CHECK(answer["outcome"] == "different");
  CHECK(answer["differences"].size() > 1);
  // A file name that could leave the folder is refused before anything is written.
  httplib::MultipartFormDataItems sneaky{{"csrf", audit.csrf, "", ""}, {"files", "{}", "../report.json", "application/json"}};
  response = client.Post("/verifier", With(audit, false), sneaky);
  REQUIRE(response);
  CHECK(response->body.find("is not a file name vigie accepts") != std::string::npos);
}

TEST_CASE("concurrent declarations and reads: every write kept, every answer whole", "[serve][http]") {
  TestServer server;
  const TestServer::Signed sedan = server.SignIn("sedan");
  constexpr int kThreads = 4, kEach = 5;
  std::atomic<int> stored{0}, read{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client client = server.Client();
      for (int i = 0; i < kEach; ++i) {
        // Every value distinct (50,0 .. 51,9): each declaration is a new import, none "unchanged".
        const std::string value = "5" + std::to_string((t * kEach + i) / 10) + "," + std::to_string((t * kEach + i) % 10);
        auto post = client.Post("/api/entities/080000037/values", With(sedan),
                                "finess;indicateur;periode;valeur\n080000037;ambu;2019;" + value + "\n", "text/csv");
        if (post && post->status == 200) ++stored;
        auto get = client.Get("/api/entities/080000037/verdicts?as_of=2020-06-30", With(sedan, false));
        if (get && get->status == 200 && json::parse(get->body, nullptr, false).is_object()) ++read;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  CHECK(stored == kThreads * kEach);
  CHECK(read == kThreads * kEach);
  store::StoreError error;
  store::OpenOptions options;
  options.read_only = true;
  std::unique_ptr<store::Store> store = store::Store::Open(server.StorePath(), options, error);
  REQUIRE(store);
  CHECK(store->Declarations().size() == static_cast<size_t>(kThreads * kEach));
  CHECK(store->History("080000037", "ambu").size() == static_cast<size_t>(kThreads * kEach + 1));  // + the fixture's 61
}

namespace {
size_t Entries(const char* folder) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++n;
  return n;
}
}  // namespace

TEST_CASE("the server's queue of connections waiting to be accepted holds more than httplib's 5", "[serve][http]") {
  TestServer running;
  // A second server, bound and never run: nothing accepts, so every connection waits in the queue.
  // With httplib's queue of 5, the 7th connection's SYN would be dropped (its client retrying a
  // second later); all 64 complete at once.
  serve::Server server(running.Service(), serve::ServerOptions{});
  const int port = server.Bind("127.0.0.1", 0);
  REQUIRE(port > 0);
  constexpr int kConnections = 64;
  std::vector<int> sockets;
  int connected = 0;
  for (int i = 0; i < kConnections; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    sockets.push_back(fd);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
      ++connected;
      continue;
    }
    pollfd waiting{fd, POLLOUT, 0};
    int error = -1;
    socklen_t length = sizeof error;
    if (::poll(&waiting, 1, 300) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) ++connected;
  }
  for (const int fd : sockets) ::close(fd);
  CHECK(connected == kConnections);
}

TEST_CASE("the server stops cleanly: no thread, descriptor or listening socket left", "[serve][http]") {
  const size_t threads = Entries("/proc/self/task"), descriptors = Entries("/proc/self/fd");
  int port = -1;
  {
    TestServer server;
    port = server.Port();
    auto response = server.Client().Get("/connexion");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(Entries("/proc/self/task") > threads);  // httplib's pool and the accept loop
  }
  CHECK(Entries("/proc/self/task") == threads);
  CHECK(Entries("/proc/self/fd") == descriptors);
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  CHECK_FALSE(client.Get("/connexion"));  // nothing listens on the port any more
}

TEST_CASE("reports to download: a recorded run's as sealed, never evaluated again; an establishment's own extract", "[serve][http][report]") {
  TestServer server;
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const TestServer::Signed sedan = server.SignIn("sedan");
  const TestServer::Signed charleville = server.SignIn("charleville");
  const TestServer::Signed audit = server.SignIn("audit");
  httplib::Client client = server.Client();
  // Run 1 as of 2020-06-30 on the fixture (tests/data/serve/README.md): 080000037 ambu = 61 >= 60,
  // met, part = 15000 × 1 = 15000.00 €; 080000615 ambu = 40 < 50, not met.
  auto response = client.Post("/api/runs", With(ctrl), R"({"as_of": "2020-06-30"})", "application/json");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  std::string sealed;
  {
    store::StoreError error;
    store::OpenOptions read;
    read.read_only = true;
    std::unique_ptr<store::Store> store = store::Store::Open(server.StorePath(), read, error);
    REQUIRE(store);
    sealed = store->RunById(1)->report_json;
  }
  REQUIRE_FALSE(sealed.empty());
  // Then Sedan declares 59: evaluated now, ambu60 would be partially met (58 <= 59 < 60).
  response = client.Post("/api/entities/080000037/values", With(sedan), kSedanCsv, "text/csv");
  REQUIRE(response);
  REQUIRE(response->status == 200);

  // The controller and the auditor: the JSON byte for byte as sealed, as a file to save.
  for (const TestServer::Signed* who : {&ctrl, &audit}) {
    response = client.Get("/rapport/1.json", With(*who, false));
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == sealed);
    CHECK(response->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(response->get_header_value("Content-Disposition") == "attachment; filename=\"rapport-execution-1.json\"");
  }
  response = client.Get("/api/runs/1/report?format=json", With(audit, false));
  REQUIRE(response);
  CHECK(response->body == sealed);
  // Its CSV, rendered from the sealed report: ambu60 still met at 61, the payment 15000.00, though
  // the store now says 59.
  response = client.Get("/rapport/1.csv", With(ctrl, false));
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(response->get_header_value("Content-Disposition") == "attachment; filename=\"rapport-execution-1.csv\"");
  std::string problem;
  const std::optional<report::Report> recorded = report::ParseJson(sealed, problem);
  REQUIRE(recorded);
  CHECK(response->body == report::RenderCsv(*recorded));
  CHECK(response->body.find("cpom_sedan;ambu60;commitment;Art. 2;\"=\"\"080000037\"\"\";CH DE SEDAN;\"=\"\"2019\"\"\";met;61;60;") !=
        std::string::npos);
  CHECK(response->body.find("cpom_sedan;part;payment;;;;\"=\"\"2019\"\"\";;15000,00;") != std::string::npos);
  CHECK(response->body.find("partially_met") == std::string::npos);
  CHECK(response->body.find("080000615") != std::string::npos);
  response = client.Get("/api/runs/1/report?format=html", With(audit, false));
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(response->body == report::RenderHtml(*recorded));

  // Sedan: its extract of run 1, its verdict and payment only; nothing of Charleville.
  response = client.Get("/rapport/1.json", With(sedan, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  json mine = json::parse(response->body);
  REQUIRE(mine["contracts"].size() == 1);
  CHECK(mine["contracts"][0]["name"] == "cpom_sedan");
  CHECK(mine["contracts"][0]["items"][0]["verdicts"].size() == 1);
  CHECK(mine["contracts"][0]["items"][0]["verdicts"][0][2] == "met");
  CHECK(mine["contracts"][0]["items"][0]["verdicts"][0][4] == 61.0);
  CHECK(mine["contracts"][0]["payments"][0]["amount_eur"] == "15000.00");
  CHECK(mine["counts"] == json{{"met", 1}});
  CHECK(mine["run_id"] == 1);
  CHECK(response->body.find("080000615") == std::string::npos);
  CHECK(response->body.find("CHARLEVILLE") == std::string::npos);
  for (const char* path : {"/rapport/1.html", "/rapport/1.csv"}) {
    response = client.Get(path, With(sedan, false));
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body.find("080000615") == std::string::npos);
    CHECK(response->body.find("CHARLEVILLE") == std::string::npos);
    CHECK(response->body.find("080000037") != std::string::npos);
  }
  // Charleville: its own verdict, not met at 40.
  response = client.Get("/api/runs/1/report", With(charleville, false));
  REQUIRE(response);
  mine = json::parse(response->body);
  REQUIRE(mine["contracts"].size() == 1);
  CHECK(mine["contracts"][0]["name"] == "cpom_charleville");
  CHECK(mine["contracts"][0]["items"][0]["verdicts"][0][2] == "not_met");
  CHECK(response->body.find("080000037") == std::string::npos);

  // An establishment user whose entity no run names (080000999: no contract, no data): run 1 is 404
  // for it, as a run that does not exist; it lists no run.
  {
    store::StoreError error;
    std::unique_ptr<store::Store> store = store::Store::Open(server.StorePath(), {}, error);
    REQUIRE(store);
    DiagnosticSink sink;
    REQUIRE(serve::AddUser(*store, {"ailleurs", "establishment", {"080000999"}, testing::kPassword, "test", "2026-01-01T00:00:00Z"},
                           sink, serve::PasswordCost::Minimal()));
  }
  const TestServer::Signed elsewhere = server.SignIn("ailleurs");
  for (const char* path : {"/rapport/1.json", "/rapport/1.html", "/api/runs/1/report?format=csv"}) {
    response = client.Get(path, With(elsewhere, false));
    REQUIRE(response);
    CHECK(response->status == 404);
  }
  CHECK(server.Service().RunsOf(serve::Principal{"ailleurs", serve::Role::kEstablishment, {"080000999"}}).empty());
  CHECK(server.Service().RunsOf(serve::Principal{"sedan", serve::Role::kEstablishment, {"080000037"}}).size() == 1);

  // Sedan's self-assessment as of 2020-06-30, on the data as it is now: 59, partially met,
  // score (0.5 × 2) / 2 = 0.5 (one commitment), part = 15000 × 0.5 = 7500.00 €. Not recorded.
  response = client.Get("/etablissement/080000037/rapport.json?date=2020-06-30", With(sedan, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(response->get_header_value("Content-Disposition") == "attachment; filename=\"auto-evaluation-080000037-2020-06-30.json\"");
  mine = json::parse(response->body);
  CHECK(mine["run_id"] == 0);
  CHECK(mine["as_of"] == "2020-06-30");
  CHECK(mine["contracts"][0]["items"][0]["verdicts"][0][2] == "partially_met");
  CHECK(mine["contracts"][0]["items"][0]["verdicts"][0][4] == 59.0);
  CHECK(mine["contracts"][0]["entity_scores"][0]["score"] == "0.5");
  CHECK(mine["contracts"][0]["payments"][0]["amount_eur"] == "7500.00");
  CHECK(response->body.find("080000615") == std::string::npos);
  response = client.Get("/api/entities/080000037/report?format=csv&as_of=2020-06-30", With(ctrl, false));
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body.find("partially_met") != std::string::npos);
  CHECK(response->body.find("080000615") == std::string::npos);

  // The links: the establishment's home lists its self-assessment and run 1; the dashboard and the
  // verify page list run 1.
  response = client.Get("/?date=2020-06-30", With(sedan, false));
  REQUIRE(response);
  CHECK(response->body.find("href=\"/etablissement/080000037/rapport.html?date=2020-06-30\" download") != std::string::npos);
  CHECK(response->body.find("href=\"/rapport/1.csv\" download") != std::string::npos);
  for (const TestServer::Signed* who : {&ctrl, &audit}) {
    response = client.Get(who == &ctrl ? "/tableau?date=2020-06-30" : "/verifier", With(*who, false));
    REQUIRE(response);
    CHECK(response->body.find("<tr data-execution=\"1\"><td>1</td><td>2020-06-30</td><td>ctrl</td><td>2026-01-01T00:00:00Z</td>") !=
          std::string::npos);
    CHECK(response->body.find("href=\"/rapport/1.json\" download") != std::string::npos);
  }
}

TEST_CASE("an establishment's reports name the store by its file name, never the server's folder", "[serve][http][report]") {
  TestServer server;
  const TestServer::Signed ctrl = server.SignIn("ctrl");
  const TestServer::Signed sedan = server.SignIn("sedan");
  httplib::Client client = server.Client();
  auto response = client.Post("/api/runs", With(ctrl), R"({"as_of": "2020-06-30"})", "application/json");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  // The server's folders: the store's (a temporary folder of the test) and the rulesets' (the fixture's).
  const std::string store_folder = fs::path(server.StorePath()).parent_path().string();
  const std::string rules_folder = kFixture;

  // The controller's report of run 1 is the sealed one: the store's whole path, which verify compares.
  response = client.Get("/rapport/1.json", With(ctrl, false));
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(json::parse(response->body)["store"] == server.StorePath());
  INFO(json::parse(response->body)["rulesets"].dump());
  CHECK(response->body.find(rules_folder) != std::string::npos);

  // Sedan's: its extract of run 1 and its self-assessment, in every format and by both routes.
  for (const char* path : {"/rapport/1.json", "/rapport/1.html", "/rapport/1.csv", "/api/runs/1/report?format=html",
                           "/etablissement/080000037/rapport.json?date=2020-06-30",
                           "/etablissement/080000037/rapport.html?date=2020-06-30",
                           "/etablissement/080000037/rapport.csv?date=2020-06-30",
                           "/api/entities/080000037/report?format=json&as_of=2020-06-30",
                           "/api/entities/080000037/report?format=html&as_of=2020-06-30"}) {
    INFO(path);
    response = client.Get(path, With(sedan, false));
    REQUIRE(response);
    REQUIRE(response->status == 200);
    CHECK(response->body.find("080000037") != std::string::npos);
    CHECK(response->body.find(store_folder) == std::string::npos);
    CHECK(response->body.find(rules_folder) == std::string::npos);
    if (std::string(path).find("json") != std::string::npos) {
      const json mine = json::parse(response->body);
      CHECK(mine["store"] == "vigie.db");
      REQUIRE(mine["rulesets"].size() == 2);
      CHECK(mine["rulesets"][0]["path"] == "catalog.vigie");
      CHECK(mine["rulesets"][1]["path"] == "contracts.vigie");
    }
    if (std::string(path).find("html") != std::string::npos) {
      CHECK(response->body.find("<code>vigie.db</code>") != std::string::npos);
    }
  }
}

TEST_CASE("the values form tells its problems on the fields typed in, and refuses control characters", "[serve][http]") {
  TestServer server;
  const TestServer::Signed sedan = server.SignIn("sedan");
  httplib::Client client = server.Client();
  auto declarations = [&] { return server.Service().Declarations().size(); };
  auto post = [&](const std::string& form) {
    return client.Post("/etablissement/080000037/valeurs", With(sedan, false), form + "&csrf=" + sedan.csrf,
                       "application/x-www-form-urlencoded");
  };
  // "soixante" in the field of ambu, 2019 (tests/data/serve/catalog.vigie: "Taux de chirurgie
  // ambulatoire"): named by its label and period, not by the CSV's line 2, column 27.
  auto response = post("v%7Cambu%7C2019=soixante");
  REQUIRE(response);
  CHECK(response->status == 200);
  INFO(response->body);
  CHECK(response->body.find("<li><a href=\"#v%7Cambu%7C2019\">Taux de chirurgie ambulatoire (ambu), 2019</a>: &#39;soixante&#39; is not a number"
                            " — type a number like 12,5, one of the codes &#39;NC&#39; (not applicable), or leave the field empty "
                            "when the value is unknown</li>") != std::string::npos);
  CHECK(response->body.find("formulaire-080000037.csv") == std::string::npos);
  // 150 is out of the catalog's range 0..100: the import's own help stays.
  response = post("v%7Cambu%7C2019=150");
  REQUIRE(response);
  CHECK(response->body.find("Taux de chirurgie ambulatoire (ambu), 2019</a>: &#39;150&#39;") != std::string::npos);
  CHECK(response->body.find(":2:") == std::string::npos);
  // A line break or a control character in a value: refused before the import, on its field.
  for (const char* bad : {"v%7Cambu%7C2019=5%0A9", "v%7Cambu%7C2019=59%01", "v%7Cambu%7C2019=59%7F", "v%7Cambu%7C2019=5%FF"}) {
    response = post(bad);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body.find("<a href=\"#v%7Cambu%7C2019\">Taux de chirurgie ambulatoire (ambu), 2019</a>: the value holds a control "
                              "character (a line break, a tab...) or bytes that are not text") != std::string::npos);
    CHECK(response->body.find("not a text file") == std::string::npos);
  }
  CHECK(declarations() == 0);
  // A field the form does not have (forged): named as sent.
  response = post("v%7Cdms%7C2019=4");
  REQUIRE(response);
  CHECK(response->body.find("<a href=\"#v%7Cdms%7C2019\">dms, 2019</a>: ") != std::string::npos);
  CHECK(declarations() == 0);
  // The catalog's code NC is shown in the form, offered, and accepted: stored as missing with its code.
  response = client.Get("/", With(sedan, false));
  REQUIRE(response);
  CHECK(response->body.find("or a code: &#39;NC&#39; (not applicable)") != std::string::npos);
  CHECK(response->body.find("list=\"codes|v|ambu|2019\"") != std::string::npos);
  CHECK(response->body.find("<datalist id=\"codes|v|ambu|2019\"><option value=\"NC\">not applicable</option></datalist>") !=
        std::string::npos);
  response = post("v%7Cambu%7C2019=NC");
  REQUIRE(response);
  CHECK(response->body.find("1 value(s) recorded as declared by the establishment") != std::string::npos);
  CHECK(declarations() == 1);
  CHECK(response->body.find("value=\"NC\"") != std::string::npos);  // the field shows the stored code
  // NC gives "not applicable" (the catalog's code) for ambu60 in 2019.
  response = client.Get("/api/entities/080000037/verdicts?as_of=2020-06-30", With(sedan, false));
  REQUIRE(response);
  CHECK(json::parse(response->body)["contracts"][0]["verdicts"][0]["verdict"] == "not_applicable");
}
