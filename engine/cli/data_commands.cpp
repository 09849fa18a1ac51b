#include "engine/cli/data_commands.h"

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "engine/base/diagnostic_render.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/cli/json_output.h"
#include "engine/ingest/layouts.h"
#include "engine/driver/pipeline.h"
#include "engine/ingest/importer.h"
#include "engine/store/schema.h"
#include "engine/store/store.h"

namespace vigie::cli {
namespace {

// 1,503 in English, 1 503 in French (a narrow no-break space, as French typography writes it).
std::string Count(int64_t n) {
  const std::string separator = CurrentLanguage() == Language::kFrench ? "\u202f" : ",";
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

std::string Number(double value) {
  std::ostringstream stream;
  stream << std::setprecision(15) << value;
  return stream.str();
}

// Loads and checks the catalog (and contracts) the data is validated against.
bool LoadCatalog(const Options& options, driver::CheckedProgram& program, std::ostream& err, int& exit_code) {
  std::vector<std::string> paths = options.catalogs;
  if (paths.empty()) {
    std::error_code error;
    if (!std::filesystem::is_directory("rulesets", error)) {
      err << UsageError(options.command, std::string(Tr("give the catalog the data is checked against, e.g. --catalog rulesets")));
      exit_code = kExitUsage;
      return false;
    }
    paths.push_back("rulesets");  // the project's own catalogs, when run from the repository
  }
  DiagnosticSink sink(options.max_errors);
  driver::CheckProgram(paths, options.root, program, sink);
  if (sink.HasErrors()) {
    err << RenderTextAll(sink.Sorted(), program.parsed.sources);
    err << Tr("failed: the catalog has {0}; nothing was imported", CountText(sink.ErrorCount(), 0)) << "\n";
    exit_code = ExitCodeForErrors(sink.Sorted());
    return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<store::Store> OpenStore(const Options& options, bool create, std::ostream& err, int& exit_code) {
  store::StoreError error;
  store::OpenOptions open;
  open.create = create;
  if (const char* timeout = std::getenv("VIGIE_BUSY_TIMEOUT_MS")) open.busy_timeout_ms = std::atoi(timeout);
  std::unique_ptr<store::Store> store = store::Store::Open(options.store, open, error);
  if (!store) {
    const DiagCode code = error.kind == store::StoreError::Kind::kLocked     ? DiagCode::kStoreLocked
                          : error.kind == store::StoreError::Kind::kReadOnly ? DiagCode::kStoreReadOnly
                                                                             : DiagCode::kStoreUnavailable;
    Diagnostic diagnostic = MakeDiagnostic(code, Span{}, error.message);
    diagnostic.help = error.help;
    SourceManager none;
    err << RenderText(diagnostic, none) << "\n" << Tr("failed: {0}", error.message) << "\n";
    exit_code = kExitInternal;
  }
  return store;
}

namespace {

ingest::ImportFormat FormatOf(const std::string& name) {
  if (name == "wide") return ingest::ImportFormat::kWide;
  if (name == "long") return ingest::ImportFormat::kLong;
  if (name == "entities") return ingest::ImportFormat::kEntities;
  if (name == "groups") return ingest::ImportFormat::kGroups;
  if (name == "evidence") return ingest::ImportFormat::kEvidence;
  return ingest::ImportFormat::kAuto;
}

bool StoreFailure(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    const int number = static_cast<int>(d.code);
    if (number >= 5010 || d.code == DiagCode::kFileNotFound || d.code == DiagCode::kFileUnreadable) return true;
  }
  return false;
}

}  // namespace

int RunImport(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty()) {
    err << UsageError("import", std::string(Tr("name the data files to import")));
    return kExitUsage;
  }
  int exit_code = kExitOk;
  driver::CheckedProgram catalog;
  if (!LoadCatalog(options, catalog, err, exit_code)) return exit_code;
  std::error_code fs_error;
  const bool store_existed = std::filesystem::exists(options.store, fs_error);
  std::unique_ptr<store::Store> store = OpenStore(options, /*create=*/true, err, exit_code);
  if (!store) return exit_code;
  // A store created by this command but left empty (every file rejected) is removed again.
  struct RemoveIfUnused {
    std::unique_ptr<store::Store>& store;
    std::string path;
    bool created;
    ~RemoveIfUnused() {
      if (!created || !store || !store->Info().imports.empty()) return;
      store.reset();
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
  } cleanup{store, options.store, !store_existed};

  for (const std::string& path : options.paths) {
    ingest::ImportOptions import;
    import.format = FormatOf(options.format);
    import.period = options.period;
    import.dataset = options.dataset;
    import.mapping_file = options.mapping;
    import.keep_valid = options.keep_valid;
    import.rejects_path = options.rejects;
    import.finess_key_warning = options.finess_key_warning;
    import.decimal = options.decimal;
    import.sheet = options.sheet;
    import.id_column = options.id_column;
    import.pivot_column = options.pivot_column;
    import.combine_sites = options.combine_sites;
    import.weight_column = options.weight_column;
    import.join_file = options.join_file;
    if (ingest::FindLayout(options.format)) import.layout = options.format;
    import.imported_by = options.by;
    SourceManager sources;
    DiagnosticSink sink(options.max_errors);
    for (const std::string& slug : options.allowed) sink.Allow(*DiagCodeFromSlug(slug));
    ingest::ImportSummary summary;
    const bool ok = ingest::ImportFile(path, catalog.model, *store, import, sources, sink, summary);
    const std::vector<Diagnostic> diagnostics = sink.Sorted();
    err << RenderTextAll(diagnostics, sources);
    if (!ok) {
      if (summary.rejected_whole) {
        const int64_t good = summary.rows_read - summary.rows_rejected;
        const std::string errors = sink.ErrorCount() == 1 ? std::string(Tr("1 error"))
                                                          : Tr("{0} errors", Count(static_cast<int64_t>(sink.ErrorCount())));
        const std::string rows = summary.rows_read == 1 ? std::string(Tr("1 row")) : Tr("{0} rows", Count(summary.rows_read));
        const std::string fix = good == 0   ? std::string(Tr("fix them: no row of this file can be stored"))
                                : good == 1 ? std::string(Tr("fix them, or use --keep-valid to store the good row"))
                                            : Tr("fix them, or use --keep-valid to store the {0} good rows", Count(good));
        err << Tr("rejected: {0} has {1} in {2} of {3}; nothing was stored ({4})", path, errors,
                  Count(summary.rows_rejected), rows, fix)
            << "\n";
        exit_code = std::max(exit_code, kExitInputErrors);
      } else {
        err << Tr("failed: {0} was not imported; nothing was stored", path) << "\n";
        exit_code = StoreFailure(diagnostics) ? kExitInternal : std::max(exit_code, kExitInputErrors);
      }
      continue;
    }
    const std::string layout = summary.layout.empty() ? std::string(ingest::FormatName(summary.format)) : summary.layout;
    if (!summary.sheet.empty()) {
      out << Tr("imported {0} ({1}, sheet '{2}')", path, layout, summary.sheet) << "\n";
    } else {
      out << Tr("imported {0} ({1}, {2}, '{3}')", path, layout, summary.encoding,
                summary.separator == '\t' ? std::string(Tr("tab")) : std::string(1, summary.separator))
          << "\n";
    }
    if (!summary.joined.empty()) out << "  " << Tr("each row completed by its row of {0} (--join)", summary.joined) << "\n";
    const char* stored = summary.format == ingest::ImportFormat::kEntities   ? N_("entities and attributes")
                         : summary.format == ingest::ImportFormat::kGroups   ? N_("groups and memberships")
                         : summary.format == ingest::ImportFormat::kEvidence ? N_("evidence")
                                                                             : N_("values");
    out << "  "
        << Tr("rows read {0}, rejected {1}; {2} stored {3} (of which corrections {4}), unchanged {5}",
              Count(summary.rows_read), Count(summary.rows_rejected), Tr(stored), Count(summary.applied.stored),
              Count(summary.applied.superseded), Count(summary.applied.unchanged))
        << "\n";
    if (summary.written) {
      out << "  " << Tr("recorded as import #{0}", summary.applied.import_id) << "\n";
    } else if (summary.earlier_import) {
      out << "  " << Tr("nothing changed: the store already holds every row of this file (same file as import #{0})",
                        *summary.earlier_import)
          << "\n";
    } else {
      out << "  " << Tr("nothing changed: the store already holds every row of this file") << "\n";
    }
    if (!summary.rejects_file.empty()) {
      out << "  " << Tr("rejected rows written to {0}", summary.rejects_file) << "\n";
      exit_code = std::max(exit_code, kExitInputErrors);
    }
  }
  return exit_code;
}

int RunEvidence(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty() || options.paths[0] != "add" || options.paths.size() > 1) {
    err << UsageError("evidence", options.paths.size() > 1 && options.paths[0] == "add"
                                      ? Tr("unexpected argument '{0}'", options.paths[1])
                                      : ActionError(options.paths.empty() ? "" : options.paths[0], {"add"}));
    return kExitUsage;
  }
  for (const auto& [value, name] : {std::pair{options.contract, "--contract"}, {options.milestone, "--milestone"},
                                    {options.entity, "--entity"}, {options.date, "--date"},
                                    {options.document, "--document"}}) {
    if (value.empty()) {
      err << UsageError("evidence", Tr("{0} is required", name));
      return kExitUsage;
    }
  }
  int exit_code = kExitOk;
  driver::CheckedProgram rules;
  if (!LoadCatalog(options, rules, err, exit_code)) return exit_code;
  std::unique_ptr<store::Store> store = OpenStore(options, /*create=*/false, err, exit_code);
  if (!store) return exit_code;
  ingest::EvidenceOptions evidence{options.contract, options.milestone, options.entity, options.date,
                                   options.document, options.by, ""};
  DiagnosticSink sink;
  store::ApplyResult result;
  SourceManager none;
  if (!ingest::AddEvidence(evidence, rules.model, *store, sink, result)) {
    err << RenderTextAll(sink.Sorted(), none);
    return StoreFailure(sink.Sorted()) ? kExitInternal : kExitInputErrors;
  }
  if (result.import_id == 0) {
    out << Tr("nothing changed: this evidence is already recorded") << "\n";
  } else {
    out << Tr("recorded evidence for milestone {0} of {1}: {2} on {3} ({4}, import #{5})", options.milestone,
              options.contract, options.entity, evidence.stored_date, options.document, result.import_id)
        << "\n";
  }
  return kExitOk;
}

int RunStore(const Options& options, std::ostream& out, std::ostream& err) {
  const std::string sub = options.paths.empty() ? "" : options.paths[0];
  if (sub != "info" && sub != "history") {
    err << UsageError("store", ActionError(sub, {"info", "history"}));
    return kExitUsage;
  }
  if (sub == "history" && options.paths.size() != 3) {
    err << UsageError("store", std::string(Tr("store history takes an establishment and an indicator: "
                                              "vigie store history ENTITY INDICATOR")));
    return kExitUsage;
  }
  if (sub == "info" && options.paths.size() > 1) {
    err << UsageError("store", Tr("unexpected argument '{0}'", options.paths[1]));
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<store::Store> store = OpenStore(options, /*create=*/false, err, exit_code);
  if (!store) return exit_code;
  if (sub == "info") {
    const store::StoreInfo info = store->Info();
    if (options.diagnostics == "json") {
      out << StoreInfoJson(options.store, info);
      return kExitOk;
    }
    out << Tr("store {0} (schema version {1})", options.store, info.schema_version) << "\n";
    out << Tr("entities: {0} establishments, {1} legal entities, {2} groups ({3} memberships), {4} attribute values",
              Count(info.establishments), Count(info.legal_entities), Count(info.groups), Count(info.memberships),
              Count(info.attributes))
        << "\n";
    out << Tr("values: {0} current, {1} missing, {2} superseded; evidence: {3}", Count(info.current_values),
              Count(info.missing_values), Count(info.superseded_values), Count(info.evidence))
        << "\n";
    out << Tr("indicators ({0}):", info.indicators.size());
    for (const auto& [indicator, count] : info.indicators) out << " " << indicator << "=" << Count(count);
    out << "\n" << Tr("periods:");
    for (const auto& [period, count] : info.periods) out << " " << period << "=" << Count(count);
    out << "\n" << Tr("imports:") << "\n";
    for (const auto& i : info.imports) {
      out << "  #" << i.id << " "
          << Tr("{0} by {1}: {2} {3} (sha256 {4}…) read {5}, stored {6}, rejected {7}, unchanged {8}", i.imported_at,
                i.imported_by, i.kind, i.file_name, i.sha256.substr(0, 12), Count(i.rows_read), Count(i.rows_stored),
                Count(i.rows_rejected), Count(i.rows_unchanged))
          << "\n";
    }
    return kExitOk;
  }
  const std::vector<store::HistoryEntry> history = store->History(options.paths[1], options.paths[2]);
  if (history.empty()) {
    err << Tr("the store has no value of {0} for {1}", options.paths[2], options.paths[1]) << "\n";
    return kExitInputErrors;
  }
  if (options.diagnostics == "json") {
    out << StoreHistoryJson(options.paths[1], options.paths[2], history);
    return kExitOk;
  }
  out << Tr("{0} for {1}:", options.paths[2], options.paths[1]) << "\n";
  for (const store::HistoryEntry& h : history) {
    out << "  " << h.period << "  ";
    if (h.value) out << ValueWithUnit(Number(*h.value), h.unit);
    else if (h.missing_code.empty()) out << Tr("missing");
    else out << Tr("missing ({0})", h.missing_code);
    if (!h.note.empty()) out << "  [" << h.note << "]";
    out << "  "
        << Tr("from {0} line {1} column {2} (import #{3}, sha256 {4}…, {5} by {6})", h.file_name, h.row, h.column,
              h.import_id, h.sha256.substr(0, 12), FormatTimestamp(h.imported_at), h.imported_by);
    if (h.superseded_at) out << "  " << Tr("superseded {0}", FormatTimestamp(*h.superseded_at));
    else out << "  " << Tr("current");
    out << "\n";
  }
  return kExitOk;
}

}  // namespace vigie::cli
