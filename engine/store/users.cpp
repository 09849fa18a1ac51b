// The users, sessions and audit trail of `vigie serve` (schema 5, docs/store.md). Each write is one
// transaction with its audit row: a user is never added, removed or signed in without a trace.
#include <sqlite3.h>

#include <algorithm>

#include "engine/base/text.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/internal/transaction.h"
#include "engine/store/store.h"

namespace vigie::store {

using internal::ErrorFrom;
using internal::Exec;
using internal::FirstRow;
using internal::InsertAudit;
using internal::InTransaction;
using internal::Rows;
using internal::Statement;

namespace {

std::vector<std::string> EntitiesOf(sqlite3* db, const std::string& login) {
  return Rows(db, "SELECT entity_id FROM user_entities WHERE login = ? ORDER BY entity_id",
              [](const Statement& query) { return query.Text(0); }, login);
}

// The columns of `SELECT login, role, password_hash, created_at, created_by`; its entities apart.
Store::User UserOf(const Statement& query) {
  return {query.Text(0), query.Text(1), query.Text(2), query.Text(3), query.Text(4), {}};
}

}  // namespace

bool Store::AddUser(const User& user, StoreError& error) {
  if (UserByLogin(user.login)) {
    error = {StoreError::Kind::kFailed, Tr("the user '{0}' already exists", user.login),
             std::string(Tr("remove it first (vigie user remove), or choose another login"))};
    return false;
  }
  return InTransaction(db_, path_, std::string(Tr("adding the user")), error, [&] {
    Statement insert(db_, "INSERT INTO users (login, role, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)");
    insert.BindAll(user.login, user.role, user.password_hash, user.created_at, user.created_by);
    if (insert.Step() != SQLITE_DONE) return false;
    for (const std::string& entity : user.entities) {
      Statement link(db_, "INSERT OR IGNORE INTO user_entities (login, entity_id) VALUES (?, ?)");
      link.BindAll(user.login, entity);
      if (link.Step() != SQLITE_DONE) return false;
    }
    std::vector<std::string> entities = user.entities;
    std::sort(entities.begin(), entities.end());
    std::string detail = user.role;
    for (const std::string& entity : entities) detail += " " + entity;
    return InsertAudit(db_, {0, user.created_at, user.created_by, "user-added", user.login + " " + detail, std::nullopt});
  });
}

bool Store::RemoveUser(const std::string& login, const std::string& by, const std::string& at, bool& removed,
                       StoreError& error) {
  removed = false;
  if (!UserByLogin(login)) return true;
  removed = InTransaction(db_, path_, std::string(Tr("removing the user")), error, [&] {
    Statement remove(db_, "DELETE FROM users WHERE login = ?");  // entities and sessions cascade
    remove.Bind(1, login);
    if (remove.Step() != SQLITE_DONE) return false;
    return InsertAudit(db_, {0, at, by, "user-removed", login, std::nullopt});
  });
  return removed;
}

std::optional<Store::User> Store::UserByLogin(const std::string& login) const {
  std::optional<User> user =
      FirstRow(db_, "SELECT login, role, password_hash, created_at, created_by FROM users WHERE login = ?", UserOf, login);
  if (user) user->entities = EntitiesOf(db_, user->login);
  return user;
}

std::vector<Store::User> Store::Users() const {
  std::vector<User> users =
      Rows(db_, "SELECT login, role, password_hash, created_at, created_by FROM users ORDER BY login", UserOf);
  for (User& user : users) user.entities = EntitiesOf(db_, user.login);
  return users;
}

bool Store::AddSession(const Session& session, StoreError& error) {
  return InTransaction(db_, path_, std::string(Tr("opening the session")), error, [&] {
    Statement insert(db_,
                     "INSERT INTO sessions (token_sha256, login, csrf_token, address, created_at, expires_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    insert.BindAll(session.token_sha256, session.login, session.csrf_token, session.address, session.created_at,
                   session.expires_at);
    if (insert.Step() != SQLITE_DONE) return false;
    return InsertAudit(db_, {0, session.created_at, session.login, "signed-in", session.address, std::nullopt});
  });
}

std::optional<Store::Session> Store::SessionByToken(const std::string& token_sha256) const {
  return FirstRow(
      db_, "SELECT token_sha256, login, csrf_token, address, created_at, expires_at FROM sessions WHERE token_sha256 = ?",
      [](const Statement& query) {
        return Session{query.Text(0), query.Text(1), query.Text(2), query.Text(3), query.Text(4), query.Text(5)};
      },
      token_sha256);
}

bool Store::RemoveSession(const std::string& token_sha256, const std::string& login, const std::string& at,
                          StoreError& error) {
  bool existed = false;
  const bool ok = InTransaction(db_, path_, std::string(Tr("closing the session")), error, [&] {
    Statement remove(db_, "DELETE FROM sessions WHERE token_sha256 = ?");
    remove.Bind(1, token_sha256);
    if (remove.Step() != SQLITE_DONE) return false;
    existed = sqlite3_changes(db_) > 0;
    return !existed || InsertAudit(db_, {0, at, login, "signed-out", "", std::nullopt});
  });
  return ok && existed;
}

void Store::RemoveExpiredSessions(const std::string& now) {
  Statement remove(db_, "DELETE FROM sessions WHERE expires_at <= ?");
  remove.Bind(1, now);
  remove.Step();
}

bool Store::RecordAudit(const AuditEntry& entry, StoreError& error) {
  return InTransaction(db_, path_, std::string(Tr("recording the audit trail")), error,
                       [&] { return InsertAudit(db_, entry); });
}

std::vector<Store::AuditEntry> Store::Audit() const {
  std::vector<AuditEntry> out;
  Statement query(db_, "SELECT id, at, login, action, detail, import_id FROM audit ORDER BY id");
  while (internal::StepRow(query, db_)) {
    AuditEntry entry{query.Int(0), query.Text(1), query.Text(2), query.Text(3), query.Text(4), std::nullopt};
    if (query.OptionalDouble(5)) entry.import_id = query.Int(5);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace vigie::store
