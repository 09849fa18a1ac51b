#include "engine/sema/model_printer.h"

#include "engine/sema/contract_diff.h"

#include <sstream>

#include "engine/syntax/ast.h"
#include "engine/syntax/vocabulary.h"

namespace vigie::sema {
namespace {

using namespace model;

std::string Quote(const std::string& text) { return syntax::ast::QuoteString(text); }

// The same symbol for every spelling: '%', '€', 'pts', then English words (jours -> days).
std::string CanonicalUnit(const std::string& written) {
  auto unit = syntax::QuantityUnits().Lookup(written);
  return unit ? syntax::UnitSymbol(*unit) : written;
}

std::string ApplicabilityText(const Applicability& a) {
  switch (a.kind) {
    case Applicability::Kind::kContractParties: return "contract parties";
    case Applicability::Kind::kGroup: return "group";
    case Applicability::Kind::kEachMember:
      return "each member" + (a.where ? " where " + PrintCanonicalExpr(*a.where) : std::string());
    case Applicability::Kind::kEntities: {
      std::string out = "entities";
      for (const auto& e : a.entities) out += " " + e;
      if (a.where) out += " where " + PrintCanonicalExpr(*a.where);
      return out;
    }
  }
  return "";
}

}  // namespace

std::string PrintCanonicalExpr(const Expr& e) {
  using K = Expr::Kind;
  auto list = [&](size_t from) {
    std::string out;
    for (size_t i = from; i < e.operands.size(); ++i) out += (i > from ? ", " : "") + PrintCanonicalExpr(*e.operands[i]);
    return out;
  };
  auto binary = [&](std::string_view op) {
    return "(" + PrintCanonicalExpr(*e.operands[0]) + " " + std::string(op) + " " + PrintCanonicalExpr(*e.operands[1]) + ")";
  };
  switch (e.kind) {
    case K::kNumber: return e.text + (e.unit_symbol.empty() ? "" : " " + CanonicalUnit(e.unit_symbol));
    case K::kText: return Quote(e.text);
    case K::kDate:
    case K::kSymbol:
    case K::kIndicator:
    case K::kAttribute:
    case K::kParameter:
    case K::kScore:
    case K::kItemScore:
    case K::kPayment: return e.text;
    case K::kPartyScore: return "(score of " + e.text + ")";
    case K::kNegate: return "(-" + PrintCanonicalExpr(*e.operands[0]) + ")";
    case K::kNot: return "(not " + PrintCanonicalExpr(*e.operands[0]) + ")";
    case K::kArithmetic: return binary(Name(e.arithmetic));
    case K::kAnd: return binary("and");
    case K::kOr: return binary("or");
    case K::kCompare: return binary(Name(e.compare));
    case K::kHas: return binary("has");
    case K::kIn: return "(" + PrintCanonicalExpr(*e.operands[0]) + " in [" + list(1) + "])";
    case K::kPresence: return "(" + PrintCanonicalExpr(*e.operands[0]) + " is " + e.text + ")";
    case K::kIf:
      return "(if " + PrintCanonicalExpr(*e.operands[0]) + " then " + PrintCanonicalExpr(*e.operands[1]) + " else " +
             PrintCanonicalExpr(*e.operands[2]) + ")";
    case K::kLookup: return e.text + "[" + list(0) + "]";
    case K::kCall: return std::string(Name(e.function)) + "(" + list(0) + ")";
    case K::kClass: return "class(" + e.text + ")";
    case K::kEvolution: return "evolution(" + e.text + ")";
    case K::kPrevious: return "previous(" + PrintCanonicalExpr(*e.operands[0]) + ")";
    case K::kLastKnown:
      return "last_known(" + PrintCanonicalExpr(*e.operands[0]) +
             (e.index < 0 ? std::string() : ", " + std::to_string(e.index) + " months") + ")";
    case K::kInvalid: return "?";
  }
  return "?";
}

namespace {
// A target's rule after its period: "<= 95 % of baseline partially met up to baseline", ">= 15",
// "at least B (rank <= 1)".
std::string TargetRule(const PeriodTarget& t) {
  if (!t.category.empty()) return "at least " + t.category + " (rank <= " + t.bound_text + ")";
  std::string out = std::string(Name(t.comparator)) + " " + (t.baseline_share ? *t.baseline_share + " % of baseline" : t.bound_text) +
                    (t.comparator_from_direction ? " (comparator from direction)" : "");
  if (t.partial) {
    out += " partially met up to " + (t.partial->baseline_share ? *t.partial->baseline_share + " % of baseline" : t.partial->text);
  }
  return out;
}
}  // namespace

std::string PrintCommitment(const Commitment& x) {
  std::ostringstream out;
  out << "  commitment " << x.name << " " << Quote(x.title) << "\n";
  if (!x.clause.empty()) out << "    clause " << Quote(x.clause) << "\n";
  out << "    applies to " << ApplicabilityText(x.applicability) << "\n";
  if (x.composite) {
    out << "    composite ";
    if (x.composite->kind == Composite::Kind::kAll) out << "all of [";
    else if (x.composite->kind == Composite::Kind::kAny) out << "any of [";
    else out << "at least " << x.composite->count << " of [";
    for (size_t i = 0; i < x.composite->members.size(); ++i) out << (i ? ", " : "") << x.composite->members[i];
    out << "]\n";
  } else {
    out << "    indicator " << x.indicator << "\n";
  }
  if (x.baseline_year) out << "    baseline " << *x.baseline_year << "\n";
  if (x.consecutive_years > 1) out << "    for " << x.consecutive_years << " consecutive years\n";
  for (const auto& t : x.targets) out << "    target " << Format(t.period) << " " << TargetRule(t) << "\n";
  // A party's own line: the same rule, and its tolerance (a relative one said so), so that `vigie
  // diff` sees an avenant change its limit or its tolerance as it sees a plain target's.
  for (const auto& p : x.party_targets) {
    for (const auto& t : p.targets) {
      out << "    target for " << p.party << " " << Format(t.period) << " " << TargetRule(t)
          << (p.tolerance ? " tolerance " + p.tolerance->text + (p.tolerance->kind == Tolerance::Kind::kRelative ? " relative" : "")
                          : "")
          << "\n";
    }
  }
  for (const auto& rule : x.verdict_rules) {
    out << "    rule " << Name(rule.verdict) << " if";
    for (int rank : rule.ranks) out << " rank " << rank;
    for (const auto& code : rule.codes) out << " code " << Quote(code);
    out << "\n";
  }
  if (x.improvement) {
    out << "    improve " << x.improvement->amount_text
        << (x.improvement->kind == Tolerance::Kind::kRelative ? " relative" : " absolute") << " from baseline "
        << x.improvement->baseline_year << " comparator " << Name(x.improvement->comparator) << "\n";
  }
  if (x.tolerance) {
    out << "    tolerance " << x.tolerance->text
        << (x.tolerance->kind == Tolerance::Kind::kRelative ? " relative" : " absolute") << "\n";
  }
  out << "    weight " << x.weight_text << "\n";
  if (x.aggregate) out << "    aggregate " << Name(*x.aggregate) << "\n";
  return out.str();
}

std::string PrintPayment(const Payment& p) {
  std::ostringstream out;
  out << "  payment " << p.name << " " << Quote(p.title);
  if (p.per_party) out << " for each party";
  if (p.first_year != 0) out << " in " << p.first_year << (p.last_year != p.first_year ? ".." + std::to_string(p.last_year) : "");
  out << " = " << PrintCanonicalExpr(*p.formula) << "\n";
  return out.str();
}

std::string PrintModel(const Model& model) {
  std::ostringstream out;
  for (const auto& [name, x] : model.attributes) out << "attribute " << name << " " << Quote(x.title) << "\n";
  for (const auto& [name, x] : model.indicators) {
    out << "indicator " << name << " " << Quote(x.title) << "\n";
    out << "  unit " << Name(x.unit) << "\n";
    out << "  better " << (x.better ? std::string(Name(*x.better)) : "none") << "\n";
    out << "  period " << Name(x.period_kind) << "\n";
    if (!x.source.empty()) out << "  source " << Quote(x.source) << "\n";
    if (!x.numerator.empty()) out << "  ratio " << x.numerator << " / " << x.denominator << "\n";
    if (x.aggregate) out << "  aggregate " << Name(*x.aggregate) << "\n";
    if (x.range) out << "  range " << x.range->first << ".." << x.range->second << "\n";
    if (x.formula) out << "  formula " << PrintCanonicalExpr(*x.formula) << "\n";
    for (const auto& c : x.classes) {
      out << "  class " << c.name << " " << (c.code.empty() ? std::string(Name(c.comparator)) + " " + c.bound_text : "code " + Quote(c.code)) << "\n";
    }
    for (size_t i = 0; i < x.categories.size(); ++i) {
      const auto& c = x.categories[i];
      out << "  value " << i + 1 << " " << c.name << (c.written != c.name ? " " + Quote(c.written) : "") << "\n";
    }
    for (const auto& c : x.codes) out << "  code " << Quote(c.code) << " " << Name(c.verdict) << "\n";
  }
  auto print_table = [&](const Table& t, const std::string& indent) {
    out << indent << "table " << t.name << " by " << t.key << (t.second_key.empty() ? "" : ", " + t.second_key) << "\n";
    for (const auto& entry : t.entries) {
      out << indent << "  " << entry.key.written
          << (entry.second ? ", " + entry.second->written : "") << " -> " << PrintCanonicalExpr(*entry.value) << "\n";
    }
  };
  for (const auto& [name, t] : model.tables) print_table(t, "");
  for (const auto& [name, t] : model.templates) {
    out << "template " << name << "(";
    for (size_t i = 0; i < t.parameters.size(); ++i) out << (i ? ", " : "") << t.parameters[i];
    out << ") " << Quote(t.title) << "\n";
  }
  for (const auto& [name, c] : model.contracts) {
    out << "contract " << name << " " << Quote(c.title) << "\n";
    if (!c.template_name.empty()) {
      out << "  template " << c.template_name << "\n";
      for (const auto& [parameter, argument] : c.arguments) out << "    " << parameter << " = " << (argument.value ? PrintCanonicalExpr(*argument.value) : argument.written) << "\n";
    }
    out << "  kind " << (c.kind ? Name(*c.kind) : std::string_view("none")) << "\n";
    if (!c.authority.empty()) out << "  authority " << Quote(c.authority) << "\n";
    if (c.signed_on) out << "  signed " << Format(*c.signed_on) << "\n";
    out << "  period " << c.first_year << ".." << c.last_year;
    if (c.year_start_month != 1) {  // anniversary years: each year's months
      out << " (" << c.YearText(c.first_year) << " .. " << c.YearText(c.last_year) << ")";
    }
    out << "\n";
    for (const auto& p : c.parties) {
      out << "  party " << (p.kind == Party::Kind::kGroup ? "group " : p.kind == Party::Kind::kOther ? p.other_kind + " " : "entity ")
          << p.id << "\n";
    }
    for (const auto& x : c.commitments) out << PrintCommitment(x);
    for (const auto& m : c.milestones) {
      out << "  milestone " << m.name << " " << Quote(m.title) << "\n";
      if (!m.clause.empty()) out << "    clause " << Quote(m.clause) << "\n";
      out << "    applies to " << ApplicabilityText(m.applicability) << "\n";
      out << "    due " << Format(m.due) << "\n";
      if (!m.evidence.empty()) out << "    evidence " << Quote(m.evidence) << "\n";
      out << "    weight " << m.weight_text << "\n";
    }
    for (const auto& w : c.waivers) {
      out << "  waiver " << w.commitment;
      if (w.entities.empty()) out << " for every entity";
      for (const auto& e : w.entities) out << " " << e;
      if (w.first) out << " in " << Format(*w.first) << (*w.first == *w.last ? "" : ".." + Format(*w.last));
      out << "\n    because " << Quote(w.reason) << "\n    by " << Quote(w.authority) << "\n";
      if (w.granted) out << "    granted " << Format(*w.granted) << "\n";
      if (w.until) out << "    until " << Format(*w.until) << "\n";
    }
    out << "  scoring " << Name(c.scoring.aggregate);
    if (c.scoring.basis_span.IsValid()) out << (c.scoring.basis == model::Scoring::Basis::kVerdict ? " by verdict" : " by commitment");
    for (const auto& [verdict, value] : c.scoring.values) out << " " << Name(verdict) << "=" << value;
    out << "\n";
    for (const auto& p : c.payments) out << PrintPayment(p);
    for (const auto& t : c.tables) print_table(t, "  ");
    // Avenants: each one, with what it changes in the version before it.
    for (size_t i = 0; i < c.amendments.size() && i < c.versions.size(); ++i) {
      const Amendment& a = c.amendments[i];
      out << "  amendment " << a.number << " effective " << Format(a.effective) << " " << Quote(a.title) << "\n";
      for (const ClauseChange& change : DiffContracts(i == 0 ? c : c.versions[i - 1], c.versions[i])) {
        out << "    " << Name(change.kind) << " " << change.item_kind << " " << change.item
            << (change.field.empty() ? "" : " " + change.field) << ": " << Quote(change.before) << " -> "
            << Quote(change.after) << "\n";
      }
    }
  }
  for (const auto& t : model.tests) {
    out << "test " << Quote(t.name) << " contract " << t.contract << "\n";
    if (t.as_of) out << "  as of " << Format(*t.as_of) << "\n";
    for (const auto& g : t.given_values) {
      out << "  given " << g.entity << " " << g.indicator << " " << Format(g.period) << " = "
          << (g.value ? g.value_text : "missing") << "\n";
    }
    for (const auto& g : t.given_files) out << "  given file \"" << g.path << "\"" << (g.period.empty() ? "" : " in " + g.period) << "\n";
    for (const auto& g : t.given_evidence) out << "  given " << g.entity << " evidence " << g.milestone << " " << Format(g.date) << "\n";
    for (const auto& g : t.given_members) {
      out << "  given " << g.group << " members";
      for (const auto& m : g.members) out << " " << m;
      out << "\n";
    }
    for (const auto& g : t.given_attributes) {
      out << "  given " << g.entity << " attribute " << g.name << (g.period ? " in " + Format(*g.period) : std::string())
          << " = " << Quote(g.value) << "\n";
    }
    for (const auto& e : t.expectations) {
      out << "  expect " << e.subject;
      if (!e.entity.empty()) out << " for " << e.entity;
      if (e.period) out << " in " << Format(*e.period);
      if (e.verdict) out << " is " << Name(*e.verdict);
      if (e.value) out << " = " << e.value_text;
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace vigie::sema
