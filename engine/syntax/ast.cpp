#include "engine/syntax/ast.h"

namespace vigie::syntax::ast {

std::string QuoteString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '"' || c == '\\') out += std::string("\\") + c;
    else out += c;
  }
  return out + "\"";
}

std::string KeyText(const TableKey& key) {
  switch (key.kind) {
    case TableKey::Kind::kNumber: return key.low.text;
    case TableKey::Kind::kRange: return key.low.text + ".." + key.high.text;
    case TableKey::Kind::kString: return QuoteString(key.text);
    case TableKey::Kind::kWord: return key.text;
    case TableKey::Kind::kCompare:
      return (key.comparator ? key.comparator->op + " " : std::string()) +
             (key.bound ? key.bound->number.text + (key.bound->unit ? " " + key.bound->unit->text : std::string()) : "");
    case TableKey::Kind::kElse: return "else";
  }
  return key.text;
}

}  // namespace vigie::syntax::ast
