#include "engine/syntax/ast.h"

namespace vigie::syntax::ast {

std::string KeyText(const TableKey& key) {
  switch (key.kind) {
    case TableKey::Kind::kNumber: return key.low.text;
    case TableKey::Kind::kRange: return key.low.text + ".." + key.high.text;
    case TableKey::Kind::kString: {
      std::string quoted = "\"";
      for (char c : key.text) {
        quoted += c == '\n' ? std::string("\\n") : c == '\t' ? std::string("\\t")
                  : (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
      }
      return quoted + "\"";
    }
    case TableKey::Kind::kWord: return key.text;
    case TableKey::Kind::kCompare:
      return (key.comparator ? key.comparator->op + " " : std::string()) +
             (key.bound ? key.bound->number.text + (key.bound->unit ? " " + key.bound->unit->text : std::string()) : "");
    case TableKey::Kind::kElse: return "else";
  }
  return key.text;
}

}  // namespace vigie::syntax::ast
