#include "engine/driver/compare_reports.h"

#include <charconv>
#include <map>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/report_text.h"

namespace vigie::driver {
namespace {

// Exactly, in the fewest digits that read back as the same double: a value edited in its 12th
// digit still shows.
std::string Exact(std::optional<double> value) {
  if (!value) return "none";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, *value);
  return std::string(buffer, result.ptr);
}

// The same number as a person reads it in the current language ("none" in words).
std::string ShownNumber(const std::string& exact) { return exact == "none" ? std::string(Tr("none")) : LocalizeNumber(exact); }

std::string ValueText(const report::Input& in) {
  std::string text = in.value               ? LocalizeNumber(Exact(in.value))
                     : in.missing_code.empty() ? std::string(Tr("missing"))
                                               : Tr("missing ({0})", in.missing_code);
  if (in.source) {
    text += Tr(" from {0} line {1} column {2}, import #{3}, sha256 {4}", in.source->file, in.row, in.column,
               in.source->import_id, in.source->sha256.substr(0, 12));
  }
  return text;
}

// One entry of a report: `value` is compared; `subject` and `shown` say it in the current language.
struct Entry {
  std::string value, subject, shown;
};

struct Entries {
  std::map<std::string, Entry> verdicts;  // labels and amounts: what "verified" counts
  std::map<std::string, Entry> details;   // measured values, targets, values read, scores
};

Entries EntriesOf(const report::Report& report) {
  Entries out;
  auto add_values = [&](const auto& inputs) {
    for (const report::Input& in : inputs) {
      const std::string text = ValueText(in);
      out.details["value " + in.indicator + " " + in.period + " of " + in.entity] = {
          text, Tr("value {0} {1} of {2}", in.indicator, in.period, in.entity), text};
    }
  };
  for (const report::Contract& c : report.contracts) {
    for (const report::Item& item : c.items) {
      for (const report::VerdictRow& v : item.verdicts) {
        const std::string key = c.name + " " + item.name + " " + v.entity + " " + v.period;
        out.verdicts[key] = {v.verdict, key, report::VerdictLabel(v.verdict)};
        const std::string measured = Exact(v.measured), target = Exact(v.target);
        out.details[key + " measured"] = {measured, Tr("{0} measured", key), ShownNumber(measured)};
        out.details[key + " target"] = {target, Tr("{0} target", key), ShownNumber(target)};
        add_values(v.inputs);
      }
    }
    for (const report::Score& s : c.scores) {
      out.details["score " + c.name + " " + s.year] = {s.value, Tr("score {0} {1}", c.name, s.year), LocalizeNumber(s.value)};
    }
    for (const report::Score& s : c.entity_scores) {
      out.details["score " + c.name + " " + s.year + " of " + s.entity] = {
          s.value, Tr("score {0} {1} of {2}", c.name, s.year, s.entity), LocalizeNumber(s.value)};
    }
    for (const report::Payment& p : c.payments) {
      const std::string amount = p.amount.value_or("none");
      const std::string to = p.party.empty() ? "" : " to " + p.party;
      out.verdicts["payment " + c.name + " " + p.name + " " + p.year + to] = {
          amount, p.party.empty() ? Tr("payment {0} {1} {2}", c.name, p.name, p.year)
                                  : Tr("payment {0} {1} {2} to {3}", c.name, p.name, p.year, p.party),
          p.amount ? FormatAmount(*p.amount) : std::string(Tr("none"))};
      add_values(p.inputs);
    }
  }
  return out;
}

void Compare(const std::map<std::string, Entry>& before, const std::map<std::string, Entry>& after,
             std::vector<ReportChange>& changes) {
  for (const auto& [key, entry] : before) {
    auto it = after.find(key);
    if (it == after.end()) changes.push_back({entry.subject, entry.shown, ""});
    else if (it->second.value != entry.value) changes.push_back({entry.subject, entry.shown, it->second.shown});
  }
  for (const auto& [key, entry] : after) {
    if (!before.count(key)) changes.push_back({entry.subject, "", entry.shown});
  }
}

}  // namespace

std::vector<ReportChange> CompareReports(const report::Report& before, const report::Report& after) {
  const Entries a = EntriesOf(before), b = EntriesOf(after);
  std::vector<ReportChange> changes;
  Compare(a.verdicts, b.verdicts, changes);
  // A verdict gone or new takes its measured value and target with it: say it once.
  std::map<std::string, Entry> a_details = a.details, b_details = b.details;
  for (auto* details : {&a_details, &b_details}) {
    for (auto it = details->begin(); it != details->end();) {
      const std::string& key = it->first;
      const size_t space = key.rfind(' ');
      const std::string verdict = space == std::string::npos ? "" : key.substr(0, space);
      const bool orphan = (key.ends_with(" measured") || key.ends_with(" target")) &&
                          (!a.verdicts.count(verdict) || !b.verdicts.count(verdict));
      it = orphan ? details->erase(it) : std::next(it);
    }
  }
  Compare(a_details, b_details, changes);
  return changes;
}

size_t VerdictsAndAmounts(const report::Report& report) {
  size_t n = 0;
  for (const report::Contract& c : report.contracts) {
    for (const report::Item& item : c.items) n += item.verdicts.size();
    n += c.payments.size();
  }
  return n;
}

}  // namespace vigie::driver
