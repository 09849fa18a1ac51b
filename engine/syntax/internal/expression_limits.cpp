#include "engine/syntax/internal/expression_limits.h"

#include <vector>

namespace vigie::syntax::internal {
namespace {

using vigie_grammar::VigieParser;

bool IsExpr(const antlr4::tree::ParseTree* node) {
  return dynamic_cast<const VigieParser::ExprContext*>(node) != nullptr;
}

// A node of the expression's syntax tree; brackets that only group are none: the tree drops them.
bool IsPart(const antlr4::tree::ParseTree* node) {
  return IsExpr(node) && dynamic_cast<const VigieParser::ParenExprContext*>(node) == nullptr;
}

bool IsLeaf(const antlr4::tree::ParseTree* node) {
  return dynamic_cast<const VigieParser::QuantityExprContext*>(node) != nullptr ||
         dynamic_cast<const VigieParser::StringExprContext*>(node) != nullptr ||
         dynamic_cast<const VigieParser::DateExprContext*>(node) != nullptr ||
         dynamic_cast<const VigieParser::NameExprContext*>(node) != nullptr;
}

// An operation (an operator, `not`, `-`, `if`, a call, a lookup) is a level; a name or a number is not.
size_t LevelOf(const antlr4::tree::ParseTree* node) { return IsPart(node) && !IsLeaf(node) ? 1 : 0; }

// The token that makes `ctx` a level: the operator of a binary operation (the '+' of a + b), else
// its first token (the '-' of -a, the name of a call).
antlr4::Token* OwnToken(antlr4::ParserRuleContext* ctx) {
  if (ctx->children.size() >= 2 && IsExpr(ctx->children[0])) {
    antlr4::tree::ParseTree* op = ctx->children[1];
    if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(op)) return terminal->getSymbol();
    if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(op)) return rule->getStart();
  }
  return ctx->getStart();
}

}  // namespace

void ExpressionDepthGuard::enterEveryRule(antlr4::ParserRuleContext* ctx) {
  // On entry a context is still a plain ExprContext, which may turn out to be a name: the level that
  // crossed the limit is its parent, an operation whose kind is known by now.
  if (!IsExpr(ctx) || !IsExpr(ctx->parent) || DepthOf(ctx->parent) <= max_depth_) return;
  throw LimitCrossed{LimitCrossed::Kind::kDepth, OwnToken(static_cast<antlr4::ParserRuleContext*>(ctx->parent))};
}

// Levels from the top of the expression down to `node`, `node` included; 0 outside an expression.
// Remembered per context, so that entering the operands of a deep expression stays cheap.
size_t ExpressionDepthGuard::DepthOf(antlr4::tree::ParseTree* node) {
  std::vector<antlr4::tree::ParseTree*> unknown;
  size_t depth = 0;
  for (; IsExpr(node); node = node->parent) {
    if (auto known = depth_.find(node); known != depth_.end()) {
      depth = known->second;
      break;
    }
    unknown.push_back(node);
  }
  for (auto it = unknown.rbegin(); it != unknown.rend(); ++it) {
    depth += LevelOf(*it);
    depth_[*it] = depth;
  }
  return depth;
}

std::optional<LimitCrossed> FindOversizedExpression(antlr4::tree::ParseTree* tree, size_t max_depth, size_t max_parts) {
  struct Visit {
    antlr4::tree::ParseTree* node;
    size_t depth_above;  // levels of its expression above `node`
  };
  std::vector<Visit> stack{{tree, 0}};
  size_t parts = 0;  // of the expression being walked
  while (!stack.empty()) {
    const Visit visit = stack.back();
    stack.pop_back();
    size_t depth = 0;
    if (IsExpr(visit.node)) {
      if (!IsExpr(visit.node->parent)) parts = 0;  // the top of a new expression
      depth = visit.depth_above + LevelOf(visit.node);
      parts += IsPart(visit.node) ? 1 : 0;
      auto* ctx = static_cast<antlr4::ParserRuleContext*>(visit.node);
      if (depth > max_depth) return LimitCrossed{LimitCrossed::Kind::kDepth, OwnToken(ctx)};
      if (parts > max_parts) return LimitCrossed{LimitCrossed::Kind::kSize, OwnToken(ctx)};
    }
    // Pushed last to first, so that the walk follows the text.
    for (auto child = visit.node->children.rbegin(); child != visit.node->children.rend(); ++child) {
      stack.push_back({*child, depth});
    }
  }
  return std::nullopt;
}

}  // namespace vigie::syntax::internal
