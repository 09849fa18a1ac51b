// Sites combined into their establishment (--combine-sites): when a file gives several rows for one
// establishment, indicator and period (the SAE read by its legal FINESS `fi_ej` has one row per
// site), they become one value, computed as the catalog says with the indicator's `aggregate`:
//   sum            the sites' values added (beds, stays)
//   mean           their plain mean
//   weighted_mean  their mean weighted by the column --weight names (respondents, stays)
//   min, max       the lowest or highest value: the worst class of a classed indicator is the
//                  worst value, `min` when higher is better
//   count          how many sites have a value
// A site whose value is a missing-value code is skipped (its row is noted); when every site is
// missing, the value is missing with the first site's code. An indicator without an aggregate is
// never guessed: its repeated rows are refused (V4063). The stored value keeps the row and column of
// the first site it was computed from (never a skipped, empty cell; the first site's when every site
// is missing), and a note lists the rows it was computed from.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "engine/ingest/internal/import_run.h"
#include "engine/sema/model.h"

namespace vigie::ingest::internal {

namespace {

// "2, 3, 7" (at most 10 rows, then "…").
std::string RowList(const std::vector<int64_t>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 10) return out + ", …";
    out += (i ? ", " : "") + std::to_string(lines[i]);
  }
  return out;
}

std::string CombinedNote(model::Aggregate how, const std::vector<int64_t>& lines, const std::string& weight) {
  const std::string rows = RowList(lines);
  switch (how) {
    case model::Aggregate::kSum: return Tr("sum of rows {0}", rows);
    case model::Aggregate::kMean: return Tr("mean of rows {0}", rows);
    case model::Aggregate::kWeightedMean: return Tr("mean of rows {0} weighted by {1}", rows, weight);
    case model::Aggregate::kMin: return Tr("lowest of rows {0}", rows);
    case model::Aggregate::kMax: return Tr("highest of rows {0}", rows);
    case model::Aggregate::kCount: return Tr("count of rows {0}", rows);
  }
  return rows;
}

}  // namespace

bool Importer::CombineSites() {
  std::optional<size_t> weight_column;
  if (!options_.weight_column.empty()) {
    const std::string wanted = Fold(options_.weight_column);
    auto it = std::find(folded_.begin(), folded_.end(), wanted);
    if (it == folded_.end()) {
      Report(DiagCode::kMissingColumn, At(table_.header_line, 1),
             Tr("--weight names the column '{0}', which the header does not have", ShortenForMessage(options_.weight_column)),
             Tr("name the column of each row's weight (e-Satis: the number of respondents)"));
      Flush();
      return false;
    }
    weight_column = static_cast<size_t>(it - folded_.begin());
  }
  // The field of a stored value in its row (a CSV value keeps its character column, a sheet's its
  // spreadsheet column).
  auto field_of = [&](const CsvRow& row, const store::ValueRow& value) -> size_t {
    if (!summary_.sheet.empty()) return static_cast<size_t>(value.column - 1);
    auto it = std::find(row.columns.begin(), row.columns.end(), static_cast<size_t>(value.column));
    return static_cast<size_t>(it - row.columns.begin());
  };

  decltype(batch_.values) values = std::move(batch_.values);
  std::vector<size_t> rows = std::move(value_rows_);
  batch_.values.clear();
  value_rows_.clear();
  std::map<std::string, std::vector<size_t>> groups;
  std::vector<std::string> order;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string key = values[i].entity + '\x1f' + values[i].indicator + '\x1f' + values[i].period;
    std::vector<size_t>& members = groups[key];
    if (members.empty()) order.push_back(key);
    members.push_back(i);
  }
  for (const std::string& key : order) {
    const std::vector<size_t>& members = groups[key];
    store::ValueRow combined = values[members.front()];
    size_t row_index = rows[members.front()];
    if (members.size() == 1) {
      batch_.values.push_back(std::move(combined));
      value_rows_.push_back(row_index);
      continue;
    }
    const model::Indicator& indicator = catalog_.indicators.at(combined.indicator);
    const CsvRow& second = table_.rows[rows[members[1]]];
    const size_t second_field = field_of(second, values[members[1]]);
    if (!indicator.aggregate || (*indicator.aggregate == model::Aggregate::kWeightedMean && !weight_column)) {
      Diagnostic& d = Report(
          DiagCode::kSitesNotCombined, FieldSpan(second, second_field),
          !indicator.aggregate
              ? Tr("{0} {1} for {2} is given by {3} rows, and indicator '{0}' has no aggregate to combine them", indicator.name,
                   combined.period, combined.entity, static_cast<int64_t>(members.size()))
              : Tr("{0} {1} for {2} is given by {3} rows, and its aggregate weighted_mean needs the column of the weights",
                   indicator.name, combined.period, combined.entity, static_cast<int64_t>(members.size())),
          !indicator.aggregate ? Tr("say how the catalog combines sites: `aggregate sum` (or mean, weighted_mean, min, max) "
                                    "in indicator '{0}'",
                                    indicator.name)
                               : std::string(Tr("name it with --weight COLUMN")));
      d.notes.push_back(Note{At(table_.rows[rows[members.front()]].line, 1), std::string(Tr("first given on this line"))});
      for (size_t member : members) RejectRow(rows[member]);
      continue;
    }
    const model::Aggregate how = *indicator.aggregate;
    std::vector<int64_t> used, skipped;
    std::optional<size_t> first_used;  // the member whose cell the stored value points at
    double total = 0, weights = 0, lowest = 0, highest = 0;
    bool bad = false;
    for (size_t member : members) {
      const store::ValueRow& value = values[member];
      if (rejected_rows_[rows[member]]) row_index = rows[member];  // a partial result is never stored
      if (!value.value) {
        skipped.push_back(value.row);
        continue;
      }
      double weight = 1;
      if (how == model::Aggregate::kWeightedMean) {
        const CsvRow& row = table_.rows[rows[member]];
        const NumberCell cell = ParseNumberCell(row.fields[*weight_column], mark_);
        if (cell.kind == NumberCell::Kind::kMissing) {
          skipped.push_back(value.row);
          continue;
        }
        if (cell.kind != NumberCell::Kind::kValue || cell.value < 0) {
          Report(DiagCode::kValueDoesNotParse, FieldSpan(row, *weight_column),
                 cell.kind == NumberCell::Kind::kInvalid ? cell.error
                                                         : Tr("the weight '{0}' is negative", ShortenForMessage(Trim(row.fields[*weight_column]))),
                 Tr("a weight is a number of at least 0 (e-Satis: the number of respondents)"));
          RejectRow(rows[member]);
          bad = true;
          continue;
        }
        weight = cell.value;
      }
      lowest = used.empty() ? *value.value : std::min(lowest, *value.value);
      highest = used.empty() ? *value.value : std::max(highest, *value.value);
      total += *value.value * weight;
      weights += weight;
      used.push_back(value.row);
      if (!first_used) first_used = member;
    }
    if (bad) continue;
    std::vector<int64_t> lines;
    for (size_t member : members) lines.push_back(values[member].row);
    if (used.empty()) {
      combined.value.reset();  // every site missing: missing, with the first site's code
    } else {
      switch (how) {
        case model::Aggregate::kSum: combined.value = total; break;
        case model::Aggregate::kMean: combined.value = total / static_cast<double>(used.size()); break;
        case model::Aggregate::kWeightedMean:
          if (weights == 0) {
            combined.value.reset();
            combined.missing_code = "";
          } else {
            combined.value = total / weights;
          }
          break;
        case model::Aggregate::kMin: combined.value = lowest; break;
        case model::Aggregate::kMax: combined.value = highest; break;
        case model::Aggregate::kCount: combined.value = static_cast<double>(used.size()); break;
      }
      if (combined.value) combined.missing_code.clear();
    }
    if (first_used) {
      combined.row = values[*first_used].row;
      combined.column = values[*first_used].column;
    }
    combined.note = CombinedNote(how, used.empty() ? lines : used, options_.weight_column);
    if (!skipped.empty() && !used.empty()) combined.note = Tr("{0}; rows {1} missing, skipped", combined.note, RowList(skipped));
    // A categorical value keeps its name before how it was found ("certifie; max of rows 19, 20").
    if (indicator.Categorical() && combined.value && (how == model::Aggregate::kMin || how == model::Aggregate::kMax)) {
      const auto rank = static_cast<size_t>(*combined.value);
      if (rank >= 1 && rank <= indicator.categories.size()) {
        combined.note = indicator.categories[rank - 1].name + "; " + combined.note;
      }
    }
    batch_.values.push_back(std::move(combined));
    value_rows_.push_back(row_index);
  }
  return true;
}

}  // namespace vigie::ingest::internal
