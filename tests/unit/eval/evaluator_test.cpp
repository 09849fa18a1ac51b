// The evaluator on an in-memory DataSet: one rule of meaning per test, exact verdicts.
#include <catch2/catch.hpp>

#include "engine/base/language.h"
#include "engine/eval/evaluator.h"
#include "engine/sema/checker.h"
#include "engine/syntax/parser.h"

using namespace vigie;
namespace model = vigie::sema::model;
using model::Verdict;

namespace {

struct World {
  SourceManager sources;
  DiagnosticSink sink;
  model::Model model;
  eval::DataSet data;
  std::vector<std::string> entities;

  explicit World(const std::string& text) {
    FileId id = sources.Add("t.vigie", text);
    std::vector<syntax::ast::File> files{syntax::ParseFile(sources, id, sink)};
    model = sema::Check(files, sources, sink);
    const std::string first_problem = sink.Sorted().empty() ? std::string() : sink.Sorted()[0].message;
    INFO(first_problem);
    REQUIRE_FALSE(sink.HasErrors());
  }
  // entities, then indicators and years, then Allocate().
  void Shape(const std::vector<std::string>& ids, int first_year, int last_year) {
    entities = ids;
    for (const auto& e : ids) data.AddEntity(e);
    data.AddEntity("G", "group");
    for (const auto& [name, indicator] : model.indicators) data.AddIndicator(name);
    for (int y = first_year; y <= last_year; ++y) data.AddPeriod(model::Period{model::PeriodKind::kYear, y, 0});
    data.Allocate();
    for (const auto& e : ids) data.AddMembership("G", e, std::nullopt, std::nullopt);
  }
  void Set(const std::string& entity, const std::string& indicator, int year, std::optional<double> value,
           const std::string& code = "") {
    data.SetValue(data.EntityIndex(entity), data.IndicatorSlot(indicator),
                  data.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0}), value, code, 1);
  }
  eval::RunResult Run(model::Date as_of) {
    eval::EvalOptions options;
    options.as_of = as_of;
    evaluator = std::make_unique<eval::Evaluator>(model, data, options);
    return evaluator->Run();
  }
  // The verdict of one item, entity and year in a run.
  static Verdict Of(const eval::RunResult& run, const std::string& item, const World& w, const std::string& entity,
                    int year) {
    for (const auto& item_result : run.contracts.at(0).items) {
      if (item_result.Name() != item) continue;
      for (const auto& cell : item_result.cells) {
        if (w.data.EntityId(cell.entity) == entity && w.data.PeriodAt(cell.period).year == year) return cell.verdict;
      }
    }
    FAIL("no verdict for " << item << " " << entity << " " << year);
    return Verdict::kError;
  }
  std::unique_ptr<eval::Evaluator> evaluator;
};

const char* kCatalog =
    "indicator ambu { unit percent better higher }\n"
    "indicator dms { unit ratio better lower }\n"
    "indicator num { unit count }\n"
    "indicator den { unit count }\n"
    "indicator taux { unit percent better higher numerator num denominator den }\n"
    "indicator marge = num / den * 100 %\n";

}  // namespace

TEST_CASE("boundaries are inclusive on the favourable side, the band edge too", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  commitment a { for each member indicator ambu target 55 % tolerance 2 pts }\n"
          "  commitment d { for each member indicator dms target 1.0 tolerance 0.05 } }");
  w.Shape({"010008407", "080000615", "080000037", "750712184"}, 2019, 2019);
  w.Set("010008407", "ambu", 2019, 55);     // = target: met
  w.Set("080000615", "ambu", 2019, 53);     // = band edge 53: partially met
  w.Set("080000037", "ambu", 2019, 52.99);  // below: not met
  w.Set("750712184", "ambu", 2019, std::nullopt, ".c");  // missing, never zero
  w.Set("010008407", "dms", 2019, 1.0);
  w.Set("080000615", "dms", 2019, 1.05);
  w.Set("080000037", "dms", 2019, 1.0500001);
  eval::RunResult run = w.Run({2020, 12, 31});
  CHECK(World::Of(run, "a", w, "010008407", 2019) == Verdict::kMet);
  CHECK(World::Of(run, "a", w, "080000615", 2019) == Verdict::kPartiallyMet);
  CHECK(World::Of(run, "a", w, "080000037", 2019) == Verdict::kNotMet);
  CHECK(World::Of(run, "a", w, "750712184", 2019) == Verdict::kMissingData);
  CHECK(World::Of(run, "d", w, "010008407", 2019) == Verdict::kMet);
  CHECK(World::Of(run, "d", w, "080000615", 2019) == Verdict::kPartiallyMet);
  CHECK(World::Of(run, "d", w, "080000037", 2019) == Verdict::kNotMet);
  const eval::Detail missing = w.evaluator->Explain(*run.contracts[0].contract, "a", w.data.EntityIndex("750712184"), 0);
  CHECK(missing.reason == "ambu of 750712184 for 2019 is missing in the data (code .c)");
}

TEST_CASE("a relative tolerance is a share of the target", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  commitment a { for each member indicator ambu target 50 % tolerance 10 % } }");
  w.Shape({"010008407", "080000615"}, 2019, 2019);
  w.Set("010008407", "ambu", 2019, 45);  // 50 - 10 % of 50 = 45: partially met
  w.Set("080000615", "ambu", 2019, 44.9);
  eval::RunResult run = w.Run({2020, 1, 1});
  CHECK(World::Of(run, "a", w, "010008407", 2019) == Verdict::kPartiallyMet);
  CHECK(World::Of(run, "a", w, "080000615", 2019) == Verdict::kNotMet);
}

TEST_CASE("a group's rate is the sum of numerators over the sum of denominators", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  commitment g { for group indicator taux target 50 % } }");
  w.Shape({"010008407", "080000615"}, 2019, 2019);
  // 90/100 and 10/100: sum 100/200 = 50 % (met); the mean of the rates would also be 50 %,
  // so make it differ: 90/100 and 1/10 -> 91/110 = 82.7 %, the mean of rates is 50 %.
  w.Set("010008407", "num", 2019, 90);
  w.Set("010008407", "den", 2019, 100);
  w.Set("080000615", "num", 2019, 1);
  w.Set("080000615", "den", 2019, 10);
  eval::RunResult run = w.Run({2020, 1, 1});
  CHECK(World::Of(run, "g", w, "G", 2019) == Verdict::kMet);
  const eval::Detail detail = w.evaluator->Explain(*run.contracts[0].contract, "g", w.data.EntityIndex("G"), 0);
  REQUIRE(detail.measured.has_value());
  CHECK(*detail.measured == Approx(91.0 / 110.0 * 100));
}

TEST_CASE("a zero denominator in a formula is an error, a missing input is missing data", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  commitment m { for each member indicator marge target >= 10 % } }");
  w.Shape({"010008407", "080000615", "080000037"}, 2019, 2019);
  w.Set("010008407", "num", 2019, 5);
  w.Set("010008407", "den", 2019, 0);
  w.Set("080000615", "num", 2019, 5);  // den absent
  w.Set("080000037", "num", 2019, 5);
  w.Set("080000037", "den", 2019, 20);  // 25 %
  eval::RunResult run = w.Run({2020, 1, 1});
  CHECK(World::Of(run, "m", w, "010008407", 2019) == Verdict::kError);
  CHECK(World::Of(run, "m", w, "080000615", 2019) == Verdict::kMissingData);
  CHECK(World::Of(run, "m", w, "080000037", 2019) == Verdict::kMet);
}

TEST_CASE("periods ending after the as-of date are pending; waivers only in their scope", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2020 parties group G\n"
          "  commitment a { for each member indicator ambu target { 2019..2020: 55 % } }\n"
          "  waiver a for 010008407 in 2019 because \"travaux\" granted 2019-03-01 by \"ARS\" }");
  w.Shape({"010008407", "080000615"}, 2019, 2020);
  w.Set("010008407", "ambu", 2019, 10);
  w.Set("080000615", "ambu", 2019, 10);
  w.Set("010008407", "ambu", 2020, 60);
  eval::RunResult run = w.Run({2020, 6, 30});
  CHECK(World::Of(run, "a", w, "010008407", 2019) == Verdict::kWaived);
  CHECK(World::Of(run, "a", w, "080000615", 2019) == Verdict::kNotMet);  // the waiver names another entity
  CHECK(World::Of(run, "a", w, "010008407", 2020) == Verdict::kPending);  // 2020 ends after 2020-06-30
  eval::RunResult later = w.Run({2020, 12, 31});
  CHECK(World::Of(later, "a", w, "010008407", 2020) == Verdict::kMet);
}

TEST_CASE("milestones: on time, late with the delay, not yet due, due without evidence", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  milestone p { due 2019-06-30 } }");
  w.Shape({"010008407", "080000615", "080000037"}, 2019, 2019);
  w.data.AddEvidence("c", "p", "010008407", {{2019, 6, 30}, "doc.pdf", "abc", 1});
  w.data.AddEvidence("c", "p", "080000615", {{2019, 7, 10}, "doc.pdf", "abc", 2});
  eval::RunResult before = w.Run({2019, 6, 1});
  CHECK(World::Of(before, "p", w, "080000037", 2019) == Verdict::kPending);
  eval::RunResult run = w.Run({2019, 12, 31});
  CHECK(World::Of(run, "p", w, "010008407", 2019) == Verdict::kMet);
  CHECK(World::Of(run, "p", w, "080000615", 2019) == Verdict::kNotMet);
  CHECK(World::Of(run, "p", w, "080000037", 2019) == Verdict::kNotMet);
  const eval::Detail late = w.evaluator->Explain(*run.contracts[0].contract, "p", w.data.EntityIndex("080000615"), 0);
  CHECK(late.days_late == std::optional<int>(10));
}

TEST_CASE("scores are exact weighted means and payments are rounded to the cent", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  commitment a { for each member indicator ambu target 55 % weight 2 }\n"
          "  commitment d { for each member indicator dms target 1.0 weight 1 }\n"
          "  payment part = 15000 € * score }");
  w.Shape({"010008407"}, 2019, 2019);
  w.Set("010008407", "ambu", 2019, 60);  // met: 1
  w.Set("010008407", "dms", 2019, 1.2);  // not met: 0
  eval::RunResult run = w.Run({2020, 1, 1});
  const auto& contract = run.contracts.at(0);
  REQUIRE(contract.score_by_year.count(2019));
  CHECK(contract.score_by_year.at(2019).score == Rational::Fraction(2, 3));
  REQUIRE(contract.payments.size() == 1);
  REQUIRE(contract.payments[0].amount.has_value());
  CHECK(contract.payments[0].amount->ToCents() == "10000.00");
}

TEST_CASE("a composite counts met members; a waived member counts as met", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  commitment a { for each member indicator ambu target 55 % }\n"
          "  commitment d { for each member indicator dms target 1.0 }\n"
          "  commitment both { for each member all of [a, d] }\n"
          "  commitment one { for each member at least 1 of [a, d] }\n"
          "  waiver d for 080000615 because \"r\" granted 2019-01-01 by \"ARS\" }");
  w.Shape({"010008407", "080000615"}, 2019, 2019);
  w.Set("010008407", "ambu", 2019, 60);
  w.Set("010008407", "dms", 2019, 1.2);
  w.Set("080000615", "ambu", 2019, 60);
  w.Set("080000615", "dms", 2019, 1.2);
  eval::RunResult run = w.Run({2020, 1, 1});
  CHECK(World::Of(run, "both", w, "010008407", 2019) == Verdict::kNotMet);
  CHECK(World::Of(run, "one", w, "010008407", 2019) == Verdict::kMet);
  CHECK(World::Of(run, "both", w, "080000615", 2019) == Verdict::kMet);  // d waived for it
}

TEST_CASE("the fast path and the detailed path agree", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2019..2019 parties group G\n"
          "  commitment a { for each member indicator ambu target 55 % tolerance 2 pts } }");
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.push_back("E" + std::to_string(100 + i));
  w.Shape(ids, 2019, 2019);
  for (int i = 0; i < 40; ++i) {
    if (i % 7 == 0) continue;  // absent
    w.Set(ids[static_cast<size_t>(i)], "ambu", 2019, 50 + i * 0.25);
  }
  eval::RunResult run = w.Run({2020, 1, 1});
  for (const auto& cell : run.contracts[0].items[0].cells) {
    const eval::Detail detail = w.evaluator->Explain(*run.contracts[0].contract, "a", cell.entity, cell.period);
    INFO(w.data.EntityId(cell.entity));
    CHECK(detail.verdict == cell.verdict);
  }
}

TEST_CASE("a value no computation can hold, and a value between classes, are told with their unit", "[eval]") {
  World w(std::string(kCatalog) +
          "indicator esatis { unit percent better higher classes { haut: >= 80 %, bas: < 50 % } }\n"
          "contract c { period 2019..2019 parties group G\n"
          "  commitment m { for each member indicator marge target >= 50 % }\n"
          "  payment p = if class(esatis) = \"haut\" then 5000 € else 0 € }");
  w.Shape({"010008407"}, 2019, 2019);
  w.Set("010008407", "num", 2019, 2e18);  // over the 1e18 an exact fraction of the evaluator holds
  w.Set("010008407", "den", 2019, 4);
  w.Set("010008407", "esatis", 2019, 65);  // neither >= 80 nor < 50
  eval::RunResult run = w.Run({2020, 12, 31});
  CHECK(World::Of(run, "m", w, "010008407", 2019) == Verdict::kError);
  const eval::Detail large = w.evaluator->Explain(*run.contracts[0].contract, "m", w.data.EntityIndex("010008407"), 0);
  CHECK(large.reason == "the value 2e+18 of num is too large to compute with");
  // The class's error is the payment's reason (an `if` on it used to say only "not a condition").
  REQUIRE(run.contracts[0].payments.size() == 1);
  CHECK_FALSE(run.contracts[0].payments[0].amount);
  CHECK(run.contracts[0].payments[0].reason == "the value 65\u00a0% of esatis for G in 2019 is in none of its classes");
  SetLanguage(Language::kFrench);
  const eval::RunResult french = w.Run({2020, 12, 31});
  SetLanguage(Language::kEnglish);
  CHECK(french.contracts[0].payments[0].reason == "la valeur 65\u00a0% de esatis pour G en 2019 n'entre dans aucune de ses classes");
}

// Review of s11-model: the rule and the exact bound of the last verdict were reused when the
// next one had the same address, and `for N consecutive years` judges through a local copy (the
// same stack address for every such commitment): b, right after a, took a's tolerance band.
TEST_CASE("adjacent consecutive-years commitments each keep their own tolerance and bound", "[eval]") {
  World w(std::string(kCatalog) +
          "contract c { period 2020..2020 parties group G\n"
          "  commitment a { for each member indicator ambu target 80 % tolerance 5 pts for 2 consecutive years }\n"
          "  commitment b { for each member indicator ambu target 80 % for 2 consecutive years }\n"
          "  commitment d { for each member indicator ambu target 78 % tolerance 5 pts for 2 consecutive years }\n"
          "  commitment e { for each member indicator ambu target 76 % tolerance 5 pts for 2 consecutive years } }");
  w.Shape({"E1"}, 2019, 2020);
  w.Set("E1", "ambu", 2019, 77);
  w.Set("E1", "ambu", 2020, 77);
  for (const bool details : {false, true}) {
    INFO("details " << details);
    eval::EvalOptions options;
    options.as_of = model::Date{2021, 6, 30};
    options.details = details;
    eval::Evaluator evaluator(w.model, w.data, options);
    const eval::RunResult run = evaluator.Run();
    // a: 77 >= 80 - 5 = 75 both years -> partially met; b: no tolerance, 77 < 80 -> not met;
    // d: 77 >= 78 - 5 -> partially met; e: 77 >= 76 both years -> met.
    CHECK(World::Of(run, "a", w, "E1", 2020) == Verdict::kPartiallyMet);
    CHECK(World::Of(run, "b", w, "E1", 2020) == Verdict::kNotMet);
    CHECK(World::Of(run, "d", w, "E1", 2020) == Verdict::kPartiallyMet);
    CHECK(World::Of(run, "e", w, "E1", 2020) == Verdict::kMet);
    if (details) {  // each detail's target is its own commitment's bound
      const auto& items = run.contracts.at(0).items;
      const double targets[] = {80, 80, 78, 76};
      for (size_t i = 0; i < 4; ++i) {
        REQUIRE(items.at(i).details.size() == 1);
        CHECK(items.at(i).details[0].target == targets[i]);
      }
    }
  }
}
