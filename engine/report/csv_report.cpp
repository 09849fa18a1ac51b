#include "engine/report/csv_report.h"

#include "engine/base/locale_text.h"
#include "engine/base/spreadsheet.h"
#include "engine/base/text.h"
#include "engine/report/filled_text.h"
#include "engine/report/party_payments.h"
#include "engine/report/recent_numbers.h"
#include "engine/report/report_text.h"
#include "engine/report/version_text.h"

#include <algorithm>
#include <map>
#include <vector>

namespace vigie::report {
namespace {

// The words of the inputs column, in the report's language, looked up once per report.
struct InputWords {
  std::string missing = std::string(Tr("missing")), no_value = std::string(Tr("no stored value"));
  FilledText missing_code{N_("missing '{0}'"), 1}, source{N_("{0} row {1} column {2}, import #{3}"), 4};
};

// A number as the CSV writes it ("1234,5"), its text made once while it is among the last few.
void AppendCsvNumber(std::string& out, RecentNumbers& recent, double value) {
  if (const std::string_view known = recent.Find(value); !known.empty()) return void(out += known);
  const size_t start = out.size();
  AppendNumber(out, value, ',');
  recent.Keep(value, std::string_view(out).substr(start));
}

// One value read, saying only what its row does not already say: its indicator (then its entity and
// period when they are not the row's, its role), its value, and where it comes from: file, row,
// column and import (the import names the file's SHA-256 in report.json and the store).
void AppendInput(std::string& out, const InputWords& words, RecentNumbers& recent, const VerdictRow& v, const Input& in) {
  out += in.indicator;
  if (in.entity != v.entity) out += ' ', out += in.entity;
  if (in.period != v.period) out += ' ', out += FormatPeriod(in.period);
  if (!in.role.empty() && in.role != "value") out += " (", out += RoleName(in.role), out += ')';
  out += " = ";
  if (in.value) {
    AppendCsvNumber(out, recent, *in.value);
  } else if (in.missing_code.empty()) {
    out += words.missing;
  } else {
    words.missing_code.Append(out, {in.missing_code});
  }
  out += " [";
  if (!in.source) {
    out += words.no_value;
  } else {
    char row[24], column[24], import[24];
    words.source.Append(out, {in.source->file, IntegerText(in.row, row), IntegerText(in.column, column),
                              IntegerText(in.source->import_id, import)});
  }
  out += ']';
}

// The inputs column: the values read with their provenance; a composite's members; a milestone's
// evidence. Several entries are separated by " | ".
void AppendInputs(std::string& out, const InputWords& words, RecentNumbers& recent, const VerdictRow& v) {
  const size_t start = out.size();
  auto next = [&] {
    if (out.size() != start) out += " | ";
  };
  for (const Input& in : v.inputs) next(), AppendInput(out, words, recent, v, in);
  for (const auto& [member, verdict] : v.members()) next(), out += Tr("member {0}: {1}", member, VerdictCode(verdict));
  if (!v.evidence_date().empty()) {
    next();
    out += Tr("evidence {0} dated {1} [sha256 {2}]", v.evidence_document(), FormatDate(v.evidence_date()), v.evidence_sha256());
  }
}

// CsvKeepAsText appended to `out`.
void AppendCsvKeepAsText(std::string& out, std::string_view text) {
  if (text.empty()) return;
  if (text.find('"') != std::string_view::npos) return AppendCsvField(out, text, ';');  // a quote would end the formula's string
  // ="text" quoted as a field: its quotes doubled, "=""text""" (CsvQuoted of the formula).
  out += "\"=\"\"";
  out += text;
  out += "\"\"\"";
}

}  // namespace

std::string CsvText(std::string_view text) { return CsvField(text, ';'); }

std::string CsvKeepAsText(std::string_view text) {
  std::string out;
  AppendCsvKeepAsText(out, text);
  return out;
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

// Rows are handed to the sink in pieces of about this size (one call a row would be millions).
constexpr size_t kCsvPiece = 1 << 16;

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
  const InputWords words;
  // Each verdict's code as a field, made once per verdict (a handful of them).
  std::map<std::string, std::string, std::less<>> verdict_fields;
  std::string inputs, scratch;
  out.reserve(kCsvPiece + 4096);
  // A field and its separator.
  auto text = [&](std::string_view field) { AppendCsvField(out, field, ';'), out += ';'; };
  auto keep_as_text = [&](std::string_view field) { AppendCsvKeepAsText(out, field), out += ';'; };
  RecentNumbers recent;
  auto number = [&](std::optional<double> field) {
    if (field) AppendCsvNumber(out, recent, *field);
    out += ';';
  };
  for (const Contract& c : report.contracts) {
    for (const Item& item : c.items) {
      // The fields every verdict of the item starts with, and its version, written once.
      const std::string head = CsvText(c.name) + ";" + CsvText(item.name) + ";" + CsvText(KindName(item.kind)) + ";" +
                         CsvText(item.clause) + ";";
      const std::string version = versions ? ";" + CsvText(VersionName(item.version)) : std::string();
      for (size_t k = 0; k < item.verdicts.size(); ++k) {
        // The texts of a verdict a few rows down asked of memory (they are scattered over the
        // report; read when their row comes, each would wait for memory in turn).
        if (k + 4 < item.verdicts.size()) {
          const VerdictRow& ahead = item.verdicts[k + 4];
          __builtin_prefetch(ahead.reason.data());
          __builtin_prefetch(ahead.entity_name.data());
          __builtin_prefetch(ahead.inputs.data());
        }
        const VerdictRow& v = item.verdicts[k];
        out += head;
        keep_as_text(v.entity);
        text(v.entity_name);
        keep_as_text(v.period.size() == 7 && v.period[5] == 'Q' ? std::string_view(scratch = FormatPeriod(v.period))
                                                                : std::string_view(v.period));
        auto code = verdict_fields.find(v.verdict);
        if (code == verdict_fields.end()) code = verdict_fields.emplace(v.verdict, CsvText(VerdictCode(v.verdict))).first;
        out += code->second;
        out += ';';
        number(v.measured);
        number(v.target);
        text(v.comparator);
        number(v.band_low);
        number(v.band_high);
        text(v.reason);
        text(v.waiver() ? WaiverGrant(*v.waiver()) : std::string());
        // The inputs written in place, then quoted (rarely) as AppendCsvField would.
        const size_t inputs_start = out.size();
        AppendInputs(out, words, recent, v);
        if (CsvFieldNeedsChange(std::string_view(out).substr(inputs_start), ';')) {
          inputs.assign(out, inputs_start);
          out.resize(inputs_start);
          AppendCsvField(out, inputs, ';');
        }
        out += version;
        out += "\r\n";
        if (out.size() >= kCsvPiece) {
          sink(out);
          out.clear();
        }
      }
    }
    PaymentRows(c, versions, out);
  }
  if (!out.empty()) sink(out);
}

std::string RenderCsv(const Report& report) {
  std::string out;
  WriteCsv(report, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace vigie::report
