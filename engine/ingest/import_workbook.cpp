// .xlsx workbooks: one sheet read as the table of the import (ingest/xlsx_reader.h), so that a
// workbook goes through the same checks as a CSV file. Its problems are V4060-V4062; the table's
// text has one line per row of the sheet, and the source is marked as a sheet so that every later
// diagnostic names its cell (B12).
#include <algorithm>

#include "engine/ingest/internal/import_run.h"
#include "engine/ingest/xlsx_reader.h"

namespace vigie::ingest::internal {

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), text.rbegin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

// A zip archive, or a file named .xlsx/.xlsm whatever it holds: an .xlsx that is not one is told so,
// rather than read as text.
bool Importer::IsWorkbook(std::string_view bytes) const {
  return LooksLikeZip(bytes) || EndsWith(path_, ".xlsx") || EndsWith(path_, ".xlsm");
}

bool Importer::ReadWorkbook(std::string_view bytes) {
  XlsxTable workbook = ReadXlsx(bytes, options_.sheet);
  if (workbook.problem.kind != XlsxProblem::Kind::kNone) {
    const DiagCode code = workbook.problem.kind == XlsxProblem::Kind::kTooLarge ? DiagCode::kWorkbookTooLarge
                          : workbook.problem.kind == XlsxProblem::Kind::kNoSheet ? DiagCode::kUnknownSheet
                                                                                 : DiagCode::kWorkbookUnreadable;
    Report(code, Span{}, Tr("workbook '{0}': {1}", Shown(), workbook.problem.message), workbook.problem.help);
    Flush();
    return false;
  }
  table_ = std::move(workbook.table);
  summary_.encoding = "xlsx";
  summary_.separator = '\t';
  summary_.sheet = workbook.sheet;
  file_ = sources_.Add(Shown() + "[" + workbook.sheet + "]", table_.text);
  sources_.GetMutable(file_).SetSheet();
  for (const CsvProblem& problem : table_.problems) {
    if (problem.kind != CsvProblem::Kind::kEmptyFile) continue;
    Report(DiagCode::kDataFileUnreadable, Span{}, Tr("workbook '{0}': {1}", Shown(), problem.message),
           std::string(Tr("choose the sheet that holds the table with --sheet NAME")));
    Flush();
    return false;
  }
  return true;
}

}  // namespace vigie::ingest::internal
