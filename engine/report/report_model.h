// The report model: everything a compliance report shows, as plain data built once from a run.
// Every format (JSON, Markdown, CSV, HTML) renders this model and nothing else: no report code
// reads the AST, the store or the evaluator. What the report needs from them comes in as data: the
// run's results with each verdict's detail (EvalOptions::details) and the stored values' origins
// (Store::OriginsOf), both gathered by driver::Evaluate.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <boost/container/small_vector.hpp>
#include <boost/smart_ptr/intrusive_ptr.hpp>
#include <boost/smart_ptr/intrusive_ref_counter.hpp>

#include "engine/base/language.h"
#include "engine/base/pooled_text.h"
#include "engine/eval/evaluator.h"
#include "engine/store/store.h"

namespace vigie::report {

// The pooled texts and numbers (base/pooled_text.h) that the evaluator's details share with the report.
using vigie::OptionalNumber;
using vigie::Text;
using vigie::TextPool;
using vigie::TextPoolPtr;

// "3" since 2026-12-07 (session 14): each verdict and each of its inputs an array of values under
// the columns the report names once (`verdict_columns`, `input_columns`), its rare parts and an
// input's own entity and period only when it has them. "2" (the same day, earlier): each import named
// once (`sources`), each entity once per contract (`entities`), `files` last. ParseJson reads "2"
// and "1" as well (docs/report-json.md).
inline constexpr const char* kReportSchemaVersion = "3";

// Where a stored value came from: its import (file, sha256, when) and, for a value an establishment
// declared through the web (`vigie serve`), its user ("" a file import) and the controller's review as
// it stood when the data was read: declared (awaiting validation), validated or rejected, by whom,
// when, why. Every value of one import shares one Source: a campaign's report holds it once, not
// once per value read.
struct Source {
  std::string file, sha256, imported_at;
  int64_t import_id = 0;
  std::string declared_by, declaration, reviewed_by, reviewed_at, review_reason;
};

// A value read: its texts in the report's TextPool (pooled_text.h).
struct Input {
  Text entity, indicator, period, role, missing_code, unit;
  OptionalNumber value;
  std::shared_ptr<const Source> source;  // null when the store had no row at all
  // The value's place in its source's file, in 32 bits each (a campaign's report has millions of
  // inputs): a line past 2^31 - 1, in a file of over 2 billion lines, would not fit; ParseJson
  // refuses such a number rather than cut it.
  int32_t row = 0, column = 0;
};

struct Waiver {
  std::string item, reason, authority, granted, until, scope;  // scope: "080000037 in 2020"
};

// What few verdicts have, held apart (null for the others): a waiver, a composite's members, a
// milestone's evidence and delay.
struct VerdictExtras : boost::intrusive_ref_counter<VerdictExtras> {
  std::shared_ptr<const Waiver> waiver;  // shared by the verdicts it covers
  std::vector<std::pair<std::string, std::string>> members;  // a composite's members and their verdicts
  std::string evidence_date, evidence_document, evidence_sha256;
  std::optional<int> days_late;
};

// One verdict. A campaign's report has millions: its texts point into the report's TextPool (held by
// the Contract and Item that hold the row), its reason into an arena that pool keeps (TextPool::Hold)
// or, read back from a report, its own; its rare facts sit behind one pointer, its usual single input
// inline.
struct VerdictRow {
  Text item, kind;  // kind: commitment | milestone
  Text entity, entity_name, period;
  Text verdict, comparator;
  // Its padding holds `group` (no_unique_address lets the next member use it): a row of 216 bytes,
  // no larger than an eval::Detail, so that the rows of an item reuse the memory of the details freed
  // before them (BuildReportTakingDetails) instead of faulting in fresh pages.
  [[no_unique_address]] ArenaText reason;
  bool group = false;  // the entity is a group: the verdict is the group's own result, not a member's
  OptionalNumber measured, target, band_low, band_high;
  boost::container::small_vector<Input, 1> inputs;
  boost::intrusive_ptr<const VerdictExtras> extras;  // 8 bytes, not a shared_ptr's 16

  const Waiver* waiver() const { return extras ? extras->waiver.get() : nullptr; }
  const std::vector<std::pair<std::string, std::string>>& members() const;
  const std::string& evidence_date() const;
  const std::string& evidence_document() const;
  const std::string& evidence_sha256() const;
  std::optional<int> days_late() const { return extras ? extras->days_late : std::nullopt; }
  // The extras to fill (a copy of the shared ones, if any: other rows may share them).
  VerdictExtras& EditExtras();
};

struct Item {
  std::string name, title, clause, kind;  // kind: commitment | milestone | composite
  std::string clause_text;                // literate contracts: the contract's own text for this item
  std::string indicator, indicator_title, unit, applies_to, weight, tolerance, due, evidence;
  std::vector<std::pair<std::string, std::string>> targets;  // period -> "<= 10" (as written)
  std::map<std::string, int64_t> counts;                      // verdict -> count
  std::vector<VerdictRow> verdicts;
  TextPoolPtr texts;  // what its rows' texts point into (the contract's); null: literals only
  // An amended contract: the version whose text judged these verdicts (0: as signed, N: avenant N).
  // An item judged by two versions is two items, each with the years its version judged.
  std::optional<int> version;
};

struct ScorePart {
  std::string item, weight, mean;
  int verdicts = 0;
};
struct Score {
  std::string year, entity;  // entity empty: the contract's score
  std::string value;         // exact, as a decimal ("0.8333")
  std::vector<ScorePart> parts;
};
struct Payment {
  std::string name, title, year;
  std::string party;  // a payment made to each party: the party paid (its totals: party_payments.h)
  std::optional<std::string> amount;  // euros to the cent: "12500.00"
  std::optional<std::string> full_amount;  // the amount at full compliance (eval::PaymentResult::full_amount)
  std::string score, reason;
  std::vector<std::string> read;  // the data the formula read ("ald of CPTS_X in 2022 = 60")
  std::vector<Input> inputs;      // the stored values behind it, with their origin
  std::optional<int> version;     // an amended contract: the version whose formula paid it
};

// The first page of a contract's report: where it stands in its latest assessed year, what changed
// since the year before, and each entity's verdict on each item that year. Computed from the rest of
// the contract by SummarizeContract, shown by the HTML and Markdown reports (the JSON does not carry
// it, a reader computes it).
struct YearPosition {
  std::string year;
  std::map<std::string, int64_t> counts;        // verdict -> count, the members' verdicts of that year
  std::map<std::string, int64_t> group_counts;  // verdict -> count, the group's own verdicts of that year
  std::optional<std::string> score;             // the contract's score that year, "0.3628"
};
struct MatrixRow {
  std::string entity, entity_name;
  bool group = false;
  // One cell per ContractSummary::items: the verdicts of that year as (period, verdict), in period
  // order (a yearly item has one, a quarterly one up to four); empty when the item does not apply.
  // The texts are the rows' (ContractSummary::texts keeps them) and a yearly cell sits inline: a
  // campaign's matrix has a million cells, a string pair and an allocation each were a third of its
  // summary's time.
  using Cell = boost::container::small_vector<std::pair<Text, Text>, 1>;
  std::vector<Cell> cells;
};
struct ContractSummary {
  // The latest year with a verdict other than pending or not applicable; none before any.
  std::optional<YearPosition> latest;
  std::optional<YearPosition> previous;  // the year before it, when it has verdicts
  // latest minus previous (only with `previous`): per verdict (every verdict of either year), and the
  // score as a signed decimal ("+0.1250", "-0.0417", "0.0000") when both years have one.
  std::map<std::string, int64_t> count_changes, group_count_changes;
  std::optional<std::string> score_change;
  // The latest year's payment: the last payment clause of that year (by convention the total).
  std::string payment_name, payment_title;
  std::optional<std::string> payment, payment_possible;  // euros; possible: at full compliance
  std::string payment_reason;                            // why it is not computed
  std::vector<std::string> items;  // the matrix's columns: items with a verdict that year, contract order
  std::vector<MatrixRow> rows;     // members in id order, then the group's own row(s)
  TextPoolPtr texts;               // what its cells' texts point into (the contract's): a copy keeps them
};
struct Contract {
  std::string name, title, kind, authority, signed_on, period, template_name;
  int year_start_month = 1;  // anniversary years start that month (`period 2021-10..2026-09`); 1: calendar years
  // How a year's score is formed: "commitment" (each commitment's mean over its verdicts) or
  // "verdict" (every verdict weighted); written: the contract says it, else it is the default.
  std::string scoring_basis = "commitment";
  bool scoring_basis_written = false;
  std::vector<std::string> parties;
  std::map<std::string, int64_t> counts;
  TextPoolPtr texts;  // what its rows' texts point into (one pool for the whole report)
  std::vector<Item> items;
  std::vector<Waiver> waivers;
  std::vector<Score> scores;         // per year
  std::vector<Score> entity_scores;  // per entity and year
  std::vector<Payment> payments;
  ContractSummary summary;  // SummarizeContract of the above (not in the JSON)
  // Avenants: each one, and the version that judged each year of the contract (empty: no avenant).
  struct Amendment {
    int number = 0;
    std::string effective, title;
  };
  std::vector<Amendment> amendments;
  std::map<std::string, int> version_by_year;
};

// How the report names a year or period of the contract: a contract year of an anniversary contract
// as its months ("2022" -> "2021-10 → 2022-09"), anything else as FormatPeriod does.
std::string YearLabel(const Contract& contract, const std::string& period);
// The scoring basis as the reports' summary states it: "by commitment: ... (the default)".
std::string ScoringBasisText(const Contract& contract);

// The contract's summary, from its verdicts, scores and payments (BuildReport sets Contract::summary).
ContractSummary SummarizeContract(const Contract& contract);
// The matrix's columns for the members' rows (group false) or the group's own rows (group true):
// the indexes in ContractSummary::items of the items with a verdict in one of those rows.
std::vector<size_t> MatrixColumns(const ContractSummary& summary, bool group);

// One line of a contract's evidence appendix: a value that a verdict (or a payment: `verdict` empty)
// read, in the order of the report.
struct AppendixLine {
  const std::string& item;
  const std::string& entity;
  const std::string& period;
  const std::string& verdict;  // empty for a payment
  const Input& input;
};
std::vector<AppendixLine> AppendixLines(const Contract& contract);
// The verdicts a page shows of each item of a contract (in the order of its items): all of them, or
// one entity's on a campaign's entity page, pointed at in the report, never copied.
using VerdictRows = std::vector<const VerdictRow*>;
std::vector<VerdictRows> AllRows(const Contract& contract);
// The appendix of those verdicts' values, then the payments'.
std::vector<AppendixLine> AppendixLines(const Contract& contract, const std::vector<VerdictRows>& rows);

struct RulesetFile {
  std::string path, sha256;
};

// A report file written beside the JSON report (report.md, report.csv, report.html), by its name in
// that folder.
struct ReportFile {
  std::string name, sha256;
};

struct Report {
  std::string schema_version = kReportSchemaVersion;
  // The language of its texts ("fr" or "en", base/language.h): the renderers write in it. Keys,
  // codes, numbers and dates of the JSON are the same in both.
  std::string language = "en";
  std::string engine = "vigie", engine_version, generated_at, as_of, data_as_of;
  int64_t run_id = 0;
  std::string store, data_digest;
  std::vector<RulesetFile> rulesets;
  std::vector<ReportFile> files;  // the other formats written with it, so the JSON vouches for them
  std::map<std::string, int64_t> counts;
  // The values read that establishments declared through the web, by review status (declared,
  // validated, rejected), each stored value counted once; empty when every value came from a file.
  std::map<std::string, int64_t> declared_values;
  std::vector<Contract> contracts;
};

struct BuildOptions {
  std::string engine_version, generated_at, data_as_of, store_path;
  int64_t run_id = 0;
  std::vector<RulesetFile> rulesets;
  std::string data_digest;  // Store::ValuesDigest of the rows the run read (empty: no store)
  // Threads that build the items' rows (eval::EvalOptions::jobs: 0 one per core). The report is
  // the same, byte for byte, whatever the number.
  int jobs = 0;
  // A contract of fewer verdicts builds its items on the calling thread: starting threads would cost
  // more than they save (as eval::EvalOptions::parallel_min_verdicts). Tests set 0.
  int64_t parallel_min_rows = 50000;
};

// Where each stored value came from, by store row id, with all its texts (what Store::ValuesById
// returns): what `vigie explain` shows of one verdict's values.
using Origins = std::map<int64_t, store::HistoryEntry>;

// Builds the report from a run made with EvalOptions::details (ItemResult::details[i] beside
// cells[i]): every verdict with its detail, and each value read with its origin taken from
// `origins` (Store::OriginsOf; a row absent from it is shown without a source). It evaluates
// nothing and reads no store. A run without details gives rows with their verdict only.
Report BuildReport(const sema::model::Model& model, const eval::DataSet& data, const eval::RunResult& run,
                   const store::ValueOrigins& origins, const BuildOptions& options);
// The same report, taking `run`'s details instead of copying them: each item's details are moved
// into its rows, then freed (its cells, scores and payments stay). What driver::Evaluate does, so
// that a campaign's hundreds of thousands of verdicts are not held twice.
Report BuildReportTakingDetails(const sema::model::Model& model, const eval::DataSet& data, eval::RunResult& run,
                                const store::ValueOrigins& origins, const BuildOptions& options);

// The language the report's texts are in ("en" is English, anything else French).
inline Language LanguageOf(const Report& report) {
  return report.language == "en" ? Language::kEnglish : Language::kFrench;
}

// How the JSON report lays out its verdicts: indented as the rest of the document (nlohmann's
// dump(2)), or each verdict's row on one line of its own, without indentation nor spaces (its
// dump()): a campaign's report (the one whose HTML is in pages) is then a fraction of the bytes, the
// same JSON to a parser (docs/report-json.md).
enum class VerdictLayout { kIndented, kOneLine };

// JSON with sorted, stable ordering (schema: docs/report-schema.json).
std::string RenderJson(const Report& report, VerdictLayout layout = VerdictLayout::kIndented);
// The same bytes, handed to `sink` a piece at a time (about 64 KB each): a campaign's report is
// written to its file without the whole document in memory.
void WriteJson(const Report& report, const std::function<void(std::string_view)>& sink,
               VerdictLayout layout = VerdictLayout::kIndented);
// WriteJson in its two parts: the document up to its `contracts` (WriteJsonBody), then `files` and
// its end (WriteJsonEnd), so that the body is written while the files it lists are (driver/publish).
void WriteJsonBody(const Report& report, const std::function<void(std::string_view)>& sink,
                   VerdictLayout layout = VerdictLayout::kIndented);
void WriteJsonEnd(const Report& report, const std::function<void(std::string_view)>& sink);
// Parses a report written by RenderJson (for `vigie verify`, and `vigie serve` rendering a recorded
// run's report in the other formats), of schema 3, 2 or 1: everything the JSON holds, and each
// contract's summary from its verdicts; nullopt with a reason if it is not one. The JSON does not
// carry the indicators' titles; a schema 1 report does not say which entities are groups
// (VerdictRow::group stays false).
std::optional<Report> ParseJson(const std::string& text, std::string& problem);

}  // namespace vigie::report
