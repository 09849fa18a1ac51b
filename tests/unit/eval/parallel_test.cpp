// The evaluation on several threads (EvalOptions::jobs) gives the same run bit for bit as on one:
// every verdict, every detail, every count and every score, and the JSON report byte for byte.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>

#include "engine/eval/dataset.h"
#include "engine/eval/evaluator.h"
#include "engine/eval/work_pool.h"
#include "engine/report/report_model.h"
#include "engine/store/store.h"
#include "tests/support/checked_model.h"

using namespace vigie;
namespace model = vigie::sema::model;

namespace {

// Plain comparisons (the column path), a derived indicator, a group commitment, a composite, a
// waiver, a commitment with its last year pending and an exact score: both paths of the evaluator,
// and items that share the caches of derived values and member verdicts.
const char* kContract =
    "indicator ambu { unit percent better higher }\n"
    "indicator dms { unit ratio better lower }\n"
    "indicator num { unit count }\n"
    "indicator den { unit count }\n"
    "indicator taux { unit percent better higher numerator num denominator den }\n"
    "indicator marge = num / den * 100 %\n"
    "contract c { period 2019..2021 parties group G\n"
    "  commitment a1 { for each member indicator ambu target { 2019: 50 %, 2020: 52 %, 2021: 54 % } tolerance 3 pts }\n"
    "  commitment a2 { for each member indicator ambu target >= 60 % }\n"
    "  commitment a3 { for each member indicator ambu target <= 40 % tolerance 10 % }\n"
    "  commitment d1 { for each member indicator dms target 1.0 tolerance 0.125 }\n"
    "  commitment d2 { for each member indicator dms target { 2019: <= 1.25, 2020: <= 1.125, 2021: <= 1.0 } }\n"
    "  commitment t1 { for each member indicator taux target 50 % tolerance 5 pts }\n"
    "  commitment m { for each member indicator marge target >= 40 % }\n"
    "  commitment g { for group indicator taux target 50 % }\n"
    "  commitment both { for each member all of [a1, d1] }\n"
    "  commitment one { for each member at least 1 of [a2, m] }\n"
    "  waiver d1 for 010008407 because \"travaux\" granted 2019-01-01 by \"ARS\" }\n";

struct World : testing::CheckedModel {
  eval::DataSet data;

  World() : CheckedModel(kContract) {
    // 300 establishments, 3 years; values from a fixed linear congruential sequence, about 1 in 16
    // missing, every number a multiple of 1/8 (exact comparisons).
    const int entities = 300;
    std::vector<std::string> ids;
    for (int e = 0; e < entities; ++e) {
      std::string id = std::to_string(e);
      ids.push_back(e == 7 ? std::string("010008407") : std::string(9 - id.size(), '0') + id);  // 7: a real FINESS, waived
      data.AddEntity(ids.back());
    }
    data.AddEntity("G", "group");
    for (const auto& [name, indicator] : model.indicators) data.AddIndicator(name);
    for (int y = 2019; y <= 2021; ++y) data.AddPeriod(model::Period{model::PeriodKind::kYear, y, 0});
    data.Allocate();
    for (const auto& e : ids) data.AddMembership("G", e, std::nullopt, std::nullopt);
    uint32_t state = 12345;
    auto next = [&] {
      state = state * 1664525u + 1013904223u;
      return state >> 8;
    };
    const std::pair<const char*, int> ranges[] = {{"ambu", 100 * 8}, {"dms", 2 * 8}, {"num", 90 * 8}, {"den", 100 * 8}};
    int64_t row = 1;
    for (int y = 0; y < 3; ++y) {
      for (const auto& [indicator, range] : ranges) {
        for (const std::string& e : ids) {
          const uint32_t draw = next();
          std::optional<double> value;
          if (draw % 16 != 0) value = static_cast<double>((draw >> 4) % static_cast<uint32_t>(range) + 1) / 8;
          data.SetValue(data.EntityIndex(e), data.IndicatorSlot(indicator), y, value, "", row++);
        }
      }
    }
  }

  eval::RunResult Run(int jobs, bool details) {
    eval::EvalOptions options;
    options.as_of = {2021, 6, 30};  // 2021 is pending
    options.details = details;
    options.jobs = jobs;
    options.parallel_min_verdicts = 0;
    return eval::Evaluator(model, data, options).Run();
  }
};

void RequireSameScore(const eval::ScoreTrace& a, const eval::ScoreTrace& b) {
  REQUIRE(a.defined == b.defined);
  REQUIRE(a.score == b.score);
  REQUIRE(a.parts.size() == b.parts.size());
  for (size_t i = 0; i < a.parts.size(); ++i) {
    REQUIRE(a.parts[i].item == b.parts[i].item);
    REQUIRE(a.parts[i].weight == b.parts[i].weight);
    REQUIRE(a.parts[i].mean == b.parts[i].mean);
    REQUIRE(a.parts[i].verdicts == b.parts[i].verdicts);
  }
}

void RequireSameRun(const eval::RunResult& a, const eval::RunResult& b) {
  REQUIRE(a.verdicts == b.verdicts);
  REQUIRE(a.contracts.size() == b.contracts.size());
  for (size_t c = 0; c < a.contracts.size(); ++c) {
    const eval::ContractResult& x = a.contracts[c];
    const eval::ContractResult& y = b.contracts[c];
    REQUIRE(x.items.size() == y.items.size());
    for (size_t i = 0; i < x.items.size(); ++i) {
      INFO("item " << x.items[i].Name());
      REQUIRE(x.items[i].Name() == y.items[i].Name());
      REQUIRE(x.items[i].cells.size() == y.items[i].cells.size());
      for (size_t k = 0; k < x.items[i].cells.size(); ++k) {
        REQUIRE(x.items[i].cells[k].entity == y.items[i].cells[k].entity);
        REQUIRE(x.items[i].cells[k].period == y.items[i].cells[k].period);
        REQUIRE(x.items[i].cells[k].verdict == y.items[i].cells[k].verdict);
      }
      REQUIRE(x.items[i].counts_by_period == y.items[i].counts_by_period);
      REQUIRE(x.items[i].details.size() == y.items[i].details.size());
      for (size_t k = 0; k < x.items[i].details.size(); ++k) {
        const eval::Detail& p = x.items[i].details[k];
        const eval::Detail& q = y.items[i].details[k];
        REQUIRE(p.verdict == q.verdict);
        REQUIRE(p.reason == q.reason);
        REQUIRE(p.measured == q.measured);
        REQUIRE(p.target == q.target);
        REQUIRE(p.inputs.size() == q.inputs.size());
        for (size_t n = 0; n < p.inputs.size(); ++n) {
          REQUIRE(p.inputs[n].entity == q.inputs[n].entity);
          REQUIRE(p.inputs[n].indicator == q.inputs[n].indicator);
          REQUIRE(p.inputs[n].value == q.inputs[n].value);
          REQUIRE(p.inputs[n].row_id == q.inputs[n].row_id);
        }
        REQUIRE(p.members == q.members);
      }
    }
    REQUIRE(x.counts == y.counts);
    REQUIRE(x.score_by_year.size() == y.score_by_year.size());
    for (const auto& [year, trace] : x.score_by_year) RequireSameScore(trace, y.score_by_year.at(year));
    REQUIRE(x.entity_scores.size() == y.entity_scores.size());
    for (const auto& [key, trace] : x.entity_scores) RequireSameScore(trace, y.entity_scores.at(key));
  }
}

}  // namespace

TEST_CASE("four threads give every verdict, count and score of one thread, exactly", "[eval][parallel]") {
  World w;
  const eval::RunResult one = w.Run(1, false);
  // 10 commitments x 300 members x 3 years (g: the group alone), so the run is not trivial.
  REQUIRE(one.verdicts == 9 * 300 * 3 + 3);
  const auto& counts = one.contracts.at(0).counts;
  REQUIRE(counts.count(model::Verdict::kPending) == 1);  // 2021 is pending: the per-verdict path
  REQUIRE(counts.count(model::Verdict::kWaived) == 1);
  REQUIRE(counts.count(model::Verdict::kPartiallyMet) == 1);
  for (int jobs : {2, 4, 7}) {
    INFO("jobs " << jobs);
    RequireSameRun(one, w.Run(jobs, false));
  }
}

TEST_CASE("four threads give the same details and the same JSON report, byte for byte", "[eval][parallel]") {
  World w;
  const eval::RunResult one = w.Run(1, true);
  const eval::RunResult four = w.Run(4, true);
  RequireSameRun(one, four);
  report::BuildOptions options;
  options.generated_at = "2021-07-01T00:00:00Z";
  const std::string json_one = report::RenderJson(report::BuildReport(w.model, w.data, one, {}, options));
  const std::string json_four = report::RenderJson(report::BuildReport(w.model, w.data, four, {}, options));
  REQUIRE(json_one.size() > 100000);
  REQUIRE(json_one == json_four);
}

TEST_CASE("a report model built on several threads is the one built on one, byte for byte", "[eval][parallel]") {
  // report::Build makes each item's rows on its own thread (BuildOptions::jobs), sharing one Waiver
  // per waiver and the period names; taking the run's details or copying them gives the same report.
  World w;
  const eval::RunResult run = w.Run(1, true);
  report::BuildOptions options;
  options.generated_at = "2021-07-01T00:00:00Z";
  options.jobs = 1;
  const report::Report one = report::BuildReport(w.model, w.data, run, {}, options);
  const std::string json_one = report::RenderJson(one);
  options.parallel_min_rows = 0;
  for (int jobs : {2, 4, 7}) {
    INFO("jobs " << jobs);
    options.jobs = jobs;
    const report::Report many = report::BuildReport(w.model, w.data, run, {}, options);
    REQUIRE(report::RenderJson(many) == json_one);
    // The waived verdicts of one waiver share one object, whichever thread made their rows.
    std::set<const report::Waiver*> waivers;
    for (const report::Item& item : many.contracts.at(0).items) {
      for (const report::VerdictRow& row : item.verdicts) {
        if (row.waiver()) waivers.insert(row.waiver());
      }
    }
    REQUIRE(waivers.size() == 1);
    eval::RunResult taken = w.Run(1, true);
    REQUIRE(report::RenderJson(report::BuildReportTakingDetails(w.model, w.data, taken, {}, options)) == json_one);
  }
}

TEST_CASE("the work pool runs each index once, and rethrows a failure after the others", "[eval][parallel]") {
  std::vector<int> seen(1000, 0);
  eval::ForEachIndex(seen.size(), 4, [&](size_t, size_t i) { seen[i] += 1; });
  for (int n : seen) REQUIRE(n == 1);
  std::vector<int> done(100, 0);
  REQUIRE_THROWS_AS(eval::ForEachIndex(done.size(), 3,
                                       [&](size_t, size_t i) {
                                         if (i == 10) throw std::runtime_error("ten");
                                         done[i] = 1;
                                       }),
                    std::runtime_error);
  int finished = 0;
  for (int n : done) finished += n;
  REQUIRE(finished == 99);
  REQUIRE(eval::ThreadsFor(3) == 3);
  REQUIRE(eval::ThreadsFor(0) >= 1);
}

TEST_CASE("a load read in parts on two threads gives the DataSet of one thread, cell by cell", "[eval][parallel]") {
  // LoadDataSet on `jobs` threads reads the store in parts (Store::LoadValues, 100,000 rows at least
  // each): 20,000 establishments x 4 indicators x 3 years = 240,000 rows, about 1 in 16 missing
  // (with a code every other time), then a correction of 500 of them: the same values, row ids,
  // codes and periods, and the same shape.
  SourceManager sources;
  DiagnosticSink sink;
  FileId id = sources.Add("t.vigie", kContract);
  std::vector<syntax::ast::File> files{syntax::ParseFile(sources, id, sink)};
  const model::Model model = sema::Check(files, sources, sink);
  REQUIRE_FALSE(sink.HasErrors());
  const std::string path = (std::filesystem::temp_directory_path() / "vigie_parallel_load.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  store::StoreError error;
  auto store = store::Store::Open(path, {}, error);
  REQUIRE(store != nullptr);
  store::ImportBatch batch;
  batch.record = store::ImportRecord{"values", "v.csv", "sha-v", "2026-01-01T00:00:00Z", "tester", "", 240000, 0};
  std::vector<std::string> ids;
  for (int e = 0; e < 20000; ++e) {
    const std::string number = std::to_string(100000000 + e);
    ids.push_back(number);
    batch.entities.push_back(store::EntityRow{number, "establishment", number, ""});
  }
  uint32_t state = 777;
  int64_t line = 1;
  for (const std::string& entity : ids) {
    for (const char* indicator : {"ambu", "dms", "num", "den"}) {
      for (const char* year : {"2019", "2020", "2021"}) {
        state = state * 1664525u + 1013904223u;
        std::optional<double> value = double((state >> 8) % 800) / 8;
        std::string code;
        if ((state >> 4) % 16 == 0) value.reset(), code = (state >> 12) % 2 ? ".c" : "";
        batch.values.push_back(store::ValueRow{entity, indicator, year, value, code, "count", "", ++line, 2});
      }
    }
  }
  store::ApplyResult result;
  REQUIRE(store->Apply(batch, result, error));
  store::ImportBatch fix;
  fix.record = store::ImportRecord{"values", "fix.csv", "sha-fix", "2026-02-01T00:00:00Z", "tester", "", 500, 0};
  for (int k = 0; k < 500; ++k) fix.values.push_back(store::ValueRow{ids[k * 40], "dms", "2020", 9.5, "", "count", "", k + 2, 2});
  REQUIRE(store->Apply(fix, result, error));

  // Cells whose value, row id or code differ (the shapes must be the same).
  auto differing = [](const eval::DataSet& one, const eval::DataSet& two) {
    REQUIRE(one.EntityCount() == two.EntityCount());
    REQUIRE(one.IndicatorCount() == two.IndicatorCount());
    REQUIRE(one.PeriodCount() == two.PeriodCount());
    for (int p = 0; p < one.PeriodCount(); ++p) CHECK(one.PeriodAt(p) == two.PeriodAt(p));
    int64_t count = 0;
    for (int e = 0; e < one.EntityCount(); ++e) {
      for (int i = 0; i < one.IndicatorCount(); ++i) {
        for (int p = 0; p < one.PeriodCount(); ++p) {
          const double a = one.Value(e, i, p), b = two.Value(e, i, p);
          const bool same = (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
          if (!same || one.RowId(e, i, p) != two.RowId(e, i, p) || one.MissingCode(e, i, p) != two.MissingCode(e, i, p)) {
            ++count;
          }
        }
      }
    }
    return count;
  };
  store::OpenOptions read_only;
  read_only.create = false;
  read_only.read_only = true;
  auto read_only_store = store::Store::Open(path, read_only, error);
  REQUIRE(read_only_store != nullptr);
  for (const std::string& as_stood_on : {std::string(), std::string("2026-01-15T00:00:00Z")}) {
    const eval::DataSet one = eval::LoadDataSet(*store, model, as_stood_on, 1);
    const eval::DataSet two = eval::LoadDataSet(*store, model, as_stood_on, 2);
    CHECK(differing(one, two) == 0);
    CHECK(differing(one, eval::LoadDataSet(*read_only_store, model, as_stood_on, 2)) == 0);
    // Value for value what a plain SELECT of the store's rows gives: every row in its cell (its value
    // or its code, and its id), and no other cell filled: 20,000 x 4 x 3 = 240,000 rows each time.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               as_stood_on.empty()
                                   ? "SELECT id, entity_id, indicator, period, value, missing_code FROM indicator_values_text "
                                     "WHERE superseded_at IS NULL"
                                   : "SELECT id, entity_id, indicator, period, value, missing_code FROM indicator_values_text "
                                     "WHERE recorded_at <= ?1 AND (superseded_at IS NULL OR superseded_at > ?1)",
                               -1, &query, nullptr) == SQLITE_OK);
    sqlite3_bind_text(query, 1, as_stood_on.c_str(), -1, SQLITE_TRANSIENT);
    int64_t rows = 0, matching = 0;
    auto text = [&](int column) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(query, column))); };
    while (sqlite3_step(query) == SQLITE_ROW) {
      ++rows;
      const int e = two.EntityIndex(text(1)), i = two.IndicatorSlot(text(2));
      const int p = two.PeriodSlot(model::Period{model::PeriodKind::kYear, std::stoi(text(3)), 0});
      const bool missing = sqlite3_column_type(query, 4) == SQLITE_NULL;
      const bool same_value = missing ? !two.Present(e, i, p) && two.MissingCode(e, i, p) == text(5)
                                      : two.Value(e, i, p) == sqlite3_column_double(query, 4);
      matching += same_value && two.RowId(e, i, p) == sqlite3_column_int64(query, 0) ? 1 : 0;
    }
    sqlite3_finalize(query);
    sqlite3_close(db);
    CHECK(rows == 240000);
    CHECK(matching == rows);
    CHECK(two.AllRowIds().size() == 240000);
    int64_t present = 0;
    for (int e = 0; e < one.EntityCount(); ++e) {
      for (int i = 0; i < one.IndicatorCount(); ++i) {
        for (int p = 0; p < one.PeriodCount(); ++p) present += one.Present(e, i, p) ? 1 : 0;
      }
    }
    CHECK(present > 200000);
    // Now the correction's 9.5 is read; as it stood on 2026-01-15, the first import's value.
    const int entity = one.EntityIndex(ids[40]), dms = one.IndicatorSlot("dms");
    const int y2020 = one.PeriodSlot(model::Period{model::PeriodKind::kYear, 2020, 0});
    CHECK((one.Value(entity, dms, y2020) == 9.5) == as_stood_on.empty());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}
