// The long layout: one row per value (establishment, indicator, period, value).
#include "engine/ingest/internal/import_run.h"

#include "engine/base/quote.h"

namespace vigie::ingest::internal {

bool Importer::BuildLongValues() {
  auto entity_column = EntityColumn();
  auto indicator_column = RequireColumn(kIndicatorColumns, N_("indicator"));
  auto value_column = RequireColumn(kValueColumns, N_("value"));
  if (!entity_column || !indicator_column || !value_column) {
    Flush();
    return false;
  }
  auto period_column = FindColumn(folded_, kPeriodColumns);
  if (!RequirePeriod(period_column)) return false;
  for (size_t index = 0; index < table_.rows.size(); ++index) {
    const CsvRow& row = table_.rows[index];
    if (rejected_rows_[index]) continue;
    const std::string entity = EntityOfCell(Trim(row.fields[*entity_column]));
    const std::string code = Trim(row.fields[*indicator_column]);
    const model::Indicator* indicator = IndicatorFor(code);
    if (indicator == nullptr) {
      Report(DiagCode::kUnknownIndicatorInData, FieldSpan(row, *indicator_column),
             Tr("indicator '{0}' is not declared in the catalog", ShortenForMessage(code)), Suggest(code));
      RejectRow(index);
      continue;
    }
    if (!CheckKnownEntity(row, index, *entity_column, entity)) continue;
    std::optional<Period> period = option_period_;
    if (!RowPeriod(row, index, period_column, period)) continue;
    AddValue(row, index, *value_column, entity, *indicator, *period, period_column);
  }
  return true;
}

}  // namespace vigie::ingest::internal
