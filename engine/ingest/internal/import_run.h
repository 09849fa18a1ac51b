// The import of one data file, shared by the importer's files (ingest/): the column names each layout
// recognises, the loose header matching, and the Importer class, whose layouts are each in a file of
// their own (import_entities, import_groups, import_evidence, import_wide, import_long). Not part of
// the ingest library's interface.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/calendar.h"
#include "engine/base/quote.h"
#include "engine/base/text.h"
#include "engine/ingest/csv_reader.h"
#include "engine/ingest/internal/seen_values.h"
#include "engine/ingest/importer.h"
#include "engine/ingest/literals.h"

namespace vigie::ingest::internal {

namespace model = sema::model;

// The largest data file imported: its offsets and lines fit 31 bits (spans, reports' inputs).
inline constexpr uintmax_t kMaxDataFileBytes = (uintmax_t{1} << 31) - 1;

// Header names are matched loosely: case, accents, spaces and hyphens do not matter.
std::string Fold(std::string_view text);


inline const std::vector<std::string_view> kEntityColumns = {"finess", "finess_et", "finess_geo", "finess_geographique",
                                                      "entity", "entite", "etablissement", "id", "code_insee", "insee"};
inline const std::vector<std::string_view> kLegalColumns = {"finess_ej", "finess_juridique", "legal_entity", "entite_juridique", "ej",
                                                     "fi_ej"};  // the DREES SAE's legal FINESS
inline const std::vector<std::string_view> kNameColumns = {"rs", "raison_sociale", "name", "nom", "libelle",
                                                    "rs_eg"};  // the HAS certification sites file
inline const std::vector<std::string_view> kKindColumns = {"kind", "type", "nature"};
inline const std::vector<std::string_view> kIndicatorColumns = {"indicator", "indicateur", "code_indicateur"};
inline const std::vector<std::string_view> kValueColumns = {"value", "valeur"};
inline const std::vector<std::string_view> kPeriodColumns = {"period", "periode", "annee", "year"};
inline const std::vector<std::string_view> kUnitColumns = {"unit", "unite"};
inline const std::vector<std::string_view> kGroupColumns = {"group", "groupe"};
inline const std::vector<std::string_view> kGroupNameColumns = {"group_name", "nom_groupe", "libelle_groupe"};
inline const std::vector<std::string_view> kMemberColumns = {"member", "membre", "finess_membre"};
inline const std::vector<std::string_view> kFromColumns = {"from", "valid_from", "debut", "date_debut", "du"};
inline const std::vector<std::string_view> kUntilColumns = {"until", "valid_until", "fin", "date_fin", "au"};

std::optional<size_t> FindColumn(const std::vector<std::string>& folded, const std::vector<std::string_view>& names);


std::string Trim(std::string_view text);

// A territory's code as the DREES writes it in `id_geo`: "00_FR" (France), "00_MET" (metropolitan
// France), "08_Ardennes" (a département), "84_..." (a région): never a FINESS or a group's code.
bool IsTerritoryId(std::string_view id);


struct Period : calendar::Period {
  std::string Text() const { return calendar::Format(*this); }
};


inline std::optional<Period> ToPeriod(const PeriodCell& cell) {
  if (!cell.ok) return std::nullopt;
  return Period{{cell.kind, cell.year, cell.sub}};
}


// First and last day of a period, for attribute validity.
inline std::pair<std::string, std::string> Bounds(const Period& period) {
  return {calendar::FirstDay(period), calendar::LastDay(period)};
}

// One import run: the file, its table, the catalog, and what is being built.
class Importer {
 public:
  Importer(const std::string& path, const model::Model& catalog, store::Store& store, const ImportOptions& options,
           SourceManager& sources, DiagnosticSink& sink, ImportSummary& summary)
      : path_(path), catalog_(catalog), store_(store), options_(options), sources_(sources), sink_(sink),
        summary_(summary) {}

  // Every path out of the import hands its diagnostics to the sink, early failures included.
  bool Run();

 private:
  bool RunSteps();

  // ── input
  bool ReadBytes(std::string& bytes);
  // Says so and returns true when a file of `size` bytes is too large to import (kMaxDataFileBytes).
  bool RefusedForSize(uintmax_t size);

  std::string Shown() const { return options_.display_name.empty() ? path_ : options_.display_name; }

  bool RegisterSource();

  // .xlsx workbooks (import_workbook.cpp): the bytes are a workbook; the sheet read as the table.
  bool IsWorkbook(std::string_view bytes) const;
  bool ReadWorkbook(std::string_view bytes);

  Span At(size_t line, size_t column, size_t width = 1) const;
  // The same in another source (the file --join names).
  Span AtIn(FileId file, size_t line, size_t column, size_t width = 1) const;

  // The span of one field of one row (its characters, or one caret for an empty field).
  Span FieldSpan(const CsvRow& row, size_t field, size_t offset_in_field = 0) const;

  Diagnostic& Report(DiagCode code, Span span, std::string_view message, std::string_view help = {});

  void RejectRow(size_t index);

  bool ReportCsvProblems();

  // import_join.cpp, --join FILE: the rows of a second file complete this file's rows by the columns
  // both headers have. JoinFile appends the joined columns (before the layout is recognised);
  // RejectUnjoinedRows rejects the rows whose key the joined file lacks (once rows can be rejected).
  bool JoinFile();
  void RejectUnjoinedRows();
  // The span of a cell taken from the joined file, if `field` of `row` is one.
  std::optional<Span> JoinedSpan(const CsvRow& row, size_t field) const;
  // A layout whose period is the year of a date column (layouts.h): that column, if the file has it.
  std::optional<size_t> LayoutDateColumn() const;
  // The period of a row from its date; false when the row is skipped (no date, no value) or rejected.
  bool RowPeriodFromDate(const CsvRow& row, size_t index, size_t date_column,
                         const std::vector<std::pair<size_t, const model::Indicator*>>& mapped, std::optional<Period>& period);
  // V4088, once per file: the rows RowPeriodFromDate skipped.
  void ReportUndatedRows(size_t date_column);

  // ── catalog mapping
  bool BuildIndicatorMap();

  std::string Suggest(const std::string& name) const;

  const model::Indicator* IndicatorFor(const std::string& code) const;

  bool ParseOptionPeriod();

  // A published layout (layouts.h), named or recognised: sets the dataset, the entity column and the
  // decimal mark the options leave open. False, reported, when the named layout does not fit.
  bool ApplyLayout();
  // The column that names the entity: --id-column (or the layout's), else the first known name.
  std::optional<size_t> EntityColumn();

  ImportFormat DetectFormat() const;

  bool HasErrors() const;

  void Flush();

  std::optional<size_t> RequireColumn(const std::vector<std::string_view>& names, const std::string& what);

  // ── entity checks shared by every format
  bool CheckFinessField(const CsvRow& row, size_t index, size_t field, const std::string& id);

  // Values need a period: a period column, or --period; false, reported, when there is neither.
  bool RequirePeriod(std::optional<size_t> period_column);
  // The period of a row from its period column, if the file has one (else `period` is left as it
  // is); false, with the row reported and rejected, when the cell is not a period.
  bool RowPeriod(const CsvRow& row, size_t index, std::optional<size_t> period_column, std::optional<Period>& period);
  bool CheckKnownEntity(const CsvRow& row, size_t index, size_t field, const std::string& id);

  // ── formats
  bool BuildEntities();

  bool CheckFiness2(const CsvRow& row, size_t index, size_t field, const std::string& id);
  static std::optional<std::string> KindOfCell(const std::string& cell);
  bool CheckEntityId(const CsvRow& row, size_t index, size_t field, const std::string& kind, const std::string& id);

  bool BuildGroups();

  // A group's code is a name a contract can use (base/group_id.h); false, reported and the row
  // rejected, when it is not.
  bool CheckGroupId(const CsvRow& row, size_t index, size_t field, const std::string& id);

  // Milestone evidence (the file `vigie template` writes beside the values): contract, milestone,
  // entity, the date the document was produced, and the document's path (relative to the CSV file).
  bool BuildEvidence();

  // One value cell: parses it, checks it against the indicator, and queues it.
  void AddValue(const CsvRow& row, size_t index, size_t field, const std::string& entity,
                const model::Indicator& indicator, const Period& period, std::optional<size_t> period_field);

  // Queues a value read from a cell, unless the file already gave it (the same, or another).
  void QueueValue(const CsvRow& row, size_t index, size_t field, const std::string& entity,
                  const model::Indicator& indicator, const Period& period, store::ValueRow value);
  // Period::Text() of the row being read, formatted once for all its values.
  const std::string& PeriodText(const Period& period);

  // A cell of a categorical indicator, or a missing-value code an indicator declares
  // (import_categories.cpp): read into `value`, rejected (reported), or a number to read as usual.
  enum class CodedCell { kRead, kRejected, kNumber };
  CodedCell ReadCodedCell(const CsvRow& row, size_t index, size_t field, const model::Indicator& indicator,
                          store::ValueRow& value);

  // The value's magnitude is possible for the indicator's unit (value_limits.h); false, reported
  // and the row rejected, when it is not.
  // The help line of a cell that is not a number: how this file writes numbers, and the cell
  // rewritten that way when it is a number written with the other decimal mark ("38.2" -> "38,2").
  std::string NumberHelp(std::string_view cell) const;
  // V4019: a cell whose one ',' or '.' before 3 digits may separate thousands or be a decimal mark.
  void ReportAmbiguousNumber(const CsvRow& row, size_t field);
  bool CheckValueMagnitude(const CsvRow& row, size_t index, size_t field, const model::Indicator& indicator,
                           double value);

  // The labels that column `field` uses in "label : number" cells for `indicator`, found once.
  const std::set<std::string>& LabelsOf(size_t field, const std::string& indicator);

  bool BuildWideValues();

  bool BuildLongValues();

  // import_pivot.cpp: the long tables to pivot (--pivot) and the
  // territory-level rows the store cannot hold.
  bool BuildPivotValues();
  bool RefuseTerritory(const CsvRow& row, size_t index, size_t field, const std::string& id);
  // The entity a value row names: a territory as the DREES writes it ("08_Ardennes") is the
  // territory's code ("08") when the store knows that territory (imported with its kind); any
  // other cell is itself.
  std::string EntityOfCell(const std::string& cell) const;

  // site_aggregation.cpp: the rows of one establishment, indicator and period combined (--combine-sites).
  bool CombineSites();

  // Column (in characters) where each header name starts.
  const std::vector<size_t>& header_columns();

  // ── writing
  bool Store();

  void DropRejectedRows();

  bool WriteRejects();

  std::string OptionsText() const;

  const std::string& path_;
  const model::Model& catalog_;
  store::Store& store_;
  ImportOptions options_;  // a copy: a published layout fills in its dataset, entity column and decimal mark
  SourceManager& sources_;
  DiagnosticSink& sink_;
  ImportSummary& summary_;

  CsvTable table_;
  FileId file_ = kNoFile;
  std::string sha256_;
  std::vector<std::string> folded_;
  std::vector<size_t> header_columns_;
  DecimalMark mark_ = DecimalMark::kComma;
  ImportFormat format_ = ImportFormat::kAuto;
  std::optional<Period> option_period_;
  std::unordered_map<std::string, const model::Indicator*> codes_;
  std::set<std::string> known_entities_, batch_entities_, legal_entities_to_add_;
  std::set<std::string> known_territories_;  // stored parties of a territory kind (party_id.h): may have members
  std::vector<bool> rejected_rows_;
  std::map<size_t, std::string> reasons_;
  std::deque<Diagnostic> pending_;
  store::ImportBatch batch_;
  std::vector<size_t> value_rows_;               // row index of each value
  SeenValues first_seen_;  // each value's first line and place in the batch, by entity, indicator, period
  // The text of the period last written (a row's values share it): formatted once per row.
  std::optional<Period> period_of_text_;
  std::string period_text_;
  std::map<std::string, std::set<std::string>> labels_;  // (column, indicator) -> labels of composite cells
  std::optional<size_t> territory_line_;  // the first territory-level row, reported once
  size_t territory_rows_ = 0;
  // --join (import_join.cpp)
  CsvTable joined_;                         // the joined file's table
  FileId join_file_ = kNoFile;
  std::string join_sha256_;
  size_t joined_from_ = static_cast<size_t>(-1);  // the first field appended from the joined file
  std::vector<size_t> joined_columns_;      // appended field k is column joined_columns_[k] of the joined file
  std::vector<size_t> joined_row_of_;       // per row of this file: its joined row, or npos
  std::map<size_t, std::string> unjoined_;  // row index -> why it has no joined row
  // Rows skipped for having neither a date nor a value (RowPeriodFromDate).
  size_t undated_rows_ = 0;
  size_t first_undated_line_ = 0;
};

}  // namespace vigie::ingest::internal
