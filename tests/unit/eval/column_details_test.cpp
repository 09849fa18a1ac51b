// A run with details judges a plain commitment's column at once and writes each verdict's detail by
// a loop of its own (eval/column_details.cpp). Every detail of such a run must be, field by field,
// what Evaluator::Explain writes of that verdict (the one-verdict path, CommitmentVerdict), in
// English and in French: on golden contracts (every comparator, tolerances in points and relative,
// missing codes, quarters, pending years, waivers) and on a generated W1 with units, codes and
// absent rows of its own.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench/w1_gen.h"
#include "engine/base/calendar.h"
#include "engine/base/language.h"
#include "engine/driver/pipeline.h"
#include "engine/eval/dataset.h"
#include "engine/eval/evaluator.h"
#include "engine/store/store.h"
#include "engine/syntax/parser.h"
#include "tests/support/files.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;
using namespace vigie;
namespace model = vigie::sema::model;

namespace {

std::string Describe(const std::optional<double>& v) { return v ? std::to_string(*v) : std::string("none"); }

// Every field of the run's detail against Explain's, named when one differs.
void RequireSameDetail(const eval::Detail& run, const eval::Detail& explained) {
  REQUIRE(run.verdict == explained.verdict);
  REQUIRE(run.reason.view() == explained.reason.view());
  INFO("measured " << Describe(run.measured) << " / " << Describe(explained.measured));
  REQUIRE(run.measured == explained.measured);
  REQUIRE(run.target == explained.target);
  REQUIRE(run.comparator == explained.comparator);
  REQUIRE(run.band_low == explained.band_low);
  REQUIRE(run.band_high == explained.band_high);
  REQUIRE(run.inputs.size() == explained.inputs.size());
  for (size_t n = 0; n < run.inputs.size(); ++n) {
    const eval::InputRead& a = run.inputs[n];
    const eval::InputRead& b = explained.inputs[n];
    REQUIRE(a.entity == b.entity);
    REQUIRE(a.indicator == b.indicator);
    REQUIRE(a.role == b.role);
    REQUIRE(a.period == b.period);
    REQUIRE(a.value == b.value);
    REQUIRE(a.missing_code == b.missing_code);
    REQUIRE(a.row_id == b.row_id);
  }
  REQUIRE(run.waiver == explained.waiver);
  REQUIRE(run.members == explained.members);
  REQUIRE(static_cast<bool>(run.evidence) == static_cast<bool>(explained.evidence));
  REQUIRE(run.days_late == explained.days_late);
  REQUIRE(run.in_scope == explained.in_scope);
}

// What the runs compared held: verdicts by kind, to know the cases cover what they claim.
struct Seen {
  int64_t details = 0;
  std::map<model::Verdict, int64_t> verdicts;
  std::set<model::Comparator> comparators;
  int64_t banded = 0, coded_missing = 0, absent = 0;
};

// Runs `model` over `data` with details, in English then in French, and compares every verdict's
// detail with Explain's.
void CompareWithExplain(const model::Model& model, const eval::DataSet& data, model::Date as_of, Seen& seen) {
  for (Language language : {Language::kEnglish, Language::kFrench}) {
    SetLanguage(language);
    eval::EvalOptions options;
    options.as_of = as_of;
    options.details = true;
    options.jobs = 1;
    const eval::RunResult run = eval::Evaluator(model, data, options).Run();
    eval::Evaluator explainer(model, data, options);
    for (const eval::ContractResult& contract : run.contracts) {
      for (const eval::ItemResult& item : contract.items) {
        REQUIRE(item.details.size() == item.cells.size());
        for (size_t k = 0; k < item.cells.size(); ++k) {
          const eval::Cell& cell = item.cells[k];
          INFO(LanguageCode(language) << " " << contract.contract->name << " " << item.Name() << " "
                                      << data.EntityId(cell.entity) << " " << model::Format(data.PeriodAt(cell.period)));
          const eval::Detail explained = explainer.Explain(*contract.contract, item.Name(), cell.entity, cell.period);
          RequireSameDetail(item.details[k], explained);
          const eval::Detail& d = item.details[k];
          ++seen.details;
          ++seen.verdicts[d.verdict];
          if (d.comparator) seen.comparators.insert(*d.comparator);
          if (d.band_low || d.band_high) ++seen.banded;
          for (const eval::InputRead& in : d.inputs) {
            if (!in.missing_code.empty()) ++seen.coded_missing;
            if (in.row_id == 0) ++seen.absent;
          }
        }
      }
    }
  }
  SetLanguage(Language::kFrench);
}

// A golden case's folder copied to a temporary one, its imports run there, its contract checked and
// its data loaded as `vigie run` loads them.
void CompareGoldenCase(const std::string& name, Seen& seen) {
  INFO("golden case " << name);
  const fs::path source = fs::path(VIGIE_SOURCE_DIR) / "tests/golden/eval" / name;
  const fs::path dir = fs::temp_directory_path() / ("vigie_column_details_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::copy(source, dir, fs::copy_options::recursive);
  const fs::path previous = fs::current_path();
  fs::current_path(dir);
  std::ifstream commands(dir / "commands");
  std::string line, rules;
  model::Date as_of;
  for (bool ran = false; !ran && std::getline(commands, line);) {
    std::istringstream words(line);
    std::vector<std::string> args;
    for (std::string word; words >> word;) args.push_back(word);
    if (args.size() < 2 || args[0] != "vigie") continue;
    args.erase(args.begin());
    if (args[0] == "import") {
      REQUIRE(testing::RunCommand(args) == 0);
    } else if (args[0] == "run") {  // the first run: its as-of date and its rules
      for (size_t i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == "--as-of") as_of = *calendar::ParseDate(args[i + 1]);
      }
      rules = args.back();
      ran = true;
    }
  }
  REQUIRE_FALSE(rules.empty());
  {
    driver::CheckedProgram program;
    DiagnosticSink sink;
    driver::CheckProgram({rules}, ".", program, sink);
    REQUIRE_FALSE(sink.HasErrors());
    store::StoreError error;
    auto store = store::Store::Open("vigie.db", {}, error);
    REQUIRE(store != nullptr);
    const eval::DataSet data = eval::LoadDataSet(*store, program.model);
    CompareWithExplain(program.model, data, as_of, seen);
  }
  fs::current_path(previous);
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("a run's details of golden contracts are Explain's, field by field, in both languages", "[eval][details]") {
  Seen seen;
  for (const char* name : {"band_edge_decimal", "tolerance_pts_vs_percent", "target_ge_boundary", "better_lower_comparator",
                           "quarterly_yearly_target", "missing_data_never_zero", "trajectory_ranges", "pending_periods",
                           "waiver_scope", "anniversary_years", "verdict_precedence", "missing_codes"}) {
    CompareGoldenCase(name, seen);
  }
  // What the cases hold (so that a case dropped or changed cannot empty the comparison).
  CHECK(seen.details > 100);
  CHECK(seen.verdicts[model::Verdict::kMet] > 0);
  CHECK(seen.verdicts[model::Verdict::kPartiallyMet] > 0);
  CHECK(seen.verdicts[model::Verdict::kNotMet] > 0);
  CHECK(seen.verdicts[model::Verdict::kMissingData] > 0);
  CHECK(seen.verdicts[model::Verdict::kPending] > 0);
  CHECK(seen.verdicts[model::Verdict::kWaived] > 0);
  CHECK(seen.comparators.size() >= 2);
  CHECK(seen.banded > 0);
  CHECK(seen.coded_missing > 0);
  CHECK(seen.absent > 0);
}

TEST_CASE("a run's details of a generated W1 are Explain's, field by field, in both languages", "[eval][details]") {
  // W1 of 40 entities (bench/w1_gen.h: 50 indicators of unit ratio, 200 commitments `<=` or `>=` with
  // an absolute tolerance, 2021..2025), and commitments of our own on it: every other comparator, a
  // relative tolerance, a trajectory, and indicators in percent, days and euros. Of the values W1
  // leaves missing, every other one carries the code "NC" and every third has no row at all.
  const fs::path dir = fs::temp_directory_path() / ("vigie_column_details_w1_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  bench::w1::Options w1;
  w1.entities = 40;
  w1.missing = 0.1;
  std::string error;
  REQUIRE_FALSE(bench::w1::Generate(w1, dir.string(), error).empty());
  const std::string extra =
      "  commitment x_lt { for each member indicator I001 target < 300 tolerance 5 % }\n"
      "  commitment x_gt { for each member indicator I002 target > 200 tolerance 12.5 }\n"
      "  commitment x_eq { for each member indicator I003 target = 250 tolerance 100 }\n"
      "  commitment x_ne { for each member indicator I004 target != 250 }\n"
      "  commitment x_pct { for each member indicator x_percent target { 2021: >= 55 %, 2022: >= 57.5 %, 2023: >= 60 %, 2024: >= 60 %, 2025: >= 62.5 % } tolerance 3 pts }\n"
      "  commitment x_days { for each member indicator x_days target <= 200 days tolerance 10 % }\n"
      "  commitment x_euros { for each member indicator x_euros target >= 250 € tolerance 50 € }\n"
      "  commitment x_nine { for each member indicator x_nine target >= 400 }\n";
  std::string ruleset = bench::w1::RulesetFromRulesCsv(testing::Read(dir / "rules.csv"), "GRP_W1", error, extra);
  REQUIRE(error.empty());
  ruleset = "indicator x_percent { unit percent better higher }\n"
            "indicator x_days { unit days better lower }\n"
            "indicator x_euros { unit euros better higher }\n"
            "indicator x_nine { unit count better higher }\n" + ruleset;
  SourceManager sources;
  DiagnosticSink sink;
  FileId id = sources.Add("w1.vigie", ruleset);
  std::vector<syntax::ast::File> files{syntax::ParseFile(sources, id, sink)};
  const model::Model model = sema::Check(files, sources, sink);
  INFO((sink.Sorted().empty() ? std::string() : sink.Sorted()[0].message));
  REQUIRE_FALSE(sink.HasErrors());

  eval::DataSet data;
  std::ifstream values(dir / "values.csv");
  std::string line;
  std::getline(values, line);  // entity,indicator,period,value
  struct Row {
    std::string entity, indicator;
    int year;
    std::string value;
  };
  std::vector<Row> rows;
  std::set<std::string> entities;
  while (std::getline(values, line)) {
    std::istringstream fields(line);
    Row row;
    std::string year;
    std::getline(fields, row.entity, ',');
    std::getline(fields, row.indicator, ',');
    std::getline(fields, year, ',');
    std::getline(fields, row.value, ',');
    row.year = std::stoi(year);
    entities.insert(row.entity);
    rows.push_back(row);
  }
  for (const std::string& e : entities) data.AddEntity(e);
  data.AddEntity("GRP_W1", "group");
  for (const auto& [name, indicator] : model.indicators) data.AddIndicator(name);
  for (int y = 2021; y <= 2025; ++y) data.AddPeriod(model::Period{model::PeriodKind::kYear, y, 0});
  data.Allocate();
  for (const std::string& e : entities) data.AddMembership("GRP_W1", e, std::nullopt, std::nullopt);
  int64_t row_id = 0, missing = 0;
  for (const Row& row : rows) {
    ++row_id;
    const int entity = data.EntityIndex(row.entity), period = row.year - 2021;
    std::optional<double> value;
    if (!row.value.empty()) value = std::stod(row.value);
    std::string code;
    if (!value && ++missing % 3 == 0) continue;  // no row at all
    if (!value && missing % 2 == 0) code = "NC";
    data.SetValue(entity, data.IndicatorSlot(row.indicator), period, value, code, row_id);
    // The indicators of our own units read I005..I008's draws (scaled to their targets).
    for (const auto& [from, to, scale] : {std::tuple{"I005", "x_percent", 0.25}, std::tuple{"I006", "x_days", 0.5},
                                          std::tuple{"I007", "x_euros", 0.625}, std::tuple{"I008", "x_nine", 1.0}}) {
      if (row.indicator == from) {
        data.SetValue(entity, data.IndicatorSlot(to), period, value ? std::optional<double>(*value * scale) : value, code, row_id + 1000000);
      }
    }
  }
  Seen seen;
  CompareWithExplain(model, data, model::Date{2026, 6, 30}, seen);   // every year ended: columns
  CompareWithExplain(model, data, model::Date{2024, 6, 30}, seen);   // 2024 and 2025 pending
  CHECK(seen.details > 2 * 2 * 40 * 200 * 5);
  CHECK(seen.comparators.size() == 6);
  CHECK(seen.verdicts[model::Verdict::kPartiallyMet] > 0);
  CHECK(seen.verdicts[model::Verdict::kNotMet] > 0);
  CHECK(seen.verdicts[model::Verdict::kMissingData] > 0);
  CHECK(seen.verdicts[model::Verdict::kPending] > 0);
  CHECK(seen.coded_missing > 0);
  CHECK(seen.absent > 0);
  fs::remove_all(dir);
}
