#include "engine/report/csv_report.h"

#include "engine/base/locale_text.h"
#include "engine/base/number_text.h"
#include "engine/base/short_copy.h"
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
#include <charconv>
#include <cstring>
#include <memory>
#include <vector>

namespace vigie::report {
namespace {

// report.csv's text made in a buffer of its own and handed to the sink in pieces of about kPiece
// bytes: a row is some twenty fields of a few bytes each, copied in inline (CopyShort), without a
// call to std::string's append and to memcpy for each (half of the writer's time, 2026-12-08).
class CsvOut {
 public:
  explicit CsvOut(const std::function<void(std::string_view)>& sink) : sink_(sink) { Grow(kPiece + kRowRoom); }

  // Where `n` more bytes go (the buffer grows when they would not fit).
  char* Room(size_t n) {
    if (n > static_cast<size_t>(limit_ - at_)) Grow(n);
    return at_;
  }
  [[gnu::always_inline]] void Put(std::string_view text) { at_ = CopyShort(Room(text.size()), text.data(), text.size()); }
  void Put(char c) { *Room(1) = c, ++at_; }
  // The `size` bytes already written at `from` written again (a value read is the value measured).
  void Repeat(size_t from, size_t size) {
    char* to = Room(size);  // first: the buffer may move
    at_ = CopyShort(to, begin_ + from, size);
  }
  // A number as the CSV writes it ("1234,5").
  void Number(double value) { at_ = WritePlainNumber(Room(kPlainNumberRoom), value, ','); }
  void Integer(int64_t value) {
    char* to = Room(24);
    at_ = std::to_chars(to, to + 24, value).ptr;
  }

  size_t size() const { return static_cast<size_t>(at_ - begin_); }
  std::string_view Since(size_t start) const { return {begin_ + start, size() - start}; }
  void CutTo(size_t size) { at_ = begin_ + size; }
  // After a row: the text so far handed to the sink once it is a piece.
  void EndRow() {
    if (size() >= kPiece) Flush();
  }
  void Flush() {
    if (size() > 0) sink_(Since(0));
    at_ = begin_;
  }

 private:
  static constexpr size_t kPiece = 1 << 16;  // one call a row would be millions
  static constexpr size_t kRowRoom = 1 << 14;  // what a row takes past a piece before the buffer grows
  void Grow(size_t n) {
    const size_t kept = size(), capacity = std::max(2 * static_cast<size_t>(limit_ - begin_), kept + n);
    auto buffer = std::make_unique<char[]>(capacity);
    if (kept > 0) std::memcpy(buffer.get(), begin_, kept);
    buffer_ = std::move(buffer);
    begin_ = buffer_.get(), at_ = begin_ + kept, limit_ = begin_ + capacity;
  }
  const std::function<void(std::string_view)>& sink_;
  std::unique_ptr<char[]> buffer_;
  char *begin_ = nullptr, *at_ = nullptr, *limit_ = nullptr;
};

// A text written as a field (quoted or neutralised when it must be: AppendCsvField).
void PutField(CsvOut& out, std::string_view text) {
  if (!CsvFieldNeedsChange(text, ';')) return out.Put(text);
  std::string field;
  AppendCsvField(field, text, ';');
  out.Put(field);
}

// A part of the inputs column made once, and whether it holds none of the bytes that quote a field
// (CsvBytesNeedQuotes): the column made of such parts only, and of numbers, is quoted or not by its
// ends alone (CsvFieldEndsNeedChange), not looked through again on every row.
struct InputPart {
  std::string text;
  bool plain = false;
};
InputPart PartOf(std::string text) {
  const bool plain = !CsvBytesNeedQuotes(text, ';');
  return {std::move(text), plain};
}

// Where a value comes from, " [values.csv row 12 column 4, import #1]", around the row's number:
// made once per source and column (the rows of an item read one column of one file).
struct SourceWords {
  InputPart before, after;
  bool split = false;  // false: the file's name holds the mark of the row's place (made on each row)
};

// The words of the inputs column, in the report's language, looked up once per report, and the
// parts of it that rows repeat, made once.
struct InputWords {
  std::string missing = std::string(Tr("missing")), no_value = std::string(Tr("no stored value"));
  FilledText missing_code{N_("missing '{0}'"), 1}, source{N_("{0} row {1} column {2}, import #{3}"), 4};
  // An input's indicator, and what follows it, " = " or " 010001000 2021-T2 (role) = ": its entity
  // and period when they are not its row's, its role (PutInput). An input's names are the program's
  // (Text::Static), its row's the report's: equal texts at two addresses, compared once, not once a
  // row.
  RepeatedFields<1, InputPart> indicators;
  RepeatedFields<5, InputPart> after_indicator;
  RepeatedFields<2, SourceWords> sources;  // per source and column (PutSource)
};

// What stands for the row's number in a source's text made once (PutSource).
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
void PutInputNumber(CsvOut& out, InputNumbers& numbers, double value) {
  if (numbers.measured_size > 0 && std::bit_cast<uint64_t>(value) == numbers.measured_bits) {
    return out.Repeat(numbers.measured_at, numbers.measured_size);
  }
  if (const std::string_view known = numbers.recent.Find(value); !known.empty()) return out.Put(known);
  const size_t start = out.size();
  out.Number(value);
  numbers.recent.Keep(value, out.Since(start));
}

// Where a value comes from, " [values.csv row 12 column 4, import #1]": the words around the row
// made once per source and column, the row put between. Returns whether its text is plain
// (InputPart).
bool PutSource(CsvOut& out, InputWords& words, const Source& source, int32_t row, int32_t column) {
  char number[24], column_text[24], import[24];
  const SourceWords& around = words.sources.Find({reinterpret_cast<uintptr_t>(&source), static_cast<uint64_t>(column)}, [&] {
    if (source.file.find(kRowMark) != std::string::npos) return SourceWords();
    std::string text = " [";
    words.source.Append(text, {source.file, std::string_view(&kRowMark, 1), IntegerText(column, column_text),
                               IntegerText(source.import_id, import)});
    text += ']';
    const size_t mark = text.find(kRowMark);
    return SourceWords{PartOf(text.substr(0, mark)), PartOf(text.substr(mark + 1)), true};
  });
  if (around.split) {
    out.Put(around.before.text), out.Integer(row), out.Put(around.after.text);
    return around.before.plain && around.after.plain;
  }
  std::string text = " [";
  words.source.Append(text, {source.file, IntegerText(row, number), IntegerText(column, column_text),
                             IntegerText(source.import_id, import)});
  out.Put(text += ']');
  return false;
}

// One value read, saying only what its row does not already say: its indicator (then its entity and
// period when they are not the row's, its role), its value, and where it comes from: file, row,
// column and import (the import names the file's SHA-256 in report.json and the store). Returns
// whether its text is plain (InputPart).
bool PutInput(CsvOut& out, InputWords& words, InputNumbers& numbers, const VerdictRow& v, const Input& in) {
  const InputPart& indicator = words.indicators.Find({AddressOf(in.indicator)}, [&] { return PartOf(in.indicator); });
  out.Put(indicator.text);
  const InputPart& after = words.after_indicator.Find(
      {AddressOf(in.entity), AddressOf(v.entity), AddressOf(in.period), AddressOf(v.period), AddressOf(in.role)}, [&] {
        std::string text;
        if (in.entity != v.entity) text += ' ', text += in.entity;
        if (in.period != v.period) text += ' ', text += FormatPeriod(in.period);
        if (!in.role.empty() && in.role != "value") text += " (", text += RoleName(in.role), text += ')';
        return PartOf(text += " = ");
      });
  out.Put(after.text);
  bool plain = indicator.plain && after.plain;
  if (in.value) {
    PutInputNumber(out, numbers, *in.value);  // digits, a sign, a comma: plain
  } else {
    std::string missing;
    if (in.missing_code.empty()) missing = words.missing;
    else words.missing_code.Append(missing, {in.missing_code});
    out.Put(missing);
    plain = false;
  }
  if (!in.source) {
    out.Put(" ["), out.Put(words.no_value), out.Put(']');
    return false;
  }
  return PutSource(out, words, *in.source, in.row, in.column) && plain;
}

// The inputs column: the values read with their provenance; a composite's members; a milestone's
// evidence. Several entries are separated by " | ". Returns whether its text is plain (InputPart).
bool PutInputs(CsvOut& out, InputWords& words, InputNumbers& numbers, const VerdictRow& v) {
  const size_t start = out.size();
  auto next = [&] {
    if (out.size() != start) out.Put(" | ");
  };
  bool plain = true;
  for (const Input& in : v.inputs) next(), plain &= PutInput(out, words, numbers, v, in);
  if (!v.extras) return plain;  // no members nor evidence (most rows: not asked for, out of line)
  for (const auto& [member, verdict] : v.members()) next(), out.Put(Tr("member {0}: {1}", member, VerdictCode(verdict)));
  if (!v.evidence_date().empty()) {
    next();
    out.Put(Tr("evidence {0} dated {1} [sha256 {2}]", v.evidence_document(), FormatDate(v.evidence_date()), v.evidence_sha256()));
  }
  return plain && v.members().empty() && v.evidence_date().empty();
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
  void Put(CsvOut& out, const VerdictRow& v) {
    out.Put(entities_.Find({AddressOf(v.entity), AddressOf(v.entity_name)}, [&] {
      std::string field;
      AppendCsvKeepAsText(field, v.entity), field += ';';
      AppendCsvField(field, v.entity_name, ';'), field += ';';
      return field;
    }));
    out.Put(periods_.Find({AddressOf(v.period)}, [&] {
      std::string field;
      AppendCsvKeepAsText(field, v.period.size() == 7 && v.period[5] == 'Q' ? FormatPeriod(v.period) : v.period.str());
      return field += ';';
    }));
    out.Put(verdicts_.Find({AddressOf(v.verdict)}, [&] { return CsvText(VerdictCode(v.verdict)) + ';'; }));
    numbers_.measured_at = out.size();
    if (v.measured) out.Number(*v.measured), numbers_.measured_bits = std::bit_cast<uint64_t>(*v.measured);
    numbers_.measured_size = out.size() - numbers_.measured_at;
    out.Put(';');
    out.Put(targets_.Find({NumberKey(v.target), AddressOf(v.comparator), NumberKey(v.band_low), NumberKey(v.band_high)}, [&] {
      std::string field;
      if (v.target) AppendCsvNumber(field, numbers_.recent, *v.target);
      field += ';';
      AppendCsvField(field, v.comparator, ';'), field += ';';
      if (v.band_low) AppendCsvNumber(field, numbers_.recent, *v.band_low);
      field += ';';
      if (v.band_high) AppendCsvNumber(field, numbers_.recent, *v.band_high);
      return field += ';';
    }));
    PutField(out, v.reason), out.Put(';');
    if (v.waiver()) PutField(out, WaiverGrant(*v.waiver()));
    out.Put(';');
    // The inputs written in place, then quoted (rarely) as AppendCsvField would: looked through
    // only when a part of them was not known plain.
    const size_t inputs_start = out.size();
    const bool plain = PutInputs(out, words_, numbers_, v);
    const std::string_view inputs = out.Since(inputs_start);
    if (plain ? CsvFieldEndsNeedChange(inputs) : CsvFieldNeedsChange(inputs, ';')) {
      inputs_.assign(inputs);
      out.CutTo(inputs_start);
      PutField(out, inputs_);
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

void WriteCsv(const Report& report, const std::function<void(std::string_view)>& sink) {
  const ScopedLanguage language(LanguageOf(report));
  CsvOut out(sink);
  out.Put("\xEF\xBB\xBF");  // BOM: Excel then reads the file as UTF-8
  out.Put(Tr("contract;item;kind;clause;entity;entity_name;period;verdict;measured;target;comparator;band_low;band_high;"
             "reason;waiver;inputs"));
  // A report on an amended contract says which version judged each verdict, in a last column.
  const bool versions = std::any_of(report.contracts.begin(), report.contracts.end(),
                                    [](const Contract& c) { return !c.amendments.empty(); });
  if (versions) out.Put(";" + std::string(Tr("version")));
  out.Put("\r\n");
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
        out.Put(head);
        rows.Put(out, item.verdicts[k]);
        out.Put(row_end);
        out.EndRow();
      }
    }
    std::string payments;
    PaymentRows(c, versions, payments);
    out.Put(payments);
    out.EndRow();
  }
  out.Flush();
}

std::string RenderCsv(const Report& report) {
  std::string out;
  WriteCsv(report, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace vigie::report
