#include "engine/sema/checker.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "engine/base/finess.h"
#include "engine/base/locale_text.h"
#include "engine/base/number_text.h"
#include "engine/base/suggest.h"
#include "engine/sema/checker_internal.h"
#include "engine/sema/shipped_catalogs.h"

namespace vigie::sema {
namespace internal {

model::Date ToDate(const ast::Date& date) { return model::Date{date.year, date.month, date.day}; }

Diagnostic& Checker::Report(DiagCode code, Span span, std::string message, std::string help) {
  pending_.push_back(MakeDiagnostic(code, span, std::move(message)));
  pending_.back().help = std::move(help);
  return pending_.back();
}

void Checker::Flush() {
  for (Diagnostic& diagnostic : pending_) sink_.Report(std::move(diagnostic));
  pending_.clear();
}

std::string Checker::DidYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  std::optional<std::string> suggestion = SuggestName(name, candidates);
  return suggestion ? Tr("did you mean '{0}'?", *suggestion) : "";
}

std::string Checker::UnknownWord(std::string_view what, const std::string& word) {
  if (what == "unit") return Tr("unknown unit '{0}'", word);
  if (what == "duration") return Tr("unknown duration '{0}'", word);
  if (what == "direction") return Tr("unknown direction '{0}'", word);
  if (what == "period kind") return Tr("unknown period kind '{0}'", word);
  if (what == "contract kind") return Tr("unknown contract kind '{0}'", word);
  if (what == "aggregate") return Tr("unknown aggregate '{0}'", word);
  if (what == "party kind") return Tr("unknown kind of party '{0}'", word);
  if (what == "verdict") return Tr("unknown verdict '{0}'", word);
  if (what == "parameter type") return Tr("unknown parameter type '{0}'", word);
  if (what == "function") return Tr("unknown function '{0}'", word);
  if (what == "missing value") return Tr("unknown missing value '{0}'", word);
  if (what == "scoring basis") return Tr("unknown scoring basis '{0}'", word);
  if (what == "presence") return Tr("'{0}' after 'is' is neither present nor absent", word);
  return "unknown " + std::string(what) + " '" + word + "'";  // a vocabulary added without its message
}

std::string Checker::UnitName(model::Unit unit) {
  return std::string(syntax::IndicatorUnits().Spelling(model::Name(unit)));
}

void Checker::CheckWithinIndicator(const ast::Quantity& quantity, const model::Indicator& indicator, bool is_target) {
  if (indicator.incomplete || indicator.Categorical()) return;
  const double value = quantity.number.value;
  const std::string written = quantity.number.text + (quantity.unit ? " " + quantity.unit->text : "");
  const bool counts = indicator.unit == model::Unit::kCount || indicator.unit == model::Unit::kBeds ||
                      indicator.unit == model::Unit::kPlaces;
  // A range that ends before it starts is V2117 already: nothing can be said against it.
  const bool ordered_range = indicator.range && indicator.range->first <= indicator.range->second;
  if (ordered_range && (value < indicator.range->first || value > indicator.range->second)) {
    const std::string bounds = ShortNumber(indicator.range->first) + ".." + ShortNumber(indicator.range->second);
    Report(DiagCode::kValueOutOfRange, quantity.span,
           is_target ? Tr("target {0} is outside the range {1} of indicator '{2}'", written, bounds, indicator.name)
                     : Tr("value {0} is outside the range {1} of indicator '{2}'", written, bounds, indicator.name),
           std::string(Tr("the catalog declares this range: every value of the indicator lies within it; check the "
                          "sign and the number, or the catalog")));
  } else if (counts && value < 0) {
    Report(DiagCode::kValueOutOfRange, quantity.span,
           is_target ? Tr("target {0} is below zero, but a value of indicator '{1}' ({2}) cannot be", written,
                          indicator.name, UnitName(indicator.unit))
                     : Tr("value {0} is below zero, but a value of indicator '{1}' ({2}) cannot be", written,
                          indicator.name, UnitName(indicator.unit)),
           std::string(Tr("a count cannot be below zero")));
  }
}

std::optional<std::string> Checker::Canonical(const syntax::Vocabulary& vocabulary, const ast::Word& word) {
  if (std::optional<std::string_view> canonical = vocabulary.Lookup(word.text)) return std::string(*canonical);
  std::string help = DidYouMean(word.text, vocabulary.AllSpellings());
  if (help.empty()) help = Tr("use one of: {0}", vocabulary.Describe());
  Report(DiagCode::kUnknownWord, word.span, UnknownWord(vocabulary.what, word.text), help);
  return std::nullopt;
}

void Checker::CheckSubject(const ast::EntityRef& subject) {
  // A test's subject is a FINESS number, or a group's code (a name, not checked as a FINESS).
  if (!subject.code.empty() && std::isdigit(static_cast<unsigned char>(subject.code[0])) && !IsOtherParty(subject.code)) {
    CheckFiness(subject.code, subject.span);
  }
}

void Checker::CheckFiness(const std::string& code, Span span) {
  FinessCheck check = vigie::CheckFiness(code);
  if (check.problem == FinessProblem::kNone) return;
  Report(DiagCode::kInvalidFiness, span, Tr("'{0}' is not a valid FINESS number", code),
         DescribeFinessProblem(code, check));
}


// A table key as the evaluator matches it: bounds as exact numbers, the comparator as an enum.
static model::TableKey ToModelKey(const ast::TableKey& key) {
  model::TableKey out;
  out.span = key.span;
  out.written = ast::KeyText(key);
  out.text = key.text;
  switch (key.kind) {
    case ast::TableKey::Kind::kNumber: out.kind = model::TableKey::Kind::kNumber; break;
    case ast::TableKey::Kind::kRange: out.kind = model::TableKey::Kind::kRange; break;
    case ast::TableKey::Kind::kString: out.kind = model::TableKey::Kind::kString; break;
    case ast::TableKey::Kind::kWord: out.kind = model::TableKey::Kind::kWord; break;
    case ast::TableKey::Kind::kCompare: out.kind = model::TableKey::Kind::kCompare; break;
    case ast::TableKey::Kind::kElse: out.kind = model::TableKey::Kind::kElse; break;
  }
  if (key.kind == ast::TableKey::Kind::kCompare) {
    if (key.bound) {
      out.low = Rational::FromDecimal(key.bound->number.text);
      out.low_value = key.bound->number.value;
    }
    if (key.comparator) out.comparator = ToComparator(key.comparator->op);
  } else if (key.kind == ast::TableKey::Kind::kNumber || key.kind == ast::TableKey::Kind::kRange) {
    out.low = Rational::FromDecimal(key.low.text);
    out.low_value = key.low.value;
    const ast::Number& high = key.kind == ast::TableKey::Kind::kRange ? key.high : key.low;
    out.high = Rational::FromDecimal(high.text);
    out.high_value = high.value;
  }
  return out;
}

model::Model Checker::Run(const std::vector<ast::File>& files) {
  CollectDeclarations(files);
  // Every indicator has its place in the model before any formula is bound to one.
  for (const auto& [name, indicator] : indicators_) model_.indicators[name];
  for (const auto& [name, indicator] : indicators_) CheckIndicator(*indicator);
  CheckIndicatorCycles();
  for (const auto& [name, attribute] : attributes_) {
    model_.attributes[name] = model::Attribute{name, attribute->title ? attribute->title->value : "", attribute->span};
  }
  for (const auto& [name, table] : tables_) model_.tables[name] = CheckTable(*table, Scope{});
  for (const auto& [name, tmpl] : templates_) CheckTemplate(*tmpl);
  for (const auto& [name, contract] : contracts_) {
    if (std::optional<model::Contract> checked = CheckContract(*contract)) model_.contracts[name] = std::move(*checked);
  }
  for (const ast::Test* test : tests_) CheckTest(*test);
  if (options_.strict) ReportUnusedIndicators();
  Flush();
  return std::move(model_);
}

void Checker::CollectDeclarations(const std::vector<ast::File>& files) {
  // One namespace per kind of declaration; the first declaration (in file order) wins.
  // `message` is "KIND '{0}' is declared twice", one sentence per kind (French agrees with the kind).
  auto declare = [&](auto& table, const std::string& name, Span span, auto* node, std::string_view message) {
    auto [it, inserted] = table.emplace(name, node);
    if (inserted) return;
    Diagnostic& diagnostic = Report(DiagCode::kDuplicateDeclaration, span, FormatText(Tr(message), name),
                                    std::string(Tr("rename one of them, or remove the copy")));
    diagnostic.notes.push_back(Note{it->second->name.span, std::string(Tr("first declared here"))});
  };
  for (const ast::File& file : files) {
    for (const ast::Indicator& x : file.indicators) {
      declare(indicators_, x.name.name, x.name.span, &x, N_("indicator '{0}' is declared twice"));
    }
    for (const ast::Attribute& x : file.attributes) {
      declare(attributes_, x.name.name, x.name.span, &x, N_("attribute '{0}' is declared twice"));
    }
    for (const ast::Table& x : file.tables) declare(tables_, x.name.name, x.name.span, &x, N_("table '{0}' is declared twice"));
    for (const ast::Template& x : file.templates) {
      declare(templates_, x.name.name, x.name.span, &x, N_("template '{0}' is declared twice"));
    }
    for (const ast::Contract& x : file.contracts) {
      declare(contracts_, x.name.name, x.name.span, &x, N_("contract '{0}' is declared twice"));
    }
    for (const ast::Test& x : file.tests) tests_.push_back(&x);
  }
  for (const auto& [name, attribute] : attributes_) {
    auto it = indicators_.find(name);
    if (it == indicators_.end()) continue;
    Diagnostic& diagnostic = Report(DiagCode::kDuplicateDeclaration, attribute->name.span,
                                    Tr("'{0}' is declared both as an indicator and as an attribute", name),
                                    std::string(Tr("a `where` filter could not tell them apart: rename one")));
    diagnostic.notes.push_back(Note{it->second->name.span, std::string(Tr("the indicator is declared here"))});
  }
}

std::string Checker::WrittenAs(const std::string& unit) {
  return unit.empty() ? std::string(Tr("a plain number")) : Tr("in {0}", DescribeUnit(unit));
}

std::string Checker::WriteInUnitHelp(const ast::Quantity& quantity, const std::string& expected) {
  return expected.empty() ? std::string(Tr("write a plain number, without a unit"))
                          : Tr("write it in the indicator's unit, for example {0} {1}", quantity.number.text,
                               DescribeUnit(expected));
}

std::string Checker::UnitOfIndicator(model::Unit unit) {
  switch (unit) {
    case model::Unit::kPercent: return "percent";
    case model::Unit::kDays: return "days";
    case model::Unit::kHours: return "hours";
    case model::Unit::kYears: return "years";
    case model::Unit::kEuros: return "euros";
    case model::Unit::kBeds: return "beds";
    case model::Unit::kPlaces: return "places";
    case model::Unit::kRatio:
    case model::Unit::kCount:
    case model::Unit::kScore: return "";
  }
  return "";
}

const Scope& Checker::IndicatorScope() {
  if (indicator_scope_) return *indicator_scope_;
  Scope& scope = indicator_scope_.emplace();
  scope.context = Tr("an indicator formula");
  for (const auto& [name, indicator] : indicators_) {
    std::optional<std::string> unit;
    if (indicator->unit) {
      if (auto canonical = syntax::IndicatorUnits().Lookup(indicator->unit->text)) {
        unit = UnitOfIndicator(*model::UnitFromCanonical(*canonical));
      }
    }
    scope.names[name] = {NameKind::kIndicator, ExprType::Number(unit)};
  }
  return scope;
}

void Checker::CheckIndicator(const ast::Indicator& x) {
  model::Indicator out;
  out.name = x.name.name;
  out.title = x.title ? x.title->value : "";
  out.span = x.span;
  out.source = x.source ? x.source->value : "";
  out.incomplete = x.incomplete;
  if (x.unit) {
    if (auto unit = Canonical(syntax::IndicatorUnits(), *x.unit)) out.unit = *model::UnitFromCanonical(*unit);
  }
  if (x.better) {
    if (auto better = Canonical(syntax::Directions(), *x.better)) {
      out.better = *better == "higher" ? model::Direction::kHigher : model::Direction::kLower;
    }
  }
  if (x.period) {
    if (auto kind = Canonical(syntax::PeriodKinds(), *x.period)) {
      out.period_kind = *kind == "year" ? model::PeriodKind::kYear
                        : *kind == "quarter" ? model::PeriodKind::kQuarter
                                             : model::PeriodKind::kMonth;
    }
  }
  if (x.aggregate) {
    if (auto aggregate = Canonical(syntax::Aggregates(), *x.aggregate)) out.aggregate = model::AggregateFromCanonical(*aggregate);
  }
  if (x.range) {
    if (x.range->low.value > x.range->high.value) {
      Report(DiagCode::kInvalidPeriodRange, x.range->span,
             Tr("range {0}..{1} ends before it starts", x.range->low.text, x.range->high.text),
             std::string(Tr("write the smaller bound first")));
    }
    out.range = std::make_pair(x.range->low.value, x.range->high.value);
  }
  if (x.classes) CheckClasses(*x.classes, out);
  CheckCategories(x, out);

  auto check_part = [&](const std::optional<ast::Identifier>& part, std::string& into, const model::Indicator*& bound) {
    if (!part) return;
    into = part->name;
    if (auto it = model_.indicators.find(part->name); it != model_.indicators.end()) bound = &it->second;
    used_indicators_.insert(part->name);
    if (!indicators_.count(part->name)) {
      Report(DiagCode::kUnknownIndicator, part->span, Tr("unknown indicator '{0}'", part->name),
             UnknownIndicatorHelp(part->name, KeysOf(indicators_)));
    }
  };
  check_part(x.numerator, out.numerator, out.numerator_indicator);
  check_part(x.denominator, out.denominator, out.denominator_indicator);
  if (x.numerator.has_value() != x.denominator.has_value()) {
    Span span = x.numerator ? x.numerator->span : x.denominator->span;
    Report(DiagCode::kMissingProperty, span,
           x.numerator ? Tr("indicator '{0}' has a numerator but no denominator", out.name)
                       : Tr("indicator '{0}' has a denominator but no numerator", out.name),
           std::string(Tr("a group's value is sum(numerator) / sum(denominator): give both, or neither")));
  }

  if (x.formula) {
    if (x.numerator || x.denominator) {
      Report(DiagCode::kConflictingProperties, x.formula->span,
             Tr("derived indicator '{0}' cannot also have a numerator and denominator", out.name),
             std::string(Tr("a derived indicator is computed from its formula; remove the numerator and denominator")));
    }
    out.formula = CheckExpr(*x.formula, IndicatorScope());
    const ExprType& type = out.formula->type;
    std::set<std::string> inputs;
    std::function<void(const ast::Expr&)> collect = [&](const ast::Expr& e) {
      if (e.kind == ast::Expr::Kind::kName && indicators_.count(e.text)) inputs.insert(e.text);
      for (const ast::ExprPtr& operand : e.operands) collect(*operand);
    };
    collect(*x.formula);
    out.inputs.assign(inputs.begin(), inputs.end());
    used_indicators_.insert(inputs.begin(), inputs.end());
    if (type.kind == ExprType::Kind::kBool || type.kind == ExprType::Kind::kText ||
        type.kind == ExprType::Kind::kDate) {
      Report(DiagCode::kTypeMismatch, x.formula->span, Tr("the formula of '{0}' is not a number", out.name),
             std::string(Tr("a derived indicator is computed with + - * / from other indicators")));
    }
    // The formula's unit (a / b * 100 % is a percentage), when it can be known.
    std::optional<model::Unit> computed;
    if (type.kind == ExprType::Kind::kNumber && type.unit) {
      computed = type.unit->empty() ? model::Unit::kRatio : model::UnitFromCanonical(*type.unit);
    }
    if (!x.unit) {
      out.unit = computed.value_or(model::Unit::kRatio);
    } else if (computed && UnitOfIndicator(*computed) != UnitOfIndicator(out.unit)) {
      Report(DiagCode::kTypeMismatch, x.formula->span,
             Tr("the formula of '{0}' comes out in {1}, but the indicator declares unit {2}", out.name,
                UnitName(*computed), UnitName(out.unit)),
             std::string(Tr("fix the formula (for a percentage: a / b * 100 %), or the declared unit")));
    }
  } else if (!x.unit && !x.incomplete && !x.values) {
    Report(DiagCode::kMissingProperty, x.name.span, Tr("indicator '{0}' has no unit", out.name),
           Tr("add a line such as `unit percent` (unité pourcent); units: {0}", syntax::IndicatorUnits().Describe()));
  }
  model_.indicators[out.name] = std::move(out);
}
// Result classes: unique names, bounds in the indicator's unit, at least one class by value.
void Checker::CheckClasses(const ast::IndicatorClasses& classes, model::Indicator& out) {
  std::map<std::string, Span> seen, codes;
  bool by_value = false;
  const std::string expected = UnitOfIndicator(out.unit);
  for (const ast::IndicatorClass& c : classes.entries) {
    auto [it, inserted] = seen.emplace(c.name.name, c.name.span);
    if (!inserted) {
      Diagnostic& d = Report(DiagCode::kDuplicateDeclaration, c.name.span,
                             Tr("class {0} appears twice in the classes of '{1}'", c.name.name, out.name),
                             std::string(Tr("give each class one rule")));
      d.notes.push_back(Note{it->second, std::string(Tr("first given here"))});
    }
    model::Indicator::Class item;
    item.name = c.name.name;
    item.span = c.span;
    if (c.code) {
      item.code = c.code->value;
      if (item.code.empty()) {
        Report(DiagCode::kMissingProperty, c.code->span, Tr("class {0} of '{1}' has an empty code", c.name.name, out.name),
               std::string(Tr("write the missing-value code of the data files, such as \"NR\"")));
      }
      auto [previous, fresh] = codes.emplace(item.code, c.code->span);
      if (!fresh && !item.code.empty()) {
        Diagnostic& d = Report(DiagCode::kDuplicateDeclaration, c.code->span,
                               Tr("code \"{0}\" gives two classes of '{1}'", item.code, out.name),
                               std::string(Tr("give each code one class")));
        d.notes.push_back(Note{previous->second, std::string(Tr("first given here"))});
      }
    } else if (c.comparator && c.bound) {
      by_value = true;
      item.comparator = ToComparator(c.comparator->op);
      item.bound = c.bound->number.value;
      item.bound_text = c.bound->number.text;
      item.exact_bound = Rational::FromDecimal(item.bound_text);
      std::optional<std::string> unit = QuantityUnit(*c.bound);
      if (unit && *unit != expected && !out.incomplete) {
        Report(DiagCode::kTargetUnitMismatch, c.bound->span,
               Tr("the bound of class {0} is {1}, but indicator '{2}' is in {3}", c.name.name, WrittenAs(*unit), out.name,
                  UnitName(out.unit)),
               WriteInUnitHelp(*c.bound, expected));
      }
    }
    out.classes.push_back(std::move(item));
  }
  if (!by_value) {
    Report(DiagCode::kMissingProperty, classes.span, Tr("the classes of '{0}' have no class by value", out.name),
           std::string(Tr("give at least one class as a comparison with the value, best class first: A: >= 80, B: < 80")));
  }
}

model::Table Checker::CheckTable(const ast::Table& table, const Scope& parameters) {
  // `par classe` is `by class`: the words of class() and evolution() are stored canonical.
  auto canonical_key = [](const std::string& name) {
    auto function = syntax::Functions().Lookup(name);
    return function == "class" || function == "evolution" ? std::string(*function) : name;
  };
  model::Table item{table.name.name, canonical_key(table.key.name), "", {}, table.span};
  if (table.second_key) item.second_key = canonical_key(table.second_key->name);
  std::vector<const ast::Identifier*> key_names{&table.key};
  if (table.second_key) key_names.push_back(&*table.second_key);

  // A tier's bound is in the unit of the indicator the table is indexed by.
  auto check_tier = [&](const ast::TableKey& key, const ast::Identifier& by) {
    if (key.kind != ast::TableKey::Kind::kCompare || !key.bound) return;
    auto indicator = model_.indicators.find(by.name);
    std::optional<std::string> written = QuantityUnit(*key.bound);
    if (indicator == model_.indicators.end() || !written || indicator->second.incomplete ||
        *written == UnitOfIndicator(indicator->second.unit)) {
      return;
    }
    const std::string expected = UnitOfIndicator(indicator->second.unit);
    Report(DiagCode::kTargetUnitMismatch, key.bound->span,
           Tr("key {0} is {1}, but table '{2}' is indexed by '{3}', in {4}", ast::KeyText(key), WrittenAs(*written),
              table.name.name, by.name, UnitName(indicator->second.unit)),
           WriteInUnitHelp(*key.bound, expected));
  };

  std::map<std::string, Span> keys;
  std::optional<std::string> unit;
  for (const ast::TableEntry& entry : table.entries) {
    auto text = [](const ast::TableKey& k) { return k.kind == ast::TableKey::Kind::kString ? k.text : ast::KeyText(k); };
    const std::string key = text(entry.key) + (entry.second ? ", " + text(*entry.second) : "");
    auto [it, inserted] = keys.emplace(key, entry.key.span);
    if (!inserted) {
      Diagnostic& d = Report(DiagCode::kDuplicateDeclaration, entry.key.span,
                             Tr("key {0} appears twice in table '{1}'", key, table.name.name),
                             std::string(Tr("give each key one value")));
      d.notes.push_back(Note{it->second, std::string(Tr("first given here"))});
    }
    if (entry.second.has_value() != table.second_key.has_value() && !table.incomplete) {
      Report(DiagCode::kMissingProperty, entry.span,
             table.second_key ? Tr("entry {0} of table '{1}' has one key, but the table is indexed by {2}, {3}", key,
                                   table.name.name, table.key.name, table.second_key->name)
                              : Tr("entry {0} of table '{1}' has two keys, but the table is indexed by {2} only", key,
                                   table.name.name, table.key.name),
             std::string(table.second_key ? Tr("write both keys, as in `A, positive: 100 %`")
                                          : Tr("write one key per entry, or index the table by two names")));
    }
    for (const ast::TableKey* k : {&entry.key, entry.second ? &*entry.second : nullptr}) {
      if (k != nullptr && k->kind == ast::TableKey::Kind::kRange && k->high.value < k->low.value) {
        Report(DiagCode::kInvalidPeriodRange, k->span, Tr("range {0} ends before it starts", ast::KeyText(*k)),
               std::string(Tr("write the smaller bound first")));
      }
    }
    check_tier(entry.key, table.key);
    if (entry.second && table.second_key) check_tier(*entry.second, *table.second_key);
    Scope scope = parameters;
    scope.context = Tr("a table value");
    model::ExprPtr value = CheckExpr(*entry.value, scope);
    const ExprType& type = value->type;
    if (type.kind == ExprType::Kind::kNumber && type.unit) {
      if (unit && *unit != *type.unit) {
        Report(DiagCode::kTypeMismatch, entry.value->span,
               Tr("table '{0}' mixes {1} and {2}", table.name.name, DescribeUnit(unit), DescribeUnit(type.unit)),
               std::string(Tr("every value of a table is in the same unit")));
      }
      unit = type.unit;
    }
    item.entries.push_back(model::TableEntry{ToModelKey(entry.key),
                                             entry.second ? std::optional(ToModelKey(*entry.second)) : std::nullopt, value});
  }
  if (table.second_key && canonical_key(table.second_key->name) == canonical_key(table.key.name)) {
    Report(DiagCode::kDuplicateDeclaration, table.second_key->span,
           Tr("table '{0}' is indexed twice by '{1}'", table.name.name, table.key.name),
           std::string(Tr("a grid has two different keys")));
  }
  for (const ast::Identifier* by : key_names) {
    if (indicators_.count(by->name)) used_indicators_.insert(by->name);  // a table of tiers reads it
    if (table.incomplete && by->name.rfind("<", 0) == 0) continue;  // a name lost to a syntax error
    // A table read with class(x) or evolution(x) is indexed by those words.
    const std::string canonical = canonical_key(by->name);
    const bool key_known = parameters.names.count(by->name) || attributes_.count(by->name) ||
                           indicators_.count(by->name) || canonical == "class" || canonical == "evolution" ||
                           by->name == "score" ||  // tiers of a score: `paliers[score]` in a payment (issue 12)
                           (parameters.tables.count(by->name) && by->name != table.name.name) ||
                           (tables_.count(by->name) && by->name != table.name.name);
    if (key_known) continue;
    std::vector<std::string> candidates;
    for (const auto& [name, entry] : parameters.names) candidates.push_back(name);
    for (const auto& [name, entry] : attributes_) candidates.push_back(name);
    Report(DiagCode::kUnknownName, by->span,
           Tr("table '{0}' is indexed by '{1}', which is not a template parameter, an attribute, an indicator or another "
              "table", table.name.name, by->name),
           DidYouMean(by->name, candidates));
  }
  return item;
}

ChainWalk WalkChains(const std::vector<std::string>& nodes, const Successors& next) {
  ChainWalk out;
  struct Frame {
    const std::string* name;
    const std::vector<std::string>* successors;
    size_t index = 0;
    int height = 0;
  };
  std::vector<Frame> stack;
  std::map<std::string, size_t> active;  // a node on the stack -> its place there
  auto describe = [&](size_t from, const std::string& closed) {
    // A cycle of thousands of names would make a message of megabytes: its ends say enough.
    const size_t length = stack.size() - from;
    std::string path;
    for (size_t i = from; i < stack.size(); ++i) {
      const size_t place = i - from;
      if (length > 8 && place == 4) {
        path += Tr("... ({0} more) -> ", length - 6);
        i = stack.size() - 3;
        continue;
      }
      path += *stack[i].name + " -> ";
    }
    return path + closed;
  };
  for (const std::string& root : nodes) {
    const std::vector<std::string>* first = next(root);
    if (first == nullptr || out.heights.count(root) || active.count(root)) continue;
    active[root] = 0;
    stack.push_back(Frame{&root, first});
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.index == top.successors->size()) {
        const int height = top.height;
        out.heights[*top.name] = height;
        active.erase(*top.name);
        stack.pop_back();
        if (!stack.empty()) stack.back().height = std::max(stack.back().height, height + 1);
        continue;
      }
      const std::string& successor = (*top.successors)[top.index++];
      const std::vector<std::string>* further = next(successor);
      if (further == nullptr) continue;
      if (auto on_stack = active.find(successor); on_stack != active.end()) {
        out.cycles.push_back(ChainWalk::Cycle{successor, describe(on_stack->second, successor)});
      } else if (auto done = out.heights.find(successor); done != out.heights.end()) {
        top.height = std::max(top.height, done->second + 1);
      } else {
        active[successor] = stack.size();
        stack.push_back(Frame{&successor, further});
      }
    }
  }
  return out;
}

void Checker::CheckIndicatorCycles() {
  // Edges: formula inputs, numerator, denominator. A cycle is reported once, at its first member.
  std::map<std::string, std::vector<std::string>> edges;
  std::vector<std::string> names;
  for (const auto& [name, indicator] : model_.indicators) {
    std::vector<std::string>& next = edges[name];
    next = indicator.inputs;
    if (!indicator.numerator.empty()) next.push_back(indicator.numerator);
    if (!indicator.denominator.empty()) next.push_back(indicator.denominator);
    names.push_back(name);
  }
  const ChainWalk walk = WalkChains(names, [&](const std::string& name) -> const std::vector<std::string>* {
    auto it = edges.find(name);
    return it == edges.end() ? nullptr : &it->second;
  });
  std::set<std::string> reported;
  for (const ChainWalk::Cycle& cycle : walk.cycles) {
    if (!reported.insert(cycle.closed).second) continue;
    Report(DiagCode::kDerivedIndicatorCycle, model_.indicators[cycle.closed].span,
           Tr("indicator '{0}' is defined in terms of itself: {1}", cycle.closed, cycle.path),
           std::string(Tr("one indicator of the cycle must come from data, not from a formula")));
  }
  if (!walk.cycles.empty()) return;  // heights along a cycle mean nothing
  ReportDeepIndicators(walk.heights, edges);
}

void Checker::ReportDeepIndicators(const std::map<std::string, int>& heights,
                                   const std::map<std::string, std::vector<std::string>>& edges) {
  // Reported at the top of each chain too long (an indicator no other one is built on), not at
  // every indicator above the limit: one diagnostic per chain, not thousands.
  std::set<std::string> used;
  for (const auto& [name, inputs] : edges) used.insert(inputs.begin(), inputs.end());
  for (const auto& [name, height] : heights) {
    if (height <= kMaxDerivedDepth || used.count(name)) continue;
    auto declared = indicators_.find(name);
    if (declared == indicators_.end()) continue;
    Report(DiagCode::kDerivedIndicatorTooDeep, declared->second->name.span,
           Tr("indicator '{0}' is computed through a chain of {1} formulas, each reading the next; the limit is {2}", name,
              height, kMaxDerivedDepth),
           std::string(Tr("compute it from fewer intermediate indicators, or import some of them as data")));
  }
}

std::optional<model::Period> Checker::ToPeriod(const ast::PeriodKey& key, std::optional<model::PeriodKind> expected) {
  model::Period period;
  period.year = key.year;
  switch (key.kind) {
    case ast::PeriodKey::Kind::kYear:
    case ast::PeriodKey::Kind::kYearRange: period.kind = model::PeriodKind::kYear; break;
    case ast::PeriodKey::Kind::kQuarter: period.kind = model::PeriodKind::kQuarter; period.sub = key.sub; break;
    case ast::PeriodKey::Kind::kMonth: period.kind = model::PeriodKind::kMonth; period.sub = key.sub; break;
  }
  if (expected && period.kind != model::PeriodKind::kYear && period.kind != *expected) {
    const SourceFile& file = sources_.Get(key.span.file);
    const std::string written = file.Text().substr(key.span.begin, key.span.end - key.span.begin);
    Report(DiagCode::kPeriodKindMismatch, key.span,
           Tr("'{0}' is {1}, but the indicator is {2}", written, PeriodKindNoun(period.kind), PeriodKindAdjective(*expected)),
           std::string(Tr("use a year, or a period of the indicator's own kind")));
    return std::nullopt;
  }
  return period;
}

void Checker::ReportUnusedIndicators() {
  for (const auto& [name, contract] : model_.contracts) {
    for (const auto& commitment : contract.commitments) used_indicators_.insert(commitment.indicator);
  }
  for (const auto& [name, indicator] : indicators_) {
    if (used_indicators_.count(name)) continue;
    Report(DiagCode::kUnusedIndicator, indicator->name.span,
           Tr("indicator '{0}' is not used by any commitment, formula or test", name),
           std::string(Tr("remove it, or turn this warning off with --allow=unused-indicator")));
  }
}

}  // namespace internal

model::Model Check(const std::vector<syntax::ast::File>& files, const SourceManager& sources, DiagnosticSink& sink,
                   const CheckOptions& options) {
  internal::Checker checker(sources, sink, options);
  return checker.Run(files);
}

}  // namespace vigie::sema
