#include "engine/serve/service.h"

#include <sodium.h>
#include <stdlib.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "engine/base/clock.h"
#include "engine/base/sha256.h"
#include "engine/base/text.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/publish.h"
#include "engine/ingest/csv_reader.h"
#include "engine/ingest/data_template.h"
#include "engine/ingest/importer.h"
#include "engine/report/explain_text.h"
#include "engine/report/report_text.h"
#include "engine/serve/password.h"

namespace vigie::serve {
namespace fs = std::filesystem;
namespace {

// A folder of its own under the system's temporary folder, removed with the object.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (fs::temp_directory_path() / "vigie-serve-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code error;
    if (!path_.empty()) fs::remove_all(path_, error);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  bool Ok() const { return !path_.empty(); }
  const fs::path& Path() const { return path_; }

 private:
  fs::path path_;
};

bool WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << bytes;
  return static_cast<bool>(file.flush());
}

// A spreadsheet-safe cell of the data template ("=""080000037""" read back as ="080000037").
std::string Unguard(std::string text) {
  if (text.size() >= 3 && text[0] == '=' && text[1] == '"' && text.back() == '"') return text.substr(2, text.size() - 3);
  return text;
}

// A file name an upload may use: letters, digits, '.', '_', '-', not starting with '.'.
bool SafeFileName(const std::string& name) {
  if (name.empty() || name.size() > 100 || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

bool IsHexToken(const std::string& token) {
  return token.size() == 64 && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A hash to check unknown logins against, so that they take as long as known ones.
const std::string& DecoyHash() {
  static const std::string hash = HashPassword(RandomHex(16));
  return hash;
}

}  // namespace

Service::Service(ServiceConfig config, const driver::CheckedProgram& program, std::unique_ptr<store::Store> store)
    : config_(std::move(config)),
      program_(program),
      store_(std::move(store)),
      readers_(*store_, mutex_, config_.read_connections),
      by_login_(config_.max_failures_per_login, config_.failure_window),
      by_address_(config_.max_failures_per_address, config_.failure_window) {}

std::string Service::TimeText(Clock::time_point time) const {
  const std::time_t seconds = Clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string Service::NowText() const { return config_.clock ? TimeText(config_.clock()) : NowUtc(); }

driver::EvaluateOptions Service::ReportOptions(const sema::model::Date& as_of, Provenance provenance) const {
  driver::EvaluateOptions options;
  options.eval.as_of = as_of;
  options.build_report = true;
  options.report.generated_at = NowText();
  options.memory_for_report = config_.memory_for_report;
  if (provenance == Provenance::kNamed) {
    options.report.engine_version = config_.engine_version;
    options.report.store_path = config_.store_path;
    options.report.rulesets = driver::RulesetFiles(program_);
  }
  return options;
}

Service::SignIn Service::SignInUser(const std::string& login, const std::string& password, const std::string& address) {
  SignIn result;
  const Clock::time_point now = Now();
  if (by_login_.Blocked(login, now) || by_address_.Blocked(address, now)) {
    result.outcome = SignIn::Outcome::kThrottled;
    return result;
  }
  std::optional<store::Store::User> user;
  if (LoginProblem(login) == std::nullopt) user = readers_.Borrow()->UserByLogin(login);
  // The slow hash is checked outside the lock: other requests go on meanwhile.
  const bool good = VerifyPassword(password, user ? user->password_hash : DecoyHash()) && user.has_value();
  const std::optional<Role> role = user ? RoleFromName(user->role) : std::nullopt;
  store::StoreError error;
  if (!good || !role) {
    by_login_.Failed(login, now);
    by_address_.Failed(address, now);
    const std::lock_guard<std::mutex> lock(mutex_);
    // The login as typed is not trusted text: the audit keeps at most 64 bytes of it.
    store_->RecordAudit({0, NowText(), login.substr(0, 64), "sign-in-refused", address, std::nullopt}, error);
    return result;
  }
  by_login_.Succeeded(login);
  result.token = RandomHex(32);
  result.csrf = RandomHex(32);
  result.who = Principal{user->login, *role, user->entities};
  const store::Store::Session session{Sha256Hex(result.token), user->login, result.csrf, address, TimeText(now),
                                      TimeText(now + config_.session_lifetime)};
  const std::lock_guard<std::mutex> lock(mutex_);
  store_->RemoveExpiredSessions(TimeText(now));
  result.outcome = store_->AddSession(session, error) ? SignIn::Outcome::kSignedIn : SignIn::Outcome::kFailed;
  return result;
}

std::optional<Service::Session> Service::Authenticate(const std::string& token) {
  if (!IsHexToken(token)) return std::nullopt;
  const std::string digest = Sha256Hex(token);
  const ReadPool::Lease reader = readers_.Borrow();
  const std::optional<store::Store::Session> session = reader->SessionByToken(digest);
  if (!session || session->expires_at <= TimeText(Now())) return std::nullopt;
  const std::optional<store::Store::User> user = reader->UserByLogin(session->login);
  if (!user) return std::nullopt;
  const std::optional<Role> role = RoleFromName(user->role);
  if (!role) return std::nullopt;
  return Session{Principal{user->login, *role, user->entities}, session->csrf_token, digest};
}

void Service::SignOut(const Session& session) {
  store::StoreError error;
  const std::lock_guard<std::mutex> lock(mutex_);
  store_->RemoveSession(session.token_sha256, session.who.login, NowText(), error);
}

bool Service::IsKnownEntity(const std::string& entity) { return readers_.Borrow()->Entity(entity).has_value(); }

std::string Service::EntityName(const std::string& entity) { return EntityName(entity, *readers_.Borrow()); }

std::string Service::EntityName(const std::string& entity, const store::Store& reader) const {
  const std::optional<store::Store::EntityInfo> info = reader.Entity(entity);
  return info ? info->name : "";
}

std::vector<ContractParties> Service::Parties() const {
  std::vector<ContractParties> out;
  for (const auto& [name, contract] : program_.model.contracts) {
    ContractParties parties{name, {}};
    for (const sema::model::Party& party : contract.parties) parties.parties.push_back(party.id);
    out.push_back(std::move(parties));
  }
  return out;
}

std::vector<std::string> Service::ContractsOf(const Principal& who) { return ContractsOf(who, *readers_.Borrow()); }

std::vector<std::string> Service::ContractsOf(const Principal& who, const store::Store& reader) const {
  return VisibleContracts(who, Parties(), reader.Memberships());
}

std::optional<report::Report> Service::EvaluateVisible(const Principal& who, const sema::model::Date& as_of,
                                                       store::Store& reader, std::string& refused) {
  const std::vector<std::string> contracts = ContractsOf(who, reader);
  if (contracts.empty()) return std::nullopt;
  driver::EvaluateOptions options = ReportOptions(as_of, Provenance::kNamed);
  options.eval.contracts = contracts;
  driver::Evaluation evaluation = driver::Evaluate(program_.model, reader, options);
  if (evaluation.too_large) refused = driver::ReportTooLargeText(*evaluation.too_large);
  return std::move(evaluation.report);
}

EntityView Service::Verdicts(const Principal& who, const std::string& entity, const sema::model::Date& as_of) {
  EntityView view;
  view.entity = entity;
  view.as_of = calendar::Format(as_of);
  std::optional<report::Report> report;
  {
    const ReadPool::Lease reader = readers_.Borrow();  // the name and the verdicts from one state
    view.entity_name = EntityName(entity, *reader);
    report = EvaluateVisible(who, as_of, *reader, view.refused);
  }
  if (!report) return view;
  for (const report::Contract& contract : report->contracts) {
    EntityView::ContractView shown{contract.name, contract.title, contract.period, false, {}, {}, {}, {}, contract.texts};
    const sema::model::Contract& declared = program_.model.contracts.at(contract.name);
    shown.direct_party = std::any_of(declared.parties.begin(), declared.parties.end(),
                                     [&](const sema::model::Party& party) { return party.id == entity; });
    for (const report::Item& item : contract.items) {
      shown.units[item.name] = item.unit;
      for (const report::VerdictRow& row : item.verdicts) {
        if (row.entity == entity) shown.verdicts.push_back(row);
      }
    }
    for (const report::Score& score : contract.entity_scores) {
      if (score.entity == entity) shown.scores.push_back(score);
    }
    if (shown.direct_party) {
      for (const report::Payment& payment : contract.payments) {  // a payment made to each party: its own only
        if (payment.party.empty() || payment.party == entity) shown.payments.push_back(payment);
      }
    }
    view.contracts.push_back(std::move(shown));
  }
  return view;
}

std::vector<FormRow> Service::Form(const Principal& who, const std::string& entity) {
  std::vector<FormRow> rows;
  const ReadPool::Lease reader = readers_.Borrow();
  const std::vector<store::MembershipRow> memberships = reader->Memberships();
  for (const std::string& name : VisibleContracts(who, Parties(), memberships)) {
    const sema::model::Contract& contract = program_.model.contracts.at(name);
    const bool is_member = std::any_of(memberships.begin(), memberships.end(), [&](const store::MembershipRow& m) {
      return m.member == entity && std::any_of(contract.parties.begin(), contract.parties.end(),
                                               [&](const sema::model::Party& party) { return party.id == m.group; });
    });
    const ingest::DataTemplate data = ingest::BuildDataTemplate(program_.model, contract, entity, is_member);
    const ingest::CsvTable table = ingest::ReadCsv(data.values);
    for (const ingest::CsvRow& csv : table.rows) {
      if (csv.fields.size() < 7) continue;
      FormRow row{name, csv.fields[1], "", Unguard(csv.fields[2]), csv.fields[4], csv.fields[5], csv.fields[6], {}, "", {}};
      if (auto found = program_.model.indicators.find(row.indicator); found != program_.model.indicators.end()) {
        row.title = found->second.title;
        row.range = found->second.range;
        for (const sema::model::Indicator::Code& code : found->second.codes) {
          row.codes.emplace_back(code.code, std::string(sema::model::Name(code.verdict)));
        }
      }
      if (std::optional<store::HistoryEntry> stored = reader->ValueAt(entity, row.indicator, row.period)) {
        row.current = stored->value ? report::FormatNumberFrench(stored->value) : stored->missing_code;
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Declaration Service::DeclareValues(const Principal& who, const std::string& entity, const std::string& csv,
                                   const std::string& shown_name) {
  Declaration result;
  // Read from memory, never written to disk. The importer reads a workbook by its bytes (a zip) and
  // tells a file named .xlsx that is not one.
  const fs::path path = shown_name.ends_with(".xlsx") ? "declaration.xlsx" : "declaration.csv";
  ingest::ImportOptions options;
  options.content = &csv;
  options.format = ingest::ImportFormat::kLong;  // values only: never entities, groups or evidence
  options.imported_by = who.login;
  options.display_name = shown_name;
  // First into a scratch store that takes any entity: the file's own mistakes, and which entities
  // it names. Only a file naming `entity` alone goes on to the real store.
  {
    store::StoreError error;
    const ScratchStores::Lease scratch = scratches_.Borrow(error);
    if (!scratch) {
      result.diagnostics.push_back(MakeDiagnostic(DiagCode::kStoreWriteFailed, Span{}, error.message));
      return result;
    }
    ingest::ImportOptions first = options;
    first.register_unknown_entities = true;
    DiagnosticSink sink;
    ingest::ImportSummary summary;
    const bool read = ingest::ImportFile(path.string(), program_.model, *scratch, first, result.sources, sink, summary);
    if (!read || sink.HasErrors()) {
      result.diagnostics = sink.Sorted();
      return result;
    }
    std::map<std::string, int64_t> others;  // entity -> a value row naming it
    scratch->ForEachValue({}, "", [&](const store::Store::CurrentValue& value) {
      if (value.entity != entity) others.emplace(std::string(value.entity), value.id);
    });
    if (!others.empty()) {
      std::vector<int64_t> ids;
      for (const auto& [other, id] : others) ids.push_back(id);
      const std::map<int64_t, store::HistoryEntry> rows = scratch->ValuesById(ids);
      for (const auto& [other, id] : others) {
        const int64_t row = rows.count(id) ? rows.at(id).row : 0;
        Diagnostic diagnostic = MakeDiagnostic(
            DiagCode::kValuesOfOtherEntity, Span{},
            Tr("{0}, line {1}: values of '{2}' cannot be declared here; this page declares those of '{3}'", shown_name,
               row, other, entity));
        diagnostic.help = Tr("keep only the lines of {0}; nothing was stored", entity);
        result.diagnostics.push_back(std::move(diagnostic));
      }
      return result;
    }
  }
  SourceManager sources;
  DiagnosticSink sink;
  ingest::ImportSummary summary;
  bool stored = false;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    store_->DeclareImportsAs(who.login);
    stored = ingest::ImportFile(path.string(), program_.model, *store_, options, sources, sink, summary);
    store_->DeclareImportsAs(std::nullopt);
  }
  result.sources = std::move(sources);
  result.diagnostics = sink.Sorted();
  result.stored = stored && !sink.HasErrors();
  result.import_id = summary.applied.import_id;
  result.values_stored = summary.applied.stored;
  result.values_unchanged = summary.applied.unchanged;
  return result;
}

Service::Verification Service::Verify(const std::map<std::string, std::string>& files) {
  Verification answer;
  ScratchFolder folder;
  std::string report_name;
  for (const auto& [name, bytes] : files) {
    if (!SafeFileName(name)) {
      answer.problem = Tr("'{0}' is not a file name vigie accepts", name);
      return answer;
    }
    if (report_name.empty() || name == "report.json") {
      if (name.size() > 5 && name.ends_with(".json")) report_name = name;
    }
  }
  if (report_name.empty()) {
    answer.problem = std::string(Tr("no JSON report was given"));
    return answer;
  }
  if (!folder.Ok()) {
    answer.problem = std::string(Tr("the report could not be received"));
    return answer;
  }
  for (const auto& [name, bytes] : files) {
    if (!WriteBytes(folder.Path() / name, bytes)) {
      answer.problem = std::string(Tr("the report could not be received"));
      return answer;
    }
  }
  driver::VerifyOptions options;
  options.report_path = (folder.Path() / report_name).string();
  options.store_path = config_.store_path;
  options.rules = config_.rule_paths;
  std::error_code error;
  options.folder = config_.root.empty() ? fs::current_path(error).string() : config_.root;
  DiagnosticSink sink;
  const driver::VerifyResult result = driver::Verify(options, sink);
  answer.outcome = result.outcome;
  answer.differences = result.differences;
  answer.problem = result.problem;
  if (config_.verify_json) answer.json = config_.verify_json(result);
  return answer;
}

std::vector<Service::DeclarationView> Service::Declarations() {
  std::vector<DeclarationView> out;
  const ReadPool::Lease reader = readers_.Borrow();
  for (store::Store::Declaration& declaration : reader->Declarations()) {
    DeclarationView view{std::move(declaration), {}};
    view.values = reader->ValuesOfImport(view.declaration.import_id);
    out.push_back(std::move(view));
  }
  return out;
}

Service::Review Service::ReviewDeclaration(const Principal& who, int64_t import_id, bool validated,
                                           const std::string& reason) {
  // A rejection says why: the establishment must know what to correct.
  std::string trimmed = reason;
  trimmed.erase(0, trimmed.find_first_not_of(" \t\r\n"));
  trimmed.erase(trimmed.find_last_not_of(" \t\r\n") + 1);
  if (!validated && trimmed.empty()) return Review::kReasonMissing;
  const std::lock_guard<std::mutex> lock(mutex_);
  const std::optional<store::Store::Declaration> declaration = store_->DeclarationById(import_id);
  if (!declaration) return Review::kNotFound;
  if (declaration->status != "declared") return Review::kAlreadyReviewed;
  store::StoreError error;
  return store_->ReviewDeclaration(import_id, validated, trimmed.substr(0, 1000), who.login, NowText(), error) ? Review::kDone
                                                                                                                : Review::kFailed;
}

Service::Dashboard Service::BuildDashboard(const sema::model::Date& as_of, const std::string& ranking_year) {
  Dashboard dashboard;
  dashboard.as_of = calendar::Format(as_of);
  const driver::EvaluateOptions options = ReportOptions(as_of, Provenance::kNone);
  std::optional<report::Report> report;
  {
    const ReadPool::Lease reader = readers_.Borrow();
    for (store::Store::Declaration& declaration : reader->Declarations()) {
      if (declaration.status == "declared") dashboard.declarations.push_back(std::move(declaration));
    }
    dashboard.runs = reader->SealedRuns();
    if (program_.model.contracts.empty()) return dashboard;
    driver::Evaluation evaluation = driver::Evaluate(program_.model, *reader, options);
    if (evaluation.too_large) dashboard.refused = driver::ReportTooLargeText(*evaluation.too_large);
    report = std::move(evaluation.report);
  }
  if (!report) return dashboard;
  std::map<std::string, DashboardRow> rows;
  for (const report::Contract& contract : report->contracts) {
    for (const report::Item& item : contract.items) {
      for (const report::VerdictRow& row : item.verdicts) {
        DashboardRow& shown = rows[row.entity];
        shown.entity = row.entity;
        shown.name = row.entity_name;
        ++shown.counts[row.verdict];
      }
    }
    dashboard.contracts.push_back(CampaignOf(contract, ranking_year));
  }
  for (auto& [entity, row] : rows) dashboard.rows.push_back(std::move(row));
  return dashboard;
}

Service::RecordedRun Service::RecordRun(const Principal& who, const sema::model::Date& as_of) {
  RecordedRun out;
  if (program_.model.contracts.empty()) {
    out.problem = std::string(Tr("the rulesets served declare no contract"));
    return out;
  }
  driver::EvaluateOptions options = ReportOptions(as_of, Provenance::kNamed);
  options.record = driver::RecordOptions{who.login, config_.engine_version, ""};
  const std::lock_guard<std::mutex> lock(mutex_);
  driver::Evaluation evaluation = driver::Evaluate(program_.model, *store_, options);
  if (evaluation.not_recorded || !evaluation.report || evaluation.report->run_id == 0) {
    out.problem = evaluation.not_recorded ? evaluation.not_recorded->message
                  : evaluation.too_large  ? driver::ReportTooLargeText(*evaluation.too_large)
                                          : std::string(Tr("the run could not be recorded"));
    return out;
  }
  // Sealed with its JSON report alone: no file is written on the server.
  report::Report report = std::move(*evaluation.report);
  const driver::Published published = driver::PublishRun(report, *store_, driver::PublishOptions{});
  if (!published.sealed) {
    out.problem = published.not_sealed ? published.not_sealed->message : std::string(Tr("the run could not be recorded"));
    return out;
  }
  out.run_id = report.run_id;
  store::StoreError error;
  store_->RecordAudit({0, NowText(), who.login, "run-recorded", "run " + std::to_string(out.run_id) + " as of " + calendar::Format(as_of),
                       std::nullopt},
                      error);
  return out;
}

Service::VerdictExplanation Service::Explain(const Principal& who, const std::string& entity, const std::string& contract,
                                             const std::string& item, const sema::model::Period& period,
                                             const sema::model::Date& as_of) {
  VerdictExplanation out;
  out.contract = contract;
  out.item = item;
  out.entity = entity;
  out.period = calendar::Format(period);
  out.as_of = calendar::Format(as_of);
  const auto declared = program_.model.contracts.find(contract);
  driver::Explanation explanation;
  {
    const ReadPool::Lease reader = readers_.Borrow();
    const std::vector<std::string> visible = ContractsOf(who, *reader);
    if (declared == program_.model.contracts.end() || std::find(visible.begin(), visible.end(), contract) == visible.end()) {
      out.problem = VerdictExplanation::Problem::kNotVisible;
      return out;
    }
    explanation = driver::Explain(program_.model, *reader, {contract, item, entity, period, as_of, ""});
  }
  out.contract_title = declared->second.title;
  using Problem = driver::Explanation::Problem;
  switch (explanation.problem) {
    case Problem::kNone: break;
    case Problem::kUnknownEntity: out.problem = VerdictExplanation::Problem::kUnknownEntity; return out;
    case Problem::kUnknownPeriod: out.problem = VerdictExplanation::Problem::kUnknownPeriod; return out;
    case Problem::kUnknownItem: out.problem = VerdictExplanation::Problem::kUnknownItem; return out;
    case Problem::kNoVerdict:
      out.problem = VerdictExplanation::Problem::kNoVerdict;
      out.reason = explanation.detail.reason;
      return out;
  }
  if (who.role == Role::kEstablishment) {
    // As in its reports (ExtractFor): the files its values came from by their names, not a
    // controller's or the server's folders.
    for (auto& [row, origin] : explanation.origins) origin.file_name = FileName(origin.file_name);
  }
  out.entity_name = explanation.entity_name;
  out.verdict = std::string(sema::model::Name(explanation.detail.verdict));
  out.reason = explanation.detail.reason;
  out.text = report::ExplainText(program_.model, {&declared->second, item, entity, explanation.entity_name, period, as_of},
                                 explanation.detail, explanation.origins);
  return out;
}

}  // namespace vigie::serve
