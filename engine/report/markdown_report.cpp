#include "engine/report/markdown_report.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/party_payments.h"
#include "engine/report/report_text.h"
#include "engine/report/version_text.h"

namespace vigie::report {
namespace {

std::string E(std::string_view text) { return EscapeMarkdown(text); }
std::string C(std::string_view text) { return MarkdownCode(text); }
std::string T(std::string_view text) { return std::string(text); }

std::string Dash(const std::string& text) { return text.empty() ? "—" : text; }

// Why a payment was not computed, and the data it read.
std::string PaymentNote(const Payment& p) {
  std::string read;
  for (const std::string& line : p.read) read += (read.empty() ? "" : "; ") + line;
  if (read.empty()) return p.reason;
  read = Tr("read {0}", read);
  return p.reason.empty() ? read : p.reason + "; " + read;
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

// "- **Kind:** value" ("- **Nature :** valeur" in French).
void Facts(std::string& out, const std::vector<std::pair<std::string, std::string>>& facts) {
  for (const auto& [key, value] : facts) out += "- **" + Tr("{0}:", key) + "** " + value + "\n";
}

std::string VerdictCell(const std::string& verdict) { return "**" + E(VerdictLabel(verdict)) + "**"; }

std::string EntityCell(const std::string& id, const std::string& name) {
  return C(id) + (name.empty() ? "" : " " + E(name));
}

std::string Value(std::optional<double> v, const std::string& unit) {
  return v ? E(DisplayValue(v, unit)) : "—";
}

std::string TargetCell(const VerdictRow& v, const std::string& unit) {
  if (!v.target) return "—";
  return E(BoundWithUnit(v.comparator, FormatNumber(v.target), unit));
}

std::string BandCell(const VerdictRow& v, const std::string& unit) {
  if (!v.band_low) return "—";
  return E(DisplayBand(v.band_low, v.band_high, unit));
}

// "3 met, 1 not met" in the current language.
std::string CountsText(const std::map<std::string, int64_t>& counts) {
  std::string out;
  for (const std::string& verdict : VerdictOrder()) {
    auto it = counts.find(verdict);
    // "2 partially met"; in French "partiellement atteint : 2" (the word never has to agree).
    if (it != counts.end()) out += (out.empty() ? "" : ", ") + Tr("{0} {1}", it->second, E(VerdictLabel(verdict)));
  }
  return out.empty() ? T(Tr("none")) : out;
}

// One year's verdict counts with the change since the year before: "3 met (▲ +1), 1 not met (= 0)";
// a verdict that neither year has is left out (as the HTML chips do).
std::string CountsWithChanges(const std::map<std::string, int64_t>& counts, const std::map<std::string, int64_t>& changes,
                              bool with_changes) {
  std::string out;
  for (const std::string& verdict : VerdictOrder()) {
    auto it = counts.find(verdict);
    const int64_t n = it == counts.end() ? 0 : it->second;
    auto ch = changes.find(verdict);
    const int64_t change = ch == changes.end() ? 0 : ch->second;
    if (n == 0 && change == 0) continue;
    out += (out.empty() ? "" : ", ") + Tr("{0} {1}", n, E(VerdictLabel(verdict))) +
           (with_changes ? " (" + E(CountChangeText(change)) + ")" : "");
  }
  return out.empty() ? T(Tr("none")) : out;
}

// The summary's matrix of the members (group false) or of the group's own results (group true): a
// row per entity, a column per item, each cell the verdict in words.
void Matrix(std::string& out, const ContractSummary& s, bool group) {
  const std::vector<size_t> columns = MatrixColumns(s, group);
  std::vector<std::string> head = {group ? T(Tr("Group")) : T(Tr("Establishment"))};
  for (size_t k : columns) head.push_back(C(s.items[k]));
  Header(out, head);
  for (const MatrixRow& row : s.rows) {
    if (row.group != group) continue;
    std::vector<std::string> cells = {EntityCell(row.entity, row.entity_name)};
    for (size_t k : columns) {
      std::string cell;
      for (const auto& [period, verdict] : row.cells[k]) cell += (cell.empty() ? "" : ", ") + E(MatrixVerdictLabel(period, verdict));
      cells.push_back(Dash(cell));
    }
    Row(out, cells);
  }
  out += "\n";
}

// The contract's first page, as the HTML report's (ContractSummary): the latest year's position, the
// change since the year before, the payment against the amount possible, and who stands where.
void Overview(std::string& out, const Contract& c) {
  const ContractSummary& s = c.summary;
  if (!s.latest) {
    out += "### " + T(Tr("Where the contract stands")) + "\n\n" +
           T(Tr("No year assessed yet: every verdict is pending or not applicable.")) + "\n\n";
    return;
  }
  const YearPosition& now = *s.latest;
  const bool changes = s.previous.has_value();
  out += "### " + E(Tr("Where the contract stands in {0}", YearLabel(c, now.year))) + "\n\n";
  std::vector<std::pair<std::string, std::string>> facts;
  if (now.score) {
    std::string score = "**" + E(LocalizeNumber(*now.score)) + "**";
    if (s.score_change) score += " (" + E(Tr("{0} since {1}", ScoreChangeText(*s.score_change), YearLabel(c, s.previous->year))) + ")";
    facts.push_back({T(Tr("Score")), score});
  } else {
    facts.push_back({T(Tr("Score")), T(Tr("not scored"))});
  }
  if (!s.payment_name.empty()) {
    std::string payment = s.payment && s.payment_possible
                              ? "**" + E(Tr("{0} of {1} possible", FormatEuros(*s.payment), FormatEuros(*s.payment_possible))) + "**"
                          : s.payment ? "**" + E(FormatEuros(*s.payment)) + "**"
                                      : E(Tr("not computed: {0}", s.payment_reason));
    payment += " (" + E(s.payment_title.empty() ? s.payment_name : s.payment_title) + ", " + C(s.payment_name) + ")";
    facts.push_back({T(Tr("Payment")), payment});
  }
  const bool any_group = !now.group_counts.empty();
  facts.push_back({any_group ? T(Tr("Members' verdicts")) : T(Tr("Verdicts")), CountsWithChanges(now.counts, s.count_changes, changes)});
  if (any_group) {
    facts.push_back({T(Tr("The group's own result (not its members')")),
                     CountsWithChanges(now.group_counts, s.group_count_changes, changes)});
  }
  Facts(out, facts);
  out += "\n";
  if (changes) out += E(Tr("The arrows give the change since {0}.", YearLabel(c, s.previous->year))) + "\n\n";
  bool members = false;
  for (const MatrixRow& row : s.rows) members = members || !row.group;
  if (members) Matrix(out, s, false);
  if (any_group) Matrix(out, s, true);
}

void Summary(std::string& out, const Contract& c) {
  out += "### " + T(Tr("Summary")) + "\n\n";
  Header(out, {T(Tr("Verdict")), T(Tr("Count"))}, {1});
  for (const std::string& verdict : VerdictOrder()) {
    auto it = c.counts.find(verdict);
    Row(out, {VerdictCell(verdict), std::to_string(it == c.counts.end() ? 0 : it->second)});
  }
  out += "\n";
  out += "#### " + T(Tr("Score per year")) + "\n\n";
  if (c.scores.empty()) {
    out += T(Tr("No year could be scored.")) + "\n\n";
  } else {
    Header(out, {T(Tr("Year")), T(Tr("Score")), T(Tr("Made of (weight × mean over verdicts)"))}, {1});
    for (const Score& s : c.scores) {
      std::string parts;
      for (const ScorePart& p : s.parts) {
        parts += (parts.empty() ? "" : ", ") + C(p.item) + " " + E(LocalizeNumber(p.weight) + " × " + LocalizeNumber(p.mean) +
                                                                 " (" + std::to_string(p.verdicts) + ")");
      }
      Row(out, {E(YearLabel(c, s.year)), E(LocalizeNumber(s.value)), parts});
    }
    out += "\n";
  }
  if (!c.entity_scores.empty()) {
    out += "#### " + T(Tr("Score per entity")) + "\n\n";
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
    std::vector<std::string> head = {T(Tr("Entity"))};
    std::set<size_t> right;
    for (const auto& y : years) {
      right.insert(head.size());
      head.push_back(E(YearLabel(c, y)));
    }
    Header(out, head, right);
    for (const auto& e : entities) {
      std::vector<std::string> row = {EntityCell(e, names[e])};
      for (const auto& y : years) {
        auto it = cell.find({e, y});
        row.push_back(it == cell.end() ? "—" : E(LocalizeNumber(it->second)));
      }
      Row(out, row);
    }
    out += "\n";
  }
  out += "#### " + T(Tr("Payments")) + "\n\n";
  if (c.payments.empty()) {
    out += T(Tr("No payment.")) + "\n\n";
  } else {
    // A payment made to each party: a row per party (its own score), then the total of the year.
    const bool by_party = HasPartyPayments(c);
    const std::vector<PartyPaymentTotal> totals = PartyPaymentTotals(c);
    if (by_party) {
      Header(out, {T(Tr("Payment")), T(Tr("Party")), T(Tr("Year")), T(Tr("Amount")), T(Tr("Score used")), T(Tr("Note"))}, {3, 4});
    } else {
      Header(out, {T(Tr("Payment")), T(Tr("Year")), T(Tr("Amount")), T(Tr("Score used")), T(Tr("Note"))}, {2, 3});
    }
    for (size_t row = 0; row < c.payments.size(); ++row) {
      const Payment& p = c.payments[row];
      std::vector<std::string> cells = {
          C(p.name) + (p.title.empty() ? "" : " " + E(p.title)) + (p.version ? " (" + E(VersionName(p.version)) + ")" : ""),
          E(YearLabel(c, p.year)), p.amount ? E(FormatEuros(*p.amount)) : T(Tr("not computed")), E(LocalizeNumber(p.score)),
          E(PaymentNote(p))};
      if (by_party) cells.insert(cells.begin() + 1, p.party.empty() ? T(Tr("the contract")) : C(p.party));
      Row(out, cells);
      if (const PartyPaymentTotal* total = TotalAfter(totals, c, row)) {
        const std::string note = total->not_computed > 0 ? Tr("{0} of {1} parties not computed", total->not_computed, total->parties)
                                                         : Tr("{0} parties", total->parties);
        Row(out, {C(p.name), "**" + T(Tr("total")) + "**", E(YearLabel(c, p.year)),
                  total->amount ? "**" + E(FormatEuros(*total->amount)) + "**" : T(Tr("not computed")), "", E(note)});
      }
    }
    out += "\n";
  }
}

void Waivers(std::string& out, const Contract& c) {
  out += "### " + T(Tr("Waivers in force")) + "\n\n";
  if (c.waivers.empty()) {
    out += T(Tr("No waiver.")) + "\n\n";
    return;
  }
  Header(out, {T(Tr("Item")), T(Tr("Scope")), T(Tr("Granted by")), T(Tr("Granted on")), T(Tr("Until")), T(Tr("Reason"))});
  for (const Waiver& w : c.waivers) {
    Row(out, {C(w.item), E(w.scope), E(w.authority), E(Dash(FormatDate(w.granted))), E(Dash(FormatDate(w.until))),
              E(w.reason)});
  }
  out += "\n";
}

void ItemSection(std::string& out, const Contract& c, const Item& item) {
  // "Art. 2 — Title (`name`)", leaving out whichever of clause and title the rules do not give.
  std::string heading = item.clause;
  if (!item.title.empty()) heading += (heading.empty() ? "" : " — ") + item.title;
  out += "### " + (heading.empty() ? std::string() : E(heading) + " ") + "(" + C(item.name) + ")" +
         (item.version ? " — " + E(VersionName(item.version)) : std::string()) + "\n\n";
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
  std::vector<std::pair<std::string, std::string>> facts = {{T(Tr("Kind")), E(KindName(item.kind))}};
  if (!item.indicator.empty()) {
    facts.push_back({T(Tr("Indicator")), C(item.indicator) + (item.indicator_title.empty() ? "" : " " + E(item.indicator_title)) +
                                             (item.unit.empty() ? "" : " (" + E(UnitName(item.unit)) + ")")});
  }
  facts.push_back({T(Tr("Applies to")), E(item.applies_to)});
  if (!item.targets.empty()) {
    facts.push_back({item.kind == "composite" ? T(Tr("Rule")) : T(Tr("Targets")), E(TargetsText(item))});
  }
  if (!item.tolerance.empty()) facts.push_back({T(Tr("Tolerance")), E(item.tolerance)});
  if (!item.due.empty()) facts.push_back({T(Tr("Due")), E(FormatDate(item.due))});
  if (!item.evidence.empty()) facts.push_back({T(Tr("Evidence expected")), E(item.evidence)});
  facts.push_back({T(Tr("Weight")), E(LocalizeNumber(item.weight))});
  facts.push_back({T(Tr("Verdicts")), CountsText(item.counts)});
  Facts(out, facts);
  out += "\n";
  if (item.verdicts.empty()) {
    out += T(Tr("No verdict.")) + "\n\n";
    return;
  }
  const std::string entity = T(Tr("Entity")), period = T(Tr("Period")), verdict = T(Tr("Verdict")), reason = T(Tr("Reason"));
  if (item.kind == "milestone") {
    Header(out, {entity, period, verdict, T(Tr("Evidence")), T(Tr("Days late")), reason}, {4});
  } else if (item.kind == "composite") {
    Header(out, {entity, period, verdict, T(Tr("Members")), reason});
  } else {
    Header(out, {entity, period, verdict, T(Tr("Measured")), T(Tr("Target")), T(Tr("Band")), reason}, {3, 4, 5});
  }
  for (const VerdictRow& v : item.verdicts) {
    // A waived verdict's reason is the waiver itself: say it once, with its date, scope and term.
    std::string why = v.waiver() ? E(Tr("waiver {0}", WaiverGrant(*v.waiver()))) : E(v.reason);
    if (item.kind == "milestone") {
      std::string evidence = v.evidence_date().empty()
                                 ? "—"
                                 : C(v.evidence_document()) + " " + E(Tr("dated {0}", FormatDate(v.evidence_date()))) +
                                       " (sha256 " + C(AbbreviateSha(v.evidence_sha256())) + ")";
      Row(out, {EntityCell(v.entity, v.entity_name), E(YearLabel(c, v.period)), VerdictCell(v.verdict), evidence,
                v.days_late() ? std::to_string(*v.days_late()) : "—", why});
    } else if (item.kind == "composite") {
      std::string members;
      for (const auto& [member, member_verdict] : v.members()) {
        members += (members.empty() ? "" : ", ") + C(member) + " " + E(VerdictLabel(member_verdict));
      }
      Row(out, {EntityCell(v.entity, v.entity_name), E(YearLabel(c, v.period)), VerdictCell(v.verdict), Dash(members), why});
    } else {
      Row(out, {EntityCell(v.entity, v.entity_name), E(YearLabel(c, v.period)), VerdictCell(v.verdict),
                Value(v.measured, item.unit), TargetCell(v, item.unit), BandCell(v, item.unit), why});
    }
  }
  out += "\n";
}

void Appendix(std::string& out, const Contract& c) {
  out += "### " + T(Tr("Evidence appendix")) + "\n\n";
  const std::vector<AppendixLine> lines = AppendixLines(c);
  if (lines.empty()) {
    out += T(Tr("No verdict or payment read stored values.")) + "\n\n";
  } else {
    Header(out,
           {T(Tr("Item")), T(Tr("Entity")), T(Tr("Period")), T(Tr("Verdict")), T(Tr("Input")), T(Tr("Value")),
            T(Tr("File")), "SHA-256", T(Tr("Row")), T(Tr("Column")), T(Tr("Import"))},
           {5, 8, 9, 10});
    for (const AppendixLine& line : lines) {
      const Input& in = line.input;
      std::string input = C(in.indicator) + (in.entity == line.entity ? "" : " " + E(in.entity)) +
                          (in.period == line.period ? "" : " " + E(FormatPeriod(in.period))) +
                          (in.role.empty() || in.role == "value" ? "" : " (" + E(RoleName(in.role)) + ")");
      std::string value = in.value ? E(DisplayValue(in.value, in.unit))
                                   : E(in.missing_code.empty() ? T(Tr("missing")) : Tr("missing ({0})", in.missing_code));
      const std::string verdict = line.verdict.empty() ? T(Tr("payment")) : VerdictCell(line.verdict);
      if (!in.source) {
        Row(out, {C(line.item), C(line.entity), E(FormatPeriod(line.period)), verdict, input, value, T(Tr("no stored value")),
                  "—", "—", "—", "—"});
      } else {
        const std::string declared = DeclarationText(in);
        Row(out, {C(line.item), C(line.entity), E(FormatPeriod(line.period)), verdict, input, value,
                  declared.empty() ? C(in.source->file) : C(in.source->file) + " (" + E(declared) + ")",
                  C(AbbreviateSha(in.source->sha256)), std::to_string(in.row), std::to_string(in.column),
                  "#" + std::to_string(in.source->import_id)});
      }
    }
    out += "\n";
  }
  std::string evidence;
  for (const Item& item : c.items) {
    for (const VerdictRow& v : item.verdicts) {
      if (v.evidence_date().empty()) continue;
      if (evidence.empty()) {
        Header(evidence, {T(Tr("Milestone")), T(Tr("Entity")), T(Tr("Date")), T(Tr("Document")), "SHA-256"});
      }
      Row(evidence, {C(item.name), C(v.entity), E(FormatDate(v.evidence_date())), C(v.evidence_document()), C(v.evidence_sha256())});
    }
  }
  if (!evidence.empty()) out += T(Tr("Milestone evidence:")) + "\n\n" + evidence + "\n";
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
  const ScopedLanguage language(LanguageOf(report));
  std::string out = "# " + T(Tr("Compliance report")) + "\n\n";
  const std::string engine = E(report.engine + " " + report.engine_version);
  std::vector<std::pair<std::string, std::string>> facts = {
      {T(Tr("As of")), E(FormatDate(report.as_of))},
      {T(Tr("Data as of")), E(report.data_as_of.empty() ? T(Tr("latest values")) : FormatDate(report.data_as_of))},
      {T(Tr("Generated")), report.run_id ? Tr("{0} by {1}, run #{2}", E(FormatTimestamp(report.generated_at)), engine, report.run_id)
                                         : Tr("{0} by {1}", E(FormatTimestamp(report.generated_at)), engine)},
      {T(Tr("Store")), report.data_digest.empty() ? C(report.store)
                                                  : Tr("{0} (data digest {1})", C(report.store), C(report.data_digest))},
  };
  std::string rulesets;
  for (const RulesetFile& r : report.rulesets) {
    rulesets += (rulesets.empty() ? "" : ", ") + C(r.path) + " (sha256 " + C(AbbreviateSha(r.sha256)) + ")";
  }
  facts.push_back({T(Tr("Rules")), rulesets.empty() ? "—" : rulesets});
  facts.push_back({T(Tr("Verdicts")), CountsText(report.counts)});
  if (!report.declared_values.empty()) {
    facts.push_back({T(Tr("Values declared by establishments")), E(DeclaredValuesText(report.declared_values))});
  }
  Facts(out, facts);
  out += "\n";
  for (const Contract& c : report.contracts) {
    out += "## " + E(c.title.empty() ? c.name : c.title) + " (" + C(c.name) + ")\n\n";
    std::string parties;
    for (const auto& p : c.parties) parties += (parties.empty() ? "" : ", ") + E(p);
    std::vector<std::pair<std::string, std::string>> cfacts = {{T(Tr("Kind")), E(Dash(ContractKindName(c.kind)))},
                                                               {T(Tr("Period")), E(c.period)}};
    if (!c.authority.empty()) cfacts.push_back({T(Tr("Authority")), E(c.authority)});
    if (!c.signed_on.empty()) cfacts.push_back({T(Tr("Signed")), E(FormatDate(c.signed_on))});
    cfacts.push_back({T(Tr("Parties")), Dash(parties)});
    if (!c.template_name.empty()) cfacts.push_back({T(Tr("Template")), C(c.template_name)});
    cfacts.push_back({T(Tr("Scoring")), E(ScoringBasisText(c))});
    for (const std::string& line : VersionLines(c)) cfacts.push_back({T(Tr("Version")), E(line)});
    Facts(out, cfacts);
    out += "\n";
    Overview(out, c);
    Summary(out, c);
    Waivers(out, c);
    for (const Item& item : c.items) ItemSection(out, c, item);
    Appendix(out, c);
  }
  return out;
}

}  // namespace vigie::report
