// Diagnostics as data: every stage reports into a DiagnosticSink; only the CLI renders and exits.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/source.h"

namespace vigie {

enum class Severity : uint8_t { kError, kWarning, kNote };

// Stable codes; the catalogue is engine/base/diagnostic_codes.def and docs/diagnostics.md.
enum class DiagCode : uint16_t {
#define VIGIE_DIAG(name, number, severity, slug, summary) name = number,
#include "engine/base/diagnostic_codes.def"
#undef VIGIE_DIAG
};

struct DiagCodeInfo {
  DiagCode code;
  uint16_t number;
  Severity default_severity;
  std::string_view slug;     // stable name, e.g. "unused-indicator" (for --allow)
  std::string_view summary;  // one line, for the catalogue: the English key (SummaryText translates it)
};

// Every code, in number order.
const std::vector<DiagCodeInfo>& AllDiagCodes();
const DiagCodeInfo& InfoFor(DiagCode code);
std::optional<DiagCode> DiagCodeFromSlug(std::string_view slug);
// "V2001"
std::string CodeLabel(DiagCode code);
std::string_view SeverityName(Severity severity);
// The code's one-line summary and a severity's word in the current language (`vigie codes`).
std::string_view SummaryText(DiagCode code);
std::string_view SeverityText(Severity severity);

struct Note {
  Span span;  // may be invalid: a note without a location
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  DiagCode code = DiagCode::kSyntaxError;
  Span span;
  std::string message;      // one line, lower-case start, no trailing period
  std::vector<Note> notes;  // "declared here", "in clause ..."
  std::string help;         // optional fix, e.g. "did you mean 'ambu'?"
};

// Builds a diagnostic with the code's default severity.
Diagnostic MakeDiagnostic(DiagCode code, Span span, std::string message);

// Collects diagnostics from every stage; sorted by (file, offset, severity, code) when taken.
class DiagnosticSink {
 public:
  // At most `error_limit` errors are kept; past it one V1002 is recorded and the rest dropped.
  explicit DiagnosticSink(size_t error_limit = 100) : error_limit_(error_limit) {}

  void Report(Diagnostic diagnostic);
  // Warnings whose slug is allowed are dropped on report.
  void Allow(DiagCode code) { allowed_.insert(code); }

  bool HasErrors() const { return error_count_ > 0; }
  size_t ErrorCount() const { return error_count_; }
  size_t WarningCount() const { return warning_count_; }
  bool LimitReached() const { return limit_reached_; }

  // Sorted copy of everything reported so far.
  std::vector<Diagnostic> Sorted() const;

 private:
  size_t error_limit_;
  size_t error_count_ = 0;
  size_t warning_count_ = 0;
  bool limit_reached_ = false;
  std::set<DiagCode> allowed_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace vigie
