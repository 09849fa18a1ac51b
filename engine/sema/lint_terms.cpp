#include "engine/sema/lint_terms.h"

#include <set>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"

namespace vigie::sema {
namespace {

// How many verdicts an item has in a year, as far as the ruleset tells: `fixed` + `per_member` × the
// number of members of the contract's groups, times `per_year` (quarters, months); `variable` when a
// `where` filter decides it. Two items with the same count weigh the same by verdict as by commitment.
struct VerdictCount {
  int fixed = 0;
  int per_member = 0;
  int per_year = 1;
  bool variable = false;
  bool operator==(const VerdictCount& o) const {
    return !variable && !o.variable && fixed * per_year == o.fixed * o.per_year &&
           per_member * per_year == o.per_member * o.per_year;
  }
};

VerdictCount CountOf(const model::Contract& contract, const model::Applicability& applicability) {
  int groups = 0, entities = 0;
  for (const model::Party& party : contract.parties) (party.kind == model::Party::Kind::kGroup ? groups : entities) += 1;
  VerdictCount count;
  switch (applicability.kind) {
    case model::Applicability::Kind::kEachMember:
      count.per_member = 1;
      count.variable = applicability.where != nullptr;
      break;
    case model::Applicability::Kind::kGroup: count.fixed = groups; break;
    case model::Applicability::Kind::kEntities:
      count.fixed = static_cast<int>(applicability.entities.size());
      count.variable = applicability.where != nullptr;
      break;
    case model::Applicability::Kind::kContractParties:
      count.fixed = entities;
      count.per_member = groups > 0 ? 1 : 0;
      break;
  }
  return count;
}

std::string Describe(const model::Contract& contract, const model::Applicability& applicability, int per_year) {
  std::string text;
  switch (applicability.kind) {
    case model::Applicability::Kind::kEachMember:
      text = applicability.where ? Tr("a verdict for each member for which its `where` holds")
                                 : Tr("a verdict for each member of the group");
      break;
    case model::Applicability::Kind::kGroup: text = Tr("one verdict for the group as a whole"); break;
    case model::Applicability::Kind::kEntities:
      text = applicability.entities.size() == 1
                 ? std::string(Tr("one verdict, for the establishment it names"))
                 : Tr("a verdict for each of the {0} establishments it names", static_cast<int64_t>(applicability.entities.size()));
      break;
    case model::Applicability::Kind::kContractParties: {
      const VerdictCount count = CountOf(contract, applicability);
      text = count.per_member > 0 ? std::string(Tr("a verdict for each party and each member of the group"))
             : count.fixed == 1   ? std::string(Tr("one verdict for the party"))
                                  : Tr("a verdict for each of the {0} parties", static_cast<int64_t>(count.fixed));
      break;
    }
  }
  if (per_year == 4) return Tr("{0}, each quarter", text);
  if (per_year == 12) return Tr("{0}, each month", text);
  return text;
}

struct ItemCount {
  std::string name;
  Span span;
  VerdictCount count;
  std::string description;
  std::set<int> years;
};

std::vector<ItemCount> ItemCounts(const model::Contract& contract) {
  std::vector<ItemCount> out;
  for (const model::Commitment& c : contract.commitments) {
    ItemCount item{c.name, c.name_span, CountOf(contract, c.applicability), "", {}};
    if (c.measured != nullptr) {
      if (c.measured->period_kind == model::PeriodKind::kQuarter) item.count.per_year = 4;
      if (c.measured->period_kind == model::PeriodKind::kMonth) item.count.per_year = 12;
    }
    item.description = Describe(contract, c.applicability, item.count.per_year);
    if (!c.targets.empty() && !c.improvement && !c.composite) {
      for (const model::PeriodTarget& t : c.targets) item.years.insert(t.period.year);
    } else {
      for (int y = contract.first_year; y <= contract.last_year; ++y) item.years.insert(y);
    }
    out.push_back(std::move(item));
  }
  for (const model::Milestone& m : contract.milestones) {
    ItemCount item{m.name, m.name_span, CountOf(contract, m.applicability), "", {contract.YearOf(m.due)}};
    item.description = Describe(contract, m.applicability, 1);
    out.push_back(std::move(item));
  }
  return out;
}

// V3020: the contract does not say `scoring by verdict` or `by commitment`, and two of its items
// that are scored in the same year have (or may have) different numbers of verdicts: the two ways
// give different scores, hence different payments.
void LintScoringBasis(const model::Contract& contract, std::vector<Diagnostic>& out) {
  if (contract.scoring.basis_span.IsValid()) return;
  const model::Aggregate aggregate = contract.scoring.aggregate;
  if (aggregate != model::Aggregate::kWeightedMean && aggregate != model::Aggregate::kMean &&
      aggregate != model::Aggregate::kSum) {
    return;  // min, max, count: by commitment only
  }
  const std::vector<ItemCount> items = ItemCounts(contract);
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = i + 1; j < items.size(); ++j) {
      const ItemCount& a = items[i];
      const ItemCount& b = items[j];
      int shared_year = 0;
      for (int year : a.years) {
        if (b.years.count(year) > 0) {
          shared_year = year;
          break;
        }
      }
      if (shared_year == 0 || a.count == b.count) continue;
      Diagnostic d = MakeDiagnostic(
          DiagCode::kScoringBasisUnsaid, contract.scoring.span.IsValid() ? contract.scoring.span : a.span,
          Tr("contract '{0}' does not say whether its score averages its commitments or its verdicts, and here the "
             "two differ",
             contract.name));
      d.notes.push_back(Note{a.span, Tr("'{0}': {1}", a.name, a.description)});
      d.notes.push_back(Note{b.span, Tr("'{0}': {1}", b.name, b.description)});
      d.help = Tr("write `scoring by commitment` (notation par engagement: each commitment's mean over its "
                  "establishments, the default) or `scoring by verdict` (notation par verdict: every verdict "
                  "weighted), as the contract's text says");
      out.push_back(std::move(d));
      return;  // one warning per contract
    }
  }
}

// V3021: points for a verdict that is not a result: a commitment that does not apply, a period not
// ended. Missing data may be credited (a contract may say that unsent data scores 0).
void LintUndecidedCredits(const model::Contract& contract, std::vector<Diagnostic>& out) {
  for (const auto& [verdict, span] : contract.scoring.value_spans) {
    if (verdict != model::Verdict::kNotApplicable && verdict != model::Verdict::kPending) continue;
    Diagnostic d = MakeDiagnostic(
        DiagCode::kCreditUndecided, span,
        verdict == model::Verdict::kNotApplicable
            ? Tr("the scoring of contract '{0}' gives points to not applicable: a commitment that does not apply to "
                 "an establishment would count in its score",
                 contract.name)
            : Tr("the scoring of contract '{0}' gives points to pending: a year not ended would count in the score "
                 "before its results are known",
                 contract.name));
    d.help = Tr("leave it out of `scoring`: not applicable and pending are then left out of the score; to count "
                "data that was not sent, credit missing_data (donnée_manquante) instead");
    out.push_back(std::move(d));
  }
}

// The attributes a condition compares (=, has, in...) with the comparison, and those it tests with
// `is present` / `is absent`.
void AttributesOf(const model::Expr& e, std::vector<std::pair<std::string, Span>>& compared, std::set<std::string>& tested) {
  using K = model::Expr::Kind;
  if (e.kind == K::kPresence) {
    if (!e.operands.empty() && e.operands[0] && e.operands[0]->kind == K::kAttribute) tested.insert(e.operands[0]->text);
    return;
  }
  if (e.kind == K::kCompare || e.kind == K::kHas || e.kind == K::kIn) {
    for (const model::ExprPtr& operand : e.operands) {
      if (operand && operand->kind == K::kAttribute) compared.emplace_back(operand->text, e.span);
    }
  }
  for (const model::ExprPtr& operand : e.operands) {
    if (operand) AttributesOf(*operand, compared, tested);
  }
}

// V3022: a `where` compares an attribute without saying what an establishment without it gets: it
// would get missing data (docs/evaluation.md#where-filters-and-attributes), which the contract may not mean.
void LintAbsentAttributes(const std::string& item, const model::Applicability& applicability, std::vector<Diagnostic>& out) {
  if (!applicability.where) return;
  std::vector<std::pair<std::string, Span>> compared;
  std::set<std::string> tested, reported;
  AttributesOf(*applicability.where, compared, tested);
  for (const auto& [attribute, span] : compared) {
    if (tested.count(attribute) > 0 || !reported.insert(attribute).second) continue;
    Diagnostic d = MakeDiagnostic(
        DiagCode::kAbsentAttributeUnsaid, span,
        Tr("the `where` of '{0}' compares '{1}' but does not say what a member without '{1}' gets: it would get "
           "missing data",
           item, attribute));
    d.help = Tr("write `{0} is present and ...` (est présent et) to leave members without it out of scope, or `{0} is "
                "absent or ...` (est absent ou) to keep them in scope",
                attribute);
    out.push_back(std::move(d));
  }
}

// V3023: the contract was signed after some of its years had ended: targets for years already past.
void LintSignedAfterStart(const model::Contract& contract, std::vector<Diagnostic>& out) {
  if (!contract.signed_on || !contract.signed_span.IsValid() || contract.first_year == 0) return;
  int last_past = 0;
  for (int year = contract.first_year; year <= contract.last_year; ++year) {
    if (calendar::ContractYearLastDate(year, contract.year_start_month) < *contract.signed_on) last_past = year;
  }
  if (last_past == 0) return;
  const std::string years = last_past == contract.first_year ? std::to_string(last_past)
                                                             : std::to_string(contract.first_year) + ".." + std::to_string(last_past);
  Diagnostic d = MakeDiagnostic(
      DiagCode::kSignedAfterStart, contract.signed_span,
      Tr("contract '{0}' is signed on {1}, after {2} had ended: its targets for {2} were set for years already past",
         contract.name, FormatDate(model::Format(*contract.signed_on)), years));
  d.help = Tr("check the signature date and the period; if the contract really covers past years, allow this warning "
              "(--allow=signed-after-start)");
  out.push_back(std::move(d));
}

}  // namespace

std::vector<Diagnostic> LintContractTerms(const model::Model& /*model*/, const model::Contract& contract) {
  std::vector<Diagnostic> out;
  LintScoringBasis(contract, out);
  LintUndecidedCredits(contract, out);
  for (const model::Commitment& c : contract.commitments) LintAbsentAttributes(c.name, c.applicability, out);
  for (const model::Milestone& m : contract.milestones) LintAbsentAttributes(m.name, m.applicability, out);
  LintSignedAfterStart(contract, out);
  return out;
}

}  // namespace vigie::sema
