// What vigie reads from a request (engine/serve/request_parse.h): cookies, the API's JSON bodies, the
// values form turned into the data template's CSV, the files of an upload. No HTTP here.
#include <catch2/catch.hpp>

#include "engine/ingest/csv_reader.h"
#include "engine/serve/request_parse.h"

using namespace vigie::serve;

TEST_CASE("a cookie is found by its exact name among the others", "[serve][request]") {
  CHECK(CookieFromHeader("vigie_session=abc", "vigie_session") == "abc");
  CHECK(CookieFromHeader("a=1;  vigie_session=abc; b=2", "vigie_session") == "abc");
  CHECK(CookieFromHeader("vigie_session_old=zzz; vigie_session=abc", "vigie_session") == "abc");
  CHECK(CookieFromHeader("xvigie_session=abc", "vigie_session") == "");
  CHECK(CookieFromHeader("vigie_session", "vigie_session") == "");
  CHECK(CookieFromHeader("vigie_session=", "vigie_session") == "");
  CHECK(CookieFromHeader("", "vigie_session") == "");
  CHECK(CookieFromHeader(";;;", "vigie_session") == "");
}

TEST_CASE("the sign-in body must be an object with a login and a password, both strings", "[serve][request]") {
  const std::optional<Credentials> read = ReadCredentials(R"({"login": "sedan", "password": "s3cret é", "x": 1})");
  REQUIRE(read);
  CHECK(read->login == "sedan");
  CHECK(read->password == "s3cret é");
  CHECK_FALSE(ReadCredentials(R"({"login": "sedan"})"));
  CHECK_FALSE(ReadCredentials(R"({"login": "sedan", "password": 12})"));
  CHECK_FALSE(ReadCredentials(R"(["sedan", "pw"])"));
  CHECK_FALSE(ReadCredentials("login=sedan&password=pw"));
  CHECK_FALSE(ReadCredentials(""));
  CHECK_FALSE(ReadCredentials("{\"login\": \"a\", \"password\": \"\xff\"}"));  // not UTF-8
}

TEST_CASE("a review says validated or rejected, with an optional reason", "[serve][request]") {
  std::optional<ReviewDecision> read = ReadReviewDecision(R"({"decision": "rejected", "reason": "valeur 2019 erronée"})");
  REQUIRE(read);
  CHECK_FALSE(read->validated);
  CHECK(read->reason == "valeur 2019 erronée");
  read = ReadReviewDecision(R"({"decision": "validated"})");
  REQUIRE(read);
  CHECK(read->validated);
  CHECK(read->reason.empty());
  CHECK_FALSE(ReadReviewDecision(R"({"decision": "accepted"})"));
  CHECK_FALSE(ReadReviewDecision(R"({"decision": "validated", "reason": 3})"));
  CHECK_FALSE(ReadReviewDecision(R"({"decision": true})"));
  CHECK_FALSE(ReadReviewDecision("null"));
}

TEST_CASE("a run request is an object whose as_of, when given, is a string", "[serve][request]") {
  std::optional<RunRequest> read = ReadRunRequest(R"({"as_of": "2021-06-30"})");
  REQUIRE(read);
  CHECK(read->as_of == "2021-06-30");
  read = ReadRunRequest("{}");
  REQUIRE(read);
  CHECK_FALSE(read->as_of);
  CHECK(ReadRunRequest(R"({"as_of": "30/06/2021"})"));  // a string: the calendar judges the date
  CHECK_FALSE(ReadRunRequest(R"({"as_of": 20210630})"));
  CHECK_FALSE(ReadRunRequest("[]"));
  CHECK_FALSE(ReadRunRequest("not json"));
}

TEST_CASE("the values form becomes the data template's CSV, every cell quoted, and reads back as typed", "[serve][request]") {
  const std::multimap<std::string, std::string> fields = {
      {"csrf", "tok"},
      {"v|P12|2019", "39,17"},
      {"v|P1|2019", ""},                          // left empty: not a value
      {"v|note|2020", "dit \"environ\"; 12"},     // quotes and the separator stay inside the cell
      {"v|sans_periode", "1"},                    // no second bar: not a value field
  };
  size_t rows = 0;
  const std::string csv = FormValuesCsv("080000037", fields, rows);
  CHECK(rows == 2);
  CHECK(csv ==
        "finess;indicateur;periode;valeur\n"
        "\"080000037\";\"P12\";\"2019\";\"39,17\"\n"
        "\"080000037\";\"note\";\"2020\";\"dit \"\"environ\"\"; 12\"\n");
  const vigie::ingest::CsvTable table = vigie::ingest::ReadCsv(csv);
  CHECK(table.problems.empty());
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[1].fields == std::vector<std::string>{"080000037", "note", "2020", "dit \"environ\"; 12"});
}

TEST_CASE("an upload's files are the parts of one field that have a file name", "[serve][request]") {
  const std::map<std::string, std::string> files = UploadedFiles(
      {{"files", "report.json", "{}"}, {"csrf", "", "tok"}, {"files", "", "no name"}, {"other", "x.txt", "x"},
       {"files", "report.sig", "sig1"}, {"files", "report.sig", "sig2"}},
      "files");
  CHECK(files == std::map<std::string, std::string>{{"report.json", "{}"}, {"report.sig", "sig2"}});
  CHECK(IsWorkbookName("valeurs.xlsx"));
  CHECK(IsWorkbookName("VALEURS.XLSX"));
  CHECK(IsWorkbookName("modele.xlsm"));
  CHECK_FALSE(IsWorkbookName(".xlsx"));
  CHECK_FALSE(IsWorkbookName("valeurs.csv"));
}

TEST_CASE("the client's address: X-Forwarded-For's last entry only behind a proxy on this machine", "[serve][request]") {
  CHECK(ClientAddressOf("127.0.0.1", "203.0.113.9, 198.51.100.7") == "198.51.100.7");
  CHECK(ClientAddressOf("127.0.0.1", "198.51.100.7") == "198.51.100.7");
  CHECK(ClientAddressOf("127.0.0.1", "198.51.100.7, ") == "127.0.0.1");
  CHECK(ClientAddressOf("127.0.0.1", "") == "127.0.0.1");
  CHECK(ClientAddressOf("192.0.2.4", "198.51.100.7") == "192.0.2.4");  // not through our proxy: ignored
}
