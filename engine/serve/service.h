// What `vigie serve` does, without HTTP: sign-in and sessions, each user's view of verdicts, the
// establishment's declared values, verification of a report. The server (server.cpp) only turns
// requests into these calls and their results into responses; the evaluation is driver::Evaluate's,
// the import ingest::ImportFile's, the verification driver::Verify's.
//
// The store: one writable SQLite connection for every write (sign-in and sign-out, declarations,
// reviews, recorded runs), used under `mutex_`, one write at a time; the requests that only read
// borrow read-only connections of their own from `readers_` (read_pool.h) and run side by side.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/driver/pipeline.h"
#include "engine/driver/verify.h"
#include "engine/report/report_model.h"
#include "engine/serve/access.h"
#include "engine/serve/campaign.h"
#include "engine/serve/rate_limit.h"
#include "engine/serve/read_pool.h"
#include "engine/serve/scratch_stores.h"
#include "engine/serve/report_download.h"
#include "engine/store/store.h"

namespace vigie::serve {

struct ServiceConfig {
  std::string store_path;
  // The ruleset files served, as given (verify recomputes a report with them) and the folder they
  // are named relative to (empty: the current one).
  std::vector<std::string> rule_paths;
  std::string root;
  std::chrono::seconds session_lifetime{std::chrono::hours(8)};
  size_t max_failures_per_login = 5;
  size_t max_failures_per_address = 20;
  std::chrono::seconds failure_window{std::chrono::minutes(15)};
  // The clock (tests move it forward); empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  // A verification's answer as JSON (the CLI's `verify --format json`, wired by the caller).
  std::function<std::string(const driver::VerifyResult&)> verify_json;
  // What recorded runs name as the engine that ran them ("0.1.0"; the CLI's version).
  std::string engine_version;
  // The read-only connections open at most at once (read_pool.h); 0: every read through the writer.
  size_t read_connections = 4;
  // The memory a page's report may take, in bytes (`vigie serve --memory`; none: what the machine has
  // available). A page whose report would need more says so (V5080) instead of showing verdicts.
  std::optional<uint64_t> memory_for_report;
};

// The verdicts, scores and payments of one entity, as its user sees them.
struct EntityView {
  std::string entity, entity_name, as_of;
  // Why there are no verdicts: the report would not fit in memory (driver::ReportTooLargeText, V5080).
  std::string refused;
  struct ContractView {
    std::string name, title, period;
    bool direct_party = false;  // the contract names the entity itself (its payments are the entity's)
    std::vector<report::VerdictRow> verdicts;
    std::map<std::string, std::string> units;  // each item's indicator's unit ("percent"), for its values
    std::vector<report::Score> scores;  // the entity's own, per year
    std::vector<report::Payment> payments;
    report::TextPoolPtr texts;  // what its verdicts' texts point into (the report's): they outlive the report
  };
  std::vector<ContractView> contracts;
};

// One value to fill in the form: as the contract's data template lists it.
struct FormRow {
  std::string contract, indicator, title, period, unit, hint, commitments;
  std::optional<std::pair<double, double>> range;
  std::string current;  // the value the store holds now, as stored ("" none)
  // The missing-value codes the catalog declares for the indicator, each with the verdict it gives
  // ("NC", "not_applicable"): the form accepts them as values.
  std::vector<std::pair<std::string, std::string>> codes;
};

struct Declaration {
  bool stored = false;
  int64_t import_id = 0, values_stored = 0, values_unchanged = 0;
  std::vector<Diagnostic> diagnostics;  // errors and warnings of the import (rows and columns)
  SourceManager sources;                // for rendering them
};

class Service {
 public:
  using Clock = std::chrono::system_clock;
  // `program` must outlive the service and have no errors.
  Service(ServiceConfig config, const driver::CheckedProgram& program, std::unique_ptr<store::Store> store);

  struct SignIn {
    enum class Outcome { kSignedIn, kRefused, kThrottled, kFailed };
    Outcome outcome = Outcome::kRefused;
    std::string token, csrf;  // the cookie's token (never stored) and the session's CSRF token
    Principal who;
  };
  SignIn SignInUser(const std::string& login, const std::string& password, const std::string& address);

  struct Session {
    Principal who;
    std::string csrf, token_sha256;
  };
  // The session of a cookie's token, if it exists and has not expired.
  std::optional<Session> Authenticate(const std::string& token);
  void SignOut(const Session& session);

  bool IsKnownEntity(const std::string& entity);  // in the store (the access rules' 404 otherwise)
  std::string EntityName(const std::string& entity);
  // The contracts `who` may see, in the model's order.
  std::vector<std::string> ContractsOf(const Principal& who);

  // Evaluates the contracts `who` sees as of `as_of` and keeps what concerns `entity`.
  EntityView Verdicts(const Principal& who, const std::string& entity, const sema::model::Date& as_of);
  // The values `entity` must provide for the contracts it sees (the data template's rows).
  std::vector<FormRow> Form(const Principal& who, const std::string& entity);
  // Imports `csv` (the long layout of the data template, as CSV, or as an .xlsx workbook when
  // `shown_name` ends with .xlsx) as declared by `who` for `entity`: checked like `vigie import`,
  // refused whole on any error, and refused when a row names another entity.
  Declaration DeclareValues(const Principal& who, const std::string& entity, const std::string& csv,
                            const std::string& shown_name);
  // `files`: report.json and, optionally, what was written beside it (its signature, the other
  // formats), by file name. The answer as JSON (config.verify_json), with the outcome.
  struct Verification {
    driver::VerifyResult::Outcome outcome = driver::VerifyResult::Outcome::kReportUnreadable;
    std::string json;
    std::vector<driver::Difference> differences;
    std::string problem;
  };
  Verification Verify(const std::map<std::string, std::string>& files);

  // Controller's dashboard as of a date: every entity and its verdict counts, each contract's
  // campaign (latest position, matrix, scores per year, ranking for `ranking_year`: "" the latest
  // year with scores), and the declarations awaiting validation. One evaluation, driver::Evaluate's.
  struct DashboardRow {
    std::string entity, name;
    std::map<std::string, int64_t> counts;
  };
  struct Dashboard {
    std::string as_of;
    std::vector<DashboardRow> rows;
    std::vector<CampaignContract> contracts;
    std::vector<store::Store::Declaration> declarations;
    std::vector<store::Store::SealedRunInfo> runs;  // the official runs recorded, newest first
    // Why there are no verdicts: the report would not fit in memory (the V5080 sentence).
    std::string refused;
  };
  Dashboard BuildDashboard(const sema::model::Date& as_of, const std::string& ranking_year = "");

  // An official run of every contract as of `as_of`, recorded by `who` as `vigie run --store` records
  // one (sealed, its JSON report kept in the store; reports say which declared values it used), and
  // an audit row run-recorded. run_id 0: not recorded, `problem` says why.
  struct RecordedRun {
    int64_t run_id = 0;
    std::string problem;
  };
  RecordedRun RecordRun(const Principal& who, const sema::model::Date& as_of);

  // One verdict explained (`vigie explain`'s text), for `who`: a contract it does not see is
  // kNotVisible, as an unknown one. driver::Explain recomputes it.
  struct VerdictExplanation {
    enum class Problem { kNone, kNotVisible, kUnknownItem, kUnknownPeriod, kNoVerdict, kUnknownEntity };
    Problem problem = Problem::kNone;
    std::string contract, contract_title, item, entity, entity_name, period, as_of;
    std::string verdict, reason;  // the verdict's name ("met") and its reason
    std::string text;             // the whole explanation, one fact a line
  };
  VerdictExplanation Explain(const Principal& who, const std::string& entity, const std::string& contract,
                             const std::string& item, const sema::model::Period& period, const sema::model::Date& as_of);

  // The values declared through the web, oldest first, each with the values it stored.
  struct DeclarationView {
    store::Store::Declaration declaration;
    std::vector<store::Store::ImportedValue> values;
  };
  std::vector<DeclarationView> Declarations();
  // A controller validates or rejects (with a reason) a declaration awaiting validation.
  enum class Review { kDone, kNotFound, kAlreadyReviewed, kReasonMissing, kFailed };
  Review ReviewDeclaration(const Principal& who, int64_t import_id, bool validated, const std::string& reason);

  // Reports to download (docs/serve.md). kNotFound: no such sealed run, or one `who` may not see (an
  // establishment: a run that names none of its entities), told apart from nothing else.
  struct ReportResult {
    enum class Problem { kNone, kNotFound, kUnreadable, kTooLarge };
    Problem problem = Problem::kNone;
    std::string why;  // kUnreadable: why the sealed report does not read; kTooLarge: the V5080 sentence
    ReportDownload download;
  };
  // Run `run_id`'s report as recorded, rendered from its sealed JSON report (never evaluated again):
  // whole for a controller or an auditor (the JSON byte for byte as sealed, so that verify holds);
  // for an establishment, the extract about its entities (ExtractFor).
  ReportResult RunReport(const Principal& who, int64_t run_id, ReportFormat format);
  // The self-assessment of `entity` as of `as_of`, as the home page shows it, as a report: the
  // contracts `who` sees, evaluated now on the data declared so far (not recorded), its extract.
  ReportResult SelfAssessmentReport(const Principal& who, const std::string& entity, const sema::model::Date& as_of,
                                    ReportFormat format);
  // The sealed runs `who` may download, newest first (an establishment: those naming its entities).
  std::vector<store::Store::SealedRunInfo> RunsOf(const Principal& who);

  Clock::time_point Now() const { return config_.clock ? config_.clock() : Clock::now(); }
  const ServiceConfig& Config() const { return config_; }
  const ReadPool& Readers() const { return readers_; }

 private:
  // The time stamps written in the store and the reports (audit, reviews, generated_at): the test
  // clock when set, else NowUtc(), which follows VIGIE_FIXED_TIME like the rest of vigie. Sessions
  // and sign-in limits run on Now(), the real clock.
  std::string NowText() const;
  std::string TimeText(Clock::time_point time) const;
  // How this service evaluates with a report (as of `as_of`, within its memory): kNamed also names the
  // engine, the store and the rulesets, as a report a user downloads or a recorded run does.
  enum class Provenance { kNone, kNamed };
  driver::EvaluateOptions ReportOptions(const sema::model::Date& as_of, Provenance provenance) const;
  // The report of the contracts `who` sees, evaluated as of `as_of` on the current data (not recorded).
  // Each reads through `reader`, a connection the caller borrowed from readers_ (a request borrows
  // once: a second borrow while holding one could wait for itself).
  // The report of the contracts `who` sees; none when it sees none, or when the report would not fit
  // in memory (`refused` then holds the V5080 sentence).
  std::optional<report::Report> EvaluateVisible(const Principal& who, const sema::model::Date& as_of,
                                                store::Store& reader, std::string& refused);
  std::vector<std::string> ContractsOf(const Principal& who, const store::Store& reader) const;
  std::string EntityName(const std::string& entity, const store::Store& reader) const;
  static std::set<std::string> Groups(const store::Store& reader);
  std::vector<ContractParties> Parties() const;

  ServiceConfig config_;
  const driver::CheckedProgram& program_;
  std::unique_ptr<store::Store> store_;  // the writer
  std::mutex mutex_;                     // every use of store_
  ReadPool readers_;                     // after store_: closed before it
  ScratchStores scratches_;              // where each declaration is checked first (DeclareValues)
  RateLimiter by_login_, by_address_;
};

}  // namespace vigie::serve
