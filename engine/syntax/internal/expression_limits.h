// The depth and size limits of expressions, measured on ANTLR's parse tree before anything that
// recurses over an expression sees it: ANTLR's parser itself, the AST builder, the checker, the
// evaluator, the formatter and the printers. Like ast_builder.cpp, this file sees ANTLR's types.
//
// Depth is what every one of them recurses on: the depth of the expression's syntax tree, counted
// in operations. Every operator, `not`, `-`, `if`, call and table lookup is one level, and each
// operator of a chain too (a + b + c is two levels: (a + b) + c). Brackets that only group are no
// level: the tree drops them, and the bracket cap (V1003) bounds them. So the formatter, which adds
// or removes such brackets, never changes an expression's depth. Size counts the tree's nodes, the
// names and numbers too.
#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>

#include "VigieParser.h"
#include "antlr4-runtime.h"

namespace vigie::syntax::internal {

// An expression past a limit, and the token where it crossed it.
struct LimitCrossed {
  enum class Kind { kDepth, kSize };
  Kind kind;
  antlr4::Token* at;
};

// Watches the parser as it descends (a parse listener) and throws LimitCrossed as soon as an
// expression opens a level deeper than `max_depth`: ANTLR recurses once per `-`, `not`, `if`,
// bracket and operand, so a deep input stops here, long before the stack runs out. It sees the
// nesting of operands only: a long chain of operators is parsed by a loop, and
// FindOversizedExpression measures it once the tree is built.
class ExpressionDepthGuard : public antlr4::tree::ParseTreeListener {
 public:
  explicit ExpressionDepthGuard(size_t max_depth) : max_depth_(max_depth) {}

  void enterEveryRule(antlr4::ParserRuleContext* ctx) override;
  void exitEveryRule(antlr4::ParserRuleContext*) override {}
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  size_t DepthOf(antlr4::tree::ParseTree* node);

  size_t max_depth_;
  std::unordered_map<const antlr4::tree::ParseTree*, size_t> depth_;  // each context's, once
};

// The first expression of `tree` deeper than `max_depth` or with more than `max_parts` parts (names,
// numbers, texts, dates, operators, calls: the nodes of its syntax tree), or nullopt. Walks the
// tree with an explicit stack, so no input can make it overflow.
std::optional<LimitCrossed> FindOversizedExpression(antlr4::tree::ParseTree* tree, size_t max_depth, size_t max_parts);

}  // namespace vigie::syntax::internal
