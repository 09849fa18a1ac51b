// Schema 5: the users, sessions and audit trail of `vigie serve`, and values declared through it.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/store/schema.h"
#include "engine/store/store.h"
#include "tests/support/fresh_store_path.h"

using namespace vigie::store;
namespace fs = std::filesystem;

namespace {

std::string FreshPath(const std::string& name) { return vigie::testing::FreshStorePath("vigie_users_test", name); }

std::unique_ptr<Store> OpenOrFail(const std::string& path) {
  StoreError error;
  std::unique_ptr<Store> store = Store::Open(path, {}, error);
  INFO(error.message);
  REQUIRE(store != nullptr);
  return store;
}

Store::User MakeUser(const std::string& login, const std::string& role, std::vector<std::string> entities = {}) {
  return {login, role, "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA", "2026-01-01T00:00:00Z", "admin", std::move(entities)};
}

ImportBatch OneValue(const std::string& entity, double value) {
  ImportBatch batch;
  batch.record = {"values", "declaration.csv", "sha", "2026-01-02T00:00:00Z", "sedan", "format=long", 1, 0};
  batch.entities.push_back({entity, "establishment", "CH", ""});
  ValueRow row;
  row.entity = entity;
  row.indicator = "ambu";
  row.period = "2019";
  row.value = value;
  row.unit = "percent";
  row.row = 2;
  row.column = 4;
  batch.values.push_back(row);
  return batch;
}

}  // namespace

TEST_CASE("a version-5 store accepts parties that are not establishments, its data kept", "[store][parties]") {
  const std::string path = FreshPath("schema5");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    for (const Migration& migration : Migrations()) {
      if (migration.version > 5) continue;
      REQUIRE(sqlite3_exec(db, std::string(migration.sql).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    REQUIRE(sqlite3_exec(db,
                         "PRAGMA user_version = 5; INSERT INTO imports (kind, file_name, sha256, imported_at, "
                         "imported_by, options, rows_read, rows_stored, rows_rejected, rows_unchanged) VALUES "
                         "('entities', 'e.csv', 's', 't', 'u', '', 1, 1, 0, 0); INSERT INTO entities (id, kind, name, "
                         "import_id) VALUES ('080000037', 'establishment', 'CH DE SEDAN', 1)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    // Before the migration, a commune is refused by the CHECK.
    CHECK(sqlite3_exec(db, "INSERT INTO entities (id, kind, import_id) VALUES ('79191', 'commune', 1)", nullptr,
                       nullptr, nullptr) == SQLITE_CONSTRAINT);
    sqlite3_close(db);
  }
  auto store = OpenOrFail(path);
  CHECK(store->Info().schema_version == LatestSchemaVersion());
  CHECK(store->EntityIds() == std::set<std::string>{"080000037"});
  ImportBatch batch;
  batch.record = {"entities", "p.csv", "sha", "2026-01-02T00:00:00Z", "golden", "format=entities", 2, 0};
  batch.entities.push_back(EntityRow{"79191", "commune", "Niort", ""});
  batch.entities.push_back(EntityRow{"CLSM_NIORT", "clsm", "CLSM de Niort", ""});
  ApplyResult result;
  StoreError error;
  REQUIRE(store->Apply(batch, result, error));
  CHECK(store->EntityIds("commune") == std::set<std::string>{"79191"});
  CHECK(store->EntityIds("clsm") == std::set<std::string>{"CLSM_NIORT"});
  // Still no kind outside the list.
  ImportBatch bad;
  bad.record = {"entities", "q.csv", "sha2", "2026-01-02T00:00:00Z", "golden", "format=entities", 1, 0};
  bad.entities.push_back(EntityRow{"X", "planet", "", ""});
  CHECK_FALSE(store->Apply(bad, result, error));
}

TEST_CASE("a version-4 store gets users, sessions and the audit trail, its data kept", "[store][users]") {
  const std::string path = FreshPath("schema4");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    for (const Migration& migration : Migrations()) {
      if (migration.version > 4) continue;
      REQUIRE(sqlite3_exec(db, std::string(migration.sql).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    REQUIRE(sqlite3_exec(db,
                         "PRAGMA user_version = 4; INSERT INTO imports (kind, file_name, sha256, imported_at, "
                         "imported_by, options, rows_read, rows_stored, rows_rejected, rows_unchanged) VALUES "
                         "('entities', 'e.csv', 's', 't', 'u', '', 1, 1, 0, 0); INSERT INTO entities (id, kind, name, "
                         "import_id) VALUES ('080000037', 'establishment', 'CH DE SEDAN', 1)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = OpenOrFail(path);
  CHECK(store->Info().schema_version == LatestSchemaVersion());
  CHECK(store->EntityIds() == std::set<std::string>{"080000037"});
  CHECK(store->Info().imports.size() == 1);
  CHECK(store->Users().empty());
  CHECK(store->Declarations().empty());  // the old import is a file import (declared_by NULL)
  StoreError error;
  REQUIRE(store->AddUser(MakeUser("sedan", "establishment", {"080000037"}), error));
  CHECK(store->UserByLogin("sedan")->entities == std::vector<std::string>{"080000037"});
}

TEST_CASE("users are added once, listed by login, removed with their sessions, all audited", "[store][users]") {
  auto store = OpenOrFail(FreshPath("users"));
  StoreError error;
  REQUIRE(store->AddUser(MakeUser("zoe", "controller"), error));
  REQUIRE(store->AddUser(MakeUser("sedan", "establishment", {"080000615", "080000037"}), error));
  CHECK_FALSE(store->AddUser(MakeUser("zoe", "auditor"), error));
  CHECK(error.message == "the user 'zoe' already exists");
  const std::vector<Store::User> users = store->Users();
  REQUIRE(users.size() == 2);
  CHECK(users[0].login == "sedan");
  CHECK(users[0].entities == std::vector<std::string>{"080000037", "080000615"});  // sorted
  CHECK(users[1].role == "controller");

  REQUIRE(store->AddSession({"digest1", "sedan", "csrf1", "127.0.0.1", "2026-01-01T08:00:00Z", "2026-01-01T16:00:00Z"}, error));
  CHECK(store->SessionByToken("digest1")->csrf_token == "csrf1");
  bool removed = false;
  REQUIRE(store->RemoveUser("sedan", "admin", "2026-01-01T09:00:00Z", removed, error));
  CHECK(removed);
  CHECK_FALSE(store->SessionByToken("digest1").has_value());  // cascaded
  CHECK_FALSE(store->UserByLogin("sedan").has_value());
  REQUIRE(store->RemoveUser("nobody", "admin", "t", removed, error));
  CHECK_FALSE(removed);

  const std::vector<Store::AuditEntry> audit = store->Audit();
  REQUIRE(audit.size() == 4);
  CHECK((audit[0].action == "user-added" && audit[0].login == "admin" && audit[0].detail == "zoe controller"));
  CHECK((audit[1].action == "user-added" && audit[1].detail == "sedan establishment 080000037 080000615"));
  CHECK((audit[2].action == "signed-in" && audit[2].login == "sedan" && audit[2].detail == "127.0.0.1"));
  CHECK((audit[3].action == "user-removed" && audit[3].login == "admin" && audit[3].detail == "sedan"));
}

TEST_CASE("sessions expire and are closed once", "[store][users]") {
  auto store = OpenOrFail(FreshPath("sessions"));
  StoreError error;
  REQUIRE(store->AddUser(MakeUser("a", "auditor"), error));
  REQUIRE(store->AddSession({"old", "a", "c", "::1", "2026-01-01T00:00:00Z", "2026-01-01T08:00:00Z"}, error));
  REQUIRE(store->AddSession({"new", "a", "c", "::1", "2026-01-01T07:00:00Z", "2026-01-01T15:00:00Z"}, error));
  store->RemoveExpiredSessions("2026-01-01T08:00:00Z");  // expires_at <= now: gone
  CHECK_FALSE(store->SessionByToken("old").has_value());
  CHECK(store->SessionByToken("new").has_value());
  CHECK(store->RemoveSession("new", "a", "2026-01-01T09:00:00Z", error));
  CHECK_FALSE(store->RemoveSession("new", "a", "2026-01-01T09:00:00Z", error));  // already closed
  const std::vector<Store::AuditEntry> audit = store->Audit();
  REQUIRE(audit.size() == 4);  // added, two sign-ins, one sign-out (the second close records nothing)
  CHECK(audit[3].action == "signed-out");
}

TEST_CASE("an import declared by a web user is marked and audited in its own transaction", "[store][users]") {
  auto store = OpenOrFail(FreshPath("declared"));
  StoreError error;
  ApplyResult result;
  REQUIRE(store->Apply(OneValue("080000037", 61), result, error));
  CHECK(store->Declarations().empty());
  store->DeclareImportsAs("sedan");
  REQUIRE(store->Apply(OneValue("080000037", 62), result, error));
  store->DeclareImportsAs(std::nullopt);
  REQUIRE(result.import_id == 2);
  const std::vector<Store::Declaration> declared = store->Declarations();
  REQUIRE(declared.size() == 1);
  CHECK(declared[0].import_id == 2);
  CHECK(declared[0].declared_by == "sedan");
  CHECK(declared[0].rows_stored == 1);
  const std::vector<Store::AuditEntry> audit = store->Audit();
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].action == "values-declared");
  CHECK(audit[0].login == "sedan");
  CHECK(audit[0].import_id == std::optional<int64_t>(2));
  // The same values again change nothing: no import, no audit row.
  store->DeclareImportsAs("sedan");
  REQUIRE(store->Apply(OneValue("080000037", 62), result, error));
  store->DeclareImportsAs(std::nullopt);
  CHECK(result.import_id == 0);
  CHECK(store->Audit().size() == 1);
}

TEST_CASE("declarations: reviewed once, with the audit row; reviews read as they stood", "[store][users]") {
  auto store = OpenOrFail(FreshPath("declarations"));
  ImportBatch entities;
  entities.record = {"entities", "e.csv", "s1", "2026-01-01T00:00:00Z", "test", "", 1, 0};
  entities.entities = {{"080000037", "establishment", "CH DE SEDAN", ""}};
  ApplyResult applied;
  StoreError error;
  REQUIRE(store->Apply(entities, applied, error));
  ImportBatch values;
  values.record = {"values", "web.csv", "s2", "2026-01-02T00:00:00Z", "sedan", "", 1, 0};
  values.values = {{"080000037", "ambu", "2019", 59.0, "", "percent", "", 2, 21}};
  store->DeclareImportsAs("sedan");
  REQUIRE(store->Apply(values, applied, error));
  store->DeclareImportsAs(std::nullopt);
  const int64_t id = applied.import_id;
  REQUIRE(store->DeclarationById(id));
  CHECK(store->DeclarationById(id)->status == "declared");
  CHECK(store->DeclarationById(id)->entity == "080000037");
  CHECK_FALSE(store->DeclarationById(1));  // a file import is no declaration
  const std::vector<Store::ImportedValue> stored = store->ValuesOfImport(id);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].value == 59.0);
  CHECK(stored[0].row == 2);
  CHECK(stored[0].current);

  CHECK_FALSE(store->ReviewDeclaration(1, true, "", "ctrl", "2026-01-03T00:00:00Z", error));
  REQUIRE(store->ReviewDeclaration(id, false, "non justifié", "ctrl", "2026-01-03T00:00:00Z", error));
  CHECK_FALSE(store->ReviewDeclaration(id, true, "", "ctrl", "2026-01-04T00:00:00Z", error));  // final
  CHECK(error.message == "the declaration " + std::to_string(id) + " was already reviewed");
  const Store::Declaration reviewed = *store->DeclarationById(id);
  CHECK(reviewed.status == "rejected");
  CHECK(reviewed.reason == "non justifié");
  CHECK(reviewed.reviewed_by == "ctrl");
  CHECK(store->Audit().back().action == "values-rejected");
  CHECK(store->Audit().back().login == "ctrl");
  CHECK(store->Audit().back().import_id == std::optional<int64_t>(id));

  // The origin of the value read: as the review stood at a time (before it: still awaiting it).
  const int64_t row = store->ValueAt("080000037", "ambu", "2019")->id;
  std::map<int64_t, HistoryEntry> origins = store->ValuesById({row});
  store->AttachDeclarations(origins, "2026-01-02T12:00:00Z");
  CHECK(origins.at(row).declared_by == "sedan");
  CHECK(origins.at(row).review_status == "declared");
  origins = store->ValuesById({row});
  store->AttachDeclarations(origins, "");
  CHECK(origins.at(row).review_status == "rejected");
  CHECK(origins.at(row).review_reason == "non justifié");
  // The same review in the compact origins a report reads (Store::OriginsOf), once for its import.
  const ValueOrigins before = store->OriginsOf({row}, "2026-01-02T12:00:00Z");
  REQUIRE(before.rows.size() == 1);
  CHECK(before.imports.at(before.rows[0].import).declared_by == "sedan");
  CHECK(before.imports.at(before.rows[0].import).review_status == "declared");
  const ValueOrigins now = store->OriginsOf({row}, "");
  const ImportOrigin& import = now.imports.at(now.rows[0].import);
  CHECK(import.review_status == "rejected");
  CHECK(import.reviewed_by == "ctrl");
  CHECK(import.reviewed_at == "2026-01-03T00:00:00Z");
  CHECK(import.review_reason == "non justifié");
  CHECK(import.file_name == "web.csv");
  CHECK(now.rows[0].row == 2);
  CHECK(now.rows[0].column == 21);
}
