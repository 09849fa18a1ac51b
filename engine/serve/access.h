// Who may see and do what in `vigie serve`: one table, pure functions, no HTTP. The server asks
// here before every handler runs, and the tests check the whole matrix.
//
//   route                         controller   establishment          auditor
//   GET  /api/entities/{id}/...   any entity   its own (else 404)     any entity
//   POST /api/entities/{id}/values  403        its own (else 404)     403
//   POST /api/verify              yes          403                    yes
//   GET  /tableau (dashboard)     yes          403                    403
//   GET  /api/dashboard           yes          403                    403
//   POST a recorded run           yes          403                    403
//   GET  /explication/{id}        any entity   its own (else 404)     any entity
//   GET  /verifier (verify page)  yes          403                    yes
//   GET  declarations (list)      yes          403                    yes
//   POST a declaration's review   yes          403                    403
//   GET  a recorded run's report  any run      a run naming it (404)  any run
//   GET  a self-assessment report any entity   its own (else 404)     any entity
// No session: 401. An entity the store does not know: 404, so that an establishment cannot tell
// "not yours" from "does not exist".
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/serve/users.h"
#include "engine/store/store.h"

namespace vigie::serve {

// The signed-in user, as a session gives it.
struct Principal {
  std::string login;
  Role role = Role::kAuditor;
  std::vector<std::string> entities;  // an establishment's own entities
};

enum class Route {
  kEntityVerdicts,  // GET  /api/entities/{id}/verdicts
  kEntityValues,    // POST /api/entities/{id}/values
  kVerify,          // POST /api/verify, the verify page
  kDashboard,       // the controller's dashboard: /tableau, GET /api/dashboard
  kHome,            // the home page of any signed-in user
  kDeclarations,    // GET /api/declarations: the values declared through the web and their review
  kReview,          // POST /api/declarations/{id}/review, the validation page and its forms
  kRecordRun,       // POST /api/runs, POST /tableau/execution: record an official run
  kExplanation,     // GET /explication/{id}, GET /api/entities/{id}/explanation: one verdict explained
  kRunReport,       // GET /rapport/{run}.html|json|csv, GET /api/runs/{run}/report: a recorded run's report
                    // (an establishment's: the service answers 404 for a run that does not name it)
  kEntityReport,    // GET /etablissement/{id}/rapport.html|json|csv, GET /api/entities/{id}/report:
                    // the entity's self-assessment as a report
};

enum class Access {
  kAllowed,
  kUnauthenticated,  // 401: no valid session
  kForbidden,        // 403: the role never may
  kNotFound,         // 404: not an entity this user may know of
};

// The HTTP status of a refusal (200 for kAllowed).
int StatusOf(Access access);

// May `who` use `route` (about `entity`, for the entity routes)? `known_entities`: the store's.
Access Decide(const std::optional<Principal>& who, Route route, const std::string& entity,
              const std::set<std::string>& known_entities);

// May `who` see `entity` at all (its verdicts, its data)?
bool MaySeeEntity(const Principal& who, const std::string& entity);

// The contracts `who` may see: every one for a controller or an auditor; for an establishment the
// contracts naming one of its entities as a party, directly or through a group it belongs to
// (a membership of any date).
struct ContractParties {
  std::string contract;
  std::vector<std::string> parties;  // entity or group ids
};
std::vector<std::string> VisibleContracts(const Principal& who, const std::vector<ContractParties>& contracts,
                                          const std::vector<store::MembershipRow>& memberships);

}  // namespace vigie::serve
