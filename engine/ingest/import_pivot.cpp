// Long statistical tables (DREES SAE: one row per establishment and unit type), the identifier
// column a file is read by (--id-column: `fi` the site or `fi_ej` the legal entity), and the rows of
// territories (`id_geo`) that the store cannot hold.
//
// A pivoted row gives one value per (column, type): in REA_2019r.csv, the row (FI 010000024,
// UNI REAADU, LIT 12) is the value 12 of the indicator coded LIT_REAADU, found in the catalog by its
// name or by its `source "<dataset> LIT_REAADU"`. Columns and types that no indicator names are
// skipped: a statistical table has hundreds, a catalog declares the few a contract uses.
#include <algorithm>
#include <cctype>

#include "engine/base/quote.h"
#include "engine/ingest/internal/import_run.h"

namespace vigie::ingest::internal {

// Never a group's code (which starts with a letter) nor a FINESS (9 characters, no '_').
bool IsTerritoryId(std::string_view id) {
  if (id.starts_with("00_")) return true;
  // "08_Ardennes", "2A_Corse-du-Sud", "974_La Réunion", "84_Auvergne-Rhône-Alpes": a code, '_', a name.
  const size_t bar = id.find('_');
  if (bar < 2 || bar > 3 || bar + 1 >= id.size()) return false;
  for (size_t i = 0; i < bar; ++i) {
    const char c = id[i];
    if (!std::isdigit(static_cast<unsigned char>(c)) && !(i == 1 && (c == 'A' || c == 'B'))) return false;
  }
  return !std::isdigit(static_cast<unsigned char>(id[bar + 1]));
}

std::string Importer::EntityOfCell(const std::string& cell) const {
  if (!IsTerritoryId(cell) || cell.starts_with("00_")) return cell;
  const std::string code = cell.substr(0, cell.find('_'));
  if (known_entities_.count(code) || batch_entities_.count(code)) return code;
  return cell;
}

bool Importer::RefuseTerritory(const CsvRow& row, size_t index, size_t field, const std::string& id) {
  ++territory_rows_;
  if (!territory_line_) {
    territory_line_ = row.line;
    Report(DiagCode::kTerritoryRows, FieldSpan(row, field),
           Tr("'{0}' is a territory (France, a région or a département) that the store does not know as a party",
              ShortenForMessage(id)),
           Tr("to keep the territory's own values, import it first as a party (--format entities, id;nom;nature with "
              "08;Ardennes;département); else import the establishments' file of the same source (SAE: REA_YYYYr.csv with "
              "--id-column fi) and declare the territory as a group of them"));
  }
  RejectRow(index);
  return false;
}

bool Importer::BuildPivotValues() {
  auto entity_column = EntityColumn();
  const std::string pivot = Fold(options_.pivot_column);
  auto pivot_it = std::find(folded_.begin(), folded_.end(), pivot);
  if (pivot_it == folded_.end()) {
    std::string found;
    for (size_t i = 0; i < table_.header.size() && i < 30; ++i) found += (i ? ", " : "") + table_.header[i];
    Report(DiagCode::kMissingColumn, At(table_.header_line, 1),
           Tr("--pivot names the column '{0}', which the header does not have (found: {1})",
              ShortenForMessage(options_.pivot_column), found),
           Tr("name the column whose value completes each indicator's code (SAE REA: UNI, SAE PSY: DIS)"));
  }
  if (!entity_column || pivot_it == folded_.end()) {
    Flush();
    return false;
  }
  const size_t pivot_column = static_cast<size_t>(pivot_it - folded_.begin());
  std::optional<size_t> period_column = FindColumn(folded_, kPeriodColumns);
  if (!period_column) period_column = FindColumn(folded_, {"an"});  // the SAE's year column
  // The codes this file can give: column_type for every column and every type that occurs.
  std::set<std::string> types;
  for (const CsvRow& row : table_.rows) {
    if (pivot_column < row.fields.size()) types.insert(Trim(row.fields[pivot_column]));
  }
  std::map<std::pair<size_t, std::string>, const model::Indicator*> mapped;
  for (size_t i = 0; i < table_.header.size(); ++i) {
    if (i == *entity_column || i == pivot_column || i == period_column) continue;
    for (const std::string& type : types) {
      if (const model::Indicator* indicator = IndicatorFor(Trim(table_.header[i]) + "_" + type)) mapped[{i, type}] = indicator;
    }
  }
  if (mapped.empty()) {
    const std::string example = table_.header.size() > 1 && !types.empty()
                                    ? Trim(table_.header[pivot_column == table_.header.size() - 1 ? 0 : table_.header.size() - 1]) +
                                          "_" + *types.begin()
                                    : std::string("LIT_REAADU");
    Report(DiagCode::kUnknownIndicatorInData, At(table_.header_line, 1),
           Tr("no column and type of this file maps to an indicator of the catalog (for example '{0}')", ShortenForMessage(example)),
           options_.dataset.empty()
               ? std::string(Tr("give --dataset NAME when the catalog's sources read \"NAME COLUMN_TYPE\""))
               : Tr("no indicator has a source starting with \"{0} \"", options_.dataset));
    Flush();
    return false;
  }
  if (!RequirePeriod(period_column)) return false;
  for (size_t index = 0; index < table_.rows.size(); ++index) {
    const CsvRow& row = table_.rows[index];
    if (rejected_rows_[index]) continue;
    const std::string entity = EntityOfCell(Trim(row.fields[*entity_column]));
    if (!CheckKnownEntity(row, index, *entity_column, entity)) continue;
    std::optional<Period> period = option_period_;
    if (!RowPeriod(row, index, period_column, period)) continue;
    const std::string type = Trim(row.fields[pivot_column]);
    for (size_t field = 0; field < row.fields.size(); ++field) {
      auto it = mapped.find({field, type});
      if (it != mapped.end()) AddValue(row, index, field, entity, *it->second, *period, period_column);
    }
  }
  return true;
}

}  // namespace vigie::ingest::internal
