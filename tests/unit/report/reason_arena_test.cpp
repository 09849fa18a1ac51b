// A run's reasons are written into their item's arena (eval::ItemResult::reasons) when a column of
// verdicts is judged at once, each kept as its own otherwise (a waiver, a composite, a milestone):
// every kind worded exactly, and still there once the run is gone, in the report that took them and
// in a copy of its contract that outlives the report (the report's TextPool holds the arenas).
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/language.h"
#include "engine/eval/dataset.h"
#include "engine/eval/evaluator.h"
#include "engine/report/report_model.h"
#include "tests/support/checked_model.h"

using namespace vigie;
namespace model = vigie::sema::model;

namespace {

// `a` is judged as a column (met, partially met, not met, missing); `b` has a waiver and `both` is a
// composite, judged one verdict at a time; `plan` is a milestone.
const char* kContract =
    "indicator ambu { unit percent better higher }\n"
    "contract c { period 2020..2020 parties group G\n"
    "  commitment a { for each member indicator ambu target >= 50 % tolerance 5 pts }\n"
    "  commitment b { for each member indicator ambu target >= 40 % }\n"
    "  commitment both { for each member all of [a, b] }\n"
    "  milestone plan { due 2020-06-30 evidence \"plan d'actions\" }\n"
    "  waiver b for 010000016 because \"travaux\" granted 2020-01-01 by \"ARS\" }\n";

struct World : testing::CheckedModel {
  eval::DataSet data;

  World() : CheckedModel(kContract) {
    const std::vector<std::string> ids{"010000008", "010000016", "010000024", "010000032"};
    for (const std::string& e : ids) data.AddEntity(e);
    data.AddEntity("G", "group");
    for (const auto& [name, indicator] : model.indicators) data.AddIndicator(name);
    data.AddPeriod(model::Period{model::PeriodKind::kYear, 2020, 0});
    data.Allocate();
    for (const std::string& e : ids) data.AddMembership("G", e, std::nullopt, std::nullopt);
    const std::optional<double> values[] = {60, 47, 30, std::nullopt};
    for (size_t k = 0; k < ids.size(); ++k) {
      data.SetValue(data.EntityIndex(ids[k]), data.IndicatorSlot("ambu"), 0, values[k], "", static_cast<int64_t>(k) + 1);
    }
    data.AddEvidence("c", "plan", ids[0], eval::DataSet::Evidence{{2020, 5, 4}, "plan.pdf", std::string(64, 'a'), 1});
    data.AddEvidence("c", "plan", ids[1], eval::DataSet::Evidence{{2020, 8, 14}, "plan.pdf", std::string(64, 'b'), 2});
  }

  eval::RunResult Run() {
    eval::EvalOptions options;
    options.as_of = {2021, 6, 30};
    options.details = true;
    options.jobs = 1;
    return eval::Evaluator(model, data, options).Run();
  }
};

// "item entity" -> the verdict's reason.
using Reasons = std::map<std::string, std::string>;

Reasons ReasonsOf(const eval::RunResult& run, const eval::DataSet& data) {
  Reasons out;
  for (const eval::ItemResult& item : run.contracts.at(0).items) {
    for (size_t k = 0; k < item.cells.size(); ++k) {
      out[item.Name() + " " + data.EntityId(item.cells[k].entity)] = item.details.at(k).reason.str();
    }
  }
  return out;
}

Reasons ReasonsOf(const report::Contract& contract) {
  Reasons out;
  for (const report::Item& item : contract.items) {
    for (const report::VerdictRow& row : item.verdicts) out[item.name + " " + row.entity.str()] = row.reason.str();
  }
  return out;
}

// Every kind of reason, exactly as the reports print them (a no-break space before "%").
const Reasons kExpected{
    {"a 010000008", "60 % ≥ 50 %"},
    {"a 010000016", "47 % misses ≥ 50 % but is within the tolerance of 5 pts"},
    {"a 010000024", "30 % does not satisfy ≥ 50 %"},
    {"a 010000032", "ambu of 010000032 for 2020 is missing in the data (empty cell)"},
    {"b 010000008", "60 % ≥ 40 %"},
    {"b 010000016", "waived by ARS: travaux"},
    {"b 010000024", "30 % does not satisfy ≥ 40 %"},
    {"b 010000032", "ambu of 010000032 for 2020 is missing in the data (empty cell)"},
    {"both 010000008", "2 of 2 met, 2 needed"},
    {"both 010000016", "1 of 2 met, 2 needed (with partially met ones)"},
    {"both 010000024", "0 of 2 met, 2 needed"},
    {"both 010000032", "0 of 2 met, 2 needed; 2 not known yet"},
    {"plan 010000008", "evidence dated 2020-05-04, due 2020-06-30"},
    {"plan 010000016", "evidence dated 2020-08-14, 45 days after the due date 2020-06-30"},
    {"plan 010000024", "no evidence recorded; due 2020-06-30, 365 days late at the as-of date"},
    {"plan 010000032", "no evidence recorded; due 2020-06-30, 365 days late at the as-of date"},
};

// Each verdict's reason against kExpected, named when one differs.
void CheckReasons(const Reasons& actual) {
  CHECK(actual.size() == kExpected.size());
  for (const auto& [verdict, reason] : kExpected) {
    INFO(verdict);
    CHECK(actual.count(verdict) == 1);
    if (actual.count(verdict) == 1) CHECK(actual.at(verdict) == reason);
  }
}

TEST_CASE("reasons of a run: in the item's arena for a column, each kind worded exactly", "[report][eval]") {
  SetLanguage(Language::kEnglish);
  World w;
  const eval::RunResult run = w.Run();
  CheckReasons(ReasonsOf(run, w.data));
  const eval::ItemResult& column = run.contracts.at(0).items.at(0);
  REQUIRE(column.Name() == "a");
  REQUIRE(column.reasons != nullptr);
  // A copy of the item shares its arena: its details' reasons are the same bytes.
  const eval::ItemResult copy = column;
  for (size_t k = 0; k < column.details.size(); ++k) CHECK(copy.details[k].reason.data() == column.details[k].reason.data());
  SetLanguage(Language::kFrench);
}

TEST_CASE("reasons of a run: kept by the report and by a copy of its contract, the run and the report gone", "[report][eval]") {
  SetLanguage(Language::kEnglish);
  World w;
  std::optional<report::Contract> kept;
  {
    std::optional<eval::RunResult> run = w.Run();
    std::optional<report::Report> report = report::BuildReportTakingDetails(w.model, w.data, *run, {}, {});
    run.reset();  // the run's arenas are now the report's alone
    CheckReasons(ReasonsOf(report->contracts.at(0)));
    kept = report->contracts.at(0);
  }
  // Memory freed by the run and the report used again: a reason pointing there would read this.
  std::vector<std::string> reuse(4096, std::string(100, '#'));
  CheckReasons(ReasonsOf(*kept));
  SetLanguage(Language::kFrench);
}

TEST_CASE("inputs of a run: their names outlive the DataSet, and the report takes them as they are", "[report][eval]") {
  SetLanguage(Language::kEnglish);
  std::optional<World> w(std::in_place);
  std::optional<eval::RunResult> run = w->Run();
  report::Report report = report::BuildReport(w->model, w->data, *run, {}, {});
  const report::VerdictRow& row = report.contracts.at(0).items.at(0).verdicts.at(0);
  REQUIRE(row.inputs.size() == 1);
  // The program's own texts (Text::Static), not copies in the report's pool: no lookup per input.
  CHECK(&row.inputs[0].entity.str() == &Text::Static("010000008").str());
  CHECK(&row.inputs[0].indicator.str() == &Text::Static("ambu").str());
  CHECK(&row.inputs[0].role.str() == &Text::Static("value").str());
  w.reset();  // the model and the DataSet gone; a detail may outlive them (explain, serve)
  std::vector<std::string> reuse(4096, std::string(100, '#'));
  const eval::InputRead& in = run->contracts.at(0).items.at(0).details.at(3).inputs.at(0);
  CHECK(in.entity == "010000032");
  CHECK(&in.entity.str() == &Text::Static("010000032").str());  // the program's, not the DataSet's
  CHECK(in.indicator == "ambu");
  CHECK(in.role == "value");
  CHECK(in.row_id == 4);
  CHECK_FALSE(in.value.has_value());
  SetLanguage(Language::kFrench);
}

}  // namespace
