#include <catch2/catch.hpp>

#include "engine/sema/checker.h"
#include "engine/sema/lint.h"
#include "engine/syntax/parser.h"

using namespace vigie;
namespace model = vigie::sema::model;

namespace {

const char* kCatalog =
    "indicator ambu { unit percent better higher }\n"
    "indicator dms { unit ratio better lower }\n"
    "indicator dette { unit years better lower }\n"
    "indicator ctx { unit count }\n"
    "attribute taille\n";

// Checks `text` after the catalog, then lints it as of `as_of`; only the lint's diagnostics are
// returned (the text must check without errors).
std::vector<Diagnostic> LintText(const std::string& text, model::Date as_of = {2026, 1, 1}) {
  SourceManager sources;
  DiagnosticSink check_sink;
  FileId id = sources.Add("t.vigie", std::string(kCatalog) + text);
  std::vector<syntax::ast::File> files{syntax::ParseFile(sources, id, check_sink)};
  model::Model checked = sema::Check(files, sources, check_sink);
  REQUIRE_FALSE(check_sink.HasErrors());
  DiagnosticSink sink;
  sema::Lint(checked, sources, sink, sema::LintOptions{as_of});
  return sink.Sorted();
}

std::vector<DiagCode> Codes(const std::vector<Diagnostic>& diagnostics) {
  std::vector<DiagCode> codes;
  for (const Diagnostic& d : diagnostics) codes.push_back(d.code);
  return codes;
}

std::string Contract(const std::string& items) {
  return "contract k { period 2019..2023 parties 080000037\n" + items + "\n}\n";
}

}  // namespace

TEST_CASE("lint: a trajectory that goes down for a higher-is-better indicator is reported at the later year", "[lint]") {
  auto d = LintText(Contract("commitment x { ref \"1\" indicator ambu target { 2019: 55 %, 2020: 60 %, 2021..2023: 58 % } }"));
  REQUIRE(Codes(d) == std::vector<DiagCode>{DiagCode::kTrajectoryWrongWay});
  // A value with its unit: a no-break space (U+00A0) before % (base/locale_text.h ValueWithUnit).
  CHECK(d[0].message == "the 2021 target 58\u00a0% is easier than the 2020 target 60\u00a0%: indicator 'ambu' is better higher");
  REQUIRE(d[0].notes.size() == 1);
  CHECK(d[0].notes[0].message == "the 2020 target");
  CHECK(d[0].notes[0].span.begin < d[0].span.begin);
}

TEST_CASE("lint: a trajectory that goes up for a lower-is-better indicator is reported; one going down is not", "[lint]") {
  auto d = LintText(Contract("commitment x { ref \"1\" indicator dms target { 2019: 1.05, 2020: 1.02, 2021: 1.04, 2022..2023: 1.0 } }"));
  REQUIRE(Codes(d) == std::vector<DiagCode>{DiagCode::kTrajectoryWrongWay});
  CHECK(d[0].message.find("the 2021 target 1.04 is easier than the 2020 target 1.02") == 0);
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator dms target { 2019: 1.05, 2020..2023: 1.0 } }")).empty());
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator ambu target { 2019: 50 %, 2020..2023: 55 % } }")).empty());
}

TEST_CASE("lint: a trajectory of an indicator without a direction, or with an explicit = target, is not judged", "[lint]") {
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator ctx target { 2019: >= 10, 2020..2023: >= 8 } }")).empty());
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator ambu target { 2019: = 60 %, 2020..2023: = 50 % } }")).empty());
}

TEST_CASE("lint: a tolerance wider than a step is reported once, at the tolerance; equal to the step is fine", "[lint]") {
  auto d = LintText(Contract("commitment x { ref \"1\" indicator ambu target { 2019: 55 %, 2020: 57 %, 2021..2023: 58 % } "
                             "tolerance 1.5 pts }"));
  REQUIRE(Codes(d) == std::vector<DiagCode>{DiagCode::kToleranceOverStep});
  CHECK(d[0].message == "tolerance 1.5 pts is wider than the step of 1 pt from the 2020 target 57\u00a0% to the 2021 target 58\u00a0%");
  CHECK(d[0].notes.size() == 2);
  // Exactly the step: an entity at the earlier target is not met, not partially met, at the edge.
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator ambu target { 2019: 55 %, 2020..2023: 57 % } tolerance 2 pts }")).empty());
  // A plateau (no step) is not a step.
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator ambu target 60 % tolerance 5 pts }")).empty());
}

TEST_CASE("lint: a relative tolerance is measured on the later target", "[lint]") {
  // 10 % of 11 years is 1.1 years, wider than the step of 1 year.
  auto d = LintText(Contract("commitment x { ref \"1\" indicator dette target { 2019: 12 years, 2020..2023: 11 years } "
                             "tolerance 10 % }"));
  REQUIRE(Codes(d) == std::vector<DiagCode>{DiagCode::kToleranceOverStep});
  CHECK(d[0].message.find("tolerance 10\u00a0% (relative) (1.1 years of the 2020 target) is wider than the step of 1 year") == 0);
  // 5 % of 11 years is 0.55 years: narrower.
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator dette target { 2019: 12 years, 2020..2023: 11 years } "
                          "tolerance 5 % }")).empty());
}

TEST_CASE("lint: overlapping ranges of a table, and entries an earlier range covers", "[lint]") {
  auto d = LintText("table t by taille { 1..3: 1 €, 3..5: 2 €, 4: 3 €, 6..8: 4 €, 7..8: 5 €, 9: 6 € }\n" +
                    Contract("payment p = t[taille]"));
  REQUIRE(Codes(d) == std::vector<DiagCode>{DiagCode::kTableOverlap, DiagCode::kTableUnreachable,
                                             DiagCode::kTableUnreachable});
  CHECK(d[0].message == "range 3..5 of table 't' overlaps range 1..3 before it: both cover 3");
  CHECK(d[1].message == "entry 4 of table 't' is never used: 3..5 before it already covers it");
  CHECK(d[2].message == "entry 7..8 of table 't' is never used: 6..8 before it already covers it");
  // A number before a range that contains it is an exception, not a mistake; ranges that meet
  // without sharing a value are fine.
  CHECK(LintText("table u by taille { 2: 1 €, 1..3: 2 €, 4..5: 3 €, \"x\": 4 € }\n" + Contract("payment p = u[taille]")).empty());
}

TEST_CASE("lint: a waiver ending exactly 90 days after the as-of date is expiring, 91 days is not", "[lint]") {
  auto waiver = [](const std::string& until) {
    return Contract("commitment x { ref \"1\" indicator ambu target 60 % }\n"
                    "waiver x in 2021 because \"r\" granted 2021-01-01 by \"ARS\" until " + until);
  };
  const model::Date as_of{2026, 1, 1};
  REQUIRE(sema::DaysBetween(as_of, model::Date{2026, 4, 1}) == 90);
  auto at_90 = LintText(waiver("2026-04-01"), as_of);
  REQUIRE(Codes(at_90) == std::vector<DiagCode>{DiagCode::kWaiverExpiring});
  CHECK(at_90[0].message == "the waiver for 'x' expires on 2026-04-01, in 90 days (as of 2026-01-01)");
  CHECK(LintText(waiver("2026-04-02"), as_of).empty());
  CHECK(Codes(LintText(waiver("2026-01-01"), as_of)) == std::vector<DiagCode>{DiagCode::kWaiverExpiring});
  auto expired = LintText(waiver("2025-12-31"), as_of);
  REQUIRE(Codes(expired) == std::vector<DiagCode>{DiagCode::kWaiverExpired});
  CHECK(expired[0].message == "the waiver for 'x' expired on 2025-12-31, 1 day before 2026-01-01");
  // A waiver without `until` never expires.
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator ambu target 60 % }\n"
                          "waiver x because \"r\" granted 2021-01-01 by \"ARS\""), as_of).empty());
}

TEST_CASE("lint: days between dates cross leap years and centuries", "[lint]") {
  CHECK(sema::DaysBetween({2024, 2, 28}, {2024, 3, 1}) == 2);
  CHECK(sema::DaysBetween({2023, 2, 28}, {2023, 3, 1}) == 1);
  CHECK(sema::DaysBetween({1999, 12, 31}, {2000, 3, 1}) == 61);
  CHECK(sema::DaysBetween({2026, 1, 1}, {2025, 1, 1}) == -365);
}

TEST_CASE("lint: commitments and milestones without ref, a scoring of zeros, a milestone after the period", "[lint]") {
  auto d = LintText(Contract("commitment x { indicator ambu target 60 % }\n"
                             "milestone m { ref \"2\" due 2024-01-15 }\n"
                             "scoring { met 0 partial 0 not_met 0 }"));
  CHECK(Codes(d) == std::vector<DiagCode>{DiagCode::kMissingClauseRef, DiagCode::kMilestoneOutsidePeriod,
                                          DiagCode::kScoringAllZero});
  // Defaults, or one verdict above 0, give a score.
  CHECK(LintText(Contract("commitment x { ref \"1\" indicator ambu target 60 % }\n"
                          "scoring { met 0 partial 0.5 not_met 0 }")).empty());
}
