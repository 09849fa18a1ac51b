#include "engine/sema/lint.h"

#include "engine/sema/lint_terms.h"

#include "engine/base/locale_text.h"
#include "engine/base/number_text.h"
#include "engine/base/text.h"
#include "engine/syntax/vocabulary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vigie::sema {
namespace {

using model::Comparator;

std::string Number(double value) { return ShortNumber(value); }

// A difference of `value`, with its unit: "2.5 pts" for a percentage, "1 year", "0.03".
std::string StepText(double value, model::Unit unit) {
  return ValueWithUnit(Number(value), unit == model::Unit::kPercent ? "points" : model::Name(unit));
}

std::string TargetText(const model::PeriodTarget& target, const model::Indicator& indicator) {
  return ValueWithUnit(target.bound_text, model::Name(indicator.unit));
}

std::string ToleranceText(const model::Tolerance& tolerance, const model::Indicator& indicator) {
  return ToleranceWithUnit(tolerance.text, model::Name(indicator.unit), tolerance.kind == model::Tolerance::Kind::kRelative);
}

bool Along(Comparator comparator, model::Direction better) {
  return better == model::Direction::kHigher ? comparator == Comparator::kGe || comparator == Comparator::kGt
                                             : comparator == Comparator::kLe || comparator == Comparator::kLt;
}


class Linter {
 public:
  Linter(const model::Model& model, const LintOptions& options) : model_(model), options_(options) {}

  std::vector<Diagnostic> Run() {
    for (const auto& [name, table] : model_.tables) LintTable(table);
    for (const auto& [name, indicator] : model_.indicators) LintClasses(indicator);
    for (const auto& [name, contract] : model_.contracts) {
      const size_t before = found_.size();
      LintContract(contract);
      if (!contract.template_name.empty()) AttributeToContract(contract, before);
    }
    return std::move(found_);
  }

 private:
  Diagnostic& Report(DiagCode code, Span span, std::string message, std::string help) {
    found_.push_back(MakeDiagnostic(code, span, std::move(message)));
    found_.back().help = std::move(help);
    return found_.back();
  }

  // A warning about a template's own text is reported once, with a note naming each contract made
  // from the template (as the checker does for errors).
  void AttributeToContract(const model::Contract& contract, size_t before) {
    auto tmpl = model_.templates.find(contract.template_name);
    if (tmpl == model_.templates.end()) return;
    const Span& t = tmpl->second.span;
    const Note note{Span{}, Tr("for contract '{0}', made from template '{1}'", contract.name, contract.template_name)};
    std::vector<Diagnostic> kept(found_.begin(), found_.begin() + static_cast<std::ptrdiff_t>(before));
    for (size_t i = before; i < found_.size(); ++i) {
      Diagnostic& d = found_[i];
      const bool in_template = d.span.file == t.file && d.span.begin >= t.begin && d.span.end <= t.end;
      if (in_template) {
        auto repeated = std::find_if(kept.begin(), kept.end(), [&](const Diagnostic& e) {
          return e.code == d.code && e.span == d.span && e.message == d.message;
        });
        if (repeated != kept.end()) {
          repeated->notes.push_back(note);
          continue;
        }
        d.notes.push_back(note);
      }
      kept.push_back(std::move(d));
    }
    found_ = std::move(kept);
  }

  void LintContract(const model::Contract& contract) {
    for (const model::Commitment& commitment : contract.commitments) {
      if (commitment.clause.empty()) {
        Report(DiagCode::kMissingClauseRef, commitment.name_span,
               Tr("commitment '{0}' does not say which clause of the contract it encodes", commitment.name),
               std::string(Tr("add `ref \"Article 3\"` (réf) with the clause's number, so that reports can cite it")));
      }
      auto indicator = model_.indicators.find(commitment.indicator);
      if (commitment.composite || indicator == model_.indicators.end()) continue;
      LintTrajectory(commitment, indicator->second);
      LintTolerance(commitment, indicator->second);
    }
    for (const model::Milestone& milestone : contract.milestones) {
      if (milestone.clause.empty()) {
        Report(DiagCode::kMissingClauseRef, milestone.name_span,
               Tr("milestone '{0}' does not say which clause of the contract it encodes", milestone.name),
               std::string(Tr("add `ref \"Article 3\"` (réf) with the clause's number, so that reports can cite it")));
      }
      LintMilestoneDue(contract, milestone);
    }
    for (const model::Waiver& waiver : contract.waivers) LintWaiver(waiver);
    LintScoring(contract);
    for (Diagnostic& d : LintContractTerms(model_, contract)) found_.push_back(std::move(d));
    for (const model::Table& table : contract.tables) LintTable(table);
  }

  // V3004: with `better higher`, a later target below an earlier one (above, for `better lower`).
  void LintTrajectory(const model::Commitment& commitment, const model::Indicator& indicator) {
    if (!indicator.better) return;
    const bool higher = *indicator.better == model::Direction::kHigher;
    for (size_t i = 1; i < commitment.targets.size(); ++i) {
      const model::PeriodTarget& earlier = commitment.targets[i - 1];
      const model::PeriodTarget& later = commitment.targets[i];
      if (!Along(earlier.comparator, *indicator.better) || !Along(later.comparator, *indicator.better)) continue;
      if (earlier.baseline_share || later.baseline_share) continue;  // known per entity only
      if (higher ? later.bound >= earlier.bound : later.bound <= earlier.bound) continue;
      Diagnostic& d = Report(
          DiagCode::kTrajectoryWrongWay, later.span,
          FormatText(higher ? Tr("the {0} target {1} is easier than the {2} target {3}: indicator '{4}' is better higher")
                            : Tr("the {0} target {1} is easier than the {2} target {3}: indicator '{4}' is better lower"),
                     calendar::FormatForMessage(later.period), TargetText(later, indicator), calendar::FormatForMessage(earlier.period),
                     TargetText(earlier, indicator), indicator.name),
          std::string(Tr("a trajectory usually gets more demanding each year: check the values; if the contract really "
                         "eases the target, turn this warning off with --allow=trajectory-wrong-way")));
      d.notes.push_back(Note{earlier.span, Tr("the {0} target", calendar::FormatForMessage(earlier.period))});
    }
  }

  // V3005: a tolerance at least as wide as a step of the trajectory means that an entity that stays
  // at the earlier target is still partially met the next period.
  void LintTolerance(const model::Commitment& commitment, const model::Indicator& indicator) {
    if (!commitment.tolerance) return;
    const model::Tolerance& tolerance = *commitment.tolerance;
    for (size_t i = 1; i < commitment.targets.size(); ++i) {
      const model::PeriodTarget& earlier = commitment.targets[i - 1];
      const model::PeriodTarget& later = commitment.targets[i];
      if (earlier.comparator == Comparator::kEq || earlier.comparator == Comparator::kNe ||
          later.comparator == Comparator::kEq || later.comparator == Comparator::kNe) {
        continue;
      }
      if (earlier.baseline_share || later.baseline_share) continue;  // known per entity only
      const double step = later.bound - earlier.bound;
      if (step == 0) continue;
      if (indicator.better && (*indicator.better == model::Direction::kHigher) != (step > 0)) continue;  // V3004's
      const double width = tolerance.kind == model::Tolerance::Kind::kAbsolute
                                ? tolerance.value
                                : std::fabs(later.bound) * tolerance.value / 100;
      const double gap = std::fabs(step);
      if (width <= gap + 1e-9 * std::max(1.0, gap)) continue;
      std::string width_text = ToleranceText(tolerance, indicator);
      if (tolerance.kind == model::Tolerance::Kind::kRelative) {
        width_text = Tr("{0} ({1} of the {2} target)", width_text, StepText(width, indicator.unit), calendar::FormatForMessage(later.period));
      }
      Diagnostic& d = Report(
          DiagCode::kToleranceOverStep, tolerance.span,
          Tr("tolerance {0} is wider than the step of {1} from the {2} target {3} to the {4} target {5}", width_text,
             StepText(gap, indicator.unit), calendar::FormatForMessage(earlier.period), TargetText(earlier, indicator),
             calendar::FormatForMessage(later.period), TargetText(later, indicator)),
          Tr("an entity that stays at the {0} target is still partially met in {1}; make the tolerance smaller than {2}, "
             "or turn this warning off with --allow=tolerance-over-step",
             calendar::FormatForMessage(earlier.period), calendar::FormatForMessage(later.period), StepText(gap, indicator.unit)));
      d.notes.push_back(Note{earlier.span, Tr("the {0} target", calendar::FormatForMessage(earlier.period))});
      if (later.span != earlier.span) d.notes.push_back(Note{later.span, Tr("the {0} target", calendar::FormatForMessage(later.period))});
      return;  // one warning per commitment: the first step it swallows
    }
  }

  static bool TierCovers(const model::TableKey& earlier, const model::TableKey& later) {
    return Covers(std::string(model::Name(earlier.comparator)), earlier.low_value, std::string(model::Name(later.comparator)),
                  later.low_value);
  }

  // Every value that satisfies `b y` satisfies `a x` (both `>=`/`>`, or both `<=`/`<`).
  static bool Covers(const std::string& a, double x, const std::string& b, double y) {
    const bool up_a = a == ">=" || a == ">", up_b = b == ">=" || b == ">";
    const bool down_a = a == "<=" || a == "<", down_b = b == "<=" || b == "<";
    if (up_a && up_b) return y > x || (y == x && (a == ">=" || b == ">"));
    if (down_a && down_b) return y < x || (y == x && (a == "<=" || b == "<"));
    if (b == "=") return up_a ? (y > x || (y == x && a == ">=")) : down_a ? (y < x || (y == x && a == "<=")) : (a == "=" && x == y);
    return false;
  }

  // V3007 for classes: a value is in the first class whose comparison it satisfies, so a class that an
  // earlier one covers is never given.
  void LintClasses(const model::Indicator& indicator) {
    const auto& classes = indicator.classes;
    for (size_t i = 0; i < classes.size(); ++i) {
      if (!classes[i].code.empty()) continue;
      for (size_t j = 0; j < i; ++j) {
        if (!classes[j].code.empty() ||
            !Covers(std::string(model::Name(classes[j].comparator)), classes[j].bound,
                    std::string(model::Name(classes[i].comparator)), classes[i].bound)) {
          continue;
        }
        Diagnostic& d = Report(DiagCode::kTableUnreachable, classes[i].span,
                               Tr("class {0} of '{1}' is never given: class {2} before it already takes every value it "
                                  "would", classes[i].name, indicator.name, classes[j].name),
                               std::string(Tr("a value is in the first class it satisfies: write the best class first, "
                                              "A: >= 80, then B: >= 70")));
        d.notes.push_back(Note{classes[j].span, std::string(Tr("the class that takes them"))});
        break;
      }
    }
  }

  // V3006, V3007: a lookup takes the first entry that matches, so a later entry inside an earlier
  // range is never used, and values shared by two ranges go to the first.
  void LintTable(const model::Table& table) {
    using Kind = model::TableKey::Kind;
    if (!table.second_key.empty()) return;  // a grid: its entries pair two keys
    auto numeric = [](const model::TableEntry& e) { return e.key.kind == Kind::kNumber || e.key.kind == Kind::kRange; };
    auto low = [](const model::TableEntry& e) { return e.key.low_value; };
    auto high = [](const model::TableEntry& e) { return e.key.kind == Kind::kRange ? e.key.high_value : e.key.low_value; };
    for (size_t i = 0; i < table.entries.size(); ++i) {
      const model::TableEntry& entry = table.entries[i];
      if (entry.key.kind == Kind::kCompare) {
        for (size_t j = 0; j < i; ++j) {
          const model::TableEntry& earlier = table.entries[j];
          if (earlier.key.kind != Kind::kCompare || !TierCovers(earlier.key, entry.key)) continue;
          Diagnostic& d = Report(
              DiagCode::kTableUnreachable, entry.key.span,
              Tr("entry {0} of table '{1}' is never used: {2} before it already covers it", entry.key.written, table.name,
                 earlier.key.written),
              std::string(entry.key.comparator == model::Comparator::kGe || entry.key.comparator == model::Comparator::kGt
                              ? Tr("a lookup takes the first tier that matches; write the highest bound first (>= 75, then >= 70)")
                              : Tr("a lookup takes the first tier that matches; write the lowest bound first (<= 50, then <= 100)")));
          d.notes.push_back(Note{earlier.key.span, std::string(Tr("the entry that covers it"))});
          break;
        }
        continue;
      }
      if (!numeric(entry)) continue;
      for (size_t j = 0; j < i; ++j) {
        const model::TableEntry& earlier = table.entries[j];
        if (!numeric(earlier)) continue;
        if (low(earlier) <= low(entry) && high(entry) <= high(earlier)) {
          Diagnostic& d = Report(
              DiagCode::kTableUnreachable, entry.key.span,
              Tr("entry {0} of table '{1}' is never used: {2} before it already covers it", entry.key.written, table.name,
                 earlier.key.written),
              std::string(Tr("a lookup takes the first entry that matches; remove this entry, or narrow the one before it")));
          d.notes.push_back(Note{earlier.key.span, std::string(Tr("the entry that covers it"))});
          break;
        }
        if (entry.key.kind == Kind::kRange && earlier.key.kind == Kind::kRange && low(entry) <= high(earlier) &&
            low(earlier) <= high(entry)) {
          const double from = std::max(low(entry), low(earlier));
          const double to = std::min(high(entry), high(earlier));
          const std::string shared = from == to ? Number(from) : Number(from) + ".." + Number(to);
          Diagnostic& d = Report(
              DiagCode::kTableOverlap, entry.key.span,
              Tr("range {0} of table '{1}' overlaps range {2} before it: both cover {3}", entry.key.written, table.name,
                 earlier.key.written, shared),
              Tr("a lookup takes the first entry that matches, so {0} gets the earlier entry's value; make the ranges meet "
                 "without sharing a value", shared));
          d.notes.push_back(Note{earlier.key.span, std::string(Tr("the range it overlaps"))});
          break;
        }
      }
    }
  }

  // V3008, V3009: a waiver whose `until` has passed, or comes within the window, on the as-of date.
  void LintWaiver(const model::Waiver& waiver) {
    if (!waiver.until || !waiver.until_span.IsValid()) return;
    const int days = DaysBetween(options_.as_of, *waiver.until);
    const std::string as_of = model::Format(options_.as_of);
    const std::string until = model::Format(*waiver.until);
    if (days < 0) {
      Report(DiagCode::kWaiverExpired, waiver.until_span,
             days == -1 ? Tr("the waiver for '{0}' expired on {1}, 1 day before {2}", waiver.commitment, until, as_of)
                        : Tr("the waiver for '{0}' expired on {1}, {2} days before {3}", waiver.commitment, until, -days,
                             as_of),
             Tr("it no longer waives anything after {0}: renew it with a later `until` if the reason still "
                "holds, or remove it; keep it for past years with --allow=waiver-expired", until));
    } else if (days <= options_.expiring_within_days) {
      Report(DiagCode::kWaiverExpiring, waiver.until_span,
             days == 0   ? Tr("the waiver for '{0}' expires on {1}, today ({2})", waiver.commitment, until, as_of)
             : days == 1 ? Tr("the waiver for '{0}' expires on {1}, in 1 day (as of {2})", waiver.commitment, until, as_of)
                         : Tr("the waiver for '{0}' expires on {1}, in {2} days (as of {3})", waiver.commitment, until, days,
                              as_of),
             Tr("if the reason still holds, have it renewed before {0}; after that date '{1}' is evaluated again", until,
                waiver.commitment));
    }
  }

  // V3011: every verdict scores 0, so the contract's score is 0 whatever happens.
  void LintScoring(const model::Contract& contract) {
    if (contract.commitments.empty() && contract.milestones.empty()) return;
    if (!contract.scoring.span.IsValid()) return;
    for (const auto& [verdict, score] : contract.scoring.values) {
      if (score != 0) return;
    }
    Report(DiagCode::kScoringAllZero, contract.scoring.span,
           Tr("every verdict scores 0 in contract '{0}', so its score is always 0 whatever the results", contract.name),
           std::string(Tr("give `met` a score above 0, such as `met 1` (atteint 1); weights cannot make up for it")));
  }

  // V3012: a milestone due before the contract starts or after it ends.
  void LintMilestoneDue(const model::Contract& contract, const model::Milestone& milestone) {
    if (contract.first_year == 0 || !milestone.due_span.IsValid()) return;
    const int year = contract.YearOf(milestone.due);
    if (year >= contract.first_year && year <= contract.last_year) return;
    const std::string period = std::to_string(contract.first_year) + ".." + std::to_string(contract.last_year);
    Report(DiagCode::kMilestoneOutsidePeriod, milestone.due_span,
           year < contract.first_year
               ? Tr("milestone '{0}' is due on {1}, before the period {2} of contract '{3}'", milestone.name,
                    model::Format(milestone.due), period, contract.name)
               : Tr("milestone '{0}' is due on {1}, after the period {2} of contract '{3}'", milestone.name,
                    model::Format(milestone.due), period, contract.name),
           std::string(Tr("check the date: a milestone's due date is normally within its contract's years")));
  }

  const model::Model& model_;
  const LintOptions& options_;
  std::vector<Diagnostic> found_;
};

}  // namespace

void Lint(const model::Model& model, const SourceManager& /*sources*/, DiagnosticSink& sink, const LintOptions& options) {
  for (Diagnostic& diagnostic : Linter(model, options).Run()) sink.Report(std::move(diagnostic));
}

}  // namespace vigie::sema
