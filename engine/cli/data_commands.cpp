#include "engine/cli/data_commands.h"

#include <filesystem>
#include <iomanip>
#include <sstream>

#include "engine/base/diagnostic_render.h"
#include "engine/cli/commands.h"
#include "engine/driver/pipeline.h"
#include "engine/ingest/importer.h"
#include "engine/store/schema.h"
#include "engine/store/store.h"

namespace vigie::cli {
namespace {

std::string Count(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// How a stored unit is shown next to a number: "12.5 %", "3 beds", "0.95" (ratio, count, score).
std::string UnitSuffix(const std::string& unit) {
  if (unit == "percent") return " %";
  if (unit == "euros") return " €";
  if (unit == "ratio" || unit == "count" || unit == "score") return "";
  return " " + unit;
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
      err << "vigie " << options.command << ": give the catalog the data is checked against, e.g. --catalog rulesets\n";
      exit_code = kExitUsage;
      return false;
    }
    paths.push_back("rulesets");  // the project's own catalogs, when run from the repository
  }
  DiagnosticSink sink(options.max_errors);
  driver::CheckProgram(paths, options.root, program, sink);
  if (sink.HasErrors()) {
    err << RenderTextAll(sink.Sorted(), program.parsed.sources);
    err << "failed: the catalog has " << sink.ErrorCount() << (sink.ErrorCount() == 1 ? " error" : " errors")
        << "; nothing was imported\n";
    exit_code = ExitCodeForErrors(sink.Sorted());
    return false;
  }
  return true;
}

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
    err << RenderText(diagnostic, none) << "\nfailed: " << error.message << "\n";
    exit_code = kExitInternal;
  }
  return store;
}

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
    err << "vigie import: name the data files to import\n"
           "  e.g. vigie import --catalog rulesets --format entities --period 2019 establishments.csv\n";
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
        err << "rejected: " << path << " has " << Count(static_cast<int64_t>(sink.ErrorCount()))
            << (sink.ErrorCount() == 1 ? " error" : " errors") << " in " << Count(summary.rows_rejected) << " of "
            << Count(summary.rows_read) << (summary.rows_read == 1 ? " row" : " rows") << "; nothing was stored (";
        const int64_t good = summary.rows_read - summary.rows_rejected;
        if (good == 0) err << "fix them: no row of this file can be stored)\n";
        else err << "fix them, or use --keep-valid to store the " << (good == 1 ? "good row" : Count(good) + " good rows") << ")\n";
        exit_code = std::max(exit_code, kExitInputErrors);
      } else {
        err << "failed: " << path << " was not imported; nothing was stored\n";
        exit_code = StoreFailure(diagnostics) ? kExitInternal : std::max(exit_code, kExitInputErrors);
      }
      continue;
    }
    out << "imported " << path << " (" << ingest::FormatName(summary.format) << ", " << summary.encoding << ", '"
        << (summary.separator == '\t' ? std::string("tab") : std::string(1, summary.separator)) << "')\n";
    out << "  rows read " << Count(summary.rows_read) << ", rejected " << Count(summary.rows_rejected) << "; "
        << (summary.format == ingest::ImportFormat::kEntities ? "entities and attributes"
            : summary.format == ingest::ImportFormat::kGroups ? "groups and memberships"
            : summary.format == ingest::ImportFormat::kEvidence ? "evidence"
                                                              : "values")
        << " stored " << Count(summary.applied.stored) << " (of which corrections " << Count(summary.applied.superseded)
        << "), unchanged " << Count(summary.applied.unchanged) << "\n";
    if (summary.written) {
      out << "  recorded as import #" << summary.applied.import_id << "\n";
    } else {
      out << "  nothing changed: the store already holds every row of this file";
      if (summary.earlier_import) out << " (same file as import #" << *summary.earlier_import << ")";
      out << "\n";
    }
    if (!summary.rejects_file.empty()) {
      out << "  rejected rows written to " << summary.rejects_file << "\n";
      exit_code = std::max(exit_code, kExitInputErrors);
    }
  }
  return exit_code;
}

int RunEvidence(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty() || options.paths[0] != "add") {
    err << "usage: vigie evidence add --rules FILE --contract NAME --milestone NAME --entity FINESS --date DATE "
           "--document FILE [--store vigie.db]\n";
    return kExitUsage;
  }
  for (const auto& [value, name] : {std::pair{options.contract, "--contract"}, {options.milestone, "--milestone"},
                                    {options.entity, "--entity"}, {options.date, "--date"},
                                    {options.document, "--document"}}) {
    if (value.empty()) {
      err << "vigie evidence add: " << name << " is required\n";
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
    out << "nothing changed: this evidence is already recorded\n";
  } else {
    out << "recorded evidence for milestone " << options.milestone << " of " << options.contract << ": "
        << options.entity << " on " << evidence.stored_date << " (" << options.document << ", import #" << result.import_id
        << ")\n";
  }
  return kExitOk;
}

int RunStore(const Options& options, std::ostream& out, std::ostream& err) {
  const std::string sub = options.paths.empty() ? "" : options.paths[0];
  if (sub != "info" && sub != "history") {
    err << "usage: vigie store info [--store vigie.db]\n"
           "       vigie store history ENTITY INDICATOR [--store vigie.db]\n";
    return kExitUsage;
  }
  if (sub == "history" && options.paths.size() != 3) {
    err << "usage: vigie store history ENTITY INDICATOR [--store vigie.db]\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<store::Store> store = OpenStore(options, /*create=*/false, err, exit_code);
  if (!store) return exit_code;
  if (sub == "info") {
    const store::StoreInfo info = store->Info();
    out << "store " << options.store << " (schema version " << info.schema_version << ")\n";
    out << "entities: " << Count(info.establishments) << " establishments, " << Count(info.legal_entities)
        << " legal entities, " << Count(info.groups) << " groups (" << Count(info.memberships) << " memberships), "
        << Count(info.attributes) << " attribute values\n";
    out << "values: " << Count(info.current_values) << " current, " << Count(info.missing_values) << " missing, "
        << Count(info.superseded_values) << " superseded; evidence: " << Count(info.evidence) << "\n";
    out << "indicators (" << info.indicators.size() << "):";
    for (const auto& [indicator, count] : info.indicators) out << " " << indicator << "=" << Count(count);
    out << "\nperiods:";
    for (const auto& [period, count] : info.periods) out << " " << period << "=" << Count(count);
    out << "\nimports:\n";
    for (const auto& i : info.imports) {
      out << "  #" << i.id << " " << i.imported_at << " by " << i.imported_by << ": " << i.kind << " " << i.file_name
          << " (sha256 " << i.sha256.substr(0, 12) << "…) read " << Count(i.rows_read) << ", stored "
          << Count(i.rows_stored) << ", rejected " << Count(i.rows_rejected) << ", unchanged "
          << Count(i.rows_unchanged) << "\n";
    }
    return kExitOk;
  }
  const std::vector<store::HistoryEntry> history = store->History(options.paths[1], options.paths[2]);
  if (history.empty()) {
    err << "the store has no value of " << options.paths[2] << " for " << options.paths[1] << "\n";
    return kExitInputErrors;
  }
  out << options.paths[2] << " for " << options.paths[1] << ":\n";
  for (const store::HistoryEntry& h : history) {
    out << "  " << h.period << "  ";
    if (h.value) out << Number(*h.value) << UnitSuffix(h.unit);
    else out << "missing" << (h.missing_code.empty() ? "" : " (" + h.missing_code + ")");
    if (!h.note.empty()) out << "  [" << h.note << "]";
    out << "  from " << h.file_name << " line " << h.row << " column " << h.column << " (import #" << h.import_id
        << ", sha256 " << h.sha256.substr(0, 12) << "…, " << h.imported_at << " by " << h.imported_by << ")";
    if (h.superseded_at) out << "  superseded " << *h.superseded_at;
    else out << "  current";
    out << "\n";
  }
  return kExitOk;
}

}  // namespace vigie::cli
