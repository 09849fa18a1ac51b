#include "engine/serve/users.h"

#include <set>

#include "engine/base/text.h"

namespace vigie::serve {
namespace {

void Report(DiagnosticSink& sink, DiagCode code, std::string message, std::string help = "") {
  Diagnostic diagnostic = MakeDiagnostic(code, Span{}, std::move(message));
  diagnostic.help = std::move(help);
  sink.Report(std::move(diagnostic));
}

bool IsLoginCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '@' || c == '-';
}

// Characters, not bytes: "é" is one.
size_t Length(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void StoreProblem(DiagnosticSink& sink, const store::StoreError& error) {
  const DiagCode code = error.kind == store::StoreError::Kind::kLocked     ? DiagCode::kStoreLocked
                        : error.kind == store::StoreError::Kind::kReadOnly ? DiagCode::kStoreReadOnly
                                                                           : DiagCode::kStoreWriteFailed;
  Report(sink, code, error.message, error.help);
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kController: return "controller";
    case Role::kEstablishment: return "establishment";
    case Role::kAuditor: return "auditor";
  }
  return "auditor";
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (Role role : {Role::kController, Role::kEstablishment, Role::kAuditor}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string RoleText(Role role) {
  switch (role) {
    case Role::kController: return std::string(Tr("controller"));
    case Role::kEstablishment: return std::string(Tr("establishment"));
    case Role::kAuditor: return std::string(Tr("auditor"));
  }
  return "";
}

std::optional<std::string> LoginProblem(std::string_view login) {
  if (login.empty()) return std::string(Tr("the login is empty"));
  if (login.size() > 64) return std::string(Tr("a login has at most 64 characters"));
  for (char c : login) {
    if (!IsLoginCharacter(c)) return std::string(Tr("a login has only letters a-z, digits and . _ @ -"));
  }
  const char first = login.front();
  if (first == '.' || first == '_' || first == '@' || first == '-') {
    return std::string(Tr("a login starts with a letter or a digit"));
  }
  return std::nullopt;
}

bool CheckNewUser(const NewUser& user, DiagnosticSink& sink) {
  const size_t errors = sink.ErrorCount();
  if (std::optional<std::string> problem = LoginProblem(user.login)) {
    Report(sink, DiagCode::kInvalidLogin, Tr("'{0}' is not a valid login: {1}", user.login, *problem));
  }
  const std::optional<Role> role = RoleFromName(user.role);
  if (!role) {
    Report(sink, DiagCode::kUnknownRole, Tr("unknown role '{0}'", user.role),
           std::string(Tr("the roles are controller, establishment and auditor")));
  } else if (*role == Role::kEstablishment && user.entities.empty()) {
    Report(sink, DiagCode::kUserEntities, Tr("the establishment user '{0}' needs at least one --entity", user.login),
           std::string(Tr("name the FINESS numbers whose data it declares: --entity 080000615")));
  } else if (*role != Role::kEstablishment && !user.entities.empty()) {
    Report(sink, DiagCode::kUserEntities, Tr("--entity is for establishment users; a {0} sees every entity", RoleText(*role)));
  }
  if (Length(user.password) < kMinimumPasswordLength) {
    Report(sink, DiagCode::kPasswordTooShort,
           Tr("the password has {0} characters; at least {1} are needed", Length(user.password), kMinimumPasswordLength),
           std::string(Tr("a sentence of a few words is long enough and easy to remember")));
  }
  return sink.ErrorCount() == errors;
}

bool AddUser(store::Store& store, const NewUser& user, DiagnosticSink& sink, const PasswordCost& cost) {
  const size_t errors = sink.ErrorCount();
  if (!CheckNewUser(user, sink)) return false;
  if (store.UserByLogin(user.login)) {
    Report(sink, DiagCode::kUserExists, Tr("the user '{0}' already exists", user.login),
           std::string(Tr("remove it first (vigie user remove), or choose another login")));
  }
  if (sink.ErrorCount() != errors) return false;
  const std::set<std::string> known = store.EntityIds();
  for (const std::string& entity : user.entities) {
    if (!known.count(entity)) {
      Report(sink, DiagCode::kUserEntityUnknown, Tr("the store has no entity '{0}' yet", entity),
             std::string(Tr("the user can sign in, but sees nothing of it until its data is imported")));
    }
  }
  store::Store::User record{user.login, user.role, HashPassword(user.password, cost), user.at, user.by, user.entities};
  if (record.password_hash.empty()) {
    Report(sink, DiagCode::kStoreWriteFailed, std::string(Tr("the password could not be hashed (not enough memory)")));
    return false;
  }
  store::StoreError error;
  if (!store.AddUser(record, error)) {
    StoreProblem(sink, error);
    return false;
  }
  return true;
}

bool RemoveUser(store::Store& store, const std::string& login, const std::string& by, const std::string& at,
                DiagnosticSink& sink) {
  store::StoreError error;
  bool removed = false;
  if (!store.RemoveUser(login, by, at, removed, error)) {
    StoreProblem(sink, error);
    return false;
  }
  if (!removed) {
    Report(sink, DiagCode::kUnknownUser, Tr("there is no user '{0}'", login),
           std::string(Tr("vigie user list shows the users")));
    return false;
  }
  return true;
}

}  // namespace vigie::serve
