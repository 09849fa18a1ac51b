#include "engine/report/explain_text.h"

#include <iomanip>
#include <sstream>

namespace vigie::report {
namespace {

namespace model = sema::model;

std::string Number(double v) {
  std::ostringstream s;
  s << std::setprecision(10) << v;
  return s.str();
}

}  // namespace

std::string ExplainText(const model::Model& m, const ExplainSubject& subject, const eval::Detail& detail,
                        const Origins& origins) {
  const model::Contract& c = *subject.contract;
  const model::Commitment* commitment = nullptr;
  const model::Milestone* milestone = nullptr;
  for (const auto& x : c.commitments) if (x.name == subject.item) commitment = &x;
  for (const auto& x : c.milestones) if (x.name == subject.item) milestone = &x;

  std::ostringstream out;
  out << eval::VerdictLabel(detail.verdict) << ": " << subject.item << " for " << subject.entity
      << (subject.entity_name.empty() ? "" : " (" + subject.entity_name + ")") << " in " << model::Format(subject.period)
      << ", as of " << model::Format(subject.as_of) << "\n\n";
  out << "contract   " << c.name << (c.title.empty() ? "" : " \"" + c.title + "\"") << "\n";
  const std::string clause = commitment ? commitment->clause : milestone ? milestone->clause : "";
  const std::string title = commitment ? commitment->title : milestone ? milestone->title : "";
  out << "clause     " << (clause.empty() ? "(no clause reference)" : clause) << (title.empty() ? "" : " — " + title) << "\n";
  if (commitment != nullptr && !commitment->indicator.empty()) {
    const model::Indicator& indicator = m.indicators.at(commitment->indicator);
    out << "indicator  " << indicator.name << (indicator.title.empty() ? "" : " \"" + indicator.title + "\"") << " ("
        << model::Name(indicator.unit)
        << (indicator.better ? ", " + std::string(model::Name(*indicator.better)) + " is better" : std::string()) << ")\n";
  }
  if (milestone != nullptr) {
    out << "milestone  due " << model::Format(milestone->due)
        << (milestone->evidence.empty() ? "" : ", evidence: " + milestone->evidence) << "\n";
  }
  if (detail.target) {
    out << "rule       " << (detail.measured ? Number(*detail.measured) : std::string("the value")) << " must be "
        << model::Name(*detail.comparator) << " " << Number(*detail.target);
    if (detail.band_low && commitment != nullptr && commitment->tolerance) {
      out << "; within [" << Number(*detail.band_low) << ", " << Number(*detail.band_high)
          << "] it is partially met (tolerance " << commitment->tolerance->text
          << (commitment->tolerance->kind == model::Tolerance::Kind::kRelative ? " %, relative)"
              : m.indicators.at(commitment->indicator).unit == model::Unit::kPercent ? " pts)"
                                                                                      : ")");
    }
    out << "\n";
  }
  out << "why        " << detail.reason << "\n";
  if (detail.waiver != nullptr) {
    out << "waiver     granted" << (detail.waiver->granted ? " on " + model::Format(*detail.waiver->granted) : "")
        << " by " << detail.waiver->authority << ": " << detail.waiver->reason << "\n";
  }
  for (const auto& [member, verdict] : detail.members) {
    out << "member     " << member << ": " << eval::VerdictLabel(verdict) << "\n";
  }
  if (detail.evidence) {
    out << "evidence   " << detail.evidence->document << " dated " << model::Format(detail.evidence->produced_on)
        << " (sha256 " << detail.evidence->sha256.substr(0, 12) << "…)\n";
  }
  for (const auto& input : detail.inputs) {
    out << "data       " << input.indicator << " " << model::Format(input.period) << " of " << input.entity << " = ";
    if (input.value) out << Number(*input.value);
    else out << "missing" << (input.missing_code.empty() ? "" : " (" + input.missing_code + ")");
    if (input.role != "value") out << " [" << input.role << "]";
    auto origin = input.row_id ? origins.find(input.row_id) : origins.end();
    if (origin != origins.end()) {
      const store::HistoryEntry& h = origin->second;
      out << "\n           from " << h.file_name << " line " << h.row << " column " << h.column << " (import #"
          << h.import_id << ", sha256 " << h.sha256.substr(0, 12) << "…, " << h.imported_at << " by " << h.imported_by
          << ")";
    } else {
      out << "\n           (the store has no row for it)";
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace vigie::report
