// The access rules of `vigie serve` (engine/serve/access.h), the login rule, the listen address,
// the sign-in limiter and the password hash: no HTTP here (http_test.cpp runs the server).
#include <catch2/catch.hpp>

#include "engine/serve/access.h"
#include "engine/serve/listen.h"
#include "engine/serve/password.h"
#include "engine/serve/rate_limit.h"

using namespace vigie::serve;

namespace {

const std::set<std::string> kKnown = {"080000037", "080000615", "GHT_NORD"};
const Principal kController{"ctrl", Role::kController, {}};
const Principal kSedan{"sedan", Role::kEstablishment, {"080000037"}};
const Principal kAuditor{"audit", Role::kAuditor, {}};

}  // namespace

TEST_CASE("who may use which route about which entity: the whole table", "[serve][access]") {
  struct Row {
    std::optional<Principal> who;
    Route route;
    std::string entity;
    Access expected;
  };
  const std::vector<Row> table = {
      // no session: 401 everywhere, whatever the entity
      {std::nullopt, Route::kHome, "", Access::kUnauthenticated},
      {std::nullopt, Route::kDashboard, "", Access::kUnauthenticated},
      {std::nullopt, Route::kVerify, "", Access::kUnauthenticated},
      {std::nullopt, Route::kEntityVerdicts, "080000037", Access::kUnauthenticated},
      {std::nullopt, Route::kEntityValues, "080000037", Access::kUnauthenticated},
      {std::nullopt, Route::kEntityVerdicts, "999999999", Access::kUnauthenticated},
      // controller: every entity's verdicts; never declares values; dashboard and verify
      {kController, Route::kHome, "", Access::kAllowed},
      {kController, Route::kDashboard, "", Access::kAllowed},
      {kController, Route::kVerify, "", Access::kAllowed},
      {kController, Route::kEntityVerdicts, "080000037", Access::kAllowed},
      {kController, Route::kEntityVerdicts, "080000615", Access::kAllowed},
      {kController, Route::kEntityVerdicts, "999999999", Access::kNotFound},
      {kController, Route::kEntityValues, "080000037", Access::kForbidden},
      // establishment: its own entity only; another one, known or not, is 404 (not 403)
      {kSedan, Route::kHome, "", Access::kAllowed},
      {kSedan, Route::kDashboard, "", Access::kForbidden},
      {kSedan, Route::kVerify, "", Access::kForbidden},
      {kSedan, Route::kEntityVerdicts, "080000037", Access::kAllowed},
      {kSedan, Route::kEntityValues, "080000037", Access::kAllowed},
      {kSedan, Route::kEntityVerdicts, "080000615", Access::kNotFound},
      {kSedan, Route::kEntityValues, "080000615", Access::kNotFound},
      {kSedan, Route::kEntityVerdicts, "999999999", Access::kNotFound},
      {kSedan, Route::kEntityVerdicts, "GHT_NORD", Access::kNotFound},
      {kSedan, Route::kEntityVerdicts, "..", Access::kNotFound},
      // auditor: reads every entity, verifies; no dashboard, no declaration
      {kAuditor, Route::kHome, "", Access::kAllowed},
      {kAuditor, Route::kDashboard, "", Access::kForbidden},
      {kAuditor, Route::kVerify, "", Access::kAllowed},
      {kAuditor, Route::kEntityVerdicts, "080000615", Access::kAllowed},
      {kAuditor, Route::kEntityVerdicts, "999999999", Access::kNotFound},
      {kAuditor, Route::kEntityValues, "080000615", Access::kForbidden},
      // a verdict's explanation: as the entity's verdicts (an establishment its own, else 404)
      {std::nullopt, Route::kExplanation, "080000037", Access::kUnauthenticated},
      {kController, Route::kExplanation, "080000615", Access::kAllowed},
      {kController, Route::kExplanation, "999999999", Access::kNotFound},
      {kSedan, Route::kExplanation, "080000037", Access::kAllowed},
      {kSedan, Route::kExplanation, "080000615", Access::kNotFound},
      {kSedan, Route::kExplanation, "999999999", Access::kNotFound},
      {kAuditor, Route::kExplanation, "080000037", Access::kAllowed},
      {kAuditor, Route::kExplanation, "999999999", Access::kNotFound},
      // recording an official run: controllers only
      {std::nullopt, Route::kRecordRun, "", Access::kUnauthenticated},
      {kController, Route::kRecordRun, "", Access::kAllowed},
      {kSedan, Route::kRecordRun, "", Access::kForbidden},
      {kAuditor, Route::kRecordRun, "", Access::kForbidden},
      // a recorded run's report: any signed-in user here; the service answers 404 to an
      // establishment for a run that names none of its entities (http_test.cpp)
      {std::nullopt, Route::kRunReport, "", Access::kUnauthenticated},
      {kController, Route::kRunReport, "", Access::kAllowed},
      {kSedan, Route::kRunReport, "", Access::kAllowed},
      {kAuditor, Route::kRunReport, "", Access::kAllowed},
      // a self-assessment report: as the entity's verdicts
      {std::nullopt, Route::kEntityReport, "080000037", Access::kUnauthenticated},
      {kController, Route::kEntityReport, "080000615", Access::kAllowed},
      {kController, Route::kEntityReport, "999999999", Access::kNotFound},
      {kSedan, Route::kEntityReport, "080000037", Access::kAllowed},
      {kSedan, Route::kEntityReport, "080000615", Access::kNotFound},
      {kAuditor, Route::kEntityReport, "080000615", Access::kAllowed},
  };
  for (const Row& row : table) {
    INFO((row.who ? row.who->login : std::string("(none)")) << " route " << static_cast<int>(row.route) << " entity "
                                                             << row.entity);
    CHECK(Decide(row.who, row.route, row.entity, kKnown) == row.expected);
  }
  CHECK(StatusOf(Access::kUnauthenticated) == 401);
  CHECK(StatusOf(Access::kForbidden) == 403);
  CHECK(StatusOf(Access::kNotFound) == 404);
}

TEST_CASE("an establishment sees the contracts naming it, directly or through its group", "[serve][access]") {
  const std::vector<ContractParties> contracts = {
      {"cpom_sedan", {"080000037"}}, {"cpom_charleville", {"080000615"}}, {"ght", {"GHT_NORD"}}};
  std::vector<vigie::store::MembershipRow> memberships(1);
  memberships[0].group = "GHT_NORD";
  memberships[0].member = "080000037";
  CHECK(VisibleContracts(kSedan, contracts, memberships) == std::vector<std::string>{"cpom_sedan", "ght"});
  const Principal charleville{"ch", Role::kEstablishment, {"080000615"}};
  CHECK(VisibleContracts(charleville, contracts, memberships) == std::vector<std::string>{"cpom_charleville"});
  CHECK(VisibleContracts(kAuditor, contracts, memberships).size() == 3);
  CHECK(VisibleContracts(kController, contracts, {}).size() == 3);
}

TEST_CASE("logins: letters, digits and . _ @ -, at most 64, starting with a letter or digit", "[serve][users]") {
  CHECK_FALSE(LoginProblem("qualite.charleville").has_value());
  CHECK_FALSE(LoginProblem("m.durand@ars.sante.fr").has_value());
  CHECK(LoginProblem("") == std::optional<std::string>("the login is empty"));
  CHECK(LoginProblem("a b").has_value());
  CHECK(LoginProblem("../x").has_value());
  CHECK(LoginProblem("-x").has_value());
  CHECK(LoginProblem("é").has_value());
  CHECK_FALSE(LoginProblem(std::string(64, 'a')).has_value());
  CHECK(LoginProblem(std::string(65, 'a')).has_value());
  CHECK(RoleFromName("establishment") == Role::kEstablishment);
  CHECK_FALSE(RoleFromName("admin").has_value());
}

TEST_CASE("listen addresses: HOST:PORT, loopback or not", "[serve][listen]") {
  CHECK(ParseListenAddress("127.0.0.1:8080")->port == 8080);
  CHECK(ParseListenAddress("[::1]:9000")->host == "::1");
  CHECK(ParseListenAddress("localhost:1")->host == "localhost");
  CHECK_FALSE(ParseListenAddress("127.0.0.1").has_value());
  CHECK_FALSE(ParseListenAddress("127.0.0.1:0").has_value());
  CHECK_FALSE(ParseListenAddress("127.0.0.1:65536").has_value());
  CHECK_FALSE(ParseListenAddress("127.0.0.1:80x").has_value());
  CHECK_FALSE(ParseListenAddress("::1:80").has_value());
  CHECK_FALSE(ParseListenAddress("serveur:80").has_value());
  CHECK(IsLoopback("127.0.0.1"));
  CHECK(IsLoopback("127.1.2.3"));
  CHECK(IsLoopback("::1"));
  CHECK(IsLoopback("localhost"));
  CHECK_FALSE(IsLoopback("0.0.0.0"));
  CHECK_FALSE(IsLoopback("192.168.1.10"));
  CHECK_FALSE(IsLoopback("::"));
}

TEST_CASE("sign-in failures are limited per key within a window", "[serve][limit]") {
  using namespace std::chrono;
  RateLimiter limiter(3, seconds(60));
  const system_clock::time_point t0{};
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(limiter.Blocked("sedan", t0 + seconds(i)));
    limiter.Failed("sedan", t0 + seconds(i));
  }
  CHECK(limiter.Blocked("sedan", t0 + seconds(3)));
  CHECK_FALSE(limiter.Blocked("other", t0 + seconds(3)));
  CHECK(limiter.Blocked("sedan", t0 + seconds(59)));
  CHECK_FALSE(limiter.Blocked("sedan", t0 + seconds(60)));  // the first failure left the window
  limiter.Failed("sedan", t0 + seconds(61));
  limiter.Succeeded("sedan");
  CHECK_FALSE(limiter.Blocked("sedan", t0 + seconds(61)));
}

TEST_CASE("passwords are kept as Argon2id strings and checked against them", "[serve][password]") {
  const std::string hash = HashPassword("correct horse battery", PasswordCost::Minimal());
  CHECK(hash.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0) == 0);
  CHECK(VerifyPassword("correct horse battery", hash));
  CHECK_FALSE(VerifyPassword("correct horse batterY", hash));
  CHECK_FALSE(VerifyPassword("", hash));
  CHECK_FALSE(VerifyPassword("x", ""));
  CHECK(HashPassword("correct horse battery", PasswordCost::Minimal()) != hash);  // a new salt each time
  const PasswordCost cost = PasswordCost::Interactive();
  CHECK(cost.passes == 2);
  CHECK(cost.memory_bytes == 64u * 1024 * 1024);
  const std::string token = RandomHex(32);
  CHECK(token.size() == 64);
  CHECK(token != RandomHex(32));
}
