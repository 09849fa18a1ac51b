// The entities layout: establishments and their attributes, by period (FINESS, legal entity, name, attributes).
#include "engine/ingest/internal/import_run.h"

#include "engine/base/finess.h"
#include "engine/base/party_id.h"
#include "engine/base/quote.h"
#include "engine/syntax/vocabulary.h"

namespace vigie::ingest::internal {

bool Importer::BuildEntities() {
  auto id_column = EntityColumn();
  if (!id_column) {
    Flush();
    return false;
  }
  auto name_column = FindColumn(folded_, kNameColumns);
  auto legal_column = FindColumn(folded_, kLegalColumns);
  auto kind_column = FindColumn(folded_, kKindColumns);
  auto period_column = FindColumn(folded_, kPeriodColumns);
  std::vector<size_t> attribute_columns;
  for (size_t i = 0; i < table_.header.size(); ++i) {
    if (i == *id_column || i == name_column || i == legal_column || i == kind_column || i == period_column) continue;
    attribute_columns.push_back(i);
  }
  if (!attribute_columns.empty() && !option_period_ && !period_column) {
    Report(DiagCode::kMissingPeriod, At(table_.header_line, table_.header.size() > 1 ? 1 : 1),
           Tr("the attributes of this file ({0}) need the period they hold for",
              table_.header[attribute_columns[0]] + (attribute_columns.size() > 1 ? ", ..." : "")),
           Tr("give it with --period 2019, or add a period column"));
    Flush();
    return false;
  }
  std::map<std::string, size_t> seen;
  for (size_t index = 0; index < table_.rows.size(); ++index) {
    const CsvRow& row = table_.rows[index];
    if (rejected_rows_[index]) continue;
    const std::string id = Trim(row.fields[*id_column]);
    std::string kind = "establishment";
    if (kind_column) {
      std::optional<std::string> cell_kind = KindOfCell(row.fields[*kind_column]);
      // A `type` column often holds an establishment's category (CH, CHU, Privé): a FINESS with a
      // word that names no kind stays an establishment, as it always was.
      if (!cell_kind && CheckFiness(id).problem == FinessProblem::kNone) cell_kind = "establishment";
      if (!cell_kind) {
        Report(DiagCode::kUnknownEntityKind, FieldSpan(row, *kind_column),
               Tr("'{0}' is not a kind of party", ShortenForMessage(Trim(row.fields[*kind_column]))),
               Tr("write one of: establishment (or empty), legal_entity, group, {0}", syntax::PartyKinds().Describe()));
        RejectRow(index);
        continue;
      }
      kind = *cell_kind;
    }
    if (!CheckEntityId(row, index, *id_column, kind, id)) continue;
    if (auto [it, inserted] = seen.emplace(id, row.line); !inserted) {
      Diagnostic& d = Report(DiagCode::kConflictingDuplicate, FieldSpan(row, *id_column),
                             Tr("'{0}' appears twice in this file", ShortenForMessage(id)), Tr("keep one line per establishment"));
      d.notes.push_back(Note{At(it->second, 1), std::string(Tr("first line for it"))});
      RejectRow(index);
      continue;
    }
    store::EntityRow entity{id, kind, name_column ? Trim(row.fields[*name_column]) : "", ""};
    if (legal_column) {
      const std::string legal = Trim(row.fields[*legal_column]);
      if (!legal.empty()) {
        if (!CheckFiness2(row, index, *legal_column, legal)) continue;
        entity.legal_entity = legal;
        if (!known_entities_.count(legal) && !batch_entities_.count(legal) && !seen.count(legal)) {
          legal_entities_to_add_.insert(legal);
        }
      }
    }
    std::optional<Period> period = option_period_;
    if (!RowPeriod(row, index, period_column, period)) continue;
    batch_.entities.push_back(entity);
    batch_entities_.insert(id);
    for (size_t column : attribute_columns) {
      const std::string value = Trim(row.fields[column]);
      if (value.empty()) continue;  // no value for that year: no attribute
      auto [from, until] = Bounds(*period);
      batch_.attributes.push_back(
          store::AttributeRow{id, table_.header[column], value, from, until, static_cast<int64_t>(row.line)});
    }
    summary_.values_read += 1;
  }
  // Legal entities first: a site refers to its legal entity (a foreign key).
  std::vector<store::EntityRow> legal_rows;
  for (const std::string& legal : legal_entities_to_add_) {
    if (!batch_entities_.count(legal)) legal_rows.push_back(store::EntityRow{legal, "legal_entity", "", ""});
  }
  batch_.entities.insert(batch_.entities.begin(), legal_rows.begin(), legal_rows.end());
  std::stable_partition(batch_.entities.begin(), batch_.entities.end(),
                        [](const store::EntityRow& row) { return row.legal_entity.empty(); });
  return true;
}

// The kind column's cell: an establishment when empty, else a kind the store knows (folded, so that
// « Département », "departement" and "DEPARTEMENT" are one kind).
std::optional<std::string> Importer::KindOfCell(const std::string& cell) {
  const std::string folded = Fold(cell);
  if (folded.empty() || folded == "et" || folded == "establishment" || folded == "etablissement" || folded == "finess") {
    return "establishment";
  }
  if (folded == "ej" || folded == "legal_entity" || folded == "entite_juridique") return "legal_entity";
  if (folded == "group" || folded == "groupe") return "group";
  if (folded == "territoire_de_democratie_sanitaire" || folded == "tds") return "health_territory";
  for (const syntax::VocabularyEntry& entry : syntax::PartyKinds().entries) {
    for (std::string_view spelling : entry.spellings) {
      if (Fold(spelling) == folded) return std::string(entry.canonical);
    }
  }
  return std::nullopt;
}

// An entity's identifier by its kind: a FINESS for establishments and legal entities, a group code
// for groups, the kind's scheme for the others (engine/base/party_id.h).
bool Importer::CheckEntityId(const CsvRow& row, size_t index, size_t field, const std::string& kind, const std::string& id) {
  if (kind == "group") return CheckGroupId(row, index, field, id);
  if (!IsOtherPartyKind(kind)) return CheckFinessField(row, index, field, id);
  const std::string problem = PartyIdProblem(kind, id);
  if (problem.empty()) return true;
  Report(DiagCode::kBadPartyIdInData, FieldSpan(row, field),
         Tr("'{0}' is not a valid code for a party of kind {1}", ShortenForMessage(id),
            std::string(syntax::PartyKinds().Spelling(kind))),
         problem);
  RejectRow(index);
  return false;
}

bool Importer::CheckFiness2(const CsvRow& row, size_t index, size_t field, const std::string& id) {
  return CheckFinessField(row, index, field, id);
}

}  // namespace vigie::ingest::internal
