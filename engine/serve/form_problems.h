// The problems of the values form, each named by the field the user typed in: its indicator and
// period as the form shows them ("Taux de chirurgie ambulatoire (ambu), 2019"), not the line and
// column of the CSV the form was turned into (request_parse.h FormValuesCsv) before the import.
#pragma once

#include <string>
#include <vector>

#include "engine/serve/request_parse.h"
#include "engine/serve/service.h"

namespace vigie::serve {

struct FormProblem {
  std::string field;  // the form field's name (v|INDICATOR|PERIOD); "" a problem of the whole form
  std::string label;  // the field as the form shows it; "" with `field`
  std::string message, help;
};

// The field's label as the form shows it: "TITLE (INDICATOR), PERIOD", from the form's row of that
// indicator and period (a field the form does not have: "INDICATOR, PERIOD").
std::string FieldLabel(const FormValue& value, const std::vector<FormRow>& rows);

// The values holding a control character, each refused with its field (HasControlCharacter): the
// CSV reader would call the whole form "not a text file". Empty: every value is plain text.
std::vector<FormProblem> UnreadableValues(const std::vector<FormValue>& values, const std::vector<FormRow>& rows);

// The import's errors on the CSV made of `values`, each on the field of its line (line i + 2 is
// values[i]); one on no line of a value keeps its message alone. A value that is not a number gets
// the form's own help (what to type), not the file's.
std::vector<FormProblem> FormProblems(const Declaration& declaration, const std::vector<FormValue>& values,
                                      const std::vector<FormRow>& rows);

}  // namespace vigie::serve
