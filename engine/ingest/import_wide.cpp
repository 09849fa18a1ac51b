// The wide layout: one row per establishment (and period), one column per indicator.
#include "engine/ingest/internal/import_run.h"

namespace vigie::ingest::internal {

bool Importer::BuildWideValues() {
  auto entity_column = EntityColumn();
  if (!entity_column) {
    Flush();
    return false;
  }
  auto period_column = FindColumn(folded_, kPeriodColumns);
  const std::optional<size_t> date_column = LayoutDateColumn();  // HAS certification: the decision's date
  if (date_column) period_column = date_column;
  std::vector<std::pair<size_t, const model::Indicator*>> mapped;
  std::vector<size_t> ignored;
  for (size_t i = 0; i < table_.header.size(); ++i) {
    if (i == *entity_column || i == period_column) continue;
    if (!options_.weight_column.empty() && folded_[i] == Fold(options_.weight_column)) continue;  // --weight's column
    const std::string name = Trim(table_.header[i]);
    if (const model::Indicator* indicator = IndicatorFor(name)) {
      mapped.emplace_back(i, indicator);
      continue;
    }
    ignored.push_back(i);
  }
  if (!ignored.empty()) {
    // One warning for all of them: a real file often carries context columns no catalog maps.
    std::string names;
    for (size_t k = 0; k < ignored.size(); ++k) {
      if (k == 12) {
        names += Tr(", … ({0} in all)", ignored.size());
        break;
      }
      names += (k ? ", " : "") + Trim(table_.header[ignored[k]]);
    }
    const size_t first = ignored.front();
    const size_t column = first < header_columns().size() ? header_columns()[first] : 1;
    Report(DiagCode::kIgnoredColumn, At(table_.header_line, column, CountCodePoints(table_.header[first])),
           ignored.size() == 1 ? Tr("1 column maps to no indicator and is ignored: {0}", names)
                               : Tr("{0} columns map to no indicator and are ignored: {1}", ignored.size(), names),
           Tr("declare an indicator with `source \"{0}COLUMN\"` to import a column, or --allow ignored-column to "
              "silence this",
              options_.dataset.empty() ? std::string("...") : options_.dataset + " "));
  }
  // A row's own problem (a cell beyond the header) rejects that row only: the others are still checked.
  if (mapped.empty()) {
    if (!HasErrors()) {
      Report(DiagCode::kUnknownIndicatorInData, At(table_.header_line, 1),
             Tr("no column of this file maps to an indicator of the catalog"),
             options_.dataset.empty()
                 ? std::string(Tr("give --dataset NAME when the catalog's sources read \"NAME COLUMN\", or --mapping FILE"))
                 : Tr("no indicator has a source starting with \"{0} \"", options_.dataset));
    }
    Flush();
    return false;
  }
  if (!RequirePeriod(period_column)) return false;
  // One value per row and mapped column at most: sized once (Hospi Diag's activity sheet is 110,000
  // values; growing the vectors and the duplicate map step by step moved them again and again).
  batch_.values.reserve(batch_.values.size() + table_.rows.size() * mapped.size());
  value_rows_.reserve(value_rows_.size() + table_.rows.size() * mapped.size());
  first_seen_.Reserve(table_.rows.size() * mapped.size());
  first_seen_.KeepRowsTogether(mapped.size());  // an entity and period: one value per mapped column at most
  for (size_t index = 0; index < table_.rows.size(); ++index) {
    const CsvRow& row = table_.rows[index];
    if (rejected_rows_[index]) continue;
    const std::string entity = EntityOfCell(Trim(row.fields[*entity_column]));
    if (!CheckKnownEntity(row, index, *entity_column, entity)) continue;
    std::optional<Period> period = option_period_;
    if (date_column ? !RowPeriodFromDate(row, index, *date_column, mapped, period)
                    : !RowPeriod(row, index, period_column, period)) {
      continue;
    }
    for (const auto& [field, indicator] : mapped) AddValue(row, index, field, entity, *indicator, *period, period_column);
  }
  if (date_column) ReportUndatedRows(*date_column);
  return true;
}

// Column (in characters) where each header name starts.
const std::vector<size_t>& Importer::header_columns() {
  if (!header_columns_.empty()) return header_columns_;
  const std::string_view line = sources_.Get(file_).LineText(static_cast<uint32_t>(table_.header_line));
  size_t column = 1;
  header_columns_.push_back(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    ++column;
    if (c == '"') quoted = !quoted;
    if (!quoted && static_cast<char>(c) == table_.separator) header_columns_.push_back(column);
  }
  return header_columns_;
}

}  // namespace vigie::ingest::internal
