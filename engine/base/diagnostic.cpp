#include "engine/base/diagnostic.h"

#include "engine/base/text.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <tuple>

namespace vigie {

const std::vector<DiagCodeInfo>& AllDiagCodes() {
  static const std::vector<DiagCodeInfo> kCodes = {
#define VIGIE_DIAG(name, number, severity, slug, summary) \
  {DiagCode::name, number, Severity::severity, slug, summary},
#include "engine/base/diagnostic_codes.def"
#undef VIGIE_DIAG
  };
  return kCodes;
}

const DiagCodeInfo& InfoFor(DiagCode code) {
  for (const DiagCodeInfo& info : AllDiagCodes()) {
    if (info.code == code) return info;
  }
  throw std::logic_error("diagnostic code missing from diagnostic_codes.def");
}

std::optional<DiagCode> DiagCodeFromSlug(std::string_view slug) {
  for (const DiagCodeInfo& info : AllDiagCodes()) {
    if (info.slug == slug) return info.code;
  }
  return std::nullopt;
}

std::string_view SummaryText(DiagCode code) { return Tr(InfoFor(code).summary); }
std::string_view SeverityText(Severity severity) { return Tr(SeverityName(severity)); }

std::string CodeLabel(DiagCode code) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "V%04u", static_cast<unsigned>(code));
  return buffer;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return N_("error");
    case Severity::kWarning: return N_("warning");
    case Severity::kNote: return N_("note");
  }
  return "error";
}

Diagnostic MakeDiagnostic(DiagCode code, Span span, std::string message) {
  Diagnostic diagnostic;
  diagnostic.code = code;
  diagnostic.severity = InfoFor(code).default_severity;
  diagnostic.span = span;
  diagnostic.message = std::move(message);
  return diagnostic;
}

void DiagnosticSink::Report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kWarning && allowed_.count(diagnostic.code)) return;
  if (diagnostic.severity == Severity::kError) {
    if (limit_reached_) return;
    if (error_count_ >= error_limit_) {
      limit_reached_ = true;
      Diagnostic stop = MakeDiagnostic(DiagCode::kTooManyErrors, diagnostic.span,
                                       Tr("too many errors ({0}); stopped reporting here", error_limit_));
      diagnostics_.push_back(std::move(stop));
      return;
    }
    ++error_count_;
  } else if (diagnostic.severity == Severity::kWarning) {
    ++warning_count_;
  }
  diagnostics_.push_back(std::move(diagnostic));
}

std::vector<Diagnostic> DiagnosticSink::Sorted() const {
  std::vector<Diagnostic> sorted = diagnostics_;
  // Stable: two diagnostics at the same place keep the order they were found in.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tuple(a.span.file, a.span.begin, a.severity, a.code) <
           std::tuple(b.span.file, b.span.begin, b.severity, b.code);
  });
  return sorted;
}

}  // namespace vigie
