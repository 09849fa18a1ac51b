// The evidence layout: documents that prove a milestone, with their dates and fingerprints.
#include "engine/ingest/internal/import_run.h"

#include "engine/base/quote.h"

#include <algorithm>
#include <filesystem>

#include "engine/base/sha256.h"
#include "engine/base/suggest.h"

namespace vigie::ingest::internal {

namespace fs = std::filesystem;

namespace {

// Whether `path` lies in `folder` or below it, links followed (a link inside that leads out is
// outside): an evidence file may name only the documents beside it, since vigie reads,
// fingerprints and later shows every document it records.
bool InsideFolder(const fs::path& path, const fs::path& folder) {
  // Both made absolute first: weakly_canonical leaves a relative path relative when none of it
  // exists (a missing document beside an evidence file in the current folder), which would then
  // never lie inside the absolute base and be refused as outside instead of as missing.
  std::error_code error;
  const fs::path base = fs::weakly_canonical(fs::absolute(folder.empty() ? fs::path(".") : folder, error), error);
  if (error) return false;
  const fs::path resolved = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) return false;
  const fs::path relative = resolved.lexically_relative(base);
  return !relative.empty() && *relative.begin() != ".." && !relative.is_absolute();
}

// "a, b, c" (in French too), or "none" when the contract has no milestone.
std::string MilestoneList(const std::vector<std::string>& milestones) {
  std::string list;
  for (const std::string& name : milestones) list += (list.empty() ? "" : ", ") + name;
  return list.empty() ? std::string(Tr("none")) : list;
}

}  // namespace

// Milestone evidence (the file `vigie template` writes beside the values): contract, milestone,
// entity, the date the document was produced, and the document's path (relative to the CSV file).
bool Importer::BuildEvidence() {
  auto contract_column = RequireColumn({"contract", "contrat"}, N_("contract"));
  auto milestone_column = RequireColumn({"milestone", "jalon"}, N_("milestone"));
  auto entity_column = RequireColumn(kEntityColumns, N_("FINESS (or entity)"));
  auto date_column = RequireColumn({"date", "date_preuve", "produced_on"}, N_("date"));
  auto document_column = RequireColumn({"document", "fichier"}, N_("document"));
  if (!contract_column || !milestone_column || !entity_column || !date_column || !document_column) {
    Flush();
    return false;
  }
  const fs::path folder = fs::path(path_).parent_path();
  for (size_t index = 0; index < table_.rows.size(); ++index) {
    const CsvRow& row = table_.rows[index];
    if (rejected_rows_[index]) continue;
    const std::string contract = Trim(row.fields[*contract_column]);
    const std::string milestone = Trim(row.fields[*milestone_column]);
    const std::string entity = Trim(row.fields[*entity_column]);
    const std::string date_text = Trim(row.fields[*date_column]);
    const std::string document = Trim(row.fields[*document_column]);
    if (date_text.empty() && document.empty()) continue;  // not provided yet: a template row left empty
    // Every cell is checked, so that one reading of the messages is enough to correct the row; the
    // row is refused if any check fails (RejectRow keeps its first message for the rejects file).
    auto c = catalog_.contracts.find(contract);
    if (c == catalog_.contracts.end()) {
      std::vector<std::string> contracts;
      for (const auto& [name, value] : catalog_.contracts) contracts.push_back(name);
      const std::optional<std::string> near = SuggestName(contract, contracts);
      Report(DiagCode::kUnknownIndicatorInData, FieldSpan(row, *contract_column),
             Tr("no contract '{0}' in the rulesets given", ShortenForMessage(contract)),
             near ? Tr("did you mean '{0}'? Otherwise name the contract's file with --catalog", *near)
                  : std::string(Tr("name the contract's file with --catalog")));
      RejectRow(index);
    } else {
      std::vector<std::string> milestones;
      for (const model::Milestone& m : c->second.milestones) milestones.push_back(m.name);
      if (std::find(milestones.begin(), milestones.end(), milestone) == milestones.end()) {
        const std::optional<std::string> near = SuggestName(milestone, milestones);
        Report(DiagCode::kUnknownIndicatorInData, FieldSpan(row, *milestone_column),
               Tr("contract '{0}' has no milestone '{1}'", contract, ShortenForMessage(milestone)),
               near ? Tr("did you mean '{0}'?", *near) : Tr("its milestones: {0}", MilestoneList(milestones)));
        RejectRow(index);
      }
    }
    CheckKnownEntity(row, index, *entity_column, entity);
    DateCell date = ParseDateCell(date_text);
    if (!date.ok) {
      Report(DiagCode::kValueDoesNotParse, FieldSpan(row, *date_column),
             date.error.empty() ? Tr("'{0}' is not a date", ShortenForMessage(date_text)) : date.error, Tr("write 2019-06-30 or 30/06/2019"));
      RejectRow(index);
    }
    const fs::path document_path = fs::path(document).is_absolute() ? fs::path(document) : folder / document;
    std::optional<std::string> sha;
    if (!InsideFolder(document_path, folder)) {
      Report(DiagCode::kEvidenceOutsideFolder, FieldSpan(row, *document_column),
             Tr("the document '{0}' is outside the folder of the evidence file", ShortenForMessage(document)),
             Tr("put the document in the evidence file's folder (or a sub-folder) and name it relative to it"));
      RejectRow(index);
    } else if (sha = Sha256OfFile(document_path.string()); !sha) {
      Report(DiagCode::kFileNotFound, FieldSpan(row, *document_column),
             fs::path(document).is_absolute()
                 ? Tr("cannot read the document '{0}'", ShortenForMessage(document))
                 : Tr("cannot read the document '{0}' (looked for {1})", ShortenForMessage(document),
                      document_path.lexically_normal().string()),
             Tr("a relative path is read from the folder of the evidence file; the document must exist when its "
                "evidence is imported (its SHA-256 is recorded)"));
      RejectRow(index);
    }
    if (rejected_rows_[index]) continue;
    const std::string produced = calendar::Format(date.AsDate());
    // Recorded as found (the folder of the evidence file included), so that reports show, and
    // `vigie verify` rereads, the document itself.
    batch_.evidence.push_back(
        store::EvidenceRow{contract, milestone, entity, produced, document_path.lexically_normal().generic_string(), *sha});
    summary_.values_read += 1;
  }
  return true;
}

}  // namespace vigie::ingest::internal
