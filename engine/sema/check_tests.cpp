// The `test` blocks of a ruleset: the contract they run, their given values, evidence, members,
// attributes and files, and what they expect, checked against the catalog and the contract.
#include <algorithm>

#include "engine/sema/checker_internal.h"
#include "engine/sema/shipped_catalogs.h"

namespace vigie::sema::internal {

void Checker::CheckTest(const ast::Test& test) {
  model::Test out;
  out.name = test.name.value;
  out.span = test.span;
  const model::Contract* contract = nullptr;
  if (!test.contract) {
    if (!test.incomplete) {
      Report(DiagCode::kMissingProperty, test.name.span, Tr("test \"{0}\" does not name its contract", out.name),
             std::string(Tr("add `contract NAME` (contrat NOM) inside the test")));
    }
  } else {
    out.contract = test.contract->name;
    auto it = model_.contracts.find(out.contract);
    if (it != model_.contracts.end()) {
      contract = &it->second;
    } else if (!contracts_.count(out.contract)) {
      Report(DiagCode::kUnknownContract, test.contract->span, Tr("unknown contract '{0}'", out.contract),
             DidYouMean(out.contract, KeysOf(contracts_)));
    }
  }
  if (test.as_of) out.as_of = ToDate(*test.as_of);

  for (const ast::GivenValue& given : test.given_values) {
    model::GivenValue value;
    value.entity = given.entity.code;
    value.indicator = given.indicator.name;
    CheckSubject(given.entity);
    auto indicator = model_.indicators.find(given.indicator.name);
    std::optional<model::PeriodKind> kind;
    if (indicator == model_.indicators.end()) {
      Report(DiagCode::kUnknownIndicator, given.indicator.span, Tr("unknown indicator '{0}'", given.indicator.name),
             UnknownIndicatorHelp(given.indicator.name, KeysOf(indicators_)));
    } else {
      used_indicators_.insert(given.indicator.name);
      kind = indicator->second.period_kind;
    }
    if (given.period.kind == ast::PeriodKey::Kind::kYearRange) {
      Report(DiagCode::kPeriodKindMismatch, given.period.span, std::string(Tr("a given value is for one period, not a range")),
             std::string(Tr("write one `given` line per period")));
    } else if (auto period = ToPeriod(given.period, kind)) {
      value.period = *period;
    }
    if (given.value && indicator != model_.indicators.end() && indicator->second.Categorical()) {
      CheckCategoryTarget(std::nullopt, &*given.value, given.value->span, indicator->second);
    } else if (given.value) {
      value.value = given.value->number.value;
      value.value_text = given.value->number.text;
      std::optional<std::string> unit = QuantityUnit(*given.value);
      if (unit && !unit->empty()) value.value_text += " " + syntax::UnitSymbol(*unit);
      if (indicator != model_.indicators.end() && unit) {
        const std::string expected = UnitOfIndicator(indicator->second.unit);
        if (*unit == expected) {
          CheckWithinIndicator(*given.value, indicator->second, /*is_target=*/false);
        } else {
          Report(DiagCode::kTestValueUnitMismatch, given.value->span,
                 Tr("value {0} is {1}, but indicator '{2}' is in {3}",
                    given.value->number.text + (given.value->unit ? " " + given.value->unit->text : ""),
                    unit->empty() ? std::string(Tr("a plain number")) : Tr("in {0}", DescribeUnit(unit)),
                    given.indicator.name, UnitName(indicator->second.unit)),
                 expected.empty() ? std::string(Tr("write a plain number")) : Tr("write the value in {0}", DescribeUnit(expected)));
        }
      }
    } else if (given.word && indicator != model_.indicators.end() && indicator->second.Categorical() &&
               !syntax::MissingWords().Lookup(given.word->text)) {
      // `given 080000037 classe_esatis 2019 = B`: a value of a categorical indicator, stored as its rank.
      const int rank = CategoryRank(ast::Identifier{given.word->text, given.word->span}, indicator->second);
      if (rank > 0) {
        value.value = rank;
        value.value_text = given.word->text;
      }
    } else if (given.word) {
      if (Canonical(syntax::MissingWords(), *given.word)) value.value_text = "missing";
      if (given.code) {
        value.missing_code = given.code->value;
        value.value_text += " \"" + given.code->value + "\"";
      }
    }
    out.given_values.push_back(std::move(value));
  }

  auto known_subject = [&](const std::string& name) {
    if (contract == nullptr) return true;  // already reported
    for (const auto& c : contract->commitments) if (c.name == name) return true;
    for (const auto& m : contract->milestones) if (m.name == name) return true;
    for (const auto& p : contract->payments) if (p.name == name) return true;
    return name == "score";
  };
  auto subjects = [&]() {
    std::vector<std::string> names{"score"};
    if (contract == nullptr) return names;
    for (const auto& c : contract->commitments) names.push_back(c.name);
    for (const auto& m : contract->milestones) names.push_back(m.name);
    for (const auto& p : contract->payments) names.push_back(p.name);
    return names;
  };

  for (const ast::GivenEvidence& given : test.given_evidence) {
    CheckSubject(given.entity);
    const model::Milestone* milestone = nullptr;
    if (contract) {
      for (const auto& m : contract->milestones) if (m.name == given.milestone.name) milestone = &m;
    }
    const bool judged_for_group = milestone && milestone->applicability.kind == model::Applicability::Kind::kGroup;
    if (!judged_for_group && !given.entity.code.empty() && !IsOtherParty(given.entity.code) &&
        !std::isdigit(static_cast<unsigned char>(given.entity.code[0]))) {
      // Without `for group`, evidence is read per establishment; a group's would never be counted.
      Report(DiagCode::kGroupEvidence, given.entity.span,
             Tr("evidence given for group '{0}' is never counted: milestones are judged for each establishment",
                given.entity.code),
             Tr("give it for a member establishment: given {0} member FINESS, then given FINESS evidence {1} DATE",
                given.entity.code, given.milestone.name));
    }
    bool found = contract == nullptr;
    std::vector<std::string> milestones;
    if (contract) {
      for (const auto& m : contract->milestones) {
        milestones.push_back(m.name);
        if (m.name == given.milestone.name) found = true;
      }
    }
    if (!found) {
      Report(DiagCode::kUnknownCommitment, given.milestone.span,
             Tr("contract '{0}' has no milestone '{1}'", out.contract, given.milestone.name),
             DidYouMean(given.milestone.name, milestones));
    }
    out.given_evidence.push_back(model::GivenEvidence{given.entity.code, given.milestone.name, ToDate(given.date)});
  }

  for (const ast::GivenMembers& given : test.given_members) {
    model::GivenMembers members{given.group.code, {}};
    for (const ast::EntityRef& member : given.members) {
      if (!IsOtherParty(member.code)) CheckFiness(member.code, member.span);
      members.members.push_back(member.code);
    }
    out.given_members.push_back(std::move(members));
  }
  for (const ast::GivenFile& given : test.given_files) {
    model::GivenFile file{given.path.value, "", given.span};
    if (given.period) {
      if (std::optional<model::Period> period = ToPeriod(*given.period, std::nullopt)) file.period = model::Format(*period);
    }
    out.given_files.push_back(std::move(file));
  }
  for (const ast::GivenAttribute& given : test.given_attributes) {
    CheckSubject(given.entity);
    model::GivenAttribute attribute;
    attribute.entity = given.entity.code;
    attribute.name = given.name.name;
    if (!attributes_.count(given.name.name)) {
      std::vector<std::string> names;
      for (const auto& [name, value] : attributes_) names.push_back(name);
      Report(DiagCode::kUnknownName, given.name.span, Tr("unknown attribute '{0}'", given.name.name),
             DidYouMean(given.name.name, names).empty() ? Tr("declare it in the catalog: attribute {0}", given.name.name)
                                                        : DidYouMean(given.name.name, names));
    }
    if (given.period) attribute.period = ToPeriod(*given.period, std::nullopt);
    if (given.value) {
      using K = ast::Expr::Kind;
      const ast::Expr& e = *given.value;
      if (e.kind == K::kString || e.kind == K::kName || e.kind == K::kDate) attribute.value = e.text;
      else if (e.kind == K::kQuantity) attribute.value = e.quantity.number.text;
      else Report(DiagCode::kTypeMismatch, e.span, std::string(Tr("an attribute's value is a text or a number")),
                  std::string(Tr("write it like \"CH\" or 3")));
    }
    out.given_attributes.push_back(std::move(attribute));
  }

  for (const ast::Expectation& expect : test.expectations) {
    model::Expectation item;
    item.span = expect.span;
    item.subject = expect.subject.name;
    if (!known_subject(item.subject)) {
      Report(DiagCode::kUnknownCommitment, expect.subject.span,
             Tr("contract '{0}' has no commitment, milestone or payment '{1}'", out.contract, item.subject),
             DidYouMean(item.subject, subjects()));
    }
    if (expect.entity) {
      item.entity = expect.entity->code;
      CheckSubject(*expect.entity);
    }
    if (expect.period) {
      if (expect.period->kind == ast::PeriodKey::Kind::kYearRange) {
        Report(DiagCode::kPeriodKindMismatch, expect.period->span, std::string(Tr("an expectation is for one period, not a range")),
               std::string(Tr("write one `expect` line per period")));
      } else {
        item.period = ToPeriod(*expect.period, std::nullopt);
        if (contract != nullptr && contract->first_year != 0 &&
            (expect.period->year < contract->first_year || expect.period->year > contract->LastVersion().last_year)) {
          Report(DiagCode::kTargetOutsidePeriod, expect.period->span,
                 Tr("this expectation is for {0}, outside the period {1}..{2} of contract '{3}'", calendar::FormatForMessage(*item.period),
                    contract->first_year, contract->LastVersion().last_year, out.contract),
                 std::string(Tr("nothing is evaluated outside the contract's period; expect a year it covers")));
        }
      }
    }
    if (expect.verdict) {
      if (auto verdict = Canonical(syntax::Verdicts(), *expect.verdict)) item.verdict = model::VerdictFromCanonical(*verdict);
    }
    if (expect.value) {
      item.value = expect.value->number.value;
      item.value_text = expect.value->number.text;
      if (auto unit = QuantityUnit(*expect.value); unit && !unit->empty()) item.value_text += " " + syntax::UnitSymbol(*unit);
    }
    out.expectations.push_back(std::move(item));
  }
  model_.tests.push_back(std::move(out));
}

}  // namespace vigie::sema::internal
