// With expression_limits.cpp, the one translation unit that includes ANTLR-generated headers: it runs
// the generated lexer and parser with our error handling and limits, then builds ast:: nodes with
// one Build function per grammar rule.
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "VigieLexer.h"
#include "VigieParser.h"
#include "antlr4-runtime.h"
#include "engine/base/calendar.h"
#include "engine/base/quote.h"
#include "engine/base/suggest.h"
#include "engine/base/text.h"
#include "engine/syntax/internal/expression_limits.h"
#include "engine/syntax/parser.h"
#include "engine/syntax/vocabulary.h"

namespace vigie::syntax {
namespace internal {
namespace {

// A number as the language reads it: `100 000` (a space, a no-break space or a narrow one between
// groups of three digits, as French controllers type amounts) is 100000.
std::string WithoutThousandsSpaces(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') continue;
    if (text.compare(i, 2, "\xC2\xA0") == 0) { ++i; continue; }
    if (text.compare(i, 3, "\xE2\x80\xAF") == 0) { i += 2; continue; }
    out += text[i];
  }
  return out;
}

// A date literal as YYYY-MM-DD: `15/03/2019` (day/month/year, as French controllers type it) is
// 2019-03-15; the ISO form is kept as it is.
std::string IsoDateText(const std::string& text) {
  const size_t first = text.find('/');
  if (first == std::string::npos) return text;
  const size_t second = text.find('/', first + 1);
  if (second == std::string::npos) return text;
  auto two = [](std::string part) { return part.size() == 1 ? "0" + part : part; };
  return text.substr(second + 1) + "-" + two(text.substr(first + 1, second - first - 1)) + "-" + two(text.substr(0, first));
}

using vigie_grammar::VigieLexer;
using vigie_grammar::VigieParser;
using P = VigieParser;

// Code-point index (what ANTLR reports) -> byte offset (what Span holds).
class OffsetMap {
 public:
  explicit OffsetMap(const std::string& text) {
    bool ascii = true;
    for (unsigned char c : text) {
      if (c >= 0x80) { ascii = false; break; }
    }
    size_ = static_cast<uint32_t>(text.size());
    if (ascii) return;
    for (uint32_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) byte_of_.push_back(i);
    }
    byte_of_.push_back(size_);
  }
  uint32_t Byte(size_t code_point) const {
    if (byte_of_.empty()) return static_cast<uint32_t>(std::min<size_t>(code_point, size_));
    return code_point < byte_of_.size() ? byte_of_[code_point] : size_;
  }

 private:
  uint32_t size_ = 0;
  std::vector<uint32_t> byte_of_;
};

bool InFrench() { return CurrentLanguage() == vigie::Language::kFrench; }

// A keyword in messages: both spellings, the one of the message's language first:
// "'indicator' ('indicateur')", in French "« indicateur » (« indicator »)".
std::string KeywordPair(std::string_view english, std::string_view french) {
  if (english == french) return QuoteForMessage(english);
  return InFrench() ? QuoteForMessage(french) + " (" + QuoteForMessage(english) + ")"
                    : QuoteForMessage(english) + " (" + QuoteForMessage(french) + ")";
}

// A property's keyword as the message's language writes it ("unit" -> "unité"; "all of" -> "tous parmi").
std::string KeywordInLanguage(std::string_view english) {
  if (!InFrench()) return std::string(english);
#define VIGIE_KEYWORD(token, en, fr) \
  if (english == en) return fr;
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
  const size_t space = english.find(' ');
  if (space == std::string_view::npos) return std::string(english);
  return KeywordInLanguage(english.substr(0, space)) + " " + KeywordInLanguage(english.substr(space + 1));
}

std::string TokenDisplayName(size_t type) {
  switch (type) {
#define VIGIE_KEYWORD(token, english, french) \
  case VigieLexer::token:                     \
    return KeywordPair(english, french);
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
    case VigieLexer::ID: return std::string(Tr("a name"));
    case VigieLexer::NUMBER: return std::string(Tr("a number"));
    case VigieLexer::STRING: return std::string(Tr("a string"));
    case VigieLexer::DATE: return std::string(Tr("a date"));
    case VigieLexer::QUARTER: return std::string(Tr("a quarter"));
    case VigieLexer::MONTH: return std::string(Tr("a month"));
    case VigieLexer::ENTITY_CODE: return std::string(Tr("a FINESS number"));
    case VigieLexer::GE: return QuoteForMessage(">=");
    case VigieLexer::LE: return QuoteForMessage("<=");
    case VigieLexer::NE: return QuoteForMessage("!=");
    case VigieLexer::GT: return QuoteForMessage(">");
    case VigieLexer::LT: return QuoteForMessage("<");
    case VigieLexer::EQ: return QuoteForMessage("=");
    case VigieLexer::PERCENT: return QuoteForMessage("%");
    case VigieLexer::EURO: return QuoteForMessage("€");
    case antlr4::Token::EOF: return std::string(Tr("end of file"));
    default: break;
  }
  return "";
}

std::string DescribeToken(const antlr4::Token* token) {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return std::string(Tr("end of file"));
  return QuoteForMessage(token->getText());
}

bool IsEnd(const antlr4::Token* token) { return token == nullptr || token->getType() == antlr4::Token::EOF; }

struct CancelParse {};  // thrown by the error cap; caught in ParseFile

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(const SourceFile& source, FileId file, const OffsetMap& offsets, DiagnosticSink& sink, size_t cap)
      : source_(source), file_(file), offsets_(offsets), sink_(sink), cap_(cap) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string& message, std::exception_ptr) override {
    if (count_ >= cap_) return;
    if (MisspelledItem(recognizer, offending)) return;
    ++count_;
    Span span{file_, 0, 0};
    if (offending != nullptr) {
      if (offending->getType() == antlr4::Token::EOF) {
        span.begin = span.end = offsets_.Byte(offending->getStartIndex());
      } else {
        span.begin = offsets_.Byte(offending->getStartIndex());
        span.end = offsets_.Byte(offending->getStopIndex() + 1);
      }
    }
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kSyntaxError, span, "");
    std::vector<size_t> expected_types;
    std::string expected = ExpectedList(recognizer, expected_types);
    if (message.rfind("missing ", 0) == 0) {
      const std::string what = expected.empty() ? std::string(Tr("a token")) : expected;
      diagnostic.message = IsEnd(offending) ? Tr("missing {0} before end of file", what)
                                            : Tr("missing {0} before {1}", what, DescribeToken(offending));
    } else {
      diagnostic.message = IsEnd(offending) ? std::string(Tr("unexpected end of file"))
                                            : Tr("unexpected {0}", DescribeToken(offending));
      if (offending != nullptr && offending->getType() == VigieLexer::ID) {
        diagnostic.message = Tr("unexpected name {0}", DescribeToken(offending));
      }
      if (!expected.empty()) diagnostic.help = Tr("expected {0}", expected);
      const bool name_expected = std::find(expected_types.begin(), expected_types.end(),
                                           static_cast<size_t>(VigieLexer::ID)) != expected_types.end();
      // A keyword that opens a new line where a value was expected: the value was left out.
      const antlr4::Token* previous = nullptr;
      if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) previous = parser->getTokenStream()->LT(-1);
      const bool starts_line = previous != nullptr && offending != nullptr && LineOf(previous) < LineOf(offending);
      if (offending != nullptr && name_expected && starts_line && !KeywordMeaning(offending).empty()) {
        diagnostic.message = Tr("missing a value after {0}", DescribeToken(previous));
        diagnostic.help = Tr("{0} on the next line starts something else: write the value after {1}",
                             DescribeToken(offending), DescribeToken(previous));
        // Point at the keyword that lacks its value, where the fix goes.
        diagnostic.span = Span{diagnostic.span.file, offsets_.Byte(previous->getStartIndex()),
                               offsets_.Byte(previous->getStopIndex() + 1)};
      } else if (offending != nullptr && name_expected) {
        if (std::string other = KeywordMeaning(offending); !other.empty()) {
          diagnostic.message = Tr("'{0}' is a keyword and cannot be used as a name", offending->getText());
          diagnostic.help = Tr("{0}; keywords of both languages are reserved in every file: choose another name", other);
        }
      }
      // A misspelled keyword: suggest the closest keyword the parser would have accepted here.
      if (offending != nullptr && offending->getType() == VigieLexer::ID) {
        std::vector<std::string> spellings = KeywordSpellings(expected_types);
        if (std::optional<std::string> suggestion = SuggestName(offending->getText(), spellings)) {
          diagnostic.help = Tr("did you mean '{0}'?", *suggestion);
        }
      }
      // `if a then b` and the file goes on: the branch for the other case was left out.
      if (expected_types == std::vector<size_t>{VigieLexer::ELSE}) {
        diagnostic.message = IsEnd(offending) ? std::string(Tr("missing 'else' before end of file"))
                                              : Tr("missing 'else' before {0}", DescribeToken(offending));
        diagnostic.help = Tr("an 'if' gives a value in both cases: if CONDITION then VALUE else VALUE");
      }
      // `signé 15/3/19`: a number where a date was expected; show both forms of a date.
      // The token just before the offending one (the parser may have stopped earlier, at `signé`'s item).
      const antlr4::Token* before_offending = nullptr;
      if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer); parser != nullptr && offending != nullptr) {
        antlr4::TokenStream* tokens = parser->getTokenStream();
        for (size_t i = offending->getTokenIndex(); i > 0 && before_offending == nullptr; --i) {
          const antlr4::Token* t = tokens->get(i - 1);
          if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) before_offending = t;
        }
      }
      if (offending != nullptr && offending->getType() == VigieLexer::NUMBER && before_offending != nullptr &&
          IsDateKeyword(before_offending->getType())) {
        diagnostic.message = Tr("{0} is followed by a date, not by '{1}'", DescribeToken(before_offending), offending->getText());
        diagnostic.help = Tr("write the date as 2019-03-15 or 15/03/2019, with the year in four digits");
      }
      // "7,4": a French decimal comma between two numbers written without a space.
      if (offending != nullptr && offending->getText() == ",") {
        auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
        antlr4::TokenStream* tokens = parser != nullptr ? parser->getTokenStream() : nullptr;
        // The offending token is the parser's next one, LT(1); LT(2) may not have been read yet.
        const bool is_next = tokens != nullptr && tokens->LT(1) == offending;
        const antlr4::Token* before = is_next ? tokens->LT(-1) : nullptr;
        const antlr4::Token* after = is_next ? tokens->LT(2) : nullptr;
        if (before != nullptr && after != nullptr && before->getType() == VigieLexer::NUMBER &&
            after->getType() == VigieLexer::NUMBER && before->getStopIndex() + 1 == offending->getStartIndex() &&
            offending->getStopIndex() + 1 == after->getStartIndex()) {
          diagnostic.message = Tr("a decimal comma in '{0},{1}'", before->getText(), after->getText());
          diagnostic.help = Tr("in the rules, decimals take a point: write {0}.{1}", before->getText(), after->getText());
        }
      }
    }
    sink_.Report(std::move(diagnostic));
    if (count_ == cap_) {
      Diagnostic stop = MakeDiagnostic(DiagCode::kTooManyErrors, span,
                                       Tr("too many syntax errors in this file ({0}); the rest was not read", cap_));
      sink_.Report(std::move(stop));
      throw CancelParse{};
    }
  }

  size_t Count() const { return count_; }

 private:
  // `tolérence 1 an` in a commitment: a name that starts an item reads as a verdict rule (`met if
  // A`), so the parser wants `if` after it. A name that is no verdict is a misspelled item keyword:
  // reported at the name, with the closest keyword, once per line (the rest of the line follows
  // from it). True when this error is handled here.
  bool MisspelledItem(antlr4::Recognizer* recognizer, antlr4::Token* offending) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr || offending == nullptr) return false;
    std::vector<size_t> expected_types;
    (void)ExpectedList(recognizer, expected_types);
    if (expected_types != std::vector<size_t>{VigieLexer::IF}) return false;
    const antlr4::Token* name = parser->getTokenStream()->LT(-1);
    if (name == nullptr || name->getType() != VigieLexer::ID || syntax::Verdicts().Lookup(name->getText())) return false;
    if (LineOf(name) == misspelled_line_) return true;
    misspelled_line_ = LineOf(name);
    ++count_;
    const Span span{file_, offsets_.Byte(name->getStartIndex()), offsets_.Byte(name->getStopIndex() + 1)};
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kSyntaxError, span, Tr("unexpected name {0}", DescribeToken(name)));
    const std::vector<std::string> spellings = KeywordSpellings(
        {VigieLexer::REF, VigieLexer::FOR, VigieLexer::INDICATOR, VigieLexer::TARGET, VigieLexer::IMPROVE,
         VigieLexer::TOLERANCE, VigieLexer::WEIGHT, VigieLexer::AGGREGATE, VigieLexer::ALL, VigieLexer::ANY});
    if (std::optional<std::string> suggestion = SuggestName(name->getText(), spellings)) {
      diagnostic.help = Tr("did you mean '{0}'?", *suggestion);
    }
    sink_.Report(std::move(diagnostic));
    if (count_ == cap_) {
      sink_.Report(MakeDiagnostic(DiagCode::kTooManyErrors, span,
                                  Tr("too many syntax errors in this file ({0}); the rest was not read", cap_)));
      throw CancelParse{};
    }
    return true;
  }

  // The source's line, not ANTLR's: ANTLR counts only "\n", and old Mac files end lines with "\r".
  uint32_t LineOf(const antlr4::Token* token) const {
    return source_.Locate(offsets_.Byte(token->getStartIndex())).line;
  }

  // The keywords a date follows (`signed 2019-03-15`, `due`, `granted`, `until`, `as of`).
  static bool IsDateKeyword(size_t type) {
    return type == VigieLexer::SIGNED || type == VigieLexer::DUE || type == VigieLexer::GRANTED ||
           type == VigieLexer::UNTIL || type == VigieLexer::AS_OF;
  }

  // "'un' is the French spelling of 'any'" for a keyword token, or "" for anything else.
  static std::string KeywordMeaning(const antlr4::Token* token) {
    const std::string text = token->getText();
    switch (token->getType()) {
#define VIGIE_KEYWORD(name, english, french)                                             \
  case VigieLexer::name:                                                                 \
    if (std::string(english) == french) return Tr("'{0}' is a keyword", text);           \
    return text == english ? Tr("'{0}' is the English spelling of '{1}'", text, french) \
                           : Tr("'{0}' is the French spelling of '{1}'", text, english);
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
      default: return "";
    }
  }

  static std::vector<std::string> KeywordSpellings(const std::vector<size_t>& types) {
    std::vector<std::string> out;
    for (size_t type : types) {
      switch (type) {
#define VIGIE_KEYWORD(token, english, french) \
  case VigieLexer::token:                     \
    out.push_back(english);                   \
    out.push_back(french);                    \
    break;
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
        default: break;
      }
    }
    return out;
  }

  std::string ExpectedList(antlr4::Recognizer* recognizer, std::vector<size_t>& types) {
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    if (parser == nullptr) return "";
    std::vector<std::string> names;
    try {
      antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
      for (ssize_t type : expected.toList()) types.push_back(static_cast<size_t>(type));
      for (size_t type : types) {
        std::string name = TokenDisplayName(type);
        if (name.empty()) {
          name = parser->getVocabulary().getLiteralName(type);  // ':' '{' ..., quoted by ANTLR
          if (name.size() >= 2 && name.front() == '\'' && name.back() == '\'') {
            name = QuoteForMessage(name.substr(1, name.size() - 2));
          }
        }
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
          names.push_back(name);
        }
      }
    } catch (...) {
      return "";  // ANTLR cannot always compute the set in an error state
    }
    if (names.empty()) return "";
    std::string out;
    const size_t shown = std::min<size_t>(names.size(), 6);
    for (size_t i = 0; i < shown; ++i) {
      if (i + 1 == shown && shown == names.size() && i > 0) return Tr("{0} or {1}", out, names[i]);
      if (i > 0) out += ", ";
      out += names[i];
    }
    if (shown < names.size()) out += ", …";
    return out;
  }

  const SourceFile& source_;
  FileId file_;
  const OffsetMap& offsets_;
  DiagnosticSink& sink_;
  size_t cap_;
  size_t count_ = 0;
  uint32_t misspelled_line_ = 0;  // the line of the last misspelled item keyword reported
};

// True when error recovery left this subtree incomplete: a rule that failed, or a token that the
// parser conjured to continue ("<missing NUMBER>"). Such items are dropped from the AST so that one
// typo gives one syntax error, not a cascade of semantic ones.
bool Broken(antlr4::tree::ParseTree* tree) {
  if (tree == nullptr) return true;
  if (dynamic_cast<antlr4::tree::ErrorNode*>(tree) != nullptr) return true;  // tokens skipped by recovery
  if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(tree)) {
    return terminal->getSymbol()->getStartIndex() == INVALID_INDEX;
  }
  if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(tree)) {
    if (rule->exception != nullptr) return true;
  }
  for (antlr4::tree::ParseTree* child : tree->children) {
    if (Broken(child)) return true;
  }
  return false;
}

// Names typed with combining accents (e + U+0301, as some macOS tools write them) are composed into
// the precomposed letters (é) that other editors write, so both spellings name the same thing.
std::string ComposeAccents(const std::string& text) {
  if (text.find('\xCC') == std::string::npos && text.find('\xCD') == std::string::npos) return text;
  static const std::map<std::pair<char, uint32_t>, uint32_t> kCompose = {
      {{'a', 0x300}, 0xE0}, {{'a', 0x302}, 0xE2}, {{'a', 0x308}, 0xE4}, {{'c', 0x327}, 0xE7}, {{'e', 0x300}, 0xE8},
      {{'e', 0x301}, 0xE9}, {{'e', 0x302}, 0xEA}, {{'e', 0x308}, 0xEB}, {{'i', 0x302}, 0xEE}, {{'i', 0x308}, 0xEF},
      {{'o', 0x302}, 0xF4}, {{'o', 0x308}, 0xF6}, {{'u', 0x300}, 0xF9}, {{'u', 0x302}, 0xFB}, {{'u', 0x308}, 0xFC},
      {{'y', 0x308}, 0xFF}, {{'n', 0x303}, 0xF1}, {{'A', 0x300}, 0xC0}, {{'A', 0x302}, 0xC2}, {{'C', 0x327}, 0xC7},
      {{'E', 0x300}, 0xC8}, {{'E', 0x301}, 0xC9}, {{'E', 0x302}, 0xCA}, {{'E', 0x308}, 0xCB}, {{'I', 0x302}, 0xCE},
      {{'O', 0x302}, 0xD4}, {{'U', 0x300}, 0xD9}, {{'U', 0x302}, 0xDB}};
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c == 0xCC || c == 0xCD) && i + 1 < text.size() && !out.empty() && static_cast<unsigned char>(out.back()) < 0x80) {
      const uint32_t mark = ((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      auto it = kCompose.find({out.back(), mark});
      if (it != kCompose.end()) {
        out.pop_back();
        out += static_cast<char>(0xC0 | (it->second >> 6));
        out += static_cast<char>(0x80 | (it->second & 0x3F));
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

class AstBuilder {
 public:
  AstBuilder(FileId file, const OffsetMap& offsets, DiagnosticSink& sink)
      : file_(file), offsets_(offsets), sink_(sink) {}

  // A declaration whose name was not written cannot be referred to; building it would only add noise.
  static bool NameBroken(P::DeclarationContext* declaration) {
    antlr4::ParserRuleContext* inner = dynamic_cast<antlr4::ParserRuleContext*>(declaration->children[0]);
    if (inner == nullptr || inner->children.size() < 2) return true;
    antlr4::tree::ParseTree* name = inner->children[1];
    return dynamic_cast<P::IdentContext*>(name) == nullptr ? !dynamic_cast<antlr4::tree::TerminalNode*>(name) && Broken(name)
                                                           : Broken(name);
  }

  ast::File BuildFile(P::FileContext& ctx) {
    ast::File out;
    out.file = file_;
    for (P::ImportDeclContext* import : ctx.importDecl()) {
      if (import->STRING() == nullptr) continue;
      out.imports.push_back(ast::Import{String(import->STRING()), SpanOf(import)});
    }
    for (P::DeclarationContext* declaration : ctx.declaration()) {
      if (declaration->children.empty() || NameBroken(declaration)) continue;
      if (auto* x = declaration->indicatorDecl()) out.indicators.push_back(BuildIndicator(*x));
      else if (auto* x = declaration->attributeDecl()) out.attributes.push_back(BuildAttribute(*x));
      else if (auto* x = declaration->contractDecl()) out.contracts.push_back(BuildContract(*x));
      else if (auto* x = declaration->templateDecl()) out.templates.push_back(BuildTemplate(*x));
      else if (auto* x = declaration->tableDecl()) out.tables.push_back(BuildTable(*x));
      else if (auto* x = declaration->testDecl()) out.tests.push_back(BuildTest(*x));
    }
    return out;
  }

 private:
  // ── spans and terminals
  Span SpanOf(antlr4::Token* token) const {
    if (token == nullptr) return Span{file_, 0, 0};
    if (token->getType() == antlr4::Token::EOF) {
      uint32_t at = offsets_.Byte(token->getStartIndex());
      return Span{file_, at, at};
    }
    return Span{file_, offsets_.Byte(token->getStartIndex()), offsets_.Byte(token->getStopIndex() + 1)};
  }
  Span SpanOf(antlr4::tree::TerminalNode* node) const {
    return node == nullptr ? Span{file_, 0, 0} : SpanOf(node->getSymbol());
  }
  Span SpanOf(antlr4::ParserRuleContext* ctx) const {
    if (ctx == nullptr) return Span{file_, 0, 0};
    Span start = SpanOf(ctx->getStart());
    antlr4::Token* stop = ctx->getStop();
    if (stop == nullptr || stop->getType() == antlr4::Token::EOF ||
        stop->getStopIndex() + 1 < ctx->getStart()->getStartIndex()) {
      return start;
    }
    return Span{file_, start.begin, std::max(start.begin, offsets_.Byte(stop->getStopIndex() + 1))};
  }

  void Report(DiagCode code, Span span, std::string message, std::string help = "") {
    Diagnostic diagnostic = MakeDiagnostic(code, span, std::move(message));
    diagnostic.help = std::move(help);
    sink_.Report(std::move(diagnostic));
  }

  // A second `unit` (or any single-valued property) in one block: keep the first, report the second.
  template <typename T>
  void SetOnce(std::optional<T>& slot, T value, std::string_view property, Span span) {
    if (slot.has_value()) {
      (void)span;
      Diagnostic diagnostic = MakeDiagnostic(DiagCode::kDuplicateProperty, SpanOfValue(value),
                                             Tr("'{0}' is given twice", KeywordInLanguage(property)));
      diagnostic.notes.push_back(Note{SpanOfValue(*slot), std::string(Tr("first given here"))});
      diagnostic.help = Tr("keep one of them");
      sink_.Report(std::move(diagnostic));
      return;
    }
    slot = std::move(value);
  }
  void ReportTwice(std::string_view property, Span second, Span first) {
    Diagnostic diagnostic =
        MakeDiagnostic(DiagCode::kDuplicateProperty, second, Tr("'{0}' is given twice", KeywordInLanguage(property)));
    diagnostic.notes.push_back(Note{first, std::string(Tr("first given here"))});
    diagnostic.help = Tr("keep one of them");
    sink_.Report(std::move(diagnostic));
  }
  template <typename T>
  static Span SpanOfValue(const T& value) { return value.span; }
  static Span SpanOfValue(const ast::Target& value) { return value.span; }

  ast::StringLiteral String(antlr4::tree::TerminalNode* node) {
    ast::StringLiteral out;
    out.span = SpanOf(node);
    if (node == nullptr) return out;
    std::string text = node->getText();
    // Strip the quotes (an unterminated string has only the opening one).
    size_t begin = text.empty() ? 0 : 1;
    const bool terminated = text.size() >= 2 && text.back() == '"';
    size_t end = terminated ? text.size() - 1 : text.size();
    if (!terminated) damaged_ = true;  // the rest of the line went into the string
    for (size_t i = begin; i < end; ++i) {
      if (text[i] == '\\' && i + 1 < end) {
        char next = text[++i];
        out.value += next == 'n' ? '\n' : next == 't' ? '\t' : next;
      } else {
        out.value += text[i];
      }
    }
    return out;
  }

  ast::Identifier Ident(P::IdentContext* ctx) const {
    if (ctx == nullptr) return ast::Identifier{"", Span{file_, 0, 0}};
    return ast::Identifier{ComposeAccents(ctx->getText()), SpanOf(ctx)};
  }

  ast::Word Word(P::WordContext* ctx) const {
    if (ctx == nullptr) return ast::Word{"", Span{file_, 0, 0}};
    return ast::Word{ctx->getText(), SpanOf(ctx)};
  }

  ast::Number NumberOf(antlr4::tree::TerminalNode* node, bool negative, Span span) const {
    ast::Number out;
    out.text = (negative ? "-" : "") + (node ? WithoutThousandsSpaces(node->getText()) : std::string("0"));
    out.value = std::strtod(out.text.c_str(), nullptr);
    out.span = span;
    return out;
  }
  ast::Number SignedNumber(P::SignedNumberContext* ctx) const {
    if (ctx == nullptr) return ast::Number{"0", 0, Span{file_, 0, 0}};
    return NumberOf(ctx->NUMBER(), ctx->children.size() > 1, SpanOf(ctx));
  }

  ast::Quantity Quantity(P::QuantityContext* ctx) const {
    ast::Quantity out;
    out.span = SpanOf(ctx);
    if (ctx == nullptr) return out;
    out.number = NumberOf(ctx->NUMBER(), false, SpanOf(ctx->NUMBER()));
    if (auto* suffix = ctx->unitSuffix()) out.unit = ast::Word{suffix->getText(), SpanOf(suffix)};
    if (!out.unit && ctx->NUMBER() != nullptr) {
      // The syntax error says "a decimal comma"; the unit written after the decimals is unknown here.
      const antlr4::Token* number = ctx->NUMBER()->getSymbol();
      antlr4::CharStream* chars = number->getInputStream();
      const size_t after = number->getStopIndex() + 1;
      if (chars != nullptr && after + 1 < chars->size()) {
        const std::string next = chars->getText(antlr4::misc::Interval(after, after + 1));
        out.cut_by_comma = next.size() == 2 && next[0] == ',' && std::isdigit(static_cast<unsigned char>(next[1]));
      }
    }
    return out;
  }

  // `-1 %`: the quantity with its sign; its span starts at the minus.
  ast::Quantity SignedQuantity(P::SignedQuantityContext* ctx) const {
    if (ctx == nullptr) return Quantity(nullptr);
    ast::Quantity out = Negated(Quantity(ctx->quantity()), ctx);
    out.span = SpanOf(ctx);
    return out;
  }

  int Year(antlr4::tree::TerminalNode* node) {
    if (node == nullptr) return 0;
    const std::string text = node->getText();
    if (text.size() != 4 || text.find('.') != std::string::npos) {
      Report(DiagCode::kInvalidLiteral, SpanOf(node), Tr("'{0}' is not a year", text),
             std::string(Tr("write a year with four digits, such as 2021")));
      return 0;
    }
    return std::atoi(text.c_str());
  }

  ast::YearRange YearRange(P::YearRangeContext* ctx) {
    ast::YearRange out;
    out.span = SpanOf(ctx);
    if (ctx == nullptr) return out;
    std::vector<antlr4::tree::TerminalNode*> numbers = ctx->NUMBER();
    out.first = numbers.empty() ? 0 : Year(numbers[0]);
    out.last = numbers.size() > 1 ? Year(numbers[1]) : out.first;
    return out;
  }

  // 2021-10..2026-09 (or 10/2021..09/2026): a contract's anniversary years, month by month.
  ast::YearRange MonthRange(P::MonthRangeContext* ctx) {
    ast::YearRange out;
    out.span = SpanOf(ctx);
    if (ctx == nullptr) return out;
    std::vector<antlr4::tree::TerminalNode*> months = ctx->MONTH();
    for (size_t i = 0; i < months.size() && i < 2; ++i) {
      const calendar::Parsed<calendar::Period> month = calendar::ParsePeriod(months[i]->getText());
      if (!month) {
        Report(DiagCode::kInvalidLiteral, SpanOf(months[i]), month.error, std::string(Tr("months are numbered 01 to 12")));
        return ast::YearRange{0, 0, 0, 0, out.span};
      }
      (i == 0 ? out.first : out.last) = month->year;
      (i == 0 ? out.first_month : out.last_month) = month->sub;
    }
    return out;
  }

  ast::YearRange SingleYear(antlr4::Token* token) {
    ast::YearRange out;
    if (token == nullptr) return out;
    out.span = SpanOf(token);
    const std::string text = token->getText();
    if (text.size() != 4 || text.find('.') != std::string::npos) {
      Report(DiagCode::kInvalidLiteral, out.span, Tr("'{0}' is not a year", text),
             std::string(Tr("write a year with four digits, such as 2021")));
    } else {
      out.first = out.last = std::atoi(text.c_str());
    }
    return out;
  }

  ast::PeriodKey PeriodKey(P::PeriodKeyContext* ctx) {
    ast::PeriodKey out;
    out.span = SpanOf(ctx);
    if (ctx == nullptr) return out;
    // 2021-Q2, 2021-T2 or 2021-03: the lexer checked the form, the calendar checks the number (the
    // period is kept as written, so that one mistake does not hide the checks after it).
    antlr4::tree::TerminalNode* token = ctx->QUARTER() != nullptr ? ctx->QUARTER() : ctx->MONTH();
    if (token != nullptr) {
      const calendar::Parsed<calendar::Period> period = calendar::ParsePeriod(token->getText());
      out.kind = ctx->QUARTER() != nullptr ? ast::PeriodKey::Kind::kQuarter : ast::PeriodKey::Kind::kMonth;
      out.year = period.written.year;
      out.sub = period.written.sub;
      if (!period) {
        Report(DiagCode::kInvalidLiteral, out.span, period.error,
               std::string(ctx->QUARTER() != nullptr
                               ? Tr("quarters are numbered 1 to 4: 2021-Q1 ... 2021-Q4 (or 2021-T1 ... 2021-T4)")
                               : Tr("months are numbered 01 to 12")));
      }
      return out;
    }
    std::vector<antlr4::tree::TerminalNode*> numbers = ctx->NUMBER();
    out.year = numbers.empty() ? 0 : Year(numbers[0]);
    if (numbers.size() > 1) {
      out.kind = ast::PeriodKey::Kind::kYearRange;
      out.last_year = Year(numbers[1]);
    } else {
      out.kind = ast::PeriodKey::Kind::kYear;
      out.last_year = out.year;
    }
    return out;
  }

  ast::Date Date(antlr4::tree::TerminalNode* node) {
    ast::Date out;
    out.span = SpanOf(node);
    if (node == nullptr) return out;
    // The lexer checked the form (YYYY-MM-DD or DD/MM/YYYY), the calendar checks the date; kept as
    // written either way.
    const std::string written = node->getText();
    const calendar::Parsed<calendar::Date> date = calendar::ParseDate(IsoDateText(written));
    out.year = date.written.year;
    out.month = date.written.month;
    out.day = date.written.day;
    if (!date && written.find('/') != std::string::npos) {  // 31/02/2019: say it as it was written
      Report(DiagCode::kInvalidLiteral, out.span,
             calendar::NotADate(written, calendar::WhyNotADate(out.year, out.month, out.day)),
             std::string(Tr("a date is written day/month/year, such as 30/06/2020, or year-month-day, such as 2020-06-30")));
    } else if (!date) {
      Report(DiagCode::kInvalidLiteral, out.span, date.error,
             std::string(Tr("dates are written year-month-day, such as 2020-06-30")));
    }
    return out;
  }

  ast::EntityRef Entity(P::EntityRefContext* ctx) const {
    if (ctx == nullptr) return ast::EntityRef{"", Span{file_, 0, 0}};
    return ast::EntityRef{ctx->getText(), SpanOf(ctx)};
  }

  // A party in a list: a FINESS, an INSEE code or a declared party's code, as written.
  ast::EntityRef PartyRef(P::PartyRefContext* ctx) const {
    if (ctx == nullptr) return ast::EntityRef{"", Span{file_, 0, 0}};
    return ast::EntityRef{ctx->getText(), SpanOf(ctx)};
  }

  // A test's subject: a FINESS number, or a group's code (kept in EntityRef::code either way).
  ast::EntityRef Subject(P::SubjectContext* ctx) const {
    if (ctx == nullptr) return ast::EntityRef{"", Span{file_, 0, 0}};
    if (ctx->entityRef()) return Entity(ctx->entityRef());
    return ast::EntityRef{ctx->getText(), SpanOf(ctx)};
  }

  ast::Comparator Comparator(P::ComparatorContext* ctx) const {
    ast::Comparator out;
    out.span = SpanOf(ctx);
    if (ctx->GE()) out.op = ">=";
    else if (ctx->LE()) out.op = "<=";
    else if (ctx->GT()) out.op = ">";
    else if (ctx->LT()) out.op = "<";
    else if (ctx->NE()) out.op = "!=";
    else out.op = "=";
    return out;
  }

  // ── expressions
  ast::ExprPtr Expr(P::ExprContext* ctx) {
    auto out = std::make_shared<ast::Expr>();
    out->span = SpanOf(ctx);
    if (ctx == nullptr) return out;
    using K = ast::Expr::Kind;
    auto operands = [&](const std::vector<P::ExprContext*>& list) {
      for (P::ExprContext* operand : list) out->operands.push_back(Expr(operand));
    };
    if (auto* x = dynamic_cast<P::ParenExprContext*>(ctx)) return Expr(x->expr());
    if (auto* x = dynamic_cast<P::NegateExprContext*>(ctx)) {
      out->kind = K::kNegate;
      out->operands.push_back(Expr(x->expr()));
    } else if (auto* x = dynamic_cast<P::NotExprContext*>(ctx)) {
      out->kind = K::kNot;
      out->operands.push_back(Expr(x->expr()));
    } else if (auto* x = dynamic_cast<P::MulExprContext*>(ctx)) {
      out->kind = K::kBinary;
      out->op = x->op ? x->op->getText() : "*";
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::AddExprContext*>(ctx)) {
      out->kind = K::kBinary;
      out->op = x->op ? x->op->getText() : "+";
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::AndExprContext*>(ctx)) {
      out->kind = K::kBinary;
      out->op = "and";
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::OrExprContext*>(ctx)) {
      out->kind = K::kBinary;
      out->op = "or";
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::CompareExprContext*>(ctx)) {
      out->kind = K::kCompare;
      out->op = x->comparator() ? Comparator(x->comparator()).op : "=";
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::HasExprContext*>(ctx)) {
      out->kind = K::kHas;
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::PresenceExprContext*>(ctx)) {
      out->kind = K::kPresence;
      out->op = x->word() ? x->word()->getText() : "";
      out->name_span = x->word() ? SpanOf(x->word()) : out->span;
      operands(std::vector<P::ExprContext*>{x->expr()});
    } else if (auto* x = dynamic_cast<P::InExprContext*>(ctx)) {
      out->kind = K::kIn;
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::IfExprContext*>(ctx)) {
      out->kind = K::kIf;
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::LookupExprContext*>(ctx)) {
      out->kind = K::kLookup;
      out->text = x->ident() ? x->ident()->getText() : "";
      out->name_span = SpanOf(x->ident());
      for (P::ExprContext* key : x->expr()) out->operands.push_back(Expr(key));
    } else if (auto* x = dynamic_cast<P::CallExprContext*>(ctx)) {
      out->kind = K::kCall;
      out->text = x->ident() ? x->ident()->getText() : "";
      out->name_span = SpanOf(x->ident());
      operands(x->expr());
    } else if (auto* x = dynamic_cast<P::PartyScoreExprContext*>(ctx)) {
      out->kind = K::kPartyScore;
      const ast::EntityRef party = PartyRef(x->partyRef());
      out->text = party.code;
      out->name_span = party.span;
    } else if (auto* x = dynamic_cast<P::QuantityExprContext*>(ctx)) {
      out->kind = K::kQuantity;
      out->quantity = Quantity(x->quantity());
    } else if (auto* x = dynamic_cast<P::StringExprContext*>(ctx)) {
      out->kind = K::kString;
      out->text = String(x->STRING()).value;
    } else if (auto* x = dynamic_cast<P::DateExprContext*>(ctx)) {
      out->kind = K::kDate;
      (void)Date(x->DATE());  // validates the calendar date
      out->text = IsoDateText(x->DATE()->getText());
    } else if (auto* x = dynamic_cast<P::NameExprContext*>(ctx)) {
      out->kind = K::kName;
      out->text = x->ident() ? x->ident()->getText() : "";
      out->name_span = out->span;
    }
    return out;
  }

  // ── declarations
  ast::Indicator BuildIndicator(P::IndicatorDeclContext& ctx) {
    ast::Indicator out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.name = Ident(ctx.name);
    if (ctx.title) out.title = String(ctx.STRING());
    // A formula cut by a syntax error (`if a then b` without `else`) lacks operands: it is not built.
    if (ctx.formula && !Skip(ctx.formula)) out.formula = Expr(ctx.formula);
    if (ctx.indicatorBody() == nullptr) {
      out.incomplete = damage.Damaged();
      return out;
    }
    for (P::IndicatorItemContext* item : ctx.indicatorBody()->indicatorItem()) {
      if (Skip(item)) continue;
      Span span = SpanOf(item);
      if (auto* x = dynamic_cast<P::IndicatorUnitContext*>(item)) SetOnce(out.unit, Word(x->word()), "unit", span);
      else if (auto* x = dynamic_cast<P::IndicatorBetterContext*>(item)) SetOnce(out.better, Word(x->word()), "better", span);
      else if (auto* x = dynamic_cast<P::IndicatorPeriodContext*>(item)) SetOnce(out.period, Word(x->word()), "period", span);
      else if (auto* x = dynamic_cast<P::IndicatorAggregateContext*>(item)) SetOnce(out.aggregate, Word(x->word()), "aggregate", span);
      else if (auto* x = dynamic_cast<P::IndicatorSourceContext*>(item)) SetOnce(out.source, String(x->STRING()), "source", span);
      else if (auto* x = dynamic_cast<P::IndicatorNumeratorContext*>(item)) SetOnce(out.numerator, Ident(x->ident()), "numerator", span);
      else if (auto* x = dynamic_cast<P::IndicatorDenominatorContext*>(item)) SetOnce(out.denominator, Ident(x->ident()), "denominator", span);
      else if (auto* x = dynamic_cast<P::IndicatorRangeContext*>(item)) {
        std::vector<P::SignedNumberContext*> numbers = x->signedNumber();
        ast::NumberRange range{SignedNumber(numbers.empty() ? nullptr : numbers[0]),
                               SignedNumber(numbers.size() > 1 ? numbers[1] : nullptr), span};
        SetOnce(out.range, range, "range", span);
      } else if (auto* x = dynamic_cast<P::IndicatorClassesContext*>(item)) {
        ast::IndicatorClasses classes;
        classes.span = span;
        for (P::ClassEntryContext* entry : x->classEntry()) {
          if (Skip(entry)) continue;
          ast::IndicatorClass one;
          one.span = SpanOf(entry);
          one.name = Ident(entry->name);
          if (entry->comparator() != nullptr) {
            one.comparator = Comparator(entry->comparator());
            one.bound = Negated(Quantity(entry->quantity()), entry);
          } else if (entry->STRING() != nullptr) {
            one.code = String(entry->STRING());
          }
          classes.entries.push_back(std::move(one));
        }
        SetOnce(out.classes, classes, "classes", span);
      } else if (auto* x = dynamic_cast<P::IndicatorValuesContext*>(item)) {
        ast::IndicatorValues values;
        values.span = span;
        for (P::CategoryEntryContext* entry : x->categoryEntry()) {
          if (Skip(entry)) continue;
          ast::Category one;
          one.span = SpanOf(entry);
          one.name = Ident(entry->name);
          if (entry->written != nullptr) one.written = String(entry->STRING());
          values.entries.push_back(std::move(one));
        }
        SetOnce(out.values, values, "values", span);
      } else if (auto* x = dynamic_cast<P::IndicatorCodesContext*>(item)) {
        ast::IndicatorCodes codes;
        codes.span = span;
        for (P::CodeEntryContext* entry : x->codeEntry()) {
          if (Skip(entry)) continue;
          ast::MissingCode one;
          one.span = SpanOf(entry);
          one.code = String(entry->STRING());
          if (entry->verdict != nullptr) one.verdict = Word(entry->verdict);
          codes.entries.push_back(std::move(one));
        }
        SetOnce(out.codes, codes, "codes", span);
      }
    }
    out.incomplete = damage.Damaged();
    return out;
  }

  ast::Attribute BuildAttribute(P::AttributeDeclContext& ctx) {
    ast::Attribute out;
    out.span = SpanOf(&ctx);
    out.name = Ident(ctx.name);
    if (ctx.title) out.title = String(ctx.STRING());
    return out;
  }

  ast::Contract BuildContract(P::ContractDeclContext& ctx) {
    ast::Contract out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.name = Ident(ctx.name);
    if (ctx.title) out.title = String(ctx.STRING());
    if (ctx.templateName) {
      ast::TemplateCall call;
      call.name = Ident(ctx.templateName);
      call.span = call.name.span;
      for (P::ArgumentContext* argument : ctx.argument()) {
      if (Skip(argument)) continue;
        call.arguments.push_back(ast::Argument{Ident(argument->name), Expr(argument->value), SpanOf(argument)});
        call.span = Cover(call.span, SpanOf(argument));
      }
      out.instance_of = std::move(call);
    }
    BuildBody(ctx.contractItem(), out.body);
    out.incomplete = damage.Damaged();
    return out;
  }

  ast::Template BuildTemplate(P::TemplateDeclContext& ctx) {
    ast::Template out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.name = Ident(ctx.name);
    if (ctx.title) out.title = String(ctx.STRING());
    for (P::ParameterContext* parameter : ctx.parameter()) {
      if (Skip(parameter)) continue;
      ast::Parameter item;
      item.name = Ident(parameter->name);
      if (parameter->type) item.type = Word(parameter->type);
      if (parameter->defaultValue) item.default_value = Expr(parameter->defaultValue);
      item.span = SpanOf(parameter);
      out.parameters.push_back(std::move(item));
    }
    BuildBody(ctx.contractItem(), out.body);
    out.incomplete = damage.Damaged();
    return out;
  }

  void BuildBody(const std::vector<P::ContractItemContext*>& items, ast::ContractBody& body) {
    for (P::ContractItemContext* item : items) {
      const bool nested = dynamic_cast<P::ContractCommitmentContext*>(item) || dynamic_cast<P::ContractMilestoneContext*>(item) ||
                          dynamic_cast<P::ContractScoringContext*>(item) || dynamic_cast<P::ContractTableContext*>(item);
      if (!nested && Skip(item)) continue;
      Span span = SpanOf(item);
      if (auto* x = dynamic_cast<P::ContractKindContext*>(item)) SetOnce(body.kind, Word(x->word()), "kind", span);
      else if (auto* x = dynamic_cast<P::ContractAuthorityContext*>(item)) SetOnce(body.authority, String(x->STRING()), "authority", span);
      else if (auto* x = dynamic_cast<P::ContractSignedContext*>(item)) {
        if (body.signed_from) ReportTwice("signed", span, body.signed_from->span);
        else SetOnce(body.signed_on, Date(x->DATE()), "signed", span);
      } else if (auto* x = dynamic_cast<P::ContractSignedFromContext*>(item)) {
        if (body.signed_on) ReportTwice("signed", span, body.signed_on->span);
        else SetOnce(body.signed_from, Ident(x->ident()), "signed", span);
      }
      else if (auto* x = dynamic_cast<P::ContractPeriodContext*>(item)) SetOnce(body.period, YearRange(x->yearRange()), "period", span);
      else if (auto* x = dynamic_cast<P::ContractMonthPeriodContext*>(item)) SetOnce(body.period, MonthRange(x->monthRange()), "period", span);
      else if (auto* x = dynamic_cast<P::ContractPartiesContext*>(item)) {
        for (P::PartyContext* party : x->party()) {
          if (!Skip(party)) body.parties.push_back(BuildParty(*party));
        }
      } else if (auto* x = dynamic_cast<P::ContractCommitmentContext*>(item)) {
        body.commitments.push_back(BuildCommitment(*x->commitmentDecl()));
      } else if (auto* x = dynamic_cast<P::ContractMilestoneContext*>(item)) {
        body.milestones.push_back(BuildMilestone(*x->milestoneDecl()));
      } else if (auto* x = dynamic_cast<P::ContractWaiverContext*>(item)) {
        body.waivers.push_back(BuildWaiver(*x->waiverDecl()));
      } else if (auto* x = dynamic_cast<P::ContractScoringContext*>(item)) {
        SetOnce(body.scoring, BuildScoring(*x->scoringDecl()), "scoring", span);
      } else if (auto* x = dynamic_cast<P::ContractPaymentContext*>(item)) {
        body.payments.push_back(BuildPayment(*x->paymentDecl()));
      } else if (auto* x = dynamic_cast<P::ContractTableContext*>(item)) {
        body.tables.push_back(BuildTable(*x->tableDecl()));
      } else if (auto* x = dynamic_cast<P::ContractAmendmentContext*>(item)) {
        body.amendments.push_back(BuildAmendment(*x->amendmentDecl()));
      }
    }
  }

  ast::Party BuildParty(P::PartyContext& party) {
    ast::Party out;
    out.span = SpanOf(&party);
    if (party.GROUP()) {
      out.kind = ast::Party::Kind::kGroup;
      out.group = Ident(party.ident());
    } else if (party.partyCode()) {
      out.kind = ast::Party::Kind::kOther;
      out.other_kind = ast::Word{party.kind->getText(), SpanOf(party.kind)};
      out.entity = ast::EntityRef{party.partyCode()->getText(), SpanOf(party.partyCode())};
    } else {
      out.kind = ast::Party::Kind::kEntity;
      out.entity = Entity(party.entityRef());
    }
    return out;
  }

  ast::Payment BuildPayment(P::PaymentDeclContext& payment) {
    ast::Payment out;
    out.span = SpanOf(&payment);
    out.name = Ident(payment.name);
    if (payment.title) out.title = String(payment.STRING());
    if (payment.years != nullptr && !Skip(payment.years)) out.years = YearRange(payment.years);
    if (payment.eachParty != nullptr) out.for_each_party = SpanOf(payment.eachParty);
    out.formula = Expr(payment.expr());
    return out;
  }

  ast::Amendment BuildAmendment(P::AmendmentDeclContext& ctx) {
    ast::Amendment out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.number = NumberOf(ctx.NUMBER(), false, SpanOf(ctx.NUMBER()));
    out.effective = Date(ctx.DATE());
    if (ctx.title) out.title = String(ctx.STRING());
    out.head_span = Cover(SpanOf(ctx.AMENDMENT()), ctx.DATE() ? SpanOf(ctx.DATE()) : SpanOf(ctx.AMENDMENT()));
    using Removal = ast::Amendment::Removal;
    for (P::AmendmentItemContext* item : ctx.amendmentItem()) {
      const bool nested = dynamic_cast<P::AmendmentCommitmentContext*>(item) || dynamic_cast<P::AmendmentMilestoneContext*>(item) ||
                          dynamic_cast<P::AmendmentScoringContext*>(item);
      if (!nested && Skip(item)) continue;
      const Span span = SpanOf(item);
      if (auto* x = dynamic_cast<P::AmendmentCommitmentContext*>(item)) {
        out.commitments.push_back(BuildCommitment(*x->commitmentDecl()));
      } else if (auto* x = dynamic_cast<P::AmendmentPaymentContext*>(item)) {
        out.payments.push_back(BuildPayment(*x->paymentDecl()));
      } else if (auto* x = dynamic_cast<P::AmendmentMilestoneContext*>(item)) {
        out.milestones.push_back(BuildMilestone(*x->milestoneDecl()));
      } else if (auto* x = dynamic_cast<P::AmendmentWaiverContext*>(item)) {
        out.waivers.push_back(BuildWaiver(*x->waiverDecl()));
      } else if (auto* x = dynamic_cast<P::AmendmentScoringContext*>(item)) {
        SetOnce(out.scoring, BuildScoring(*x->scoringDecl()), "scoring", span);
      } else if (auto* x = dynamic_cast<P::AmendmentPeriodContext*>(item)) {
        SetOnce(out.period, YearRange(x->yearRange()), "period", span);
      } else if (auto* x = dynamic_cast<P::AmendmentMonthPeriodContext*>(item)) {
        SetOnce(out.period, MonthRange(x->monthRange()), "period", span);
      } else if (auto* x = dynamic_cast<P::AmendmentAddPartiesContext*>(item)) {
        for (P::PartyContext* party : x->party()) {
          if (!Skip(party)) out.added_parties.push_back(BuildParty(*party));
        }
      } else if (auto* x = dynamic_cast<P::AmendmentRemovePartiesContext*>(item)) {
        for (P::PartyContext* party : x->party()) {
          if (Skip(party)) continue;
          Removal removal;
          removal.kind = Removal::Kind::kParty;
          removal.party = BuildParty(*party);
          removal.span = removal.party.span;
          out.removals.push_back(std::move(removal));
        }
      } else if (auto* x = dynamic_cast<P::AmendmentRemoveWaiverContext*>(item)) {
        Removal removal;
        removal.kind = Removal::Kind::kWaiver;
        removal.waiver = BuildWaiver(*x->waiverDecl());
        removal.name = removal.waiver.commitment;
        removal.span = span;
        out.removals.push_back(std::move(removal));
      } else if (auto* x = dynamic_cast<P::AmendmentRemoveContext*>(item)) {
        Removal removal;
        removal.kind = x->PAYMENT() ? Removal::Kind::kPayment : x->MILESTONE() ? Removal::Kind::kMilestone : Removal::Kind::kCommitment;
        removal.name = Ident(x->ident());
        removal.span = span;
        out.removals.push_back(std::move(removal));
      }
    }
    out.incomplete = damage.Damaged();
    return out;
  }

  ast::Applicability BuildApplicability(P::ApplicabilityContext* ctx) {
    ast::Applicability out;
    out.span = SpanOf(ctx);
    if (auto* x = dynamic_cast<P::ForEachMemberContext*>(ctx)) {
      out.kind = ast::Applicability::Kind::kEachMember;
      if (x->condition) out.where = Expr(x->condition);
    } else if (dynamic_cast<P::ForGroupContext*>(ctx)) {
      out.kind = ast::Applicability::Kind::kGroup;
    } else if (auto* x = dynamic_cast<P::ForEntitiesContext*>(ctx)) {
      out.kind = ast::Applicability::Kind::kEntities;
      for (P::PartyRefContext* entity : x->partyRef()) out.entities.push_back(PartyRef(entity));
      if (x->condition) out.where = Expr(x->condition);
    }
    return out;
  }

  ast::Composite BuildComposite(ast::Composite::Kind kind, P::NameListContext* list, Span span) {
    ast::Composite out;
    out.kind = kind;
    out.span = span;
    if (list) {
      for (P::IdentContext* name : list->ident()) out.members.push_back(Ident(name));
    }
    return out;
  }

  ast::Commitment BuildCommitment(P::CommitmentDeclContext& ctx) {
    ast::Commitment out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.name = Ident(ctx.name);
    if (ctx.title) out.title = String(ctx.STRING());
    for (P::CommitmentItemContext* item : ctx.commitmentItem()) {
      if (Skip(item)) continue;
      Span span = SpanOf(item);
      if (auto* x = dynamic_cast<P::CommitmentRefContext*>(item)) SetOnce(out.ref, String(x->STRING()), "ref", span);
      else if (auto* x = dynamic_cast<P::CommitmentApplicabilityContext*>(item)) SetOnce(out.applicability, BuildApplicability(x->applicability()), "for", span);
      else if (auto* x = dynamic_cast<P::CommitmentIndicatorContext*>(item)) SetOnce(out.indicator, Ident(x->ident()), "indicator", span);
      else if (auto* x = dynamic_cast<P::CommitmentTargetContext*>(item)) SetOnce(out.target, BuildTarget(x->target()), "target", span);
      else if (auto* x = dynamic_cast<P::CommitmentPartyTargetsContext*>(item)) SetOnce(out.party_targets, BuildPartyTargets(*x, span), "target by party", span);
      else if (auto* x = dynamic_cast<P::CommitmentToleranceContext*>(item)) SetOnce(out.tolerance, Quantity(x->quantity()), "tolerance", span);
      else if (auto* x = dynamic_cast<P::CommitmentWeightContext*>(item)) SetOnce(out.weight, SignedNumber(x->signedNumber()), "weight", span);
      else if (auto* x = dynamic_cast<P::CommitmentAggregateContext*>(item)) SetOnce(out.aggregate, Word(x->word()), "aggregate", span);
      else if (auto* x = dynamic_cast<P::CommitmentImproveContext*>(item)) {
        ast::Improve improve{Quantity(x->quantity()), SingleYear(x->year), span};
        SetOnce(out.improve, improve, "improve", span);
      } else if (auto* x = dynamic_cast<P::CommitmentBaselineContext*>(item)) {
        SetOnce(out.baseline, SingleYear(x->year), "baseline", span);
      } else if (auto* x = dynamic_cast<P::CommitmentConsecutiveContext*>(item)) {
        if (x->count != nullptr) {
          out.consecutive_span = span;
          SetOnce(out.consecutive_years, NumberOf(x->NUMBER(), false, SpanOf(x->count)), "for N consecutive years", span);
        }
      } else if (auto* x = dynamic_cast<P::CommitmentAllOfContext*>(item)) {
        SetOnce(out.composite, BuildComposite(ast::Composite::Kind::kAll, x->nameList(), span), "all of", span);
      } else if (auto* x = dynamic_cast<P::CommitmentAnyOfContext*>(item)) {
        SetOnce(out.composite, BuildComposite(ast::Composite::Kind::kAny, x->nameList(), span), "any of", span);
      } else if (auto* x = dynamic_cast<P::CommitmentAtLeastContext*>(item)) {
        ast::Composite composite = BuildComposite(ast::Composite::Kind::kAtLeast, x->nameList(), span);
        ast::Number count;
        count.span = SpanOf(x->count);
        count.text = x->count ? x->count->getText() : "0";
        count.value = std::strtod(count.text.c_str(), nullptr);
        composite.count = count;
        SetOnce(out.composite, composite, "at least", span);
      } else if (auto* x = dynamic_cast<P::CommitmentVerdictRulesContext*>(item)) {
        bool first = true;
        for (P::VerdictRuleContext* rule : x->verdictRule()) {
          if (Skip(rule)) continue;
          ast::VerdictRule one;
          one.continues = !first;
          first = false;
          one.span = SpanOf(rule);
          one.verdict = Word(rule->verdict);
          for (P::CategoryRefContext* ref : rule->categoryRef()) {
            if (ref->ident() != nullptr) one.categories.push_back(Ident(ref->ident()));
            else if (ref->STRING() != nullptr) one.codes.push_back(String(ref->STRING()));
          }
          out.verdict_rules.push_back(std::move(one));
        }
      }
    }
    out.incomplete = damage.Damaged();
    return out;
  }

  ast::Target BuildTarget(P::TargetContext* ctx) {
    ast::Target out;
    out.span = SpanOf(ctx);
    if (auto* x = dynamic_cast<P::TrajectoryTargetContext*>(ctx)) {
      out.is_trajectory = true;
      for (P::TrajectoryEntryContext* entry : x->trajectoryEntry()) {
      if (Skip(entry)) continue;
        ast::TrajectoryEntry item;
        item.span = SpanOf(entry);
        item.period = PeriodKey(entry->periodKey());
        if (entry->comparator()) item.comparator = Comparator(entry->comparator());
        if (entry->category != nullptr) {
          item.category = Ident(entry->category);
        } else {
          if (entry->baselineShare() != nullptr) item.of_baseline = BaselineShare(entry->baselineShare());
          else if (entry->param != nullptr) item.parameter = Ident(entry->param);
          else item.value = SignedQuantity(entry->signedQuantity());
          if (entry->partialLimit() != nullptr) item.partial = PartialLimit(entry->partialLimit());
        }
        out.entries.push_back(std::move(item));
      }
    } else if (auto* x = dynamic_cast<P::ConstantTargetContext*>(ctx)) {
      if (x->comparator()) out.comparator = Comparator(x->comparator());
      if (x->baselineShare() != nullptr) out.of_baseline = BaselineShare(x->baselineShare());
      else if (x->param != nullptr) out.parameter = Ident(x->param);
      else out.value = SignedQuantity(x->signedQuantity());
      if (x->fromYear) out.from_year = SingleYear(x->fromYear);
      if (x->partialLimit() != nullptr) out.partial = PartialLimit(x->partialLimit());
    } else if (auto* x = dynamic_cast<P::CategoryTargetContext*>(ctx)) {
      out.category = Ident(x->category);
      if (x->fromYear) out.from_year = SingleYear(x->fromYear);
    }
    return out;
  }

  ast::PartyTargets BuildPartyTargets(P::CommitmentPartyTargetsContext& ctx, Span span) {
    ast::PartyTargets out;
    out.span = span;
    for (P::PartyTargetContext* entry : ctx.partyTarget()) {
      if (Skip(entry) || entry->target() == nullptr) continue;
      ast::PartyTarget item;
      item.span = SpanOf(entry);
      if (entry->partyRef() != nullptr) item.party = PartyRef(entry->partyRef());
      item.target = BuildTarget(entry->target());
      if (entry->tolerance != nullptr) item.tolerance = Quantity(entry->tolerance);
      out.entries.push_back(std::move(item));
    }
    return out;
  }

  ast::BaselineShare BaselineShare(P::BaselineShareContext* ctx) const {
    ast::BaselineShare out;
    out.span = SpanOf(ctx);
    if (ctx->share != nullptr) out.share = Quantity(ctx->share);
    return out;
  }

  ast::PartialLimit PartialLimit(P::PartialLimitContext* ctx) const {
    ast::PartialLimit out;
    out.span = SpanOf(ctx);
    if (ctx->baselineShare() != nullptr) out.of_baseline = BaselineShare(ctx->baselineShare());
    else if (ctx->signedQuantity() != nullptr) out.value = SignedQuantity(ctx->signedQuantity());
    return out;
  }

  ast::Milestone BuildMilestone(P::MilestoneDeclContext& ctx) {
    ast::Milestone out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.name = Ident(ctx.name);
    if (ctx.title) out.title = String(ctx.STRING());
    for (P::MilestoneItemContext* item : ctx.milestoneItem()) {
      if (Skip(item)) continue;
      Span span = SpanOf(item);
      if (auto* x = dynamic_cast<P::MilestoneDueContext*>(item)) {
        if (out.due_from) ReportTwice("due", span, out.due_from->span);
        else SetOnce(out.due, Date(x->DATE()), "due", span);
      } else if (auto* x = dynamic_cast<P::MilestoneDueFromContext*>(item)) {
        ast::DueFrom from;
        from.span = span;
        from.base = Ident(x->base);
        if (x->NUMBER() != nullptr) {
          from.amount = NumberOf(x->NUMBER(), false, SpanOf(x->NUMBER()));
          from.unit = Word(x->word());
        }
        if (out.due) ReportTwice("due", span, out.due->span);
        else SetOnce(out.due_from, from, "due", span);
      }
      else if (auto* x = dynamic_cast<P::MilestoneEvidenceContext*>(item)) SetOnce(out.evidence, String(x->STRING()), "evidence", span);
      else if (auto* x = dynamic_cast<P::MilestoneRefContext*>(item)) SetOnce(out.ref, String(x->STRING()), "ref", span);
      else if (auto* x = dynamic_cast<P::MilestoneWeightContext*>(item)) SetOnce(out.weight, SignedNumber(x->signedNumber()), "weight", span);
      else if (auto* x = dynamic_cast<P::MilestoneApplicabilityContext*>(item)) SetOnce(out.applicability, BuildApplicability(x->applicability()), "for", span);
    }
    out.incomplete = damage.Damaged();
    return out;
  }

  ast::Waiver BuildWaiver(P::WaiverDeclContext& ctx) {
    ast::Waiver out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.commitment = Ident(ctx.commitment);
    bool has_entities = false;
    for (P::WaiverClauseContext* clause : ctx.waiverClause()) {
      if (Skip(clause)) continue;
      Span span = SpanOf(clause);
      if (auto* x = dynamic_cast<P::WaiverEntitiesContext*>(clause)) {
        if (has_entities) {
          Report(DiagCode::kDuplicateProperty, span, Tr("'{0}' is given twice", KeywordInLanguage("for")),
                 std::string(Tr("list every entity in one 'for': for 080000037, 080000045")));
          continue;
        }
        has_entities = true;
        for (P::PartyRefContext* entity : x->partyRef()) out.entities.push_back(PartyRef(entity));
      } else if (auto* x = dynamic_cast<P::WaiverPeriodContext*>(clause)) SetOnce(out.period, PeriodKey(x->periodKey()), "in", span);
      else if (auto* x = dynamic_cast<P::WaiverReasonContext*>(clause)) SetOnce(out.reason, String(x->STRING()), "because", span);
      else if (auto* x = dynamic_cast<P::WaiverGrantedContext*>(clause)) SetOnce(out.granted, Date(x->DATE()), "granted", span);
      else if (auto* x = dynamic_cast<P::WaiverAuthorityContext*>(clause)) SetOnce(out.authority, String(x->STRING()), "by", span);
      else if (auto* x = dynamic_cast<P::WaiverUntilContext*>(clause)) SetOnce(out.until, Date(x->DATE()), "until", span);
    }
    out.incomplete = damage.Damaged();
    return out;
  }

  ast::Scoring BuildScoring(P::ScoringDeclContext& ctx) {
    ast::Scoring out;
    out.span = SpanOf(&ctx);
    if (P::ScoringBasisContext* basis = ctx.basis; basis != nullptr && !Skip(basis)) {
      // `commitment` is a keyword, not a word: kept as written, like a word, for the checker.
      out.basis = basis->COMMITMENT() != nullptr ? ast::Word{basis->getText(), SpanOf(basis)} : Word(basis->word());
    }
    for (P::ScoringItemContext* item : ctx.scoringItem()) {
      if (Skip(item)) continue;
      Span span = SpanOf(item);
      if (auto* x = dynamic_cast<P::ScoringValueContext*>(item)) {
        out.values.push_back(ast::ScoringValue{Word(x->word()), SignedNumber(x->signedNumber()), span});
      } else if (auto* x = dynamic_cast<P::ScoringAggregateContext*>(item)) {
        SetOnce(out.aggregate, Word(x->word()), "aggregate", span);
      }
    }
    return out;
  }

  ast::Table BuildTable(P::TableDeclContext& ctx) {
    ast::Table out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.name = Ident(ctx.name);
    out.key = Ident(ctx.key);
    if (ctx.key2 != nullptr && !Skip(ctx.key2)) out.second_key = Ident(ctx.key2);
    for (P::TableEntryContext* entry : ctx.tableEntry()) {
      if (Skip(entry)) continue;
      ast::TableEntry item;
      item.span = SpanOf(entry);
      std::vector<P::TableKeyContext*> keys = entry->tableKey();
      item.key = BuildTableKey(keys.empty() ? nullptr : keys[0]);
      if (keys.size() > 1) item.second = BuildTableKey(keys[1]);
      item.value = Expr(entry->expr());
      out.entries.push_back(std::move(item));
    }
    out.incomplete = damage.Damaged();
    return out;
  }

  // `>= -5 %`: the minus written before a tier's or a class's bound.
  static ast::Quantity Negated(ast::Quantity q, antlr4::ParserRuleContext* ctx) {
    for (antlr4::tree::ParseTree* child : ctx->children) {
      if (dynamic_cast<antlr4::tree::TerminalNode*>(child) != nullptr && child->getText() == "-") {
        q.number.text = "-" + q.number.text;
        q.number.value = -q.number.value;
        break;
      }
    }
    return q;
  }

  ast::TableKey BuildTableKey(P::TableKeyContext* key) {
    ast::TableKey out;
    out.span = SpanOf(key);
    if (key == nullptr) return out;
    std::vector<P::SignedNumberContext*> numbers = key->signedNumber();
    if (key->comparator() != nullptr) {
      out.kind = ast::TableKey::Kind::kCompare;
      out.comparator = Comparator(key->comparator());
      out.bound = Negated(Quantity(key->quantity()), key);
    } else if (key->ELSE() != nullptr) {
      out.kind = ast::TableKey::Kind::kElse;
    } else if (numbers.size() == 2) {
      out.kind = ast::TableKey::Kind::kRange;
      out.low = SignedNumber(numbers[0]);
      out.high = SignedNumber(numbers[1]);
    } else if (numbers.size() == 1) {
      out.kind = ast::TableKey::Kind::kNumber;
      out.low = SignedNumber(numbers[0]);
    } else if (key->STRING()) {
      out.kind = ast::TableKey::Kind::kString;
      out.text = String(key->STRING()).value;
    } else {
      out.kind = ast::TableKey::Kind::kWord;
      out.text = key->getText();
    }
    return out;
  }

  ast::Test BuildTest(P::TestDeclContext& ctx) {
    ast::Test out;
    DamageScope damage(*this);
    if (ctx.exception != nullptr) damaged_ = true;
    out.span = SpanOf(&ctx);
    out.name = String(ctx.STRING());
    for (P::TestItemContext* item : ctx.testItem()) {
      if (Skip(item)) continue;
      Span span = SpanOf(item);
      if (auto* x = dynamic_cast<P::TestContractContext*>(item)) SetOnce(out.contract, Ident(x->ident()), "contract", span);
      else if (auto* x = dynamic_cast<P::TestAsOfContext*>(item)) SetOnce(out.as_of, Date(x->DATE()), "as of", span);
      else if (auto* x = dynamic_cast<P::TestGivenEvidenceContext*>(item)) {
        out.given_evidence.push_back(ast::GivenEvidence{Subject(x->subject()), Ident(x->ident()), Date(x->DATE()), span});
      } else if (auto* x = dynamic_cast<P::TestGivenFileContext*>(item)) {
        ast::GivenFile given{String(x->STRING()), std::nullopt, span};
        if (x->periodKey()) given.period = PeriodKey(x->periodKey());
        out.given_files.push_back(std::move(given));
      } else if (auto* x = dynamic_cast<P::TestGivenMembersContext*>(item)) {
        ast::GivenMembers given{Subject(x->subject()), {}, span};
        for (P::PartyRefContext* member : x->partyRef()) given.members.push_back(PartyRef(member));
        out.given_members.push_back(std::move(given));
      } else if (auto* x = dynamic_cast<P::TestGivenAttributeContext*>(item)) {
        ast::GivenAttribute given;
        given.span = span;
        given.entity = Subject(x->subject());
        given.name = Ident(x->ident());
        if (x->periodKey()) given.period = PeriodKey(x->periodKey());
        given.value = Expr(x->expr());
        out.given_attributes.push_back(std::move(given));
      } else if (auto* x = dynamic_cast<P::TestGivenValueContext*>(item)) {
        ast::GivenValue given;
        given.span = span;
        given.entity = Subject(x->subject());
        given.indicator = Ident(x->ident());
        given.period = PeriodKey(x->periodKey());
        if (P::GivenValueContext* value = x->givenValue()) {
          if (value->signedQuantity()) given.value = SignedQuantity(value->signedQuantity());
          else given.word = Word(value->word());
          if (value->STRING() != nullptr) given.code = String(value->STRING());
        }
        out.given_values.push_back(std::move(given));
      } else if (auto* x = dynamic_cast<P::TestExpectVerdictContext*>(item)) {
        ast::Expectation expect;
        expect.span = span;
        expect.subject = Ident(x->ident());
        if (x->subject()) expect.entity = Subject(x->subject());
        if (x->periodKey()) expect.period = PeriodKey(x->periodKey());
        expect.verdict = Word(x->word());
        out.expectations.push_back(std::move(expect));
      } else if (auto* x = dynamic_cast<P::TestExpectValueContext*>(item)) {
        ast::Expectation expect;
        expect.span = span;
        expect.subject = Ident(x->ident());
        if (x->subject()) expect.entity = Subject(x->subject());
        if (x->periodKey()) expect.period = PeriodKey(x->periodKey());
        expect.value = SignedQuantity(x->signedQuantity());
        out.expectations.push_back(std::move(expect));
      }
    }
    out.incomplete = damage.Damaged();
    return out;
  }

  // Tracks whether the node being built lost anything to error recovery. Scopes nest: damage inside
  // a commitment marks the commitment, and also its contract.
  class DamageScope {
   public:
    explicit DamageScope(AstBuilder& builder) : builder_(builder), outer_(builder.damaged_) { builder_.damaged_ = false; }
    bool Damaged() const { return builder_.damaged_; }
    ~DamageScope() { builder_.damaged_ = outer_ || builder_.damaged_; }

   private:
    AstBuilder& builder_;
    bool outer_;
  };
  bool Skip(antlr4::tree::ParseTree* tree) {
    if (!Broken(tree)) return false;
    damaged_ = true;
    return true;
  }

  FileId file_;
  const OffsetMap& offsets_;
  DiagnosticSink& sink_;
  bool damaged_ = false;
};

// Error strategy whose recovery never loops forever: ANTLR's default can consume nothing and retry.
class CappedErrorStrategy : public antlr4::DefaultErrorStrategy {};

Diagnostic LimitDiagnostic(const LimitCrossed& crossed, const ParseOptions& options, Span at) {
  if (crossed.kind == LimitCrossed::Kind::kDepth) {
    Diagnostic diagnostic = MakeDiagnostic(DiagCode::kExpressionTooDeep, at,
                                           Tr("expression nested more than {0} levels deep; the file was not parsed",
                                              options.max_expression_depth));
    diagnostic.help = Tr("each operator, 'not', 'if', call and lookup is a level, and so is each operator of a chain "
                         "(a + b + c is 2 levels): split the formula, for example into derived indicators");
    return diagnostic;
  }
  Diagnostic diagnostic = MakeDiagnostic(DiagCode::kExpressionTooLarge, at,
                                         Tr("expression of more than {0} parts; the file was not parsed",
                                            options.max_expression_parts));
  diagnostic.help = Tr("each name, number, text, date, operator and call is a part: split the formula, for example "
                       "into derived indicators or a table");
  return diagnostic;
}

}  // namespace
}  // namespace internal

ast::File ParseFile(const SourceManager& sources, FileId file, DiagnosticSink& sink, const ParseOptions& options) {
  using namespace internal;
  const SourceFile& source = sources.Get(file);
  OffsetMap offsets(source.Text());
  ast::File empty;
  empty.file = file;

  try {
    antlr4::ANTLRInputStream input(source.Text());
    VigieLexer lexer(&input);
    lexer.removeErrorListeners();
    std::vector<std::unique_ptr<antlr4::Token>> tokens = lexer.getAllTokens();

    // Lexical problems are reported here, once, and the offending tokens are dropped or repaired so
    // the parser does not report them a second time.
    std::vector<std::unique_ptr<antlr4::Token>> kept;
    size_t depth = 0;
    auto span_of = [&](const antlr4::Token& token) {
      return Span{file, offsets.Byte(token.getStartIndex()), offsets.Byte(token.getStopIndex() + 1)};
    };
    size_t lexical_errors = 0;
    std::vector<ast::Comment> comments;
    int english = 0, french = 0;
    for (std::unique_ptr<antlr4::Token>& token : tokens) {
      const size_t type = token->getType();
      if (type == VigieLexer::LINE_COMMENT) {
        comments.push_back(ast::Comment{token->getText(), span_of(*token)});
        continue;  // comments never reach the parser
      }
      switch (type) {
#define VIGIE_KEYWORD(name, en, fr)                                          \
  case VigieLexer::name:                                                     \
    if (std::string(en) != fr) (token->getText() == en ? english : french) += 1; \
    break;
#include "engine/syntax/keywords.def"
#undef VIGIE_KEYWORD
        default: break;
      }
      if (type == VigieLexer::UNEXPECTED_CHAR) {
        if (++lexical_errors <= options.max_syntax_errors) {
          Diagnostic diagnostic = MakeDiagnostic(DiagCode::kUnexpectedCharacter, span_of(*token),
                                                 Tr("unexpected character '{0}'", token->getText()));
          diagnostic.help = Tr("comments start with //; text goes between double quotes");
          sink.Report(std::move(diagnostic));
        }
        continue;
      }
      if (type == VigieLexer::UNTERMINATED_STRING) {
        if (++lexical_errors <= options.max_syntax_errors) {
          Diagnostic diagnostic = MakeDiagnostic(DiagCode::kUnterminatedString, span_of(*token),
                                                 std::string(Tr("this string has no closing quote")));
          diagnostic.help = Tr("add '\"' at the end of the text; a string stays on one line");
          sink.Report(std::move(diagnostic));
        }
        if (auto* common = dynamic_cast<antlr4::CommonToken*>(token.get())) common->setType(VigieLexer::STRING);
      }
      if (token->getText() == "(" || token->getText() == "[" || token->getText() == "{") {
        if (++depth > options.max_nesting) {
          sink.Report(MakeDiagnostic(DiagCode::kNestingTooDeep, span_of(*token),
                                     Tr("brackets nested more than {0} deep; the file was not parsed", options.max_nesting)));
          return empty;
        }
      } else if ((token->getText() == ")" || token->getText() == "]" || token->getText() == "}") && depth > 0) {
        --depth;
      }
      kept.push_back(std::move(token));
    }
    // ListTokenSource appends its own EOF positioned after the last token; give it the real end.
    auto eof = std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF, "<EOF>");
    eof->setStartIndex(input.size());
    eof->setStopIndex(input.size() - 1);
    kept.push_back(std::move(eof));

    antlr4::ListTokenSource token_source(std::move(kept));
    antlr4::CommonTokenStream stream(&token_source);
    VigieParser parser(&stream);
    parser.removeErrorListeners();
    ErrorListener listener(source, file, offsets, sink, options.max_syntax_errors);
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<CappedErrorStrategy>());
    ExpressionDepthGuard depth_guard(options.max_expression_depth);
    parser.addParseListener(&depth_guard);

    // The limits are checked before anything walks the tree: the parser while it descends, then the
    // whole tree, with an explicit stack, before the builder.
    VigieParser::FileContext* tree = nullptr;
    std::optional<LimitCrossed> crossed;
    try {
      tree = parser.file();
    } catch (const CancelParse&) {
      tree = nullptr;
    } catch (const LimitCrossed& at) {
      crossed = at;
    }
    if (tree != nullptr) crossed = FindOversizedExpression(tree, options.max_expression_depth, options.max_expression_parts);
    if (crossed) {
      sink.Report(LimitDiagnostic(*crossed, options, span_of(*crossed->at)));
      return empty;
    }
    if (tree == nullptr) return empty;
    AstBuilder builder(file, offsets, sink);
    ast::File built = builder.BuildFile(*tree);
    built.comments = std::move(comments);
    built.english_keywords = english;
    built.french_keywords = french;
    return built;
  } catch (const std::exception& error) {
    sink.Report(MakeDiagnostic(DiagCode::kSyntaxError, Span{file, 0, 0},
                               Tr("the parser stopped: {0}", error.what())));
  } catch (...) {
    // ANTLR has historically thrown non-exception values; never let them escape.
    sink.Report(MakeDiagnostic(DiagCode::kSyntaxError, Span{file, 0, 0}, std::string(Tr("the parser stopped unexpectedly"))));
  }
  return empty;
}

}  // namespace vigie::syntax
