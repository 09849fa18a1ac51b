// `vigie fmt` keeps the meaning of every expression: each operator combined with each other one,
// in each operand, with and without brackets, formats to text that parses to the same tree.
#include <catch2/catch.hpp>

#include <functional>

#include "engine/syntax/ast_printer.h"
#include "engine/syntax/formatter.h"
#include "engine/syntax/parser.h"

using namespace vigie;

namespace {

// An operator as a text with slots for its operands.
struct Operator {
  std::string name;
  size_t slots;
  std::function<std::string(const std::vector<std::string>&)> write;
};

std::vector<Operator> Operators() {
  std::vector<Operator> out;
  for (const std::string op : {"*", "/", "+", "-", ">=", "<=", ">", "<", "=", "!=", "has", "and", "or"}) {
    out.push_back({op, 2, [op](const std::vector<std::string>& x) { return x[0] + " " + op + " " + x[1]; }});
  }
  out.push_back({"unary -", 1, [](const std::vector<std::string>& x) { return "-" + x[0]; }});
  out.push_back({"not", 1, [](const std::vector<std::string>& x) { return "not " + x[0]; }});
  out.push_back({"in", 1, [](const std::vector<std::string>& x) { return x[0] + " in [u, v]"; }});
  out.push_back({"if", 3, [](const std::vector<std::string>& x) {
                   return "if " + x[0] + " then " + x[1] + " else " + x[2];
                 }});
  return out;
}

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  syntax::ast::File file;
  FileId id = kNoFile;
};

std::unique_ptr<Parsed> Parse(const std::string& text) {
  auto parsed = std::make_unique<Parsed>();
  parsed->id = parsed->sources.Add("t.vigie", text);
  parsed->file = syntax::ParseFile(parsed->sources, parsed->id, parsed->sink);
  return parsed;
}

// The formula's tree with every bracket written, or "" when the text does not parse.
std::string Tree(const Parsed& parsed) {
  if (parsed.sink.HasErrors() || parsed.file.indicators.size() != 1 || !parsed.file.indicators[0].formula) return "";
  return syntax::PrintExpr(*parsed.file.indicators[0].formula);
}

}  // namespace

TEST_CASE("fmt keeps the tree of every pair of operators, bracketed or not", "[syntax][fmt]") {
  const std::vector<Operator> operators = Operators();
  const std::vector<std::string> names{"a", "b", "c", "d"};
  int checked = 0;
  for (const Operator& outer : operators) {
    for (const Operator& inner : operators) {
      for (size_t slot = 0; slot < outer.slots; ++slot) {
        for (bool bracket : {false, true}) {
          std::vector<std::string> inner_operands(names.begin(), names.begin() + static_cast<long>(inner.slots));
          std::string nested = inner.write(inner_operands);
          if (bracket) nested = "(" + nested + ")";
          std::vector<std::string> outer_operands;
          for (size_t i = 0; i < outer.slots; ++i) outer_operands.push_back(i == slot ? nested : "x" + std::to_string(i));
          const std::string text = "indicator f = " + outer.write(outer_operands) + "\n";
          auto original = Parse(text);
          const std::string tree = Tree(*original);
          if (tree.empty()) continue;  // not a formula the grammar reads (an `if` without brackets, say)
          const std::string formatted = syntax::FormatFile(original->file, original->sources.Get(original->id));
          auto again = Parse(formatted);
          INFO(outer.name << " with " << inner.name << " in operand " << slot << (bracket ? ", bracketed" : "")
                          << "\n  written:   " << text << "  formatted: " << formatted);
          CHECK(Tree(*again) == tree);
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 600);
}
