// A checked expression: a derived indicator's formula, a `where` filter, a payment, a table value.
// Sema builds it while checking (sema/check_expressions.cpp): every name is bound to what it denotes
// (an indicator, an attribute, a parameter's value, a table, the score, an item's score, a payment),
// operators and built-ins are enums, and the type and unit the checker computed stay on the node. The
// one interpreter (eval/evaluator.cpp) walks it without looking anything up by name.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/rational.h"
#include "engine/base/source.h"

namespace vigie::sema::model {

struct Indicator;
struct Table;

// What an expression gives: a number with its unit, a text, a date, a condition, or not known (a
// mistake already reported). `unit` is a canonical quantity unit ("percent", "euros", "days"...), ""
// for a plain number, or nullopt when it cannot be known before evaluation.
struct ExprType {
  enum class Kind { kNumber, kText, kDate, kBool, kUnknown };
  Kind kind = Kind::kUnknown;
  std::optional<std::string> unit;

  static ExprType Unknown() { return {}; }
  static ExprType Number(std::optional<std::string> unit) { return {Kind::kNumber, std::move(unit)}; }
  static ExprType Of(Kind kind) { return {kind, std::nullopt}; }
};

enum class ArithmeticOp { kAdd, kSubtract, kMultiply, kDivide };
enum class Comparator { kGe, kLe, kGt, kLt, kEq, kNe };
enum class Function { kMin, kMax, kAbs, kFloor, kCeil, kRound };

// How arithmetic treats a value's unit: a percentage is a number of hundredths when it scales a value
// in another unit (5 % * 20000 € = 1000 €), and stays a percentage otherwise (60 % * 2 = 120 %).
enum class UnitClass : char { kPlain, kPercent, kOther };
UnitClass UnitClassOf(const std::optional<std::string>& canonical_unit);

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  enum class Kind {
    kNumber,     // number (exact), unit_class; text: the number as written, unit_symbol: its unit
    kText,       // text
    kDate,       // text: yyyy-mm-dd
    kSymbol,     // text: a bare word after `has` or `in` (a value of an attribute, not a name)
    kIndicator,  // indicator: its value for the entity (or the group) evaluated
    kAttribute,  // text: an attribute of the entity evaluated
    kParameter,  // text: a template parameter; operands[0]: its value in this contract (none in a template)
    kScore,      // the contract's score of the year (payments); in a payment for each party, that party's
    kPartyScore, // text: a party's code; its own score of the year (payments: `score of 080000037`)
    kItemScore,  // text: the mean score of a commitment or milestone in the year (payments)
    kPayment,    // text: an earlier payment's amount in the year (payments)
    kNegate,     // operands[0]
    kNot,        // operands[0]
    kArithmetic, // arithmetic; operands[0], operands[1]
    kAnd,        // operands[0], operands[1]
    kOr,         // operands[0], operands[1]
    kCompare,    // compare; operands[0], operands[1]
    kHas,        // operands[0] has operands[1] (a kSymbol, kText or kNumber)
    kIn,         // operands[0] in [operands[1..]] (each a kSymbol, kText or kNumber)
    kPresence,   // operands[0] (a kAttribute or kIndicator) has a value; text: "present" or "absent"
    kIf,         // if operands[0] then operands[1] else operands[2]
    kLookup,     // table (text: its name); operands: one key, or two for a grid
    kCall,       // function; operands
    kClass,      // indicator: the name of its result class
    kEvolution,  // indicator: "positive", "stable" or "negative"
    kPrevious,   // operands[0] one period earlier; text: it as written (an indicator's name)
    kLastKnown,  // operands[0] in the latest period up to now that has a value; index: the oldest allowed, in months (-1: any)
    kInvalid,    // a mistake already reported: never evaluated (the model of a program with errors)
  };
  Kind kind = Kind::kInvalid;
  ExprType type;                 // as the checker computed it
  UnitClass unit_class = UnitClass::kPlain;  // kNumber
  Rational number;               // kNumber
  std::string text;              // see Kind
  std::string unit_symbol;       // kNumber: "%", "€", "pts"... or "" (for printing)
  std::string written;           // kClass, kEvolution: the function as written ("classe" in French)
  ArithmeticOp arithmetic = ArithmeticOp::kAdd;
  Comparator compare = Comparator::kGe;
  Function function = Function::kMin;
  const Indicator* indicator = nullptr;  // kIndicator, kClass, kEvolution
  const Table* table = nullptr;          // kLookup (null in a template body: never evaluated)
  int index = -1;  // kItemScore: the item's place (the contract's commitments, then its milestones);
                   // kPayment: the payment's place among the contract's payments
  std::vector<ExprPtr> operands;
  Span span;
};

std::string_view Name(ArithmeticOp op);  // "+", "-", "*", "/"
std::string_view Name(Comparator comparator);  // ">=", "<=", ">", "<", "=", "!="
std::string_view Name(Function function);  // "min", "max"...

}  // namespace vigie::sema::model
