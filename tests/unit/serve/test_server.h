// The server of the `vigie serve` HTTP tests: a store made from a fixture folder (its
// contracts.vigie, etablissements.csv and valeurs.csv) with four users (ctrl, sedan for 080000037,
// charleville for 080000615, audit), and a server on 127.0.0.1:<free port> on its own thread,
// stopped at the end of the test.
#pragma once

#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "engine/base/language.h"
#include "engine/cli/json_output.h"
#include "engine/driver/pipeline.h"
#include "engine/ingest/importer.h"
#include "engine/serve/server.h"
#include "engine/serve/service.h"
#include "engine/serve/users.h"

namespace vigie::testing {

namespace fs = std::filesystem;
using nlohmann::json;

inline constexpr const char* kPassword = "un mot de passe assez long";
inline const std::string kFixture = std::string(VIGIE_SOURCE_DIR) + "/tests/data/serve";

// A store with the fixture's establishments, values and four users, the fixture's contracts
// checked, and a server on 127.0.0.1:<free port> serving them on its own thread.
class TestServer {
 public:
  // `memory_for_report`: ServiceConfig's (none: what the machine has available).
  explicit TestServer(const std::string& fixture = kFixture, std::optional<uint64_t> memory_for_report = std::nullopt)
      : fixture_(fixture), folder_(fs::temp_directory_path() / ("vigie_http_test_" + std::to_string(::getpid()))) {
    SetLanguage(Language::kEnglish);
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    const std::string store_path = (folder_ / "vigie.db").string();
    DiagnosticSink sink;
    driver::CheckProgram({fixture_ + "/contracts.vigie"}, fixture_, program_, sink);
    REQUIRE_FALSE(sink.HasErrors());
    store::StoreError error;
    std::unique_ptr<store::Store> store = store::Store::Open(store_path, {}, error);
    REQUIRE(store);
    Import(*store, "etablissements.csv", ingest::ImportFormat::kEntities);
    Import(*store, "valeurs.csv", ingest::ImportFormat::kAuto);
    AddUser(*store, "ctrl", "controller", {});
    AddUser(*store, "sedan", "establishment", {"080000037"});
    AddUser(*store, "charleville", "establishment", {"080000615"});
    AddUser(*store, "audit", "auditor", {});
    serve::ServiceConfig config;
    config.store_path = store_path;
    config.rule_paths = {fixture_ + "/contracts.vigie"};
    config.root = fixture_;
    config.max_failures_per_login = 3;
    config.clock = [this] { return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600 + offset_.load())); };
    config.verify_json = [](const driver::VerifyResult& result) { return cli::VerifyJson(result); };
    config.memory_for_report = memory_for_report;
    service_ = std::make_unique<serve::Service>(std::move(config), program_, std::move(store));
    serve::ServerOptions options;
    options.max_body_bytes = 64 * 1024;
    server_ = std::make_unique<serve::Server>(*service_, options);
    port_ = server_->Bind("127.0.0.1", 0);
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~TestServer() {
    server_->Stop();
    thread_.join();
    server_.reset();
    service_.reset();
    std::error_code error;
    fs::remove_all(folder_, error);
  }
  int Port() const { return port_; }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(5);
    client.set_read_timeout(30);
    return client;
  }
  void Advance(int64_t seconds) { offset_ += seconds; }
  serve::Service& Service() { return *service_; }
  std::string StorePath() const { return (folder_ / "vigie.db").string(); }

  struct Signed {
    std::string cookie, csrf;
  };
  // Signs `login` in through the API: the Cookie header to send and the CSRF token.
  Signed SignIn(const std::string& login, const std::string& password = kPassword) const {
    httplib::Client client = Client();
    const json body{{"login", login}, {"password", password}};
    auto response = client.Post("/api/session", body.dump(), "application/json");
    REQUIRE(response);
    INFO(response->body);
    REQUIRE(response->status == 200);
    const std::string set_cookie = response->get_header_value("Set-Cookie");
    return {set_cookie.substr(0, set_cookie.find(';')), json::parse(response->body)["csrf_token"].get<std::string>()};
  }

 private:
  void Import(store::Store& store, const std::string& file, ingest::ImportFormat format) {
    ingest::ImportOptions options;
    options.format = format;
    if (format == ingest::ImportFormat::kEntities) options.period = "2019";
    SourceManager sources;
    DiagnosticSink sink;
    ingest::ImportSummary summary;
    REQUIRE(ingest::ImportFile(fixture_ + "/" + file, program_.model, store, options, sources, sink, summary));
  }
  void AddUser(store::Store& store, const std::string& login, const std::string& role, std::vector<std::string> entities) {
    DiagnosticSink sink;
    REQUIRE(serve::AddUser(store, {login, role, std::move(entities), kPassword, "test", "2026-01-01T00:00:00Z"}, sink,
                           serve::PasswordCost::Minimal()));
  }

  std::string fixture_;
  fs::path folder_;
  driver::CheckedProgram program_;
  std::unique_ptr<serve::Service> service_;
  std::unique_ptr<serve::Server> server_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<int64_t> offset_{0};
};

inline httplib::Headers With(const TestServer::Signed& who, bool csrf = true) {
  httplib::Headers headers{{"Cookie", who.cookie}};
  if (csrf) headers.emplace("X-CSRF-Token", who.csrf);
  return headers;
}

}  // namespace vigie::testing
