// Users of `vigie serve` and their roles, as `vigie user add|list|remove` manage them. Checks come
// back as diagnostics (V22xx); nothing here prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/serve/password.h"
#include "engine/store/store.h"

namespace vigie::serve {

enum class Role { kController, kEstablishment, kAuditor };

// "controller", "establishment", "auditor": the names the store and the command line use.
std::string_view RoleName(Role role);
std::optional<Role> RoleFromName(std::string_view name);
// The role in the current language ("contrôleur", "établissement", "auditeur").
std::string RoleText(Role role);

// A login: 1 to 64 characters, letters a-z A-Z, digits and . _ @ -, starting with a letter or a
// digit (it appears in the audit trail and in URLs). nullopt when valid, else why not.
std::optional<std::string> LoginProblem(std::string_view login);

struct NewUser {
  std::string login, role;
  std::vector<std::string> entities;
  std::string password;
  std::string by;  // who adds it (the account running vigie)
  std::string at;  // UTC ISO time
};

// Checks what can be checked without a store: the login, the role, the entities for the role, the
// password's length. False (with diagnostics) when something is wrong.
bool CheckNewUser(const NewUser& user, DiagnosticSink& sink);

// Checks `user` (CheckNewUser, and that the login is free) and adds it to `store` with its Argon2id
// hash. Problems go to `sink`; the store is written only when there is none. A user's entity the
// store does not know is a warning (entities may be imported later).
bool AddUser(store::Store& store, const NewUser& user, DiagnosticSink& sink, const PasswordCost& cost = PasswordCost::Interactive());

// Removes `login` (and its sessions); an unknown login is V2203.
bool RemoveUser(store::Store& store, const std::string& login, const std::string& by, const std::string& at,
                DiagnosticSink& sink);

}  // namespace vigie::serve
