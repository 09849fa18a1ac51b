// Text helpers shared by the report formats (Markdown, CSV, HTML): escaping, numbers, amounts and
// verdict labels. Pure functions of their arguments, so every format is deterministic.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::report {

// Escapes the five characters that matter in HTML text and attribute values: & < > " '.
std::string EscapeHtml(std::string_view text);

// A number as people read it: at most 10 significant digits (as the evaluator's reasons print
// them), never an exponent, no trailing zeros, '.' as the decimal mark: 12.5, -0.5, 52, 1500000.
// Missing: "".
std::string FormatNumber(std::optional<double> value);
// The same with the French decimal comma (12,5), for spreadsheets. Missing: "".
std::string FormatNumberFrench(std::optional<double> value);

// An amount written by the model ("16000.00", "-12.5") with its thousands grouped by a no-break
// space and the euro sign: "16 000.00 €".
std::string FormatEuros(std::string_view amount);

// "partially_met" -> "partially met".
std::string VerdictLabel(std::string_view verdict);
// Every verdict, in the order summaries list them.
const std::vector<std::string>& VerdictOrder();

// A comparator as printed in reports: ">=" -> "≥", "<=" -> "≤", "!=" -> "≠" (others unchanged).
std::string ComparatorSymbol(std::string_view comparator);

// The unit written after a value: " %" for percent, " €" for euros, "" otherwise.
std::string UnitSuffix(std::string_view unit);

// The first 12 characters of a SHA-256 followed by "…" ("" stays "").
std::string AbbreviateSha(std::string_view sha256);

}  // namespace vigie::report
