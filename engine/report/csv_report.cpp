#include "engine/report/csv_report.h"

#include "engine/base/locale_text.h"
#include "engine/base/spreadsheet.h"
#include "engine/base/text.h"
#include "engine/report/filled_text.h"
#include "engine/report/party_payments.h"
#include "engine/report/recent_numbers.h"
#include "engine/report/repeated_fields.h"
#include "engine/report/report_text.h"
#include "engine/report/version_text.h"

#include <algorithm>
#include <bit>
#include <vector>

namespace vigie::report {
namespace {

// The words of the inputs column, in the report's language, looked up once per report, and the
// parts of it that rows repeat, made once.
struct InputWords {
  std::string missing = std::string(Tr("missing")), no_value = std::string(Tr("no stored value"));
  FilledText missing_code{N_("missing '{0}'"), 1}, source{N_("{0} row {1} column {2}, import #{3}"), 4};
  // What follows an input's indicator, " = " or " 010001000 2021-T2 (role) = ": its entity and period
  // when they are not its row's, its role (AppendInput). An input's names are the program's
  // (Text::Static), its row's the report's: equal texts at two addresses, compared once, not once a row.
  RepeatedFields<5> after_indicator;
  RepeatedFields<2> sources;  // `source` filled but for its row, per source and column (AppendSource)
};

// What stands for the row's number in a source's text made once (AppendSource).
constexpr char kRowMark = '\x01';

// A number as the CSV writes it ("1234,5"), its text made once while it is among the last few.
void AppendCsvNumber(std::string& out, RecentNumbers& recent, double value) {
  if (const std::string_view known = recent.Find(value); !known.empty()) return void(out += known);
  const size_t start = out.size();
  AppendNumber(out, value, ',');
  recent.Keep(value, std::string_view(out).substr(start));
}

// The numbers of a row's inputs: most often the value the row measured, its text already in the
// row (copied, not made again), else one of the last few numbers written.
struct InputNumbers {
  RecentNumbers recent;
  uint64_t measured_bits = 0;
  size_t measured_at = 0, measured_size = 0;  // the measured value's text in the piece; 0 long: none
};

// A value read as the CSV writes it.
void AppendInputNumber(std::string& out, InputNumbers& numbers, double value) {
  if (numbers.measured_size > 0 && std::bit_cast<uint64_t>(value) == numbers.measured_bits) {
    return void(out.append(out, numbers.measured_at, numbers.measured_size));
  }
  AppendCsvNumber(out, numbers.recent, value);
}

// Where a value comes from, " [values.csv row 12 column 4, import #1]": the words around the row made
// once per source and column (the rows of an item read one column of one file), the row put between.
void AppendSource(std::string& out, InputWords& words, const Source& source, int32_t row, int32_t column) {
  char number[24];
  // The text with a mark in the row's place; "" when the file's name holds the mark itself.
  const std::string_view around = words.sources.Find({reinterpret_cast<uintptr_t>(&source), static_cast<uint64_t>(column)}, [&] {
    if (source.file.find(kRowMark) != std::string::npos) return std::string();
    char import[24];
    std::string text = " [";
    words.source.Append(text, {source.file, std::string_view(&kRowMark, 1), IntegerText(column, number), IntegerText(source.import_id, import)});
    return text += ']';
  });
  if (const size_t mark = around.find(kRowMark); mark != std::string_view::npos) {
    out += around.substr(0, mark), out += IntegerText(row, number), out += around.substr(mark + 1);
    return;
  }
  char column_text[24], import[24];
  out += " [";
  words.source.Append(out, {source.file, IntegerText(row, number), IntegerText(column, column_text), IntegerText(source.import_id, import)});
  out += ']';
}

// One value read, saying only what its row does not already say: its indicator (then its entity and
// period when they are not the row's, its role), its value, and where it comes from: file, row,
// column and import (the import names the file's SHA-256 in report.json and the store).
void AppendInput(std::string& out, InputWords& words, InputNumbers& numbers, const VerdictRow& v, const Input& in) {
  out += in.indicator;
  out += words.after_indicator.Find(
      {AddressOf(in.entity), AddressOf(v.entity), AddressOf(in.period), AddressOf(v.period), AddressOf(in.role)}, [&] {
        std::string after;
        if (in.entity != v.entity) after += ' ', after += in.entity;
        if (in.period != v.period) after += ' ', after += FormatPeriod(in.period);
        if (!in.role.empty() && in.role != "value") after += " (", after += RoleName(in.role), after += ')';
        return after += " = ";
      });
  if (in.value) {
    AppendInputNumber(out, numbers, *in.value);
  } else if (in.missing_code.empty()) {
    out += words.missing;
  } else {
    words.missing_code.Append(out, {in.missing_code});
  }
  if (!in.source) {
    out += " [", out += words.no_value, out += ']';
  } else {
    AppendSource(out, words, *in.source, in.row, in.column);
  }
}

// The inputs column: the values read with their provenance; a composite's members; a milestone's
// evidence. Several entries are separated by " | ".
void AppendInputs(std::string& out, InputWords& words, InputNumbers& numbers, const VerdictRow& v) {
  const size_t start = out.size();
  auto next = [&] {
    if (out.size() != start) out += " | ";
  };
  for (const Input& in : v.inputs) next(), AppendInput(out, words, numbers, v, in);
  for (const auto& [member, verdict] : v.members()) next(), out += Tr("member {0}: {1}", member, VerdictCode(verdict));
  if (!v.evidence_date().empty()) {
    next();
    out += Tr("evidence {0} dated {1} [sha256 {2}]", v.evidence_document(), FormatDate(v.evidence_date()), v.evidence_sha256());
  }
}

// The key part naming a number of the row: its bits (an absent number's are OptionalNumber's own).
uint64_t NumberKey(const OptionalNumber& number) { return std::bit_cast<uint64_t>(number.value()); }

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

// A verdict's fields after its item's, from its entity to its inputs. The fields many rows share
// are made once (an entity's id and name, a period, a verdict's code, the target, comparator and
// band) and copied.
class CsvVerdictFields {
 public:
  void Append(std::string& out, const VerdictRow& v) {
    out += entities_.Find({AddressOf(v.entity), AddressOf(v.entity_name)}, [&] {
      std::string field;
      AppendCsvKeepAsText(field, v.entity), field += ';';
      AppendCsvField(field, v.entity_name, ';'), field += ';';
      return field;
    });
    out += periods_.Find({AddressOf(v.period)}, [&] {
      std::string field;
      AppendCsvKeepAsText(field, v.period.size() == 7 && v.period[5] == 'Q' ? FormatPeriod(v.period) : v.period.str());
      return field += ';';
    });
    out += verdicts_.Find({AddressOf(v.verdict)}, [&] { return CsvText(VerdictCode(v.verdict)) + ';'; });
    numbers_.measured_at = out.size();
    if (v.measured) AppendNumber(out, *v.measured, ','), numbers_.measured_bits = std::bit_cast<uint64_t>(*v.measured);
    numbers_.measured_size = out.size() - numbers_.measured_at;
    out += ';';
    out += targets_.Find({NumberKey(v.target), AddressOf(v.comparator), NumberKey(v.band_low), NumberKey(v.band_high)}, [&] {
      std::string field;
      if (v.target) AppendCsvNumber(field, numbers_.recent, *v.target);
      field += ';';
      AppendCsvField(field, v.comparator, ';'), field += ';';
      if (v.band_low) AppendCsvNumber(field, numbers_.recent, *v.band_low);
      field += ';';
      if (v.band_high) AppendCsvNumber(field, numbers_.recent, *v.band_high);
      return field += ';';
    });
    AppendCsvField(out, v.reason, ';'), out += ';';
    if (v.waiver()) AppendCsvField(out, WaiverGrant(*v.waiver()), ';');
    out += ';';
    // The inputs written in place, then quoted (rarely) as AppendCsvField would.
    const size_t inputs_start = out.size();
    AppendInputs(out, words_, numbers_, v);
    if (CsvFieldNeedsChange(std::string_view(out).substr(inputs_start), ';')) {
      inputs_.assign(out, inputs_start);
      out.resize(inputs_start);
      AppendCsvField(out, inputs_, ';');
    }
  }

 private:
  InputWords words_;
  InputNumbers numbers_;
  RepeatedFields<2> entities_;
  RepeatedFields<1> periods_, verdicts_;
  RepeatedFields<4> targets_;
  std::string inputs_;  // the inputs being quoted
};

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
  out.reserve(kCsvPiece + 4096);
  CsvVerdictFields rows;
  for (const Contract& c : report.contracts) {
    for (const Item& item : c.items) {
      // The fields every verdict of the item starts with, and its version, written once.
      const std::string head = CsvText(c.name) + ";" + CsvText(item.name) + ";" + CsvText(KindName(item.kind)) + ";" +
                         CsvText(item.clause) + ";";
      const std::string row_end = (versions ? ";" + CsvText(VersionName(item.version)) : std::string()) + "\r\n";
      for (size_t k = 0; k < item.verdicts.size(); ++k) {
        // The reason and inputs of a verdict a few rows down asked of memory (they are scattered over
        // the report; read when their row comes, each would wait for memory in turn). Its other
        // texts are found by their addresses, not read.
        if (k + 4 < item.verdicts.size()) {
          const VerdictRow& ahead = item.verdicts[k + 4];
          __builtin_prefetch(ahead.reason.data());
          __builtin_prefetch(ahead.inputs.data());
        }
        out += head;
        rows.Append(out, item.verdicts[k]);
        out += row_end;
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
