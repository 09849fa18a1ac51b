// Categorical indicators (`values { A, B, C, D }`), the missing-value codes an indicator declares
// (`codes { "Non concerné": not_applicable }`), and what commitments say of them: `target at least B`
// and verdict rules (`met if A or B, partially_met if C, not_applicable if "Non concerné"`).
#include <map>
#include <set>

#include "engine/base/quote.h"
#include "engine/sema/checker_internal.h"

namespace vigie::sema::internal {

namespace {

// The verdicts a rule may give: the ones a value can deserve. Waived and pending come from waivers
// and dates, an error from the data: a rule cannot give them.
bool RuleVerdict(const std::string& canonical) {
  return canonical == "met" || canonical == "partially_met" || canonical == "not_met" || canonical == "missing_data" ||
         canonical == "not_applicable";
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
  return out;
}

}  // namespace

void Checker::CheckCategories(const ast::Indicator& x, model::Indicator& out) {
  if (x.values) {
    std::map<std::string, Span> names, written;
    for (const ast::Category& c : x.values->entries) {
      model::Indicator::Category item{c.name.name, c.written ? c.written->value : c.name.name, c.span};
      auto [it, fresh] = names.emplace(item.name, c.name.span);
      if (!fresh) {
        Diagnostic& d = Report(DiagCode::kDuplicateDeclaration, c.name.span,
                               Tr("value {0} appears twice in the values of '{1}'", item.name, out.name),
                               std::string(Tr("list each value once, the most favourable first")));
        d.notes.push_back(Note{it->second, std::string(Tr("first given here"))});
        continue;
      }
      if (c.written && c.written->value.empty()) {
        Report(DiagCode::kMissingProperty, c.written->span, Tr("value {0} of '{1}' has an empty spelling", item.name, out.name),
               std::string(Tr("write the value as the data files write it, such as \"Certifié avec mention\"")));
      }
      auto [previous, unique] = written.emplace(item.written, c.span);
      if (!unique) {
        Diagnostic& d = Report(DiagCode::kDuplicateDeclaration, c.span,
                               Tr("\"{0}\" names two values of '{1}'", item.written, out.name),
                               std::string(Tr("give each value its own spelling")));
        d.notes.push_back(Note{previous->second, std::string(Tr("first given here"))});
        continue;
      }
      out.categories.push_back(std::move(item));
    }
    if (x.values->entries.empty()) {
      Report(DiagCode::kMissingProperty, x.values->span, Tr("the values of '{0}' are empty", out.name),
             std::string(Tr("list the values, the most favourable first: values { A, B, C, D }")));
    }
    // A categorical indicator is no number: no unit, direction, bounds, classes, parts or formula.
    auto refuse = [&](bool present, Span span, const char* property) {
      if (!present) return;
      Report(DiagCode::kCategoricalMisuse, span,
             Tr("indicator '{0}' has values, so it cannot have `{1}`", out.name, property),
             std::string(Tr("its values are words, the most favourable first: remove this line")));
    };
    refuse(x.unit.has_value(), x.unit ? x.unit->span : Span{}, "unit");
    refuse(x.better.has_value(), x.better ? x.better->span : Span{}, "better");
    refuse(x.range.has_value(), x.range ? x.range->span : Span{}, "range");
    refuse(x.classes.has_value(), x.classes ? x.classes->span : Span{}, "classes");
    refuse(x.numerator.has_value(), x.numerator ? x.numerator->span : Span{}, "numerator");
    refuse(x.denominator.has_value(), x.denominator ? x.denominator->span : Span{}, "denominator");
    refuse(x.formula != nullptr, x.formula ? x.formula->span : Span{}, "=");
    // The rank is stored, most favourable first: a group's "at least B" reads the lowest rank.
    out.unit = model::Unit::kCount;
    out.better = model::Direction::kLower;
  }
  if (x.codes) {
    std::map<std::string, Span> seen;
    for (const ast::MissingCode& c : x.codes->entries) {
      model::Indicator::Code item{c.code.value, model::Verdict::kMissingData, c.span};
      if (item.code.empty()) {
        Report(DiagCode::kMissingProperty, c.code.span, Tr("indicator '{0}' declares an empty code", out.name),
               std::string(Tr("write the code as the data files write it, such as \"Non concerné\"")));
        continue;
      }
      auto [it, fresh] = seen.emplace(item.code, c.code.span);
      if (!fresh) {
        Diagnostic& d = Report(DiagCode::kDuplicateDeclaration, c.code.span,
                               Tr("code \"{0}\" appears twice in the codes of '{1}'", item.code, out.name),
                               std::string(Tr("give each code once")));
        d.notes.push_back(Note{it->second, std::string(Tr("first given here"))});
        continue;
      }
      if (c.verdict) {
        if (auto canonical = Canonical(syntax::Verdicts(), *c.verdict)) {
          if (!RuleVerdict(*canonical)) {
            Report(DiagCode::kVerdictRuleConflict, c.verdict->span,
                   Tr("a code cannot give the verdict '{0}'", c.verdict->text),
                   std::string(Tr("a code gives met, partially_met, not_met, missing_data or not_applicable")));
          } else {
            item.verdict = *model::VerdictFromCanonical(*canonical);
          }
        }
      }
      out.codes.push_back(std::move(item));
    }
  }
}

int Checker::CategoryRank(const ast::Identifier& name, const model::Indicator& indicator) {
  for (size_t i = 0; i < indicator.categories.size(); ++i) {
    if (indicator.categories[i].name == name.name) return static_cast<int>(i) + 1;
  }
  std::vector<std::string> names;
  for (const auto& c : indicator.categories) names.push_back(c.name);
  std::string help = DidYouMean(name.name, names);
  if (help.empty()) help = Tr("the values of '{0}' are: {1}", indicator.name, Join(names));
  Report(DiagCode::kUnknownCategory, name.span, Tr("'{0}' is not a value of indicator '{1}'", name.name, indicator.name),
         help);
  return 0;
}

bool Checker::CheckCategoryTarget(const std::optional<ast::Identifier>& category, const ast::Quantity* value, Span span,
                                  const model::Indicator& indicator) {
  if (indicator.incomplete) return true;
  if (category && !indicator.Categorical()) {
    Report(DiagCode::kCategoricalMisuse, span,
           Tr("'at least {0}' needs an indicator with values, but '{1}' is a number", category->name, indicator.name),
           std::string(Tr("write a number (target >= 80 %), or declare the indicator's values: values { A, B, C, D }")));
    return false;
  }
  if (!category && value != nullptr && indicator.Categorical()) {
    std::vector<std::string> names;
    for (const auto& c : indicator.categories) names.push_back(c.name);
    Report(DiagCode::kCategoricalMisuse, value->span,
           Tr("indicator '{0}' takes the values {1}, not a number", indicator.name, Join(names)),
           Tr("write `target at least {0}` (cible au moins {0}), or verdict rules: met if {0}", names.front()));
    return false;
  }
  return true;
}

void Checker::CheckVerdictRules(const ast::Commitment& x, const model::Indicator& indicator, model::Commitment& out) {
  std::map<std::string, Span> given;  // value or code -> the rule that names it
  std::set<std::string> codes;
  for (const auto& c : indicator.codes) codes.insert(c.code);
  for (const auto& c : indicator.classes) {
    if (!c.code.empty()) codes.insert(c.code);
  }
  for (const ast::VerdictRule& rule : x.verdict_rules) {
    model::VerdictRule item;
    item.span = rule.span;
    auto canonical = Canonical(syntax::Verdicts(), rule.verdict);
    if (canonical && !RuleVerdict(*canonical)) {
      Report(DiagCode::kVerdictRuleConflict, rule.verdict.span, Tr("a rule cannot give the verdict '{0}'", rule.verdict.text),
             std::string(Tr("a rule gives met, partially_met, not_met, missing_data or not_applicable")));
      canonical.reset();
    }
    if (canonical) item.verdict = *model::VerdictFromCanonical(*canonical);
    auto once = [&](const std::string& key, Span span, const std::string& shown) {
      auto [it, fresh] = given.emplace(key, span);
      if (fresh) return true;
      Diagnostic& d = Report(DiagCode::kVerdictRuleConflict, span, Tr("{0} is given a verdict twice", shown),
                             std::string(Tr("name each value or code in one rule only")));
      d.notes.push_back(Note{it->second, std::string(Tr("first given here"))});
      return false;
    };
    for (const ast::Identifier& name : rule.categories) {
      if (!indicator.Categorical()) {
        if (!indicator.incomplete) {
          Report(DiagCode::kCategoricalMisuse, name.span,
                 Tr("'{0}' is a value, but indicator '{1}' is a number", name.name, indicator.name),
                 std::string(Tr("rules on a number name missing-value codes in quotes (not_applicable if \"Non concerné\"); "
                                "or declare the indicator's values")));
        }
        continue;
      }
      const int rank = CategoryRank(name, indicator);
      if (rank > 0 && once("v:" + name.name, name.span, name.name)) item.ranks.push_back(rank);
    }
    for (const ast::StringLiteral& code : rule.codes) {
      if (!codes.count(code.value) && !indicator.incomplete) {
        std::vector<std::string> known(codes.begin(), codes.end());
        std::string help = DidYouMean(code.value, known);
        if (help.empty()) {
          help = known.empty() ? Tr("declare it in the indicator: codes { \"{0}\" }", code.value)
                               : Tr("the codes of '{0}' are: {1}", indicator.name, Join(known));
        }
        Report(DiagCode::kUnknownMissingCode, code.span,
               Tr("\"{0}\" is not a missing-value code of indicator '{1}'", code.value, indicator.name), help);
        continue;
      }
      if (once("c:" + code.value, code.span, "\"" + code.value + "\"")) item.codes.push_back(code.value);
    }
    out.verdict_rules.push_back(std::move(item));
  }
  // A value is ranked, not measured: no tolerance or improvement (a rule says what is partially met).
  if (indicator.Categorical() && (x.tolerance || x.improve)) {
    Report(DiagCode::kCategoricalMisuse, x.tolerance ? x.tolerance->span : x.improve->span,
           Tr("indicator '{0}' takes values, not numbers: it has no tolerance or improvement", indicator.name),
           Tr("say which values are partially met: partially_met if {0}", indicator.categories.back().name));
  }
}

}  // namespace vigie::sema::internal
