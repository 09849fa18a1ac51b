#include "engine/report/report_text.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "engine/base/byte_scan.h"
#include "engine/base/locale_text.h"
#include "engine/base/number_text.h"
#include "engine/base/text.h"
#include "engine/report/report_model.h"

namespace vigie::report {

void AppendEscapedHtml(std::string& out, std::string_view text) {
  // Most texts hold nothing to escape: copied in runs (a campaign's pages escape millions of them),
  // the next byte to escape found sixteen bytes at a time.
  static constexpr ByteSet kEscaped("&<>\"'");
  size_t done = 0;
  for (size_t at = kEscaped.Find(text); at < text.size(); at = kEscaped.Find(text, at + 1)) {
    const char* entity;
    switch (text[at]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      default: entity = "&#39;"; break;
    }
    out.append(text.substr(done, at - done));
    out += entity;
    done = at + 1;
  }
  out.append(text.substr(done));
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedHtml(out, text);
  return out;
}

void AppendNumber(std::string& out, std::optional<double> value, char decimal_mark) {
  if (value) AppendPlainNumber(out, *value, decimal_mark);
}

std::string FormatNumber(std::optional<double> value) {
  std::string out;
  AppendNumber(out, value, '.');
  return out;
}

std::string FormatNumberFrench(std::optional<double> value) {
  std::string out;
  AppendNumber(out, value, ',');
  return out;
}

std::string DisplayNumber(std::optional<double> value) { return value ? LocalizeNumber(FormatNumber(value)) : ""; }

std::string FormatEuros(std::string_view amount) { return FormatAmount(amount); }

namespace {

struct Word {
  std::string_view code, label, french_code;
};

// Each verdict's label (through the catalogue) and the French verdict word of the language.
constexpr Word kVerdicts[] = {
    {"met", N_("met"), "atteint"},
    {"partially_met", N_("partially met"), "partiellement_atteint"},
    {"not_met", N_("not met"), "non_atteint"},
    {"missing_data", N_("missing data"), "donnée_manquante"},
    {"waived", N_("waived"), "dérogé"},
    {"not_applicable", N_("not applicable"), "non_applicable"},
    {"pending", N_("pending"), "en_attente"},
    {"error", N_("error"), "erreur"},
};

constexpr Word kKinds[] = {
    {"commitment", N_("commitment"), ""},
    {"milestone", N_("milestone"), ""},
    {"composite", N_("composite"), ""},
};

// A contract's kind as the language writes it (`kind charter`): its code in English, as controllers
// write it; a French controller reads "charte", "contrat de performance".
constexpr Word kContractKinds[] = {
    {"performance", N_("performance"), ""}, {"cpom", N_("cpom"), ""},       {"ctsm", N_("ctsm"), ""},
    {"cpts", N_("cpts"), ""},               {"charter", N_("charter"), ""}, {"quality", N_("quality"), ""},
    {"other", N_("other"), ""},
};

constexpr Word kRoles[] = {
    {"value", N_("value"), ""},
    {"input", N_("input"), ""},
    {"numerator", N_("numerator"), ""},
    {"denominator", N_("denominator"), ""},
    {"baseline", N_("baseline"), ""},
};

template <size_t N>
const Word* Find(const Word (&words)[N], std::string_view code) {
  for (const Word& word : words) {
    if (word.code == code) return &word;
  }
  return nullptr;
}

}  // namespace

std::string VerdictLabel(std::string_view verdict) {
  if (const Word* word = Find(kVerdicts, verdict)) return std::string(Tr(word->label));
  std::string out(verdict);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

std::string VerdictCode(std::string_view verdict) {
  const Word* word = Find(kVerdicts, verdict);
  return word != nullptr && CurrentLanguage() == Language::kFrench ? std::string(word->french_code) : std::string(verdict);
}

std::string UnitName(std::string_view unit) { return UnitWord(unit); }

std::string RoleName(std::string_view role) {
  const Word* word = Find(kRoles, role);
  return word != nullptr ? std::string(Tr(word->label)) : std::string(role);
}

std::string KindName(std::string_view kind) {
  const Word* word = Find(kKinds, kind);
  return word != nullptr ? std::string(Tr(word->label)) : std::string(kind);
}

std::string ContractKindName(std::string_view kind) {
  const Word* word = Find(kContractKinds, kind);
  return word != nullptr ? std::string(Tr(word->label)) : std::string(kind);
}

const std::vector<std::string>& VerdictOrder() {
  static const std::vector<std::string> kOrder = {"met",     "partially_met",  "not_met", "missing_data",
                                                  "waived",  "not_applicable", "pending", "error"};
  return kOrder;
}

std::string RuleText(const std::string& rule) {
  const size_t space = rule.find(' ');
  if (space == std::string::npos) return rule;
  const std::string first = rule.substr(0, space);
  if (rule.find(' ', space + 1) == std::string::npos) return ComparatorSymbol(first) + " " + LocalizeNumber(rule.substr(space + 1));
  // "<= 95 % of the 2017 value": the comparator as a symbol, the words as they are.
  const bool comparator = first == ">=" || first == "<=" || first == "!=" || first == ">" || first == "<" || first == "=";
  return comparator ? ComparatorSymbol(first) + rule.substr(space) : rule;
}

std::string TargetsText(const Item& item) {
  std::string out;
  for (const auto& [period, rule] : item.targets) {
    // A comparator and a number ("≥ 50 %"), alone or before what follows a comma (", tolerance 2
    // beds"), carry the indicator's unit, as the verdict tables' targets do.
    const std::string head = rule.substr(0, rule.find(", "));
    const size_t space = head.find(' ');
    const bool bound = space != std::string::npos && space == head.rfind(' ') && space + 1 < head.size() &&
                       (std::isdigit(static_cast<unsigned char>(head[space + 1])) || head[space + 1] == '-');
    const std::string text = bound ? BoundWithUnit(head.substr(0, space), head.substr(space + 1), item.unit) + rule.substr(head.size())
                                   : RuleText(rule);
    const std::string target = period.empty() ? text : Tr("{0}: {1}", FormatPeriod(period), text);
    out = out.empty() ? target : Tr("{0}; {1}", out, target);
  }
  return out;
}

std::string CountChangeText(int64_t change) {
  if (change == 0) return "= 0";
  return change > 0 ? "▲ +" + std::to_string(change) : "▼ −" + std::to_string(-change);
}

std::string ScoreChangeText(const std::string& change) {
  const char sign = change.empty() ? '0' : change[0];
  const std::string magnitude = sign == '+' || sign == '-' ? change.substr(1) : change;
  const std::string arrow = sign == '+' ? "▲ +" : sign == '-' ? "▼ −" : "= ";
  return arrow + LocalizeNumber(magnitude);
}

std::string MatrixVerdictLabel(const std::string& period, const std::string& verdict) {
  return period.size() > 4 ? FormatPeriod(period) + " " + VerdictLabel(verdict) : VerdictLabel(verdict);
}

std::string DisplayValue(std::optional<double> value, std::string_view unit) {
  return value ? ValueWithUnit(FormatNumber(value), unit) : "";
}

std::string DisplayBand(std::optional<double> low, std::optional<double> high, std::string_view unit) {
  return DisplayNumber(low) + " – " + DisplayValue(high, unit);
}

std::string AbbreviateSha(std::string_view sha256) {
  if (sha256.size() <= 12) return std::string(sha256);
  return std::string(sha256.substr(0, 12)) + "…";
}

std::string DeclarationText(const Input& input) {
  if (!input.source || input.source->declared_by.empty()) return "";
  const Source& s = *input.source;
  if (s.declaration == "validated") {
    return Tr("declared by {0}, validated by {1} at {2}", s.declared_by, s.reviewed_by, FormatTimestamp(s.reviewed_at));
  }
  if (s.declaration == "rejected") {
    return Tr("declared by {0}, rejected by {1} at {2}: {3}", s.declared_by, s.reviewed_by, FormatTimestamp(s.reviewed_at),
              s.review_reason);
  }
  return Tr("declared by {0}, awaiting validation", s.declared_by);
}

std::string DeclaredValuesText(const std::map<std::string, int64_t>& declared_values) {
  std::string out;
  auto add = [&](const char* status, const std::string& text) {
    if (declared_values.count(status)) out += (out.empty() ? "" : ", ") + text;
  };
  auto count = [&](const char* status) { return declared_values.count(status) ? declared_values.at(status) : 0; };
  add("declared", Tr("{0} awaiting validation", count("declared")));
  add("validated", Tr("{0} validated", count("validated")));
  add("rejected", Tr("{0} rejected", count("rejected")));
  return out;
}

std::string WaiverGrant(const Waiver& w) {
  if (w.granted.empty() && w.until.empty()) return Tr("granted by {0} for {1}: {2}", w.authority, w.scope, w.reason);
  if (w.until.empty()) {
    return Tr("granted by {0} on {1} for {2}: {3}", w.authority, FormatDate(w.granted), w.scope, w.reason);
  }
  if (w.granted.empty()) {
    return Tr("granted by {0} for {1} until {2}: {3}", w.authority, w.scope, FormatDate(w.until), w.reason);
  }
  return Tr("granted by {0} on {1} for {2} until {3}: {4}", w.authority, FormatDate(w.granted), w.scope,
            FormatDate(w.until), w.reason);
}

}  // namespace vigie::report
