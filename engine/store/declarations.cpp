// Values declared by establishments through the web and the controllers' review of them (schema 6,
// docs/store.md). A declaration is an import with declared_by set; its review is one row of
// declaration_reviews, written once with its audit row.
#include <sqlite3.h>

#include "engine/base/text.h"
#include "engine/store/internal/sqlite.h"
#include "engine/store/internal/transaction.h"
#include "engine/store/store.h"

namespace vigie::store {

using internal::FirstRow;
using internal::InsertAudit;
using internal::InTransaction;
using internal::Rows;
using internal::Statement;

namespace {

constexpr const char* kDeclarationSelect =
    "SELECT i.id, i.declared_by, i.imported_at, i.file_name, i.rows_stored, "
    "coalesce((SELECT min(entity_id) FROM indicator_values_text v WHERE v.import_id = i.id), ''), "
    "coalesce(r.decision, 'declared'), coalesce(r.reviewed_by, ''), coalesce(r.reviewed_at, ''), coalesce(r.reason, '') "
    "FROM imports i LEFT JOIN declaration_reviews r ON r.import_id = i.id WHERE i.declared_by IS NOT NULL ";

Store::Declaration DeclarationOf(const Statement& query) {
  return {query.Int(0),  query.Text(1), query.Text(2), query.Text(3), query.Int(4),
          query.Text(5), query.Text(6), query.Text(7), query.Text(8), query.Text(9)};
}

}  // namespace

std::vector<Store::Declaration> Store::Declarations() const {
  return Rows(db_, (std::string(kDeclarationSelect) + "ORDER BY i.id").c_str(), DeclarationOf);
}

std::optional<Store::Declaration> Store::DeclarationById(int64_t import_id) const {
  return FirstRow(db_, (std::string(kDeclarationSelect) + "AND i.id = ?").c_str(), DeclarationOf, import_id);
}

bool Store::ReviewDeclaration(int64_t import_id, bool validated, const std::string& reason, const std::string& by,
                              const std::string& at, StoreError& error) {
  const std::optional<Declaration> declaration = DeclarationById(import_id);
  if (!declaration) {
    error = {StoreError::Kind::kFailed, Tr("import {0} is not a declaration of values", import_id), ""};
    return false;
  }
  if (declaration->status != "declared") {
    error = {StoreError::Kind::kFailed, Tr("the declaration {0} was already reviewed", import_id), ""};
    return false;
  }
  const std::string decision = validated ? "validated" : "rejected";
  return InTransaction(db_, path_, std::string(Tr("recording the review")), error, [&] {
    Statement insert(db_,
                     "INSERT INTO declaration_reviews (import_id, decision, reason, reviewed_by, reviewed_at) "
                     "VALUES (?, ?, ?, ?, ?)");
    insert.BindAll(import_id, decision, reason, by, at);
    if (insert.Step() != SQLITE_DONE) return false;
    return InsertAudit(db_, {0, at, by, validated ? "values-validated" : "values-rejected", reason, import_id});
  });
}

std::vector<Store::ImportedValue> Store::ValuesOfImport(int64_t import_id) const {
  return Rows(
      db_,
      "SELECT entity_id, indicator, period, value, coalesce(missing_code, ''), unit, source_row, "
      "source_column, superseded_at IS NULL FROM indicator_values_text WHERE import_id = ? "
      "ORDER BY source_row, source_column, id",
      [](const Statement& query) {
        return ImportedValue{query.Text(0), query.Text(1), query.Text(2), query.OptionalDouble(3), query.Text(4),
                             query.Text(5), query.Int(6),  query.Int(7),  query.Int(8) != 0};
      },
      import_id);
}

void Store::AttachDeclarations(std::map<int64_t, HistoryEntry>& entries, const std::string& as_stood_on) const {
  // A review recorded after `as_stood_on` did not exist then: the value was still awaiting it.
  Statement query(db_,
                  "SELECT i.declared_by, r.decision, r.reviewed_by, r.reviewed_at, r.reason FROM imports i "
                  "LEFT JOIN declaration_reviews r ON r.import_id = i.id AND (?2 = '' OR r.reviewed_at <= ?2) "
                  "WHERE i.id = ?1 AND i.declared_by IS NOT NULL");
  if (!query.Ok()) return;  // a store older than schema 6 opened read-only: no declaration
  std::map<int64_t, std::optional<HistoryEntry>> by_import;  // one query per import, not per value
  for (auto& [id, entry] : entries) {
    auto [found, inserted] = by_import.try_emplace(entry.import_id);
    if (inserted) {
      query.Reset();
      query.BindAll(entry.import_id, as_stood_on);
      if (internal::StepRow(query, db_)) {
        HistoryEntry review;
        review.declared_by = query.Text(0);
        const std::optional<std::string> decision = query.OptionalText(1);
        review.review_status = decision ? *decision : "declared";
        review.reviewed_by = query.Text(2);
        review.reviewed_at = query.Text(3);
        review.review_reason = query.Text(4);
        found->second = std::move(review);
      }
    }
    if (!found->second) continue;
    entry.declared_by = found->second->declared_by;
    entry.review_status = found->second->review_status;
    entry.reviewed_by = found->second->reviewed_by;
    entry.reviewed_at = found->second->reviewed_at;
    entry.review_reason = found->second->review_reason;
  }
}

}  // namespace vigie::store
