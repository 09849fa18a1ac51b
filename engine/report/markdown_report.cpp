#include "engine/report/markdown_report.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/report/report_text.h"

namespace vigie::report {
namespace {

std::string E(std::string_view text) { return EscapeMarkdown(text); }
std::string C(std::string_view text) { return MarkdownCode(text); }

std::string Dash(const std::string& text) { return text.empty() ? "—" : text; }

// Why a payment was not computed, and the data it read.
std::string PaymentNote(const Payment& p) {
  std::string note = p.reason;
  for (size_t i = 0; i < p.read.size(); ++i) note += (i == 0 ? (note.empty() ? "read " : "; read ") : "; ") + p.read[i];
  return note;
}

void Row(std::string& out, const std::vector<std::string>& cells) {
  out += "|";
  for (const std::string& cell : cells) out += " " + (cell.empty() ? std::string(" ") : cell) + " |";
  out += "\n";
}

// A header row and its separator; `right` marks the columns aligned right (numbers).
void Header(std::string& out, const std::vector<std::string>& cells, const std::set<size_t>& right = {}) {
  Row(out, cells);
  out += "|";
  for (size_t i = 0; i < cells.size(); ++i) out += right.count(i) ? " ---: |" : " --- |";
  out += "\n";
}

std::string VerdictCell(const std::string& verdict) { return "**" + E(VerdictLabel(verdict)) + "**"; }

std::string EntityCell(const std::string& id, const std::string& name) {
  return C(id) + (name.empty() ? "" : " " + E(name));
}

std::string Value(std::optional<double> v, const std::string& unit) {
  return v ? E(FormatNumber(v) + UnitSuffix(unit)) : "—";
}

std::string TargetCell(const VerdictRow& v, const std::string& unit) {
  if (!v.target) return "—";
  return E(ComparatorSymbol(v.comparator) + " " + FormatNumber(v.target) + UnitSuffix(unit));
}

std::string BandCell(const VerdictRow& v, const std::string& unit) {
  if (!v.band_low) return "—";
  return E(FormatNumber(v.band_low) + " – " + FormatNumber(v.band_high) + UnitSuffix(unit));
}

std::string WaiverSentence(const Waiver& w) {
  return "waiver granted by " + w.authority + (w.granted.empty() ? "" : " on " + w.granted) + " for " + w.scope +
         (w.until.empty() ? "" : " until " + w.until) + ": " + w.reason;
}

void Summary(std::string& out, const Contract& c) {
  out += "### Summary\n\n";
  Header(out, {"Verdict", "Count"}, {1});
  for (const std::string& verdict : VerdictOrder()) {
    auto it = c.counts.find(verdict);
    Row(out, {VerdictCell(verdict), std::to_string(it == c.counts.end() ? 0 : it->second)});
  }
  out += "\n";
  out += "#### Score per year\n\n";
  if (c.scores.empty()) {
    out += "No year could be scored.\n\n";
  } else {
    Header(out, {"Year", "Score", "Made of (weight × mean over verdicts)"}, {1});
    for (const Score& s : c.scores) {
      std::string parts;
      for (const ScorePart& p : s.parts) {
        parts += (parts.empty() ? "" : ", ") + C(p.item) + " " + E(p.weight + " × " + p.mean + " (" +
                                                                 std::to_string(p.verdicts) + ")");
      }
      Row(out, {E(s.year), E(s.value), parts});
    }
    out += "\n";
  }
  if (!c.entity_scores.empty()) {
    out += "#### Score per entity\n\n";
    std::map<std::string, std::string> names;
    for (const Item& item : c.items) {
      for (const VerdictRow& v : item.verdicts) names.emplace(v.entity, v.entity_name);
    }
    std::vector<std::string> years, entities;
    std::map<std::pair<std::string, std::string>, std::string> cell;
    for (const Score& s : c.entity_scores) {
      if (std::find(years.begin(), years.end(), s.year) == years.end()) years.push_back(s.year);
      if (std::find(entities.begin(), entities.end(), s.entity) == entities.end()) entities.push_back(s.entity);
      cell[{s.entity, s.year}] = s.value;
    }
    std::sort(years.begin(), years.end());
    std::vector<std::string> head = {"Entity"};
    std::set<size_t> right;
    for (const auto& y : years) {
      right.insert(head.size());
      head.push_back(E(y));
    }
    Header(out, head, right);
    for (const auto& e : entities) {
      std::vector<std::string> row = {EntityCell(e, names[e])};
      for (const auto& y : years) {
        auto it = cell.find({e, y});
        row.push_back(it == cell.end() ? "—" : E(it->second));
      }
      Row(out, row);
    }
    out += "\n";
  }
  out += "#### Payments\n\n";
  if (c.payments.empty()) {
    out += "No payment.\n\n";
  } else {
    Header(out, {"Payment", "Year", "Amount", "Score used", "Note"}, {2, 3});
    for (const Payment& p : c.payments) {
      Row(out, {C(p.name) + (p.title.empty() ? "" : " " + E(p.title)), E(p.year),
                p.amount ? E(FormatEuros(*p.amount)) : "not computed", E(p.score), E(PaymentNote(p))});
    }
    out += "\n";
  }
}

void Waivers(std::string& out, const Contract& c) {
  out += "### Waivers in force\n\n";
  if (c.waivers.empty()) {
    out += "No waiver.\n\n";
    return;
  }
  Header(out, {"Item", "Scope", "Granted by", "Granted on", "Until", "Reason"});
  for (const Waiver& w : c.waivers) {
    Row(out, {C(w.item), E(w.scope), E(w.authority), E(Dash(w.granted)), E(Dash(w.until)), E(w.reason)});
  }
  out += "\n";
}

void ItemSection(std::string& out, const Item& item) {
  // "Art. 2 — Title (`name`)", leaving out whichever of clause and title the rules do not give.
  std::string heading = item.clause;
  if (!item.title.empty()) heading += (heading.empty() ? "" : " — ") + item.title;
  out += "### " + (heading.empty() ? std::string() : E(heading) + " ") + "(" + C(item.name) + ")\n\n";
  if (!item.clause_text.empty()) {
    // The contract's own wording, as a quote: one "> " line per line of text.
    std::string line;
    for (size_t i = 0; i <= item.clause_text.size(); ++i) {
      if (i == item.clause_text.size() || item.clause_text[i] == '\n') {
        out += "> " + E(line) + "\n";
        line.clear();
      } else {
        line += item.clause_text[i];
      }
    }
    out += "\n";
  }
  std::vector<std::pair<std::string, std::string>> facts = {{"Kind", E(item.kind)}};
  if (!item.indicator.empty()) {
    facts.push_back({"Indicator", C(item.indicator) + (item.indicator_title.empty() ? "" : " " + E(item.indicator_title)) +
                                      (item.unit.empty() ? "" : " (" + E(item.unit) + ")")});
  }
  facts.push_back({"Applies to", E(item.applies_to)});
  if (!item.targets.empty()) {
    std::string targets;
    for (const auto& [period, rule] : item.targets) {
      targets += (targets.empty() ? "" : "; ") + E(period.empty() ? rule : period + ": " + rule);
    }
    facts.push_back({item.kind == "composite" ? "Rule" : "Targets", targets});
  }
  if (!item.tolerance.empty()) facts.push_back({"Tolerance", E(item.tolerance)});
  if (!item.due.empty()) facts.push_back({"Due", E(item.due)});
  if (!item.evidence.empty()) facts.push_back({"Evidence expected", E(item.evidence)});
  facts.push_back({"Weight", E(item.weight)});
  std::string counts;
  for (const std::string& verdict : VerdictOrder()) {
    auto it = item.counts.find(verdict);
    if (it != item.counts.end()) counts += (counts.empty() ? "" : ", ") + std::to_string(it->second) + " " + E(VerdictLabel(verdict));
  }
  facts.push_back({"Verdicts", counts.empty() ? "none" : counts});
  for (const auto& [key, value] : facts) out += "- **" + key + ":** " + value + "\n";
  out += "\n";
  if (item.verdicts.empty()) {
    out += "No verdict.\n\n";
    return;
  }
  if (item.kind == "milestone") {
    Header(out, {"Entity", "Period", "Verdict", "Evidence", "Days late", "Reason"}, {4});
  } else if (item.kind == "composite") {
    Header(out, {"Entity", "Period", "Verdict", "Members", "Reason"});
  } else {
    Header(out, {"Entity", "Period", "Verdict", "Measured", "Target", "Band", "Reason"}, {3, 4, 5});
  }
  for (const VerdictRow& v : item.verdicts) {
    // A waived verdict's reason is the waiver itself: say it once, with its date, scope and term.
    std::string reason = v.waiver ? E(WaiverSentence(*v.waiver)) : E(v.reason);
    if (item.kind == "milestone") {
      std::string evidence = v.evidence_date.empty()
                                 ? "—"
                                 : C(v.evidence_document) + " " + E("dated " + v.evidence_date) + " (sha256 " +
                                       C(AbbreviateSha(v.evidence_sha256)) + ")";
      Row(out, {EntityCell(v.entity, v.entity_name), E(v.period), VerdictCell(v.verdict), evidence,
                v.days_late ? std::to_string(*v.days_late) : "—", reason});
    } else if (item.kind == "composite") {
      std::string members;
      for (const auto& [member, verdict] : v.members) {
        members += (members.empty() ? "" : ", ") + C(member) + " " + E(VerdictLabel(verdict));
      }
      Row(out, {EntityCell(v.entity, v.entity_name), E(v.period), VerdictCell(v.verdict), Dash(members), reason});
    } else {
      Row(out, {EntityCell(v.entity, v.entity_name), E(v.period), VerdictCell(v.verdict), Value(v.measured, item.unit),
                TargetCell(v, item.unit), BandCell(v, item.unit), reason});
    }
  }
  out += "\n";
}

void Appendix(std::string& out, const Contract& c) {
  out += "### Evidence appendix\n\n";
  const std::vector<AppendixLine> lines = AppendixLines(c);
  if (lines.empty()) {
    out += "No verdict or payment read stored values.\n\n";
  } else {
    Header(out, {"Item", "Entity", "Period", "Verdict", "Input", "Value", "File", "SHA-256", "Row", "Column", "Import"},
           {5, 8, 9, 10});
    for (const AppendixLine& line : lines) {
      const Input& in = line.input;
      std::string input = C(in.indicator) + (in.entity == line.entity ? "" : " " + E(in.entity)) +
                          (in.period == line.period ? "" : " " + E(in.period)) +
                          (in.role.empty() || in.role == "value" ? "" : " (" + E(in.role) + ")");
      std::string value = in.value ? E(FormatNumber(in.value) + UnitSuffix(in.unit))
                                   : E("missing" + (in.missing_code.empty() ? "" : " (" + in.missing_code + ")"));
      const std::string verdict = line.verdict.empty() ? std::string("payment") : VerdictCell(line.verdict);
      if (in.file.empty()) {
        Row(out, {C(line.item), C(line.entity), E(line.period), verdict, input, value, "no stored value", "—", "—", "—",
                  "—"});
      } else {
        Row(out, {C(line.item), C(line.entity), E(line.period), verdict, input, value, C(in.file),
                  C(AbbreviateSha(in.sha256)), std::to_string(in.row), std::to_string(in.column),
                  "#" + std::to_string(in.import_id)});
      }
    }
    out += "\n";
  }
  std::string evidence;
  for (const Item& item : c.items) {
    for (const VerdictRow& v : item.verdicts) {
      if (v.evidence_date.empty()) continue;
      if (evidence.empty()) Header(evidence, {"Milestone", "Entity", "Date", "Document", "SHA-256"});
      Row(evidence, {C(item.name), C(v.entity), E(v.evidence_date), C(v.evidence_document), C(v.evidence_sha256)});
    }
  }
  if (!evidence.empty()) out += "Milestone evidence:\n\n" + evidence + "\n";
}

}  // namespace

std::string EscapeMarkdown(std::string_view text) {
  static const std::string_view kSpecial = "\\`*_[]<>|&~";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += ' ';
      continue;
    }
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string MarkdownCode(std::string_view text) {
  std::string body;
  for (char c : text) {
    if (c == '|') {
      body += "\\|";
    } else if (c == '\r' || c == '\n') {
      body += ' ';
    } else {
      body += c;
    }
  }
  // CommonMark closes a code span at the first run of exactly as many backticks as opened it: the
  // fence is one longer than the longest run inside, so the text cannot close it early (a file
  // named "a``<img ...>``" would otherwise put raw HTML in the report). The spaces inside the
  // fence, which CommonMark strips, keep a backtick at either end of the text apart from it.
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  if (longest == 0) return "`" + body + "`";
  const std::string fence(longest + 1, '`');
  return fence + " " + body + " " + fence;
}

std::string RenderMarkdown(const Report& report) {
  std::string out = "# Compliance report\n\n";
  std::vector<std::pair<std::string, std::string>> facts = {
      {"As of", E(report.as_of)},
      {"Data as of", E(report.data_as_of.empty() ? "latest values" : report.data_as_of)},
      {"Generated", E(report.generated_at) + " by " + E(report.engine + " " + report.engine_version) +
                        (report.run_id ? ", run #" + std::to_string(report.run_id) : "")},
      {"Store", C(report.store) + (report.data_digest.empty() ? "" : " (data digest " + C(report.data_digest) + ")")},
  };
  std::string rulesets;
  for (const RulesetFile& r : report.rulesets) {
    rulesets += (rulesets.empty() ? "" : ", ") + C(r.path) + " (sha256 " + C(AbbreviateSha(r.sha256)) + ")";
  }
  facts.push_back({"Rules", rulesets.empty() ? "—" : rulesets});
  std::string counts;
  for (const std::string& verdict : VerdictOrder()) {
    auto it = report.counts.find(verdict);
    if (it != report.counts.end()) counts += (counts.empty() ? "" : ", ") + std::to_string(it->second) + " " + E(VerdictLabel(verdict));
  }
  facts.push_back({"Verdicts", counts.empty() ? "none" : counts});
  for (const auto& [key, value] : facts) out += "- **" + key + ":** " + value + "\n";
  out += "\n";
  for (const Contract& c : report.contracts) {
    out += "## " + E(c.title.empty() ? c.name : c.title) + " (" + C(c.name) + ")\n\n";
    std::string parties;
    for (const auto& p : c.parties) parties += (parties.empty() ? "" : ", ") + E(p);
    std::vector<std::pair<std::string, std::string>> cfacts = {{"Kind", E(Dash(c.kind))}, {"Period", E(c.period)}};
    if (!c.authority.empty()) cfacts.push_back({"Authority", E(c.authority)});
    if (!c.signed_on.empty()) cfacts.push_back({"Signed", E(c.signed_on)});
    cfacts.push_back({"Parties", Dash(parties)});
    if (!c.template_name.empty()) cfacts.push_back({"Template", C(c.template_name)});
    for (const auto& [key, value] : cfacts) out += "- **" + key + ":** " + value + "\n";
    out += "\n";
    Summary(out, c);
    Waivers(out, c);
    for (const Item& item : c.items) ItemSection(out, item);
    Appendix(out, c);
  }
  return out;
}

}  // namespace vigie::report
