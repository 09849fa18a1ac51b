// Names and types inside expressions: derived-indicator formulas, `where` filters, payments,
// table values and template arguments.
#include <algorithm>

#include "engine/base/locale_text.h"
#include "engine/sema/checker_internal.h"
#include "engine/sema/shipped_catalogs.h"

namespace vigie::sema::internal {
namespace {

using model::Expr;
using model::ExprPtr;

std::shared_ptr<Expr> Node(Expr::Kind kind, const ast::Expr& from, ExprType type, std::vector<ExprPtr> operands = {}) {
  auto node = std::make_shared<Expr>();
  node->kind = kind;
  node->type = std::move(type);
  node->span = from.span;
  node->operands = std::move(operands);
  return node;
}

// A mistake already reported (or a number too large to compute exactly): the model of a program with
// errors is never evaluated, and the number says why if it were.
std::shared_ptr<Expr> Invalid(const ast::Expr& from, std::string why = "") {
  auto node = std::make_shared<Expr>();
  node->kind = Expr::Kind::kInvalid;
  node->text = std::move(why);
  node->span = from.span;
  return node;
}

std::optional<model::Function> FunctionOf(std::string_view canonical) {
  if (canonical == "min") return model::Function::kMin;
  if (canonical == "max") return model::Function::kMax;
  if (canonical == "abs") return model::Function::kAbs;
  if (canonical == "floor") return model::Function::kFloor;
  if (canonical == "ceil") return model::Function::kCeil;
  if (canonical == "round") return model::Function::kRound;
  return std::nullopt;
}

// The value after `has` or in an `in` list, as the data writes it: a word, a text or a number.
ExprPtr Symbol(const ast::Expr& e) {
  using K = ast::Expr::Kind;
  auto node = std::make_shared<Expr>();
  node->span = e.span;
  node->kind = e.kind == K::kQuantity ? Expr::Kind::kNumber : e.kind == K::kString ? Expr::Kind::kText : Expr::Kind::kSymbol;
  node->text = e.kind == K::kQuantity ? e.quantity.number.text : e.text;
  if (e.kind == K::kQuantity) node->number = Rational::FromDecimal(e.quantity.number.text).value_or(Rational(0));
  node->type = e.kind == K::kQuantity ? ExprType::Number(std::string()) : ExprType::Of(ExprType::Kind::kText);
  return node;
}

bool IsNumeric(const ExprType& type) {
  return type.kind == ExprType::Kind::kNumber || type.kind == ExprType::Kind::kUnknown;
}

std::string KindName(ExprType::Kind kind) {
  switch (kind) {
    case ExprType::Kind::kNumber: return std::string(Tr("a number"));
    case ExprType::Kind::kText: return std::string(Tr("a text"));
    case ExprType::Kind::kDate: return std::string(Tr("a date"));
    case ExprType::Kind::kBool: return std::string(Tr("a condition"));
    case ExprType::Kind::kUnknown: return std::string(Tr("a value"));
  }
  return std::string(Tr("a value"));
}

}  // namespace

model::Comparator ToComparator(const std::string& op) {
  if (op == ">=") return model::Comparator::kGe;
  if (op == "<=") return model::Comparator::kLe;
  if (op == ">") return model::Comparator::kGt;
  if (op == "<") return model::Comparator::kLt;
  if (op == "!=") return model::Comparator::kNe;
  return model::Comparator::kEq;
}

std::string Checker::DescribeUnit(const std::optional<std::string>& unit) {
  if (!unit) return std::string(Tr("an unknown unit"));
  if (unit->empty()) return std::string(Tr("a plain number"));
  if (*unit == "percent") return "%";
  if (*unit == "points") return "pts";
  if (*unit == "euros") return "€";
  if (*unit == "months") return std::string(syntax::DurationUnits().Spelling(*unit));
  return std::string(syntax::QuantityUnits().Spelling(*unit));
}

std::string Checker::DescribeType(const ExprType& type) {
  return type.kind == ExprType::Kind::kNumber ? DescribeUnit(type.unit) : KindName(type.kind);
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
  Report(DiagCode::kTypeMismatch, expr.span, Tr("{0} must be a condition, but this is {1}", where, KindName(type.kind)),
         std::string(Tr("compare it with something, for example `category = \"CH\"` or `activity has chirurgie`")));
}

ExprPtr Checker::CheckExpr(const ast::Expr& e, const Scope& scope) {
  using K = ast::Expr::Kind;
  switch (e.kind) {
    case K::kQuantity: {
      std::optional<Rational> number = Rational::FromDecimal(e.quantity.number.text);
      if (!number) return Invalid(e, "number too large: " + e.quantity.number.text);
      const std::optional<std::string> unit = QuantityUnit(e.quantity);
      if (unit == "euros" && (*number > Rational(model::kLargestAmount) || *number < Rational(-model::kLargestAmount))) {
        Report(DiagCode::kAmountTooLarge, e.quantity.span,
               Tr("{0} is more than a contract can pay (at most {1})", ValueWithUnit(e.quantity.number.text, "euros"),
                  ValueWithUnit(std::to_string(model::kLargestAmount), "euros")),
               std::string(Tr("check the number of zeros: amounts are written in euros")));
      }
      auto node = Node(Expr::Kind::kNumber, e, ExprType::Number(unit));
      Expr& n = *node;
      n.number = *number;
      n.text = e.quantity.number.text;
      n.unit_symbol = e.quantity.unit ? e.quantity.unit->text : "";
      // As written: a '%' scales another unit; any other unit word is a quantity of its own.
      n.unit_class = !e.quantity.unit ? model::UnitClass::kPlain
                     : e.quantity.unit->text == "%" ? model::UnitClass::kPercent
                                                    : model::UnitClass::kOther;
      return node;
    }
    case K::kString: {
      auto node = Node(Expr::Kind::kText, e, ExprType::Of(ExprType::Kind::kText));
      node->text = e.text;
      return node;
    }
    case K::kDate: {
      auto node = Node(Expr::Kind::kDate, e, ExprType::Of(ExprType::Kind::kDate));
      node->text = e.text;
      return node;
    }
    case K::kName: {
      auto it = scope.names.find(e.text);
      if (it != scope.names.end()) {
        const auto& [kind, type] = it->second;
        if (kind == NameKind::kIndicator) used_indicators_.insert(e.text);
        std::shared_ptr<Expr> node;
        switch (kind) {
          case NameKind::kIndicator: {
            node = Node(Expr::Kind::kIndicator, e, type);
            auto indicator = model_.indicators.find(e.text);
            node->indicator = indicator == model_.indicators.end() ? nullptr : &indicator->second;
            break;
          }
          case NameKind::kAttribute: node = Node(Expr::Kind::kAttribute, e, type); break;
          case NameKind::kPayment: node = Node(Expr::Kind::kPayment, e, type); break;
          case NameKind::kCommitment: node = Node(Expr::Kind::kItemScore, e, type); break;
          case NameKind::kBuiltin: node = Node(Expr::Kind::kScore, e, type); break;
          case NameKind::kParameter: {
            std::vector<ExprPtr> value;
            if (auto v = scope.parameter_values.find(e.text); v != scope.parameter_values.end()) value.push_back(v->second);
            node = Node(Expr::Kind::kParameter, e, type, std::move(value));
            break;
          }
        }
        node->text = e.text;
        if (auto place = scope.places.find(e.text); place != scope.places.end()) node->index = place->second;
        return node;
      }
      std::vector<std::string> candidates;
      for (const auto& [name, entry] : scope.names) candidates.push_back(name);
      if (scope.names.empty() || std::all_of(scope.names.begin(), scope.names.end(), [](const auto& entry) {
            return entry.second.first == NameKind::kIndicator;
          })) {
        Report(DiagCode::kUnknownIndicator, e.span, Tr("unknown indicator '{0}' in {1}", e.text, scope.context),
               UnknownIndicatorHelp(e.text, candidates));
      } else {
        Report(DiagCode::kUnknownName, e.span, Tr("unknown name '{0}' in {1}", e.text, scope.context),
               DidYouMean(e.text, candidates));
      }
      return Invalid(e, "unknown name " + e.text);
    }
    case K::kNegate: {
      ExprPtr operand = CheckExpr(*e.operands[0], scope);
      if (!IsNumeric(operand->type)) {
        Report(DiagCode::kTypeMismatch, e.span, Tr("only a number can be negated, not {0}", KindName(operand->type.kind)));
        return Invalid(e);
      }
      return Node(Expr::Kind::kNegate, e, operand->type, {operand});
    }
    case K::kNot: {
      ExprPtr operand = CheckExpr(*e.operands[0], scope);
      ExpectBool(*e.operands[0], operand->type, std::string(Tr("what follows 'not'")));
      return Node(Expr::Kind::kNot, e, ExprType::Of(ExprType::Kind::kBool), {operand});
    }
    case K::kBinary: {
      ExprPtr left_node = CheckExpr(*e.operands[0], scope);
      ExprPtr right_node = CheckExpr(*e.operands[1], scope);
      const ExprType& left = left_node->type;
      const ExprType& right = right_node->type;
      if (e.op == "and" || e.op == "or") {
        const std::string where = e.op == "and" ? std::string(Tr("each side of 'and'")) : std::string(Tr("each side of 'or'"));
        ExpectBool(*e.operands[0], left, where);
        ExpectBool(*e.operands[1], right, where);
        return Node(e.op == "and" ? Expr::Kind::kAnd : Expr::Kind::kOr, e, ExprType::Of(ExprType::Kind::kBool),
                    {left_node, right_node});
      }
      for (const auto* side : {&left, &right}) {
        if (!IsNumeric(*side)) {
          const ast::Expr& operand = side == &left ? *e.operands[0] : *e.operands[1];
          Report(DiagCode::kTypeMismatch, operand.span,
                 Tr("'{0}' works on numbers, but this is {1}", e.op, KindName(side->kind)));
          return Invalid(e);
        }
      }
      const model::ArithmeticOp op = e.op == "+"   ? model::ArithmeticOp::kAdd
                                     : e.op == "-" ? model::ArithmeticOp::kSubtract
                                     : e.op == "*" ? model::ArithmeticOp::kMultiply
                                                   : model::ArithmeticOp::kDivide;
      auto arithmetic = [&](ExprType type) {
        auto node = Node(Expr::Kind::kArithmetic, e, std::move(type), {left_node, right_node});
        node->arithmetic = op;
        return node;
      };
      if (left.kind == ExprType::Kind::kUnknown || right.kind == ExprType::Kind::kUnknown) {
        return arithmetic(ExprType::Number(std::nullopt));
      }
      if (e.op == "+" || e.op == "-") {
        if (left.unit && right.unit && *left.unit != *right.unit) {
          Report(DiagCode::kTypeMismatch, e.span,
                 e.op == "+" ? Tr("cannot add {0} to {1}", DescribeUnit(right.unit), DescribeUnit(left.unit))
                             : Tr("cannot subtract {0} from {1}", DescribeUnit(right.unit), DescribeUnit(left.unit)),
                 Tr("both sides of '{0}' must be in the same unit", e.op));
          return arithmetic(ExprType::Number(std::nullopt));
        }
        return arithmetic(ExprType::Number(left.unit ? left.unit : right.unit));
      }
      if (e.op == "*") {
        if (left.unit && left.unit->empty()) return arithmetic(right);
        if (right.unit && right.unit->empty()) return arithmetic(left);
        if (left.unit == std::optional<std::string>("percent")) return arithmetic(right);  // 5 % of an amount
        if (right.unit == std::optional<std::string>("percent")) return arithmetic(left);
        return arithmetic(ExprType::Number(std::nullopt));
      }
      // division
      if (left.unit && right.unit && *left.unit == *right.unit) return arithmetic(ExprType::Number(std::string()));
      if (right.unit && right.unit->empty()) return arithmetic(left);
      return arithmetic(ExprType::Number(std::nullopt));
    }
    case K::kCompare: {
      ExprPtr left_node = CheckExpr(*e.operands[0], scope);
      ExprPtr right_node = CheckExpr(*e.operands[1], scope);
      const ExprType& left = left_node->type;
      const ExprType& right = right_node->type;
      if (left.kind != ExprType::Kind::kUnknown && right.kind != ExprType::Kind::kUnknown) {
        if (left.kind != right.kind) {
          Report(DiagCode::kTypeMismatch, e.span,
                 Tr("cannot compare {0} with {1}", KindName(left.kind), KindName(right.kind)));
        } else if (left.kind == ExprType::Kind::kNumber && left.unit && right.unit && *left.unit != *right.unit) {
          Report(DiagCode::kTypeMismatch, e.span,
                 Tr("cannot compare {0} with {1}", DescribeUnit(left.unit), DescribeUnit(right.unit)),
                 std::string(Tr("write both sides in the same unit")));
        }
      }
      auto node = Node(Expr::Kind::kCompare, e, ExprType::Of(ExprType::Kind::kBool), {left_node, right_node});
      node->compare = ToComparator(e.op);
      return node;
    }
    case K::kHas: {
      ExprPtr list = CheckExpr(*e.operands[0], scope);
      // `activity has chirurgie`: the right side is a value of the attribute, not a declared name.
      const ast::Expr& value = *e.operands[1];
      if (!(value.kind == K::kName && scope.allow_symbols_after_has)) CheckExpr(value, scope);
      return Node(Expr::Kind::kHas, e, ExprType::Of(ExprType::Kind::kBool), {list, Symbol(value)});
    }
    case K::kIn: {
      std::vector<ExprPtr> operands{CheckExpr(*e.operands[0], scope)};
      for (size_t i = 1; i < e.operands.size(); ++i) {
        const ast::Expr& value = *e.operands[i];
        if (!(value.kind == K::kName && scope.allow_symbols_after_has)) CheckExpr(value, scope);
        operands.push_back(Symbol(value));
      }
      return Node(Expr::Kind::kIn, e, ExprType::Of(ExprType::Kind::kBool), std::move(operands));
    }
    case K::kPresence: return CheckPresence(*this, e, CheckExpr(*e.operands[0], scope));
    case K::kIf: {
      ExprPtr condition = CheckExpr(*e.operands[0], scope);
      ExpectBool(*e.operands[0], condition->type, std::string(Tr("the condition of 'if'")));
      ExprPtr then_node = CheckExpr(*e.operands[1], scope);
      ExprPtr else_node = CheckExpr(*e.operands[2], scope);
      const ExprType& then_type = then_node->type;
      const ExprType& else_type = else_node->type;
      if (then_type.kind != ExprType::Kind::kUnknown && else_type.kind != ExprType::Kind::kUnknown &&
          (then_type.kind != else_type.kind ||
           (then_type.unit && else_type.unit && *then_type.unit != *else_type.unit))) {
        Report(DiagCode::kTypeMismatch, e.span,
               then_type.kind == else_type.kind
                   ? Tr("the two branches of 'if' differ: {0} and {1}", DescribeUnit(then_type.unit), DescribeUnit(else_type.unit))
                   : Tr("the two branches of 'if' differ: {0} and {1}", KindName(then_type.kind), KindName(else_type.kind)),
               std::string(Tr("both branches must give the same kind of value")));
      }
      return Node(Expr::Kind::kIf, e, then_type.kind == ExprType::Kind::kUnknown ? else_type : then_type,
                  {condition, then_node, else_node});
    }
    case K::kLookup: {
      std::vector<ExprPtr> keys;
      for (const ast::ExprPtr& key : e.operands) keys.push_back(CheckExpr(*key, scope));
      auto it = scope.tables.find(e.text);
      if (it == scope.tables.end()) {
        std::vector<std::string> candidates;
        for (const auto& [name, table] : scope.tables) candidates.push_back(name);
        Report(DiagCode::kUnknownTable, e.name_span, Tr("unknown table '{0}'", e.text), DidYouMean(e.text, candidates));
        return Invalid(e);
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
               table.second_key ? Tr("table '{0}' is indexed by {1}, {2}: read it with two keys", e.text, table.key.name,
                                     table.second_key->name)
                                : Tr("table '{0}' is indexed by {1}: read it with one key", e.text, table.key.name),
               Tr("for example {0}", e.text + "[" + read(table.key.name) +
                                         (table.second_key ? ", " + read(table.second_key->name) : "") + "]"));
      }
      // A tier compares the key with its bound: both in one unit (a ratio 0.75 is not 75 %). A table
      // by an indicator has its tiers checked against the indicator where it is declared: the key is
      // then compared with the indicator's unit, so that a wrong tier is not reported at every lookup.
      bool reported = false;
      const ast::Identifier* by[] = {&table.key, table.second_key ? &*table.second_key : nullptr};
      for (const ast::TableEntry& entry : table.entries) {
        const ast::TableKey* entry_keys[] = {&entry.key, entry.second ? &*entry.second : nullptr};
        for (size_t i = 0; i < 2 && i < keys.size() && !reported; ++i) {
          if (entry_keys[i] == nullptr || entry_keys[i]->kind != ast::TableKey::Kind::kCompare || !entry_keys[i]->bound) continue;
          std::optional<std::string> bound = QuantityUnit(*entry_keys[i]->bound);
          if (auto indicator = by[i] ? model_.indicators.find(by[i]->name) : model_.indicators.end();
              indicator != model_.indicators.end()) {
            bound = UnitOfIndicator(indicator->second.unit);
          }
          const ExprType& key = keys[i]->type;
          if (!bound || !IsNumeric(key) || !key.unit || *key.unit == *bound) continue;
          Report(DiagCode::kTypeMismatch, e.operands[i]->span,
                 bound->empty() ? Tr("this key is {0}, but the tiers of table '{1}' are plain numbers", WrittenAs(*key.unit),
                                     e.text)
                                : Tr("this key is {0}, but the tiers of table '{1}' are in {2}", WrittenAs(*key.unit), e.text,
                                     DescribeUnit(bound)),
                 std::string(Tr("give the key in the tiers' unit (a rate as a percentage: a / b * 100 %)")));
          reported = true;
        }
      }
      ExprType result = ExprType::Unknown();
      for (const ast::TableEntry& entry : it->second->entries) {
        ExprType value = CheckExpr(*entry.value, Scope::OfLiterals(std::string(Tr("a table value"))))->type;
        if (result.kind == ExprType::Kind::kUnknown) result = value;
      }
      auto node = Node(Expr::Kind::kLookup, e, result, std::move(keys));
      Expr& n = *node;
      n.text = e.text;
      if (auto bound = scope.bound_tables.find(e.text); bound != scope.bound_tables.end()) n.table = bound->second;
      return node;
    }
    case K::kPartyScore: return CheckPartyScore(*this, e, scope);
    case K::kCall: {
      std::optional<std::string_view> function = syntax::Functions().Lookup(e.text);
      if (function == "class" || function == "evolution") return CheckClassCall(e, *function);
      if (function == "previous" || function == "last_known") return CheckHistoryCall(e, *function, scope);
      std::vector<ExprPtr> arguments;
      for (const ast::ExprPtr& argument : e.operands) arguments.push_back(CheckExpr(*argument, scope));
      if (!function) {
        Report(DiagCode::kUnknownFunction, e.name_span, Tr("unknown function '{0}'", e.text),
               [&] {
                 std::string help = DidYouMean(e.text, syntax::Functions().AllSpellings());
                 return help.empty() ? Tr("functions: {0}", syntax::Functions().Describe()) : help;
               }());
        return Invalid(e);
      }
      const size_t minimum = 1;
      const size_t maximum = (*function == "min" || *function == "max") ? 100 : (*function == "round" ? 2 : 1);
      if (arguments.size() < minimum || arguments.size() > maximum) {
        Report(DiagCode::kTypeMismatch, e.span,
               maximum == 1   ? Tr("'{0}' takes one argument, not {1}", e.text, arguments.size())
               : maximum == 2 ? Tr("'{0}' takes a number and, optionally, a number of decimals, not {1}", e.text,
                                   arguments.size())
                              : Tr("'{0}' takes one or more numbers, not {1}", e.text, arguments.size()));
        return Invalid(e);
      }
      for (size_t i = 0; i < arguments.size(); ++i) {
        const ExprType& argument = arguments[i]->type;
        const ExprType& first = arguments[0]->type;
        // min and max compare their arguments: one unit for all (min(100 %, score) would compare 100 with 0.8).
        if ((*function == "min" || *function == "max") && i > 0 && IsNumeric(argument) && IsNumeric(first) &&
            argument.unit && first.unit && *argument.unit != *first.unit) {
          Report(DiagCode::kTypeMismatch, e.operands[i]->span,
                 Tr("'{0}' compares {1} with {2}", e.text, DescribeUnit(first.unit), DescribeUnit(argument.unit)),
                 std::string(Tr("give every argument the same unit")));
          return Invalid(e);
        }
        if (!IsNumeric(argument)) {
          Report(DiagCode::kTypeMismatch, e.operands[i]->span,
                 Tr("'{0}' works on numbers, but this is {1}", e.text, KindName(argument.kind)));
          return Invalid(e);
        }
      }
      ExprType type = arguments[0]->type;
      auto node = Node(Expr::Kind::kCall, e, std::move(type), std::move(arguments));
      node->function = *FunctionOf(*function);
      return node;
    }
  }
  return Invalid(e);
}

// class(x) gives the name of x's result class, evolution(x) "positive", "stable" or "negative": x is
// an indicator that declares classes.
ExprPtr Checker::CheckClassCall(const ast::Expr& e, std::string_view function) {
  const bool one_name = e.operands.size() == 1 && e.operands[0]->kind == ast::Expr::Kind::kName;
  auto indicator = one_name ? indicators_.find(e.operands[0]->text) : indicators_.end();
  if (indicator == indicators_.end()) {
    Report(DiagCode::kTypeMismatch, e.span, Tr("'{0}' takes the name of one indicator that has classes", e.text),
           Tr("for example {0}", e.text + "(esatis_48h)"));
    return Invalid(e);
  }
  used_indicators_.insert(indicator->first);
  // A categorical indicator's value is its class (`values { A, B, C, D }`).
  if (!indicator->second->classes && !indicator->second->values && !indicator->second->incomplete) {
    Report(DiagCode::kTypeMismatch, e.operands[0]->span,
           Tr("indicator '{0}' has no classes, so '{1}' cannot be computed", indicator->first, e.text),
           std::string(Tr("declare them in the catalog, best class first: classes { A: >= 80, B: < 80 }")));
  }
  auto node = Node(function == "class" ? Expr::Kind::kClass : Expr::Kind::kEvolution, e,
                      ExprType::Of(ExprType::Kind::kText));
  Expr& n = *node;
  n.text = indicator->first;
  n.written = e.text;
  auto checked = model_.indicators.find(indicator->first);
  n.indicator = checked == model_.indicators.end() ? nullptr : &checked->second;
  return node;
}

}  // namespace vigie::sema::internal
