#include "engine/driver/verify.h"

#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "engine/driver/evaluate.h"
#include "engine/base/sha256.h"

namespace vigie::driver {
namespace {

namespace fs = std::filesystem;

// Every verdict and amount of a report, by a key that names it ("c a 080000037 2019",
// "payment c bonus 2019"): verdicts as their name, amounts in euros or "none".
std::map<std::string, std::string> Outcomes(const report::Report& report) {
  std::map<std::string, std::string> out;
  for (const auto& c : report.contracts) {
    for (const auto& item : c.items) {
      for (const auto& v : item.verdicts) out[c.name + " " + item.name + " " + v.entity + " " + v.period] = v.verdict;
    }
    for (const auto& p : c.payments) out["payment " + c.name + " " + p.name + " " + p.year] = p.amount.value_or("none");
  }
  return out;
}

}  // namespace

VerifyResult Verify(const report::Report& recorded, const VerifyOptions& options, DiagnosticSink& sink) {
  VerifyResult result;
  auto differ = [&](Difference::Kind kind, std::string subject, std::string before, std::string now) {
    result.differences.push_back(Difference{kind, std::move(subject), std::move(before), std::move(now)});
  };

  // 1. The rulesets: same files, same bytes.
  std::vector<std::string> paths;
  for (const auto& r : recorded.rulesets) {
    std::optional<std::string> sha = Sha256OfFile(r.path);
    if (!sha) {
      differ(Difference::Kind::kRulesetMissing, r.path, r.sha256, "");
      ++result.missing_rulesets;
    } else if (*sha != r.sha256) {
      differ(Difference::Kind::kRulesetChanged, r.path, r.sha256, *sha);
    }
    paths.push_back(r.path);
  }
  // Without the rules nothing can be recomputed.
  if (result.missing_rulesets > 0) {
    result.outcome = VerifyResult::Outcome::kRulesetsMissing;
    return result;
  }

  // 2. The milestones' evidence documents: same bytes as when they were recorded.
  std::set<std::string> documents_seen;
  for (const auto& c : recorded.contracts) {
    for (const auto& item : c.items) {
      for (const auto& v : item.verdicts) {
        if (v.evidence_document.empty() || !documents_seen.insert(v.evidence_document).second) continue;
        std::optional<std::string> sha = Sha256OfFile(v.evidence_document);
        if (!sha) {
          differ(Difference::Kind::kEvidenceMissing, v.evidence_document, v.evidence_sha256, "");
        } else if (*sha != v.evidence_sha256) {
          differ(Difference::Kind::kEvidenceChanged, v.evidence_document, v.evidence_sha256, *sha);
        }
      }
    }
  }
  result.evidence_documents = documents_seen.size();

  // 3. Recompute with the same rules, date and data state.
  std::vector<std::string> existing;
  for (const auto& p : paths) {
    if (fs::exists(p)) existing.push_back(p);
  }
  CheckProgram(existing, options.root, result.program, sink);
  if (sink.HasErrors()) {
    result.outcome = VerifyResult::Outcome::kRulesHaveErrors;
    return result;
  }
  store::OpenOptions open;
  open.create = false;
  std::unique_ptr<store::Store> store = store::Store::Open(options.store_path, open, result.store_error);
  if (!store) {
    result.outcome = VerifyResult::Outcome::kStoreUnavailable;
    return result;
  }
  EvaluateOptions evaluate;
  evaluate.eval.as_of = options.as_of;
  for (const auto& c : recorded.contracts) evaluate.eval.contracts.push_back(c.name);
  evaluate.data_as_of = recorded.data_as_of;
  evaluate.build_report = true;
  const Evaluation now = Evaluate(result.program.model, *store, evaluate);

  // 4. Compare the data, then the verdicts and amounts.
  if (now.data_digest != recorded.data_digest) {
    differ(Difference::Kind::kData, "", recorded.data_digest, now.data_digest);
  }
  const std::map<std::string, std::string> before = Outcomes(recorded), after = Outcomes(*now.report);
  for (const auto& [key, verdict] : before) {
    auto it = after.find(key);
    if (it == after.end()) {
      differ(Difference::Kind::kVerdictGone, key, verdict, "");
    } else if (it->second != verdict) {
      differ(Difference::Kind::kVerdictChanged, key, verdict, it->second);
    }
  }
  for (const auto& [key, verdict] : after) {
    if (!before.count(key)) differ(Difference::Kind::kVerdictNew, key, "", verdict);
  }
  result.compared = before.size();
  result.outcome = result.differences.empty() ? VerifyResult::Outcome::kVerified : VerifyResult::Outcome::kDifferent;
  return result;
}

}  // namespace vigie::driver
