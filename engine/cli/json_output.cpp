#include "engine/cli/json_output.h"

#include <nlohmann/json.hpp>

#include "engine/base/diagnostic_render.h"
#include "engine/sema/expr.h"
#include "engine/sema/model.h"

namespace vigie::cli {
namespace {

using nlohmann::json;
namespace model = sema::model;

template <class T>
json Optional(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}
json Optional(OptionalNumber value) { return Optional(std::optional<double>(value)); }

json Origin(const store::HistoryEntry& h) {
  return {{"file", h.file_name}, {"row", h.row},           {"column", h.column},
          {"import", h.import_id}, {"sha256", h.sha256}, {"imported_at", h.imported_at},
          {"imported_by", h.imported_by}};
}

std::string Dump(const json& value) { return value.dump(2) + "\n"; }

std::string_view DifferenceKind(driver::Difference::Kind kind) {
  using Kind = driver::Difference::Kind;
  switch (kind) {
    case Kind::kSignatureMissing: return "signature_missing";
    case Kind::kSignatureMalformed: return "signature_malformed";
    case Kind::kSignatureInvalid: return "signature_invalid";
    case Kind::kReportFileMissing: return "report_file_missing";
    case Kind::kReportFileChanged: return "report_file_changed";
    case Kind::kPathRefused: return "path_refused";
    case Kind::kRunMissing: return "run_missing";
    case Kind::kRunIncomplete: return "run_incomplete";
    case Kind::kRunUnsealed: return "run_unsealed";
    case Kind::kRunDiffers: return "run_differs";
    case Kind::kRunReportDiffers: return "run_report_differs";
    case Kind::kChainRunMissing: return "chain_run_missing";
    case Kind::kChainLinkChanged: return "chain_link_changed";
    case Kind::kChainRunAltered: return "chain_run_altered";
    case Kind::kRulesetMissing: return "ruleset_missing";
    case Kind::kRulesetChanged: return "ruleset_changed";
    case Kind::kRulesetNotRecorded: return "ruleset_not_recorded";
    case Kind::kEvidenceMissing: return "evidence_missing";
    case Kind::kEvidenceChanged: return "evidence_changed";
    case Kind::kData: return "data";
    case Kind::kVerdictGone: return "verdict_gone";
    case Kind::kVerdictChanged: return "verdict_changed";
    case Kind::kVerdictNew: return "verdict_new";
  }
  return "unknown";
}

}  // namespace

std::string ExplainJson(const driver::ExplainRequest& request, const driver::Explanation& explanation) {
  const eval::Detail& d = explanation.detail;
  json inputs = json::array();
  for (const eval::InputRead& input : d.inputs) {
    json item = {{"entity", input.entity},
                 {"indicator", input.indicator},
                 {"role", input.role},
                 {"period", model::Format(input.period)},
                 {"value", Optional(input.value)},
                 {"missing_code", input.missing_code.empty() ? json(nullptr) : json(input.missing_code)}};
    auto origin = explanation.origins.find(input.row_id);
    item["origin"] = origin == explanation.origins.end() ? json(nullptr) : Origin(origin->second);
    inputs.push_back(item);
  }
  json members = json::array();
  for (const auto& [name, verdict] : d.members) members.push_back({{"item", name}, {"verdict", model::Name(verdict)}});
  json result = {{"contract", request.contract},
                 {"item", request.item},
                 {"entity", request.entity},
                 {"entity_name", explanation.entity_name},
                 {"period", model::Format(request.period)},
                 {"as_of", model::Format(request.as_of)},
                 {"data_as_of", request.data_as_of.empty() ? json(nullptr) : json(request.data_as_of)},
                 {"verdict", model::Name(d.verdict)},
                 {"reason", d.reason},
                 {"measured", Optional(d.measured)},
                 {"target", Optional(d.target)},
                 {"comparator", d.comparator ? json(model::Name(*d.comparator)) : json(nullptr)},
                 {"band", d.band_low && d.band_high ? json::array({*d.band_low, *d.band_high}) : json(nullptr)},
                 {"inputs", inputs},
                 {"members", members},
                 {"days_late", Optional(d.days_late)}};
  if (d.waiver != nullptr) {
    result["waiver"] = {{"reason", d.waiver->reason},
                        {"authority", d.waiver->authority},
                        {"granted", d.waiver->granted ? json(model::Format(*d.waiver->granted)) : json(nullptr)},
                        {"until", d.waiver->until ? json(model::Format(*d.waiver->until)) : json(nullptr)}};
  } else {
    result["waiver"] = nullptr;
  }
  if (d.evidence) {
    result["evidence"] = {{"produced_on", model::Format(d.evidence->produced_on)},
                          {"document", d.evidence->document},
                          {"sha256", d.evidence->sha256}};
  } else {
    result["evidence"] = nullptr;
  }
  return Dump(result);
}

std::string VerifyJson(const driver::VerifyResult& result) {
  using Outcome = driver::VerifyResult::Outcome;
  using Signature = driver::VerifyResult::Signature;
  const char* outcome = "verified";
  switch (result.outcome) {
    case Outcome::kVerified: outcome = "verified"; break;
    case Outcome::kDifferent: outcome = "different"; break;
    case Outcome::kReportUnreadable: outcome = "report_unreadable"; break;
    case Outcome::kRulesetsMissing: outcome = "rulesets_missing"; break;
    case Outcome::kRulesHaveErrors: outcome = "rules_have_errors"; break;
    case Outcome::kStoreUnavailable: outcome = "store_unavailable"; break;
    case Outcome::kReportTooLarge: outcome = "report_too_large"; break;
  }
  json differences = json::array();
  for (const driver::Difference& d : result.differences) {
    differences.push_back({{"kind", DifferenceKind(d.kind)}, {"subject", d.subject}, {"recorded", d.recorded}, {"now", d.now}});
  }
  json out = {{"outcome", outcome},
              {"signature", result.signature == Signature::kValid       ? "valid"
                            : result.signature == Signature::kInvalid   ? "invalid"
                                                                        : "not_checked"},
              {"signature_present", result.signature_present},
              {"run", result.recorded ? json(result.recorded->run_id) : json(nullptr)},
              {"compared", result.compared},
              {"report_files", result.report_files},
              {"evidence_documents", result.evidence_documents},
              {"missing_rulesets", result.missing_rulesets},
              {"differences", differences}};
  if (!result.problem.empty()) out["problem"] = result.problem;
  return Dump(out);
}

std::string TestJson(const ruletest::Summary& summary, const SourceManager& sources) {
  json tests = json::array();
  for (const ruletest::Outcome& outcome : summary.outcomes) {
    json failures = json::array();
    for (const ruletest::Failure& failure : outcome.failures) {
      failures.push_back({{"location", FormatLocation(failure.span, sources)},
                          {"expected", failure.expected},
                          {"actual", failure.actual},
                          {"detail", failure.detail}});
    }
    tests.push_back({{"name", outcome.name},
                     {"contract", outcome.contract},
                     {"passed", outcome.Passed()},
                     {"location", FormatLocation(outcome.span, sources)},
                     {"expectations", outcome.expectations},
                     {"failures", failures}});
  }
  const ruletest::Coverage& coverage = summary.coverage;
  json not_exercised = json::array();
  size_t total = 0;
  for (const auto& [contract, items] : coverage.items) {
    auto exercised = coverage.exercised.find(contract);
    for (const auto& item : items) {
      ++total;
      if (exercised == coverage.exercised.end() || !exercised->second.count(item)) not_exercised.push_back(contract + "." + item);
    }
  }
  json clauses = json::object();
  for (const auto& [contract, list] : coverage.clauses) {
    if (!list.empty()) clauses[contract] = list;
  }
  json out = {{"tests", tests},
              {"passed", summary.Passed()},
              {"failed", summary.Failed()},
              {"coverage",
               {{"percent", total == 0 ? json(nullptr) : json(coverage.Percent())},
                {"items", total},
                {"not_exercised", not_exercised},
                {"clauses_never_tested", clauses},
                {"verdicts_checked", coverage.verdict_kinds}}}};
  return Dump(out);
}

std::string StoreInfoJson(const std::string& path, const store::StoreInfo& info) {
  json indicators = json::object(), periods = json::object(), imports = json::array();
  for (const auto& [name, count] : info.indicators) indicators[name] = count;
  for (const auto& [name, count] : info.periods) periods[name] = count;
  for (const store::StoreInfo::Import& i : info.imports) {
    imports.push_back({{"id", i.id},
                       {"kind", i.kind},
                       {"file", i.file_name},
                       {"sha256", i.sha256},
                       {"imported_at", i.imported_at},
                       {"imported_by", i.imported_by},
                       {"rows_read", i.rows_read},
                       {"rows_stored", i.rows_stored},
                       {"rows_rejected", i.rows_rejected},
                       {"rows_unchanged", i.rows_unchanged}});
  }
  json out = {{"store", path},
              {"schema_version", info.schema_version},
              {"establishments", info.establishments},
              {"legal_entities", info.legal_entities},
              {"groups", info.groups},
              {"memberships", info.memberships},
              {"attributes", info.attributes},
              {"values", {{"current", info.current_values}, {"missing", info.missing_values}, {"superseded", info.superseded_values}}},
              {"evidence", info.evidence},
              {"indicators", indicators},
              {"periods", periods},
              {"imports", imports}};
  return Dump(out);
}

std::string StoreHistoryJson(const std::string& entity, const std::string& indicator,
                             const std::vector<store::HistoryEntry>& history) {
  json versions = json::array();
  for (const store::HistoryEntry& h : history) {
    json version = Origin(h);
    version["period"] = h.period;
    version["value"] = Optional(h.value);
    version["unit"] = h.unit;
    version["missing_code"] = h.missing_code.empty() ? json(nullptr) : json(h.missing_code);
    version["note"] = h.note.empty() ? json(nullptr) : json(h.note);
    version["superseded_at"] = Optional(h.superseded_at);
    versions.push_back(version);
  }
  return Dump({{"entity", entity}, {"indicator", indicator}, {"versions", versions}});
}

}  // namespace vigie::cli
