#include "engine/report/explain_text.h"

#include <sstream>

#include "engine/base/calendar.h"
#include "engine/base/locale_text.h"
#include "engine/base/number_text.h"
#include "engine/base/text.h"
#include "engine/report/report_text.h"

namespace vigie::report {
namespace {

namespace model = sema::model;

// The labels' column: 11 characters in English ("indicator  "), 13 in French ("justificatif ").
size_t LabelWidth() { return CurrentLanguage() == Language::kEnglish ? 11 : 13; }

// A label in the current language, padded to the labels' column (counted in characters, not bytes).
std::string Label(std::string_view word) {
  size_t characters = 0;
  for (char c : word) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  std::string out(word);
  out.append(characters < LabelWidth() ? LabelWidth() - characters : 1, ' ');
  return out;
}

std::string Date(const model::Date& date) { return FormatDate(model::Format(date)); }

// A name and its title in quotes: cpom "CPOM 2021" (in French: cpom « CPOM 2021 »); no title: the
// name alone.
std::string Titled(const std::string& name, const std::string& title) {
  return title.empty() ? name : Tr("{0} \"{1}\"", name, title);
}

}  // namespace

std::string ExplainText(const model::Model& m, const ExplainSubject& subject, const eval::Detail& detail,
                        const Origins& origins) {
  const model::Contract& c = *subject.contract;
  // The item as the version that judged the period writes it (an avenant may move a due date).
  const model::Contract& version =
      eval::VersionInForce(c, calendar::ContractYearOfPeriod(subject.period, c.year_start_month), subject.as_of);
  const model::Commitment* commitment = nullptr;
  const model::Milestone* milestone = nullptr;
  for (const auto& x : version.commitments) if (x.name == subject.item) commitment = &x;
  for (const auto& x : version.milestones) if (x.name == subject.item) milestone = &x;

  std::ostringstream out;
  const std::string entity = subject.entity + (subject.entity_name.empty() ? "" : " (" + subject.entity_name + ")");
  out << Tr("{0}: {1} for {2} in {3}, as of {4}", eval::VerdictLabel(detail.verdict), subject.item, entity,
            FormatPeriod(model::Format(subject.period)), Date(subject.as_of))
      << "\n\n";
  out << Label(Tr("contract")) << Titled(c.name, c.title) << "\n";
  const std::string clause = commitment ? commitment->clause : milestone ? milestone->clause : "";
  const std::string title = commitment ? commitment->title : milestone ? milestone->title : "";
  out << Label(Tr("clause")) << (clause.empty() ? std::string(Tr("(no clause reference)")) : clause)
      << (title.empty() ? "" : " — " + title) << "\n";
  if (commitment != nullptr && !commitment->indicator.empty()) {
    const model::Indicator& indicator = m.indicators.at(commitment->indicator);
    std::string about = UnitWord(model::Name(indicator.unit));
    if (indicator.Categorical()) {  // its values, most favourable first, rather than the ranks stored
      std::string values;
      for (const auto& c : indicator.categories) values += (values.empty() ? "" : ", ") + c.name;
      about = Tr("values {0}, the most favourable first", values);
    } else if (indicator.better) {
      about += ", " + std::string(*indicator.better == model::Direction::kHigher ? Tr("higher is better") : Tr("lower is better"));
    }
    out << Label(Tr("indicator")) << Titled(indicator.name, indicator.title) << " (" << about << ")\n";
  }
  if (milestone != nullptr) {
    out << Label(Tr("milestone"))
        << (milestone->evidence.empty() ? Tr("due {0}", Date(milestone->due))
                                        : Tr("due {0}, evidence: {1}", Date(milestone->due), milestone->evidence))
        << "\n";
  }
  if (detail.target) {
    // The measured value, the target and the band with the indicator's unit, as the reason has them.
    const auto indicator = commitment != nullptr ? m.indicators.find(commitment->indicator) : m.indicators.end();
    const std::string unit = indicator != m.indicators.end() ? std::string(model::Name(indicator->second.unit)) : "";
    auto with_unit = [&](double v) { return ValueWithUnit(ShortNumber(v), unit); };
    out << Label(Tr("rule"))
        << Tr("{0} must be {1}", detail.measured ? with_unit(*detail.measured) : std::string(Tr("the value")),
              BoundWithUnit(model::Name(*detail.comparator), ShortNumber(*detail.target), unit));
    // `target by party`: a party with its own line is judged with that line's tolerance.
    const model::PartyTarget* own = commitment != nullptr ? commitment->TargetsOf(subject.entity) : nullptr;
    const std::optional<model::Tolerance> judged_with = own != nullptr ? own->tolerance
                                                        : commitment != nullptr ? commitment->tolerance
                                                                                : std::optional<model::Tolerance>();
    if (detail.band_low && judged_with) {
      const std::string tolerance =
          ToleranceWithUnit(judged_with->text, unit, judged_with->kind == model::Tolerance::Kind::kRelative);
      out << Tr("; within [{0}, {1}] it is partially met (tolerance {2})", with_unit(*detail.band_low),
                with_unit(*detail.band_high), tolerance);
    }
    out << "\n";
  }
  out << Label(Tr("why")) << detail.reason << "\n";
  if (detail.waiver != nullptr) {
    const model::Waiver& w = *detail.waiver;
    out << Label(Tr("waiver"))
        << (w.granted ? Tr("granted on {0} by {1}: {2}", Date(*w.granted), w.authority, w.reason)
                      : Tr("granted by {0}: {1}", w.authority, w.reason))
        << "\n";
  }
  for (const auto& [member, verdict] : detail.members) {
    out << Label(Tr("member")) << member << ": " << eval::VerdictLabel(verdict) << "\n";
  }
  if (detail.evidence) {
    out << Label(Tr("evidence"))
        << Tr("{0} dated {1} (sha256 {2}…)", detail.evidence->document, Date(detail.evidence->produced_on),
              detail.evidence->sha256.substr(0, 12))
        << "\n";
  }
  const std::string indent(LabelWidth(), ' ');
  for (const auto& input : detail.inputs) {
    const auto measured = m.indicators.find(input.indicator);
    const bool categorical = measured != m.indicators.end() && measured->second.Categorical() && input.value &&
                             *input.value >= 1 && *input.value <= static_cast<double>(measured->second.categories.size());
    const std::string value = categorical ? measured->second.categories[static_cast<size_t>(*input.value) - 1].name
                              : input.value && measured != m.indicators.end()
                                  ? ValueWithUnit(ShortNumber(*input.value), model::Name(measured->second.unit))
                              : input.value ? ShortNumberText(*input.value)
                              : input.missing_code.empty() ? std::string(Tr("missing"))
                                                           : Tr("missing ({0})", input.missing_code);
    out << Label(Tr("data"))
        << Tr("{0} {1} of {2} = {3}", input.indicator, FormatPeriod(model::Format(input.period)), input.entity, value);
    if (input.role != "value") out << " [" << RoleName(input.role) << "]";
    auto origin = input.row_id ? origins.find(input.row_id) : origins.end();
    if (origin != origins.end()) {
      const store::HistoryEntry& h = origin->second;
      out << "\n" << indent
          << Tr("from {0} line {1} column {2} (import #{3}, sha256 {4}…, {5} by {6})", h.file_name, h.row, h.column,
                h.import_id, h.sha256.substr(0, 12), FormatTimestamp(h.imported_at), h.imported_by);
    } else {
      out << "\n" << indent << Tr("(the store has no row for it)");
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace vigie::report
