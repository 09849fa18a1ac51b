#include "engine/serve/access.h"

#include <algorithm>

namespace vigie::serve {

int StatusOf(Access access) {
  switch (access) {
    case Access::kAllowed: return 200;
    case Access::kUnauthenticated: return 401;
    case Access::kForbidden: return 403;
    case Access::kNotFound: return 404;
  }
  return 403;
}

bool MaySeeEntity(const Principal& who, const std::string& entity) {
  if (who.role != Role::kEstablishment) return true;
  return std::find(who.entities.begin(), who.entities.end(), entity) != who.entities.end();
}

Access Decide(const std::optional<Principal>& who, Route route, const std::string& entity,
              const std::set<std::string>& known_entities) {
  if (!who) return Access::kUnauthenticated;
  const Role role = who->role;
  switch (route) {
    case Route::kHome:
    case Route::kRunReport: return Access::kAllowed;
    case Route::kDashboard: return role == Role::kController ? Access::kAllowed : Access::kForbidden;
    case Route::kVerify: return role == Role::kEstablishment ? Access::kForbidden : Access::kAllowed;
    case Route::kDeclarations: return role == Role::kEstablishment ? Access::kForbidden : Access::kAllowed;
    case Route::kReview:
    case Route::kRecordRun: return role == Role::kController ? Access::kAllowed : Access::kForbidden;
    case Route::kEntityVerdicts:
    case Route::kExplanation:
    case Route::kEntityReport:
    case Route::kEntityValues: {
      // An establishment learns nothing of entities that are not its own: 404 before anything else.
      if (!MaySeeEntity(*who, entity)) return Access::kNotFound;
      if (route == Route::kEntityValues && role != Role::kEstablishment) return Access::kForbidden;
      if (!known_entities.count(entity)) return Access::kNotFound;
      return Access::kAllowed;
    }
  }
  return Access::kForbidden;
}

std::vector<std::string> VisibleContracts(const Principal& who, const std::vector<ContractParties>& contracts,
                                          const std::vector<store::MembershipRow>& memberships) {
  std::vector<std::string> out;
  std::set<std::string> mine(who.entities.begin(), who.entities.end());
  for (const store::MembershipRow& membership : memberships) {
    if (mine.count(membership.member)) mine.insert(membership.group);
  }
  for (const ContractParties& contract : contracts) {
    const bool visible = who.role != Role::kEstablishment ||
                         std::any_of(contract.parties.begin(), contract.parties.end(),
                                     [&](const std::string& party) { return mine.count(party) > 0; });
    if (visible) out.push_back(contract.contract);
  }
  return out;
}

}  // namespace vigie::serve
