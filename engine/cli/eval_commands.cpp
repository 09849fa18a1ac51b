#include "engine/cli/eval_commands.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "engine/base/clock.h"
#include "engine/base/diagnostic_render.h"
#include "engine/base/signature.h"
#include "engine/base/version.h"
#include "engine/cli/commands.h"
#include "engine/cli/key_command.h"
#include "engine/driver/evaluate.h"
#include "engine/driver/pipeline.h"
#include "engine/driver/publish.h"
#include "engine/driver/verify.h"
#include "engine/report/explain_text.h"
#include "engine/report/renderers.h"
#include "engine/report/report_model.h"
#include "engine/store/store.h"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;
namespace model = sema::model;


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
  err << "failed: the rulesets have " << sink.ErrorCount() << (sink.ErrorCount() == 1 ? " error" : " errors")
      << "; nothing was evaluated\n";
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
  err << RenderText(diagnostic, none) << "\nfailed: " << error.message << "\n";
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


void PrintSummary(const report::Report& r, std::ostream& out) {
  for (const report::Contract& c : r.contracts) {
    out << "contract " << c.name;
    if (!c.title.empty()) out << " \"" << c.title << "\"";
    out << " (" << (c.kind.empty() ? "contract" : c.kind) << ", " << c.period << ") as of " << r.as_of << "\n";
    out << "  verdicts:";
    bool first = true;
    for (const char* v : {"met", "partially_met", "not_met", "missing_data", "waived", "not_applicable", "pending", "error"}) {
      auto it = c.counts.find(v);
      if (it == c.counts.end()) continue;
      std::string label = v;
      std::replace(label.begin(), label.end(), '_', ' ');
      out << (first ? " " : ", ") << it->second << " " << label;
      first = false;
    }
    if (first) out << " none";
    out << "\n  score:";
    if (c.scores.empty()) out << " none (no scored verdict)";
    for (const auto& s : c.scores) out << " " << s.year << " " << s.value;
    out << "\n";
    for (const auto& p : c.payments) {
      out << "  payment " << p.name << " " << p.year << ": ";
      if (p.amount) out << *p.amount << " €";
      else out << "not computed (" << p.reason << ")";
      out << "\n";
      for (const auto& line : p.read) out << "    read " << line << "\n";
    }
  }
}

}  // namespace

int RunRun(const Options& options, std::ostream& out, std::ostream& err) {
  int exit_code = kExitOk;
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << "vigie run: " << *problem << "\n";
    return kExitUsage;
  }
  std::optional<model::Date> as_of = calendar::ParseDate(options.as_of).value;
  if (!as_of) {
    err << "vigie run: give the evaluation date with --as-of YYYY-MM-DD (periods ending after it are pending)\n";
    return kExitUsage;
  }
  const std::vector<std::string> paths = RulePaths(options, options.paths);
  if (paths.empty()) {
    err << "vigie run: name the contract files to evaluate\n";
    return kExitUsage;
  }
  std::optional<std::string> secret_key;
  if (!options.sign_key.empty()) {
    if (options.report_dir.empty() || !driver::WantsJson(options.formats)) {
      err << "vigie run: --sign signs the JSON report: give --report DIR (and json in --formats)\n";
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
    err << "vigie run: no contract '" << unknown[0] << "' in the files given\n";
    return kExitInputErrors;
  }
  if (program.model.contracts.empty()) {
    err << "vigie run: the files given declare no contract\n";
    return kExitInputErrors;
  }
  std::unique_ptr<store::Store> store = OpenForReading(options, err, exit_code);
  if (!store) return exit_code;

  driver::EvaluateOptions evaluate;
  evaluate.eval.as_of = *as_of;
  evaluate.eval.contracts = options.contracts;
  evaluate.data_as_of = options.data_as_of;
  evaluate.build_report = true;
  evaluate.report.engine_version = std::string(kVersion);
  evaluate.report.generated_at = NowUtc();
  evaluate.report.data_as_of = options.data_as_of;
  evaluate.report.store_path = options.store;
  evaluate.report.rulesets = driver::RulesetFiles(program);
  // Recorded incomplete now (the reports name the run); sealed below once they are written.
  evaluate.record = driver::RecordOptions{options.by, std::string(kVersion), ""};
  const driver::Evaluation evaluation = driver::Evaluate(program.model, *store, evaluate);
  report::Report report = *evaluation.report;
  if (evaluation.not_recorded) {
    err << "warning: the run was not recorded: " << evaluation.not_recorded->message << "\n";
  }

  PrintSummary(report, out);
  const driver::Published published =
      driver::PublishRun(report, *store, driver::PublishOptions{options.report_dir, options.formats, secret_key});
  if (!published.failed.empty()) {
    std::string message = "cannot write '" + published.failed + "'";
    if (report.run_id != 0 && !published.not_sealed) {
      message += "; run #" + std::to_string(report.run_id) + " is left incomplete in " + options.store;
    }
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kReportNotWritten, Span{}, message);
    diagnostic.help = "check that the folder exists and can be written, then run again";
    SourceManager none;
    err << RenderText(diagnostic, none) << "\n";
    return kExitInternal;
  }
  if (!options.report_dir.empty()) {
    out << "reports:";
    for (const auto& path : published.paths) out << " " << path;
    out << "\n";
  }
  if (published.sealed) {
    out << "run #" << report.run_id << " recorded in " << options.store << "\n";
  } else if (published.not_sealed) {
    err << "warning: run #" << report.run_id << " is left incomplete: " << published.not_sealed->message << "\n";
  }
  return exit_code;
}

int RunExplain(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() < 4) {
    err << "usage: vigie explain CONTRACT COMMITMENT ENTITY PERIOD [--as-of DATE] [--store vigie.db] [--rules PATH]... [FILE|DIR...]\n"
        << "vigie explain: give the contract, the commitment or milestone, the establishment and the period ("
        << options.paths.size() << " of 4 given)\n";
    return kExitUsage;
  }
  // Files after the four names are the rules, as for `vigie run FILE...`.
  const std::vector<std::string> rule_files(options.paths.begin() + 4, options.paths.end());
  if (std::optional<std::string> problem = CheckDateOptions(options)) {
    err << "vigie explain: " << *problem << "\n";
    return kExitUsage;
  }
  std::optional<model::Date> as_of = calendar::ParseDate(options.as_of).value;
  if (!as_of) {
    err << "vigie explain: give the evaluation date with --as-of YYYY-MM-DD\n";
    return kExitUsage;
  }
  const std::string& contract_name = options.paths[0];
  const std::string& item_name = options.paths[1];
  const std::string& entity_id = options.paths[2];
  const std::string& period_text = options.paths[3];
  const calendar::Parsed<model::Period> period = calendar::ParsePeriod(period_text);
  if (!period) {
    err << "vigie explain: PERIOD: " << period.error << "\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  driver::CheckedProgram program;
  if (!CheckRules(RulePaths(options, rule_files), options, program, err, exit_code)) return exit_code;
  auto contract = program.model.contracts.find(contract_name);
  if (contract == program.model.contracts.end()) {
    err << "vigie explain: no contract '" << contract_name << "' in the rulesets\n";
    return kExitInputErrors;
  }
  std::unique_ptr<store::Store> store = OpenForReading(options, err, exit_code);
  if (!store) return exit_code;
  const driver::Explanation explanation =
      driver::Explain(program.model, *store, {contract_name, item_name, entity_id, *period, *as_of, options.data_as_of});
  switch (explanation.problem) {
    case driver::Explanation::Problem::kNone: break;
    case driver::Explanation::Problem::kUnknownEntity:
      err << "vigie explain: the store knows no entity '" << entity_id << "'\n";
      return kExitInputErrors;
    case driver::Explanation::Problem::kUnknownPeriod:
      err << "vigie explain: no data or target for period " << period_text << "\n";
      return kExitInputErrors;
    case driver::Explanation::Problem::kNoVerdict:
      err << "vigie explain: no verdict: " << explanation.detail.reason << "\n";
      return kExitInputErrors;
    case driver::Explanation::Problem::kUnknownItem:
      err << "vigie explain: contract '" << contract_name << "' has no commitment or milestone '" << item_name << "'\n";
      return kExitInputErrors;
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
  auto shown = [](const std::string& text) { return text.empty() ? std::string("(none)") : text; };
  using Kind = driver::Difference::Kind;
  switch (d.kind) {
    case Kind::kSignatureMissing:
      out << "signature: missing (no " << d.subject << " beside the report)\n";
      break;
    case Kind::kSignatureMalformed: out << "signature " << d.subject << ": not a vigie signature\n"; break;
    case Kind::kSignatureInvalid:
      if (d.recorded == d.now) {
        out << "signature " << d.subject << ": does not match the report (report.json was changed after it was signed)\n";
      } else {
        out << "signature " << d.subject << ": names the key " << d.recorded << ", not the key " << d.now
            << " given: it was not made with that key\n";
      }
      break;
    case Kind::kReportFileMissing:
      out << "report file " << d.subject << ": missing (its sha256 was " << sha(d.recorded) << ")\n";
      break;
    case Kind::kReportFileChanged:
      out << "report file " << d.subject << ": changed since the report was written (sha256 " << sha(d.now)
          << " instead of " << sha(d.recorded) << ")\n";
      break;
    case Kind::kPathRefused:
      out << d.subject << ": refused, not read: " << d.now
          << " (a report's paths are read inside its folder; name the files with --rules, the folder with --root)\n";
      break;
    case Kind::kRunMissing: out << d.subject << ": not in the store " << options.store << "\n"; break;
    case Kind::kRunIncomplete:
      out << d.subject << ": incomplete in the store ("
          << (d.now.empty() ? "its reports were not all written" : d.now) << ")\n";
      break;
    case Kind::kRunUnsealed:
      out << d.subject << ": recorded before runs were sealed (store schema 2); its record cannot be checked\n";
      break;
    case Kind::kRunDiffers:
      if (d.subject.ends_with(": report")) {
        out << d.subject.substr(0, d.subject.size() - 8) << ": the report differs from the one sealed in the store (sha256 "
            << sha(d.now) << " instead of " << sha(d.recorded) << ")\n";
      } else {
        out << d.subject << ": " << shown(d.recorded) << " in the store, " << shown(d.now) << " in the report\n";
      }
      break;
    case Kind::kChainRunMissing:
      out << "chain: the run sealed before " << d.subject << " is missing from the store"
          << (d.recorded.empty() ? "" : " (it came after " + d.recorded + ")") << "\n";
      break;
    case Kind::kChainLinkChanged:
      out << "chain: " << d.subject << " no longer follows the run sealed before it (link " << sha(d.now)
          << " instead of " << sha(d.recorded) << ")\n";
      break;
    case Kind::kChainRunAltered:
      out << "chain: " << d.subject << " was altered after it was sealed (digest " << sha(d.now) << " instead of "
          << sha(d.recorded) << ")\n";
      break;
    case Kind::kRulesetMissing: out << "ruleset " << d.subject << ": missing (it was read for the report)\n"; break;
    case Kind::kRulesetChanged:
      out << "ruleset " << d.subject << ": changed since the report (sha256 " << sha(d.now) << " instead of "
          << sha(d.recorded) << ")\n";
      break;
    case Kind::kRulesetNotRecorded:
      out << "ruleset " << d.subject << ": read now, but not listed in the report\n";
      break;
    case Kind::kEvidenceMissing:
      out << "evidence " << d.subject << ": missing (its sha256 was " << sha(d.recorded) << ")\n";
      break;
    case Kind::kEvidenceChanged:
      out << "evidence " << d.subject << ": changed since it was recorded (sha256 " << sha(d.now) << " instead of "
          << sha(d.recorded) << ")\n";
      break;
    case Kind::kData:
      out << "data: the values the report read have changed in the store (digest " << sha(d.now) << " instead of "
          << sha(d.recorded) << ")\n";
      break;
    case Kind::kVerdictGone: out << d.subject << ": was " << d.recorded << ", no longer evaluated\n"; break;
    case Kind::kVerdictChanged: out << d.subject << ": was " << d.recorded << ", now " << d.now << "\n"; break;
    case Kind::kVerdictNew: out << d.subject << ": new, " << d.now << "\n"; break;
  }
}

// Who made the report: proven only by a signature checked with a public key.
void PrintAuthorship(const driver::VerifyResult& result, const Options& options, const std::string& key,
                     std::ostream& out) {
  switch (result.signature) {
    case driver::VerifyResult::Signature::kValid:
      out << "signed: the report is signed by the key of " << options.public_key << " (" << KeyFingerprint(key) << ")\n";
      break;
    case driver::VerifyResult::Signature::kNotChecked:
      out << "authorship not proven: "
          << (result.signature_present ? "the report's signature was not checked (give --public-key NAME.pub)"
                                       : "the report is not signed")
          << "; anyone who can write the store and the rules could have made it\n";
      break;
    case driver::VerifyResult::Signature::kInvalid: break;  // a difference says why
  }
}

void PrintVerified(const driver::VerifyResult& result, const Options& options, std::ostream& out) {
  const size_t files = result.report_files, n = result.evidence_documents;
  const std::string documents = n == 0   ? ""
                                : n == 1 ? "the evidence document, "
                                         : "the " + std::to_string(n) + " evidence documents, ";
  out << "verified: the report" << (files == 0 ? "" : files == 1 ? " and its file" : " and its " + std::to_string(files) + " files")
      << ", run #" << result.recorded->run_id << " as sealed in " << options.store << ", the chain of runs, the rulesets, "
      << documents << "the data and all " << result.compared << " verdicts and amounts are as recorded\n";
}

}  // namespace

int RunVerify(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.size() != 1) {
    err << "usage: vigie verify REPORT.json [--store vigie.db] [--rules PATH]... [--root DIR] [--public-key NAME.pub]\n";
    return kExitUsage;
  }
  driver::VerifyOptions verify;
  verify.report_path = options.paths[0];
  verify.store_path = options.store;  // never the store the report names
  verify.rules = options.catalogs;
  verify.folder = options.root;
  if (!options.public_key.empty()) {
    verify.public_key = LoadPublicKey(options.public_key, err);
    if (!verify.public_key) return kExitInternal;
  }
  DiagnosticSink sink(options.max_errors);
  const driver::VerifyResult result = driver::Verify(verify, sink);
  if (result.outcome == driver::VerifyResult::Outcome::kReportUnreadable) {
    err << "vigie verify: '" << options.paths[0] << "' " << result.problem << "\n";
    return result.recorded || result.problem != "cannot be read" ? kExitInputErrors : kExitInternal;
  }
  for (const driver::Difference& d : result.differences) PrintDifference(d, options, out);
  const size_t differences = result.differences.size();
  switch (result.outcome) {
    case driver::VerifyResult::Outcome::kReportUnreadable: break;  // handled above
    case driver::VerifyResult::Outcome::kRulesetsMissing:
      // Without the rules nothing can be recomputed: say so once instead of listing every verdict.
      out << "not verified: " << result.missing_rulesets << (result.missing_rulesets == 1 ? " ruleset" : " rulesets")
          << " of the report cannot be read; name the rules with --rules, or the folder they are in with --root\n";
      return kExitInputErrors;
    case driver::VerifyResult::Outcome::kRulesHaveErrors:
      return PrintRuleErrors(sink, result.program.parsed.sources, err);
    case driver::VerifyResult::Outcome::kStoreUnavailable:
      return PrintStoreError(result.store_error, err);
    case driver::VerifyResult::Outcome::kVerified:
      PrintVerified(result, options, out);
      PrintAuthorship(result, options, verify.public_key.value_or(""), out);
      return kExitOk;
    case driver::VerifyResult::Outcome::kDifferent: break;
  }
  out << "not verified: " << differences << (differences == 1 ? " difference" : " differences") << "\n";
  PrintAuthorship(result, options, verify.public_key.value_or(""), out);
  return kExitInputErrors;
}

}  // namespace vigie::cli
