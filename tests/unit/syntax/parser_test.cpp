#include <catch2/catch.hpp>

#include "engine/syntax/parser.h"

using namespace vigie;
namespace ast = vigie::syntax::ast;

namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  ast::File file;
};

std::unique_ptr<Parsed> Parse(const std::string& text, syntax::ParseOptions options = {}) {
  auto parsed = std::make_unique<Parsed>();
  FileId id = parsed->sources.Add("t.vigie", text);
  parsed->file = syntax::ParseFile(parsed->sources, id, parsed->sink, options);
  return parsed;
}

}  // namespace

TEST_CASE("an indicator builds with every property and spans", "[syntax][parser]") {
  auto p = Parse("indicator ambu \"Taux\" {\n  unit percent\n  better higher\n  period year\n"
                 "  source \"Hospi Diag P12\"\n  numerator a\n  denominator b\n}\n");
  REQUIRE_FALSE(p->sink.HasErrors());
  REQUIRE(p->file.indicators.size() == 1);
  const ast::Indicator& x = p->file.indicators[0];
  CHECK(x.name.name == "ambu");
  CHECK(x.title->value == "Taux");
  CHECK(x.unit->text == "percent");
  CHECK(x.source->value == "Hospi Diag P12");
  CHECK(x.numerator->name == "a");
  CHECK(x.name.span.begin == 10);
  CHECK(x.name.span.end == 14);
}

TEST_CASE("French keywords build the same tree as English ones", "[syntax][parser]") {
  auto en = Parse("contract c { period 2019..2023 commitment k { indicator i target { 2019: 55 %, 2020..2021: 60 % } "
                  "tolerance 2 pts weight 3 } }");
  auto fr = Parse("contrat c { période 2019..2023 engagement k { indicateur i cible { 2019: 55 %, 2020..2021: 60 % } "
                  "tolérance 2 pts poids 3 } }");
  REQUIRE_FALSE(en->sink.HasErrors());
  REQUIRE_FALSE(fr->sink.HasErrors());
  const ast::Commitment& a = en->file.contracts.at(0).body.commitments.at(0);
  const ast::Commitment& b = fr->file.contracts.at(0).body.commitments.at(0);
  CHECK(a.target->entries.size() == 2);
  CHECK(b.target->entries.size() == 2);
  CHECK(b.target->entries[1].period.kind == ast::PeriodKey::Kind::kYearRange);
  CHECK(b.tolerance->unit->text == "pts");
  CHECK(b.weight->text == "3");
}

TEST_CASE("spans are byte offsets even after accented identifiers", "[syntax][parser]") {
  auto p = Parse("indicateur taux_occupation_réa { unité pourcent }");
  REQUIRE_FALSE(p->sink.HasErrors());
  const ast::Indicator& x = p->file.indicators.at(0);
  CHECK(x.name.name == "taux_occupation_réa");
  CHECK(x.name.span.end - x.name.span.begin == 20);  // 19 code points, 'é' is two bytes
  CHECK(x.unit->span.begin == 41);  // "unité" is 6 bytes too
}

TEST_CASE("a syntax error does not hide the declarations after it", "[syntax][parser]") {
  auto p = Parse("indicator a { unit }\nindicator b { unit percent }\n");
  CHECK(p->sink.HasErrors());
  bool has_b = false;
  for (const auto& x : p->file.indicators) has_b = has_b || x.name.name == "b";
  CHECK(has_b);
}

TEST_CASE("garbage never throws and is reported", "[syntax][parser]") {
  for (const char* text : {"}}}}", "contract", "\"unterminated", "@#!", "indicator x = (((", "contract c = t(",
                           "test { }", "2019..", "€€€"}) {
    INFO(text);
    auto p = Parse(text);
    CHECK(p->sink.HasErrors());
  }
}

TEST_CASE("deep nesting is refused before parsing", "[syntax][parser]") {
  std::string text = "indicator x = " + std::string(10000, '(') + "a" + std::string(10000, ')');
  auto p = Parse(text);
  std::vector<Diagnostic> diagnostics = p->sink.Sorted();
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].code == DiagCode::kNestingTooDeep);
}

TEST_CASE("syntax errors are capped per file", "[syntax][parser]") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "indicator { }\n";
  syntax::ParseOptions options;
  options.max_syntax_errors = 5;
  auto p = Parse(text, options);
  std::vector<Diagnostic> diagnostics = p->sink.Sorted();
  REQUIRE(diagnostics.size() == 6);
  CHECK(diagnostics.back().code == DiagCode::kTooManyErrors);
}

TEST_CASE("dates and periods that do not exist are rejected", "[syntax][parser]") {
  auto p = Parse("contract c { signed 2021-02-29 period 2019..2023 commitment k { indicator i target { 2021-Q5: 3 } } }");
  std::vector<Diagnostic> diagnostics = p->sink.Sorted();
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].code == DiagCode::kInvalidLiteral);
  CHECK(diagnostics[0].message == "'2021-02-29' is not a date: February 2021 has 28 days");
  CHECK(diagnostics[1].message == "'2021-Q5' is not a period: quarter 5 does not exist (1 to 4)");
}
