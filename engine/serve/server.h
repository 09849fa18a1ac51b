// The HTTP side of `vigie serve` (Debian's cpp-httplib): routes, cookies, CSRF, limits, security
// headers. It decides nothing itself: access.h says who may do what, service.h does it.
//
// Routes (docs/serve.md, docs/api/openapi.yaml):
//   POST   /api/session                    {"login","password"} -> 200 + cookie | 401 | 429
//   DELETE /api/session                    sign out (X-CSRF-Token)
//   GET    /api/entities/{id}/verdicts     ?as_of=YYYY-MM-DD (default: today)
//   POST   /api/entities/{id}/values       text/csv body (X-CSRF-Token) -> 200 | 422 diagnostics
//   POST   /api/verify                     report.json body (X-CSRF-Token) -> verify's answer
//   GET    /api/declarations               the values declared through the web, with their review
//   POST   /api/declarations/{id}/review   {"decision": "validated"|"rejected", "reason"} (X-CSRF-Token)
//   GET    /  /connexion  POST /connexion  POST /deconnexion  POST /etablissement/{id}/valeurs
//   GET    /api/dashboard                  ?as_of=YYYY-MM-DD&year=YYYY: the campaign (controller)
//   POST   /api/runs                       {"as_of"}: record an official run (controller; X-CSRF-Token)
//   GET    /api/entities/{id}/explanation  ?contract=&item=&period=&as_of=: one verdict explained
//   GET    /verifier  POST /verifier  GET /tableau  GET /validation  POST /validation/{id}
//   POST   /tableau/execution  GET /explication/{id}?contrat=&element=&periode=&date=
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "engine/serve/service.h"

namespace vigie::serve {

struct ServerOptions {
  size_t max_body_bytes = 4 * 1024 * 1024;  // a larger request gets 413, unread
  bool secure_cookies = false;              // add `Secure` to cookies (--public: behind TLS)
};

class Server {
 public:
  Server(Service& service, ServerOptions options = {});
  ~Server();  // stops the server and waits for it
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Listens on host:port (port 0: a free port, for tests). Returns the port, or -1.
  int Bind(const std::string& host, int port);
  // Serves the bound socket until Stop(); false when nothing is bound.
  bool Run();
  // Stops accepting and returns once the requests in progress are answered (any thread).
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigie::serve
