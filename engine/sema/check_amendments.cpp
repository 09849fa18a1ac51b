// Avenants: a signed contract's dated changes. Each avenant is applied to the text of the version
// before it (a commitment block naming an existing commitment changes the items it writes, a new name
// adds one, `remove` drops one; a payment of the same name is replaced), and the result is checked as
// a contract: every version is a whole checked model::Contract, which evaluation picks by date.
#include <algorithm>
#include <set>
#include <tuple>

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
  for (const ast::Amendment::Removal& removal : amendment.removals) {
    const std::string& name = removal.name.name;
    if (removal.kind == ast::Amendment::Removal::Kind::kCommitment) {
      if (!remove(out.commitments, removal.name,
                  Tr("amendment {0} removes commitment '{1}', which contract '{2}' does not have", number, name, contract))) {
        continue;
      }
      // Its waivers go with it.
      out.waivers.erase(std::remove_if(out.waivers.begin(), out.waivers.end(),
                                       [&](const ast::Waiver& w) { return w.commitment.name == name; }),
                        out.waivers.end());
    } else {
      remove(out.payments, removal.name,
             Tr("amendment {0} removes payment '{1}', which contract '{2}' does not have", number, name, contract));
    }
  }
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
  out.amendments.clear();
  return out;
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
  for (const ast::Amendment& a : body.amendments) {
    const int expected = static_cast<int>(out.amendments.size()) + 1;
    const bool usable = CheckHead(c, a, previous, expected, out);
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
    // Keep what this version adds (a mistake in the avenant, a waiver of a removed commitment).
    std::deque<Diagnostic> kept(c.pending_.begin(), c.pending_.begin() + static_cast<std::ptrdiff_t>(first));
    for (size_t i = first; i < c.pending_.size(); ++i) {
      Diagnostic& d = c.pending_[i];
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
    const model::Contract& last = out.versions.empty() ? out : out.versions.back();
    if (DiffContracts(last, version).empty() && !a.incomplete && !refused) {
      c.Report(DiagCode::kAmendmentChangesNothing, a.head_span,
               Tr("amendment {0} changes nothing in contract '{1}'", a.number.text, name),
               std::string(Tr("write in its block the targets, tolerances, weights, commitments or payments it changes")));
    }
    out.versions.push_back(std::move(version));
  }
  for (model::Contract& version : out.versions) version.amendments = out.amendments;
}

}  // namespace vigie::sema::internal
