#include "engine/syntax/ast_printer.h"

#include <sstream>

#include "engine/base/calendar.h"

namespace vigie::syntax {
namespace {

class Printer {
 public:
  explicit Printer(const SourceManager& sources) : sources_(sources) {}

  std::string Take() { return out_.str(); }

  void File(const ast::File& file) {
    Line(0, "file " + sources_.Get(file.file).DisplayPath());
    for (const auto& x : file.imports) Line(1, "import " + Quote(x.path.value), x.span);
    for (const auto& x : file.attributes) {
      Line(1, "attribute " + x.name.name + Title(x.title), x.span);
    }
    for (const auto& x : file.indicators) Indicator(x);
    for (const auto& x : file.tables) Table(1, x);
    for (const auto& x : file.templates) {
      Line(1, "template " + x.name.name + Title(x.title), x.span);
      for (const auto& p : x.parameters) {
        std::string text = "parameter " + p.name.name;
        if (p.type) text += " : " + p.type->text;
        if (p.default_value) text += " = " + PrintExpr(*p.default_value);
        Line(2, text, p.span);
      }
      Body(2, x.body);
    }
    for (const auto& x : file.contracts) {
      Line(1, "contract " + x.name.name + Title(x.title), x.span);
      if (x.instance_of) {
        Line(2, "instance of " + x.instance_of->name.name, x.instance_of->span);
        for (const auto& a : x.instance_of->arguments) {
          Line(3, "argument " + a.name.name + " = " + PrintExpr(*a.value), a.span);
        }
      }
      Body(2, x.body);
    }
    for (const auto& x : file.tests) Test(x);
  }

 private:
  static std::string Quote(const std::string& text) { return ast::QuoteString(text); }
  static std::string Title(const std::optional<ast::StringLiteral>& title) {
    return title ? " " + Quote(title->value) : "";
  }
  std::string Where(const Span& span) const {
    if (!span.IsValid()) return "";
    const SourceFile& file = sources_.Get(span.file);
    LineColumn a = file.Locate(span.begin), b = file.Locate(span.end);
    return " @" + std::to_string(a.line) + ":" + std::to_string(a.column) + "-" + std::to_string(b.line) +
           ":" + std::to_string(b.column);
  }
  void Line(int depth, const std::string& text, const Span& span = {}) {
    out_ << std::string(depth * 2, ' ') << text << Where(span) << "\n";
  }
  static std::string Qty(const ast::Quantity& q) {
    return q.number.text + (q.unit ? " " + q.unit->text : "");
  }
  static std::string Period(const ast::PeriodKey& p) {
    switch (p.kind) {
      case ast::PeriodKey::Kind::kYear: return std::to_string(p.year);
      case ast::PeriodKey::Kind::kYearRange: return std::to_string(p.year) + ".." + std::to_string(p.last_year);
      case ast::PeriodKey::Kind::kQuarter: return std::to_string(p.year) + "-Q" + std::to_string(p.sub);
      case ast::PeriodKey::Kind::kMonth: return calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, p.year, p.sub});
    }
    return "";
  }
  static std::string DateText(const ast::Date& d) { return calendar::Format(calendar::Date{d.year, d.month, d.day}); }

  void Indicator(const ast::Indicator& x) {
    Line(1, "indicator " + x.name.name + Title(x.title), x.span);
    if (x.formula) Line(2, "formula " + PrintExpr(*x.formula), x.formula->span);
    if (x.unit) Line(2, "unit " + x.unit->text, x.unit->span);
    if (x.better) Line(2, "better " + x.better->text, x.better->span);
    if (x.period) Line(2, "period " + x.period->text, x.period->span);
    if (x.source) Line(2, "source " + Quote(x.source->value), x.source->span);
    if (x.numerator) Line(2, "numerator " + x.numerator->name, x.numerator->span);
    if (x.denominator) Line(2, "denominator " + x.denominator->name, x.denominator->span);
    if (x.aggregate) Line(2, "aggregate " + x.aggregate->text, x.aggregate->span);
    if (x.range) Line(2, "range " + x.range->low.text + ".." + x.range->high.text, x.range->span);
    if (x.classes) {
      Line(2, "classes", x.classes->span);
      for (const auto& c : x.classes->entries) {
        Line(3, "class " + c.name.name + " " + (c.code ? "code " + Quote(c.code->value) : c.comparator->op + " " + Qty(*c.bound)),
             c.span);
      }
    }
    if (x.values) {
      Line(2, "values", x.values->span);
      for (const auto& c : x.values->entries) Line(3, "value " + c.name.name + (c.written ? " " + Quote(c.written->value) : ""), c.span);
    }
    if (x.codes) {
      Line(2, "codes", x.codes->span);
      for (const auto& c : x.codes->entries) {
        Line(3, "code " + Quote(c.code.value) + (c.verdict ? " " + c.verdict->text : std::string()), c.span);
      }
    }
  }

  void Applicability(int depth, const ast::Applicability& a) {
    switch (a.kind) {
      case ast::Applicability::Kind::kEachMember:
        Line(depth, "for each member" + (a.where ? " where " + PrintExpr(*a.where) : std::string()), a.span);
        break;
      case ast::Applicability::Kind::kGroup: Line(depth, "for group", a.span); break;
      case ast::Applicability::Kind::kEntities: {
        std::string text = "for";
        for (const auto& e : a.entities) text += " " + e.code;
        if (a.where) text += " where " + PrintExpr(*a.where);
        Line(depth, text, a.span);
        break;
      }
    }
  }

  void Body(int depth, const ast::ContractBody& body) {
    if (body.kind) Line(depth, "kind " + body.kind->text, body.kind->span);
    if (body.authority) Line(depth, "authority " + Quote(body.authority->value), body.authority->span);
    if (body.signed_on) Line(depth, "signed " + DateText(*body.signed_on), body.signed_on->span);
    if (body.signed_from) Line(depth, "signed " + body.signed_from->name, body.signed_from->span);
    if (body.period) Line(depth, "period " + PeriodText(*body.period), body.period->span);
    for (const auto& p : body.parties) Line(depth, "party " + PartyText(p), p.span);
    for (const auto& c : body.commitments) Commitment(depth, c);
    for (const auto& m : body.milestones) Milestone(depth, m);
    for (const auto& w : body.waivers) Waiver(depth, w);
    if (body.scoring) Scoring(depth, *body.scoring);
    for (const auto& p : body.payments) {
      const std::string years = p.years ? " in " + std::to_string(p.years->first) +
                                              (p.years->last != p.years->first ? ".." + std::to_string(p.years->last) : "")
                                        : "";
      const std::string each = p.for_each_party ? " for each party" : "";
      Line(depth, "payment " + p.name.name + Title(p.title) + each + years + " = " + PrintExpr(*p.formula), p.span);
    }
    for (const auto& t : body.tables) Table(depth, t);
    for (const auto& a : body.amendments) {
      Line(depth, "amendment " + a.number.text + " effective " + DateText(a.effective) + Title(a.title), a.span);
      if (a.period) Line(depth + 1, "period " + PeriodText(*a.period), a.period->span);
      for (const auto& p : a.added_parties) Line(depth + 1, "add party " + PartyText(p), p.span);
      for (const auto& c : a.commitments) Commitment(depth + 1, c);
      for (const auto& m : a.milestones) Milestone(depth + 1, m);
      for (const auto& w : a.waivers) Waiver(depth + 1, w);
      if (a.scoring) Scoring(depth + 1, *a.scoring);
      for (const auto& p : a.payments) Line(depth + 1, "payment " + p.name.name + Title(p.title) + " = " + PrintExpr(*p.formula), p.span);
      for (const auto& r : a.removals) {
        using Kind = ast::Amendment::Removal::Kind;
        if (r.kind == Kind::kParty) {
          Line(depth + 1, "remove party " + PartyText(r.party), r.span);
        } else if (r.kind == Kind::kWaiver) {
          Line(depth + 1, "remove", r.span);
          Waiver(depth + 2, r.waiver);
        } else {
          Line(depth + 1, std::string(r.kind == Kind::kPayment ? "remove payment " : r.kind == Kind::kMilestone ? "remove milestone " : "remove commitment ") +
                              r.name.name, r.span);
        }
      }
    }
  }

  static std::string PartyText(const ast::Party& p) {
    return p.kind == ast::Party::Kind::kGroup   ? "group " + p.group.name
           : p.kind == ast::Party::Kind::kOther ? p.other_kind.text + " " + p.entity.code
                                                : "entity " + p.entity.code;
  }

  static std::string PeriodText(const ast::YearRange& period) {
    return period.first_month != 0
               ? calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, period.first, period.first_month}) + ".." +
                     calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, period.last, period.last_month})
               : std::to_string(period.first) + ".." + std::to_string(period.last);
  }

  void Milestone(int depth, const ast::Milestone& m) {
    Line(depth, "milestone " + m.name.name + Title(m.title), m.span);
    if (m.ref) Line(depth + 1, "ref " + Quote(m.ref->value), m.ref->span);
    if (m.applicability) Applicability(depth + 1, *m.applicability);
    if (m.due) Line(depth + 1, "due " + DateText(*m.due), m.due->span);
    if (m.due_from) {
      Line(depth + 1, "due " + m.due_from->base.name +
                          (m.due_from->amount ? " + " + m.due_from->amount->text + " " + (m.due_from->unit ? m.due_from->unit->text : "") : ""),
           m.due_from->span);
    }
    if (m.evidence) Line(depth + 1, "evidence " + Quote(m.evidence->value), m.evidence->span);
    if (m.weight) Line(depth + 1, "weight " + m.weight->text, m.weight->span);
  }

  void Waiver(int depth, const ast::Waiver& w) {
    Line(depth, "waiver " + w.commitment.name, w.span);
    if (!w.entities.empty()) {
      std::string text = "for";
      for (const auto& e : w.entities) text += " " + e.code;
      Line(depth + 1, text);
    }
    if (w.period) Line(depth + 1, "in " + Period(*w.period), w.period->span);
    if (w.reason) Line(depth + 1, "because " + Quote(w.reason->value), w.reason->span);
    if (w.granted) Line(depth + 1, "granted " + DateText(*w.granted), w.granted->span);
    if (w.authority) Line(depth + 1, "by " + Quote(w.authority->value), w.authority->span);
    if (w.until) Line(depth + 1, "until " + DateText(*w.until), w.until->span);
  }

  void Scoring(int depth, const ast::Scoring& scoring) {
    Line(depth, "scoring", scoring.span);
    if (scoring.basis) Line(depth + 1, "by " + scoring.basis->text, scoring.basis->span);
    for (const auto& v : scoring.values) Line(depth + 1, v.verdict.text + " " + v.value.text, v.span);
    if (scoring.aggregate) Line(depth + 1, "aggregate " + scoring.aggregate->text, scoring.aggregate->span);
  }

  std::string Share(const ast::BaselineShare& b) {
    return b.share ? Qty(*b.share) + " of baseline" : std::string("baseline");
  }
  std::string Partial(const ast::PartialLimit& p) {
    return ", partially met up to " + (p.of_baseline ? Share(*p.of_baseline) : p.value ? Qty(*p.value) : std::string("?"));
  }

  void Commitment(int depth, const ast::Commitment& c) {
    Line(depth, "commitment " + c.name.name + Title(c.title), c.span);
    const int d = depth + 1;
    if (c.ref) Line(d, "ref " + Quote(c.ref->value), c.ref->span);
    if (c.applicability) Applicability(d, *c.applicability);
    if (c.indicator) Line(d, "indicator " + c.indicator->name, c.indicator->span);
    if (c.target) {
      const ast::Target& t = *c.target;
      if (t.is_trajectory) {
        Line(d, "target trajectory", t.span);
        for (const auto& e : t.entries) {
          Line(d + 1, Period(e.period) + ": " +
                          (e.category ? "at least " + e.category->name
                                      : (e.comparator ? e.comparator->op + " " : "") +
                                            (e.of_baseline ? Share(*e.of_baseline)
                                             : e.parameter ? "parameter " + e.parameter->name
                                                           : Qty(e.value)) +
                                            (e.partial ? Partial(*e.partial) : "")),
               e.span);
        }
      } else {
        std::string text = "target " + (t.category ? "at least " + t.category->name
                                                   : (t.comparator ? t.comparator->op + " " : std::string()) +
                                                         (t.of_baseline ? Share(*t.of_baseline)
                                                          : t.parameter ? "parameter " + t.parameter->name
                                                          : t.value     ? Qty(*t.value)
                                                                        : std::string("?")));
        if (t.from_year) text += " from " + std::to_string(t.from_year->first);
        if (t.partial) text += Partial(*t.partial);
        Line(d, text, t.span);
      }
    }
    if (c.party_targets) {
      Line(d, "target by party", c.party_targets->span);
      for (const ast::PartyTarget& e : c.party_targets->entries) {
        Line(d + 1, (e.party ? "party " + e.party->code : std::string("else")) +
                        (e.tolerance ? " tolerance " + Qty(*e.tolerance) : std::string()),
             e.span);
        const ast::Target& t = e.target;
        if (t.is_trajectory) {
          for (const auto& x : t.entries) {
            Line(d + 2, Period(x.period) + ": " + (x.comparator ? x.comparator->op + " " : "") +
                            (x.parameter ? "parameter " + x.parameter->name : Qty(x.value)),
                 x.span);
          }
        } else {
          Line(d + 2, (t.comparator ? t.comparator->op + " " : std::string()) +
                          (t.parameter ? "parameter " + t.parameter->name : t.value ? Qty(*t.value) : std::string("?")) +
                          (t.from_year ? " from " + std::to_string(t.from_year->first) : std::string()),
               t.span);
        }
      }
    }
    if (c.improve) {
      Line(d, "improve " + Qty(c.improve->amount) + " from baseline " + std::to_string(c.improve->baseline.first),
           c.improve->span);
    }
    if (c.baseline) Line(d, "baseline " + std::to_string(c.baseline->first), c.baseline->span);
    if (c.consecutive_years) Line(d, "for " + c.consecutive_years->text + " consecutive years", c.consecutive_span);
    if (c.tolerance) Line(d, "tolerance " + Qty(*c.tolerance), c.tolerance->span);
    if (c.weight) Line(d, "weight " + c.weight->text, c.weight->span);
    if (c.aggregate) Line(d, "aggregate " + c.aggregate->text, c.aggregate->span);
    for (const auto& rule : c.verdict_rules) {
      std::string text = "rule " + rule.verdict.text + " if";
      for (const auto& x : rule.categories) text += " " + x.name;
      for (const auto& x : rule.codes) text += " " + Quote(x.value);
      Line(d, text, rule.span);
    }
    if (c.composite) {
      std::string text;
      switch (c.composite->kind) {
        case ast::Composite::Kind::kAll: text = "all of ["; break;
        case ast::Composite::Kind::kAny: text = "any of ["; break;
        case ast::Composite::Kind::kAtLeast: text = "at least " + c.composite->count->text + " of ["; break;
      }
      for (size_t i = 0; i < c.composite->members.size(); ++i) {
        text += (i ? ", " : "") + c.composite->members[i].name;
      }
      Line(d, text + "]", c.composite->span);
    }
  }

  void Table(int depth, const ast::Table& t) {
    Line(depth, "table " + t.name.name + " by " + t.key.name + (t.second_key ? ", " + t.second_key->name : ""), t.span);
    for (const auto& e : t.entries) {
      Line(depth + 1, ast::KeyText(e.key) + (e.second ? ", " + ast::KeyText(*e.second) : "") + ": " + PrintExpr(*e.value), e.span);
    }
  }

  void Test(const ast::Test& t) {
    Line(1, "test " + Quote(t.name.value), t.span);
    if (t.contract) Line(2, "contract " + t.contract->name, t.contract->span);
    if (t.as_of) Line(2, "as of " + DateText(*t.as_of), t.as_of->span);
    for (const auto& g : t.given_values) {
      Line(2, "given " + g.entity.code + " " + g.indicator.name + " " + Period(g.period) + " = " +
                  (g.value ? Qty(*g.value) : g.word ? g.word->text + (g.code ? " " + Quote(g.code->value) : "") : std::string("?")),
           g.span);
    }
    for (const auto& g : t.given_evidence) {
      Line(2, "given " + g.entity.code + " evidence " + g.milestone.name + " " + DateText(g.date), g.span);
    }
    for (const auto& g : t.given_files) {
      Line(2, "given file " + Quote(g.path.value) + (g.period ? " in " + Period(*g.period) : std::string()), g.span);
    }
    for (const auto& g : t.given_members) {
      std::string text = "given " + g.group.code + " member";
      for (const auto& m : g.members) text += " " + m.code;
      Line(2, text, g.span);
    }
    for (const auto& g : t.given_attributes) {
      Line(2, "given " + g.entity.code + " attribute " + g.name.name + (g.period ? " in " + Period(*g.period) : std::string()) +
                  " = " + (g.value ? PrintExpr(*g.value) : std::string("?")),
           g.span);
    }
    for (const auto& e : t.expectations) {
      std::string text = "expect " + e.subject.name;
      if (e.entity) text += " for " + e.entity->code;
      if (e.period) text += " in " + Period(*e.period);
      if (e.verdict) text += " is " + e.verdict->text;
      if (e.value) text += " = " + Qty(*e.value);
      Line(2, text, e.span);
    }
  }

  const SourceManager& sources_;
  std::ostringstream out_;
};

}  // namespace

std::string PrintExpr(const ast::Expr& e) {
  using K = ast::Expr::Kind;
  auto list = [&](size_t from) {
    std::string out;
    for (size_t i = from; i < e.operands.size(); ++i) out += (i > from ? ", " : "") + PrintExpr(*e.operands[i]);
    return out;
  };
  switch (e.kind) {
    case K::kQuantity: return e.quantity.number.text + (e.quantity.unit ? " " + e.quantity.unit->text : "");
    case K::kString: return "\"" + e.text + "\"";
    case K::kDate: return e.text;
    case K::kName: return e.text;
    case K::kNegate: return "(-" + PrintExpr(*e.operands[0]) + ")";
    case K::kNot: return "(not " + PrintExpr(*e.operands[0]) + ")";
    case K::kBinary:
    case K::kCompare:
      return "(" + PrintExpr(*e.operands[0]) + " " + e.op + " " + PrintExpr(*e.operands[1]) + ")";
    case K::kHas: return "(" + PrintExpr(*e.operands[0]) + " has " + PrintExpr(*e.operands[1]) + ")";
    case K::kIn: return "(" + PrintExpr(*e.operands[0]) + " in [" + list(1) + "])";
    case K::kPresence: return "(" + PrintExpr(*e.operands[0]) + " is " + e.op + ")";
    case K::kIf:
      return "(if " + PrintExpr(*e.operands[0]) + " then " + PrintExpr(*e.operands[1]) + " else " +
             PrintExpr(*e.operands[2]) + ")";
    case K::kLookup:
      return e.text + "[" + PrintExpr(*e.operands[0]) + (e.operands.size() > 1 ? ", " + PrintExpr(*e.operands[1]) : "") + "]";
    case K::kCall: return e.text + "(" + list(0) + ")";
    case K::kPartyScore: return "(score of " + e.text + ")";
  }
  return "?";
}

std::string PrintAst(const ast::File& file, const SourceManager& sources) {
  Printer printer(sources);
  printer.File(file);
  return printer.Take();
}

}  // namespace vigie::syntax
