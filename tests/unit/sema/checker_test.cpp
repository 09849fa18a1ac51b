#include <catch2/catch.hpp>

#include "engine/base/language.h"
#include "engine/sema/checker.h"
#include "engine/syntax/parser.h"

using namespace vigie;
namespace model = vigie::sema::model;

namespace {

struct Checked {
  SourceManager sources;
  DiagnosticSink sink;
  model::Model model;
  std::vector<Diagnostic> Diagnostics() const { return sink.Sorted(); }
};

const char* kCatalog =
    "indicator ambu { unit percent better higher }\n"
    "indicator dms { unit ratio better lower }\n"
    "indicator a10 { unit score }\n";

std::unique_ptr<Checked> CheckText(const std::string& text) {
  auto out = std::make_unique<Checked>();
  FileId id = out->sources.Add("t.vigie", std::string(kCatalog) + text);
  std::vector<syntax::ast::File> files{syntax::ParseFile(out->sources, id, out->sink)};
  out->model = sema::Check(files, out->sources, out->sink);
  return out;
}

std::vector<DiagCode> Codes(const Checked& checked) {
  std::vector<DiagCode> codes;
  for (const Diagnostic& d : checked.Diagnostics()) codes.push_back(d.code);
  return codes;
}

}  // namespace

TEST_CASE("a trajectory with ranges expands to one target per year", "[sema]") {
  auto c = CheckText("contract k { period 2019..2023 commitment x { indicator ambu "
                     "target { 2019: 55 %, 2020..2021: 60 %, 2022..2023: <= 70 % } } }");
  REQUIRE_FALSE(c->sink.HasErrors());
  const auto& targets = c->model.contracts.at("k").commitments.at(0).targets;
  REQUIRE(targets.size() == 5);
  CHECK(targets[0].period.year == 2019);
  CHECK(targets[0].comparator == model::Comparator::kGe);
  CHECK(targets[0].comparator_from_direction);
  CHECK(targets[2].bound == 60);
  CHECK(targets[4].comparator == model::Comparator::kLe);
  CHECK_FALSE(targets[4].comparator_from_direction);
}

TEST_CASE("a lower-is-better indicator gets <= and a constant target covers the years from its start", "[sema]") {
  auto c = CheckText("contract k { period 2019..2023 commitment x { indicator dms target 1.0 from 2021 } }");
  REQUIRE_FALSE(c->sink.HasErrors());
  const auto& targets = c->model.contracts.at("k").commitments.at(0).targets;
  REQUIRE(targets.size() == 3);
  CHECK(targets[0].period.year == 2021);
  CHECK(targets[0].comparator == model::Comparator::kLe);
}

TEST_CASE("pts is absolute and % is relative on a percentage", "[sema]") {
  auto c = CheckText("contract k { period 2019..2020 commitment x { indicator ambu target 60 % tolerance 2 pts }"
                     " commitment y { indicator ambu target 60 % tolerance 5 % } }");
  REQUIRE_FALSE(c->sink.HasErrors());
  const auto& commitments = c->model.contracts.at("k").commitments;
  CHECK(commitments[0].tolerance->kind == model::Tolerance::Kind::kAbsolute);
  CHECK(commitments[1].tolerance->kind == model::Tolerance::Kind::kRelative);
}

TEST_CASE("pts on a ratio and a plain number on a percentage are refused", "[sema]") {
  auto c = CheckText("contract k { period 2019..2020 commitment x { indicator dms target 1.0 tolerance 2 pts }"
                     " commitment y { indicator ambu target 60 } }");
  CHECK(Codes(*c) == std::vector<DiagCode>{DiagCode::kToleranceUnitMismatch, DiagCode::kTargetUnitMismatch});
}

TEST_CASE("an indicator without direction needs an explicit comparator", "[sema]") {
  auto c = CheckText("contract k { period 2019..2020 commitment x { indicator a10 target 3 } }");
  std::vector<Diagnostic> d = c->Diagnostics();
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == DiagCode::kMissingProperty);
  CHECK(d[0].message == "indicator 'a10' has no direction, so this target needs a comparator");
}

TEST_CASE("every mistake is reported in one run, sorted by position", "[sema]") {
  auto c = CheckText("contract k { period 2019..2020\n"
                     " commitment x { indicator ambux target 60 % weight 0 }\n"
                     " commitment y { indicator ambu target { 2019: 50 %, 2019: 55 %, 2024: 60 % } }\n"
                     " waiver z because \"r\" granted 2019-01-01 by \"ARS\" }\n");
  CHECK(Codes(*c) == std::vector<DiagCode>{DiagCode::kUnknownIndicator, DiagCode::kWeightNotPositive,
                                           DiagCode::kTrajectoryOverlap, DiagCode::kTargetOutsidePeriod,
                                           DiagCode::kWaiverUnknownCommitment});
  CHECK(c->Diagnostics()[0].help == "did you mean 'ambu'?");
}

TEST_CASE("template arguments are checked and the body is merged into the contract", "[sema]") {
  auto c = CheckText("template t(taille: number, debut: date, nom: text = \"x\") { kind cpts\n"
                     "  table fixe by taille { 1: 15000 €, 2: 17500 € }\n"
                     "  milestone m { due 2020-06-30 }\n  payment p = fixe[taille] * score }\n"
                     "contract ok = t(taille: 2, debut: 2020-01-01) { period 2020..2024 }\n"
                     "contract bad = t(taile: 2, debut: 3) { period 2020..2024 }\n");
  REQUIRE(c->model.contracts.count("ok"));
  const model::Contract& ok = c->model.contracts.at("ok");
  CHECK(ok.kind == model::ContractKind::kCpts);
  CHECK(ok.milestones.size() == 1);
  CHECK(ok.arguments.at("taille").written == "2");
  CHECK(ok.arguments.at("nom").written == "\"x\"");
  // The arguments are typed values, bound once: a number and a text.
  REQUIRE(ok.arguments.at("taille").value != nullptr);
  CHECK(ok.arguments.at("taille").value->kind == model::Expr::Kind::kNumber);
  CHECK(ok.arguments.at("taille").value->number == Rational(2));
  CHECK(ok.arguments.at("nom").value->kind == model::Expr::Kind::kText);
  CHECK(ok.arguments.at("nom").value->text == "x");
  // 'taile' is reported as unknown with "did you mean 'taille'?", so 'taille' is not also reported missing.
  CHECK(Codes(*c) == std::vector<DiagCode>{DiagCode::kUnknownParameter, DiagCode::kArgumentType});
}

TEST_CASE("a gap in a trajectory names every missing year", "[sema]") {
  auto c = CheckText("contract k { period 2019..2024 commitment x { indicator ambu "
                     "target { 2019: 55 %, 2023..2024: 60 % } } }");
  std::vector<Diagnostic> d = c->Diagnostics();
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == DiagCode::kTrajectoryGap);
  CHECK(d[0].message == "the trajectory has no target for 2020..2022");
}

TEST_CASE("a group commitment needs a way to compute the group's value", "[sema]") {
  auto c = CheckText("contract k { period 2019..2020 parties group G\n"
                     " commitment x { for group indicator dms target 1.0 }\n"
                     " commitment y { for group aggregate mean indicator dms target 1.0 } }");
  std::vector<Diagnostic> d = c->Diagnostics();
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == DiagCode::kMissingProperty);
  CHECK(d[0].span.begin == c->sources.Get(0).Text().find("for group indicator dms"));
}

TEST_CASE("cycles between derived indicators and between composites are found", "[sema]") {
  auto c = CheckText("indicator d1 = d2 * 2\nindicator d2 = d1 + 1\n"
                     "contract k { period 2019..2020 commitment a { all of [b] } commitment b { any of [a] } }");
  std::vector<DiagCode> codes = Codes(*c);
  CHECK(std::count(codes.begin(), codes.end(), DiagCode::kDerivedIndicatorCycle) == 1);
  CHECK(std::count(codes.begin(), codes.end(), DiagCode::kCompositeCycle) == 1);
}

TEST_CASE("in French, the checker's messages, help lines and notes are the catalogue's French", "[sema][french]") {
  struct French {
    French() { SetLanguage(Language::kFrench); }
    ~French() { SetLanguage(Language::kEnglish); }
  } french;
  auto c = CheckText("indicator ambu { unit percent }\n"
                     "contract k { period 2019..2020 commitment x { indicator amb target 70 % }\n"
                     "  commitment y { indicator dms target 70 days } }");
  const std::vector<Diagnostic> diagnostics = c->Diagnostics();
  REQUIRE(diagnostics.size() == 3);
  CHECK(diagnostics[0].code == DiagCode::kDuplicateDeclaration);  // codes do not change with the language
  CHECK(diagnostics[0].message == "l'indicateur « ambu » est déclaré deux fois");
  CHECK(diagnostics[0].help == "renommez l'un des deux, ou supprimez la copie");
  REQUIRE(diagnostics[0].notes.size() == 1);
  CHECK(diagnostics[0].notes[0].message == "première déclaration ici");
  CHECK(diagnostics[1].message == "indicateur inconnu « amb »");
  CHECK(diagnostics[1].help == "vouliez-vous dire « ambu » ?");
  CHECK(diagnostics[2].message == "la cible 70 days est en jours, mais l'indicateur « dms » est en ratio");
  CHECK(diagnostics[2].help == "écrivez un nombre sans unité");
}

TEST_CASE("in English, the checker's messages stay as they were", "[sema][french]") {
  auto c = CheckText("contract k { period 2019..2020 commitment x { indicator amb target 70 % } }");
  const std::vector<Diagnostic> diagnostics = c->Diagnostics();
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].message == "unknown indicator 'amb'");
  CHECK(diagnostics[0].help == "did you mean 'ambu'?");
}
