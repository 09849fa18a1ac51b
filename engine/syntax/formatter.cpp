#include "engine/syntax/formatter.h"

#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

#include "engine/base/calendar.h"
#include "engine/syntax/vocabulary.h"

namespace vigie::syntax {
namespace {

using K = Keyword;

class Formatter {
 public:
  Formatter(const ast::File& file, const SourceFile& source, Language language)
      : file_(file), source_(source), language_(language) {}

  std::string Run() {
    for (const ast::Import& import : file_.imports) {
      Leading(import.span.begin, 0);
      Line(0, W(K::IMPORT) + " " + Quote(import.path.value), import.span);
    }
    // Top-level declarations in the author's order.
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    for (const auto& x : file_.attributes) items.emplace_back(x.span.begin, [&] { Attribute(x); });
    for (const auto& x : file_.indicators) items.emplace_back(x.span.begin, [&] { Indicator(x); });
    for (const auto& x : file_.tables) items.emplace_back(x.span.begin, [&] { Table(0, x); });
    for (const auto& x : file_.templates) items.emplace_back(x.span.begin, [&] { Template(x); });
    for (const auto& x : file_.contracts) items.emplace_back(x.span.begin, [&] { Contract(x); });
    for (const auto& x : file_.tests) items.emplace_back(x.span.begin, [&] { Test(x); });
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    bool first = file_.imports.empty();
    std::string previous_kind;
    for (auto& [begin, print] : items) {
      if (!first) BlankLine();
      first = false;
      Leading(begin, 0);
      KeepBlankLine(begin);  // a blank line between a comment (a file's header) and the declaration stays
      print();
    }
    Leading(static_cast<uint32_t>(source_.Text().size()), 0);  // comments at the end of the file
    std::string text = out_.str();
    while (text.size() > 1 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n') text.pop_back();
    return text;
  }

 private:
  // ── words
  std::string W(Keyword keyword) const { return std::string(Spell(keyword, language_)); }
  std::string Value(const Vocabulary& vocabulary, const std::string& written) const {
    for (const VocabularyEntry& entry : vocabulary.entries) {
      if (std::find(entry.spellings.begin(), entry.spellings.end(), written) == entry.spellings.end()) continue;
      const size_t index = language_ == Language::kFrench && entry.spellings.size() > 1 ? 1 : 0;
      return std::string(entry.spellings[index]);
    }
    return written;  // not in the vocabulary (the checker reports it): keep it as written
  }
  std::string UnitWord(const std::string& written) const {
    if (written == "%" || written == "€") return written;
    return Value(QuantityUnits(), written);
  }
  static std::string Quote(const std::string& text) { return ast::QuoteString(text); }
  std::string Quantity(const ast::Quantity& q) const {
    return q.number.text + (q.unit ? " " + UnitWord(q.unit->text) : "");
  }
  // A year as the language reads it: four digits (0223 was read as the year 223; 223 would not be).
  static std::string Year(int year) { return calendar::Format(calendar::Period{calendar::PeriodKind::kYear, year, 0}); }
  std::string Period(const ast::PeriodKey& p) const {
    switch (p.kind) {
      case ast::PeriodKey::Kind::kYear: return Year(p.year);
      case ast::PeriodKey::Kind::kYearRange: return Year(p.year) + ".." + Year(p.last_year);
      case ast::PeriodKey::Kind::kQuarter:
        return Year(p.year) + (language_ == Language::kFrench ? "-T" : "-Q") + std::to_string(p.sub);
      case ast::PeriodKey::Kind::kMonth: return calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, p.year, p.sub});
    }
    return "";
  }
  static std::string Date(const ast::Date& d) { return calendar::Format(calendar::Date{d.year, d.month, d.day}); }
  static std::string Title(const std::optional<ast::StringLiteral>& title) { return title ? " " + Quote(title->value) : ""; }

  // ── expressions with only the parentheses precedence needs
  // The grammar's levels (grammar/Vigie.g4, loosest first): if, or, and, not, in, has, comparisons,
  // + -, * /, unary -. Each must be its own level here: `(a has b) = c` printed without its
  // brackets would read back as a has (b = c).
  static int Precedence(const ast::Expr& e) {
    using EK = ast::Expr::Kind;
    switch (e.kind) {
      case EK::kIf: return 0;
      case EK::kBinary:
        if (e.op == "or") return 1;
        if (e.op == "and") return 2;
        if (e.op == "+" || e.op == "-") return 7;
        return 8;
      case EK::kNot: return 3;
      case EK::kIn: return 4;
      case EK::kHas: return 5;
      case EK::kCompare: return 6;
      case EK::kNegate: return 9;
      default: return 10;
    }
  }
  static bool IsBinary(const ast::Expr& e) {
    return e.kind == ast::Expr::Kind::kBinary || e.kind == ast::Expr::Kind::kCompare || e.kind == ast::Expr::Kind::kHas;
  }
  std::string Expr(const ast::Expr& e, int context = 0, bool right = false) const {
    using EK = ast::Expr::Kind;
    const int precedence = Precedence(e);
    std::string text;
    auto child = [&](const ast::ExprPtr& operand, bool is_right) { return Expr(*operand, precedence, is_right); };
    switch (e.kind) {
      case EK::kQuantity: text = Quantity(e.quantity); break;
      case EK::kString: text = Quote(e.text); break;
      case EK::kDate: text = e.text; break;
      case EK::kName: text = e.text; break;
      case EK::kNegate: text = "-" + child(e.operands[0], true); break;
      case EK::kNot: text = W(K::NOT) + " " + child(e.operands[0], true); break;
      case EK::kBinary: {
        const std::string op = e.op == "and" ? W(K::AND) : e.op == "or" ? W(K::OR) : e.op;
        text = child(e.operands[0], false) + " " + op + " " + child(e.operands[1], true);
        break;
      }
      case EK::kCompare: text = child(e.operands[0], false) + " " + e.op + " " + child(e.operands[1], true); break;
      case EK::kHas: text = child(e.operands[0], false) + " " + W(K::HAS) + " " + child(e.operands[1], true); break;
      case EK::kIn: {
        text = child(e.operands[0], false) + " " + W(K::IN) + " [";
        for (size_t i = 1; i < e.operands.size(); ++i) text += (i > 1 ? ", " : "") + Expr(*e.operands[i]);
        text += "]";
        break;
      }
      case EK::kPresence: text = child(e.operands[0], false) + " " + W(K::IS) + " " + Value(Presences(), e.op); break;
      case EK::kIf:
        text = W(K::IF) + " " + Expr(*e.operands[0]) + " " + W(K::THEN) + " " + Expr(*e.operands[1]) + " " +
               W(K::ELSE) + " " + Expr(*e.operands[2]);
        break;
      case EK::kLookup:
        text = e.text + "[" + Expr(*e.operands[0]) + (e.operands.size() > 1 ? ", " + Expr(*e.operands[1]) : "") + "]";
        break;
      case EK::kPartyScore: text = W(K::SCORE_OF) + " " + e.text; break;
      case EK::kCall: {
        const std::string name = Value(Functions(), e.text);
        text = name + "(";
        for (size_t i = 0; i < e.operands.size(); ++i) text += (i ? ", " : "") + Expr(*e.operands[i]);
        text += ")";
        break;
      }
    }
    // Parentheses when the context binds tighter, or for a right operand of the same level: every
    // binary operator groups to the left, so a - (b - c), and a and (b and c) keeps its tree too.
    const bool needed = precedence < context || (right && precedence == context && IsBinary(e)) ||
                        (e.kind == EK::kIf && context > 0);
    return needed ? "(" + text + ")" : text;
  }

  // ── output with comments
  void Line(int depth, const std::string& text, const Span& span) {
    KeepBlankLine(span.begin);
    out_ << std::string(static_cast<size_t>(depth) * 2, ' ') << text;
    Trailing(span);
    out_ << "\n";
    at_line_start_blank_ = false;
    if (span.IsValid()) last_end_ = std::max(last_end_, span.end);
  }
  // The author's paragraphs: a blank line in the source before an item or a comment is kept (one).
  void KeepBlankLine(uint32_t begin) {
    const std::string& text = source_.Text();
    if (begin <= last_end_ || begin > text.size()) return;
    int newlines = 0;
    for (uint32_t i = last_end_; i < begin; ++i) {
      if (const size_t length = LineBreakLength(text, i); length > 0) {
        ++newlines;
        i += static_cast<uint32_t>(length) - 1;
      } else if (text[i] != ' ' && text[i] != '\t') {
        newlines = 0;
      }
    }
    if (newlines >= 2) BlankLine();
  }
  void BlankLine() {
    if (!at_line_start_blank_) out_ << "\n";
    at_line_start_blank_ = true;
  }
  // Comments that start before `offset` and were not printed yet, each on its own line.
  void Leading(uint32_t offset, int depth) {
    while (next_comment_ < file_.comments.size() && file_.comments[next_comment_].span.begin < offset) {
      const ast::Comment& comment = file_.comments[next_comment_];
      KeepBlankLine(comment.span.begin);
      out_ << std::string(static_cast<size_t>(depth) * 2, ' ') << comment.text << "\n";
      at_line_start_blank_ = false;
      last_end_ = std::max(last_end_, comment.span.end);
      ++next_comment_;
    }
  }
  // A comment on the same source line as the end of `span` stays at the end of the printed line.
  void Trailing(const Span& span) {
    if (!span.IsValid() || next_comment_ >= file_.comments.size()) return;
    const ast::Comment& comment = file_.comments[next_comment_];
    if (comment.span.begin < span.end) return;
    if (source_.Locate(comment.span.begin).line != source_.Locate(span.end).line) return;
    out_ << "  " << comment.text;
    last_end_ = std::max(last_end_, comment.span.end);
    ++next_comment_;
  }
  // Opens a block "head {", its items in source order, then "}".
  void Block(int depth, const std::string& head, const Span& span, std::vector<std::pair<uint32_t, std::function<void()>>> items,
             bool blank_between_blocks = false) {
    out_ << std::string(static_cast<size_t>(depth) * 2, ' ') << head << " {";
    // A trailing comment right after the opening brace belongs to the head's line.
    Trailing(Span{span.file, span.begin, span.begin});
    out_ << "\n";
    at_line_start_blank_ = true;  // no blank line right under a header
    last_end_ = std::max(last_end_, span.begin);
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [begin, print] : items) {
      // A block item (a commitment in a contract) is set apart by a blank line, then its comments.
      if (separated_.count(begin)) BlankLine();
      Leading(begin, depth + 1);
      print();
    }
    Leading(span.end, depth + 1);
    out_ << std::string(static_cast<size_t>(depth) * 2, ' ') << "}";
    Trailing(span);
    out_ << "\n";
    at_line_start_blank_ = false;
    last_end_ = std::max(last_end_, span.end);
    (void)blank_between_blocks;
  }

  // ── declarations
  void Attribute(const ast::Attribute& x) { Line(0, W(K::ATTRIBUTE) + " " + x.name.name + Title(x.title), x.span); }

  void Indicator(const ast::Indicator& x) {
    std::string head = W(K::INDICATOR) + " " + x.name.name + Title(x.title);
    if (x.formula) head += " = " + Expr(*x.formula);
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    auto add = [&](const auto& slot, std::function<std::string()> text) {
      if (slot) items.emplace_back(slot->span.begin, [this, text, span = slot->span] { Line(1, text(), span); });
    };
    add(x.unit, [&] { return W(K::UNIT) + " " + Value(IndicatorUnits(), x.unit->text); });
    add(x.better, [&] { return W(K::BETTER) + " " + Value(Directions(), x.better->text); });
    add(x.period, [&] { return W(K::PERIOD) + " " + Value(PeriodKinds(), x.period->text); });
    add(x.source, [&] { return W(K::SOURCE) + " " + Quote(x.source->value); });
    add(x.numerator, [&] { return W(K::NUMERATOR) + " " + x.numerator->name; });
    add(x.denominator, [&] { return W(K::DENOMINATOR) + " " + x.denominator->name; });
    add(x.aggregate, [&] { return W(K::AGGREGATE) + " " + Value(Aggregates(), x.aggregate->text); });
    add(x.range, [&] { return W(K::RANGE) + " " + x.range->low.text + ".." + x.range->high.text; });
    add(x.classes, [&] {
      std::string text = W(K::CLASSES) + " {";
      for (size_t i = 0; i < x.classes->entries.size(); ++i) {
        const ast::IndicatorClass& c = x.classes->entries[i];
        text += (i ? ", " : " ") + c.name.name + ": " +
                (c.code ? Quote(c.code->value) : c.comparator->op + " " + Quantity(*c.bound));
      }
      return text + (x.classes->entries.empty() ? "}" : " }");
    });
    add(x.values, [&] {
      std::string text = W(K::VALUES) + " {";
      for (size_t i = 0; i < x.values->entries.size(); ++i) {
        const ast::Category& c = x.values->entries[i];
        text += (i ? ", " : " ") + c.name.name + (c.written ? " " + Quote(c.written->value) : std::string());
      }
      return text + (x.values->entries.empty() ? "}" : " }");
    });
    add(x.codes, [&] {
      std::string text = W(K::CODES) + " {";
      for (size_t i = 0; i < x.codes->entries.size(); ++i) {
        const ast::MissingCode& c = x.codes->entries[i];
        text += (i ? ", " : " ") + Quote(c.code.value) + (c.verdict ? ": " + Value(Verdicts(), c.verdict->text) : std::string());
      }
      return text + (x.codes->entries.empty() ? "}" : " }");
    });
    if (items.empty()) {
      Line(0, head, x.span);
      return;
    }
    Block(0, head, x.span, std::move(items));
  }

  void Table(int depth, const ast::Table& t) {
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    for (const auto& entry : t.entries) {
      items.emplace_back(entry.span.begin, [this, depth, &entry] {
        const std::string key = KeyText(entry.key) + (entry.second ? ", " + KeyText(*entry.second) : "");
        Line(depth + 1, key + ": " + Expr(*entry.value), entry.span);
      });
    }
    // `by class` / `par classe`: the words of class() and evolution() follow the language.
    auto key_word = [&](const std::string& name) {
      const auto function = Functions().Lookup(name);
      return function == "class" || function == "evolution" ? Value(Functions(), name) : name;
    };
    const std::string keys = key_word(t.key.name) + (t.second_key ? ", " + key_word(t.second_key->name) : "");
    Block(depth, W(K::TABLE) + " " + t.name.name + " " + W(K::BY) + " " + keys, t.span, std::move(items));
  }

  std::string KeyText(const ast::TableKey& key) const {
    if (key.kind == ast::TableKey::Kind::kElse) return W(K::ELSE);
    if (key.kind == ast::TableKey::Kind::kCompare) return key.comparator->op + " " + Quantity(*key.bound);
    return ast::KeyText(key);
  }

  std::string Applicability(const ast::Applicability& a) const {
    switch (a.kind) {
      case ast::Applicability::Kind::kEachMember:
        return W(K::FOR) + " " + W(K::EACH) + " " + W(K::MEMBER) + (a.where ? " " + W(K::WHERE) + " " + Expr(*a.where) : "");
      case ast::Applicability::Kind::kGroup: return W(K::FOR) + " " + W(K::GROUP);
      case ast::Applicability::Kind::kEntities: {
        std::string text = W(K::FOR) + " ";
        for (size_t i = 0; i < a.entities.size(); ++i) text += (i ? ", " : "") + a.entities[i].code;
        if (a.where) text += " " + W(K::WHERE) + " " + Expr(*a.where);
        return text;
      }
    }
    return "";
  }

  std::string Target(const ast::Target& t) const {
    if (t.is_trajectory) {
      std::string text = W(K::TARGET) + " { ";
      for (size_t i = 0; i < t.entries.size(); ++i) {
        const auto& e = t.entries[i];
        text += (i ? ", " : "") + Period(e.period) + ": " +
                (e.category ? W(K::AT_LEAST) + " " + e.category->name
                            : (e.comparator ? e.comparator->op + " " : "") +
                                  (e.of_baseline ? Share(*e.of_baseline) : e.parameter ? e.parameter->name : Quantity(e.value)) +
                                  (e.partial ? Partial(*e.partial) : ""));
      }
      return text + " }";
    }
    if (t.category) {
      std::string text = W(K::TARGET) + " " + W(K::AT_LEAST) + " " + t.category->name;
      if (t.from_year) text += " " + W(K::FROM) + " " + Year(t.from_year->first);
      return text;
    }
    std::string text = W(K::TARGET) + " " + (t.comparator ? t.comparator->op + " " : std::string()) +
                       (t.of_baseline ? Share(*t.of_baseline) : t.parameter ? t.parameter->name
                                                               : t.value ? Quantity(*t.value) : std::string());
    if (t.from_year) text += " " + W(K::FROM) + " " + Year(t.from_year->first);
    if (t.partial) text += Partial(*t.partial);
    return text;
  }

  std::string VerdictRule(const ast::VerdictRule& rule) const {
    std::vector<std::pair<uint32_t, std::string>> refs;
    for (const auto& c : rule.categories) refs.emplace_back(c.span.begin, c.name);
    for (const auto& c : rule.codes) refs.emplace_back(c.span.begin, Quote(c.value));
    std::sort(refs.begin(), refs.end());
    std::string text = Value(Verdicts(), rule.verdict.text) + " " + W(K::IF);
    for (size_t k = 0; k < refs.size(); ++k) text += (k ? " " + W(K::OR) + " " : " ") + refs[k].second;
    return text;
  }

  // `95 % of baseline`, `baseline` (`95 % de la référence`, `la référence`).
  std::string Share(const ast::BaselineShare& b) const {
    if (b.share) return Quantity(*b.share) + " " + W(K::OF_BASELINE);
    return language_ == Language::kFrench ? "la " + W(K::BASELINE) : W(K::BASELINE);
  }
  std::string Partial(const ast::PartialLimit& p) const {
    return ", " + W(K::PARTIAL_UP_TO) + " " + (p.of_baseline ? Share(*p.of_baseline) : p.value ? Quantity(*p.value) : "");
  }

  // `target by party { 08: >= 15 beds ... }`: one line per party, as a block.
  void PartyTargets(int depth, const ast::PartyTargets& table) {
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    const size_t prefix = W(K::TARGET).size() + 1;  // each entry's target, without the `target` keyword
    for (const ast::PartyTarget& e : table.entries) {
      items.emplace_back(e.span.begin, [this, depth, &e, prefix] {
        std::string text = (e.party ? e.party->code : W(K::ELSE)) + ": " + Target(e.target).substr(prefix);
        if (e.tolerance) text += " " + W(K::TOLERANCE) + " " + Quantity(*e.tolerance);
        Line(depth + 1, text, e.span);
      });
    }
    Block(depth, W(K::TARGET) + " " + W(K::BY) + " " + W(K::PARTY), table.span, std::move(items));
  }

  void Commitment(int depth, const ast::Commitment& c) {
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    const int d = depth + 1;
    auto add = [&](const Span& span, std::function<std::string()> text) {
      items.emplace_back(span.begin, [this, d, text, span] { Line(d, text(), span); });
    };
    if (c.ref) add(c.ref->span, [&] { return W(K::REF) + " " + Quote(c.ref->value); });
    if (c.applicability) add(c.applicability->span, [&] { return Applicability(*c.applicability); });
    if (c.indicator) add(c.indicator->span, [&] { return W(K::INDICATOR) + " " + c.indicator->name; });
    if (c.target) add(c.target->span, [&] { return Target(*c.target); });
    if (c.party_targets) {
      items.emplace_back(c.party_targets->span.begin, [this, d, &c] { PartyTargets(d, *c.party_targets); });
    }
    if (c.improve) {
      add(c.improve->span, [&] {
        return W(K::IMPROVE) + " " + Quantity(c.improve->amount) + " " + W(K::FROM) + " " + W(K::BASELINE) + " " +
               Year(c.improve->baseline.first);
      });
    }
    if (c.baseline) add(c.baseline->span, [&] { return W(K::BASELINE) + " " + Year(c.baseline->first); });
    if (c.consecutive_years) {
      add(c.consecutive_span, [&] { return W(K::FOR) + " " + c.consecutive_years->text + " " + W(K::CONSECUTIVE_YEARS); });
    }
    if (c.tolerance) add(c.tolerance->span, [&] { return W(K::TOLERANCE) + " " + Quantity(*c.tolerance); });
    if (c.weight) add(c.weight->span, [&] { return W(K::WEIGHT) + " " + c.weight->text; });
    if (c.aggregate) add(c.aggregate->span, [&] { return W(K::AGGREGATE) + " " + Value(Aggregates(), c.aggregate->text); });
    if (c.composite) {
      add(c.composite->span, [&] {
        std::string text;
        switch (c.composite->kind) {
          case ast::Composite::Kind::kAll: text = W(K::ALL) + " " + W(K::OF); break;
          case ast::Composite::Kind::kAny: text = W(K::ANY) + " " + W(K::OF); break;
          case ast::Composite::Kind::kAtLeast: text = W(K::AT_LEAST) + " " + c.composite->count->text + " " + W(K::OF); break;
        }
        text += " [";
        for (size_t i = 0; i < c.composite->members.size(); ++i) text += (i ? ", " : "") + c.composite->members[i].name;
        return text + "]";
      });
    }
    // Verdict rules: one line for the rules written together, as `met if A or B, partially_met if C`.
    for (size_t i = 0; i < c.verdict_rules.size(); ++i) {
      const ast::VerdictRule& rule = c.verdict_rules[i];
      if (rule.continues) continue;
      size_t last = i;
      while (last + 1 < c.verdict_rules.size() && c.verdict_rules[last + 1].continues) ++last;
      Span span = rule.span;
      span.end = c.verdict_rules[last].span.end;
      add(span, [&, i, last] {
        std::string text;
        for (size_t k = i; k <= last; ++k) text += (k > i ? ", " : "") + VerdictRule(c.verdict_rules[k]);
        return text;
      });
    }
    Block(depth, W(K::COMMITMENT) + " " + c.name.name + Title(c.title), c.span, std::move(items));
  }

  void Milestone(int depth, const ast::Milestone& m) {
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    const int d = depth + 1;
    auto add = [&](const Span& span, std::function<std::string()> text) {
      items.emplace_back(span.begin, [this, d, text, span] { Line(d, text(), span); });
    };
    if (m.ref) add(m.ref->span, [&] { return W(K::REF) + " " + Quote(m.ref->value); });
    if (m.applicability) add(m.applicability->span, [&] { return Applicability(*m.applicability); });
    if (m.due) add(m.due->span, [&] { return W(K::DUE) + " " + Date(*m.due); });
    if (m.due_from) {
      add(m.due_from->span, [&] {
        const ast::DueFrom& d = *m.due_from;
        std::string unit = Value(DurationUnits(), d.unit ? d.unit->text : "");
        if (d.amount && d.amount->text == "1") {  // 1 month, 1 mois, 1 an
          const auto canonical = DurationUnits().Lookup(d.unit ? d.unit->text : "");
          const bool french = language_ == Language::kFrench;
          if (canonical == "days") unit = french ? "jour" : "day";
          if (canonical == "months") unit = french ? "mois" : "month";
          if (canonical == "years") unit = french ? "an" : "year";
        }
        return W(K::DUE) + " " + d.base.name + (d.amount ? " + " + d.amount->text + " " + unit : "");
      });
    }
    if (m.evidence) add(m.evidence->span, [&] { return W(K::EVIDENCE) + " " + Quote(m.evidence->value); });
    if (m.weight) add(m.weight->span, [&] { return W(K::WEIGHT) + " " + m.weight->text; });
    Block(depth, W(K::MILESTONE) + " " + m.name.name + Title(m.title), m.span, std::move(items));
  }

  // One line when it fits in 100 columns; otherwise the reason, and the grant, on lines of their own.
  std::string Waiver(const ast::Waiver& w, int depth) const {
    std::string head = W(K::WAIVER) + " " + w.commitment.name;
    if (!w.entities.empty()) {
      head += " " + W(K::FOR) + " ";
      for (size_t i = 0; i < w.entities.size(); ++i) head += (i ? ", " : "") + w.entities[i].code;
    }
    if (w.period) head += " " + W(K::IN) + " " + Period(*w.period);
    std::string reason = w.reason ? W(K::BECAUSE) + " " + Quote(w.reason->value) : "";
    std::string grant;
    if (w.granted) grant += W(K::GRANTED) + " " + Date(*w.granted);
    if (w.authority) grant += (grant.empty() ? "" : " ") + W(K::BY) + " " + Quote(w.authority->value);
    if (w.until) grant += (grant.empty() ? "" : " ") + W(K::UNTIL) + " " + Date(*w.until);
    std::string one_line = head;
    for (const std::string* part : {&reason, &grant}) {
      if (!part->empty()) one_line += " " + *part;
    }
    if (static_cast<int>(one_line.size()) + depth * 2 <= 100) return one_line;
    const std::string indent(static_cast<size_t>(depth + 1) * 2, ' ');
    std::string text = head;
    for (const std::string* part : {&reason, &grant}) {
      if (!part->empty()) text += "\n" + indent + *part;
    }
    return text;
  }

  void Body(int depth, const ast::ContractBody& body, std::vector<std::pair<uint32_t, std::function<void()>>>& items) {
    const int d = depth + 1;
    auto line = [&](const Span& span, std::function<std::string()> text) {
      items.emplace_back(span.begin, [this, d, text, span] { Line(d, text(), span); });
    };
    auto block = [&](uint32_t begin, std::function<void()> print) {
      separated_.insert(begin);
      items.emplace_back(begin, print);
    };
    if (body.kind) line(body.kind->span, [&] { return W(K::KIND) + " " + Value(ContractKinds(), body.kind->text); });
    if (body.authority) line(body.authority->span, [&] { return W(K::AUTHORITY) + " " + Quote(body.authority->value); });
    if (body.signed_on) line(body.signed_on->span, [&] { return W(K::SIGNED) + " " + Date(*body.signed_on); });
    if (body.signed_from) line(body.signed_from->span, [&] { return W(K::SIGNED) + " " + body.signed_from->name; });
    if (body.period) line(body.period->span, [&] { return ContractPeriod(*body.period); });
    if (!body.parties.empty()) {
      Span span = body.parties.front().span;
      for (const auto& p : body.parties) span = Cover(span, p.span);
      line(span, [&] { return W(K::PARTIES) + " " + Parties(body.parties); });
    }
    for (const auto& c : body.commitments) block(c.span.begin, [this, d, &c] { Commitment(d, c); });
    for (const auto& m : body.milestones) block(m.span.begin, [this, d, &m] { Milestone(d, m); });
    for (const auto& w : body.waivers) line(w.span, [this, &w, d] { return Waiver(w, d); });
    if (body.scoring) line(body.scoring->span, [this, &body] { return Scoring(*body.scoring); });
    for (const auto& p : body.payments) line(p.span, [this, &p] { return Payment(p); });
    for (const auto& t : body.tables) block(t.span.begin, [this, d, &t] { Table(d, t); });
    for (const auto& a : body.amendments) block(a.span.begin, [this, d, &a] { Amendment(d, a); });
  }

  // `period 2019..2023`; anniversary years as vigie writes months: `period 2021-10..2026-09`.
  std::string ContractPeriod(const ast::YearRange& period) {
    if (period.first_month != 0) {
      return W(K::PERIOD) + " " + calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, period.first, period.first_month}) +
             ".." + calendar::Format(calendar::Period{calendar::PeriodKind::kMonth, period.last, period.last_month});
    }
    return W(K::PERIOD) + " " + Year(period.first) + (period.last != period.first ? ".." + Year(period.last) : "");
  }

  std::string Parties(const std::vector<ast::Party>& parties) {
    std::string text;
    for (size_t i = 0; i < parties.size(); ++i) {
      const auto& p = parties[i];
      text += i ? ", " : "";
      if (p.kind == ast::Party::Kind::kGroup) text += W(K::GROUP) + " " + p.group.name;
      else if (p.kind == ast::Party::Kind::kOther) text += Value(PartyKinds(), p.other_kind.text) + " " + p.entity.code;
      else text += p.entity.code;
    }
    return text;
  }

  std::string Scoring(const ast::Scoring& s) {
    std::string text = W(K::SCORING);
    if (s.basis) text += " " + W(K::BY) + " " + Value(ScoringBases(), s.basis->text);
    if (s.basis && s.values.empty() && !s.aggregate) return text;
    text += " {";
    for (const auto& v : s.values) text += " " + Value(Verdicts(), v.verdict.text) + " " + v.value.text;
    if (s.aggregate) text += " " + W(K::AGGREGATE) + " " + Value(Aggregates(), s.aggregate->text);
    return text + " }";
  }

  std::string Payment(const ast::Payment& p) {
    const std::string years = p.years ? " " + W(K::IN) + " " + Year(p.years->first) +
                                            (p.years->last != p.years->first ? ".." + Year(p.years->last) : "")
                                      : "";
    const std::string each = p.for_each_party ? " " + W(K::FOR) + " " + W(K::EACH_PARTY) : "";
    return W(K::PAYMENT) + " " + p.name.name + Title(p.title) + each + years + " = " + Expr(*p.formula);
  }

  void Amendment(int depth, const ast::Amendment& a) {
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    const int d = depth + 1;
    for (const auto& c : a.commitments) {
      separated_.insert(c.span.begin);
      items.emplace_back(c.span.begin, [this, d, &c] { Commitment(d, c); });
    }
    for (const auto& p : a.payments) items.emplace_back(p.span.begin, [this, d, &p] { Line(d, Payment(p), p.span); });
    for (const auto& m : a.milestones) {
      separated_.insert(m.span.begin);
      items.emplace_back(m.span.begin, [this, d, &m] { Milestone(d, m); });
    }
    for (const auto& w : a.waivers) items.emplace_back(w.span.begin, [this, d, &w] { Line(d, Waiver(w, d), w.span); });
    if (a.scoring) items.emplace_back(a.scoring->span.begin, [this, d, &a] { Line(d, Scoring(*a.scoring), a.scoring->span); });
    if (a.period) items.emplace_back(a.period->span.begin, [this, d, &a] { Line(d, ContractPeriod(*a.period), a.period->span); });
    if (!a.added_parties.empty()) {
      Span span = a.added_parties.front().span;
      for (const auto& p : a.added_parties) span = Cover(span, p.span);
      items.emplace_back(span.begin, [this, d, &a, span] {
        Line(d, W(K::ADD) + " " + W(a.added_parties.size() > 1 ? K::PARTIES : K::PARTY) + " " + Parties(a.added_parties), span);
      });
    }
    for (const auto& r : a.removals) {
      using Kind = ast::Amendment::Removal::Kind;
      items.emplace_back(r.span.begin, [this, d, &r] {
        if (r.kind == Kind::kParty) return Line(d, W(K::REMOVE) + " " + W(K::PARTY) + " " + Parties({r.party}), r.span);
        if (r.kind == Kind::kWaiver) return Line(d, W(K::REMOVE) + " " + Waiver(r.waiver, d), r.span);
        const K what = r.kind == Kind::kPayment ? K::PAYMENT : r.kind == Kind::kMilestone ? K::MILESTONE : K::COMMITMENT;
        Line(d, W(K::REMOVE) + " " + W(what) + " " + r.name.name, r.span);
      });
    }
    Block(depth, W(K::AMENDMENT) + " " + a.number.text + " " + W(K::EFFECTIVE) + " " + Date(a.effective) + Title(a.title),
          a.span, std::move(items));
  }

  // A parenthesised list (template parameters, a contract's arguments) that would make its line
  // longer than kLineWidth goes one item per line, so a long signature stays readable in a diff.
  // `close` includes what follows on the same line (" {"), which counts in the width.
  static constexpr size_t kLineWidth = 100;
  static size_t CodePoints(const std::string& text) {
    size_t count = 0;
    for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
    return count;
  }
  static std::string WrappedList(const std::string& open, const std::vector<std::string>& items, const std::string& close) {
    std::string one_line = open;
    for (size_t i = 0; i < items.size(); ++i) one_line += (i ? ", " : "") + items[i];
    one_line += close;
    if (items.size() < 2 || CodePoints(one_line) <= kLineWidth) return one_line;
    std::string wrapped = open + "\n";
    for (size_t i = 0; i < items.size(); ++i) wrapped += "  " + items[i] + (i + 1 < items.size() ? ",\n" : "\n");
    return wrapped + close;
  }

  void Template(const ast::Template& t) {
    std::vector<std::string> parameters;
    for (const auto& p : t.parameters) {
      std::string text = p.name.name;
      if (p.type) text += ": " + Value(ParameterTypes(), p.type->text);
      if (p.default_value) text += " = " + Expr(*p.default_value);
      parameters.push_back(std::move(text));
    }
    std::string head = WrappedList(W(K::TEMPLATE) + " " + t.name.name + "(", parameters, ")" + Title(t.title) + " {");
    head.resize(head.size() - 2);  // Block writes the " {"
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    Body(0, t.body, items);
    Block(0, head, t.span, std::move(items));
  }

  void Contract(const ast::Contract& c) {
    std::string head = W(K::CONTRACT) + " " + c.name.name + Title(c.title);
    if (c.instance_of) {
      std::vector<std::string> arguments;
      for (const auto& a : c.instance_of->arguments) arguments.push_back(a.name.name + ": " + Expr(*a.value));
      head = WrappedList(head + " = " + c.instance_of->name.name + "(", arguments, ") {");
    }
    if (head.size() > 2 && head.compare(head.size() - 2, 2, " {") == 0) head.resize(head.size() - 2);
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    Body(0, c.body, items);
    Block(0, head, c.span, std::move(items));
  }

  void Test(const ast::Test& t) {
    std::vector<std::pair<uint32_t, std::function<void()>>> items;
    auto line = [&](const Span& span, std::function<std::string()> text) {
      items.emplace_back(span.begin, [this, text, span] { Line(1, text(), span); });
    };
    if (t.contract) line(t.contract->span, [&] { return W(K::CONTRACT) + " " + t.contract->name; });
    if (t.as_of) line(t.as_of->span, [&] { return W(K::AS_OF) + " " + Date(*t.as_of); });
    for (const auto& g : t.given_values) {
      line(g.span, [this, &g] {
        return W(K::GIVEN) + " " + g.entity.code + " " + g.indicator.name + " " + Period(g.period) + " = " +
               (g.value ? Quantity(*g.value)
                : g.word ? Value(MissingWords(), g.word->text) + (g.code ? " " + Quote(g.code->value) : "")
                         : std::string());
      });
    }
    for (const auto& g : t.given_evidence) {
      line(g.span, [this, &g] {
        return W(K::GIVEN) + " " + g.entity.code + " " + W(K::EVIDENCE) + " " + g.milestone.name + " " + Date(g.date);
      });
    }
    for (const auto& g : t.given_files) {
      line(g.span, [this, &g] {
        return W(K::GIVEN) + " " + Quote(g.path.value) + (g.period ? " " + W(K::IN) + " " + Period(*g.period) : std::string());
      });
    }
    for (const auto& g : t.given_members) {
      line(g.span, [this, &g] {
        std::string text = W(K::GIVEN) + " " + g.group.code + " " + W(K::MEMBER) + " ";
        for (size_t i = 0; i < g.members.size(); ++i) text += (i ? ", " : "") + g.members[i].code;
        return text;
      });
    }
    for (const auto& g : t.given_attributes) {
      line(g.span, [this, &g] {
        return W(K::GIVEN) + " " + g.entity.code + " " + W(K::ATTRIBUTE) + " " + g.name.name +
               (g.period ? " " + W(K::IN) + " " + Period(*g.period) : std::string()) + " = " +
               (g.value ? Expr(*g.value) : std::string());
      });
    }
    for (const auto& e : t.expectations) {
      line(e.span, [this, &e] {
        std::string text = W(K::EXPECT) + " " + e.subject.name;
        if (e.entity) text += " " + W(K::FOR) + " " + e.entity->code;
        if (e.period) text += " " + W(K::IN) + " " + Period(*e.period);
        if (e.verdict) text += " " + W(K::IS) + " " + Value(Verdicts(), e.verdict->text);
        if (e.value) text += " = " + Quantity(*e.value);
        return text;
      });
    }
    Block(0, W(K::TEST) + " " + Quote(t.name.value), t.span, std::move(items));
  }

  const ast::File& file_;
  const SourceFile& source_;
  Language language_;
  std::ostringstream out_;
  size_t next_comment_ = 0;
  uint32_t last_end_ = 0;  // where the last printed source text ended
  bool at_line_start_blank_ = true;
  std::set<uint32_t> separated_;  // offsets of items printed after a blank line
};

}  // namespace

std::string FormatFile(const ast::File& file, const SourceFile& source, std::optional<Language> language) {
  const Language chosen = language.value_or(file.french_keywords > file.english_keywords ? Language::kFrench
                                                                                          : Language::kEnglish);
  Formatter formatter(file, source, chosen);
  return formatter.Run();
}

}  // namespace vigie::syntax
