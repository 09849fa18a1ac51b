// Importing data files into the store: establishments and their attributes, groups and their
// members, indicator values (long or wide), each row validated against the catalog.
//
// By default a file with any error is rejected whole and nothing is written; with keep_valid the
// good rows are stored and the bad ones written to a rejects file. Either way the store is changed
// by one transaction or not at all. Every problem is a diagnostic pointing at the file's line and
// column (the file is added to the SourceManager so carets show the real line).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/sema/model.h"
#include "engine/store/store.h"

namespace vigie::ingest {

enum class ImportFormat { kAuto, kWide, kLong, kEntities, kGroups, kEvidence };

struct ImportOptions {
  ImportFormat format = ImportFormat::kAuto;
  // The period of every value, for files that have no period column (a Hospi Diag file is one year);
  // for entity files, the year (or period) the attributes hold for.
  std::optional<std::string> period;
  // Wide and long files: a column (or indicator code) C maps to the indicator whose `source` is
  // "<dataset> C" (e.g. dataset "Hospi Diag": column P12 -> source "Hospi Diag P12"), or whose name is C.
  std::string dataset;
  // Optional mapping file (CSV: column;indicator) that overrides the catalog's sources.
  std::string mapping_file;
  bool keep_valid = false;
  std::string rejects_path;   // default: <file>.rejects.csv, written only with keep_valid
  bool finess_key_warning = false;
  // Test fixtures (`given "file.csv"` in a test) go to a scratch store: an entity the store does not
  // know is added instead of refused.
  bool register_unknown_entities = false;
  std::string decimal;        // "comma", "dot", "auto" (each cell) or "" (comma for ';' files, else dot)
  // A published layout (ingest/layouts.h): "" to recognise it from the header, or its name.
  std::string layout;
  // The column that names the establishment ("finess_geo"; SAE: "fi" the site, "fi_ej" the legal
  // entity); "" for the layout's, or the first known (import_layouts.cpp).
  std::string id_column;
  std::string imported_by;    // default: store::CurrentUser()
  std::string display_name;   // the name recorded and shown; default: the path as given
  // The file's bytes when they are already in memory (vigie serve's declarations): nothing is read
  // from disk, and the path only names the file (a workbook is still told by its bytes). Not owned.
  const std::string* content = nullptr;
  std::string sheet;          // .xlsx: the sheet read, by name or 1-based position; "" = the first
  // Long tables to pivot (SAE: one row per establishment and unit type): column C of a row whose
  // pivot cell is T is the value of the indicator coded C_T (LIT and REAADU -> LIT_REAADU).
  std::string pivot_column;
  // Several rows of one establishment, indicator and period (the sites of a legal entity) are
  // combined by the indicator's `aggregate` in the catalog (site_aggregation.cpp); without it, refused.
  bool combine_sites = false;
  std::string weight_column;  // `aggregate weighted_mean`: the column of each row's weight
  // A second file whose rows complete this file's rows (import_join.cpp): the row whose columns in
  // common (HAS certification: code_demarche) hold the same values gives its other columns.
  std::string join_file;
};

struct ImportSummary {
  ImportFormat format = ImportFormat::kAuto;
  std::string encoding;
  char separator = ';';
  std::string layout;          // the published layout read, if any ("has-esatis-48h")
  int64_t rows_read = 0;       // data lines of the file
  int64_t rows_rejected = 0;   // lines with at least one error
  int64_t values_read = 0;     // entries the file holds (cells of a wide file)
  store::ApplyResult applied;  // what the store wrote
  bool written = false;        // the store was changed
  bool rejected_whole = false; // errors and no keep_valid: nothing was written
  std::optional<int64_t> earlier_import;  // the same bytes were imported before (import id)
  std::string rejects_file;    // written rejects file, if any
  std::string sheet;           // .xlsx: the sheet read ("" for a CSV file)
  std::string joined;          // --join: the file whose rows completed this one's
};

std::string_view FormatName(ImportFormat format);

// Reads `path`, validates it against `catalog` and the entities already in `store`, and stores it.
// Returns false when nothing could be stored (errors, or a store failure); the diagnostics say why.
bool ImportFile(const std::string& path, const sema::model::Model& catalog, store::Store& store,
                const ImportOptions& options, SourceManager& sources, DiagnosticSink& sink, ImportSummary& summary);

// Records that `entity` produced `document` for `milestone` of `contract` on `date` (YYYY-MM-DD or
// dd/mm/yyyy). The document stays where it is: only its path and SHA-256 are stored.
struct EvidenceOptions {
  std::string contract, milestone, entity, date, document, imported_by;
  std::string stored_date;  // filled in: the date as stored (YYYY-MM-DD)
};
bool AddEvidence(EvidenceOptions& options, const sema::model::Model& model, store::Store& store,
                 DiagnosticSink& sink, store::ApplyResult& result);

}  // namespace vigie::ingest
