#include "engine/serve/form_problems.h"

#include <algorithm>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/report_text.h"

namespace vigie::serve {
namespace {

const FormRow* RowOf(const FormValue& value, const std::vector<FormRow>& rows) {
  const auto found = std::find_if(rows.begin(), rows.end(), [&](const FormRow& row) {
    return row.indicator == value.indicator && row.period == value.period;
  });
  return found == rows.end() ? nullptr : &*found;
}

// What to type in a field: a number, nothing when unknown, or one of the catalog's codes.
std::string TypingHelp(const FormRow* row) {
  std::string codes;
  if (row) {
    for (const auto& [code, verdict] : row->codes) {
      codes += (codes.empty() ? "" : ", ") + Tr("'{0}' ({1})", code, report::VerdictLabel(verdict));
    }
  }
  return codes.empty() ? std::string(Tr("type a number like 12,5, or leave the field empty when the value is unknown"))
                       : Tr("type a number like 12,5, one of the codes {0}, or leave the field empty when the value is unknown", codes);
}

}  // namespace

std::string FieldLabel(const FormValue& value, const std::vector<FormRow>& rows) {
  const FormRow* row = RowOf(value, rows);
  if (!row || row->title.empty()) return Tr("{0}, {1}", value.indicator, FormatPeriod(value.period));
  return Tr("{0} ({1}), {2}", row->title, row->indicator, FormatPeriod(row->period));
}

std::vector<FormProblem> UnreadableValues(const std::vector<FormValue>& values, const std::vector<FormRow>& rows) {
  std::vector<FormProblem> problems;
  for (const FormValue& value : values) {
    if (!HasControlCharacter(value.field) && !HasControlCharacter(value.value)) continue;
    problems.push_back({value.field, FieldLabel(value, rows),
                        std::string(Tr("the value holds a control character (a line break, a tab...) or bytes that are not text")),
                        TypingHelp(RowOf(value, rows))});
  }
  return problems;
}

std::vector<FormProblem> FormProblems(const Declaration& declaration, const std::vector<FormValue>& values,
                                      const std::vector<FormRow>& rows) {
  std::vector<FormProblem> problems;
  for (const Diagnostic& d : declaration.diagnostics) {
    if (d.severity != Severity::kError) continue;
    uint32_t line = 0;
    if (d.span.IsValid() && d.span.file < declaration.sources.Size()) {
      line = declaration.sources.Get(d.span.file).Locate(d.span.begin).line;
    }
    if (line < 2 || line - 2 >= values.size()) {
      problems.push_back({"", "", d.message, d.help});
      continue;
    }
    const FormValue& value = values[line - 2];
    problems.push_back({value.field, FieldLabel(value, rows), d.message,
                        d.code == DiagCode::kValueDoesNotParse ? TypingHelp(RowOf(value, rows)) : d.help});
  }
  return problems;
}

}  // namespace vigie::serve
