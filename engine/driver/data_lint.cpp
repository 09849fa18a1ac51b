#include "engine/driver/data_lint.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/base/text.h"

namespace vigie::driver {
namespace {

namespace model = sema::model;

// "080000037, 080000045, 080000052, …": the first few ids of a list a warning names.
std::string FirstIds(const std::set<std::string>& ids) {
  constexpr size_t kShown = 3;
  std::string text;
  size_t shown = 0;
  for (const std::string& id : ids) {
    if (shown == kShown) return text + ", …";
    text += (shown++ == 0 ? "" : ", ") + id;
  }
  return text;
}

// What one commitment's verdicts read: per indicator, whether any of it came from a stored row; per
// party whose baseline was read, whether its value was missing (no row, or a missing-value code).
struct Reads {
  std::map<std::string, bool> indicator_stored;
  std::set<std::string> baseline_read, baseline_missing;
};

Reads ReadsOf(const eval::ItemResult& item) {
  Reads reads;
  for (const eval::Detail& detail : item.details) {
    for (const eval::InputRead& input : detail.inputs) {
      bool& stored = reads.indicator_stored[input.indicator];
      stored = stored || input.row_id != 0;
      if (input.role != "baseline") continue;
      reads.baseline_read.insert(input.entity);
      if (!input.value) reads.baseline_missing.insert(input.entity);  // no row, or a missing-value code
    }
  }
  return reads;
}

// One warning per place in the rules: a template's commitment is shared by its contracts, an
// amended contract's by its versions.
class Once {
 public:
  bool First(DiagCode code, const Span& span, const std::string& what) {
    return seen_.insert({code, span.file, span.begin, what}).second;
  }

 private:
  std::set<std::tuple<DiagCode, FileId, uint32_t, std::string>> seen_;
};

void LintBaseline(const model::Commitment& c, const Reads& reads, Once& once, DiagnosticSink& sink) {
  if (!c.baseline_year || reads.baseline_missing.empty()) return;
  const Span span = c.baseline_span.IsValid() ? c.baseline_span : c.name_span;
  if (!once.First(DiagCode::kBaselineWithoutData, span, "")) return;
  Diagnostic d = MakeDiagnostic(
      DiagCode::kBaselineWithoutData, span,
      Tr("the baseline year {0} of '{1}' has no value in the store for {2} of the {3} parties whose baseline it reads ({4})",
         *c.baseline_year, c.name, static_cast<int64_t>(reads.baseline_missing.size()),
         static_cast<int64_t>(reads.baseline_read.size()), FirstIds(reads.baseline_missing)));
  d.help = Tr("their verdicts after {0} will be missing data: import their {0} values, or choose a baseline year the data has",
              *c.baseline_year);
  sink.Report(std::move(d));
}

void LintIndicators(const model::Commitment& c, const Reads& reads, Once& once, DiagnosticSink& sink) {
  for (const auto& [indicator, stored] : reads.indicator_stored) {
    if (stored || !once.First(DiagCode::kIndicatorWithoutData, c.name_span, indicator)) continue;
    Diagnostic d = MakeDiagnostic(
        DiagCode::kIndicatorWithoutData, c.name_span,
        Tr("'{0}' reads indicator '{1}', of which the store holds no value for any party or year it judges", c.name, indicator));
    d.help = Tr("no imported file provides '{0}': import the file that publishes it (vigie import), or check the indicator's name",
                indicator);
    sink.Report(std::move(d));
  }
}

}  // namespace

void LintAgainstData(const eval::RunResult& run, DiagnosticSink& sink) {
  Once once;
  for (const eval::ContractResult& contract : run.contracts) {
    for (const eval::ItemResult& item : contract.items) {
      if (item.commitment == nullptr) continue;
      const Reads reads = ReadsOf(item);
      LintBaseline(*item.commitment, reads, once, sink);
      LintIndicators(*item.commitment, reads, once, sink);
    }
  }
}

}  // namespace vigie::driver
