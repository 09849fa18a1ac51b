// Avenants: a signed contract's dated changes. Each avenant is applied to the text of the version
// before it (a commitment or milestone block naming an existing one changes the items it writes, a new
// name adds one, `remove` drops one; a payment of the same name is replaced; a period extends the
// contract; parties are added and removed; waivers granted and revoked; a scoring clause replaces the
// contract's), and the result is checked as a contract: every version is a whole checked
// model::Contract, which evaluation picks by date.
#include <algorithm>
#include <set>
#include <tuple>

#include "engine/base/calendar.h"
#include "engine/base/locale_text.h"
#include "engine/sema/checker_internal.h"
#include "engine/sema/contract_diff.h"

namespace vigie::sema::internal {
namespace {

// A trajectory written in an avenant changes the years it names; the other years keep their targets.
ast::Target MergeTarget(const ast::Target& before, const ast::Target& change) {
  if (!before.is_trajectory || !change.is_trajectory) return change;
  ast::Target merged = before;
  for (const ast::TrajectoryEntry& entry : change.entries) {
    auto same = std::find_if(merged.entries.begin(), merged.entries.end(), [&](const ast::TrajectoryEntry& e) {
      return e.period.kind == entry.period.kind && e.period.year == entry.period.year &&
             e.period.last_year == entry.period.last_year && e.period.sub == entry.period.sub;
    });
    if (same != merged.entries.end()) *same = entry;
    else merged.entries.push_back(entry);
  }
  std::stable_sort(merged.entries.begin(), merged.entries.end(), [](const ast::TrajectoryEntry& a, const ast::TrajectoryEntry& b) {
    return std::tie(a.period.year, a.period.sub) < std::tie(b.period.year, b.period.sub);
  });
  merged.span = change.span;
  return merged;
}

// The items an avenant writes in a commitment block replace the same items of the commitment.
ast::Commitment MergeCommitment(const ast::Commitment& before, const ast::Commitment& change) {
  ast::Commitment merged = before;
  if (change.title) merged.title = change.title;
  if (change.ref) merged.ref = change.ref;
  if (change.applicability) merged.applicability = change.applicability;
  if (change.indicator) merged.indicator = change.indicator;
  if (change.target) {
    merged.target = before.target ? MergeTarget(*before.target, *change.target) : *change.target;
    merged.improve.reset();  // a target replaces an improvement
    merged.party_targets.reset();  // and a table by party
  }
  if (change.improve) {
    merged.improve = change.improve;
    merged.target.reset();
    merged.party_targets.reset();
  }
  if (change.party_targets) {  // a new table replaces the whole rule
    merged.party_targets = change.party_targets;
    merged.target.reset();
    merged.improve.reset();
  }
  if (change.baseline) merged.baseline = change.baseline;
  if (change.consecutive_years) {
    merged.consecutive_years = change.consecutive_years;
    merged.consecutive_span = change.consecutive_span;
  }
  if (change.tolerance) merged.tolerance = change.tolerance;
  if (change.weight) merged.weight = change.weight;
  if (change.aggregate) merged.aggregate = change.aggregate;
  if (change.composite) {
    merged.composite = change.composite;
    merged.indicator.reset();
    merged.target.reset();
  }
  if (!change.verdict_rules.empty()) merged.verdict_rules = change.verdict_rules;
  merged.incomplete = before.incomplete || change.incomplete;
  return merged;
}

// The items an avenant writes in a milestone block replace the same items of the milestone.
ast::Milestone MergeMilestone(const ast::Milestone& before, const ast::Milestone& change) {
  ast::Milestone merged = before;
  if (change.title) merged.title = change.title;
  if (change.ref) merged.ref = change.ref;
  if (change.applicability) merged.applicability = change.applicability;
  if (change.due || change.due_from) {  // a new due date, as a date or from the signature
    merged.due = change.due;
    merged.due_from = change.due_from;
  }
  if (change.evidence) merged.evidence = change.evidence;
  if (change.weight) merged.weight = change.weight;
  merged.incomplete = before.incomplete || change.incomplete;
  return merged;
}

// How parties are matched: by their code (a group's name, a FINESS, an INSEE code...), whatever kind
// word the avenant writes before it.
const std::string& CodeOf(const ast::Party& party) {
  return party.kind == ast::Party::Kind::kGroup ? party.group.name : party.entity.code;
}

std::vector<std::string> CodesOf(const std::vector<ast::Party>& parties) {
  std::vector<std::string> codes;
  for (const ast::Party& p : parties) codes.push_back(CodeOf(p));
  return codes;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& x : items) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// `remove waiver ambu for 080000037 in 2020` matches the waivers of `ambu`; the parties and the period,
// when written, must be the waiver's.
bool SameWaiver(const ast::Waiver& waiver, const ast::Waiver& removal) {
  if (waiver.commitment.name != removal.commitment.name) return false;
  if (!removal.entities.empty()) {
    std::set<std::string> a, b;
    for (const ast::EntityRef& e : waiver.entities) a.insert(e.code);
    for (const ast::EntityRef& e : removal.entities) b.insert(e.code);
    if (a != b) return false;
  }
  if (removal.period) {
    if (!waiver.period) return false;
    const ast::PeriodKey &x = *waiver.period, &y = *removal.period;
    if (std::tie(x.kind, x.year, x.last_year, x.sub) != std::tie(y.kind, y.year, y.last_year, y.sub)) return false;
  }
  return true;
}

// A commitment block of an avenant adds a commitment when it says what it measures.
bool IsNewCommitment(const ast::Commitment& c) { return c.indicator.has_value() || c.composite.has_value(); }

template <typename T>
std::vector<std::string> NamesOf(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const T& x : items) names.push_back(x.name.name);
  return names;
}

template <typename T>
typename std::vector<T>::iterator Named(std::vector<T>& items, const std::string& name) {
  return std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name.name == name; });
}

bool Within(const Span& inner, const Span& outer) {
  return inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

}  // namespace

// `remove waiver X [for ...] [in ...]` revokes the waivers of X that match (V2230 when none does).
static void RevokeWaiver(Checker& c, const std::string& contract, const std::string& number,
                         const ast::Amendment::Removal& removal, std::vector<ast::Waiver>& waivers) {
  const auto before = waivers.size();
  waivers.erase(std::remove_if(waivers.begin(), waivers.end(), [&](const ast::Waiver& w) { return SameWaiver(w, removal.waiver); }),
                waivers.end());
  if (waivers.size() != before) return;
  std::vector<std::string> waived;
  for (const ast::Waiver& w : waivers) waived.push_back(w.commitment.name);
  std::string help = std::any_of(waivers.begin(), waivers.end(),
                                 [&](const ast::Waiver& w) { return w.commitment.name == removal.waiver.commitment.name; })
                         ? std::string(Tr("write the parties and the period as the waiver does, or leave them out to revoke "
                                          "every waiver of the commitment"))
                         : Checker::DidYouMean(removal.waiver.commitment.name, waived);
  if (help.empty()) {
    help = waived.empty() ? std::string(Tr("the contract has no waiver at this point"))
                          : Tr("the commitments with a waiver: {0}", Joined(waived));
  }
  c.Report(DiagCode::kAmendmentUnknownItem, removal.span,
           Tr("amendment {0} revokes a waiver of '{1}' that contract '{2}' does not have", number,
              removal.waiver.commitment.name, contract),
           help);
}

// `remove party X` (retirer partie X): X must be a party of the contract as it stands (V2282).
static void RemoveParty(Checker& c, const std::string& contract, const std::string& number,
                        const ast::Amendment::Removal& removal, std::vector<ast::Party>& parties) {
  const std::string& code = CodeOf(removal.party);
  auto it = std::find_if(parties.begin(), parties.end(), [&](const ast::Party& p) { return CodeOf(p) == code; });
  if (it != parties.end()) {
    parties.erase(it);
    return;
  }
  std::string help = Checker::DidYouMean(code, CodesOf(parties));
  if (help.empty()) help = Tr("the parties of the contract at this point: {0}", Joined(CodesOf(parties)));
  c.Report(DiagCode::kAmendmentUnknownParty, removal.party.span,
           Tr("amendment {0} removes '{1}', which is not a party of contract '{2}'", number, code, contract), help);
}

// `add party X` (ajouter partie X): X must not be a party already (V2283).
static void AddParty(Checker& c, const std::string& contract, const std::string& number, const ast::Party& party,
                     std::vector<ast::Party>& parties) {
  auto it = std::find_if(parties.begin(), parties.end(), [&](const ast::Party& p) { return CodeOf(p) == CodeOf(party); });
  if (it == parties.end()) {
    parties.push_back(party);
    return;
  }
  Diagnostic& d = c.Report(DiagCode::kAmendmentPartyTwice, party.span,
                           Tr("amendment {0} adds '{1}', which is already a party of contract '{2}'", number, CodeOf(party), contract),
                           std::string(Tr("remove this line: the party stays bound by the contract")));
  d.notes.push_back(Note{it->span, std::string(Tr("a party here"))});
}

// A party the avenant removes that a commitment or milestone still names after `for` would still be
// judged (V2211, as a name after `for` that is not a party): the avenant must change that `for`, or
// remove the item.
static void CheckStillJudged(Checker& c, const std::string& number, const ast::Amendment::Removal& removal,
                             const ast::ContractBody& amended) {
  const std::string& code = CodeOf(removal.party);
  auto names = [&](const std::optional<ast::Applicability>& applicability) -> const ast::EntityRef* {
    if (!applicability) return nullptr;
    for (const ast::EntityRef& e : applicability->entities) {
      if (e.code == code) return &e;
    }
    return nullptr;
  };
  auto report = [&](std::string message, const ast::EntityRef& named) {
    Diagnostic& d = c.Report(DiagCode::kUnknownParty, removal.party.span, std::move(message),
                             std::string(Tr("in the same avenant, remove the item, or give it a `for` without this party")));
    d.notes.push_back(Note{named.span, std::string(Tr("the party named here"))});
  };
  for (const ast::Commitment& x : amended.commitments) {
    if (const ast::EntityRef* named = names(x.applicability)) {
      report(Tr("amendment {0} removes party '{1}', but commitment '{2}' still judges it", number, code, x.name.name), *named);
    }
  }
  for (const ast::Milestone& x : amended.milestones) {
    if (const ast::EntityRef* named = names(x.applicability)) {
      report(Tr("amendment {0} removes party '{1}', but milestone '{2}' still judges it", number, code, x.name.name), *named);
    }
  }
}

// `period 2019..2025` in an avenant: a prorogation. It keeps the start and ends later (V2280).
static void ExtendPeriod(Checker& c, const std::string& contract, const std::string& number, const ast::YearRange& period,
                         std::optional<ast::YearRange>& current) {
  auto text = [](const ast::YearRange& p) {
    return p.first_month != 0 ? calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, p.first, p.first_month}) + ".." +
                                    calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, p.last, p.last_month})
                              : std::to_string(p.first) + ".." + std::to_string(p.last);
  };
  if (!current) {
    c.Report(DiagCode::kAmendmentPeriod, period.span,
             Tr("amendment {0} extends the period of contract '{1}', which has none", number, contract),
             std::string(Tr("give the contract its period as signed (period 2019..2023), then the avenant its new period")));
    return;
  }
  const std::string now = text(*current);
  if (period.first != current->first || period.first_month != current->first_month) {
    c.Report(DiagCode::kAmendmentPeriod, period.span,
             Tr("amendment {0} gives contract '{1}' the period {2}, which does not start as its period {3}", number, contract,
                text(period), now),
             Tr("an avenant extends the period (a prorogation): keep its start and write the new end, {0}..", now.substr(0, now.find(".."))));
    return;
  }
  if (std::tie(period.last, period.last_month) < std::tie(current->last, current->last_month)) {
    c.Report(DiagCode::kAmendmentPeriod, period.span,
             Tr("amendment {0} gives contract '{1}' the period {2}, which ends before its period {3}", number, contract,
                text(period), now),
             std::string(Tr("an avenant may extend the period, not shorten it: write a later end, or remove this line")));
    return;
  }
  current = period;
}

// The text of the contract once `amendment` applies to `body`; unknown names reported (V2230).
static ast::ContractBody Apply(Checker& c, const std::string& contract, const ast::ContractBody& body,
                               const ast::Amendment& amendment) {
  ast::ContractBody out = body;
  const std::string number = amendment.number.text;
  // Removes the named item; false (reported) when the contract has none of that name.
  auto remove = [&](auto& items, const ast::Identifier& name, const std::string& message) {
    auto it = Named(items, name.name);
    if (it == items.end()) {
      c.Report(DiagCode::kAmendmentUnknownItem, name.span, message, Checker::DidYouMean(name.name, NamesOf(items)));
      return false;
    }
    items.erase(it);
    return true;
  };
  using Removal = ast::Amendment::Removal;
  for (const Removal& removal : amendment.removals) {
    const std::string& name = removal.name.name;
    switch (removal.kind) {
      case Removal::Kind::kCommitment:
        if (!remove(out.commitments, removal.name,
                    Tr("amendment {0} removes commitment '{1}', which contract '{2}' does not have", number, name, contract))) {
          break;
        }
        // Its waivers go with it.
        out.waivers.erase(std::remove_if(out.waivers.begin(), out.waivers.end(),
                                         [&](const ast::Waiver& w) { return w.commitment.name == name; }),
                          out.waivers.end());
        break;
      case Removal::Kind::kPayment:
        remove(out.payments, removal.name,
               Tr("amendment {0} removes payment '{1}', which contract '{2}' does not have", number, name, contract));
        break;
      case Removal::Kind::kMilestone:
        remove(out.milestones, removal.name,
               Tr("amendment {0} removes milestone '{1}', which contract '{2}' does not have", number, name, contract));
        break;
      case Removal::Kind::kWaiver: RevokeWaiver(c, contract, number, removal, out.waivers); break;
      case Removal::Kind::kParty: RemoveParty(c, contract, number, removal, out.parties); break;
    }
  }
  for (const ast::Party& party : amendment.added_parties) AddParty(c, contract, number, party, out.parties);
  if (out.parties.empty() && !body.parties.empty()) {
    auto last = std::find_if(amendment.removals.rbegin(), amendment.removals.rend(),
                             [](const Removal& r) { return r.kind == Removal::Kind::kParty; });
    c.Report(DiagCode::kAmendmentNoPartyLeft, last->span,
             Tr("amendment {0} removes every party of contract '{1}'", number, contract),
             std::string(Tr("a contract binds at least one party: add the party that takes over in the same avenant "
                            "(add party ...), or keep one")));
    out.parties = body.parties;  // the version keeps its parties, so that it checks on its own
  }
  if (amendment.period) ExtendPeriod(c, contract, number, *amendment.period, out.period);
  for (const ast::Milestone& change : amendment.milestones) {
    auto it = Named(out.milestones, change.name.name);
    if (it != out.milestones.end()) {
      *it = MergeMilestone(*it, change);
    } else if (change.due || change.due_from) {
      out.milestones.push_back(change);
    } else {
      std::string help = Checker::DidYouMean(change.name.name, NamesOf(out.milestones));
      if (help.empty()) help = Tr("to add a milestone, give its due date (due 2022-12-31)");
      c.Report(DiagCode::kAmendmentUnknownItem, change.name.span,
               Tr("amendment {0} changes milestone '{1}', which contract '{2}' does not have", number, change.name.name, contract),
               help);
    }
  }
  for (const ast::Waiver& waiver : amendment.waivers) out.waivers.push_back(waiver);
  if (amendment.scoring) out.scoring = amendment.scoring;
  for (const ast::Commitment& change : amendment.commitments) {
    auto it = Named(out.commitments, change.name.name);
    if (it != out.commitments.end()) {
      *it = MergeCommitment(*it, change);
    } else if (IsNewCommitment(change)) {
      out.commitments.push_back(change);
    } else {
      std::string help = Checker::DidYouMean(change.name.name, NamesOf(out.commitments));
      if (help.empty()) help = Tr("to add a commitment, give its indicator and its target");
      c.Report(DiagCode::kAmendmentUnknownItem, change.name.span,
               Tr("amendment {0} changes commitment '{1}', which contract '{2}' does not have", number, change.name.name, contract),
               help);
    }
  }
  for (const ast::Payment& payment : amendment.payments) {
    auto it = Named(out.payments, payment.name.name);
    if (it != out.payments.end()) *it = payment;
    else out.payments.push_back(payment);
  }
  for (const Removal& removal : amendment.removals) {
    if (removal.kind == Removal::Kind::kParty) CheckStillJudged(c, number, removal, out);
  }
  out.amendments.clear();
  return out;
}

// A prorogation: every commitment with targets needs one for each year the avenant adds (V2281); a
// constant target covers them already, a trajectory must be given its new years. True when one lacks.
static bool CheckAddedYears(Checker& c, const ast::Amendment& a, const model::Contract& before, const model::Contract& after) {
  if (!a.period || after.last_year <= before.last_year || before.last_year == 0) return false;
  bool lacking = false;
  auto check = [&](const model::Commitment& commitment, const std::vector<model::PeriodTarget>& targets, const std::string& party) {
    if (targets.empty()) return;
    std::set<int> years;
    for (const model::PeriodTarget& t : targets) years.insert(calendar::ContractYearOfPeriod(t.period, after.year_start_month));
    std::vector<int> missing;
    for (int year = before.last_year + 1; year <= after.last_year; ++year) {
      if (!years.count(year)) missing.push_back(year);
    }
    if (missing.empty()) return;
    lacking = true;
    const std::string first = after.YearText(missing.front()), last = after.YearText(missing.back());
    const std::string gap = missing.size() == 1 ? first : first + ".." + last;
    const std::string end = after.YearText(after.last_year);
    Diagnostic& d = c.Report(
        DiagCode::kAmendmentPeriodTargets, a.period->span,
        party.empty() ? Tr("amendment {0} extends contract '{1}' to {2}, but commitment '{3}' has no target for {4}", a.number.text,
                           after.name, end, commitment.name, gap)
                      : Tr("amendment {0} extends contract '{1}' to {2}, but commitment '{3}' has no target for {4} for party {5}",
                           a.number.text, after.name, end, commitment.name, gap, party),
        Tr("give its targets for the added years in the avenant: commitment {0} {{ target {{ {1}: ... } }", commitment.name,
           missing.size() == 1 ? first : first + ": ..., " + last));
    d.notes.push_back(Note{targets.back().span, std::string(Tr("its last target"))});
  };
  for (const model::Commitment& commitment : after.commitments) {
    if (commitment.composite || commitment.improvement) continue;
    check(commitment, commitment.targets, "");
    for (const model::PartyTarget& p : commitment.party_targets) check(commitment, p.targets, p.party);
  }
  return lacking;
}

// Numbers 1, 2, 3... in the order written (V2232); dates inside the period, after the signature and
// after the avenant before (V2231, V2233). False when the avenant cannot make a version.
static bool CheckHead(Checker& c, const ast::Amendment& a, const ast::Amendment* previous, int expected,
                      const model::Contract& contract) {
  bool usable = true;
  const int number = static_cast<int>(a.number.value);
  if (a.number.text != std::to_string(expected)) {
    Diagnostic& d = c.Report(
        DiagCode::kAmendmentNumber, a.number.span,
        previous != nullptr && previous->number.text == a.number.text
            ? Tr("amendment {0} is written twice in contract '{1}'", a.number.text, contract.name)
            : Tr("amendment {0} is written where amendment {1} is expected in contract '{2}'", a.number.text, expected, contract.name),
        std::string(Tr("number the amendments 1, 2, 3... in the order they take effect, and write them in that order")));
    if (previous != nullptr) d.notes.push_back(Note{previous->head_span, std::string(Tr("the amendment before it"))});
    usable = false;
  }
  (void)number;
  const model::Date effective{a.effective.year, a.effective.month, a.effective.day};
  const std::string date = FormatDate(model::Format(effective));
  if (contract.first_year != 0 && (effective.year < contract.first_year || effective.year > contract.last_year)) {
    c.Report(DiagCode::kAmendmentDate, a.effective.span,
             Tr("amendment {0} takes effect on {1}, outside the contract's period {2}..{3}", a.number.text, date,
                contract.first_year, contract.last_year),
             std::string(Tr("an amendment changes the contract during its period: check the date")));
    usable = false;
  } else if (contract.signed_on && !(*contract.signed_on < effective)) {
    c.Report(DiagCode::kAmendmentDate, a.effective.span,
             Tr("amendment {0} takes effect on {1}, not after the contract's signature ({2})", a.number.text, date,
                FormatDate(model::Format(*contract.signed_on))),
             std::string(Tr("an amendment changes the contract after it is signed: check the date")));
    usable = false;
  }
  if (previous != nullptr) {
    const model::Date before{previous->effective.year, previous->effective.month, previous->effective.day};
    if (!(before < effective)) {
      Diagnostic& d = c.Report(DiagCode::kAmendmentOrder, a.effective.span,
                               Tr("amendment {0} takes effect on {1}, not after amendment {2} ({3})", a.number.text, date,
                                  previous->number.text, FormatDate(model::Format(before))),
                               std::string(Tr("each amendment takes effect after the one before it: check the dates")));
      d.notes.push_back(Note{previous->head_span, std::string(Tr("the amendment before it"))});
      usable = false;
    }
  }
  return usable;
}

void CheckAmendments(Checker& c, const ast::Contract& contract, const ast::ContractBody& body, const Scope& parameters,
                     size_t before, model::Contract& out) {
  const std::string& name = contract.name.name;
  // What the contract as signed already reported: a version reports only what is new in it.
  std::set<std::tuple<int, uint32_t, uint32_t, std::string>> reported;
  for (size_t i = before; i < c.pending_.size(); ++i) {
    const Diagnostic& d = c.pending_[i];
    reported.emplace(static_cast<int>(d.code), d.span.begin, d.span.end, d.message);
  }
  ast::ContractBody text = body;
  text.amendments.clear();
  const ast::Amendment* previous = nullptr;
  bool short_targets = false;
  for (const ast::Amendment& a : body.amendments) {
    const int expected = static_cast<int>(out.amendments.size()) + 1;
    const bool usable = CheckHead(c, a, previous, expected, out.versions.empty() ? out : out.versions.back());
    previous = &a;
    if (!usable) continue;
    model::Amendment amendment{expected, model::Date{a.effective.year, a.effective.month, a.effective.day},
                               a.title ? a.title->value : "", a.span};
    out.amendments.push_back(amendment);
    const size_t applied = c.pending_.size();
    text = Apply(c, name, text, a);
    const bool refused = c.pending_.size() > applied;  // an item it names is unknown: said already
    const size_t first = c.pending_.size();
    model::Contract version;
    version.arguments = out.arguments;
    version.template_name = out.template_name;
    CheckContractBody(c, text, parameters, name, version);
    const model::Contract& last = out.versions.empty() ? out : out.versions.back();
    // A trajectory short of the added years is said once, as the prorogation's mistake (V2281), and
    // not again as a warning in this version or the later ones.
    if (CheckAddedYears(c, a, last, version)) short_targets = true;
    // Keep what this version adds (a mistake in the avenant, a waiver of a removed commitment).
    std::deque<Diagnostic> kept(c.pending_.begin(), c.pending_.begin() + static_cast<std::ptrdiff_t>(first));
    for (size_t i = first; i < c.pending_.size(); ++i) {
      Diagnostic& d = c.pending_[i];
      if (short_targets && d.code == DiagCode::kTrajectoryShort) continue;
      if (!reported.emplace(static_cast<int>(d.code), d.span.begin, d.span.end, d.message).second) continue;
      if (!Within(d.span, a.span)) {
        d.notes.push_back(Note{a.head_span, Tr("in the contract as amended by amendment {0}", a.number.text)});
      }
      kept.push_back(std::move(d));
    }
    c.pending_ = std::move(kept);
    version.title = out.title;
    version.span = out.span;
    version.version = expected;
    if (DiffContracts(last, version).empty() && !a.incomplete && !refused) {
      c.Report(DiagCode::kAmendmentChangesNothing, a.head_span,
               Tr("amendment {0} changes nothing in contract '{1}'", a.number.text, name),
               std::string(Tr("write in its block what it changes: targets, tolerances, weights, commitments, milestones, "
                              "waivers, payments, the scoring, the parties or the period")));
    }
    out.versions.push_back(std::move(version));
  }
  for (model::Contract& version : out.versions) version.amendments = out.amendments;
}

}  // namespace vigie::sema::internal
