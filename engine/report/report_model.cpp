// The report model built from a run (BuildReport): contracts, items, verdict rows with their inputs
// and origins, scores and payments. report_json.cpp writes and reads it as JSON, report_summary.cpp
// summarizes a contract.
#include "engine/report/report_model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <set>
#include <tuple>
#include <type_traits>
#include <unordered_map>

#include "engine/base/calendar.h"
#include "engine/base/locale_text.h"
#include "engine/base/party_id.h"
#include "engine/base/source.h"
#include "engine/base/text.h"
#include "engine/eval/work_pool.h"
#include "engine/report/party_payments.h"
#include "engine/report/year_tally.h"

namespace vigie::report {

namespace {

namespace model = sema::model;

// "<= 55", "<= 95 % of the 2017 value, partially met up to the 2017 value", ">= 50, partially met up
// to 48 %": the rule as written (report_text.h's TargetsText and the HTML chart read its number; the
// reports give it its unit), a partially met limit written with the indicator's `unit`.
std::string TargetRuleText(const model::Commitment& c, const model::PeriodTarget& t, const std::string& unit) {
  if (!t.category.empty()) return Tr("at least {0}", t.category);
  const int year = c.baseline_year.value_or(0);
  auto bound = [&](const std::optional<std::string>& share, const std::string& text) {
    if (!share) return text;  // as written, as before
    if (*share == "100") return Tr("the {0} value", year);
    return Tr("{0} % of the {1} value", LocalizeNumber(*share), year);
  };
  std::string rule = std::string(model::Name(t.comparator)) + " " + bound(t.baseline_share, t.bound_text);
  if (t.partial) {
    const std::string limit = t.partial->baseline_share ? bound(t.partial->baseline_share, t.partial->text)
                                                        : ValueWithUnit(t.partial->text, unit);
    rule = Tr("{0}, partially met up to {1}", rule, limit);
  }
  return rule;
}

// `target by party`: each party's targets, named "08 in 2022", its own tolerance after the rule; then
// the `else` line's, named "others in 2022".
void AddPartyTargets(const model::Commitment& c, const std::string& unit, std::vector<std::pair<std::string, std::string>>& out) {
  for (const model::PartyTarget& p : c.party_targets) {
    for (const auto& t : p.targets) {
      std::string rule = TargetRuleText(c, t, unit);
      if (p.tolerance && (!c.tolerance || p.tolerance->text != c.tolerance->text || p.tolerance->kind != c.tolerance->kind)) {
        rule = Tr("{0}, tolerance {1}", rule,
                  ToleranceWithUnit(p.tolerance->text, unit, p.tolerance->kind == model::Tolerance::Kind::kRelative));
      }
      out.emplace_back(Tr("{0} in {1}", p.party, model::Format(t.period)), rule);
    }
  }
  for (const auto& t : c.targets) out.emplace_back(Tr("others in {0}", model::Format(t.period)), TargetRuleText(c, t, unit));
}

std::string UnitOf(const model::Model& m, const std::string& indicator) {
  auto it = m.indicators.find(indicator);
  return it == m.indicators.end() ? "" : std::string(model::Name(it->second.unit));
}

std::string Describe(const model::Applicability& a) {
  switch (a.kind) {
    case model::Applicability::Kind::kContractParties: return std::string(Tr("the contract's parties"));
    case model::Applicability::Kind::kGroup: return std::string(Tr("the group as a whole"));
    case model::Applicability::Kind::kEachMember:
      return std::string(a.where ? Tr("each member that passes the filter") : Tr("each member"));
    case model::Applicability::Kind::kEntities: {
      std::string out;
      for (const auto& e : a.entities) out += (out.empty() ? "" : ", ") + e;
      return a.where ? Tr("{0}, if it passes the filter", out) : out;
    }
  }
  return "";
}

Waiver MakeWaiver(const model::Waiver& w) {
  Waiver out;
  out.item = w.commitment;
  out.reason = w.reason;
  out.authority = w.authority;
  out.granted = w.granted ? model::Format(*w.granted) : "";
  out.until = w.until ? model::Format(*w.until) : "";
  std::string scope;
  for (const auto& e : w.entities) scope += (scope.empty() ? "" : ", ") + e;
  if (scope.empty()) scope = Tr("every entity");
  if (w.first) {
    const std::string years = FormatPeriod(model::Format(*w.first)) +
                              (*w.first == *w.last ? "" : ".." + FormatPeriod(model::Format(*w.last)));
    scope = Tr("{0} in {1}", scope, years);
  }
  out.scope = scope;
  return out;
}

}  // namespace

namespace {

// The item's own facts (title, clause, unit, targets as written...), before its verdicts.
Item ItemHead(const model::Model& model, const model::Contract& c, const eval::ItemResult& item_result) {
  Item item;
  item.name = item_result.Name();
  if (!c.amendments.empty()) item.version = item_result.version;
  if (const model::Commitment* commitment = item_result.commitment) {
    item.title = commitment->title;
    item.clause = commitment->clause;
    item.clause_text = commitment->clause_text;
    item.kind = commitment->composite ? "composite" : "commitment";
    item.indicator = commitment->indicator;
    if (auto it = model.indicators.find(commitment->indicator); it != model.indicators.end()) {
      item.indicator_title = it->second.title;
      item.unit = std::string(model::Name(it->second.unit));
    }
    item.applies_to = Describe(commitment->applicability);
    item.weight = commitment->weight_text;
    if (commitment->tolerance) {
      item.tolerance = ToleranceWithUnit(commitment->tolerance->text, item.unit,
                                         commitment->tolerance->kind == model::Tolerance::Kind::kRelative);
    }
    if (commitment->baseline_year) {
      // The baseline year is reported as such, not as a verdict.
      item.targets.emplace_back(model::Format(model::Period{model::PeriodKind::kYear, *commitment->baseline_year, 0}),
                                std::string(Tr("baseline: each one's own value, not judged")));
    }
    if (commitment->party_targets.empty()) {
      for (const auto& t : commitment->targets) {
        item.targets.emplace_back(model::Format(t.period), TargetRuleText(*commitment, t, item.unit));
      }
    } else {
      AddPartyTargets(*commitment, item.unit, item.targets);
    }
    // A categorical indicator's rules (`met if A or B`), with the values' names, not their ranks.
    for (const auto& rule : commitment->verdict_rules) {
      std::string named;
      for (int rank : rule.ranks) {
        if (commitment->measured && rank >= 1 && rank <= static_cast<int>(commitment->measured->categories.size())) {
          named += (named.empty() ? "" : ", ") + commitment->measured->categories[static_cast<size_t>(rank) - 1].name;
        }
      }
      for (const auto& code : rule.codes) named += (named.empty() ? "" : ", ") + ("\"" + code + "\"");
      item.targets.emplace_back("", Tr("{0} if {1}", eval::VerdictLabel(rule.verdict), named));
    }
    if (commitment->improvement) {
      const auto& imp = *commitment->improvement;
      const std::string amount = LocalizeNumber(imp.amount_text);
      item.targets.emplace_back(Tr("from {0}", imp.baseline_year),
                                imp.kind == model::Tolerance::Kind::kRelative
                                    ? Tr("improve {0} % on the {1} value", amount, imp.baseline_year)
                                    : Tr("improve {0} on the {1} value", ToleranceWithUnit(imp.amount_text, item.unit, false),
                                         imp.baseline_year));
    }
    if (commitment->composite) {
      std::string members;
      for (const auto& m : commitment->composite->members) members += (members.empty() ? "" : ", ") + m;
      const std::string rule =
          commitment->composite->kind == model::Composite::Kind::kAll   ? Tr("all of [{0}]", members)
          : commitment->composite->kind == model::Composite::Kind::kAny ? Tr("any of [{0}]", members)
                                                                        : Tr("at least {0} of [{1}]", commitment->composite->count, members);
      item.targets.emplace_back("", rule);
    }
  } else {
    const model::Milestone& m = *item_result.milestone;
    item.title = m.title;
    item.clause = m.clause;
    item.clause_text = m.clause_text;
    item.kind = "milestone";
    item.applies_to = Describe(m.applicability);
    item.weight = m.weight_text;
    item.due = model::Format(m.due);
    item.evidence = m.evidence;
  }
  return item;
}

std::shared_ptr<const Source> MakeSource(const store::ImportOrigin& h) {
  return std::make_shared<const Source>(Source{h.file_name, h.sha256, h.imported_at, h.import_id, h.declared_by, h.review_status,
                                               h.reviewed_by, h.reviewed_at, h.review_reason});
}

// What every item's rows share, made before the items are built (on several threads): each entity's
// id-level facts and each period's name, one Source per import, one Waiver per waiver (made when
// first read, under a lock: waivers are few).
class Shared {
 public:
  Shared(const model::Model& model, const eval::DataSet& data, const store::ValueOrigins& origins, TextPool& texts)
      : model_(model), origins_(origins), texts_(texts), import_sources_(origins.imports.size()),
        period_names_(static_cast<size_t>(data.PeriodCount())) {
    for (size_t k = 0; k < origins.imports.size(); ++k) {
      const store::ImportOrigin& h = origins.imports[k];
      if (!h.file_name.empty() && h.declared_by.empty()) import_sources_[k] = MakeSource(h);
    }
    for (int slot = 0; slot < data.PeriodCount(); ++slot) {
      period_names_[static_cast<size_t>(slot)] = texts.Intern(model::Format(data.PeriodAt(slot)));
    }
    entity_ids_.reserve(static_cast<size_t>(data.EntityCount()));
    entity_names_.reserve(static_cast<size_t>(data.EntityCount()));
    for (int entity = 0; entity < data.EntityCount(); ++entity) {
      entity_ids_.push_back(texts.Intern(data.EntityId(entity)));
      entity_names_.push_back(texts.Intern(data.EntityName(entity)));
    }
  }
  Text PeriodName(int slot) const { return period_names_[static_cast<size_t>(slot)]; }
  Text EntityId(int entity) const { return entity_ids_[static_cast<size_t>(entity)]; }
  Text EntityName(int entity) const { return entity_names_[static_cast<size_t>(entity)]; }
  Text Intern(std::string_view text) const { return texts_.Intern(text); }
  // The run item's reasons, kept as long as the rows that point into them.
  void Hold(const TextArenaPtr& reasons) const {
    if (reasons) texts_.Hold(reasons);
  }

  // Fetches the origins of `detail`'s inputs into the cache ahead of MakeInput: their entries in
  // the table by id, then (a few verdicts later, once the entries have come) their rows.
  void FetchOrigins(const eval::Detail& detail, bool rows) const {
    for (const eval::InputRead& in : detail.inputs) {
      if (rows) origins_.FetchRow(in.row_id);
      else origins_.FetchEntry(in.row_id);
    }
  }

  // One Source per import (every value of a file shares it), one per declared value (its review is its own).
  std::shared_ptr<const Source> SourceOf(const store::ValueOrigin& o) const {
    const store::ImportOrigin& h = origins_.imports[o.import];
    if (h.file_name.empty()) return nullptr;  // shown as no stored value
    if (!h.declared_by.empty()) return MakeSource(h);
    return import_sources_[o.import];
  }

  std::shared_ptr<const Waiver> WaiverOf(const model::Waiver* w) {
    const std::lock_guard<std::mutex> lock(waivers_lock_);
    std::shared_ptr<const Waiver>& shared = waivers_[w];
    if (!shared) shared = std::make_shared<const Waiver>(MakeWaiver(*w));
    return shared;
  }

  // What one piece of work (an item's rows, a contract's payments) keeps while it makes its inputs:
  // the last input's period and indicator (a verdict's inputs mostly share them), and the declared
  // rows it read (counted once each when the pieces are done).
  struct Inputs {
    model::Period period{};
    Text period_name, indicator, unit;
    std::vector<int64_t> declared_rows;
  };
  // A value read by a verdict or a payment, with its origin; its row counts in the data digest.
  // Its names are the run's own (Text::Static, eval::InputRead): taken as they are.
  Input MakeInput(const eval::InputRead& in, Inputs& state) const {
    Input input;
    input.entity = in.entity;
    if (in.period != state.period || state.period_name.empty()) {
      state.period = in.period;
      state.period_name = texts_.Intern(model::Format(in.period));
    }
    input.period = state.period_name;
    input.role = in.role;
    input.value = in.value;
    input.missing_code = in.missing_code;
    if (in.indicator.data() != state.indicator.data() || state.indicator.empty()) {
      state.indicator = in.indicator;
      state.unit = texts_.Intern(UnitOf(model_, in.indicator));
    }
    input.indicator = in.indicator;
    input.unit = state.unit;
    if (const store::ValueOrigin* o = origins_.Find(in.row_id)) {
      input.source = SourceOf(*o);
      input.row = static_cast<int32_t>(o->row);
      input.column = static_cast<int32_t>(o->column);
      if (!origins_.imports[o->import].declared_by.empty()) state.declared_rows.push_back(in.row_id);
    }
    return input;
  }

  // Counts the declared values read by `state`, each row once over the whole report, by its review.
  void CountDeclared(const Inputs& state) {
    for (int64_t id : state.declared_rows) {
      if (declared_rows_.insert(id).second) ++declared_values_[origins_.imports[origins_.Find(id)->import].review_status];
    }
  }
  std::map<std::string, int64_t> TakeDeclaredValues() { return std::move(declared_values_); }

 private:
  const model::Model& model_;
  const store::ValueOrigins& origins_;
  TextPool& texts_;
  std::vector<std::shared_ptr<const Source>> import_sources_;
  std::vector<Text> period_names_, entity_ids_, entity_names_;
  std::mutex waivers_lock_;
  std::map<const model::Waiver*, std::shared_ptr<const Waiver>> waivers_;
  std::set<int64_t> declared_rows_;  // the declared values read, each counted once
  std::map<std::string, int64_t> declared_values_;
};

// An item's verdict rows, from its cells and details (taken when kTake: the detail's reason moved,
// its inputs and then the item's details freed, their memory serving the next rows).
template <bool kTake, class ItemResult>
void AddRows(const eval::DataSet& data, Shared& shared, const std::vector<signed char>& groups, ItemResult& item_result,
             Item& item, Shared::Inputs& inputs, ItemTally& tally) {
  static const eval::Detail kNoDetail;
  std::vector<int64_t> counts;  // by model::Verdict: a map lookup per verdict costs more than its row
  item.verdicts.reserve(item_result.cells.size());
  const Text row_kind = Text::Static(item.kind == "milestone" ? "milestone" : "commitment");
  const Text item_name = shared.Intern(item.name);
  shared.Hold(item_result.reasons);
  // The names of the fixed vocabularies once per item (Text::Static takes the program's pool's lock).
  // kError and kNe are their enums' last values: a value added after them must be named here.
  std::array<Text, static_cast<size_t>(model::Verdict::kError) + 1> verdict_names;  // by model::Verdict
  for (size_t k = 0; k < verdict_names.size(); ++k) verdict_names[k] = Text::Static(model::Name(static_cast<model::Verdict>(k)));
  std::array<Text, static_cast<size_t>(model::Comparator::kNe) + 1> comparator_names;  // by model::Comparator
  for (size_t k = 0; k < comparator_names.size(); ++k) {
    comparator_names[k] = Text::Static(model::Name(static_cast<model::Comparator>(k)));
  }
  // How many verdicts ahead the origins of the values read are fetched (FetchOrigins): an entry then
  // a row, each some hundreds of nanoseconds away in memory, a verdict's row some tens.
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < item_result.cells.size(); ++i) {
    if (i + 2 * kAhead < item_result.details.size()) shared.FetchOrigins(item_result.details[i + 2 * kAhead], false);
    if (i + kAhead < item_result.details.size()) shared.FetchOrigins(item_result.details[i + kAhead], true);
    const eval::Cell& cell = item_result.cells[i];
    const eval::Detail& detail = i < item_result.details.size() ? item_result.details[i] : kNoDetail;
    eval::Detail* taken = nullptr;  // the detail whose reason and inputs the row takes
    if constexpr (kTake) taken = i < item_result.details.size() ? &item_result.details[i] : nullptr;
    VerdictRow& row = item.verdicts.emplace_back();
    row.item = item_name;
    row.kind = row_kind;
    row.entity = shared.EntityId(cell.entity);
    row.entity_name = shared.EntityName(cell.entity);
    row.period = shared.PeriodName(cell.period);
    row.group = groups[static_cast<size_t>(cell.entity)] == 1;
    row.verdict = verdict_names.at(static_cast<size_t>(cell.verdict));
    if (taken != nullptr) {
      row.reason = std::move(taken->reason);
    } else {
      row.reason = detail.reason;
    }
    row.measured = detail.measured;
    row.target = detail.target;
    row.band_low = detail.band_low;
    row.band_high = detail.band_high;
    if (detail.comparator) row.comparator = comparator_names.at(static_cast<size_t>(*detail.comparator));
    row.inputs.reserve(detail.inputs.size());
    for (const auto& in : detail.inputs) row.inputs.push_back(shared.MakeInput(in, inputs));
    if (taken != nullptr) decltype(taken->inputs)().swap(taken->inputs);  // its memory serves the next rows
    if (detail.waiver || !detail.members.empty() || detail.evidence || detail.days_late) {
      VerdictExtras& extras = row.EditExtras();
      if (detail.waiver) extras.waiver = shared.WaiverOf(detail.waiver);
      for (const auto& [member, verdict] : detail.members) extras.members.emplace_back(member, std::string(model::Name(verdict)));
      if (detail.evidence) {
        extras.evidence_date = model::Format(detail.evidence->produced_on);
        extras.evidence_document = detail.evidence->document;
        extras.evidence_sha256 = detail.evidence->sha256;
      }
      extras.days_late = detail.days_late;
    }
    tally.Add(i, row);  // while the row is in the cache (the summary reads no row again for its counts)
    const auto verdict_index = static_cast<size_t>(cell.verdict);
    if (verdict_index >= counts.size()) counts.resize(verdict_index + 1);
    ++counts[verdict_index];
  }
  // The rows hold all the report needs of the details (the run's record reads a copy of their measured
  // values and targets, made before: driver/evaluate.cpp): their memory serves the next items' rows.
  if constexpr (kTake) std::vector<eval::Detail>().swap(item_result.details);
  for (size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] > 0) item.counts[std::string(model::Name(static_cast<model::Verdict>(k)))] = counts[k];
  }
}

// BuildReport (Run is const eval::RunResult: each verdict's detail copied) and
// BuildReportTakingDetails (eval::RunResult: its reason and inputs taken out of the run).
template <class Run>
Report Build(const model::Model& model, const eval::DataSet& data, Run& run, const store::ValueOrigins& origins,
             const BuildOptions& options) {
  constexpr bool kTake = !std::is_const_v<Run>;
  Report report;
  report.language = std::string(LanguageCode(CurrentLanguage()));
  report.engine_version = options.engine_version;
  report.generated_at = options.generated_at;
  report.as_of = model::Format(run.as_of);
  report.data_as_of = options.data_as_of;
  report.run_id = options.run_id;
  report.store = options.store_path;
  report.rulesets = options.rulesets;
  report.data_digest = options.data_digest;
  const TextPoolPtr texts = std::make_shared<TextPool>();
  Shared shared(model, data, origins, *texts);

  for (auto& result : run.contracts) {
    const model::Contract& c = *result.contract;
    // The contract's facts (period, parties, scoring) as the version in force on the as-of date says
    // them: an avenant may extend the period, change the parties or the scoring.
    const model::Contract& facts = c.versions.empty() ? c : eval::VersionInForce(c, c.YearOf(run.as_of), run.as_of);
    Contract out;
    out.texts = texts;
    out.name = c.name;
    out.title = c.title;
    out.kind = c.kind ? std::string(model::Name(*c.kind)) : "";
    out.authority = c.authority;
    out.signed_on = c.signed_on ? model::Format(*c.signed_on) : "";
    out.period = std::to_string(c.first_year) + ".." + std::to_string(facts.last_year);
    out.year_start_month = c.year_start_month;
    out.scoring_basis = facts.scoring.basis == model::Scoring::Basis::kVerdict ? "verdict" : "commitment";
    out.scoring_basis_written = facts.scoring.basis_span.IsValid();
    if (c.year_start_month != 1 && c.first_year != 0) {  // anniversary years: their first and last month
      const model::Date first = calendar::ContractYearFirstDate(c.first_year, c.year_start_month);
      const model::Date last = calendar::ContractYearLastDate(facts.last_year, c.year_start_month);
      out.period = model::Format(model::Period{model::PeriodKind::kMonth, first.year, first.month}) + ".." +
                   model::Format(model::Period{model::PeriodKind::kMonth, last.year, last.month});
    }
    out.template_name = c.template_name;
    for (const auto& p : facts.parties) {
      out.parties.push_back(p.kind == model::Party::Kind::kGroup   ? Tr("group {0}", p.id)
                            : p.kind == model::Party::Kind::kOther ? PartyLabel(p.other_kind, p.id)
                                                                   : p.id);
    }
    for (const auto& [verdict, count] : result.counts) {
      out.counts[std::string(model::Name(verdict))] = count;
      report.counts[std::string(model::Name(verdict))] += count;
    }
    for (const auto& w : c.waivers) out.waivers.push_back(MakeWaiver(w));

    for (const model::Amendment& a : c.amendments) out.amendments.push_back({a.number, model::Format(a.effective), a.title});
    for (const auto& [year, version] : result.version_by_year) out.version_by_year[std::to_string(year)] = version;
    // Whether each entity is a group, known once per entity before the rows are made (1: a group).
    // A group party of any version (an avenant may add one).
    std::set<std::string> group_parties;
    auto add_groups = [&](const model::Contract& version) {
      for (const model::Party& p : version.parties) {
        if (p.kind == model::Party::Kind::kGroup) group_parties.insert(p.id);
      }
    };
    add_groups(c);
    for (const model::Contract& version : c.versions) add_groups(version);
    std::vector<signed char> groups(static_cast<size_t>(data.EntityCount()), 0);
    for (int entity = 0; entity < data.EntityCount(); ++entity) {
      groups[static_cast<size_t>(entity)] = data.EntityKind(entity) == "group" || group_parties.count(data.EntityId(entity)) > 0;
    }
    // Each item's rows are its own: the items are built on the run's threads, each into its place.
    int64_t rows = 0;
    for (const auto& item_result : result.items) rows += static_cast<int64_t>(item_result.cells.size());
    const int threads = rows < options.parallel_min_rows ? 1 : eval::ThreadsFor(options.jobs);
    out.items.resize(result.items.size());
    std::vector<Shared::Inputs> inputs(result.items.size());
    std::vector<ItemTally> tallies(result.items.size());
    eval::ForEachIndex(result.items.size(), threads, [&](size_t, size_t i) {
      out.items[i] = ItemHead(model, c, result.items[i]);
      out.items[i].texts = texts;
      AddRows<kTake>(data, shared, groups, result.items[i], out.items[i], inputs[i], tallies[i]);
    });
    for (const Shared::Inputs& read : inputs) shared.CountDeclared(read);
    for (const auto& [year, trace] : result.score_by_year) {
      if (!trace.defined) continue;
      Score score{std::to_string(year), "", trace.score.ToString(4), {}};
      for (const auto& part : trace.parts) {
        score.parts.push_back(ScorePart{part.item, part.weight.ToString(), part.mean.ToString(4), part.verdicts});
      }
      out.scores.push_back(std::move(score));
    }
    for (const auto& [key, trace] : result.entity_scores) {
      if (!trace.defined) continue;
      Score score{std::to_string(key.second), key.first, trace.score.ToString(4), {}};
      for (const auto& part : trace.parts) {
        score.parts.push_back(ScorePart{part.item, part.weight.ToString(), part.mean.ToString(4), part.verdicts});
      }
      out.entity_scores.push_back(std::move(score));
    }
    Shared::Inputs payment_inputs;
    for (const eval::PaymentResult& p : result.payments) {
      Payment payment;
      payment.name = p.name;
      payment.title = p.title;
      payment.year = std::to_string(p.year);
      payment.party = p.party;
      if (p.amount) payment.amount = p.amount->ToCents();
      if (p.full_amount) payment.full_amount = p.full_amount->ToCents();
      payment.score = p.score.ToString(4);
      payment.reason = p.reason;
      if (!c.amendments.empty()) payment.version = p.version;
      payment.read = p.read;
      for (const auto& in : p.inputs) payment.inputs.push_back(shared.MakeInput(in, payment_inputs));
      out.payments.push_back(std::move(payment));
    }
    shared.CountDeclared(payment_inputs);
    out.summary = SummarizeContract(out, YearTally(std::move(tallies)));
    report.contracts.push_back(std::move(out));
  }
  report.declared_values = shared.TakeDeclaredValues();
  return report;
}

}  // namespace

Report BuildReport(const model::Model& model, const eval::DataSet& data, const eval::RunResult& run,
                   const store::ValueOrigins& origins, const BuildOptions& options) {
  return Build(model, data, run, origins, options);
}

Report BuildReportTakingDetails(const model::Model& model, const eval::DataSet& data, eval::RunResult& run,
                                const store::ValueOrigins& origins, const BuildOptions& options) {
  return Build(model, data, run, origins, options);
}

namespace {
const VerdictExtras& NoExtras() {
  static const VerdictExtras none;
  return none;
}
}  // namespace

const std::vector<std::pair<std::string, std::string>>& VerdictRow::members() const { return (extras ? *extras : NoExtras()).members; }
const std::string& VerdictRow::evidence_date() const { return (extras ? *extras : NoExtras()).evidence_date; }
const std::string& VerdictRow::evidence_document() const { return (extras ? *extras : NoExtras()).evidence_document; }
const std::string& VerdictRow::evidence_sha256() const { return (extras ? *extras : NoExtras()).evidence_sha256; }

VerdictExtras& VerdictRow::EditExtras() {
  // A copy starts with a count of its own (intrusive_ref_counter's copy does not copy the count).
  boost::intrusive_ptr<VerdictExtras> own(extras ? new VerdictExtras(*extras) : new VerdictExtras);
  VerdictExtras& edited = *own;
  extras = std::move(own);
  return edited;
}

std::vector<VerdictRows> AllRows(const Contract& contract) {
  std::vector<VerdictRows> rows;
  for (const Item& item : contract.items) {
    VerdictRows& shown = rows.emplace_back();
    shown.reserve(item.verdicts.size());
    for (const VerdictRow& v : item.verdicts) shown.push_back(&v);
  }
  return rows;
}

std::vector<AppendixLine> AppendixLines(const Contract& contract) { return AppendixLines(contract, AllRows(contract)); }

std::vector<AppendixLine> AppendixLines(const Contract& contract, const std::vector<VerdictRows>& rows) {
  static const std::string kPayment;
  std::vector<AppendixLine> out;
  for (size_t i = 0; i < contract.items.size() && i < rows.size(); ++i) {
    for (const VerdictRow* v : rows[i]) {
      for (const Input& in : v->inputs) out.push_back(AppendixLine{contract.items[i].name, v->entity, v->period, v->verdict, in});
    }
  }
  for (const Payment& p : contract.payments) {
    for (const Input& in : p.inputs) out.push_back(AppendixLine{p.name, in.entity, p.year, kPayment, in});
  }
  return out;
}

}  // namespace vigie::report