// Names and types inside expressions: derived-indicator formulas, `where` filters, payments,
// table values and template arguments.
#include <algorithm>

#include "engine/sema/checker_internal.h"

namespace vigie::sema::internal {
namespace {

bool IsNumeric(const ExprType& type) {
  return type.kind == ExprType::Kind::kNumber || type.kind == ExprType::Kind::kUnknown;
}

std::string KindName(ExprType::Kind kind) {
  switch (kind) {
    case ExprType::Kind::kNumber: return "a number";
    case ExprType::Kind::kText: return "a text";
    case ExprType::Kind::kDate: return "a date";
    case ExprType::Kind::kBool: return "a condition";
    case ExprType::Kind::kUnknown: return "a value";
  }
  return "a value";
}

}  // namespace

std::string Checker::DescribeUnit(const std::optional<std::string>& unit) {
  if (!unit) return "an unknown unit";
  if (unit->empty()) return "a plain number";
  if (*unit == "percent") return "%";
  if (*unit == "points") return "pts";
  if (*unit == "euros") return "€";
  return *unit;
}

std::optional<std::string> Checker::QuantityUnit(const ast::Quantity& quantity) {
  if (quantity.cut_by_comma) return std::nullopt;  // its unit came after the decimals: already reported
  if (!quantity.unit) return std::string();
  if (auto unit = syntax::QuantityUnits().Lookup(quantity.unit->text)) return std::string(*unit);
  Canonical(syntax::QuantityUnits(), *quantity.unit);  // reports V2008 with a suggestion
  return std::nullopt;
}

void Checker::ExpectBool(const ast::Expr& expr, const ExprType& type, const std::string& where) {
  if (type.kind == ExprType::Kind::kBool || type.kind == ExprType::Kind::kUnknown) return;
  Report(DiagCode::kTypeMismatch, expr.span, where + " must be a condition, but this is " + KindName(type.kind),
         "compare it with something, for example `category = \"CH\"` or `activity has chirurgie`");
}

ExprType Checker::CheckExpr(const ast::Expr& e, const Scope& scope) {
  using K = ast::Expr::Kind;
  switch (e.kind) {
    case K::kQuantity: return ExprType::Number(QuantityUnit(e.quantity));
    case K::kString: return ExprType::Of(ExprType::Kind::kText);
    case K::kDate: return ExprType::Of(ExprType::Kind::kDate);
    case K::kName: {
      auto it = scope.names.find(e.text);
      if (it != scope.names.end()) {
        if (it->second.first == NameKind::kIndicator) used_indicators_.insert(e.text);
        return it->second.second;
      }
      std::vector<std::string> candidates;
      for (const auto& [name, entry] : scope.names) candidates.push_back(name);
      if (scope.names.empty() || std::all_of(scope.names.begin(), scope.names.end(), [](const auto& entry) {
            return entry.second.first == NameKind::kIndicator;
          })) {
        Report(DiagCode::kUnknownIndicator, e.span, "unknown indicator '" + e.text + "' in " + scope.context,
               DidYouMean(e.text, candidates));
      } else {
        Report(DiagCode::kUnknownName, e.span, "unknown name '" + e.text + "' in " + scope.context,
               DidYouMean(e.text, candidates));
      }
      return ExprType::Unknown();
    }
    case K::kNegate: {
      ExprType operand = CheckExpr(*e.operands[0], scope);
      if (!IsNumeric(operand)) {
        Report(DiagCode::kTypeMismatch, e.span, "only a number can be negated, not " + KindName(operand.kind));
        return ExprType::Unknown();
      }
      return operand;
    }
    case K::kNot: {
      ExprType operand = CheckExpr(*e.operands[0], scope);
      ExpectBool(*e.operands[0], operand, "what follows 'not'");
      return ExprType::Of(ExprType::Kind::kBool);
    }
    case K::kBinary: {
      ExprType left = CheckExpr(*e.operands[0], scope);
      ExprType right = CheckExpr(*e.operands[1], scope);
      if (e.op == "and" || e.op == "or") {
        ExpectBool(*e.operands[0], left, "each side of '" + e.op + "'");
        ExpectBool(*e.operands[1], right, "each side of '" + e.op + "'");
        return ExprType::Of(ExprType::Kind::kBool);
      }
      for (const auto* side : {&left, &right}) {
        if (!IsNumeric(*side)) {
          const ast::Expr& operand = side == &left ? *e.operands[0] : *e.operands[1];
          Report(DiagCode::kTypeMismatch, operand.span,
                 "'" + e.op + "' works on numbers, but this is " + KindName(side->kind));
          return ExprType::Unknown();
        }
      }
      if (left.kind == ExprType::Kind::kUnknown || right.kind == ExprType::Kind::kUnknown) {
        return ExprType::Number(std::nullopt);
      }
      if (e.op == "+" || e.op == "-") {
        if (left.unit && right.unit && *left.unit != *right.unit) {
          Report(DiagCode::kTypeMismatch, e.span,
                 "cannot " + std::string(e.op == "+" ? "add " : "subtract ") + DescribeUnit(right.unit) +
                     (e.op == "+" ? " to " : " from ") + DescribeUnit(left.unit),
                 "both sides of '" + e.op + "' must be in the same unit");
          return ExprType::Number(std::nullopt);
        }
        return ExprType::Number(left.unit ? left.unit : right.unit);
      }
      if (e.op == "*") {
        if (left.unit && left.unit->empty()) return right;
        if (right.unit && right.unit->empty()) return left;
        if (left.unit == std::optional<std::string>("percent")) return right;  // 5 % of an amount
        if (right.unit == std::optional<std::string>("percent")) return left;
        return ExprType::Number(std::nullopt);
      }
      // division
      if (left.unit && right.unit && *left.unit == *right.unit) return ExprType::Number(std::string());
      if (right.unit && right.unit->empty()) return left;
      return ExprType::Number(std::nullopt);
    }
    case K::kCompare: {
      ExprType left = CheckExpr(*e.operands[0], scope);
      ExprType right = CheckExpr(*e.operands[1], scope);
      if (left.kind != ExprType::Kind::kUnknown && right.kind != ExprType::Kind::kUnknown) {
        if (left.kind != right.kind) {
          Report(DiagCode::kTypeMismatch, e.span,
                 "cannot compare " + KindName(left.kind) + " with " + KindName(right.kind));
        } else if (left.kind == ExprType::Kind::kNumber && left.unit && right.unit && *left.unit != *right.unit) {
          Report(DiagCode::kTypeMismatch, e.span,
                 "cannot compare " + DescribeUnit(left.unit) + " with " + DescribeUnit(right.unit),
                 "write both sides in the same unit");
        }
      }
      return ExprType::Of(ExprType::Kind::kBool);
    }
    case K::kHas: {
      CheckExpr(*e.operands[0], scope);
      // `activity has chirurgie`: the right side is a value of the attribute, not a declared name.
      const ast::Expr& value = *e.operands[1];
      if (!(value.kind == K::kName && scope.allow_symbols_after_has)) CheckExpr(value, scope);
      return ExprType::Of(ExprType::Kind::kBool);
    }
    case K::kIn: {
      CheckExpr(*e.operands[0], scope);
      for (size_t i = 1; i < e.operands.size(); ++i) {
        const ast::Expr& value = *e.operands[i];
        if (!(value.kind == K::kName && scope.allow_symbols_after_has)) CheckExpr(value, scope);
      }
      return ExprType::Of(ExprType::Kind::kBool);
    }
    case K::kIf: {
      ExprType condition = CheckExpr(*e.operands[0], scope);
      ExpectBool(*e.operands[0], condition, "the condition of 'if'");
      ExprType then_type = CheckExpr(*e.operands[1], scope);
      ExprType else_type = CheckExpr(*e.operands[2], scope);
      if (then_type.kind != ExprType::Kind::kUnknown && else_type.kind != ExprType::Kind::kUnknown &&
          (then_type.kind != else_type.kind ||
           (then_type.unit && else_type.unit && *then_type.unit != *else_type.unit))) {
        Report(DiagCode::kTypeMismatch, e.span,
               "the two branches of 'if' differ: " +
                   (then_type.kind == else_type.kind ? DescribeUnit(then_type.unit) + " and " + DescribeUnit(else_type.unit)
                                                     : KindName(then_type.kind) + " and " + KindName(else_type.kind)),
               "both branches must give the same kind of value");
      }
      return then_type.kind == ExprType::Kind::kUnknown ? else_type : then_type;
    }
    case K::kLookup: {
      std::vector<ExprType> key_types;
      for (const ast::ExprPtr& key : e.operands) key_types.push_back(CheckExpr(*key, scope));
      auto it = scope.tables.find(e.text);
      if (it == scope.tables.end()) {
        std::vector<std::string> candidates;
        for (const auto& [name, table] : scope.tables) candidates.push_back(name);
        Report(DiagCode::kUnknownTable, e.name_span, "unknown table '" + e.text + "'", DidYouMean(e.text, candidates));
        return ExprType::Unknown();
      }
      const ast::Table& table = *it->second;
      const size_t wanted = table.second_key ? 2 : 1;
      if (e.operands.size() != wanted) {
        // The example reads each key as written: class(x) and evolution(x) for those words.
        auto read = [](const std::string& key) {
          auto function = syntax::Functions().Lookup(key);
          return function == "class" || function == "evolution" ? key + "(x)" : key;
        };
        Report(DiagCode::kTypeMismatch, e.span,
               "table '" + e.text + "' is indexed by " +
                   (table.second_key ? table.key.name + ", " + table.second_key->name + ": read it with two keys"
                                     : table.key.name + ": read it with one key"),
               "for example " + e.text + "[" + read(table.key.name) +
                   (table.second_key ? ", " + read(table.second_key->name) : "") + "]");
      }
      // A tier compares the key with its bound: both in one unit (a ratio 0.75 is not 75 %). A table
      // by an indicator has its tiers checked against the indicator where it is declared: the key is
      // then compared with the indicator's unit, so that a wrong tier is not reported at every lookup.
      bool reported = false;
      const ast::Identifier* by[] = {&table.key, table.second_key ? &*table.second_key : nullptr};
      for (const ast::TableEntry& entry : table.entries) {
        const ast::TableKey* keys[] = {&entry.key, entry.second ? &*entry.second : nullptr};
        for (size_t i = 0; i < 2 && i < key_types.size() && !reported; ++i) {
          if (keys[i] == nullptr || keys[i]->kind != ast::TableKey::Kind::kCompare || !keys[i]->bound) continue;
          std::optional<std::string> bound = QuantityUnit(*keys[i]->bound);
          if (auto indicator = by[i] ? model_.indicators.find(by[i]->name) : model_.indicators.end();
              indicator != model_.indicators.end()) {
            bound = UnitOfIndicator(indicator->second.unit);
          }
          const ExprType& key = key_types[i];
          if (!bound || !IsNumeric(key) || !key.unit || *key.unit == *bound) continue;
          Report(DiagCode::kTypeMismatch, e.operands[i]->span,
                 "this key is " + WrittenAs(*key.unit) +
                     ", but the tiers of table '" + e.text + "' are " +
                     (bound->empty() ? std::string("plain numbers") : "in " + DescribeUnit(bound)),
                 "give the key in the tiers' unit (a rate as a percentage: a / b * 100 %)");
          reported = true;
        }
      }
      ExprType result = ExprType::Unknown();
      for (const ast::TableEntry& entry : it->second->entries) {
        ExprType value = CheckExpr(*entry.value, Scope{"a table value", {}, {}, false});
        if (result.kind == ExprType::Kind::kUnknown) result = value;
      }
      return result;
    }
    case K::kCall: {
      std::optional<std::string_view> function = syntax::Functions().Lookup(e.text);
      if (function == "class" || function == "evolution") return CheckClassCall(e, *function);
      std::vector<ExprType> arguments;
      for (const ast::ExprPtr& argument : e.operands) arguments.push_back(CheckExpr(*argument, scope));
      if (!function) {
        Report(DiagCode::kUnknownFunction, e.name_span, "unknown function '" + e.text + "'",
               [&] {
                 std::string help = DidYouMean(e.text, syntax::Functions().AllSpellings());
                 return help.empty() ? "functions: " + syntax::Functions().Describe() : help;
               }());
        return ExprType::Unknown();
      }
      const size_t minimum = (*function == "min" || *function == "max") ? 1 : 1;
      const size_t maximum = (*function == "min" || *function == "max") ? 100 : (*function == "round" ? 2 : 1);
      if (arguments.size() < minimum || arguments.size() > maximum) {
        Report(DiagCode::kTypeMismatch, e.span,
               "'" + e.text + "' takes " +
                   (maximum == 1 ? std::string("one argument")
                                 : maximum == 2 ? std::string("a number and, optionally, a number of decimals")
                                                : std::string("one or more numbers")) +
                   ", not " + std::to_string(arguments.size()));
        return ExprType::Unknown();
      }
      for (size_t i = 0; i < arguments.size(); ++i) {
        // min and max compare their arguments: one unit for all (min(100 %, score) would compare 100 with 0.8).
        if ((*function == "min" || *function == "max") && i > 0 && IsNumeric(arguments[i]) && IsNumeric(arguments[0]) &&
            arguments[i].unit && arguments[0].unit && *arguments[i].unit != *arguments[0].unit) {
          Report(DiagCode::kTypeMismatch, e.operands[i]->span,
                 "'" + e.text + "' compares " + DescribeUnit(arguments[0].unit) + " with " + DescribeUnit(arguments[i].unit),
                 "give every argument the same unit");
          return ExprType::Unknown();
        }
        if (!IsNumeric(arguments[i])) {
          Report(DiagCode::kTypeMismatch, e.operands[i]->span,
                 "'" + e.text + "' works on numbers, but this is " + KindName(arguments[i].kind));
          return ExprType::Unknown();
        }
      }
      return arguments.empty() ? ExprType::Unknown() : arguments[0];
    }
  }
  return ExprType::Unknown();
}

// class(x) gives the name of x's result class, evolution(x) "positive", "stable" or "negative": x is
// an indicator that declares classes.
ExprType Checker::CheckClassCall(const ast::Expr& e, std::string_view function) {
  const bool one_name = e.operands.size() == 1 && e.operands[0]->kind == ast::Expr::Kind::kName;
  auto indicator = one_name ? indicators_.find(e.operands[0]->text) : indicators_.end();
  if (indicator == indicators_.end()) {
    Report(DiagCode::kTypeMismatch, e.span, "'" + e.text + "' takes the name of one indicator that has classes",
           "for example " + e.text + "(esatis_48h)");
    return ExprType::Unknown();
  }
  used_indicators_.insert(indicator->first);
  if (!indicator->second->classes && !indicator->second->incomplete) {
    Report(DiagCode::kTypeMismatch, e.operands[0]->span,
           "indicator '" + indicator->first + "' has no classes, so '" + e.text + "' cannot be computed",
           "declare them in the catalog, best class first: classes { A: >= 80, B: < 80 }");
  }
  (void)function;
  return ExprType::Of(ExprType::Kind::kText);
}

}  // namespace vigie::sema::internal
