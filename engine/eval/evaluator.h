// Evaluation: a checked model x a DataSet x an as-of date -> a verdict for every (commitment or
// milestone, entity, period) in scope, scores and payments. Expressions (formulas, filters, table
// values, payments) are evaluated by one exact interpreter over the bound model (sema/expr.h).
//
// The run keeps one compact cell per verdict (5 million verdicts fit in memory). Everything an
// auditor needs about one verdict (the values read, where they came from, the target and its band,
// the waiver, the reason) is kept beside it with EvalOptions::details, from the same pass, or
// computed again for one verdict by Explain(): the same code path, so an explanation can never
// disagree with its verdict.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <boost/container/small_vector.hpp>

#include "engine/base/pooled_text.h"
#include "engine/base/text_arena.h"
#include "engine/eval/dataset.h"
#include "engine/base/rational.h"
#include "engine/sema/model.h"

namespace vigie::eval {

struct EvalOptions {
  model::Date as_of;                   // periods ending after it are pending
  std::vector<std::string> contracts;  // empty: every contract of the model
  // Scores per entity and year on runs of more than 200,000 verdicts (a national campaign, a
  // benchmark) cost a pass over every verdict; smaller runs always have them, with their parts.
  bool entity_scores_for_large_runs = true;
  // Keep, beside each verdict, everything that went into it (ItemResult::details): what reports and
  // rule tests show, computed in the same pass as the verdict, never by a second evaluation.
  bool details = false;
  // An amended contract judged by this one version for every year (0: as signed; N: after avenant
  // N), as `vigie diff --from/--to` compares them; none: each year by the version in force.
  std::optional<int> version;
  // Threads that judge a contract's commitments (one commitment, all its periods, per piece of
  // work): 0 is one per core, 1 the calling thread alone (in declaration order). The verdicts, their
  // details, the scores and the reports are the same bit for bit whatever the number: each piece
  // writes only its own commitment's cells, and scores and payments are computed after, in order.
  int jobs = 0;
  // A contract of fewer verdicts (about) stays on one thread: starting threads would cost more than
  // they save. Tests set 0 to run even a small contract on several.
  int64_t parallel_min_verdicts = 50000;
};

// One verdict, compactly.
struct Cell {
  int32_t entity = 0;      // DataSet entity index
  int32_t period = 0;      // DataSet period slot
  model::Verdict verdict = model::Verdict::kError;
};

// One stored value that a verdict or a payment read. Its names are Text::Static (base/pooled_text.h):
// a pointer each, to a text that lives as long as the program, so a detail may outlive the DataSet
// and the run, and a campaign's millions of inputs hold no string of their own.
struct InputRead {
  Text entity, indicator, role;  // role: "value", "numerator", "denominator", "baseline", a formula input
  Text missing_code;
  OptionalNumber value;
  int64_t row_id = 0;  // the store row (0: no row at all)
  model::Period period;
};

// Everything about one verdict, for reports, `explain` and audits.
struct Detail {
  model::Verdict verdict = model::Verdict::kError;
  // One sentence for a controller: in the item's ItemResult::reasons when a column of verdicts is
  // judged at once, its own otherwise (Explain).
  ArenaText reason;
  OptionalNumber measured;
  OptionalNumber target;
  std::optional<model::Comparator> comparator;
  OptionalNumber band_low, band_high;  // the tolerance band that gives partially_met
  using Input = InputRead;
  // Mostly one (a plain commitment's value): inline, not an allocation per verdict.
  using Inputs = boost::container::small_vector<Input, 1>;
  Inputs inputs;
  const model::Waiver* waiver = nullptr;
  std::vector<std::pair<std::string, model::Verdict>> members;  // a composite's members
  // A milestone's evidence (a copy: the detail may outlive the DataSet). Held apart, not in an
  // optional of 88 bytes: every commitment's verdict carries the field, and a campaign has millions.
  std::shared_ptr<const DataSet::Evidence> evidence;
  std::optional<int> days_late;
  bool in_scope = true;  // false: the run has no such verdict (entity or period outside the item's scope)
};

// The verdicts of one commitment or milestone of a contract.
struct ItemResult {
  const model::Commitment* commitment = nullptr;  // exactly one of these two
  const model::Milestone* milestone = nullptr;
  std::vector<Cell> cells;  // by period, then entity id
  std::vector<Detail> details;  // with EvalOptions::details: details[i] explains cells[i]; empty otherwise
  TextArenaPtr reasons;  // what its details' reasons point into (null: each reason its own)
  // How many cells of each verdict per DataSet period slot, tallied while the cells are written (the
  // scores then need no second pass over millions of cells). Empty: not tallied, count the cells.
  std::vector<std::array<int64_t, 8>> counts_by_period;
  int version = 0;  // the contract's version that judged these verdicts (0: as signed; N: after avenant N)
  const std::string& Name() const { return commitment ? commitment->name : milestone->name; }
  double Weight() const { return commitment ? commitment->weight : milestone->weight; }
};

struct ScoreTrace {
  Rational score;  // weighted, exact
  bool defined = false;  // false when no verdict of that year can be scored
  // The commitments that made it: name -> (weight, mean of its scored verdicts, how many verdicts)
  struct Part {
    std::string item;
    Rational weight, mean;
    int verdicts = 0;
  };
  std::vector<Part> parts;
};

struct PaymentResult {
  std::string name, title;
  int year = 0;
  std::string party;  // a payment made to each party (`for each party`): the party paid; empty otherwise
  std::optional<Rational> amount;  // none: could not be computed (reason says why)
  std::string reason;
  // The formula gave more than a contract can pay (model::kLargestAmount): not paid, and reported
  // (V2286) at the payment's declaration.
  bool too_large = false;
  Rational score;                  // the contract's score used (the party's own, for a payment to each party)
  // The amount the same formula gives at full compliance (a score of 1 and every commitment's mean
  // at 1, the same data otherwise): what the report shows as the amount possible. None when the
  // amount is not computed or the formula cannot be computed so.
  std::optional<Rational> full_amount;
  // The data the formula read, in order: "ald of CPTS_X in 2022 = 60", "esatis of 080000037 in 2019 =
  // 77", "class(esatis) of 080000037 in 2019 = B". Scores, parameters and tables by a parameter are not
  // listed.
  std::vector<std::string> read;
  std::vector<InputRead> inputs;  // the stored values behind `read`, for the evidence appendix and the data digest
  int version = 0;  // the contract's version whose formula paid it
};

struct ContractResult {
  const model::Contract* contract = nullptr;
  std::vector<ItemResult> items;  // commitments then milestones, declaration order
  std::map<model::Verdict, int64_t> counts;
  std::map<int, ScoreTrace> score_by_year;                       // the contract's score per year
  std::map<std::pair<std::string, int>, ScoreTrace> entity_scores;  // (entity id, year) -> score
  std::vector<PaymentResult> payments;
  // (party, year) -> that party's own score (docs/evaluation.md#party-scores): computed only when a
  // payment is made to each party or reads `score of PARTY`.
  std::map<std::pair<std::string, int>, ScoreTrace> party_scores;
  // An amended contract: the version that judged each year (VersionInForce); empty otherwise. An
  // item judged by two versions appears once per version, each with the years that version judged.
  std::map<int, int> version_by_year;
};

struct RunResult {
  model::Date as_of;
  std::vector<ContractResult> contracts;
  int64_t verdicts = 0;
};

class Evaluator {
 public:
  Evaluator(const model::Model& model, const DataSet& data, const EvalOptions& options);

  RunResult Run();
  // Recomputes one verdict with everything that went into it.
  Detail Explain(const model::Contract& contract, const std::string& item, int entity, int period);

 private:
  struct Impl;
  ContractResult EvaluateContract(Impl& impl, const model::Contract& contract, int64_t verdicts_so_far);
  // One commitment's verdicts over all its periods (item.commitment set by the caller).
  void FillCommitment(Impl& impl, const model::Commitment& c, ItemResult& item) const;
  const model::Model& model_;
  const DataSet& data_;
  EvalOptions options_;
};

// Avenants (versions.cpp). The version of `contract` that judges `year`: the one in force on the
// contract year's last day (31 December for calendar years), or on the as-of date when that is
// earlier (docs/evaluation.md#amendments).
const model::Contract& VersionInForce(const model::Contract& contract, int year, model::Date as_of);
// "initial contract", "amendment 2": a version's name in reports.
std::string VersionLabel(int version);
// One contract's result from each version's (each[v]: version v evaluated over every year): each
// year's verdicts, scores and payments from the version that judges it.
ContractResult MergeVersions(const model::Contract& contract, std::vector<ContractResult> each, const DataSet& data,
                             model::Date as_of);

// The year a commitment's baseline is read from (`baseline 2017`, `improve ... from baseline 2017`).
std::optional<int> BaselineYearOf(const model::Commitment& c);

// Text helpers shared by the CLI and the reports.
std::string VerdictLabel(model::Verdict verdict);  // "met", "partially met", ...

}  // namespace vigie::eval
