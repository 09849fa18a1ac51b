#include "engine/driver/verify.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "engine/base/calendar.h"
#include "engine/base/sha256.h"
#include "engine/base/signature.h"
#include "engine/base/text.h"
#include "engine/driver/compare_reports.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/report_paths.h"

namespace vigie::driver {
namespace {

namespace fs = std::filesystem;
using Kind = Difference::Kind;

std::optional<std::string> ReadBytes(const std::string& path) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

void Differ(VerifyResult& result, Kind kind, std::string subject, std::string recorded = "", std::string now = "") {
  result.differences.push_back(Difference{kind, std::move(subject), std::move(recorded), std::move(now)});
}

// The signature beside the report must be the given key's signature of the report's exact bytes.
void CheckSignature(const std::string& report_bytes, const VerifyOptions& options, VerifyResult& result) {
  result.signature_path = options.report_path + ".sig";
  const std::optional<std::string> text = ReadBytes(result.signature_path);
  result.signature_present = text.has_value();
  if (!options.public_key) return;
  result.signature = VerifyResult::Signature::kInvalid;
  if (!text) return Differ(result, Kind::kSignatureMissing, result.signature_path);
  const std::optional<ParsedSignature> signature = ParseSignature(*text);
  if (!signature) return Differ(result, Kind::kSignatureMalformed, result.signature_path);
  if (!SignatureHolds(report_bytes, signature->signature, *options.public_key)) {
    return Differ(result, Kind::kSignatureInvalid, result.signature_path, signature->key_fingerprint,
                  KeyFingerprint(*options.public_key));
  }
  result.signature = VerifyResult::Signature::kValid;
}

// The formats written beside the JSON: the same bytes as when the JSON listed them.
void CheckReportFiles(const report::Report& report, const std::string& report_folder, VerifyResult& result) {
  for (const report::ReportFile& file : report.files) {
    const PathInside path = ResolveInside(report_folder, file.name);
    if (!path.refused.empty()) {
      Differ(result, Kind::kPathRefused, "report file " + file.name, "", path.refused);
      continue;
    }
    ++result.report_files;
    const std::optional<std::string> sha = Sha256OfFile(path.path);
    if (!sha) Differ(result, Kind::kReportFileMissing, path.path, file.sha256);
    else if (*sha != file.sha256) Differ(result, Kind::kReportFileChanged, path.path, file.sha256, *sha);
  }
}

// The run the report names, as the store sealed it: complete, and the same report.
void CheckRunRecord(const store::Store& store, const report::Report& report, const std::string& report_bytes,
                    VerifyResult& result) {
  const std::string run = Tr("run #{0}", report.run_id);
  const std::optional<store::Store::StoredRun> stored = store.RunById(report.run_id);
  if (!stored) return Differ(result, Kind::kRunMissing, run);
  if (!stored->complete) return Differ(result, Kind::kRunIncomplete, run, "", stored->incomplete_reason);
  if (!stored->seal) return Differ(result, Kind::kRunUnsealed, run);
  if (!stored->report_sha256.empty()) {  // sealed with the SHA-256 of its file (since 2026-12)
    const std::string now = Sha256Hex(report_bytes);
    if (now != stored->report_sha256) Differ(result, Kind::kRunReportDiffers, run, stored->report_sha256, now);
    return;
  }
  // Sealed with the JSON report itself (before 2026-12): the same bytes, or what changed in it.
  if (stored->report_json == report_bytes) return;
  std::string problem;
  const std::optional<report::Report> sealed = report::ParseJson(stored->report_json, problem);
  size_t named = 0;
  if (sealed) {
    for (const ReportChange& change : CompareReports(*sealed, report)) {
      Differ(result, Kind::kRunDiffers, run + ": " + change.subject, change.before, change.after);
      ++named;
    }
  }
  // What no entry names (a title, a list of files): the report as a whole differs.
  if (named == 0) Differ(result, Kind::kRunReportDiffers, run, Sha256Hex(stored->report_json), Sha256Hex(report_bytes));
}

void CheckChain(const store::Store& store, VerifyResult& result) {
  for (const store::Store::ChainBreak& b : store.CheckChain()) {
    const std::string run = Tr("run #{0}", b.run);
    const std::string previous = b.previous ? Tr("run #{0}", b.previous) : "";
    switch (b.kind) {
      case store::Store::ChainBreak::Kind::kRunMissing: Differ(result, Kind::kChainRunMissing, run, previous); break;
      case store::Store::ChainBreak::Kind::kLinkChanged:
        Differ(result, Kind::kChainLinkChanged, run, b.recorded, b.now);
        break;
      case store::Store::ChainBreak::Kind::kRunAltered:
        Differ(result, Kind::kChainRunAltered, run, b.recorded, b.now);
        break;
    }
  }
}

// The rulesets given with --rules (already checked into result.program): the same files, with the
// same bytes, as the report lists.
void CompareGivenRulesets(const report::Report& report, VerifyResult& result) {
  std::map<std::string, std::string> read;
  for (const report::RulesetFile& file : RulesetFiles(result.program)) read[file.path] = file.sha256;
  for (const report::RulesetFile& r : report.rulesets) {
    auto it = read.find(r.path);
    if (it == read.end()) {
      Differ(result, Kind::kRulesetMissing, r.path, r.sha256);
      continue;
    }
    if (it->second != r.sha256) Differ(result, Kind::kRulesetChanged, r.path, r.sha256, it->second);
    read.erase(it);
  }
  for (const auto& [path, sha] : read) Differ(result, Kind::kRulesetNotRecorded, path, "", sha);
}

// The report's own list of rulesets, read inside `folder`: the same bytes. Returns the paths to
// check again.
std::vector<std::string> CheckReportRulesets(const report::Report& report, const std::string& folder,
                                             VerifyResult& result) {
  std::vector<std::string> paths;
  for (const report::RulesetFile& r : report.rulesets) {
    const PathInside path = ResolveInside(folder, r.path);
    if (!path.refused.empty()) {
      Differ(result, Kind::kPathRefused, "ruleset " + r.path, "", path.refused);
      ++result.missing_rulesets;
      continue;
    }
    const std::optional<std::string> sha = Sha256OfFile(path.path);
    if (!sha) {
      Differ(result, Kind::kRulesetMissing, r.path, r.sha256);
      ++result.missing_rulesets;
    } else if (*sha != r.sha256) {
      Differ(result, Kind::kRulesetChanged, r.path, r.sha256, *sha);
    }
    paths.push_back(path.path);
  }
  return paths;
}

// The milestones' evidence documents, read inside `folder`: same bytes as when they were recorded.
void CheckEvidence(const report::Report& report, const std::string& folder, VerifyResult& result) {
  std::set<std::string> seen;
  for (const auto& c : report.contracts) {
    for (const auto& item : c.items) {
      for (const auto& v : item.verdicts) {
        if (v.evidence_document().empty() || !seen.insert(v.evidence_document()).second) continue;
        const PathInside path = ResolveInside(folder, v.evidence_document());
        if (!path.refused.empty()) {
          Differ(result, Kind::kPathRefused, "evidence " + v.evidence_document(), "", path.refused);
          continue;
        }
        const std::optional<std::string> sha = Sha256OfFile(path.path);
        if (!sha) Differ(result, Kind::kEvidenceMissing, v.evidence_document(), v.evidence_sha256());
        else if (*sha != v.evidence_sha256()) Differ(result, Kind::kEvidenceChanged, v.evidence_document(), v.evidence_sha256(), *sha);
      }
    }
  }
  result.evidence_documents = seen.size();
}

// The run computed again with the same rules, date and data state, compared with the report.
void Recompute(const report::Report& recorded, const sema::model::Date& as_of, store::Store& store,
               std::optional<uint64_t> memory, VerifyResult& result) {
  EvaluateOptions evaluate;
  evaluate.memory_for_report = memory;
  evaluate.eval.as_of = as_of;
  for (const auto& c : recorded.contracts) evaluate.eval.contracts.push_back(c.name);
  evaluate.data_as_of = recorded.data_as_of;
  evaluate.build_report = true;
  const Evaluation now = Evaluate(result.program.model, store, evaluate);
  if (now.too_large) {
    result.too_large = now.too_large;
    return;
  }
  if (now.data_digest != recorded.data_digest) Differ(result, Kind::kData, "", recorded.data_digest, now.data_digest);
  for (const ReportChange& change : CompareReports(recorded, *now.report)) {
    const Kind kind = change.after.empty() ? Kind::kVerdictGone : change.before.empty() ? Kind::kVerdictNew : Kind::kVerdictChanged;
    Differ(result, kind, change.subject, change.before, change.after);
  }
}

}  // namespace

VerifyResult Verify(const VerifyOptions& options, DiagnosticSink& sink) {
  VerifyResult result;
  const std::optional<std::string> bytes = ReadBytes(options.report_path);
  if (!bytes) {
    result.outcome = VerifyResult::Outcome::kReportUnreadable;
    result.problem = Tr("cannot be read");
    return result;
  }
  result.recorded = report::ParseJson(*bytes, result.problem);
  const std::optional<sema::model::Date> as_of =
      result.recorded ? calendar::ParseDate(result.recorded->as_of).value : std::nullopt;
  if (result.recorded && !as_of) result.problem = Tr("has no evaluation date (as_of '{0}')", result.recorded->as_of);
  if (!as_of) {
    result.outcome = VerifyResult::Outcome::kReportUnreadable;
    return result;
  }
  const report::Report& recorded = *result.recorded;
  const std::string report_folder = fs::path(options.report_path).parent_path().generic_string();
  const std::string folder = options.folder.empty() ? (report_folder.empty() ? "." : report_folder) : options.folder;
  result.compared = VerdictsAndAmounts(recorded);

  // 1. The report's own files: its signature, and the formats written beside it.
  CheckSignature(*bytes, options, result);
  CheckReportFiles(recorded, report_folder.empty() ? "." : report_folder, result);

  // 2. The run in the store, and the chain of sealed runs.
  store::OpenOptions open;
  open.create = false;
  std::unique_ptr<store::Store> store = store::Store::Open(options.store_path, open, result.store_error);
  if (!store) {
    result.outcome = VerifyResult::Outcome::kStoreUnavailable;
    return result;
  }
  CheckRunRecord(*store, recorded, *bytes, result);
  CheckChain(*store, result);

  // 3. The rulesets and evidence documents: same bytes. Without the rules nothing can be recomputed.
  if (!options.rules.empty()) {
    // Named as `vigie run` names them: relative to --root, else to the current directory.
    CheckProgram(options.rules, options.folder, result.program, sink);
    CompareGivenRulesets(recorded, result);
  } else {
    const std::vector<std::string> paths = CheckReportRulesets(recorded, folder, result);
    if (result.missing_rulesets > 0) {
      result.outcome = VerifyResult::Outcome::kRulesetsMissing;
      return result;
    }
    CheckProgram(paths, folder, result.program, sink);
  }
  CheckEvidence(recorded, folder, result);

  // 4. Recompute with the same rules, date and data state, and compare.
  if (sink.HasErrors()) {
    result.outcome = VerifyResult::Outcome::kRulesHaveErrors;
    return result;
  }
  Recompute(recorded, *as_of, *store, options.memory_for_report, result);
  if (result.too_large) {
    result.outcome = VerifyResult::Outcome::kReportTooLarge;
    return result;
  }
  result.outcome = result.differences.empty() ? VerifyResult::Outcome::kVerified : VerifyResult::Outcome::kDifferent;
  return result;
}

}  // namespace vigie::driver
