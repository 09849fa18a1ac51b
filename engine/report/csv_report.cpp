#include "engine/report/csv_report.h"

#include "engine/base/locale_text.h"
#include "engine/base/spreadsheet.h"
#include "engine/base/text.h"
#include "engine/report/party_payments.h"
#include "engine/report/report_text.h"
#include "engine/report/version_text.h"

#include <algorithm>

namespace vigie::report {
namespace {

std::string InputText(const Input& in) {
  std::string out = in.indicator + " " + in.entity + " " + FormatPeriod(in.period);
  if (!in.role.empty() && in.role != "value") out += " (" + RoleName(in.role) + ")";
  out += " = " + (in.value ? FormatNumberFrench(in.value)
                  : in.missing_code.empty() ? std::string(Tr("missing"))
                                            : Tr("missing '{0}'", in.missing_code));
  if (!in.source) return out + " [" + std::string(Tr("no stored value")) + "]";
  return out + " [" +
         Tr("{0} row {1} column {2}, sha256 {3}, import #{4}", in.source->file, in.row, in.column, in.source->sha256,
            in.source->import_id) +
         "]";
}

// The inputs column: the values read with their provenance; a composite's members; a milestone's
// evidence. Several entries are separated by " | ".
std::string InputsText(const VerdictRow& v) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : " | ") + part; };
  for (const Input& in : v.inputs) add(InputText(in));
  for (const auto& [member, verdict] : v.members) add(Tr("member {0}: {1}", member, VerdictCode(verdict)));
  if (!v.evidence_date.empty()) {
    add(Tr("evidence {0} dated {1} [sha256 {2}]", v.evidence_document, FormatDate(v.evidence_date), v.evidence_sha256));
  }
  return out;
}

}  // namespace

std::string CsvText(std::string_view text) { return CsvField(text, ';'); }

std::string CsvKeepAsText(std::string_view text) {
  if (text.empty()) return "";
  if (text.find('"') != std::string_view::npos) return CsvText(text);  // a quote would end the formula's string
  return CsvQuoted("=\"" + std::string(text) + "\"", ';');
}

namespace {

// An amount as the CSV writes numbers: "1234567.50" -> "1234567,50".
std::string AmountCell(const std::optional<std::string>& amount) {
  if (!amount) return "";
  std::string out = *amount;
  std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

// One row per payment and year (per party for a payment made to each party, then their total),
// after the verdicts: the amount in `measured`, why it is not computed in `reason`, what it read in
// `inputs` (docs/report-csv.md).
void PaymentRows(const Contract& c, bool versions, std::string& out) {
  const std::vector<PartyPaymentTotal> totals = PartyPaymentTotals(c);
  auto row = [&](const std::vector<std::string>& fields, const std::optional<int>& version) {
    bool first = true;
    for (const std::string& field : fields) {
      if (!first) out += ';';
      out += field;
      first = false;
    }
    if (versions) out += ";" + (version ? CsvText(VersionName(version)) : std::string());
    out += "\r\n";
  };
  for (size_t i = 0; i < c.payments.size(); ++i) {
    const Payment& p = c.payments[i];
    std::string read;
    for (const std::string& line : p.read) read += (read.empty() ? "" : " | ") + line;
    row({CsvText(c.name), CsvText(p.name), CsvText(std::string(Tr("payment"))), CsvText(p.title), CsvKeepAsText(p.party), "",
         CsvKeepAsText(p.year), "", AmountCell(p.amount), "", "", "", "", CsvText(p.reason), "", CsvText(read)},
        p.version);
    if (const PartyPaymentTotal* total = TotalAfter(totals, c, i)) {
      const std::string note = total->not_computed > 0 ? Tr("{0} of {1} parties not computed", total->not_computed, total->parties)
                                                       : Tr("{0} parties", total->parties);
      row({CsvText(c.name), CsvText(p.name), CsvText(std::string(Tr("payment total"))), CsvText(p.title), "", "",
           CsvKeepAsText(p.year), "", AmountCell(total->amount), "", "", "", "", CsvText(note), "", ""},
          p.version);
    }
  }
}

}  // namespace

void WriteCsv(const Report& report, const std::function<void(std::string_view)>& sink) {
  const ScopedLanguage language(LanguageOf(report));
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel then reads the file as UTF-8
  out += Tr("contract;item;kind;clause;entity;entity_name;period;verdict;measured;target;comparator;band_low;band_high;"
            "reason;waiver;inputs");
  // A report on an amended contract says which version judged each verdict, in a last column.
  const bool versions = std::any_of(report.contracts.begin(), report.contracts.end(),
                                    [](const Contract& c) { return !c.amendments.empty(); });
  if (versions) out += ";" + std::string(Tr("version"));
  out += "\r\n";
  sink(out);
  for (const Contract& c : report.contracts) {
    for (const Item& item : c.items) {
      for (const VerdictRow& v : item.verdicts) {
        const std::string fields[] = {
            CsvText(c.name),
            CsvText(item.name),
            CsvText(KindName(item.kind)),
            CsvText(item.clause),
            CsvKeepAsText(v.entity),
            CsvText(v.entity_name),
            CsvKeepAsText(FormatPeriod(v.period)),
            CsvText(VerdictCode(v.verdict)),
            FormatNumberFrench(v.measured),
            FormatNumberFrench(v.target),
            CsvText(v.comparator),
            FormatNumberFrench(v.band_low),
            FormatNumberFrench(v.band_high),
            CsvText(v.reason),
            v.waiver ? CsvText(WaiverGrant(*v.waiver)) : "",
            CsvText(InputsText(v)),
        };
        out.clear();
        bool first = true;
        for (const std::string& field : fields) {
          if (!first) out += ';';
          out += field;
          first = false;
        }
        if (versions) out += ";" + CsvText(VersionName(item.version));
        out += "\r\n";
        sink(out);
      }
    }
    out.clear();
    PaymentRows(c, versions, out);
    if (!out.empty()) sink(out);
  }
}

std::string RenderCsv(const Report& report) {
  std::string out;
  WriteCsv(report, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace vigie::report
