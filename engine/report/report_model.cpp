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
#include <nlohmann/json.hpp>

#include "engine/base/calendar.h"
#include "engine/base/locale_text.h"
#include "engine/base/party_id.h"
#include "engine/base/source.h"
#include "engine/base/text.h"
#include "engine/eval/work_pool.h"
#include "engine/report/party_payments.h"

namespace vigie::report {

namespace {

namespace model = sema::model;
using nlohmann::ordered_json;

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
    Text period_name, entity, indicator, role, unit;
    std::vector<int64_t> declared_rows;
  };
  // A value read by a verdict or a payment, with its origin; its row counts in the data digest.
  // `entity`: the verdict's entity, whose values a verdict mostly reads (its text then needs no lookup).
  Input MakeInput(const eval::InputRead& in, Inputs& state, Text entity = Text()) const {
    Input input;
    if (in.entity == entity.str()) {
      input.entity = entity;
    } else {
      if (in.entity != state.entity.str() || state.entity.empty()) state.entity = texts_.Intern(in.entity);
      input.entity = state.entity;
    }
    if (in.period != state.period || state.period_name.empty()) {
      state.period = in.period;
      state.period_name = texts_.Intern(model::Format(in.period));
    }
    input.period = state.period_name;
    if (in.role != state.role.str() || state.role.empty()) state.role = texts_.Intern(in.role);
    input.role = state.role;
    input.value = in.value;
    if (!in.missing_code.empty()) input.missing_code = texts_.Intern(in.missing_code);
    if (in.indicator != state.indicator.str() || state.indicator.empty()) {
      state.indicator = texts_.Intern(in.indicator);
      state.unit = texts_.Intern(UnitOf(model_, in.indicator));
    }
    input.indicator = state.indicator;
    input.unit = state.unit;
    if (const store::ValueOrigin* o = origins_.Find(in.row_id)) {
      input.source = SourceOf(*o);
      input.row = o->row;
      input.column = o->column;
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
             Item& item, Shared::Inputs& inputs) {
  static const eval::Detail kNoDetail;
  std::vector<int64_t> counts;  // by model::Verdict: a map lookup per verdict costs more than its row
  item.verdicts.reserve(item_result.cells.size());
  const Text row_kind = Text::Static(item.kind == "milestone" ? "milestone" : "commitment");
  const Text item_name = shared.Intern(item.name);
  // The names of the fixed vocabularies once per item (Text::Static takes the program's pool's lock).
  // kError and kNe are their enums' last values: a value added after them must be named here.
  std::array<Text, static_cast<size_t>(model::Verdict::kError) + 1> verdict_names;  // by model::Verdict
  for (size_t k = 0; k < verdict_names.size(); ++k) verdict_names[k] = Text::Static(model::Name(static_cast<model::Verdict>(k)));
  std::array<Text, static_cast<size_t>(model::Comparator::kNe) + 1> comparator_names;  // by model::Comparator
  for (size_t k = 0; k < comparator_names.size(); ++k) {
    comparator_names[k] = Text::Static(model::Name(static_cast<model::Comparator>(k)));
  }
  for (size_t i = 0; i < item_result.cells.size(); ++i) {
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
    row.reason = taken != nullptr ? std::move(taken->reason) : detail.reason;
    row.measured = detail.measured;
    row.target = detail.target;
    row.band_low = detail.band_low;
    row.band_high = detail.band_high;
    if (detail.comparator) row.comparator = comparator_names.at(static_cast<size_t>(*detail.comparator));
    row.inputs.reserve(detail.inputs.size());
    for (const auto& in : detail.inputs) row.inputs.push_back(shared.MakeInput(in, inputs, row.entity));
    if (taken != nullptr) std::vector<eval::InputRead>().swap(taken->inputs);  // its memory serves the next rows
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
    const auto verdict_index = static_cast<size_t>(cell.verdict);
    if (verdict_index >= counts.size()) counts.resize(verdict_index + 1);
    ++counts[verdict_index];
  }
  // The rows hold all the report and the run's record need of the details (WriteResults reads their
  // measured value and target): their memory serves the next items' rows.
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
    eval::ForEachIndex(result.items.size(), threads, [&](size_t, size_t i) {
      out.items[i] = ItemHead(model, c, result.items[i]);
      out.items[i].texts = texts;
      AddRows<kTake>(data, shared, groups, result.items[i], out.items[i], inputs[i]);
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
    out.summary = SummarizeContract(out);
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

// The year of a period ("2021", "2021-T3", "2021-07" -> "2021").
std::string YearOf(const std::string& period) { return period.substr(0, 4); }

// A score written with at most 4 decimals ("0.8333", "1") in ten-thousandths, exactly.
std::optional<int64_t> TenThousandths(const std::string& score) {
  int64_t whole = 0, fraction = 0;
  size_t i = 0;
  const bool negative = !score.empty() && score[0] == '-';
  if (negative) ++i;
  if (i >= score.size()) return std::nullopt;
  for (; i < score.size() && score[i] != '.'; ++i) {
    if (score[i] < '0' || score[i] > '9') return std::nullopt;
    whole = whole * 10 + (score[i] - '0');
  }
  int digits = 0;
  if (i < score.size()) {
    for (++i; i < score.size(); ++i, ++digits) {
      if (score[i] < '0' || score[i] > '9' || digits == 4) return std::nullopt;
      fraction = fraction * 10 + (score[i] - '0');
    }
  }
  for (; digits < 4; ++digits) fraction *= 10;
  const int64_t value = whole * 10000 + fraction;
  return negative ? -value : value;
}

std::string SignedTenThousandths(int64_t v) {
  char buffer[48];
  const int64_t a = v < 0 ? -v : v;
  std::snprintf(buffer, sizeof buffer, "%s%lld.%04lld", v > 0 ? "+" : v < 0 ? "-" : "", static_cast<long long>(a / 10000),
                static_cast<long long>(a % 10000));
  return buffer;
}

}  // namespace

ContractSummary SummarizeContract(const Contract& c) {
  ContractSummary out;
  // The latest assessed year.
  std::string latest;
  for (const Item& item : c.items) {
    for (const VerdictRow& v : item.verdicts) {
      if (v.verdict == "pending" || v.verdict == "not_applicable") continue;
      latest = std::max(latest, YearOf(v.period));
    }
  }
  if (latest.empty()) return out;
  const std::string previous = std::to_string(std::atoi(latest.c_str()) - 1);
  auto position = [&](const std::string& year) {
    std::optional<YearPosition> p;
    for (const Item& item : c.items) {
      for (const VerdictRow& v : item.verdicts) {
        if (YearOf(v.period) != year) continue;
        if (!p) p = YearPosition{year, {}, {}, std::nullopt};
        ++(v.group ? p->group_counts : p->counts)[v.verdict];
      }
    }
    if (p) {
      for (const Score& s : c.scores) {
        if (s.year == year && s.entity.empty()) p->score = s.value;
      }
    }
    return p;
  };
  out.latest = position(latest);
  out.previous = position(previous);
  if (out.previous) {
    auto changes = [](const std::map<std::string, int64_t>& now, const std::map<std::string, int64_t>& before) {
      std::map<std::string, int64_t> delta;
      for (const auto& [verdict, n] : now) delta[verdict] += n;
      for (const auto& [verdict, n] : before) delta[verdict] -= n;
      return delta;
    };
    out.count_changes = changes(out.latest->counts, out.previous->counts);
    out.group_count_changes = changes(out.latest->group_counts, out.previous->group_counts);
    if (out.latest->score && out.previous->score) {
      const auto now = TenThousandths(*out.latest->score), before = TenThousandths(*out.previous->score);
      if (now && before) out.score_change = SignedTenThousandths(*now - *before);
    }
  }
  for (const Payment& p : c.payments) {
    if (p.year != latest) continue;
    out.payment_name = p.name;
    out.payment_title = p.title;
    out.payment = p.amount;
    out.payment_possible = p.amount ? p.full_amount : std::nullopt;
    out.payment_reason = p.amount ? "" : p.reason;
    if (!p.party.empty()) {  // a payment made to each party: its total over the parties
      for (const PartyPaymentTotal& total : PartyPaymentTotals(c)) {
        if (total.name != p.name || total.year != p.year) continue;
        out.payment = total.not_computed == 0 ? total.amount : std::nullopt;
        out.payment_possible = out.payment ? total.full_amount : std::nullopt;
        out.payment_reason = out.payment ? "" : Tr("{0} of {1} parties not computed", total.not_computed, total.parties);
      }
    }
  }
  // The matrix: entities (members by id, then groups) x items with a verdict that year.
  std::map<std::pair<bool, std::string>, MatrixRow> rows;
  std::vector<const Item*> items;
  for (const Item& item : c.items) {
    bool any = false;
    for (const VerdictRow& v : item.verdicts) any = any || YearOf(v.period) == latest;
    if (!any) continue;
    items.push_back(&item);
    out.items.push_back(item.name);
  }
  for (size_t k = 0; k < items.size(); ++k) {
    for (const VerdictRow& v : items[k]->verdicts) {
      if (YearOf(v.period) != latest) continue;
      MatrixRow& row = rows[{v.group, v.entity}];
      if (row.cells.empty()) {
        row.entity = v.entity;
        row.entity_name = v.entity_name;
        row.group = v.group;
        row.cells.resize(items.size());
      }
      row.cells[k].emplace_back(v.period, v.verdict);
    }
  }
  for (auto& [key, row] : rows) {
    for (auto& cell : row.cells) std::stable_sort(cell.begin(), cell.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out.rows.push_back(std::move(row));
  }
  return out;
}

std::vector<size_t> MatrixColumns(const ContractSummary& summary, bool group) {
  std::vector<size_t> columns;
  for (size_t k = 0; k < summary.items.size(); ++k) {
    for (const MatrixRow& row : summary.rows) {
      if (row.group == group && k < row.cells.size() && !row.cells[k].empty()) {
        columns.push_back(k);
        break;
      }
    }
  }
  return columns;
}

namespace {

ordered_json Optional(const std::optional<double>& value) { return value ? ordered_json(*value) : ordered_json(nullptr); }

// Schema 2 names each source once, in the report's `sources`: its id there (1, 2...), in the order
// the report first reads it (verdicts, then payments, contract by contract); two Source objects
// with the same texts are one entry.
class SourceIds {
 public:
  explicit SourceIds(const Report& report) {
    for (const Contract& c : report.contracts) {
      for (const Item& item : c.items) {
        for (const VerdictRow& v : item.verdicts) {
          for (const Input& in : v.inputs) Add(in.source.get());
        }
      }
      for (const Payment& p : c.payments) {
        for (const Input& in : p.inputs) Add(in.source.get());
      }
    }
  }
  // The id of a source the report reads (the values of one import share one: the last is kept).
  int64_t IdOf(const Source& source) const {
    if (&source != last_) {
      last_ = &source;
      last_id_ = ids_.at(&source);
    }
    return last_id_;
  }
  const std::vector<const Source*>& Entries() const { return entries_; }

 private:
  using Texts = std::tuple<int64_t, std::string_view, std::string_view, std::string_view, std::string_view,
                           std::string_view, std::string_view, std::string_view, std::string_view>;
  void Add(const Source* source) {
    if (!source || source == added_last_) return;
    added_last_ = source;
    if (ids_.count(source)) return;
    const Texts texts{source->import_id,   source->file,        source->sha256,      source->imported_at,
                      source->declared_by, source->declaration, source->reviewed_by, source->reviewed_at,
                      source->review_reason};
    const auto [entry, added] = by_texts_.emplace(texts, static_cast<int64_t>(entries_.size()) + 1);
    if (added) entries_.push_back(source);
    ids_.emplace(source, entry->second);
  }

  std::unordered_map<const Source*, int64_t> ids_;
  std::map<Texts, int64_t> by_texts_;
  std::vector<const Source*> entries_;
  const Source* added_last_ = nullptr;
  mutable const Source* last_ = nullptr;
  mutable int64_t last_id_ = 0;
};

ordered_json TextOrNull(const std::string& text) { return text.empty() ? ordered_json(nullptr) : ordered_json(text); }

// An entry of `sources`: an import (file, sha256, when), and for a value declared through `vigie
// serve` its declaration and review.
ordered_json SourceJson(int64_t id, const Source& source) {
  ordered_json j{{"id", id},
                 {"file", source.file},
                 {"sha256", source.sha256},
                 {"import_id", source.import_id},
                 {"imported_at", source.imported_at}};
  j["declared"] = source.declared_by.empty() ? ordered_json(nullptr)
                                             : ordered_json{{"by", source.declared_by},
                                                            {"status", source.declaration},
                                                            {"reviewed_by", TextOrNull(source.reviewed_by)},
                                                            {"reviewed_at", TextOrNull(source.reviewed_at)},
                                                            {"reason", TextOrNull(source.review_reason)}};
  return j;
}

ordered_json InputJson(const Input& in, const SourceIds& sources) {
  ordered_json j;
  j["entity"] = in.entity;
  j["indicator"] = in.indicator;
  j["period"] = in.period;
  j["role"] = in.role;
  j["value"] = Optional(in.value);
  j["missing_code"] = in.value ? ordered_json(nullptr) : ordered_json(in.missing_code);
  j["unit"] = in.unit;
  j["source"] = in.source ? ordered_json(sources.IdOf(*in.source)) : ordered_json(nullptr);
  j["row"] = in.source ? ordered_json(in.row) : ordered_json(nullptr);
  j["column"] = in.source ? ordered_json(in.column) : ordered_json(nullptr);
  return j;
}

// A contract's `entities`: each entity of its verdicts once, by id, with its name and whether it is
// a group.
ordered_json EntitiesJson(const Contract& c) {
  std::unordered_map<std::string_view, const VerdictRow*> first;
  for (const Item& item : c.items) {
    for (const VerdictRow& v : item.verdicts) first.emplace(v.entity, &v);
  }
  std::vector<const VerdictRow*> rows;
  rows.reserve(first.size());
  for (const auto& [entity, v] : first) rows.push_back(v);
  std::sort(rows.begin(), rows.end(), [](const VerdictRow* a, const VerdictRow* b) { return a->entity < b->entity; });
  ordered_json entities = ordered_json::array();
  for (const VerdictRow* v : rows) entities.push_back(ordered_json{{"id", v->entity}, {"name", v->entity_name}, {"group", v->group}});
  return entities;
}

ordered_json WaiverJson(const Waiver& w) {
  return ordered_json{{"item", w.item},       {"scope", w.scope}, {"reason", w.reason},
                      {"authority", w.authority}, {"granted", w.granted.empty() ? ordered_json(nullptr) : ordered_json(w.granted)},
                      {"until", w.until.empty() ? ordered_json(nullptr) : ordered_json(w.until)}};
}

ordered_json ScoreJson(const Score& s) {
  ordered_json j;
  j["year"] = s.year;
  if (!s.entity.empty()) j["entity"] = s.entity;
  j["score"] = s.value;
  ordered_json parts = ordered_json::array();
  for (const auto& p : s.parts) {
    parts.push_back(ordered_json{{"item", p.item}, {"weight", p.weight}, {"mean", p.mean}, {"verdicts", p.verdicts}});
  }
  j["parts"] = parts;
  return j;
}

// The JSON report written piece by piece, in exactly the bytes nlohmann's dump(2) gives for the
// whole document: a campaign's report (millions of verdicts) is never one tree nor one string.
// Each leaf object (a verdict, a score) is built and dumped on its own, then indented to its depth
// (a dumped string never holds a raw line break, so every '\n' starts a line of the object).
class JsonOut {
 public:
  explicit JsonOut(const std::function<void(std::string_view)>& sink)
      : sink_(sink), buffer_(std::make_unique<char[]>(kBufferSize)) {}
  // No flush here: the writer flushes at its end; a sink that stopped the writing by throwing
  // must not be called again while that exception unwinds.
  ~JsonOut() = default;
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  // Every byte goes through here, millions of small pieces a campaign: copied into a fixed buffer
  // handed to the sink when full (a std::string's append and a size check per piece cost more).
  void Raw(std::string_view text) {
    if (text.size() > kBufferSize - size_) {
      Flush();
      if (text.size() > kBufferSize) return sink_(text);
    }
    std::memcpy(buffer_.get() + size_, text.data(), text.size());
    size_ += text.size();
  }
  void Raw(char ch) {
    if (size_ == kBufferSize) Flush();
    buffer_[size_++] = ch;
  }
  // `text` between two quotes, in one copy.
  void Quoted(std::string_view text) {
    if (text.size() + 2 > kBufferSize - size_) {
      Raw('"'), Raw(text), Raw('"');
      return;
    }
    char* at = buffer_.get() + size_;
    *at++ = '"';
    std::memcpy(at, text.data(), text.size());
    at[text.size()] = '"';
    size_ += text.size() + 2;
  }
  void NewLine(int depth) {
    static constexpr std::string_view kSpaces = "                                                                ";
    Raw('\n');
    for (size_t spaces = static_cast<size_t>(depth) * 2; spaces > 0;) {
      const size_t n = std::min(spaces, kSpaces.size());
      Raw(kSpaces.substr(0, n));
      spaces -= n;
    }
  }
  // `value` as dump(2) writes it when it sits `depth` levels deep.
  void Value(const ordered_json& value, int depth) {
    const std::string text = value.dump(2);
    size_t start = 0;
    for (size_t line_end = text.find('\n'); line_end != std::string::npos; line_end = text.find('\n', start)) {
      Raw(std::string_view(text).substr(start, line_end - start));
      NewLine(depth);
      start = line_end + 1;
    }
    Raw(std::string_view(text).substr(start));
  }
  // An object whose members are written in order; the member named `streamed` (null in `object`,
  // holding its place) is written by `write_streamed(depth + 1)` instead.
  void Object(const ordered_json& object, int depth, std::string_view streamed,
              const std::function<void(int)>& write_streamed) {
    if (object.empty()) return Raw("{}");
    OpenObject(object, depth, streamed, write_streamed);
    NewLine(depth);
    Raw("}");
  }
  // The same object left open after its last member (`object` not empty): more members may follow.
  void OpenObject(const ordered_json& object, int depth, std::string_view streamed,
                  const std::function<void(int)>& write_streamed) {
    Raw("{");
    bool first = true;
    for (auto member = object.begin(); member != object.end(); ++member) {
      if (!first) Raw(",");
      first = false;
      NewLine(depth + 1);
      Raw(ordered_json(member.key()).dump());
      Raw(": ");
      if (member.key() == streamed) write_streamed(depth + 1);
      else Value(member.value(), depth + 1);
    }
  }
  // An array of `items`, each written by `write(item, depth + 1)` on a line of its own, indented to
  // its depth (`indent_items`) or not at all (a campaign's one-line verdicts).
  template <class Items, class Write>
  void Array(const Items& items, int depth, const Write& write, bool indent_items = true) {
    if (items.empty()) return Raw("[]");
    Raw("[");
    bool first = true;
    for (const auto& item : items) {
      if (!first) Raw(",");
      first = false;
      NewLine(indent_items ? depth + 1 : 0);
      write(item, depth + 1);
    }
    NewLine(depth);
    Raw("]");
  }
  void Flush() {
    if (size_ == 0) return;
    sink_(std::string_view(buffer_.get(), size_));
    size_ = 0;
  }

 private:
  static constexpr size_t kBufferSize = 1 << 16;
  const std::function<void(std::string_view)>& sink_;
  std::unique_ptr<char[]> buffer_;
  size_t size_ = 0;
};

// A verdict written straight into the report in the bytes nlohmann's dump(2) of its object would give
// (VerdictLayout::kIndented), or its dump() on one line (kOneLine), without building a JSON tree per
// verdict (millions in a campaign): strings escaped as nlohmann escapes them, doubles by nlohmann's
// own shortest form, the rare parts (a waiver, a composite's members, a milestone's evidence) through
// nlohmann itself.
class VerdictWriter {
 public:
  VerdictWriter(JsonOut& out, VerdictLayout layout, const SourceIds& sources)
      : out_(out), one_line_(layout == VerdictLayout::kOneLine), sources_(sources) {}

  void Verdict(const VerdictRow& v, int depth) {
    Open();
    Key(depth + 1, "entity"), Text(v.entity);
    Key(depth + 1, "period"), Text(v.period);
    Key(depth + 1, "verdict"), Text(v.verdict);
    Key(depth + 1, "reason"), Text(v.reason);
    Key(depth + 1, "measured"), Number(v.measured);
    Key(depth + 1, "target"), Number(v.target);
    Key(depth + 1, "comparator"), TextOrNull(v.comparator);
    Key(depth + 1, "band");
    if (v.band_low) {
      out_.Raw('[');
      Break(depth + 2), Number(v.band_low), out_.Raw(',');
      Break(depth + 2), Number(v.band_high);
      Break(depth + 1), out_.Raw(']');
    } else {
      out_.Raw("null");
    }
    Key(depth + 1, "inputs");
    if (v.inputs.empty()) {
      out_.Raw("[]");
    } else {
      out_.Raw('[');
      for (size_t i = 0; i < v.inputs.size(); ++i) {
        if (i > 0) out_.Raw(',');
        Break(depth + 2);
        InputObject(v.inputs[i], depth + 2);
      }
      Break(depth + 1), out_.Raw(']');
    }
    Key(depth + 1, "waiver");
    if (v.waiver()) Value(WaiverJson(*v.waiver()), depth + 1);
    else out_.Raw("null");
    Key(depth + 1, "members");
    if (v.members().empty()) {
      out_.Raw("[]");
    } else {
      ordered_json members = ordered_json::array();
      for (const auto& [member, verdict] : v.members()) members.push_back(ordered_json{{"item", member}, {"verdict", verdict}});
      Value(members, depth + 1);
    }
    Key(depth + 1, "evidence");
    if (v.evidence_date().empty()) {
      out_.Raw("null");
    } else {
      Value(ordered_json{{"date", v.evidence_date()}, {"document", v.evidence_document()}, {"sha256", v.evidence_sha256()}},
            depth + 1);
    }
    Key(depth + 1, "days_late");
    if (v.days_late()) Integer(*v.days_late());
    else out_.Raw("null");
    Close(depth);
  }

 private:
  void InputObject(const Input& in, int depth) {
    Open();
    Key(depth + 1, "entity"), Text(in.entity);
    Key(depth + 1, "indicator"), Text(in.indicator);
    Key(depth + 1, "period"), Text(in.period);
    Key(depth + 1, "role"), Text(in.role);
    Key(depth + 1, "value"), Number(in.value);
    Key(depth + 1, "missing_code");
    if (in.value) out_.Raw("null");
    else Text(in.missing_code);
    Key(depth + 1, "unit"), Text(in.unit);
    if (in.source) {
      Key(depth + 1, "source"), Integer(sources_.IdOf(*in.source));
      Key(depth + 1, "row"), Integer(in.row);
      Key(depth + 1, "column"), Integer(in.column);
    } else {
      Key(depth + 1, "source"), out_.Raw("null");
      Key(depth + 1, "row"), out_.Raw("null");
      Key(depth + 1, "column"), out_.Raw("null");
    }
    Close(depth);
  }

  void Open() {
    out_.Raw('{');
    first_ = true;
  }
  void Close(int depth) {
    Break(depth);
    out_.Raw('}');
    first_ = false;
  }
  // A line break indented to `depth`, as dump(2) puts between members; nothing on one line.
  void Break(int depth) {
    if (!one_line_) out_.NewLine(depth);
  }
  // A part written by nlohmann: dump(2) indented to `depth`, or dump() on one line.
  void Value(const ordered_json& value, int depth) {
    if (one_line_) out_.Raw(value.dump());
    else out_.Value(value, depth);
  }
  // `"name": ` on its own line (`"name":` on one line), after a comma unless it is the object's
  // first member.
  void Key(int depth, std::string_view name) {
    if (!first_) out_.Raw(',');
    first_ = false;
    Break(depth);
    out_.Quoted(name);
    out_.Raw(':');
    if (!one_line_) out_.Raw(' ');
  }
  void Text(std::string_view text) {
    static constexpr std::array<bool, 256> kEscaped = [] {
      std::array<bool, 256> escaped{};
      for (int b = 0; b < 0x20; ++b) escaped[b] = true;
      escaped['"'] = escaped['\\'] = true;
      return escaped;
    }();
    bool plain = true;
    unsigned bits = 0;  // the bytes or'ed: below 0x80, every byte is ASCII
    for (const char ch : text) {
      const auto b = static_cast<unsigned char>(ch);
      if (kEscaped[b]) {
        plain = false;
        break;
      }
      bits |= b;
    }
    if (plain && (bits < 0x80 || FindInvalidUtf8(text) == std::string_view::npos)) {  // what nlohmann's dump accepts
      out_.Quoted(text);
    } else {
      out_.Raw(ordered_json(std::string(text)).dump());  // escapes, or throws on bad UTF-8, as dump does
    }
  }
  void TextOrNull(std::string_view text) {
    if (text.empty()) out_.Raw("null");
    else Text(text);
  }
  // A double in nlohmann's shortest form. The last few are kept written: the verdicts of one item
  // and period, one after the other, share their target and band, and a value read is the value
  // measured.
  void Number(const std::optional<double>& value) {
    if (!value || !std::isfinite(*value)) return out_.Raw("null");
    const auto bits = std::bit_cast<uint64_t>(*value);
    for (const NumberText& known : numbers_) {
      if (known.size > 0 && known.bits == bits) return out_.Raw(std::string_view(known.text.data(), known.size));
    }
    NumberText& written = numbers_[next_number_];
    next_number_ = (next_number_ + 1) % numbers_.size();
    char* end = nlohmann::detail::to_chars(written.text.data(), written.text.data() + written.text.size(), *value);
    written.bits = bits;
    written.size = static_cast<size_t>(end - written.text.data());
    out_.Raw(std::string_view(written.text.data(), written.size));
  }
  void Integer(int64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.Raw(std::string_view(buffer, static_cast<size_t>(result.ptr - buffer)));
  }

  struct NumberText {
    uint64_t bits = 0;
    size_t size = 0;  // 0: none yet
    std::array<char, 64> text{};
  };

  JsonOut& out_;
  const bool one_line_;
  const SourceIds& sources_;
  bool first_ = true;
  std::array<NumberText, 4> numbers_{};
  size_t next_number_ = 0;
};

// An item without its verdicts ("verdicts" holds its place).
ordered_json ItemJson(const Item& item) {
  ordered_json ji;
  ji["name"] = item.name;
  ji["title"] = item.title;
  ji["clause"] = item.clause;
  ji["clause_text"] = item.clause_text.empty() ? ordered_json(nullptr) : ordered_json(item.clause_text);
  ji["kind"] = item.kind;
  ji["indicator"] = item.indicator.empty() ? ordered_json(nullptr) : ordered_json(item.indicator);
  ji["unit"] = item.unit.empty() ? ordered_json(nullptr) : ordered_json(item.unit);
  ji["applies_to"] = item.applies_to;
  ji["weight"] = item.weight;
  ji["tolerance"] = item.tolerance.empty() ? ordered_json(nullptr) : ordered_json(item.tolerance);
  ji["due"] = item.due.empty() ? ordered_json(nullptr) : ordered_json(item.due);
  ordered_json targets = ordered_json::array();
  for (const auto& [period, rule] : item.targets) targets.push_back(ordered_json{{"period", period}, {"rule", rule}});
  ji["targets"] = targets;
  ji["counts"] = item.counts;
  if (item.version) ji["version"] = *item.version;
  ji["verdicts"] = nullptr;
  return ji;
}

// A contract without its items ("items" holds their place).
ordered_json ContractJson(const Contract& c, const SourceIds& sources) {
  ordered_json jc;
  jc["name"] = c.name;
  jc["title"] = c.title;
  jc["kind"] = c.kind;
  jc["authority"] = c.authority;
  jc["signed"] = c.signed_on.empty() ? ordered_json(nullptr) : ordered_json(c.signed_on);
  jc["period"] = c.period;
  if (c.year_start_month != 1) jc["year_start_month"] = c.year_start_month;  // years named by ContractYearOf
  jc["scoring"] = ordered_json{{"basis", c.scoring_basis}, {"written", c.scoring_basis_written}};
  jc["template"] = c.template_name.empty() ? ordered_json(nullptr) : ordered_json(c.template_name);
  jc["parties"] = c.parties;
  jc["counts"] = c.counts;
  jc["entities"] = EntitiesJson(c);
  jc["items"] = nullptr;
  ordered_json waivers = ordered_json::array();
  for (const auto& w : c.waivers) waivers.push_back(WaiverJson(w));
  jc["waivers"] = waivers;
  ordered_json scores = ordered_json::array(), entity_scores = ordered_json::array();
  for (const auto& s : c.scores) scores.push_back(ScoreJson(s));
  for (const auto& s : c.entity_scores) entity_scores.push_back(ScoreJson(s));
  jc["scores"] = scores;
  jc["entity_scores"] = entity_scores;
  ordered_json payments = ordered_json::array();
  for (const auto& p : c.payments) {
    ordered_json& jp = payments.emplace_back(ordered_json{{"name", p.name},
                                    {"title", p.title},
                                    {"year", p.year},
                                    {"amount_eur", p.amount ? ordered_json(*p.amount) : ordered_json(nullptr)},
                                    {"score", p.score},
                                    {"reason", p.reason.empty() ? ordered_json(nullptr) : ordered_json(p.reason)},
                                    {"read", p.read},
                                    {"inputs", [&] {
                                       ordered_json inputs = ordered_json::array();
                                       for (const Input& in : p.inputs) inputs.push_back(InputJson(in, sources));
                                       return inputs;
                                     }()}});
    if (p.version) jp["version"] = *p.version;
    if (!p.party.empty()) jp["party"] = p.party;
  }
  jc["payments"] = payments;
  if (!c.amendments.empty()) {
    ordered_json amendments = ordered_json::array();
    for (const auto& a : c.amendments) {
      amendments.push_back(ordered_json{{"number", a.number}, {"effective", a.effective}, {"title", a.title}});
    }
    jc["amendments"] = amendments;
    ordered_json versions = ordered_json::object();
    for (const auto& [year, version] : c.version_by_year) versions[year] = version;
    jc["version_by_year"] = versions;
  }
  return jc;
}

}  // namespace

void WriteJsonBody(const Report& report, const std::function<void(std::string_view)>& sink, VerdictLayout layout) {
  const SourceIds sources(report);
  ordered_json root;
  root["schema_version"] = report.schema_version;
  root["language"] = report.language;
  root["engine"] = report.engine;
  root["engine_version"] = report.engine_version;
  root["generated_at"] = report.generated_at;
  root["as_of"] = report.as_of;
  root["data_as_of"] = TextOrNull(report.data_as_of);
  root["run_id"] = report.run_id;
  root["store"] = report.store;
  root["data_digest"] = report.data_digest;
  ordered_json rulesets = ordered_json::array();
  for (const auto& r : report.rulesets) rulesets.push_back(ordered_json{{"path", r.path}, {"sha256", r.sha256}});
  root["rulesets"] = rulesets;
  root["counts"] = report.counts;
  if (!report.declared_values.empty()) root["declared_values"] = report.declared_values;
  ordered_json source_entries = ordered_json::array();
  for (const Source* source : sources.Entries()) {
    source_entries.push_back(SourceJson(static_cast<int64_t>(source_entries.size()) + 1, *source));
  }
  root["sources"] = source_entries;
  root["contracts"] = nullptr;
  JsonOut out(sink);
  out.OpenObject(root, 0, "contracts", [&](int depth) {
    out.Array(report.contracts, depth, [&](const Contract& c, int contract_depth) {
      out.Object(ContractJson(c, sources), contract_depth, "items", [&](int items_depth) {
        out.Array(c.items, items_depth, [&](const Item& item, int item_depth) {
          out.Object(ItemJson(item), item_depth, "verdicts", [&](int verdicts_depth) {
            VerdictWriter writer(out, layout, sources);
            out.Array(
                item.verdicts, verdicts_depth, [&](const VerdictRow& v, int verdict_depth) { writer.Verdict(v, verdict_depth); },
                layout == VerdictLayout::kIndented);
          });
        });
      });
    });
  });
  out.Flush();
}

void WriteJsonEnd(const Report& report, const std::function<void(std::string_view)>& sink) {
  ordered_json files = ordered_json::array();
  for (const auto& f : report.files) files.push_back(ordered_json{{"name", f.name}, {"sha256", f.sha256}});
  JsonOut out(sink);
  out.Raw(",");
  out.NewLine(1);
  out.Raw("\"files\": ");
  out.Value(files, 1);
  out.NewLine(0);
  out.Raw("}\n");
  out.Flush();
}

void WriteJson(const Report& report, const std::function<void(std::string_view)>& sink, VerdictLayout layout) {
  WriteJsonBody(report, sink, layout);
  WriteJsonEnd(report, sink);
}

std::string RenderJson(const Report& report, VerdictLayout layout) {
  std::string text;
  WriteJson(report, [&](std::string_view piece) { text.append(piece); }, layout);
  return text;
}

std::string ScoringBasisText(const Contract& contract) {
  if (contract.scoring_basis == "verdict") {
    return std::string(Tr("by verdict: every verdict counts, weighted by its commitment's weight"));
  }
  return contract.scoring_basis_written
             ? std::string(Tr("by commitment: each commitment's mean over its verdicts, weighted"))
             : std::string(Tr("by commitment: each commitment's mean over its verdicts, weighted (the default)"));
}

std::string YearLabel(const Contract& contract, const std::string& period) {
  const bool year = period.size() == 4 && std::all_of(period.begin(), period.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (year && contract.year_start_month != 1) return calendar::FormatContractYear(std::stoi(period), contract.year_start_month);
  return FormatPeriod(period);
}

namespace {

// A report that parses as JSON but says something vigie never writes: why, in the reader's words.
struct ReportProblem : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A source as both schemas write it (schema 1 inside each input, schema 2 in `sources`).
Source SourceFromJson(const ordered_json& j) {
  Source source;
  source.file = j.at("file");
  source.sha256 = j.at("sha256");
  source.import_id = j.at("import_id");
  source.imported_at = j.at("imported_at");
  if (const auto declared = j.find("declared"); declared != j.end() && declared->is_object()) {
    auto text = [&](const char* key) {
      const auto found = declared->find(key);
      return found != declared->end() && found->is_string() ? found->get<std::string>() : std::string();
    };
    source.declared_by = text("by");
    source.declaration = text("status");
    source.reviewed_by = text("reviewed_by");
    source.reviewed_at = text("reviewed_at");
    source.review_reason = text("reason");
  }
  return source;
}

// The reading side of InputJson and ScoreJson: what `vigie verify` compares (values, their origin,
// scores). The sources an input names: schema 2's `sources` by id; schema 1's, each written whole
// in its input, gathered here so that the values of one import share one (as BuildReport makes them).
// A source without a file (written by no vigie) is read as no stored value.
struct SourcesRead {
  bool by_id = false;  // schema 2
  std::map<int64_t, std::shared_ptr<const Source>> by_id_entries;
  std::map<std::tuple<int64_t, std::string, std::string, std::string>, std::shared_ptr<const Source>> by_texts;

  void ReadEntries(const ordered_json& entries) {
    by_id = true;
    for (const auto& entry : entries) {
      Source source = SourceFromJson(entry);
      const ordered_json& id = entry.at("id");
      if (!id.is_number_integer()) throw ReportProblem(Tr("a source's id {0} is not a whole number", id.dump()));
      const bool added = by_id_entries
                             .emplace(id.get<int64_t>(), source.file.empty() ? nullptr : std::make_shared<const Source>(std::move(source)))
                             .second;
      if (!added) throw ReportProblem(Tr("two entries of \"sources\" have the id {0}", id.dump()));
    }
  }
  std::shared_ptr<const Source> Written(Source source) {  // schema 1
    if (source.file.empty()) return nullptr;
    if (!source.declared_by.empty()) return std::make_shared<const Source>(std::move(source));
    std::shared_ptr<const Source>& shared = by_texts[{source.import_id, source.file, source.sha256, source.imported_at}];
    if (!shared) shared = std::make_shared<const Source>(std::move(source));
    return shared;
  }
  std::shared_ptr<const Source> Named(const ordered_json& id) const {  // schema 2
    const auto found = id.is_number_integer() ? by_id_entries.find(id.get<int64_t>()) : by_id_entries.end();
    if (found == by_id_entries.end()) throw ReportProblem(Tr("an input names the source {0}, which no entry of \"sources\" has", id.dump()));
    return found->second;
  }
};

// A text of the report (a string: at() throws otherwise), held in its pool.
Text Pooled(TextPool& texts, const ordered_json& j) { return texts.Intern(j.get_ref<const std::string&>()); }

Input InputFromJson(const ordered_json& j, SourcesRead& sources, TextPool& texts) {
  Input in;
  in.entity = Pooled(texts, j.at("entity"));
  in.indicator = Pooled(texts, j.at("indicator"));
  in.period = Pooled(texts, j.at("period"));
  in.role = Pooled(texts, j.at("role"));
  if (!j.at("value").is_null()) in.value = j["value"].get<double>();
  if (!j.at("missing_code").is_null()) in.missing_code = Pooled(texts, j["missing_code"]);
  in.unit = Pooled(texts, j.at("unit"));
  const ordered_json& source = j.at("source");
  if (source.is_null()) return in;
  const ordered_json& place = sources.by_id ? j : source;  // schema 2: row and column beside the source's id
  in.row = place.at("row");
  in.column = place.at("column");
  in.source = sources.by_id ? sources.Named(source) : sources.Written(SourceFromJson(source));
  return in;
}

Score ScoreFromJson(const ordered_json& j) {
  Score s;
  s.year = j.at("year");
  s.entity = j.value("entity", "");
  s.value = j.at("score");
  if (const auto parts = j.find("parts"); parts != j.end() && parts->is_array()) {
    for (const auto& p : *parts) s.parts.push_back(ScorePart{p.at("item"), p.at("weight"), p.at("mean"), p.at("verdicts")});
  }
  return s;
}

// The text under `key`, "" when it is absent or null (what RenderJson writes for an empty one).
std::string TextOf(const ordered_json& j, const char* key) {
  const auto found = j.find(key);
  return found != j.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::map<std::string, int64_t> CountsOf(const ordered_json& j) {
  std::map<std::string, int64_t> counts;
  if (const auto found = j.find("counts"); found != j.end() && found->is_object()) {
    for (const auto& [verdict, count] : found->items()) {
      if (count.is_number_integer()) counts[verdict] = count.get<int64_t>();
    }
  }
  return counts;
}

Waiver WaiverFromJson(const ordered_json& j) {
  return Waiver{TextOf(j, "item"), TextOf(j, "reason"), TextOf(j, "authority"), TextOf(j, "granted"), TextOf(j, "until"),
                TextOf(j, "scope")};
}

// The rest of a verdict RenderJson writes: what the HTML and CSV reports show beside its label. Its
// trajectory point is the verdict itself, as BuildReport makes it.
void ReadVerdictDetail(const ordered_json& jv, VerdictRow& v, TextPool& texts) {
  v.reason = TextOf(jv, "reason");
  v.comparator = texts.Intern(TextOf(jv, "comparator"));
  if (const auto band = jv.find("band"); band != jv.end() && band->is_array() && band->size() == 2 && (*band)[0].is_number() &&
      (*band)[1].is_number()) {
    v.band_low = (*band)[0].get<double>();
    v.band_high = (*band)[1].get<double>();
  }
  if (const auto waiver = jv.find("waiver"); waiver != jv.end() && waiver->is_object()) {
    v.EditExtras().waiver = std::make_shared<const Waiver>(WaiverFromJson(*waiver));
  }
  if (const auto members = jv.find("members"); members != jv.end() && members->is_array() && !members->empty()) {
    VerdictExtras& extras = v.EditExtras();
    for (const auto& m : *members) extras.members.emplace_back(m.at("item"), m.at("verdict"));
  }
  if (const auto late = jv.find("days_late"); late != jv.end() && late->is_number_integer()) v.EditExtras().days_late = late->get<int>();
  if (const auto evidence = jv.find("evidence"); evidence != jv.end() && evidence->is_object()) {
    VerdictExtras& extras = v.EditExtras();
    extras.evidence_date = evidence->value("date", "");
    extras.evidence_document = evidence->value("document", "");
    extras.evidence_sha256 = evidence->value("sha256", "");
  }
}

void ReadItemDetail(const ordered_json& ji, Item& item) {
  item.title = TextOf(ji, "title");
  item.clause = TextOf(ji, "clause");
  item.clause_text = TextOf(ji, "clause_text");
  item.indicator = TextOf(ji, "indicator");
  item.unit = TextOf(ji, "unit");
  item.applies_to = TextOf(ji, "applies_to");
  item.weight = TextOf(ji, "weight");
  item.tolerance = TextOf(ji, "tolerance");
  item.due = TextOf(ji, "due");
  if (const auto targets = ji.find("targets"); targets != ji.end() && targets->is_array()) {
    for (const auto& t : *targets) item.targets.emplace_back(t.at("period"), t.at("rule"));
  }
  item.counts = CountsOf(ji);
}

void ReadContractDetail(const ordered_json& jc, Contract& c) {
  c.title = TextOf(jc, "title");
  c.kind = TextOf(jc, "kind");
  c.authority = TextOf(jc, "authority");
  c.signed_on = TextOf(jc, "signed");
  c.period = TextOf(jc, "period");
  c.template_name = TextOf(jc, "template");
  if (const auto month = jc.find("year_start_month"); month != jc.end() && month->is_number_integer()) {
    c.year_start_month = month->get<int>();
  }
  if (const auto scoring = jc.find("scoring"); scoring != jc.end() && scoring->is_object()) {
    c.scoring_basis = scoring->value("basis", "commitment");
    c.scoring_basis_written = scoring->value("written", false);
  }
  if (const auto parties = jc.find("parties"); parties != jc.end() && parties->is_array()) {
    for (const auto& party : *parties) c.parties.push_back(party.get<std::string>());
  }
  c.counts = CountsOf(jc);
  if (const auto waivers = jc.find("waivers"); waivers != jc.end() && waivers->is_array()) {
    for (const auto& w : *waivers) c.waivers.push_back(WaiverFromJson(w));
  }
  if (const auto amendments = jc.find("amendments"); amendments != jc.end() && amendments->is_array()) {
    for (const auto& a : *amendments) c.amendments.push_back({a.at("number"), a.at("effective"), a.at("title")});
  }
  if (const auto versions = jc.find("version_by_year"); versions != jc.end() && versions->is_object()) {
    for (const auto& [year, version] : versions->items()) c.version_by_year[year] = version.get<int>();
  }
}

}  // namespace

std::optional<Report> ParseJson(const std::string& text, std::string& problem) {
  ordered_json root;
  try {
    root = ordered_json::parse(text);
  } catch (const std::exception& error) {
    problem = Tr("not JSON: {0}", error.what());
    return std::nullopt;
  }
  if (!root.is_object() || !root.contains("engine") || root["engine"] != "vigie" ||
      !root.contains("schema_version")) {
    problem = Tr("not a vigie report (no engine \"vigie\" and schema_version)");
    return std::nullopt;
  }
  const bool schema1 = root["schema_version"] == "1";
  if (!schema1 && root["schema_version"] != kReportSchemaVersion) {
    problem = Tr("report schema version {0} is not one this vigie reads ({1} or {2})", root["schema_version"].dump(), "1",
                 kReportSchemaVersion);
    return std::nullopt;
  }
  try {
    Report report;
    SourcesRead sources;
    if (!schema1) sources.ReadEntries(root.at("sources"));
    // Reports written before vigie spoke French have no "language": they are in English.
    report.language = root.value("language", "en");
    report.engine_version = root.value("engine_version", "");
    report.generated_at = TextOf(root, "generated_at");
    report.counts = CountsOf(root);
    report.as_of = root.at("as_of").get<std::string>();
    report.data_as_of = root["data_as_of"].is_null() ? "" : root["data_as_of"].get<std::string>();
    report.run_id = root.value("run_id", 0);
    report.store = root.value("store", "");
    report.data_digest = root.value("data_digest", "");
    if (const auto declared = root.find("declared_values"); declared != root.end() && declared->is_object()) {
      for (const auto& [status, count] : declared->items()) {
        if (count.is_number_integer()) report.declared_values[status] = count.get<int64_t>();
      }
    }
    for (const auto& r : root.at("rulesets")) report.rulesets.push_back({r.at("path"), r.at("sha256")});
    if (root.contains("files")) {
      for (const auto& f : root.at("files")) report.files.push_back({f.at("name"), f.at("sha256")});
    }
    const TextPoolPtr texts = std::make_shared<TextPool>();
    for (const auto& jc : root.at("contracts")) {
      Contract c;
      c.texts = texts;
      c.name = jc.at("name");
      ReadContractDetail(jc, c);
      // Schema 2 names each entity once per contract (a verdict its id); schema 1 in each verdict.
      std::unordered_map<std::string, std::pair<Text, bool>> entities;
      if (!schema1) {
        for (const auto& je : jc.at("entities")) {
          if (!entities.emplace(je.at("id"), std::pair<Text, bool>{Pooled(*texts, je.at("name")), je.at("group")}).second) {
            throw ReportProblem(Tr("two entries of \"entities\" of contract {0} have the id {1}", c.name, je.at("id").dump()));
          }
        }
      }
      for (const auto& ji : jc.at("items")) {
        Item item;
        item.texts = texts;
        item.name = ji.at("name");
        item.kind = ji.at("kind");
        ReadItemDetail(ji, item);
        if (ji.contains("version")) item.version = ji.at("version").get<int>();
        const Text item_name = texts->Intern(item.name);
        const Text row_kind = Text::Static(item.kind == "milestone" ? "milestone" : "commitment");
        for (const auto& jv : ji.at("verdicts")) {
          VerdictRow v;
          v.item = item_name;
          v.kind = row_kind;
          v.entity = Pooled(*texts, jv.at("entity"));
          v.period = Pooled(*texts, jv.at("period"));
          v.verdict = Pooled(*texts, jv.at("verdict"));
          if (schema1) {
            v.entity_name = texts->Intern(TextOf(jv, "entity_name"));
          } else {
            const auto entity = entities.find(v.entity.str());
            if (entity == entities.end()) {
              throw ReportProblem(Tr("a verdict of {0} names the entity {1}, which no entry of the contract's \"entities\" has",
                                     item.name, v.entity));
            }
            std::tie(v.entity_name, v.group) = entity->second;
          }
          if (!jv.at("measured").is_null()) v.measured = jv.at("measured").get<double>();
          if (!jv.at("target").is_null()) v.target = jv.at("target").get<double>();
          ReadVerdictDetail(jv, v, *texts);
          for (const auto& jin : jv.at("inputs")) v.inputs.push_back(InputFromJson(jin, sources, *texts));
          item.verdicts.push_back(std::move(v));
        }
        c.items.push_back(std::move(item));
      }
      for (const auto& jp : jc.at("payments")) {
        Payment p;
        p.name = jp.at("name");
        p.year = jp.at("year");
        p.title = TextOf(jp, "title");
        p.score = TextOf(jp, "score");
        p.reason = TextOf(jp, "reason");
        if (const auto read = jp.find("read"); read != jp.end() && read->is_array()) {
          for (const auto& line : *read) p.read.push_back(line.get<std::string>());
        }
        if (const auto version = jp.find("version"); version != jp.end() && version->is_number_integer()) p.version = version->get<int>();
        if (jp.contains("party")) p.party = jp.at("party").get<std::string>();
        if (!jp.at("amount_eur").is_null()) p.amount = jp.at("amount_eur").get<std::string>();
        for (const auto& jin : jp.at("inputs")) p.inputs.push_back(InputFromJson(jin, sources, *texts));
        c.payments.push_back(std::move(p));
      }
      for (const auto& js : jc.at("scores")) c.scores.push_back(ScoreFromJson(js));
      for (const auto& js : jc.at("entity_scores")) c.entity_scores.push_back(ScoreFromJson(js));
      c.summary = SummarizeContract(c);
      report.contracts.push_back(std::move(c));
    }
    return report;
  } catch (const ReportProblem& error) {
    problem = error.what();
    return std::nullopt;
  } catch (const std::exception& error) {
    problem = Tr("the report is incomplete: {0}", error.what());
    return std::nullopt;
  }
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
  auto own = extras ? std::make_shared<VerdictExtras>(*extras) : std::make_shared<VerdictExtras>();
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
