// Contracts and templates: parties, commitments and their targets, milestones, composites, waivers,
// scoring, payments, and template instantiation.
#include <algorithm>
#include <functional>
#include <set>

#include "engine/base/locale_text.h"
#include "engine/base/party_id.h"
#include "engine/base/suggest.h"
#include "engine/sema/checker_internal.h"
#include "engine/sema/shipped_catalogs.h"
#include "engine/syntax/ast_printer.h"

namespace vigie::sema::internal {
namespace {

// A template's items first, then the contract's own: single values given by the contract win,
// lists are joined (a name declared in both is then reported as a duplicate).
ast::ContractBody Merge(const ast::ContractBody& base, const ast::ContractBody& own) {
  ast::ContractBody merged = base;
  if (own.kind) merged.kind = own.kind;
  if (own.authority) merged.authority = own.authority;
  if (own.signed_on || own.signed_from) {
    merged.signed_on = own.signed_on;
    merged.signed_from = own.signed_from;
  }
  if (own.period) merged.period = own.period;
  if (own.scoring) merged.scoring = own.scoring;
  if (!own.parties.empty()) merged.parties = own.parties;
  auto append = [](auto& into, const auto& from) { into.insert(into.end(), from.begin(), from.end()); };
  append(merged.commitments, own.commitments);
  append(merged.milestones, own.milestones);
  append(merged.waivers, own.waivers);
  append(merged.payments, own.payments);
  append(merged.tables, own.tables);
  merged.amendments = own.amendments;  // a template's own avenants are refused (V2234)
  return merged;
}

using calendar::FromOrdinal;
using calendar::Ordinal;

}  // namespace

class ContractChecker {
 public:
  // `period 2021-10..2026-09`: whole contract years from the start month, each known by the calendar
  // year that holds most of its months (calendar::ContractYearOf).
  void AnniversaryYears(const ast::YearRange& period, model::Contract& out) {
    period_given_ = true;
    if (period.first == 0 || period.last == 0) return;  // a month that does not exist: reported by the parser
    const calendar::Period first{calendar::PeriodKind::kMonth, period.first, period.first_month};
    const calendar::Period last{calendar::PeriodKind::kMonth, period.last, period.last_month};
    if (last < first) {
      c_.Report(DiagCode::kInvalidPeriodRange, period.span,
                Tr("the contract's period ends ({0}) before it starts ({1})", calendar::Format(last), calendar::Format(first)),
                Tr("write the first month first: {0}..{1}", calendar::Format(last), calendar::Format(first)));
      return;
    }
    if (std::string why = calendar::WhyNotContractYears(first, last); !why.empty()) {
      c_.Report(DiagCode::kNotWholeContractYears, period.span, why,
                std::string(Tr("a contract year runs 12 months from the anniversary month: end the period on the "
                               "month before it, such as 2021-10..2026-09")));
      return;
    }
    out.year_start_month = first.sub;
    out.first_year = calendar::ContractYearOf(first.year, first.sub);
    out.last_year = calendar::ContractYearOf(last.year - (last.sub < first.sub ? 1 : 0), first.sub);
    has_period_ = true;
  }

  ContractChecker(Checker& checker, const ast::ContractBody& body, Scope parameters, bool is_template,
                  std::string name)
      : c_(checker), body_(body), parameters_(std::move(parameters)), is_template_(is_template), name_(std::move(name)) {}

  void Run(model::Contract& out) {
    out.name = name_;
    if (!is_template_) arguments_ = &out.arguments;
    if (body_.kind) {
      if (auto kind = c_.Canonical(syntax::ContractKinds(), *body_.kind)) out.kind = model::ContractKindFromCanonical(*kind);
    }
    if (body_.authority) out.authority = body_.authority->value;
    if (body_.signed_on) out.signed_on = ToDate(*body_.signed_on);
    if (body_.signed_from) out.signed_on = DateOfParameter(*body_.signed_from);
    if (body_.signed_on) out.signed_span = body_.signed_on->span;
    if (body_.signed_from) out.signed_span = body_.signed_from->span;
    if (body_.period && body_.period->first_month != 0) {
      AnniversaryYears(*body_.period, out);
    } else if (body_.period) {
      out.first_year = body_.period->first;
      out.last_year = body_.period->last;
      if (out.last_year < out.first_year) {
        c_.Report(DiagCode::kInvalidPeriodRange, body_.period->span,
                  Tr("the contract's period ends ({0}) before it starts ({1})", out.last_year, out.first_year),
                  Tr("write the first year first: {0}..{1}", out.last_year, out.first_year));
        out.first_year = out.last_year = 0;  // no usable period: no follow-on "outside the period" errors
      }
      has_period_ = out.first_year != 0;
      period_given_ = true;
    }
    first_year_ = out.first_year;
    last_year_ = out.last_year;
    for (const ast::Party& party : body_.parties) {
      if (party.kind == ast::Party::Kind::kGroup) {
        out.parties.push_back(model::Party{model::Party::Kind::kGroup, party.group.name, ""});
        has_group_ = true;
      } else if (party.kind == ast::Party::Kind::kOther) {
        CheckOtherParty(party, out);
      } else {
        c_.CheckFiness(party.entity.code, party.entity.span);
        out.parties.push_back(model::Party{model::Party::Kind::kEntity, party.entity.code, ""});
      }
    }
    // Names of the contract's commitments, milestones and payments, for composites, waivers and payments.
    CollectNames();
    for (const ast::Table& table : body_.tables) tables_[table.name.name] = &table;
    for (const ast::Commitment& commitment : body_.commitments) out.commitments.push_back(CheckCommitment(commitment));
    for (const ast::Milestone& milestone : body_.milestones) out.milestones.push_back(CheckMilestone(milestone));
    CheckCompositeCycles(out);
    for (const ast::Waiver& waiver : body_.waivers) out.waivers.push_back(CheckWaiver(waiver));
    out.scoring = CheckScoring();
    CheckTables(out);
    CheckPayments(out);
  }

 private:
  // `commune 79191`, `clsm CLSM_NIORT`: a known kind, and a code of that kind's form (party_id.h).
  void CheckOtherParty(const ast::Party& party, model::Contract& out) {
    std::optional<std::string> kind = c_.Canonical(syntax::PartyKinds(), party.other_kind);
    if (!kind) return;
    const std::string problem = PartyIdProblem(*kind, party.entity.code);
    if (!problem.empty()) {
      c_.Report(DiagCode::kBadPartyId, party.entity.span,
                Tr("'{0}' is not a valid code for a party of kind {1}", party.entity.code,
                   std::string(syntax::PartyKinds().Spelling(*kind))),
                problem);
      return;
    }
    out.parties.push_back(model::Party{model::Party::Kind::kOther, party.entity.code, *kind});
    if (out.parties.back().ActsAsGroup()) has_group_ = true;  // a territory may have members
    other_parties_.insert(party.entity.code);
    c_.other_parties_.emplace(party.entity.code, *kind);
  }

  // A party in a `for` list: a party of another kind that the contract declares, else a FINESS. A
  // name (not a number) must be one of those parties: a group is judged with `for group`.
  void CheckPartyRef(const ast::EntityRef& entity) {
    if (other_parties_.count(entity.code)) return;
    const bool name = !entity.code.empty() && !std::isdigit(static_cast<unsigned char>(entity.code[0]));
    if (!name) {
      c_.CheckFiness(entity.code, entity.span);
      return;
    }
    if (is_template_) return;  // the contract made from the template declares its parties
    const bool group = std::any_of(body_.parties.begin(), body_.parties.end(), [&](const ast::Party& p) {
      return p.kind == ast::Party::Kind::kGroup && p.group.name == entity.code;
    });
    c_.Report(DiagCode::kUnknownParty, entity.span,
              group ? Tr("'{0}' is a group: a list after 'for' names single parties", entity.code)
                    : Tr("'{0}' is not a party of contract '{1}'", entity.code, name_),
              group ? std::string(Tr("write 'for group' (pour groupe) or 'for each member' (pour chaque membre)"))
                    : Tr("declare it among the parties with its kind, e.g. parties clsm {0} (or commune, département, "
                         "région, territoire_de_santé, territoire_ght, association, institution)",
                         entity.code));
  }

  void CollectNames() {
    std::map<std::string, Span> seen;
    // `message`: "KIND '{0}' is declared twice in contract '{1}'", one sentence per kind.
    auto declare = [&](const ast::Identifier& name, std::string_view message) {
      auto [it, inserted] = seen.emplace(name.name, name.span);
      if (!inserted) {
        Diagnostic& d =
            c_.Report(DiagCode::kDuplicateDeclaration, name.span, FormatText(Tr(message), name.name, name_),
                      std::string(Tr("each commitment, milestone and payment of a contract needs its own name")));
        d.notes.push_back(Note{it->second, std::string(Tr("first declared here"))});
      }
    };
    for (const auto& x : body_.commitments) {
      declare(x.name, N_("commitment '{0}' is declared twice in contract '{1}'"));
      commitment_names_.push_back(x.name.name);
      known_names_.insert(x.name.name);
    }
    for (const auto& x : body_.milestones) {
      declare(x.name, N_("milestone '{0}' is declared twice in contract '{1}'"));
      commitment_names_.push_back(x.name.name);
      known_names_.insert(x.name.name);
    }
    for (const auto& x : body_.payments) declare(x.name, N_("payment '{0}' is declared twice in contract '{1}'"));
    std::map<std::string, Span> tables;
    for (const auto& x : body_.tables) {
      auto [it, inserted] = tables.emplace(x.name.name, x.name.span);
      if (!inserted) {
        Diagnostic& d = c_.Report(DiagCode::kDuplicateDeclaration, x.name.span, Tr("table '{0}' is declared twice", x.name.name),
                                  std::string(Tr("rename one of them")));
        d.notes.push_back(Note{it->second, std::string(Tr("first declared here"))});
      }
    }
  }

  std::string ClauseText(const Span& span) const {
    if (!span.IsValid()) return "";
    const SourceFile& file = c_.sources_.Get(span.file);
    return file.ParagraphFor(file.Locate(span.begin).line);
  }

  bool Known(const std::string& name) const {
    // A set, not the list: a contract of thousands of composites asks once per member.
    return known_names_.count(name) > 0;
  }

  const Scope& WhereScope() {
    if (where_scope_) return *where_scope_;
    Scope& scope = where_scope_.emplace(parameters_);
    scope.context = Tr("a 'where' filter");
    for (const auto& [name, entry] : c_.IndicatorScope().names) scope.names.emplace(name, entry);
    for (const auto& [name, attribute] : c_.attributes_) {
      scope.names.emplace(name, std::make_pair(NameKind::kAttribute, ExprType::Unknown()));
    }
    return scope;
  }

  model::Applicability CheckApplicability(const std::optional<ast::Applicability>& applicability) {
    model::Applicability out;
    if (!applicability) return out;
    using K = ast::Applicability::Kind;
    switch (applicability->kind) {
      case K::kEachMember: out.kind = model::Applicability::Kind::kEachMember; break;
      case K::kGroup: out.kind = model::Applicability::Kind::kGroup; break;
      case K::kEntities: out.kind = model::Applicability::Kind::kEntities; break;
    }
    if (applicability->kind != K::kEntities && !has_group_ && !is_template_) {
      c_.Report(DiagCode::kNoGroupParty, applicability->span,
                applicability->kind == K::kGroup ? std::string(Tr("'for group' needs a group among the contract's parties"))
                                                 : std::string(Tr("'for each member' needs a group among the contract's parties")),
                std::string(Tr("add `parties group NAME` (parties groupe NOM) to the contract")));
    }
    if (applicability->where) {
      out.where = c_.CheckExpr(*applicability->where, WhereScope());
      c_.ExpectBool(*applicability->where, out.where->type, std::string(Tr("a 'where' filter")));
    }
    for (const ast::EntityRef& entity : applicability->entities) {
      CheckPartyRef(entity);
      out.entities.push_back(entity.code);
    }
    return out;
  }

  // ── baselines and per-year rules (docs/language.md, "Baselines")

  // `baseline 2017`: in the contract's period or before it, with at least one year after it to judge.
  void CheckBaselineYear(const ast::YearRange& year, model::Commitment& out) {
    out.baseline_year = year.first;
    out.baseline_span = year.span;
    if (has_period_ && year.first >= last_year_) {
      c_.Report(DiagCode::kBaselineLeavesNoYear, year.span,
                Tr("baseline year {0} leaves no year of the period {1}..{2} to judge", year.first, first_year_, last_year_),
                std::string(Tr("the baseline year is the reference, not judged: widen the period or take an earlier year")));
    }
  }

  // `for 3 consecutive years`: a whole number of years, 2 to 20, of a yearly indicator.
  void CheckConsecutiveYears(const ast::Number& count, const model::Indicator& indicator, model::Commitment& out) {
    if (count.text.find('.') != std::string::npos || count.value < 2 || count.value > 20) {
      c_.Report(DiagCode::kConsecutiveYears, count.span,
                Tr("'for {0} consecutive years' needs a whole number of years from 2 to 20", count.text),
                std::string(Tr("for example: for 3 consecutive years (pour 3 années consécutives)")));
      return;
    }
    if (indicator.period_kind != model::PeriodKind::kYear && !indicator.incomplete) {
      c_.Report(DiagCode::kConsecutiveNotYearly, count.span,
                Tr("indicator '{0}' is not measured by year: 'for N consecutive years' judges yearly values", indicator.name),
                std::string(Tr("use a yearly indicator, or remove 'for N consecutive years'")));
      return;
    }
    out.consecutive_years = static_cast<int>(count.value);
  }

  // `95 % of baseline` -> "95"; `baseline` -> "100". None when the share is not in % (reported).
  std::optional<std::string> ShareOf(const ast::BaselineShare& share) {
    if (!share.share) return std::string("100");
    std::optional<std::string> unit = c_.QuantityUnit(*share.share);
    if (!unit) return std::nullopt;
    if (*unit != "percent") {
      if (reported_relative_.insert(share.span.begin).second) {
        c_.Report(DiagCode::kBaselineShareUnit, share.share->span,
                  Tr("a share of the baseline is written in %, not {0}", Checker::DescribeUnit(unit)),
                  Tr("write {0} % of baseline (de la référence)", share.share->number.text));
      }
      return std::nullopt;
    }
    return share.share->number.text;
  }

  static std::string ShareWritten(const std::string& share) {
    return share == "100" ? std::string(Tr("the baseline")) : Tr("{0} % of the baseline", share);
  }

  // A year's target relative to the baseline and its `partially met up to` limit. False when the
  // target cannot be kept (a mistake reported).
  bool RelativeRule(model::PeriodTarget& item, const std::optional<ast::BaselineShare>& share,
                    const std::optional<ast::PartialLimit>& partial, const model::Indicator& indicator,
                    const model::Commitment& out) {
    if (share) {
      std::optional<std::string> text = ShareOf(*share);
      if (!text) return false;
      item.baseline_share = *text;
      item.bound = 0;
      item.bound_text.clear();
    }
    if (partial) CheckPartialLimit(item, *partial, indicator);
    if (!item.UsesBaseline() && !out.baseline_year) return true;
    const Span where = share ? share->span : partial && partial->of_baseline ? partial->of_baseline->span : item.span;
    if (!out.baseline_year) {
      if (reported_relative_.insert(where.begin).second) {
        c_.Report(DiagCode::kNoBaselineYear, where,
                  Tr("this target is relative to the baseline, but commitment '{0}' names no baseline year", out.name),
                  std::string(Tr("add `baseline 2017` (référence 2017): the year whose own value is the baseline")));
      }
      return false;
    }
    if (item.period.year <= *out.baseline_year) {
      if (reported_relative_.insert(item.span.begin).second) {
        Diagnostic& d = c_.Report(DiagCode::kTargetNotAfterBaseline, item.span,
                                  Tr("a target for {0}, which is not after the baseline year {1}",
                                     calendar::FormatForMessage(item.period), *out.baseline_year),
                                  Tr("the baseline year is the reference, not judged: give targets from {0} on",
                                     *out.baseline_year + 1));
        d.notes.push_back(Note{out.baseline_span, std::string(Tr("the baseline year"))});
      }
      return false;
    }
    return true;
  }

  void CheckPartialLimit(model::PeriodTarget& item, const ast::PartialLimit& partial, const model::Indicator& indicator) {
    const bool upward = item.comparator == model::Comparator::kGe || item.comparator == model::Comparator::kGt;
    const bool downward = item.comparator == model::Comparator::kLe || item.comparator == model::Comparator::kLt;
    const bool first_report = reported_relative_.insert(partial.span.begin).second;
    if (!upward && !downward) {
      if (first_report) {
        c_.Report(DiagCode::kPartialLimitNoDirection, partial.span,
                  Tr("a 'partially met up to' limit needs a target with >=, >, <= or <, not {0}", model::Name(item.comparator)),
                  std::string(Tr("write the target with a direction, such as <= 95 % of baseline")));
      }
      return;
    }
    model::PeriodTarget::Limit limit;
    std::string written;
    if (partial.of_baseline) {
      std::optional<std::string> share = ShareOf(*partial.of_baseline);
      if (!share) return;
      limit.baseline_share = *share;
      written = ShareWritten(*share);
    } else if (partial.value) {
      if (first_report) CheckTargetUnit(*partial.value, indicator);
      limit.text = partial.value->number.text;
      written = limit.text + (partial.value->unit ? " " + partial.value->unit->text : "");
    } else {
      return;  // a syntax error, reported
    }
    // The wrong side is known before any data when both are numbers, or both shares of the baseline.
    const bool both_shares = item.baseline_share && limit.baseline_share;
    const bool both_numbers = !item.baseline_share && !limit.baseline_share;
    std::optional<Rational> bound = Rational::FromDecimal(both_shares ? *item.baseline_share : item.bound_text);
    std::optional<Rational> edge = Rational::FromDecimal(both_shares ? *limit.baseline_share : limit.text);
    if ((both_shares || both_numbers) && bound && edge && (upward ? *bound < *edge : *edge < *bound)) {
      if (first_report) {
        const std::string target = item.baseline_share ? ShareWritten(*item.baseline_share)
                                   : ValueWithUnit(item.bound_text, model::Name(indicator.unit));
        c_.Report(DiagCode::kPartialLimitWrongSide, partial.span,
                  Tr("the limit {0} is on the wrong side of the target {1} {2}: no value could be partially met", written,
                     model::Name(item.comparator), target),
                  upward ? std::string(Tr("with >= or >, the partially met band lies below the target: write a lower limit"))
                         : std::string(Tr("with <= or <, the partially met band lies above the target: write a higher limit")));
      }
      return;
    }
    item.partial = limit;
  }

  // Checks a target's (or a limit's) quantity against the indicator's unit, then against the values
  // the indicator can take (its range; not below zero for a count).
  void CheckTargetUnit(const ast::Quantity& quantity, const model::Indicator& indicator) {
    if (indicator.incomplete) return;  // its unit may be the part lost to a syntax error
    std::optional<std::string> unit = c_.QuantityUnit(quantity);
    if (!unit) return;
    const std::string expected = Checker::UnitOfIndicator(indicator.unit);
    if (*unit == expected) {
      c_.CheckWithinIndicator(quantity, indicator, /*is_target=*/true);
      return;
    }
    std::string help = Checker::WriteInUnitHelp(quantity, expected);
    if (*unit == "points") {
      help = Tr("'pts' is for tolerances and improvements; a target is written in {0}", Checker::DescribeUnit(expected));
    }
    const std::string written = quantity.number.text + (quantity.unit ? " " + quantity.unit->text : "");
    c_.Report(DiagCode::kTargetUnitMismatch, quantity.span,
              Tr("target {0} is {1}, but indicator '{2}' is in {3}", written, Checker::WrittenAs(*unit), indicator.name,
                 Checker::UnitName(indicator.unit)),
              help);
  }

  // Tolerances and improvements: '%' is relative; 'pts' is absolute and only for percentages;
  // otherwise the indicator's own unit (or a plain number) is absolute.
  std::optional<model::Tolerance::Kind> DeltaKind(const ast::Quantity& quantity, const model::Indicator& indicator,
                                                  std::string_view what) {
    std::optional<std::string> unit = c_.QuantityUnit(quantity);
    if (indicator.incomplete && unit) {
      return *unit == "percent" ? model::Tolerance::Kind::kRelative : model::Tolerance::Kind::kAbsolute;
    }
    if (!unit) return std::nullopt;
    const std::string own = Checker::UnitOfIndicator(indicator.unit);
    if (indicator.unit == model::Unit::kPercent) {
      if (*unit == "points") return model::Tolerance::Kind::kAbsolute;
      if (*unit == "percent") return model::Tolerance::Kind::kRelative;
      c_.Report(DiagCode::kToleranceUnitMismatch, quantity.span,
                Tr("{0} of a percentage must be in pts (points, absolute) or % (relative), not {1}", Tr(what),
                   Checker::DescribeUnit(unit)),
                Tr("write {0} pts for percentage points, or {0} % for a share of the value", quantity.number.text));
      return std::nullopt;
    }
    if (*unit == "percent") return model::Tolerance::Kind::kRelative;
    if (*unit == own) return model::Tolerance::Kind::kAbsolute;
    c_.Report(DiagCode::kToleranceUnitMismatch, quantity.span,
              Tr("{0} in {1} does not fit indicator '{2}' in {3}", Tr(what), Checker::DescribeUnit(unit), indicator.name,
                 Checker::UnitName(indicator.unit)),
              *unit == "points"
                  ? Tr("'pts' (percentage points) only applies to indicators in percent; use {0} or %", Checker::DescribeUnit(own))
                  : Tr("use {0} (absolute) or % (relative)", Checker::DescribeUnit(own)));
    return std::nullopt;
  }

  void CheckYearInPeriod(int year, Span span) {
    if (!has_period_ || year == 0) return;
    if (year >= first_year_ && year <= last_year_) return;
    c_.Report(DiagCode::kTargetOutsidePeriod, span,
              Tr("year {0} is outside the contract's period {1}..{2}", year, first_year_, last_year_),
              std::string(Tr("remove this target, or widen the contract's `period`")));
  }

  std::optional<model::Comparator> DefaultComparator(const model::Indicator& indicator, Span span) {
    if (indicator.better) {
      return *indicator.better == model::Direction::kHigher ? model::Comparator::kGe : model::Comparator::kLe;
    }
    if (indicator.incomplete || !reported_direction_.insert(span.begin).second) return std::nullopt;
    c_.Report(DiagCode::kMissingProperty, span,
              Tr("indicator '{0}' has no direction, so this target needs a comparator", indicator.name),
              std::string(Tr("write >= or <= before the value, or give the indicator `better higher` or `better lower`")));
    return std::nullopt;
  }

  void CheckTarget(const ast::Target& target, const model::Indicator& indicator, model::Commitment& out) {
    std::map<int, Span> covered;  // ordinal -> entry that covers it
    std::optional<model::PeriodKind> kind;
    // `at least B`: the rank of B, read as "a rank at most B's" (1 is the most favourable).
    auto add = [&](const model::Period& period, const std::optional<ast::Comparator>& comparator,
                   const ast::Quantity& value, Span span, const std::optional<ast::Identifier>& category = std::nullopt,
                   const std::optional<ast::BaselineShare>& share = std::nullopt,
                   const std::optional<ast::PartialLimit>& partial = std::nullopt) {
      model::PeriodTarget item;
      item.period = period;
      item.span = span;
      item.bound = value.number.value;
      item.bound_text = value.number.text;
      if (category) {
        const int rank = c_.CategoryRank(*category, indicator);
        if (rank == 0) return;
        item.category = category->name;
        item.bound = rank;
        item.bound_text = std::to_string(rank);
        item.comparator = model::Comparator::kLe;
      } else if (comparator) {
        item.comparator = ToComparator(comparator->op);
      } else if (auto chosen = DefaultComparator(indicator, share ? share->span : value.span)) {
        item.comparator = *chosen;
        item.comparator_from_direction = true;
      }
      if (!RelativeRule(item, share, partial, indicator, out)) return;
      out.targets.push_back(item);
    };

    if (!target.is_trajectory) {
      if (!target.value && !target.category && !target.of_baseline) return;
      if (!c_.CheckCategoryTarget(target.category, target.value ? &*target.value : nullptr, target.span, indicator)) return;
      const ast::Quantity value = target.value ? *target.value : ast::Quantity{};
      if (target.value) CheckTargetUnit(*target.value, indicator);
      int from = first_year_;
      if (target.from_year) {
        from = target.from_year->first;
        CheckYearInPeriod(from, target.from_year->span);
        if (!has_period_) {
          add(model::Period{model::PeriodKind::kYear, from, 0}, target.comparator, value, target.span, target.category,
              target.of_baseline, target.partial);
          return;
        }
      } else if (out.baseline_year && *out.baseline_year >= from) {
        from = *out.baseline_year + 1;  // the baseline year is the reference, never judged
      }
      if (!has_period_) {
        if (!is_template_ && !period_given_) {
          c_.Report(DiagCode::kMissingProperty, target.span,
                    std::string(Tr("this target has no years: the contract has no `period` and the target no `from`")),
                    std::string(Tr("give the contract a period, such as `period 2019..2023`")));
        }
        return;
      }
      for (int year = std::max(from, first_year_); year <= last_year_; ++year) {
        add(model::Period{model::PeriodKind::kYear, year, 0}, target.comparator, value, target.span, target.category,
            target.of_baseline, target.partial);
      }
      return;
    }

    if (target.entries.empty()) {
      c_.Report(DiagCode::kIncompleteCommitment, target.span, std::string(Tr("this trajectory has no entries")),
                std::string(Tr("write a value per year, such as { 2019: 55 %, 2020: 60 % }")));
      return;
    }
    const size_t diagnostics_before = c_.pending_.size();
    for (const ast::TrajectoryEntry& entry : target.entries) {
      if (!c_.CheckCategoryTarget(entry.category, entry.category || entry.of_baseline ? nullptr : &entry.value, entry.span,
                                  indicator)) {
        continue;
      }
      if (!entry.category && !entry.of_baseline) CheckTargetUnit(entry.value, indicator);
      std::vector<model::Period> periods;
      if (entry.period.kind == ast::PeriodKey::Kind::kYearRange) {
        if (entry.period.last_year < entry.period.year) {
          c_.Report(DiagCode::kInvalidPeriodRange, entry.period.span,
                    Tr("range {0}..{1} ends before it starts", entry.period.year, entry.period.last_year),
                    std::string(Tr("write the first year first")));
          continue;
        }
        for (int year = entry.period.year; year <= entry.period.last_year; ++year) {
          periods.push_back(model::Period{model::PeriodKind::kYear, year, 0});
        }
      } else if (auto period = c_.ToPeriod(entry.period, indicator.period_kind)) {
        periods.push_back(*period);
      }
      bool reported_outside = false;
      for (const model::Period& period : periods) {
        if (has_period_ && (period.year < first_year_ || period.year > last_year_)) {
          if (!reported_outside) CheckYearInPeriod(period.year, entry.period.span);
          reported_outside = true;
          continue;  // never evaluated: it neither counts as a target nor opens a gap
        }
        if (kind && *kind != period.kind) {
          c_.Report(DiagCode::kPeriodKindMismatch, entry.period.span,
                    Tr("this trajectory mixes {0} and {1}", PeriodKindPlural(*kind),
                       PeriodKindPlural(period.kind)),
                    std::string(Tr("write every entry of one trajectory with the same kind of period")));
          break;
        }
        kind = period.kind;
        auto [it, inserted] = covered.emplace(Ordinal(period), entry.period.span);
        if (!inserted) {
          Diagnostic& d = c_.Report(DiagCode::kTrajectoryOverlap, entry.period.span,
                                    Tr("{0} has two targets in this trajectory", calendar::FormatForMessage(period)),
                                    std::string(Tr("give each period one target")));
          d.notes.push_back(Note{it->second, Tr("first target for {0} here", calendar::FormatForMessage(period))});
          continue;
        }
        add(period, entry.comparator, entry.value, entry.span, entry.category, entry.of_baseline, entry.partial);
      }
    }
    std::sort(out.targets.begin(), out.targets.end(),
              [](const model::PeriodTarget& a, const model::PeriodTarget& b) { return a.period < b.period; });
    // Gaps between consecutive covered periods.
    for (auto it = covered.begin(); it != covered.end(); ++it) {
      auto next = std::next(it);
      if (next == covered.end()) break;
      if (next->first != it->first + 1) {
        const model::PeriodKind gap_kind = out.targets.front().period.kind;
        const model::Period first = FromOrdinal(gap_kind, it->first + 1);
        const model::Period last = FromOrdinal(gap_kind, next->first - 1);
        const std::string gap = first == last ? calendar::FormatForMessage(first)
                                : gap_kind == model::PeriodKind::kYear
                                    ? calendar::FormatForMessage(first) + ".." + calendar::FormatForMessage(last)
                                    : Tr("{0} to {1}", calendar::FormatForMessage(first), calendar::FormatForMessage(last));
        std::string help = Tr("add a target for {0}", gap);
        if (gap_kind == model::PeriodKind::kYear) {
          help = Tr("add a target for {0}, for example by extending the entry before it to a range such as {1}..{2}", gap,
                    calendar::FormatForMessage(FromOrdinal(gap_kind, it->first)), calendar::FormatForMessage(last));
        }
        Diagnostic& d = c_.Report(DiagCode::kTrajectoryGap, next->second,
                                  Tr("the trajectory has no target for {0}", gap), help);
        d.notes.push_back(Note{it->second, std::string(Tr("the entry before the gap"))});
      }
    }
    if (kind && has_period_ && !covered.empty() && c_.pending_.size() == diagnostics_before) {
      const model::Period last_entry = FromOrdinal(*kind, covered.rbegin()->first);
      // The contract's last period of this kind: the one before the first of the next year.
      const model::Period contract_end = FromOrdinal(*kind, Ordinal(model::Period{*kind, last_year_ + 1, 1}) - 1);
      if (last_entry < contract_end) {
        std::string help(Tr("periods after the last entry will not be evaluated"));
        if (*kind == model::PeriodKind::kYear) {
          help = Tr("periods after the last entry will not be evaluated; extend the last entry with a range such as {0}..{1}",
                    calendar::FormatForMessage(last_entry), calendar::FormatForMessage(contract_end));
        }
        c_.Report(DiagCode::kTrajectoryShort, target.span,
                  Tr("the trajectory stops at {0} but the contract runs until {1}", calendar::FormatForMessage(last_entry),
                     calendar::FormatForMessage(contract_end)),
                  help);
      }
    }
  }

  // What a commitment and a milestone both begin with: name, title, clause and its text, where they
  // are written, and whom they apply to.
  template <class Checked, class Written>
  void CheckItemHead(const Written& x, Checked& out) {
    out.name = x.name.name;
    out.title = x.title ? x.title->value : "";
    out.clause = x.ref ? x.ref->value : "";
    out.clause_text = ClauseText(x.span);
    out.span = x.span;
    out.name_span = x.name.span;
    out.applicability = CheckApplicability(x.applicability);
  }

  model::Commitment CheckCommitment(const ast::Commitment& x) {
    model::Commitment out;
    CheckItemHead(x, out);
    if (x.weight) {
      out.weight = x.weight->value;
      out.weight_text = x.weight->text;
      if (x.weight->value <= 0) {
        c_.Report(DiagCode::kWeightNotPositive, x.weight->span,
                  Tr("weight {0} of '{1}' is not positive", x.weight->text, out.name),
                  std::string(Tr("weights are positive numbers; to leave a commitment out of the score, remove it or waive it")));
      }
    }
    if (x.aggregate) {
      if (auto aggregate = c_.Canonical(syntax::Aggregates(), *x.aggregate)) out.aggregate = model::AggregateFromCanonical(*aggregate);
    }

    if (x.composite) {
      if (x.indicator || x.target || x.improve || x.tolerance) {
        Span span = x.indicator ? x.indicator->span : x.target ? x.target->span : x.improve ? x.improve->span : x.tolerance->span;
        c_.Report(DiagCode::kConflictingProperties, span,
                  Tr("composite commitment '{0}' cannot also have an indicator, target or tolerance", out.name),
                  std::string(Tr("its verdict comes from its members; move the indicator into a commitment of its own")));
      }
      model::Composite composite;
      composite.kind = x.composite->kind == ast::Composite::Kind::kAll   ? model::Composite::Kind::kAll
                       : x.composite->kind == ast::Composite::Kind::kAny ? model::Composite::Kind::kAny
                                                                         : model::Composite::Kind::kAtLeast;
      for (const ast::Identifier& member : x.composite->members) {
        composite.members.push_back(member.name);
        if (!Known(member.name)) {
          c_.Report(DiagCode::kUnknownCommitment, member.span,
                    Tr("contract '{0}' has no commitment or milestone '{1}'", name_, member.name),
                    Checker::DidYouMean(member.name, commitment_names_));
        }
      }
      const int size = static_cast<int>(composite.members.size());
      if (composite.kind == model::Composite::Kind::kAll) composite.count = size;
      if (composite.kind == model::Composite::Kind::kAny) composite.count = 1;
      if (composite.kind == model::Composite::Kind::kAtLeast) {
        composite.count = static_cast<int>(x.composite->count->value);
        if (composite.count < 1 || composite.count > size) {
          c_.Report(DiagCode::kAtLeastOutOfRange, x.composite->count->span,
                    composite.count < 1
                        ? (size == 1 ? Tr("'at least {0}' of {1} item can never fail", x.composite->count->text, size)
                                     : Tr("'at least {0}' of {1} items can never fail", x.composite->count->text, size))
                        : (size == 1 ? Tr("'at least {0}' of {1} item can never be met", x.composite->count->text, size)
                                     : Tr("'at least {0}' of {1} items can never be met", x.composite->count->text, size)),
                    Tr("use a number from 1 to {0}", std::max(size, 1)));
        }
      }
      if (size == 0) {
        c_.Report(DiagCode::kIncompleteCommitment, x.composite->span, Tr("composite commitment '{0}' has no members", out.name),
                  std::string(Tr("list the commitments or milestones it combines, such as [a, b]")));
      }
      if (x.consecutive_years) {
        c_.Report(DiagCode::kConflictingProperties, x.consecutive_span,
                  Tr("composite commitment '{0}' cannot also have 'for N consecutive years'", out.name),
                  std::string(Tr("give 'for N consecutive years' to the member commitments that need it")));
      }
      composite_spans_[out.name] = x.composite->span;
      out.composite = std::move(composite);
      return out;
    }

    const model::Indicator* indicator = nullptr;
    if (!x.indicator) {
      if (!x.incomplete) {
        c_.Report(DiagCode::kIncompleteCommitment, x.name.span, Tr("commitment '{0}' has no indicator", out.name),
                  std::string(Tr("add `indicator NAME` (indicateur NOM), or make it a composite: all of [...], at least N of [...]")));
      }
    } else {
      out.indicator = x.indicator->name;
      c_.used_indicators_.insert(out.indicator);
      auto it = c_.model_.indicators.find(out.indicator);
      if (it == c_.model_.indicators.end()) {
        std::vector<std::string> names;
        for (const auto& [name, value] : c_.indicators_) names.push_back(name);
        c_.Report(DiagCode::kUnknownIndicator, x.indicator->span, Tr("unknown indicator '{0}'", out.indicator),
                  UnknownIndicatorHelp(out.indicator, names));
      } else {
        indicator = &it->second;
        out.measured = indicator;
      }
    }
    if (!x.target && !x.party_targets && !x.improve && x.indicator && !x.incomplete &&
        (x.verdict_rules.empty() || indicator == nullptr || !indicator->Categorical())) {
      c_.Report(DiagCode::kIncompleteCommitment, x.name.span, Tr("commitment '{0}' has no target", out.name),
                std::string(Tr("add `target ...` (cible ...) or `improve 5 % from baseline 2018`")));
    }
    if (x.target && x.improve) {
      c_.Report(DiagCode::kConflictingProperties, x.improve->span,
                Tr("commitment '{0}' has both a target and an improvement", out.name),
                std::string(Tr("keep one: a fixed target, or a progress from a baseline")));
    }
    if (indicator == nullptr) return out;
    if (x.applicability && x.applicability->kind == ast::Applicability::Kind::kGroup && (has_group_ || is_template_) &&
        indicator->numerator.empty() &&
        !indicator->aggregate && !out.aggregate && !indicator->formula) {
      c_.Report(DiagCode::kMissingProperty, x.applicability->span,
                Tr("'for group' needs the group's value of '{0}', but the indicator has no numerator and denominator and "
                   "no aggregate", indicator->name),
                std::string(Tr("add `aggregate sum` (or mean, min, max, count) to the commitment or to the indicator; a rate is "
                               "best given a numerator and a denominator")));
    }
    if (x.baseline) CheckBaselineYear(*x.baseline, out);
    if (x.consecutive_years) CheckConsecutiveYears(*x.consecutive_years, *indicator, out);
    if (x.target) CheckTargetWithParameters(*x.target, *indicator, out);
    c_.CheckVerdictRules(x, *indicator, out);
    if (x.tolerance && x.target) CheckToleranceOrLimit(*x.target, out);
    if (x.improve) {
      model::Improvement improvement;
      improvement.span = x.improve->span;
      improvement.amount = x.improve->amount.number.value;
      improvement.amount_text = x.improve->amount.number.text;
      improvement.baseline_year = x.improve->baseline.first;
      if (auto kind = DeltaKind(x.improve->amount, *indicator, N_("an improvement"))) improvement.kind = *kind;
      if (auto comparator = DefaultComparator(*indicator, x.improve->span)) improvement.comparator = *comparator;
      // A baseline in the first year is allowed: that year is then the reference, and the years after
      // it are judged.
      if (has_period_ && improvement.baseline_year > first_year_) {
        c_.Report(DiagCode::kBaselineOutsidePeriod, x.improve->baseline.span,
                  Tr("baseline year {0} is after the contract's first year {1}", improvement.baseline_year, first_year_),
                  Tr("the baseline is the value before the contract or of its first year: use {0} or earlier", first_year_));
      } else if (has_period_ && improvement.baseline_year >= last_year_) {
        c_.Report(DiagCode::kBaselineLeavesNoYear, x.improve->baseline.span,
                  Tr("baseline year {0} leaves no year of the period {1}..{2} to judge", improvement.baseline_year,
                     first_year_, last_year_),
                  std::string(Tr("the baseline year is the reference, not judged: widen the period or take an earlier year")));
      }
      if (x.baseline) {
        c_.Report(DiagCode::kConflictingProperties, x.baseline->span,
                  Tr("commitment '{0}' has both `baseline` and `improve ... from baseline`", out.name),
                  std::string(Tr("keep one: `improve 5 % from baseline 2017`, or `baseline 2017` with targets such as "
                                 "`<= 95 % of baseline`")));
      }
      out.improvement = improvement;
    }
    if (x.tolerance) {
      if (auto kind = DeltaKind(*x.tolerance, *indicator, N_("a tolerance"))) {
        out.tolerance = model::Tolerance{*kind, x.tolerance->number.value, x.tolerance->number.text, x.tolerance->span};
      }
    }
    if (x.party_targets) CheckPartyTargets(x, *indicator, out);
    return out;
  }

  // One rule for the partially met band of a year: its own limit, or the tolerance that judges it
  // (the commitment's, or a party's own line's), never both.
  void CheckToleranceOrLimit(const ast::Target& target, const model::Commitment& out) {
    std::optional<Span> partial = target.partial ? std::optional<Span>(target.partial->span) : std::nullopt;
    for (const ast::TrajectoryEntry& entry : target.entries) {
      if (!partial && entry.partial) partial = entry.partial->span;
    }
    if (partial) {
      c_.Report(DiagCode::kConflictingProperties, *partial,
                Tr("commitment '{0}' has both a tolerance and a 'partially met up to' limit", out.name),
                std::string(Tr("keep one: the tolerance for every year, or a limit written in the years that have one")));
    }
  }

  // ── targets by party (docs/language.md#targets-by-party) and template parameters as targets

  // `target >= c`: the number (with its unit) that the contract made from the template gives for
  // parameter `c`. In a template, none: it is only checked to be a parameter holding a number.
  std::optional<ast::Quantity> ParameterTarget(const ast::Identifier& name) {
    auto parameter = parameters_.names.find(name.name);
    const bool known = parameter != parameters_.names.end() && parameter->second.first == NameKind::kParameter;
    if (!known || parameter->second.second.kind != ExprType::Kind::kNumber) {
      c_.Report(DiagCode::kTargetParameter, name.span,
                known ? Tr("parameter '{0}' does not hold a number: a target needs one", name.name)
                      : Tr("'{0}' is not a parameter of the template: a target is a number with its unit, or a template "
                           "parameter holding one", name.name),
                Tr("declare it among the template's parameters, such as template charte({0}: number), and give its value "
                   "with its unit in each contract, such as {0}: 15 beds",
                   name.name));
      return std::nullopt;
    }
    if (arguments_ == nullptr) return std::nullopt;
    auto argument = arguments_->find(name.name);
    // A missing argument is reported with the arguments; a formula is refused below.
    if (argument == arguments_->end() || !argument->second.value) return std::nullopt;
    const model::Expr& value = *argument->second.value;
    if (value.kind != model::Expr::Kind::kNumber) {
      c_.Report(DiagCode::kTargetParameter, value.span,
                Tr("parameter '{0}' is used as a target: give a number with its unit, not a formula", name.name),
                Tr("such as {0}: 15 beds", name.name));
      return std::nullopt;
    }
    ast::Quantity quantity;
    quantity.number = ast::Number{value.text, value.number.ToDouble(), value.span};
    if (!value.unit_symbol.empty()) quantity.unit = ast::Word{value.unit_symbol, value.span};
    quantity.span = value.span;
    return quantity;
  }

  static bool UsesParameter(const ast::Target& target) {
    return target.parameter || std::any_of(target.entries.begin(), target.entries.end(),
                                           [](const ast::TrajectoryEntry& e) { return e.parameter.has_value(); });
  }

  // A target that may name template parameters: in a contract, their values take their place; in a
  // template, only the names are checked (the contract made from it checks the rest).
  void CheckTargetWithParameters(const ast::Target& target, const model::Indicator& indicator, model::Commitment& out) {
    if (!UsesParameter(target)) {
      CheckTarget(target, indicator, out);
      return;
    }
    ast::Target resolved = target;
    bool complete = true;
    auto resolve = [&](std::optional<ast::Identifier>& parameter, ast::Quantity& value) {
      std::optional<ast::Quantity> quantity = ParameterTarget(*parameter);
      if (!quantity) complete = false;
      else value = *quantity;
      parameter.reset();
    };
    if (resolved.parameter) {
      ast::Quantity value;
      resolve(resolved.parameter, value);
      resolved.value = value;
    }
    for (ast::TrajectoryEntry& entry : resolved.entries) {
      if (entry.parameter) resolve(entry.parameter, entry.value);
    }
    if (complete) CheckTarget(resolved, indicator, out);
  }

  // The parties a commitment judges, as far as the contract says them: `known` lists them; `open`
  // is true when members of a group or territory (known from the data only) are judged too.
  struct PartiesJudged {
    std::vector<std::string> known;
    bool open = false;
  };
  PartiesJudged JudgedParties(const model::Commitment& out) const {
    PartiesJudged judged;
    using K = model::Applicability::Kind;
    for (const ast::Party& party : body_.parties) {
      const bool group = party.kind == ast::Party::Kind::kGroup;
      const std::string code = group ? party.group.name : party.entity.code;
      const bool territory = party.kind == ast::Party::Kind::kOther && other_parties_.count(code) &&
                             IsTerritoryKind(c_.other_parties_.count(code) ? c_.other_parties_.at(code) : "");
      switch (out.applicability.kind) {
        case K::kEntities: break;
        case K::kEachMember: judged.open = true; break;
        case K::kGroup:
          if (group) judged.known.push_back(code);
          if (territory) judged.open = true;  // judged as a group only when it has members
          break;
        case K::kContractParties:
          if (!group) judged.known.push_back(code);
          if (group || territory) judged.open = true;
          break;
      }
    }
    if (out.applicability.kind == K::kEntities) judged.known = out.applicability.entities;
    return judged;
  }

  void CheckPartyTargets(const ast::Commitment& x, const model::Indicator& indicator, model::Commitment& out) {
    const ast::PartyTargets& table = *x.party_targets;
    if (x.target || x.improve) {
      c_.Report(DiagCode::kPartyTargetConflict, x.target ? x.target->span : x.improve->span,
                x.target ? Tr("commitment '{0}' has both `target by party` and a `target`", out.name)
                         : Tr("commitment '{0}' has both `target by party` and an improvement", out.name),
                std::string(Tr("keep the table: give each party its line, and the other parties an `else:` (sinon) line")));
      return;
    }
    const PartiesJudged judged = JudgedParties(out);
    std::map<std::string, Span> seen;  // party ("" for else) -> its entry
    const ast::PartyTarget* fallback = nullptr;
    std::optional<model::Tolerance> fallback_tolerance;
    for (const ast::PartyTarget& entry : table.entries) {
      const std::string key = entry.party ? entry.party->code : "";
      auto [first, inserted] = seen.emplace(key, entry.span);
      if (!inserted) {
        Diagnostic& d = c_.Report(DiagCode::kPartyTargetTwice, entry.party ? entry.party->span : entry.span,
                                  entry.party ? Tr("party {0} has two lines in the target table of '{1}'", key, out.name)
                                              : Tr("the target table of '{0}' has two `else` lines", out.name),
                                  std::string(Tr("give each party one line; a target that changes by year is a trajectory, "
                                                 "such as 10: { 2022: 12 beds, 2023: 13 beds }")));
        d.notes.push_back(Note{first->second, std::string(Tr("first given here"))});
        continue;
      }
      if (entry.party && !is_template_) CheckTargetParty(*entry.party, judged, out);
      if (entry.tolerance || x.tolerance) CheckToleranceOrLimit(entry.target, out);
      model::Commitment own;  // CheckTarget's output; the baseline year for relative targets
      own.name = out.name;
      own.baseline_year = out.baseline_year;
      own.baseline_span = out.baseline_span;
      CheckTargetWithParameters(entry.target, indicator, own);
      std::optional<model::Tolerance> tolerance = out.tolerance;
      if (entry.tolerance) {
        if (auto kind = DeltaKind(*entry.tolerance, indicator, N_("a tolerance"))) {
          tolerance = model::Tolerance{*kind, entry.tolerance->number.value, entry.tolerance->number.text, entry.tolerance->span};
        }
      }
      if (!entry.party) {
        fallback = &entry;
        out.targets = own.targets;
        fallback_tolerance = tolerance;
        continue;
      }
      out.party_targets.push_back(model::PartyTarget{entry.party->code, own.targets, tolerance, entry.span});
    }
    if (fallback != nullptr) out.tolerance = fallback_tolerance;
    if (is_template_) return;
    // Parties the contract names that have no line of their own.
    std::vector<std::string> missing;
    for (const std::string& party : judged.known) {
      if (!seen.count(party)) missing.push_back(party);
    }
    if (fallback == nullptr) {
      for (const std::string& party : missing) {
        c_.Report(DiagCode::kPartyTargetMissing, table.span,
                  Tr("party {0} has no line in the target table of '{1}'", party, out.name),
                  Tr("add a line such as {0}: >= 15 beds, or an `else:` (sinon) line for the parties without their own target",
                     party));
      }
    } else if (missing.empty() && !judged.open && !judged.known.empty()) {
      c_.Report(DiagCode::kPartyTargetElseUnused, fallback->span,
                Tr("every party of '{0}' has its own line: this `else` line judges none", out.name),
                std::string(Tr("remove it, or keep it on purpose for parties added later")));
    }
    LintSameTargets(table, out);
  }

  // A party of the table must be one the commitment judges (any code of a member when members are).
  void CheckTargetParty(const ast::EntityRef& party, const PartiesJudged& judged, const model::Commitment& out) {
    if (std::find(judged.known.begin(), judged.known.end(), party.code) != judged.known.end()) return;
    const bool number = !party.code.empty() && std::isdigit(static_cast<unsigned char>(party.code[0]));
    // A member (an establishment of a group or territory party) has a FINESS, 9 characters.
    if (judged.open && number && party.code.size() == 9 && !other_parties_.count(party.code)) {
      c_.CheckFiness(party.code, party.span);  // a member: an establishment of a group party
      return;
    }
    std::string list;
    for (const std::string& code : judged.known) list += (list.empty() ? "" : ", ") + code;
    c_.Report(DiagCode::kPartyTargetNotInScope, party.span,
              Tr("'{0}' is not one of the parties commitment '{1}' judges", party.code, out.name),
              list.empty() ? std::string(Tr("a line of the table names a party of the contract that the commitment applies to"))
                           : Tr("the parties it judges: {0}", list));
  }

  // Every party given the same target (and tolerance): a plain `target` says it once.
  void LintSameTargets(const ast::PartyTargets& table, const model::Commitment& out) {
    if (out.party_targets.size() < 2) return;
    auto same_rule = [](const model::PeriodTarget& a, const model::PeriodTarget& b) {
      return a.period == b.period && a.comparator == b.comparator && a.bound_text == b.bound_text &&
             a.category == b.category && a.baseline_share == b.baseline_share;
    };
    auto same = [&](const std::vector<model::PeriodTarget>& a, const std::optional<model::Tolerance>& ta,
                    const std::vector<model::PeriodTarget>& b, const std::optional<model::Tolerance>& tb) {
      if (a.size() != b.size() || ta.has_value() != tb.has_value()) return false;
      if (ta && (ta->kind != tb->kind || ta->text != tb->text)) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!same_rule(a[i], b[i])) return false;
      }
      return !a.empty();
    };
    const model::PartyTarget& first = out.party_targets.front();
    for (const model::PartyTarget& p : out.party_targets) {
      if (!same(first.targets, first.tolerance, p.targets, p.tolerance)) return;
    }
    const bool has_else = std::any_of(table.entries.begin(), table.entries.end(), [](const ast::PartyTarget& e) { return !e.party; });
    if (has_else && !same(first.targets, first.tolerance, out.targets, out.tolerance)) return;
    c_.Report(DiagCode::kPartyTargetsAllSame, table.span,
              Tr("every party of '{0}' has the same target: a plain `target` says it once", out.name),
              std::string(Tr("write the target once, such as target >= 15 beds (cible >= 15 lits)")));
  }

  // `due signature + 6 months`: a date parameter and a delay. In a template the date is not known yet
  // (nullopt, nothing else to check); in a contract it is the argument's date plus the delay.
  std::optional<model::Date> DueFrom(const ast::DueFrom& d) {
    if (!IsDateParameter(d.base, std::string(Tr("`due` takes a date (due 2021-09-01), or a template parameter of type "
                                                "date and a delay (due signature + 6 months)")))) {
      return std::nullopt;
    }
    std::string unit = "days";
    if (d.unit) {
      auto canonical = c_.Canonical(syntax::DurationUnits(), *d.unit);
      if (!canonical) return std::nullopt;
      unit = *canonical;
    }
    // A whole number of days, months or years, up to a century.
    const double limit = unit == "days" ? 36525 : unit == "months" ? 1200 : 100;
    if (d.amount && (d.amount->text.find('.') != std::string::npos || d.amount->value > limit)) {
      c_.Report(DiagCode::kTypeMismatch, d.amount->span,
                Tr("the delay {0} {1} is not a whole number of {1} up to a century", d.amount->text,
                   syntax::DurationUnits().Spelling(unit)),
                std::string(Tr("write a whole number: due signature + 18 months")));
      return std::nullopt;
    }
    std::optional<model::Date> base = ArgumentDate(d.base.name);
    if (!base) return std::nullopt;
    const int amount = d.amount ? static_cast<int>(d.amount->value) : 0;
    if (unit == "days") return model::AddDays(*base, amount);
    return model::AddMonths(*base, unit == "months" ? amount : amount * 12);
  }

  // `signed signature`: the date the contract gives for the parameter (none in a template).
  std::optional<model::Date> DateOfParameter(const ast::Identifier& name) {
    if (!IsDateParameter(name, std::string(Tr("`signed` takes a date (signed 2021-10-01) or a template parameter of type date")))) {
      return std::nullopt;
    }
    return ArgumentDate(name.name);
  }

  bool IsDateParameter(const ast::Identifier& name, const std::string& help) {
    auto parameter = parameters_.names.find(name.name);
    if (parameter != parameters_.names.end() && parameter->second.first == NameKind::kParameter &&
        parameter->second.second.kind == ExprType::Kind::kDate) {
      return true;
    }
    const bool in_template = std::any_of(parameters_.names.begin(), parameters_.names.end(),
                                         [](const auto& entry) { return entry.second.first == NameKind::kParameter; });
    c_.Report(parameter == parameters_.names.end() ? DiagCode::kUnknownName : DiagCode::kTypeMismatch, name.span,
              in_template ? Tr("'{0}' is not a date parameter of the template", name.name)
                          : Tr("'{0}' is not a date: only a template counts dates from a parameter", name.name),
              help);
    return false;
  }

  // An instance's argument for a date parameter (not given: reported with the arguments).
  std::optional<model::Date> ArgumentDate(const std::string& parameter) {
    if (arguments_ == nullptr) return std::nullopt;
    auto argument = arguments_->find(parameter);
    if (argument == arguments_->end() || !argument->second.value) return std::nullopt;
    if (argument->second.value->kind != model::Expr::Kind::kDate) return std::nullopt;
    return calendar::ParseDate(argument->second.value->text).value;  // a date that does not exist is reported as a literal
  }

  model::Milestone CheckMilestone(const ast::Milestone& x) {
    model::Milestone out;
    CheckItemHead(x, out);
    out.evidence = x.evidence ? x.evidence->value : "";
    if (x.due) {
      out.due = ToDate(*x.due);
      out.due_span = x.due->span;
    } else if (x.due_from) {
      out.due_span = x.due_from->span;
      if (auto due = DueFrom(*x.due_from)) out.due = *due;
    } else if (!x.incomplete) {
      c_.Report(DiagCode::kMilestoneWithoutDue, x.name.span, Tr("milestone '{0}' has no due date", out.name),
                std::string(Tr("add `due 2019-06-30` (échéance 2019-06-30)")));
    }
    if (x.weight) {
      out.weight = x.weight->value;
      out.weight_text = x.weight->text;
      if (x.weight->value <= 0) {
        c_.Report(DiagCode::kWeightNotPositive, x.weight->span,
                  Tr("weight {0} of '{1}' is not positive", x.weight->text, out.name),
                  std::string(Tr("weights are positive numbers")));
      }
    }
    return out;
  }

  void CheckCompositeCycles(const model::Contract& contract) {
    std::map<std::string, const model::Composite*> composites;
    std::vector<std::string> names;
    std::set<std::string> members;
    for (const auto& commitment : contract.commitments) {
      if (!commitment.composite) continue;
      composites[commitment.name] = &*commitment.composite;
      members.insert(commitment.composite->members.begin(), commitment.composite->members.end());
    }
    for (const auto& [name, composite] : composites) names.push_back(name);
    const ChainWalk walk = WalkChains(names, [&](const std::string& name) -> const std::vector<std::string>* {
      auto it = composites.find(name);
      return it == composites.end() ? nullptr : &it->second->members;
    });
    for (const ChainWalk::Cycle& cycle : walk.cycles) {
      c_.Report(DiagCode::kCompositeCycle, composite_spans_[cycle.closed],
                Tr("composite commitment '{0}' contains itself: {1}", cycle.closed, cycle.path),
                std::string(Tr("a composite can only combine commitments that do not contain it")));
    }
    if (!walk.cycles.empty()) return;  // heights along a cycle mean nothing
    // A composite of plain commitments is one level. Reported at the top of each chain too deep
    // (a composite no other one contains): one diagnostic per chain.
    for (const auto& [name, height] : walk.heights) {
      const int levels = height + 1;
      if (levels <= kMaxCompositeDepth || members.count(name)) continue;
      c_.Report(DiagCode::kCompositeTooDeep, composite_spans_[name],
                Tr("composite commitment '{0}' nests {1} levels of composites, one inside the other; the limit is {2}", name,
                   levels, kMaxCompositeDepth),
                std::string(Tr("combine the commitments in fewer levels: a composite may list many members")));
    }
  }

  model::Waiver CheckWaiver(const ast::Waiver& x) {
    model::Waiver out;
    out.commitment = x.commitment.name;
    out.span = x.span;
    if (!Known(out.commitment)) {
      c_.Report(DiagCode::kWaiverUnknownCommitment, x.commitment.span,
                Tr("waiver for '{0}', which is not a commitment or milestone of contract '{1}'", out.commitment, name_),
                Checker::DidYouMean(out.commitment, commitment_names_));
    }
    for (const ast::EntityRef& entity : x.entities) {
      CheckPartyRef(entity);
      out.entities.push_back(entity.code);
    }
    if (x.period) {
      model::Period first{model::PeriodKind::kYear, x.period->year, 0};
      model::Period last{model::PeriodKind::kYear, x.period->last_year, 0};
      if (x.period->kind == ast::PeriodKey::Kind::kQuarter || x.period->kind == ast::PeriodKey::Kind::kMonth) {
        if (auto period = c_.ToPeriod(*x.period, std::nullopt)) first = last = *period;
      }
      if (x.period->kind == ast::PeriodKey::Kind::kYearRange && x.period->last_year < x.period->year) {
        c_.Report(DiagCode::kInvalidPeriodRange, x.period->span, std::string(Tr("this range ends before it starts")),
                  std::string(Tr("write the first year first")));
      } else if (has_period_ && (first.year < first_year_ || last.year > last_year_)) {
        c_.Report(DiagCode::kWaiverDates, x.period->span,
                  Tr("the waiver's period {0} is outside the contract's period {1}..{2}",
                     calendar::FormatForMessage(first) + (first == last ? "" : ".." + calendar::FormatForMessage(last)), first_year_, last_year_),
                  std::string(Tr("a waiver can only cover years of its contract")));
      }
      out.first = first;
      out.last = last;
    }
    if (x.reason) out.reason = x.reason->value;
    if (x.authority) out.authority = x.authority->value;
    if (x.granted) out.granted = ToDate(*x.granted);
    if (x.until) {
      out.until = ToDate(*x.until);
      out.until_span = x.until->span;
    }
    std::vector<std::string> missing;
    if (!x.reason) missing.emplace_back(Tr("because \"...\" (motif)"));
    if (!x.granted) missing.emplace_back(Tr("granted DATE (accordée)"));
    if (!x.authority) missing.emplace_back(Tr("by \"...\" (par)"));
    if (!missing.empty() && !x.incomplete) {
      std::string list;
      for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
      c_.Report(DiagCode::kMissingProperty, x.commitment.span,
                !x.reason    ? Tr("the waiver for '{0}' does not say why", out.commitment)
                : !x.granted ? Tr("the waiver for '{0}' does not say when it was granted", out.commitment)
                             : Tr("the waiver for '{0}' does not say who granted it", out.commitment),
                Tr("a waiver must be traceable: add {0}", list));
    }
    if (x.granted && x.until && out.until < out.granted) {
      Diagnostic& d = c_.Report(DiagCode::kWaiverDates, x.until->span,
                                Tr("the waiver expires on {0}, before it is granted on {1}", model::Format(*out.until),
                                   model::Format(*out.granted)),
                                std::string(Tr("check the two dates")));
      d.notes.push_back(Note{x.granted->span, std::string(Tr("granted here"))});
    }
    return out;
  }

  model::Scoring CheckScoring() {
    model::Scoring out;
    out.values = {{model::Verdict::kMet, 1}, {model::Verdict::kPartiallyMet, 0.5}, {model::Verdict::kNotMet, 0}};
    if (!body_.scoring) return out;
    out.span = body_.scoring->span;
    for (const ast::ScoringValue& value : body_.scoring->values) {
      auto verdict = c_.Canonical(syntax::Verdicts(), value.verdict);
      if (!verdict) continue;
      if (value.value.value < 0 || value.value.value > 1) {
        c_.Report(DiagCode::kScoringValue, value.value.span,
                  Tr("score {0} for '{1}' is outside 0..1", value.value.text, value.verdict.text),
                  std::string(Tr("a verdict scores between 0 (nothing) and 1 (fully met)")));
      }
      out.values[*model::VerdictFromCanonical(*verdict)] = value.value.value;
      out.value_spans[*model::VerdictFromCanonical(*verdict)] = value.span;
    }
    if (body_.scoring->aggregate) {
      if (auto aggregate = c_.Canonical(syntax::Aggregates(), *body_.scoring->aggregate)) {
        out.aggregate = model::AggregateFromCanonical(*aggregate).value_or(model::Aggregate::kWeightedMean);
      }
    }
    if (body_.scoring->basis) CheckScoringBasis(c_, *body_.scoring->basis, out);
    return out;
  }

  void CheckTables(model::Contract& out) {
    Scope scope = parameters_;  // a table may be indexed by what another table gives
    for (const ast::Table& table : body_.tables) scope.tables[table.name.name] = &table;
    for (const ast::Table& table : body_.tables) out.tables.push_back(c_.CheckTable(table, scope));
  }

  // The tables a payment reads: the contract's own, or else the catalog's.
  std::map<std::string, const model::Table*> BoundTables(const model::Contract& out) const {
    std::map<std::string, const model::Table*> tables;
    for (const model::Table& table : out.tables) tables.emplace(table.name, &table);
    for (const auto& [name, table] : c_.model_.tables) tables.emplace(name, &table);
    return tables;
  }

  void CheckPayments(model::Contract& out) {
    Scope scope = parameters_;
    scope.context = Tr("a payment formula");
    scope.allow_symbols_after_has = false;
    // A name is what the payment sees first: a parameter, an item's score, the score, then an indicator.
    for (size_t i = 0; i < commitment_names_.size(); ++i) {
      scope.names.emplace(commitment_names_[i], std::make_pair(NameKind::kCommitment, ExprType::Number(std::string())));
      scope.places.emplace(commitment_names_[i], static_cast<int>(i));
    }
    scope.names.emplace("score", std::make_pair(NameKind::kBuiltin, ExprType::Number(std::string())));
    for (const auto& [name, entry] : c_.IndicatorScope().names) scope.names.emplace(name, entry);
    for (const auto& [name, attribute] : c_.attributes_) {
      scope.names.emplace(name, std::make_pair(NameKind::kAttribute, ExprType::Unknown()));
    }
    for (const auto& [name, table] : c_.tables_) scope.tables[name] = table;
    for (const auto& [name, table] : tables_) scope.tables[name] = table;
    scope.bound_tables = BoundTables(out);
    scope.parties = &out.parties;
    // Payments may use earlier payments (a total of parts), not later ones: no cycles by construction.
    for (const ast::Payment& payment : body_.payments) {
      model::ExprPtr formula = c_.CheckExpr(*payment.formula, scope);
      const ExprType& type = formula->type;
      if (type.kind == ExprType::Kind::kNumber && type.unit && *type.unit != "euros") {
        c_.Report(DiagCode::kTypeMismatch, payment.formula->span,
                  Tr("payment '{0}' comes out in {1}, not in €", payment.name.name, Checker::DescribeUnit(type.unit)),
                  std::string(Tr("multiply by an amount in euros, such as 15000 € * score")));
      } else if (type.kind != ExprType::Kind::kNumber && type.kind != ExprType::Kind::kUnknown) {
        c_.Report(DiagCode::kTypeMismatch, payment.formula->span,
                  Tr("payment '{0}' is not an amount", payment.name.name), std::string(Tr("a payment is an amount in euros")));
      }
      if (scope.names.emplace(payment.name.name, std::make_pair(NameKind::kPayment, ExprType::Number(std::string("euros")))).second) {
        scope.places.emplace(payment.name.name, static_cast<int>(out.payments.size()));
      }
      model::Payment item;
      item.name = payment.name.name;
      item.title = payment.title ? payment.title->value : "";
      item.formula = formula;
      item.span = payment.span;
      out.payments.push_back(std::move(item));
      CheckPaymentYears(c_, payment, out);
      CheckPartyPayment(c_, payment, out);
    }
  }

  Checker& c_;
  const ast::ContractBody& body_;
  Scope parameters_;
  const std::map<std::string, model::Argument>* arguments_ = nullptr;  // an instance's arguments
  bool is_template_;
  std::string name_;
  bool has_period_ = false;
  bool period_given_ = false;  // written, even if invalid: targets then need no other years
  bool has_group_ = false;
  std::set<std::string> other_parties_;  // this contract's parties that are not establishments
  int first_year_ = 0, last_year_ = 0;
  std::vector<std::string> commitment_names_;
  std::set<std::string> known_names_;
  std::map<std::string, const ast::Table*> tables_;
  std::map<std::string, Span> composite_spans_;
  std::set<uint32_t> reported_direction_;
  std::set<uint32_t> reported_relative_;  // per-year rules reported once, not once per year they cover
  std::optional<Scope> where_scope_;
};

namespace {

ExprType TypeOfParameter(const std::string& canonical) {
  if (canonical == "text") return ExprType::Of(ExprType::Kind::kText);
  if (canonical == "date") return ExprType::Of(ExprType::Kind::kDate);
  if (canonical == "euros") return ExprType::Number(std::string("euros"));
  return ExprType::Number(std::string());
}

// A date parameter is given as a date (2021-10-01), not computed: due dates and the signature are
// counted from it when the contract is checked.
bool IsDateLiteral(const ast::Expr& e) { return e.kind == ast::Expr::Kind::kDate; }

// `target >= objectif` (or a trajectory entry, or a line of `target by party`) in a template: its
// argument is a number with the unit of the indicator, which the target then checks.
bool UsedAsTarget(const ast::ContractBody& body, const std::string& parameter) {
  auto in = [&](const ast::Target& t) {
    if (t.parameter && t.parameter->name == parameter) return true;
    return std::any_of(t.entries.begin(), t.entries.end(),
                       [&](const ast::TrajectoryEntry& e) { return e.parameter && e.parameter->name == parameter; });
  };
  return std::any_of(body.commitments.begin(), body.commitments.end(), [&](const ast::Commitment& c) {
    if (c.target && in(*c.target)) return true;
    return c.party_targets && std::any_of(c.party_targets->entries.begin(), c.party_targets->entries.end(),
                                          [&](const ast::PartyTarget& e) { return in(e.target); });
  });
}

bool Fits(const ExprType& given, const std::string& expected) {
  const ExprType wanted = TypeOfParameter(expected);
  return given.kind == ExprType::Kind::kUnknown ||
         (given.kind == wanted.kind && (!given.unit || !wanted.unit || *given.unit == *wanted.unit));
}

std::string DescribeExpected(const std::string& expected) {
  if (expected == "euros") return std::string(Tr("an amount in €"));
  if (expected == "text") return std::string(Tr("a text"));
  if (expected == "date") return std::string(Tr("a date"));
  return std::string(Tr("a number"));
}

}  // namespace

void Checker::CheckTemplate(const ast::Template& tmpl) {
  model::Template out{tmpl.name.name, tmpl.title ? tmpl.title->value : "", {}, tmpl.span};
  Scope parameters;
  std::map<std::string, Span> seen;
  for (const ast::Parameter& parameter : tmpl.parameters) {
    auto [it, inserted] = seen.emplace(parameter.name.name, parameter.name.span);
    if (!inserted) {
      Diagnostic& d = Report(DiagCode::kDuplicateDeclaration, parameter.name.span,
                             Tr("parameter '{0}' is declared twice", parameter.name.name), std::string(Tr("rename one of them")));
      d.notes.push_back(Note{it->second, std::string(Tr("first declared here"))});
      continue;
    }
    ExprType type = ExprType::Number(std::nullopt);
    std::string expected = "number";
    if (parameter.type) {
      if (auto canonical = Canonical(syntax::ParameterTypes(), *parameter.type)) {
        type = TypeOfParameter(*canonical);
        expected = *canonical;
      }
    }
    if (parameter.default_value) {
      const ExprType given = CheckExpr(*parameter.default_value, Scope::OfLiterals(std::string(Tr("a default value"))))->type;
      if (!Fits(given, expected)) {
        Report(DiagCode::kArgumentType, parameter.default_value->span,
               Tr("the default of '{0}' is {1}, but the parameter is {2}", parameter.name.name, DescribeType(given),
                  DescribeExpected(expected)),
               std::string(Tr("give a default of the parameter's type")));
      } else if (expected == "date" && !IsDateLiteral(*parameter.default_value)) {
        Report(DiagCode::kArgumentType, parameter.default_value->span,
               Tr("the default of '{0}' is computed, but a date parameter is written as a date", parameter.name.name),
               std::string(Tr("write the date itself, such as 2021-10-01")));
      }
    }
    parameters.names[parameter.name.name] = {NameKind::kParameter, type};
    std::string described = parameter.name.name;
    if (parameter.type) {
      if (auto canonical = syntax::ParameterTypes().Lookup(parameter.type->text)) described += ": " + std::string(*canonical);
    }
    if (parameter.default_value) described += " = " + syntax::PrintExpr(*parameter.default_value);
    out.parameters.push_back(described);
  }
  for (const ast::Amendment& amendment : tmpl.body.amendments) {
    Report(DiagCode::kAmendmentInTemplate, amendment.head_span,
           Tr("template '{0}' has an amendment: only a signed contract is amended", tmpl.name.name),
           std::string(Tr("write the amendment in the contract made from the template")));
  }
  model::Contract scratch;
  ContractChecker(*this, tmpl.body, parameters, /*is_template=*/true, tmpl.name.name).Run(scratch);
  model_.templates[out.name] = std::move(out);
}

std::optional<model::Contract> Checker::CheckContract(const ast::Contract& contract) {
  model::Contract out;
  Scope parameters;
  ast::ContractBody merged;
  const ast::ContractBody* body = &contract.body;
  const ast::Template* instance_of = nullptr;
  if (contract.instance_of) {
    const ast::TemplateCall& call = *contract.instance_of;
    auto it = templates_.find(call.name.name);
    if (it == templates_.end()) {
      std::vector<std::string> names;
      for (const auto& [name, value] : templates_) names.push_back(name);
      Report(DiagCode::kUnknownTemplate, call.name.span, Tr("unknown template '{0}'", call.name.name),
             DidYouMean(call.name.name, names));
      return std::nullopt;
    }
    const ast::Template& tmpl = *it->second;
    out.template_name = tmpl.name.name;
    std::map<std::string, Span> given;
    std::set<std::string> suggested;  // parameters a misspelled argument was probably meant for
    std::vector<std::string> declared;
    for (const ast::Parameter& parameter : tmpl.parameters) declared.push_back(parameter.name.name);
    for (const ast::Argument& argument : call.arguments) {
      auto parameter = std::find_if(tmpl.parameters.begin(), tmpl.parameters.end(),
                                    [&](const ast::Parameter& p) { return p.name.name == argument.name.name; });
      if (parameter == tmpl.parameters.end()) {
        std::optional<std::string> meant = SuggestName(argument.name.name, declared);
        if (meant) suggested.insert(*meant);
        Diagnostic& d = Report(DiagCode::kUnknownParameter, argument.name.span,
                               Tr("template '{0}' has no parameter '{1}'", tmpl.name.name, argument.name.name),
                               DidYouMean(argument.name.name, declared));
        d.notes.push_back(Note{tmpl.name.span, std::string(Tr("template declared here"))});
        continue;
      }
      auto [seen, inserted] = given.emplace(argument.name.name, argument.name.span);
      if (!inserted) {
        Diagnostic& d = Report(DiagCode::kDuplicateArgument, argument.name.span,
                               Tr("parameter '{0}' is given twice", argument.name.name), std::string(Tr("keep one value")));
        d.notes.push_back(Note{seen->second, std::string(Tr("first given here"))});
        continue;
      }
      model::ExprPtr value = CheckExpr(*argument.value, Scope::OfLiterals(std::string(Tr("a template argument"))));
      const ExprType& type = value->type;
      parameters.parameter_values[argument.name.name] = value;
      std::string expected = "number";
      if (parameter->type) {
        if (auto canonical = syntax::ParameterTypes().Lookup(parameter->type->text)) expected = *canonical;
      }
      if (Fits(type, expected) && expected == "date" && !IsDateLiteral(*argument.value)) {
        Diagnostic& d = Report(DiagCode::kArgumentType, argument.value->span,
                               Tr("parameter '{0}' is a date: write the date itself, not a formula", argument.name.name),
                               std::string(Tr("such as 2021-10-01")));
        d.notes.push_back(Note{parameter->span, std::string(Tr("parameter declared here"))});
      } else if (!Fits(type, expected) && !(expected == "number" && type.kind == ExprType::Kind::kNumber &&
                                            UsedAsTarget(tmpl.body, argument.name.name))) {
        Diagnostic& d = Report(DiagCode::kArgumentType, argument.value->span,
                               Tr("parameter '{0}' of template '{1}' is {2}, but this is {3}", argument.name.name,
                                  tmpl.name.name, DescribeExpected(expected), DescribeType(type)),
                               std::string(Tr("give a value of the parameter's type")));
        d.notes.push_back(Note{parameter->span, std::string(Tr("parameter declared here"))});
      }
      out.arguments[argument.name.name] = model::Argument{syntax::PrintExpr(*argument.value), value};
    }
    for (const ast::Parameter& parameter : tmpl.parameters) {
      ExprType type = ExprType::Number(std::nullopt);
      if (parameter.type) {
        if (auto canonical = syntax::ParameterTypes().Lookup(parameter.type->text)) type = TypeOfParameter(std::string(*canonical));
      }
      parameters.names[parameter.name.name] = {NameKind::kParameter, type};
      if (given.count(parameter.name.name) || suggested.count(parameter.name.name)) continue;
      if (parameter.default_value) {
        // Checked (and reported) with the template: bound again here, quietly, for this contract.
        const size_t before = pending_.size();
        model::ExprPtr value = CheckExpr(*parameter.default_value, Scope::OfLiterals(std::string(Tr("a default value"))));
        pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(before), pending_.end());
        parameters.parameter_values[parameter.name.name] = value;
        out.arguments[parameter.name.name] = model::Argument{syntax::PrintExpr(*parameter.default_value), value};
        continue;
      }
      Diagnostic& d = Report(DiagCode::kMissingArgument, call.name.span,
                             Tr("contract '{0}' does not give parameter '{1}' of template '{2}'", contract.name.name,
                                parameter.name.name, tmpl.name.name),
                             Tr("add {0}: VALUE between the parentheses", parameter.name.name));
      d.notes.push_back(Note{parameter.span, std::string(Tr("parameter declared here"))});
    }
    merged = Merge(tmpl.body, contract.body);
    body = &merged;
    instance_of = &tmpl;
  }
  if (!body->period && !contract.incomplete) {
    Report(DiagCode::kMissingProperty, contract.name.span, Tr("contract '{0}' has no period", contract.name.name),
           std::string(Tr("add the years it covers, such as `period 2019..2023` (période 2019..2023)")));
  }
  const size_t before = pending_.size();
  ContractChecker(*this, *body, parameters, /*is_template=*/false, contract.name.name).Run(out);
  if (instance_of != nullptr) {
    // A mistake in the template's own text was already reported when the template was checked (or
    // for an earlier contract made from it): report it once. One that only this contract causes
    // (a year outside its period) gets a note saying which contract.
    std::deque<Diagnostic> kept(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(before));
    const std::string_view for_contract_format = Tr("for contract '{0}', made from template '{1}'");
    const std::string for_contract = FormatText(for_contract_format, contract.name.name, instance_of->name.name);
    // The note's words before the contract's name: how a note added for another contract is recognised.
    const std::string for_contract_prefix(for_contract_format.substr(0, for_contract_format.find("{0}")));
    for (size_t i = before; i < pending_.size(); ++i) {
      Diagnostic& d = pending_[i];
      const Span& t = instance_of->span;
      const bool in_template = d.span.file == t.file && d.span.begin >= t.begin && d.span.end <= t.end;
      if (!in_template) {
        kept.push_back(std::move(d));
        continue;
      }
      auto repeated = std::find_if(kept.begin(), kept.end(), [&](const Diagnostic& e) {
        return e.code == d.code && e.span == d.span && e.message == d.message;
      });
      if (repeated != kept.end()) {
        // Already reported for the template itself (no note) or for another contract (add this one).
        if (!repeated->notes.empty() && repeated->notes.back().message.rfind(for_contract_prefix, 0) == 0) {
          repeated->notes.push_back(Note{contract.name.span, for_contract});
        }
        continue;
      }
      d.notes.push_back(Note{contract.name.span, for_contract});
      kept.push_back(std::move(d));
    }
    pending_ = std::move(kept);
  }
  out.title = contract.title ? contract.title->value : "";
  out.span = contract.span;
  if (!body->amendments.empty()) CheckAmendments(*this, contract, *body, parameters, before, out);
  return out;
}

void CheckContractBody(Checker& checker, const ast::ContractBody& body, const Scope& parameters,
                       const std::string& name, model::Contract& out) {
  ContractChecker(checker, body, parameters, /*is_template=*/false, name).Run(out);
}

}  // namespace vigie::sema::internal
