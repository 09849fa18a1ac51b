#include "engine/serve/server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/base/calendar.h"
#include "engine/base/clock.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/serve/access.h"
#include "engine/serve/api_json.h"
#include "engine/serve/dashboard_json.h"
#include "engine/serve/dashboard_page.h"
#include "engine/serve/listen.h"
#include "engine/serve/pages.h"
#include "engine/serve/password.h"
#include "engine/serve/request_parse.h"
#include "engine/report/report_text.h"

namespace vigie::serve {
namespace {

constexpr const char* kSessionCookie = "vigie_session";
constexpr const char* kLoginCookie = "vigie_login_csrf";
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

bool SameSecret(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The value of cookie `name` in the request's Cookie header ("" when absent).
std::string CookieValue(const httplib::Request& request, const std::string& name) {
  return CookieFromHeader(request.get_header_value("Cookie"), name);
}

std::string ClientAddress(const httplib::Request& request) {
  return ClientAddressOf(request.remote_addr, request.get_header_value("X-Forwarded-For"));
}

// The parts of a multipart request, as request_parse.h reads them.
std::vector<UploadedPart> Parts(const httplib::Request& request) {
  std::vector<UploadedPart> parts;
  for (const auto& [field, file] : request.files) parts.push_back({field, file.filename, file.content});
  return parts;
}

bool IsApi(const httplib::Request& request) { return request.path.rfind("/api/", 0) == 0; }

}  // namespace

struct Server::Impl {
  Service& service;
  ServerOptions options;
  httplib::Server http;
  bool bound = false;
  bool ran = false;  // Run() served the socket
  std::atomic<bool> running{false}, stop_requested{false};

  Impl(Service& s, ServerOptions o) : service(s), options(o) { Routes(); }

  std::string SessionCookie(const std::string& token, long max_age) const {
    return std::string(kSessionCookie) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
           std::to_string(max_age) + (options.secure_cookies ? "; Secure" : "");
  }

  std::optional<Service::Session> SessionOf(const httplib::Request& request) {
    const std::string token = CookieValue(request, kSessionCookie);
    if (token.empty()) return std::nullopt;
    return service.Authenticate(token);
  }

  // The CSRF token of a write: the X-CSRF-Token header (API) or the form's `csrf` field (pages).
  static bool CsrfOk(const httplib::Request& request, const Service::Session& session) {
    std::string given = request.get_header_value("X-CSRF-Token");
    if (given.empty()) given = request.get_param_value("csrf");
    if (given.empty() && request.has_file("csrf")) given = request.get_file_value("csrf").content;
    return SameSecret(given, session.csrf);
  }

  static void Json(httplib::Response& response, int status, const std::string& body) {
    response.status = status;
    response.set_content(body, kJson);
  }
  static void Html(httplib::Response& response, int status, const std::string& body) {
    response.status = status;
    response.set_content(body, kHtml);
  }
  static void Refuse(const httplib::Request& request, httplib::Response& response, Access access) {
    const int status = StatusOf(access);
    const std::string message = access == Access::kUnauthenticated ? std::string(Tr("sign in first"))
                                : access == Access::kForbidden     ? std::string(Tr("your role does not allow this"))
                                                                   : std::string(Tr("no such page"));
    if (IsApi(request)) return Json(response, status, ErrorJson(message));
    if (access == Access::kUnauthenticated) return response.set_redirect("/connexion", 303);
    Html(response, status, MessagePage(status, message));
  }

  // The session of a request allowed on `route` (about `entity`), or nullopt with the refusal sent.
  std::optional<Service::Session> Allow(const httplib::Request& request, httplib::Response& response, Route route,
                                        const std::string& entity = "", bool write = false) {
    std::optional<Service::Session> session = SessionOf(request);
    std::optional<Principal> who;
    if (session) who = session->who;
    const bool about_entity = route == Route::kEntityVerdicts || route == Route::kEntityValues || route == Route::kExplanation ||
                              route == Route::kEntityReport;
    // The store is asked about this one entity only (a region's store knows thousands).
    std::set<std::string> known;
    if (about_entity && service.IsKnownEntity(entity)) known.insert(entity);
    const Access access = Decide(who, route, entity, known);
    if (access != Access::kAllowed) {
      Refuse(request, response, access);
      return std::nullopt;
    }
    if (write && !CsrfOk(request, *session)) {
      const std::string message(Tr("the form is out of date or comes from another site: reload the page"));
      if (IsApi(request)) Json(response, 403, ErrorJson(std::string(Tr("missing or wrong X-CSRF-Token header"))));
      else Html(response, 403, MessagePage(403, message));
      return std::nullopt;
    }
    return session;
  }

  std::optional<calendar::Date> AsOf(const httplib::Request& request, httplib::Response& response, const char* parameter) {
    if (!request.has_param(parameter)) return Today();
    calendar::Parsed<calendar::Date> date = calendar::ParseDate(request.get_param_value(parameter));
    if (!date) {
      if (IsApi(request)) Json(response, 400, ErrorJson(Tr("{0}: {1}", parameter, date.error)));
      else Html(response, 400, MessagePage(400, date.error));
      return std::nullopt;
    }
    return *date.value;
  }

  std::string SignInError(Service::SignIn::Outcome outcome) const {
    return outcome == Service::SignIn::Outcome::kThrottled
               ? std::string(Tr("too many failed attempts: wait a few minutes and try again"))
           : outcome == Service::SignIn::Outcome::kFailed ? std::string(Tr("the session could not be opened; try again"))
                                                         : std::string(Tr("wrong login or password"));
  }
  static int SignInStatus(Service::SignIn::Outcome outcome) {
    return outcome == Service::SignIn::Outcome::kThrottled ? 429 : outcome == Service::SignIn::Outcome::kFailed ? 500 : 401;
  }
  static int ReviewStatus(Service::Review review) {
    switch (review) {
      case Service::Review::kDone: return 200;
      case Service::Review::kNotFound: return 404;
      case Service::Review::kAlreadyReviewed: return 409;
      case Service::Review::kReasonMissing: return 422;
      case Service::Review::kFailed: return 500;
    }
    return 500;
  }
  static std::string ReviewProblem(Service::Review review) {
    switch (review) {
      case Service::Review::kNotFound: return std::string(Tr("no declaration of values has this number"));
      case Service::Review::kAlreadyReviewed: return std::string(Tr("this declaration was already reviewed; a review is final"));
      case Service::Review::kReasonMissing: return std::string(Tr("a rejection needs its reason, for the establishment"));
      case Service::Review::kFailed: return std::string(Tr("the review could not be recorded; nothing was changed"));
      case Service::Review::kDone: break;
    }
    return "";
  }
  // The verdict a request names (`contract`, `item`, `period` parameters), explained for `session`;
  // nullopt with the refusal sent: 400 a parameter missing or a period or date that does not
  // exist, 404 a verdict the user may not see or that does not exist (with why, when it may see).
  std::optional<Service::VerdictExplanation> ExplainFor(const httplib::Request& request, httplib::Response& response,
                                                        const Service::Session& session, const std::string& entity,
                                                        const char* contract, const char* item, const char* period,
                                                        const char* date) {
    auto refuse = [&](int status, const std::string& message) {
      if (IsApi(request)) Json(response, status, ErrorJson(message));
      else Html(response, status, MessagePage(status, message));
      return std::nullopt;
    };
    if (request.get_param_value(contract).empty() || request.get_param_value(item).empty() || request.get_param_value(period).empty()) {
      return refuse(400, Tr("give the contract, the commitment or milestone and the period of the verdict ({0}, {1}, {2})", contract, item, period));
    }
    const calendar::Parsed<calendar::Period> parsed = calendar::ParsePeriod(request.get_param_value(period));
    if (!parsed) return refuse(400, Tr("{0}: {1}", period, parsed.error));
    const std::optional<calendar::Date> as_of = AsOf(request, response, date);
    if (!as_of) return std::nullopt;
    Service::VerdictExplanation explanation = service.Explain(session.who, entity, request.get_param_value(contract),
                                                              request.get_param_value(item), *parsed.value, *as_of);
    using Problem = Service::VerdictExplanation::Problem;
    switch (explanation.problem) {
      case Problem::kNone: return explanation;
      case Problem::kNotVisible:
      case Problem::kUnknownEntity: return refuse(404, std::string(Tr("no such page")));
      case Problem::kUnknownItem:
        return refuse(404, Tr("contract '{0}' has no commitment or milestone '{1}'", explanation.contract, explanation.item));
      case Problem::kUnknownPeriod: return refuse(404, Tr("no data or target for period {0}", explanation.period));
      case Problem::kNoVerdict: return refuse(404, Tr("no verdict: {0}", explanation.reason));
    }
    return std::nullopt;
  }

  // A report to download (Content-Disposition: attachment), or the refusal: 404 a run or an entity
  // the user may not see, 500 a sealed report that no longer reads.
  static void SendReport(const httplib::Request& request, httplib::Response& response, Service::ReportResult result) {
    using Problem = Service::ReportResult::Problem;
    if (result.problem != Problem::kNone) {
      // A report that would not fit in memory: the server cannot make it now (503), and says why.
      const int status = result.problem == Problem::kNotFound ? 404 : result.problem == Problem::kTooLarge ? 503 : 500;
      const std::string message = result.problem == Problem::kNotFound   ? std::string(Tr("no such page"))
                                  : result.problem == Problem::kTooLarge ? result.why
                                                                         : Tr("the recorded report does not read: {0}", result.why);
      if (IsApi(request)) return Json(response, status, ErrorJson(message));
      return Html(response, status, MessagePage(status, message));
    }
    response.status = 200;
    response.set_header("Content-Disposition", "attachment; filename=\"" + result.download.file_name + "\"");
    response.set_content(std::move(result.download.body), result.download.content_type);
  }
  // The format a report request names (`format`, default json); nullopt with a 400 sent.
  static std::optional<ReportFormat> FormatParameter(const httplib::Request& request, httplib::Response& response) {
    const std::string name = request.has_param("format") ? request.get_param_value("format") : "json";
    const std::optional<ReportFormat> format = ReportFormatNamed(name);
    if (!format) Json(response, 400, ErrorJson(Tr("format: '{0}' is not a report format (html, json or csv)", name)));
    return format;
  }

  long Lifetime() const { return static_cast<long>(service.Config().session_lifetime.count()); }

  std::string EstablishmentHome(const Service::Session& session, const calendar::Date& as_of, const std::string& notice) {
    std::vector<EntitySection> sections;
    for (const std::string& entity : session.who.entities) {
      if (!service.IsKnownEntity(entity)) continue;
      sections.push_back({service.Verdicts(session.who, entity, as_of), service.Form(session.who, entity)});
    }
    return EstablishmentPage(session, sections, service.RunsOf(session.who), notice);
  }

  void Routes() {
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(30);
    http.set_write_timeout(30);
    http.set_keep_alive_max_count(100);
    http.set_default_headers({{"Content-Security-Policy",
                               "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'"},
                              {"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cache-Control", "no-store"}});
    // A path with a `..` segment names nothing here: refused before any route sees it.
    http.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
      const std::string& path = request.path;
      if (path.find("/..") != std::string::npos || path.find("../") != std::string::npos || path == "..") {
        if (IsApi(request)) Json(response, 404, ErrorJson(std::string(Tr("no such page"))));
        else Html(response, 404, MessagePage(404, std::string(Tr("no such page"))));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // httplib's own refusals (404 of an unknown path, 413 of a body too large) get a body too.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& request, httplib::Response& response) {
      if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const std::string message = response.status == 413 ? std::string(Tr("the request is larger than the server accepts"))
                                  : response.status == 404 ? std::string(Tr("no such page"))
                                                           : Tr("the request was refused ({0})", response.status);
      if (IsApi(request)) response.set_content(ErrorJson(message), kJson);
      else response.set_content(MessagePage(response.status, message), kHtml);
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
      response.status = 500;
      const std::string message(Tr("internal error; nothing was changed by this request"));
      if (IsApi(request)) response.set_content(ErrorJson(message), kJson);
      else response.set_content(MessagePage(500, message), kHtml);
    });

    // ── the API
    http.Post("/api/session", [this](const httplib::Request& request, httplib::Response& response) {
      // Only JSON: a form of another site cannot send it without the browser asking first (CORS).
      if (request.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
        return Json(response, 415, ErrorJson(std::string(Tr("send {\"login\": ..., \"password\": ...} as application/json"))));
      }
      const std::optional<Credentials> body = ReadCredentials(request.body);
      if (!body) {
        return Json(response, 400, ErrorJson(std::string(Tr("send {\"login\": ..., \"password\": ...} as application/json"))));
      }
      const Service::SignIn result = service.SignInUser(body->login, body->password, ClientAddress(request));
      if (result.outcome != Service::SignIn::Outcome::kSignedIn) {
        return Json(response, SignInStatus(result.outcome), ErrorJson(SignInError(result.outcome)));
      }
      response.set_header("Set-Cookie", SessionCookie(result.token, Lifetime()));
      Json(response, 200, SessionJson(result.who, result.csrf));
    });
    http.Delete("/api/session", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kHome, "", true);
      if (!session) return;
      service.SignOut(*session);
      response.set_header("Set-Cookie", SessionCookie("", 0));
      Json(response, 200, "{}\n");
    });
    http.Get(R"(/api/entities/([^/]+)/verdicts)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kEntityVerdicts, entity);
      if (!session) return;
      const std::optional<calendar::Date> as_of = AsOf(request, response, "as_of");
      if (!as_of) return;
      Json(response, 200, EntityViewJson(service.Verdicts(session->who, entity, *as_of)));
    });
    http.Post(R"(/api/entities/([^/]+)/values)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kEntityValues, entity, true);
      if (!session) return;
      const std::string type = request.get_header_value("Content-Type");
      const bool workbook = type.rfind(kXlsx, 0) == 0;
      if (type.rfind("text/csv", 0) != 0 && !workbook) {
        return Json(response, 415, ErrorJson(std::string(Tr("send the values as text/csv or as an .xlsx workbook (the data template's layout)"))));
      }
      const Declaration declaration =
          service.DeclareValues(session->who, entity, request.body, "declaration-" + entity + (workbook ? ".xlsx" : ".csv"));
      Json(response, declaration.stored ? 200 : 422, DeclarationJson(declaration));
    });
    http.Post("/api/verify", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kVerify, "", true);
      if (!session) return;
      // report.json alone as the body, or with the files written beside it as multipart `files`.
      std::map<std::string, std::string> files;
      if (request.is_multipart_form_data()) {
        files = UploadedFiles(Parts(request), "files");
      } else if (request.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
        files["report.json"] = request.body;
      } else {
        return Json(response, 415, ErrorJson(std::string(Tr("send report.json as application/json"))));
      }
      const Service::Verification answer = service.Verify(files);
      if (answer.json.empty()) return Json(response, 422, ErrorJson(answer.problem));
      Json(response, 200, answer.json);
    });

    http.Get("/api/dashboard", [this](const httplib::Request& request, httplib::Response& response) {
      if (!Allow(request, response, Route::kDashboard)) return;
      const std::optional<calendar::Date> as_of = AsOf(request, response, "as_of");
      if (!as_of) return;
      Json(response, 200, DashboardJson(service.BuildDashboard(*as_of, request.get_param_value("year"))));
    });
    http.Post("/api/runs", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kRecordRun, "", true);
      if (!session) return;
      if (request.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
        return Json(response, 415, ErrorJson(std::string(Tr("send {\"as_of\": \"YYYY-MM-DD\"} as application/json"))));
      }
      const std::optional<RunRequest> body = ReadRunRequest(request.body);
      if (!body) {
        return Json(response, 400, ErrorJson(std::string(Tr("send {\"as_of\": \"YYYY-MM-DD\"} as application/json"))));
      }
      calendar::Date as_of = Today();
      if (body->as_of) {
        const calendar::Parsed<calendar::Date> date = calendar::ParseDate(*body->as_of);
        if (!date) return Json(response, 400, ErrorJson(Tr("{0}: {1}", "as_of", date.error)));
        as_of = *date.value;
      }
      const Service::RecordedRun run = service.RecordRun(session->who, as_of);
      if (run.run_id == 0) return Json(response, 500, ErrorJson(Tr("The run was not recorded: {0}", run.problem)));
      Json(response, 200, RecordedRunJson(run.run_id, calendar::Format(as_of)));
    });
    http.Get(R"(/api/entities/([^/]+)/explanation)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kExplanation, entity);
      if (!session) return;
      const std::optional<Service::VerdictExplanation> explanation =
          ExplainFor(request, response, *session, entity, "contract", "item", "period", "as_of");
      if (explanation) Json(response, 200, ExplanationJson(*explanation));
    });
    http.Get(R"(/api/runs/([0-9]{1,18})/report)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kRunReport);
      if (!session) return;
      const std::optional<ReportFormat> format = FormatParameter(request, response);
      if (!format) return;
      SendReport(request, response, service.RunReport(session->who, std::stoll(request.matches[1]), *format));
    });
    http.Get(R"(/api/entities/([^/]+)/report)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kEntityReport, entity);
      if (!session) return;
      const std::optional<ReportFormat> format = FormatParameter(request, response);
      if (!format) return;
      const std::optional<calendar::Date> as_of = AsOf(request, response, "as_of");
      if (!as_of) return;
      SendReport(request, response, service.SelfAssessmentReport(session->who, entity, *as_of, *format));
    });
    http.Get("/api/declarations", [this](const httplib::Request& request, httplib::Response& response) {
      if (!Allow(request, response, Route::kDeclarations)) return;
      Json(response, 200, DeclarationsJson(service.Declarations()));
    });
    http.Post(R"(/api/declarations/([0-9]{1,18})/review)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kReview, "", true);
      if (!session) return;
      if (request.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
        return Json(response, 415, ErrorJson(std::string(Tr("send {\"decision\": \"validated\" or \"rejected\", \"reason\": ...} as application/json"))));
      }
      const std::optional<ReviewDecision> body = ReadReviewDecision(request.body);
      if (!body) {
        return Json(response, 400, ErrorJson(std::string(Tr("send {\"decision\": \"validated\" or \"rejected\", \"reason\": ...} as application/json"))));
      }
      const int64_t id = std::stoll(request.matches[1]);
      const Service::Review review = service.ReviewDeclaration(session->who, id, body->validated, body->reason);
      if (review != Service::Review::kDone) return Json(response, ReviewStatus(review), ErrorJson(ReviewProblem(review)));
      for (const Service::DeclarationView& view : service.Declarations()) {
        if (view.declaration.import_id == id) return Json(response, 200, DeclarationViewJson(view));
      }
      Json(response, 404, ErrorJson(std::string(Tr("no such page"))));
    });

    // ── the pages
    http.Get("/", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kHome);
      if (!session) return;
      if (session->who.role == Role::kController) return response.set_redirect("/tableau", 303);
      if (session->who.role == Role::kAuditor) return response.set_redirect("/verifier", 303);
      const std::optional<calendar::Date> as_of = AsOf(request, response, "date");
      if (!as_of) return;
      Html(response, 200, EstablishmentHome(*session, *as_of, ""));
    });
    http.Get("/connexion", [this](const httplib::Request&, httplib::Response& response) {
      // Sign-in CSRF: the form's token must match this cookie (double submit).
      const std::string token = RandomHex(16);
      response.set_header("Set-Cookie", std::string(kLoginCookie) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/connexion" +
                                            (options.secure_cookies ? "; Secure" : ""));
      Html(response, 200, LoginPage("", token));
    });
    http.Post("/connexion", [this](const httplib::Request& request, httplib::Response& response) {
      if (!SameSecret(request.get_param_value("csrf"), CookieValue(request, kLoginCookie))) {
        return Html(response, 403, MessagePage(403, std::string(Tr("the form is out of date or comes from another site: reload the page"))));
      }
      const Service::SignIn result =
          service.SignInUser(request.get_param_value("login"), request.get_param_value("password"), ClientAddress(request));
      if (result.outcome != Service::SignIn::Outcome::kSignedIn) {
        return Html(response, SignInStatus(result.outcome), LoginPage(SignInError(result.outcome), CookieValue(request, kLoginCookie)));
      }
      response.set_header("Set-Cookie", SessionCookie(result.token, Lifetime()));
      response.set_redirect("/", 303);
    });
    http.Post("/deconnexion", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kHome, "", true);
      if (!session) return;
      service.SignOut(*session);
      response.set_header("Set-Cookie", SessionCookie("", 0));
      response.set_redirect("/connexion", 303);
    });
    http.Post(R"(/etablissement/([^/]+)/valeurs)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kEntityValues, entity, true);
      if (!session) return;
      // The form's fields v|INDICATOR|PERIOD become the long layout of the data template; its problems
      // are told on the fields typed in, not on the lines of that CSV.
      const std::vector<FormValue> values = FormValues(request.params);
      std::string notice;
      if (values.empty()) {
        notice = "<p class=\"problem\" role=\"alert\">" + report::EscapeHtml(Tr("No value was filled in; nothing was stored.")) + "</p>";
      } else {
        const std::vector<FormRow> rows = service.Form(session->who, entity);
        std::vector<FormProblem> problems = UnreadableValues(values, rows);
        if (problems.empty()) {
          size_t count = 0;
          const std::string csv = FormValuesCsv(entity, request.params, count);
          const Declaration declaration = service.DeclareValues(session->who, entity, csv, "formulaire-" + entity + ".csv");
          if (!declaration.stored) problems = FormProblems(declaration, values, rows);
          if (problems.empty()) notice = DeclarationNotice(declaration);
        }
        if (!problems.empty()) notice = FormNotice(problems);
      }
      Html(response, 200, EstablishmentHome(*session, Today(), notice));
    });
    http.Post(R"(/etablissement/([^/]+)/fichier)", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kEntityValues, entity, true);
      if (!session) return;
      // The data template filled in, as CSV or as a workbook: by its name, and the importer checks the bytes.
      std::string notice;
      if (!request.has_file("file") || request.get_file_value("file").content.empty()) {
        notice = "<p class=\"problem\" role=\"alert\">" + report::EscapeHtml(Tr("No file was sent; nothing was stored.")) + "</p>";
      } else {
        const httplib::MultipartFormData file = request.get_file_value("file");
        const bool workbook = IsWorkbookName(file.filename);
        notice = DeclarationNotice(
            service.DeclareValues(session->who, entity, file.content, "fichier-" + entity + (workbook ? ".xlsx" : ".csv")));
      }
      Html(response, 200, EstablishmentHome(*session, Today(), notice));
    });
    http.Get("/verifier", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kVerify);
      if (!session) return;
      Html(response, 200, VerifyPage(*session, nullptr, service.RunsOf(session->who)));
    });
    http.Post("/verifier", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kVerify, "", true);
      if (!session) return;
      const Service::Verification answer = service.Verify(UploadedFiles(Parts(request), "files"));
      Html(response, 200, VerifyPage(*session, &answer, service.RunsOf(session->who)));
    });
    http.Get("/validation", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kReview);
      if (!session) return;
      Html(response, 200, ValidationPage(*session, service.Declarations(), ""));
    });
    http.Post(R"(/validation/([0-9]{1,18}))", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kReview, "", true);
      if (!session) return;
      const std::string decision = request.get_param_value("decision");
      if (decision != "validated" && decision != "rejected") {
        return Html(response, 400, MessagePage(400, std::string(Tr("choose to validate or to reject"))));
      }
      const int64_t id = std::stoll(request.matches[1]);
      const Service::Review review =
          service.ReviewDeclaration(session->who, id, decision == "validated", request.get_param_value("reason"));
      std::string notice;
      if (review == Service::Review::kDone) {
        notice = "<p class=\"ok\" role=\"status\">" +
                 report::EscapeHtml(decision == "validated" ? Tr("Declaration {0} validated.", id) : Tr("Declaration {0} rejected.", id)) +
                 "</p>";
      } else {
        notice = "<p class=\"problem\" role=\"alert\">" + report::EscapeHtml(ReviewProblem(review)) + "</p>";
      }
      Html(response, review == Service::Review::kDone ? 200 : ReviewStatus(review), ValidationPage(*session, service.Declarations(), notice));
    });
    http.Get("/tableau", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kDashboard);
      if (!session) return;
      const std::optional<calendar::Date> as_of = AsOf(request, response, "date");
      if (!as_of) return;
      const std::string year = request.get_param_value("annee");
      Html(response, 200, DashboardPage(*session, service.BuildDashboard(*as_of, year), year));
    });
    http.Post("/tableau/execution", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kRecordRun, "", true);
      if (!session) return;
      const std::optional<calendar::Date> as_of = AsOf(request, response, "date");
      if (!as_of) return;
      const Service::RecordedRun run = service.RecordRun(session->who, *as_of);
      const std::string notice =
          run.run_id != 0
              ? "<p class=\"ok\" role=\"status\" id=\"execution-enregistree\">" +
                    report::EscapeHtml(Tr("Run #{0} recorded in the store as of {1}: its report is kept there, sealed.", run.run_id,
                                          FormatDate(calendar::Format(*as_of)))) +
                    " " + report::EscapeHtml(Tr("Its report:")) + " " + ReportLinks("/rapport/" + std::to_string(run.run_id)) + "</p>"
              : "<p class=\"problem\" role=\"alert\">" + report::EscapeHtml(Tr("The run was not recorded: {0}", run.problem)) + "</p>";
      Html(response, run.run_id != 0 ? 200 : 500, DashboardPage(*session, service.BuildDashboard(*as_of), "", notice));
    });
    http.Get(R"(/rapport/([0-9]{1,18})\.(html|json|csv))", [this](const httplib::Request& request, httplib::Response& response) {
      const std::optional<Service::Session> session = Allow(request, response, Route::kRunReport);
      if (!session) return;
      SendReport(request, response,
                 service.RunReport(session->who, std::stoll(request.matches[1]), *ReportFormatNamed(request.matches[2].str())));
    });
    http.Get(R"(/etablissement/([^/]+)/rapport\.(html|json|csv))", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kEntityReport, entity);
      if (!session) return;
      const std::optional<calendar::Date> as_of = AsOf(request, response, "date");
      if (!as_of) return;
      SendReport(request, response,
                 service.SelfAssessmentReport(session->who, entity, *as_of, *ReportFormatNamed(request.matches[2].str())));
    });
    http.Get(R"(/explication/([^/]+))", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string entity = request.matches[1];
      const std::optional<Service::Session> session = Allow(request, response, Route::kExplanation, entity);
      if (!session) return;
      const std::optional<Service::VerdictExplanation> explanation =
          ExplainFor(request, response, *session, entity, "contrat", "element", "periode", "date");
      if (explanation) Html(response, 200, ExplanationPage(*session, *explanation));
    });
  }
};

Server::Server(Service& service, ServerOptions options) : impl_(std::make_unique<Impl>(service, options)) {}

Server::~Server() {
  Stop();
  // A socket bound but never served is closed by httplib only when its loop ends: run the loop
  // once, stopped at once, so that no descriptor outlives the server.
  if (impl_->bound && !impl_->ran) {
    std::thread loop([this] { impl_->http.listen_after_bind(); });
    while (!impl_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    impl_->http.stop();
    loop.join();
  }
}

int Server::Bind(const std::string& host, int port) {
  // httplib listens with a queue of 5 connections waiting to be accepted (CPPHTTPLIB_LISTEN_BACKLOG,
  // built into Debian's libcpp-httplib). Under load a connection that finds it full is dropped and
  // the client tries again one second later (TCP's SYN retry): a whole second added to about 4 % of
  // the requests of bench/serve_load.js. Listening again on the bound socket widens the queue.
  constexpr int kListenBacklog = 1024;
  socket_t bound_socket = INVALID_SOCKET;
  impl_->http.set_socket_options([&bound_socket](socket_t made) {
    httplib::default_socket_options(made);
    bound_socket = made;  // the last one made is the one bound
  });
  if (port == 0) {
    port = impl_->http.bind_to_any_port(host);
    impl_->bound = port > 0;
  } else {
    impl_->bound = impl_->http.bind_to_port(host, port);
  }
  impl_->http.set_socket_options(httplib::default_socket_options);
  if (!impl_->bound) return -1;
  if (bound_socket != INVALID_SOCKET) ::listen(bound_socket, kListenBacklog);
  return port;
}

bool Server::Run() {
  if (!impl_->bound) return false;
  impl_->running = true;  // before looking at stop_requested: Stop() then either sees it or is seen
  if (impl_->stop_requested) {
    impl_->running = false;
    return true;
  }
  impl_->ran = true;
  const bool served = impl_->http.listen_after_bind();
  impl_->running = false;
  return served;
}

void Server::Stop() {
  impl_->stop_requested = true;
  // Run() may have started without httplib's loop running yet: wait for it, then stop it.
  while (impl_->running) {
    if (impl_->http.is_running()) {
      impl_->http.stop();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace vigie::serve
