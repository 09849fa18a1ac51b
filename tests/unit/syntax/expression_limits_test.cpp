// The limits of expressions (docs/language.md, Limits): past them a diagnostic at the place where the
// limit is crossed, never a stack overflow; at them, every stage reads, checks and formats the file.
// The inputs are generated here: 10 000 terms would make golden files of tens of kilobytes.
#include <catch2/catch.hpp>

#include "engine/sema/checker.h"
#include "engine/syntax/formatter.h"
#include "engine/syntax/parser.h"

using namespace vigie;

namespace {

const std::string kHead = "indicator a \"A\" { unit count }\nindicator d \"D\" = ";

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  syntax::ast::File file;
  std::vector<Diagnostic> Diagnostics() const { return sink.Sorted(); }
};

std::unique_ptr<Parsed> Parse(const std::string& text) {
  auto parsed = std::make_unique<Parsed>();
  const FileId id = parsed->sources.Add("t.vigie", text);
  parsed->file = syntax::ParseFile(parsed->sources, id, parsed->sink);
  return parsed;
}

std::string Repeat(const std::string& text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// "a + a + ... + a": `terms` terms, terms - 1 levels.
std::string Sum(size_t terms) {
  std::string out = "a";
  for (size_t i = 1; i < terms; ++i) out += " + a";
  return out;
}

std::string NestedCalls(size_t depth) { return Repeat("abs(", depth) + "a" + Repeat(")", depth); }

// The byte offset of the n-th (1-based) occurrence of `what` in `text`.
size_t Nth(const std::string& text, const std::string& what, size_t n) {
  size_t at = std::string::npos;
  for (size_t i = 0; i < n; ++i) at = text.find(what, at == std::string::npos ? 0 : at + 1);
  return at;
}

// The only diagnostic of a refused file: its code and where it points.
void RequireRefused(const Parsed& parsed, DiagCode code, uint32_t offset, const std::string& message) {
  const std::vector<Diagnostic> diagnostics = parsed.Diagnostics();
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].code == code);
  CHECK(diagnostics[0].message == message);
  CHECK(diagnostics[0].span.begin == offset);
  CHECK(parsed.file.indicators.empty());  // the file was not parsed
}

const std::string kTooDeep = "expression nested more than 100 levels deep; the file was not parsed";

}  // namespace

TEST_CASE("a sum of 10 000 terms is refused as 100 levels deep, not a stack overflow", "[syntax][limits]") {
  const std::string text = kHead + Sum(10000) + "\n";
  auto p = Parse(text);
  // (a + ... ) + a: the 101st level from the top is the 9 899th '+' of the chain.
  RequireRefused(*p, DiagCode::kExpressionTooDeep, Nth(text, "+", 9899), kTooDeep);
  CHECK(p->sources.Get(0).Locate(Nth(text, "+", 9899)).line == 2);
}

TEST_CASE("10 000 chained '-' or 'not' are refused at the 101st", "[syntax][limits]") {
  for (const auto& [repeated, end] : std::vector<std::pair<std::string, std::string>>{{"- ", "a"}, {"not ", "a > 1"}}) {
    INFO(repeated);
    const std::string text = kHead + Repeat(repeated, 10000) + end + "\n";
    auto p = Parse(text);
    RequireRefused(*p, DiagCode::kExpressionTooDeep, static_cast<uint32_t>(kHead.size() + 100 * repeated.size()), kTooDeep);
  }
}

TEST_CASE("10 000 chained 'if' are refused at the condition of the 100th", "[syntax][limits]") {
  const std::string text = kHead + Repeat("if a > 1 then a else ", 10000) + "a\n";
  auto p = Parse(text);
  // 99 ifs, then the 100th's condition a > 1 is the 101st level: the '>'.
  RequireRefused(*p, DiagCode::kExpressionTooDeep, static_cast<uint32_t>(kHead.size() + 99 * 21 + 5), kTooDeep);
}

TEST_CASE("calls nested 101 deep are refused at the 101st call", "[syntax][limits]") {
  const std::string text = kHead + NestedCalls(150) + "\n";
  auto p = Parse(text);
  RequireRefused(*p, DiagCode::kExpressionTooDeep, static_cast<uint32_t>(kHead.size() + 100 * 4), kTooDeep);
}

TEST_CASE("10 000 brackets are refused at the 257th", "[syntax][limits]") {
  const std::string text = kHead + Repeat("(", 10000) + "a" + Repeat(")", 10000) + "\n";
  auto p = Parse(text);
  RequireRefused(*p, DiagCode::kNestingTooDeep, static_cast<uint32_t>(kHead.size() + 256),
                 "brackets nested more than 256 deep; the file was not parsed");
}

TEST_CASE("an expression of 1 001 parts is refused at the 1 001st", "[syntax][limits]") {
  // max(...) is one part, each argument another.
  const std::string text = kHead + "max(" + Repeat("1, ", 999) + "1)\n";
  auto p = Parse(text);
  RequireRefused(*p, DiagCode::kExpressionTooLarge, static_cast<uint32_t>(kHead.size() + 4 + 999 * 3),
                 "expression of more than 1000 parts; the file was not parsed");
  CHECK_FALSE(Parse(kHead + "max(" + Repeat("1, ", 998) + "1)\n")->sink.HasErrors());
}

TEST_CASE("expressions at the limits are read, checked, formatted and read back the same", "[syntax][limits]") {
  // Each one exactly 100 levels deep, or 256 brackets, or 1 000 parts.
  const std::vector<std::string> formulas = {
      Sum(101),
      Repeat("- ", 100) + "a",
      Repeat("not ", 99) + "a > 1",
      Repeat("if a > 1 then a else ", 99) + "a",
      NestedCalls(100),
      Repeat("(", 256) + "a" + Repeat(")", 256),
      "max(" + Repeat("1, ", 998) + "1)",
      // fmt brackets every level of these: -(-(-a)) and (not ... = (not a))
      Repeat("-", 100) + "a",
      "a = " + Repeat("not a = ", 49) + "not a",
  };
  for (const std::string& formula : formulas) {
    INFO(formula.substr(0, 60));
    auto p = Parse(kHead + formula + "\n");
    REQUIRE_FALSE(p->sink.HasErrors());
    REQUIRE(p->file.indicators.size() == 2);
    std::vector<syntax::ast::File> files{p->file};
    (void)sema::Check(files, p->sources, p->sink);  // type errors are fine: no crash is the point
    const std::string formatted = syntax::FormatFile(p->file, p->sources.Get(0), std::nullopt);
    auto again = Parse(formatted);
    REQUIRE_FALSE(again->sink.HasErrors());
    CHECK(syntax::FormatFile(again->file, again->sources.Get(0), std::nullopt) == formatted);
  }
}
