#include "engine/cli/eval_commands.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "engine/base/clock.h"
#include "engine/base/diagnostic_render.h"
#include "engine/base/locale_text.h"
#include "engine/base/signature.h"
#include "engine/base/version.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/cli/json_output.h"
#include "engine/cli/key_command.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/pipeline.h"
#include "engine/driver/publish.h"
#include "engine/driver/verify.h"
#include "engine/report/party_payments.h"
#include "engine/report/explain_text.h"
#include "engine/report/renderers.h"
#include "engine/report/report_text.h"
#include "engine/report/report_model.h"
#include "engine/report/version_text.h"
#include "engine/store/store.h"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;
namespace model = sema::model;


}  // namespace

// The ruleset files a command reads: the paths given, or rulesets/ and contracts/ when run from the
// repository.
std::vector<std::string> RulePaths(const Options& options, const std::vector<std::string>& given) {
  if (!given.empty()) return given;
  std::vector<std::string> paths = options.catalogs;
  if (paths.empty()) {
    std::error_code error;
    for (const char* folder : {"rulesets", "contracts"}) {
      if (fs::is_directory(folder, error)) paths.push_back(folder);
    }
  }
  return paths;
}

// Prints the diagnostics of rulesets that do not check and returns the exit code.
int PrintRuleErrors(const DiagnosticSink& sink, const SourceManager& sources, std::ostream& err) {
  const std::vector<Diagnostic> diagnostics = sink.Sorted();
  err << RenderTextAll(diagnostics, sources);
  err << Tr("failed: the rulesets have {0}; nothing was evaluated", CountText(sink.ErrorCount(), 0)) << "\n";
  return ExitCodeForErrors(diagnostics);
}

bool CheckRules(const std::vector<std::string>& paths, const Options& options, driver::CheckedProgram& program,
                std::ostream& err, int& exit_code) {
  DiagnosticSink sink(options.max_errors);
  driver::CheckProgram(paths, options.root, program, sink);
  if (sink.HasErrors()) {
    exit_code = PrintRuleErrors(sink, program.parsed.sources, err);
    return false;
  }
  return true;
}

int PrintStoreError(const store::StoreError& error, std::ostream& err) {
  Diagnostic diagnostic = MakeDiagnostic(DiagCode::kStoreUnavailable, Span{}, error.message);
  diagnostic.help = error.help;
  SourceManager none;
  err << RenderText(diagnostic, none) << "\n" << Tr("failed: {0}", error.message) << "\n";
  return kExitInternal;
}

std::unique_ptr<store::Store> OpenForReading(const Options& options, std::ostream& err, int& exit_code) {
  store::StoreError error;
  store::OpenOptions open;
  open.create = false;
  std::unique_ptr<store::Store> store = store::Store::Open(options.store, open, error);
  if (!store) exit_code = PrintStoreError(error, err);
  return store;
}

namespace {

void PrintSummary(const report::Report& r, std::ostream& out) {
  for (const report::Contract& c : r.contracts) {
    const std::string kind = c.kind.empty() ? std::string(Tr("contract")) : report::ContractKindName(c.kind);
    out << (c.title.empty() ? Tr("contract {0} ({1}, {2}) as of {3}", c.name, kind, c.period, FormatDate(r.as_of))
                            : Tr("contract {0} \"{1}\" ({2}, {3}) as of {4}", c.name, c.title, kind, c.period, FormatDate(r.as_of)))
        << "\n";
    out << "  " << Tr("verdicts:");
    bool first = true;
    // The verdicts, in the order they are listed: "2 met" (French: "atteint : 2", the word does not agree).
    static const std::pair<const char*, const char*> kVerdicts[] = {
        {"met", N_("{0} met")},
        {"partially_met", N_("{0} partially met")},
        {"not_met", N_("{0} not met")},
        {"missing_data", N_("{0} missing data")},
        {"waived", N_("{0} waived")},
        {"not_applicable", N_("{0} not applicable")},
        {"pending", N_("{0} pending")},
        {"error", N_("{0} error")}};
    for (const auto& [v, label] : kVerdicts) {
      auto it = c.counts.find(v);
      if (it == c.counts.end()) continue;
      out << (first ? " " : ", ") << Tr(label, it->second);
      first = false;
    }
    if (first) out << " " << Tr("none");
    out << "\n  " << Tr("score:");
    if (c.scores.empty()) out << " " << Tr("none (no scored verdict)");
    for (const auto& s : c.scores) out << " " << report::YearLabel(c, s.year) << " " << LocalizeNumber(s.value);
    out << "\n";
    for (const std::string& line : report::VersionLines(c)) out << "  " << line << "\n";
    const std::vector<report::PartyPaymentTotal> totals = report::PartyPaymentTotals(c);
    for (size_t row = 0; row < c.payments.size(); ++row) {
      const auto& p = c.payments[row];
      const std::string year = report::YearLabel(c, p.year);
      if (p.party.empty()) {
        out << "  "
            << (p.amount ? Tr("payment {0} {1}: {2}", p.name, year, FormatAmount(*p.amount))
                         : Tr("payment {0} {1}: not computed ({2})", p.name, year, p.reason))
            << "\n";
      } else {
        out << "  "
            << (p.amount ? Tr("payment {0} {1} to {2}: {3} (score {4})", p.name, year, p.party, FormatAmount(*p.amount),
                              LocalizeNumber(p.score))
                         : Tr("payment {0} {1} to {2}: not computed ({3})", p.name, year, p.party, p.reason))
            << "\n";
      }
      for (const auto& line : p.read) out << "    " << Tr("read {0}", line) << "\n";
      if (const report::PartyPaymentTotal* total = report::TotalAfter(totals, c, row)) {
        out << "  "
            << (!total->amount ? Tr("payment {0} {1}, total of {2} parties: not computed", p.name, year, total->parties)
                : total->not_computed > 0
                    ? Tr("payment {0} {1}, total of {2} parties: {3} ({4} not computed)", p.name, year, total->parties,
                         FormatAmount(*total->amount), total->not_computed)
                    : Tr("payment {0} {1}, total of {2} parties: {3}", p.name, year, total->parties, FormatAmount(*total->amount)))
            << "\n";
      }
    }
  }
}

}  // namespace

int PrintReportTooLarge(const driver::ReportTooLarge& too_large, std::ostream& err) {
  Diagnostic diagnostic = MakeDiagnostic(DiagCode::kReportTooLarge, Span{}, driver::ReportTooLargeText(too_large));
  diagnostic.help = driver::ReportTooLargeHelp();
  SourceManager none;
  err << RenderText(diagnostic, none) << "\n";
  return kExitInternal;
}

int RunRun(const Options& options, std::ostream& out, std::ostream& err) {
  int exit_code = kExitOk;
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << UsageError("run", *problem);
    return kExitUsage;
  }
  std::optional<model::Date> as_of = calendar::ParseDate(options.as_of).value;
  if (!as_of) {
    err << UsageError("run", std::string(Tr("give the evaluation date with --as-of YYYY-MM-DD (periods ending after it are pending)")));
    return kExitUsage;
  }
  const std::vector<std::string> paths = RulePaths(options, options.paths);
  if (paths.empty()) {
    err << UsageError("run", std::string(Tr("name the contract files to evaluate")));
    return kExitUsage;
  }
  std::optional<std::string> secret_key;
  if (!options.sign_key.empty()) {
    if (options.report_dir.empty() || !driver::WantsJson(options.formats)) {
      err << UsageError("run", std::string(Tr("--sign signs the JSON report: give --report DIR (and json in --formats)")));
      return kExitUsage;
    }
    secret_key = LoadSecretKey(options.sign_key, err);
    if (!secret_key) return kExitInternal;
  }
  driver::CheckedProgram program;
  if (!CheckRules(paths, options, program, err, exit_code)) return exit_code;
  std::vector<std::string> unknown;
  for (const std::string& name : options.contracts) {
    if (!program.model.contracts.count(name)) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    err << Tr("vigie run: no contract '{0}' in the files given", unknown[0]) << "\n";
    return kExitInputErrors;
  }
  if (program.model.contracts.empty()) {
    err << Tr("vigie run: the files given declare no contract") << "\n";
    return kExitInputErrors;
  }
  std::unique_ptr<store::Store> store = OpenForReading(options, err, exit_code);
  if (!store) return exit_code;

  driver::EvaluateOptions evaluate;
  evaluate.eval.as_of = *as_of;
  evaluate.eval.contracts = options.contracts;
  evaluate.eval.jobs = options.jobs;
  evaluate.data_as_of = options.data_as_of;
  evaluate.build_report = true;
  evaluate.report.engine_version = std::string(kVersion);
  evaluate.report.generated_at = NowUtc();
  evaluate.report.data_as_of = options.data_as_of;
  evaluate.report.store_path = options.store;
  evaluate.report.rulesets = driver::RulesetFiles(program);
  // Recorded incomplete now (the reports name the run); sealed below once they are written.
  evaluate.record = driver::RecordOptions{options.by, std::string(kVersion), ""};
  evaluate.memory_for_report = options.memory;
  driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  if (evaluation.too_large) return PrintReportTooLarge(*evaluation.too_large, err);
  report::Report report = std::move(*evaluation.report);  // not a copy: a campaign's model is hundreds of MiB
  if (evaluation.not_recorded) {
    err << Tr("warning: the run was not recorded: {0}", evaluation.not_recorded->message) << "\n";
  }
  if (!evaluation.diagnostics.empty()) {
    err << RenderTextAll(evaluation.diagnostics, program.parsed.sources);
    exit_code = std::max(exit_code, ExitCodeForErrors(evaluation.diagnostics));
  }

  PrintSummary(report, out);
  driver::PublishOptions publish{options.report_dir, options.formats, secret_key, options.html_pages};
  publish.jobs = options.jobs;
  const driver::Published published = driver::PublishRun(report, *store, publish);
  if (!published.failed.empty()) {
    const std::string message =
        report.run_id != 0 && !published.not_sealed
            ? Tr("cannot write '{0}'; run #{1} is left incomplete in {2}", published.failed, report.run_id, options.store)
            : Tr("cannot write '{0}'", published.failed);
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kReportNotWritten, Span{}, message);
    diagnostic.help = Tr("check that the folder exists and can be written, then run again");
    SourceManager none;
    err << RenderText(diagnostic, none) << "\n";
    return kExitInternal;
  }
  if (!options.report_dir.empty()) {
    out << Tr("reports:");
    for (const auto& path : published.paths) out << " " << path;
    out << "\n";
    if (published.html_pages > 0) {
      out << Tr("the HTML report is a summary with {0} entity pages in {1}", published.html_pages,
                (fs::path(options.report_dir) / "pages").string())
          << "\n";
    }
  }
  if (published.sealed) {
    out << Tr("run #{0} recorded in {1}", report.run_id, options.store) << "\n";
  } else if (published.not_sealed) {
    err << Tr("warning: run #{0} is left incomplete: {1}", report.run_id, published.not_sealed->message) << "\n";
  }
  return exit_code;
}

int RunExplain(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() < 4) {
    err << UsageError("explain", Tr("give the contract, the commitment or milestone, the establishment and the period "
                                    "({0} of 4 given)",
                                    options.paths.size()));
    return kExitUsage;
  }
  // Files after the four names are the rules, as for `vigie run FILE...`.
  const std::vector<std::string> rule_files(options.paths.begin() + 4, options.paths.end());
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << UsageError("explain", *problem);
    return kExitUsage;
  }
  std::optional<model::Date> as_of = calendar::ParseDate(options.as_of).value;
  if (!as_of) {
    err << UsageError("explain", std::string(Tr("give the evaluation date with --as-of YYYY-MM-DD")));
    return kExitUsage;
  }
  const std::string& contract_name = options.paths[0];
  const std::string& item_name = options.paths[1];
  const std::string& entity_id = options.paths[2];
  const std::string& period_text = options.paths[3];
  const calendar::Parsed<model::Period> period = calendar::ParsePeriod(period_text);
  if (!period) {
    err << UsageError("explain", Tr("{0}: {1}", "PERIOD", period.error));
    return kExitUsage;
  }
  int exit_code = kExitOk;
  driver::CheckedProgram program;
  if (!CheckRules(RulePaths(options, rule_files), options, program, err, exit_code)) return exit_code;
  auto contract = program.model.contracts.find(contract_name);
  if (contract == program.model.contracts.end()) {
    err << Tr("vigie explain: no contract '{0}' in the rulesets", contract_name) << "\n";
    return kExitInputErrors;
  }
  std::unique_ptr<store::Store> store = OpenForReading(options, err, exit_code);
  if (!store) return exit_code;
  const driver::ExplainRequest request{contract_name, item_name, entity_id, *period, *as_of, options.data_as_of};
  const driver::Explanation explanation = driver::Explain(program.model, *store, request);
  switch (explanation.problem) {
    case driver::Explanation::Problem::kNone: break;
    case driver::Explanation::Problem::kUnknownEntity:
      err << Tr("vigie explain: the store knows no entity '{0}'", entity_id) << "\n";
      return kExitInputErrors;
    case driver::Explanation::Problem::kUnknownPeriod:
      err << Tr("vigie explain: no data or target for period {0}", period_text) << "\n";
      return kExitInputErrors;
    case driver::Explanation::Problem::kNoVerdict:
      err << Tr("vigie explain: no verdict: {0}", explanation.detail.reason) << "\n";
      return kExitInputErrors;
    case driver::Explanation::Problem::kUnknownItem:
      err << Tr("vigie explain: contract '{0}' has no commitment or milestone '{1}'", contract_name, item_name) << "\n";
      return kExitInputErrors;
  }
  if (options.diagnostics == "json") {
    out << ExplainJson(request, explanation);
    return kExitOk;
  }
  out << report::ExplainText(program.model,
                             {&contract->second, item_name, entity_id, explanation.entity_name, *period, *as_of},
                             explanation.detail, explanation.origins);
  return kExitOk;
}

namespace {

// One line for each difference `vigie verify` found.
void PrintDifference(const driver::Difference& d, const Options& options, std::ostream& out) {
  auto sha = [](const std::string& text) { return text.substr(0, 12) + "…"; };
  auto shown = [](const std::string& text) { return text.empty() ? std::string(Tr("(none)")) : text; };
  using Kind = driver::Difference::Kind;
  std::string line;
  switch (d.kind) {
    case Kind::kSignatureMissing: line = Tr("signature: missing (no {0} beside the report)", d.subject); break;
    case Kind::kSignatureMalformed: line = Tr("signature {0}: not a vigie signature", d.subject); break;
    case Kind::kSignatureInvalid:
      line = d.recorded == d.now
                 ? Tr("signature {0}: does not match the report (report.json was changed after it was signed)", d.subject)
                 : Tr("signature {0}: names the key {1}, not the key {2} given: it was not made with that key", d.subject,
                      d.recorded, d.now);
      break;
    case Kind::kReportFileMissing: line = Tr("report file {0}: missing (its sha256 was {1})", d.subject, sha(d.recorded)); break;
    case Kind::kReportFileChanged:
      line = Tr("report file {0}: changed since the report was written (sha256 {1} instead of {2})", d.subject, sha(d.now),
                sha(d.recorded));
      break;
    case Kind::kPathRefused:
      line = Tr("{0}: refused, not read: {1} (a report's paths are read inside its folder; name the files with --rules, "
                "the folder with --root)",
                d.subject, d.now);
      break;
    case Kind::kRunMissing: line = Tr("{0}: not in the store {1}", d.subject, options.store); break;
    case Kind::kRunIncomplete:
      line = d.now.empty() ? Tr("{0}: incomplete in the store (its reports were not all written)", d.subject)
                           : Tr("{0}: incomplete in the store ({1})", d.subject, d.now);
      break;
    case Kind::kRunUnsealed:
      line = Tr("{0}: recorded before runs were sealed (store schema 2); its record cannot be checked", d.subject);
      break;
    case Kind::kRunDiffers:
      line = Tr("{0}: {1} in the store, {2} in the report", d.subject, shown(d.recorded), shown(d.now));
      break;
    case Kind::kRunReportDiffers:
      line = Tr("{0}: the report differs from the one sealed in the store (sha256 {1} instead of {2})", d.subject,
                sha(d.now), sha(d.recorded));
      break;
    case Kind::kChainRunMissing:
      line = d.recorded.empty() ? Tr("chain: the run sealed before {0} is missing from the store", d.subject)
                                : Tr("chain: the run sealed before {0} is missing from the store (it came after {1})",
                                     d.subject, d.recorded);
      break;
    case Kind::kChainLinkChanged:
      line = Tr("chain: {0} no longer follows the run sealed before it (link {1} instead of {2})", d.subject, sha(d.now),
                sha(d.recorded));
      break;
    case Kind::kChainRunAltered:
      line = Tr("chain: {0} was altered after it was sealed (digest {1} instead of {2})", d.subject, sha(d.now),
                sha(d.recorded));
      break;
    case Kind::kRulesetMissing: line = Tr("ruleset {0}: missing (it was read for the report)", d.subject); break;
    case Kind::kRulesetChanged:
      line = Tr("ruleset {0}: changed since the report (sha256 {1} instead of {2})", d.subject, sha(d.now), sha(d.recorded));
      break;
    case Kind::kRulesetNotRecorded: line = Tr("ruleset {0}: read now, but not listed in the report", d.subject); break;
    case Kind::kEvidenceMissing: line = Tr("evidence {0}: missing (its sha256 was {1})", d.subject, sha(d.recorded)); break;
    case Kind::kEvidenceChanged:
      line = Tr("evidence {0}: changed since it was recorded (sha256 {1} instead of {2})", d.subject, sha(d.now),
                sha(d.recorded));
      break;
    case Kind::kData:
      line = Tr("data: the values the report read have changed in the store (digest {0} instead of {1})", sha(d.now),
                sha(d.recorded));
      break;
    case Kind::kVerdictGone: line = Tr("{0}: was {1}, no longer evaluated", d.subject, d.recorded); break;
    case Kind::kVerdictChanged: line = Tr("{0}: was {1}, now {2}", d.subject, d.recorded, d.now); break;
    case Kind::kVerdictNew: line = Tr("{0}: new, {1}", d.subject, d.now); break;
  }
  out << line << "\n";
}

// Who made the report: proven only by a signature checked with a public key.
void PrintAuthorship(const driver::VerifyResult& result, const Options& options, const std::string& key,
                     std::ostream& out) {
  switch (result.signature) {
    case driver::VerifyResult::Signature::kValid:
      out << Tr("signed: the report is signed by the key of {0} ({1})", options.public_key, KeyFingerprint(key)) << "\n";
      break;
    case driver::VerifyResult::Signature::kNotChecked:
      out << (result.signature_present
                  ? Tr("authorship not proven: the report's signature was not checked (give --public-key NAME.pub); "
                       "anyone who can write the store and the rules could have made it")
                  : Tr("authorship not proven: the report is not signed; anyone who can write the store and the rules "
                       "could have made it"))
          << "\n";
      break;
    case driver::VerifyResult::Signature::kInvalid: break;  // a difference says why
  }
}

void PrintVerified(const driver::VerifyResult& result, const Options& options, std::ostream& out) {
  const size_t files = result.report_files, n = result.evidence_documents;
  const std::string documents = n == 0   ? ""
                                : n == 1 ? std::string(Tr("the evidence document, "))
                                         : Tr("the {0} evidence documents, ", n);
  const std::string report = files == 0   ? std::string(Tr("the report"))
                             : files == 1 ? std::string(Tr("the report and its file"))
                                          : Tr("the report and its {0} files", files);
  out << Tr("verified: {0}, run #{1} as sealed in {2}, the chain of runs, the rulesets, {3}the data and all {4} verdicts "
            "and amounts are as recorded",
            report, result.recorded->run_id, options.store, documents, result.compared)
      << "\n";
}

}  // namespace

int RunVerify(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() != 1) {
    err << UsageError("verify", options.paths.empty() ? std::string(Tr("name the report to verify: vigie verify REPORT.json"))
                                                      : Tr("unexpected argument '{0}'", options.paths[1]));
    return kExitUsage;
  }
  driver::VerifyOptions verify;
  verify.report_path = options.paths[0];
  verify.store_path = options.store;  // never the store the report names
  verify.rules = options.catalogs;
  verify.folder = options.root;
  verify.memory_for_report = options.memory;
  if (!options.public_key.empty()) {
    verify.public_key = LoadPublicKey(options.public_key, err);
    if (!verify.public_key) return kExitInternal;
  }
  DiagnosticSink sink(options.max_errors);
  const driver::VerifyResult result = driver::Verify(verify, sink);
  if (result.outcome == driver::VerifyResult::Outcome::kReportUnreadable) {
    if (options.diagnostics == "json") out << VerifyJson(result);
    err << Tr("vigie verify: '{0}' {1}", options.paths[0], result.problem) << "\n";
    return result.recorded || result.problem != "cannot be read" ? kExitInputErrors : kExitInternal;
  }
  const size_t differences = result.differences.size();
  if (options.diagnostics == "json") {
    if (result.outcome == driver::VerifyResult::Outcome::kRulesHaveErrors) {
      return PrintRuleErrors(sink, result.program.parsed.sources, err);
    }
    out << VerifyJson(result);
    switch (result.outcome) {
      case driver::VerifyResult::Outcome::kVerified: return kExitOk;
      case driver::VerifyResult::Outcome::kStoreUnavailable: return kExitInternal;
      case driver::VerifyResult::Outcome::kReportTooLarge: return kExitInternal;
      default: return kExitInputErrors;
    }
  }
  for (const driver::Difference& d : result.differences) PrintDifference(d, options, out);
  switch (result.outcome) {
    case driver::VerifyResult::Outcome::kReportUnreadable: break;  // handled above
    case driver::VerifyResult::Outcome::kRulesetsMissing:
      // Without the rules nothing can be recomputed: say so once instead of listing every verdict.
      out << (result.missing_rulesets == 1
                  ? std::string(Tr("not verified: 1 ruleset of the report cannot be read; name the rules with --rules, or "
                                   "the folder they are in with --root"))
                  : Tr("not verified: {0} rulesets of the report cannot be read; name the rules with --rules, or the "
                       "folder they are in with --root",
                       result.missing_rulesets))
          << "\n";
      return kExitInputErrors;
    case driver::VerifyResult::Outcome::kRulesHaveErrors:
      return PrintRuleErrors(sink, result.program.parsed.sources, err);
    case driver::VerifyResult::Outcome::kStoreUnavailable:
      return PrintStoreError(result.store_error, err);
    case driver::VerifyResult::Outcome::kReportTooLarge:
      return PrintReportTooLarge(*result.too_large, err);
    case driver::VerifyResult::Outcome::kVerified:
      PrintVerified(result, options, out);
      PrintAuthorship(result, options, verify.public_key.value_or(""), out);
      return kExitOk;
    case driver::VerifyResult::Outcome::kDifferent: break;
  }
  out << (differences == 1 ? std::string(Tr("not verified: 1 difference")) : Tr("not verified: {0} differences", differences))
      << "\n";
  PrintAuthorship(result, options, verify.public_key.value_or(""), out);
  return kExitInputErrors;
}

}  // namespace vigie::cli
