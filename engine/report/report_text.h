// Text helpers shared by the report formats (Markdown, CSV, HTML): escaping, numbers, amounts and
// verdict labels. Functions of their arguments and of the current language (base/locale_text.h;
// each renderer sets the report's own language while it renders), so every format is deterministic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::report {

struct Waiver;
struct Item;
struct Input;

// Escapes the five characters that matter in HTML text and attribute values: & < > " '.
std::string EscapeHtml(std::string_view text);
// The same appended to `out` (no string of its own).
void AppendEscapedHtml(std::string& out, std::string_view text);

// A number as people read it: at most 10 significant digits (as the evaluator's reasons print
// them), never an exponent, no trailing zeros, '.' as the decimal mark: 12.5, -0.5, 52, 1500000.
// Missing: "".
std::string FormatNumber(std::optional<double> value);
// The same with the French decimal comma (12,5) and no grouping, in either language: what a
// spreadsheet reads as a number. Missing: "".
std::string FormatNumberFrench(std::optional<double> value);
// FormatNumber appended to `out` with `decimal_mark` ('.' or ','), without a string of its own
// (the CSV writes millions of numbers).
void AppendNumber(std::string& out, std::optional<double> value, char decimal_mark);
// FormatNumber in the current language, for people: "1 234,5" in French (LocalizeNumber).
// Missing: "".
std::string DisplayNumber(std::optional<double> value);

// An amount written by the model ("16000.00", "-12.5") with its thousands grouped by a no-break
// space and the euro sign, in the current language: "16 000,00 €" ("16 000.00 €" in English).
std::string FormatEuros(std::string_view amount);

// Who granted a waiver, when, for what and why: "granted by ARS on 01/03/2020 for 2019: fire".
std::string WaiverGrant(const Waiver& w);

// "partially_met" -> "partially met" ("partiellement atteint" in French).
std::string VerdictLabel(std::string_view verdict);
// A verdict code as the French CSV writes it: "partially_met" -> "partiellement_atteint" (the
// language's French verdict word); in English the code itself.
std::string VerdictCode(std::string_view verdict);

// An indicator's unit ("percent") in the current language ("pourcent"), as the language's French
// keyword spells it.
std::string UnitName(std::string_view unit);

// The role of a value read ("numerator", "baseline", "input") in the current language; a formula's
// own names are returned unchanged.
std::string RoleName(std::string_view role);

// A kind of item (commitment, milestone, composite) in the current language.
std::string KindName(std::string_view kind);
// A contract's kind (performance, cpom, ctsm, cpts, charter, quality, other) in the current language.
std::string ContractKindName(std::string_view kind);
// Every verdict, in the order summaries list them.
const std::vector<std::string>& VerdictOrder();

// A target as the model writes it ("<= 10", "<= 95 % of the 2017 value", "improve 5 % on the 2019
// value") as printed: the comparator as a symbol and a lone number in the current language ("≤ 10,5",
// "≤ 95 % of the 2017 value"); a text of any other form is returned unchanged.
std::string RuleText(const std::string& rule);

// An item's targets on one line, each after its period, the one rule of every report format:
// "2019: ≥ 50 %; 2020: ≥ 55 %" in English, "2019 : ≥ 50 % ; 2020 : ≥ 55 %" in French (French
// typography: a space before the colon and the semicolon); a bound carries the item's unit
// (ValueWithUnit). A target without a period is its rule alone.
std::string TargetsText(const Item& item);

// The change of a count since the year before: "▲ +2", "▼ −1" (a minus sign), "= 0".
std::string CountChangeText(int64_t change);
// The change of a score since the year before, as the model writes it ("+0.1250", "-0.0417",
// "0.0000"), in the current language: "▲ +0,1250", "▼ −0,0417", "= 0,0000".
std::string ScoreChangeText(const std::string& change);

// A verdict in the summary's matrix: its label, after the period when the item is not yearly
// ("2021-T2 atteint" in French, "met" for a year).
std::string MatrixVerdictLabel(const std::string& period, const std::string& verdict);

// A value with its unit (ValueWithUnit, base/locale_text.h), for people: "55,5 %", "122 lits",
// "0,95". Missing: "".
std::string DisplayValue(std::optional<double> value, std::string_view unit);
// A band from `low` to `high`, the unit written once after it: "10 – 12 jours".
std::string DisplayBand(std::optional<double> low, std::optional<double> high, std::string_view unit);

// The first 12 characters of a SHA-256 followed by "…" ("" stays "").
std::string AbbreviateSha(std::string_view sha256);

// How a value declared through `vigie serve` stood: "declared by qualite.sedan, awaiting
// validation", "… validated by m.durand on 6 December 2026", "… rejected by m.durand on …: reason";
// "" for a value from a file import.
std::string DeclarationText(const Input& input);

// The report's declared values by status: "2 awaiting validation, 1 validated" ("" when none).
std::string DeclaredValuesText(const std::map<std::string, int64_t>& declared_values);

}  // namespace vigie::report
