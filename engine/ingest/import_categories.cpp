// Cells that hold words: the values of a categorical indicator (`values { A, B, C, D }`, stored as
// their rank, 1 = the most favourable) and the missing-value codes an indicator declares
// (`codes { "Non concerné", "DI" }`, stored as missing with the declared spelling).
#include "engine/base/suggest.h"
#include "engine/ingest/internal/import_run.h"

namespace vigie::ingest::internal {

namespace {

// The entry whose spelling is the cell: written exactly, or loosely (case, accents, spaces, dots and
// hyphens aside), as the HAS files vary ("Certifié" and "CERTIFIE").
template <class Entries, class Spelling>
int Match(const std::string& cell, const Entries& entries, Spelling spelling) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (spelling(entries[i]) == cell) return static_cast<int>(i);
  }
  const std::string folded = Fold(cell);
  if (folded.empty()) return -1;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (Fold(spelling(entries[i])) == folded) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Importer::CodedCell Importer::ReadCodedCell(const CsvRow& row, size_t index, size_t field, const model::Indicator& indicator,
                                            store::ValueRow& value) {
  const std::string cell = Trim(row.fields[field]);
  const int code = Match(cell, indicator.codes, [](const model::Indicator::Code& c) -> const std::string& { return c.code; });
  if (code >= 0) {
    value.missing_code = indicator.codes[static_cast<size_t>(code)].code;
    return CodedCell::kRead;
  }
  if (!indicator.Categorical()) return CodedCell::kNumber;
  const int category =
      Match(cell, indicator.categories, [](const model::Indicator::Category& c) -> const std::string& { return c.written; });
  if (category >= 0) {
    value.value = category + 1;
    value.note = indicator.categories[static_cast<size_t>(category)].name;
    return CodedCell::kRead;
  }
  const NumberCell number = ParseNumberCell(row.fields[field], mark_);
  if (number.kind == NumberCell::Kind::kMissing) {
    value.missing_code = number.missing_code;
    return CodedCell::kRead;
  }
  std::vector<std::string> words;
  for (const auto& c : indicator.categories) words.push_back(c.written);
  std::string expected;
  for (size_t i = 0; i < words.size(); ++i) expected += (i ? ", " : "") + words[i];
  for (const auto& c : indicator.codes) words.push_back(c.code);
  std::optional<std::string> near = SuggestName(cell, words);
  Report(DiagCode::kUnknownCategoryInData, FieldSpan(row, field),
         Tr("'{0}' is not a value of indicator '{1}'", ShortenForMessage(cell), indicator.name),
         near ? Tr("did you mean '{0}'? The values of '{1}' are: {2}", *near, indicator.name, expected)
              : Tr("the values of '{0}' are: {1}; a missing value is an empty cell or a code the catalog declares",
                   indicator.name, expected));
  RejectRow(index);
  return CodedCell::kRejected;
}

}  // namespace vigie::ingest::internal
