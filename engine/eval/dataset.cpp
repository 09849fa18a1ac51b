#include "engine/eval/dataset.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "engine/eval/work_pool.h"
#include "engine/store/store.h"

namespace vigie::eval {
int DataSet::AddEntity(const std::string& id, const std::string& kind, const std::string& name) {
  auto [it, inserted] = entity_index_.emplace(id, static_cast<int>(entity_ids_.size()));
  if (inserted) {
    entity_ids_.push_back(id);
    entity_kinds_.push_back(kind);
    entity_names_.push_back(name);
  }
  return it->second;
}

int DataSet::AddIndicator(const std::string& name) {
  auto [it, inserted] = indicator_slot_.emplace(name, static_cast<int>(indicators_.size()));
  if (inserted) indicators_.push_back(name);
  return it->second;
}

int DataSet::AddPeriod(const model::Period& period) {
  auto [it, inserted] = period_slot_.emplace(period, static_cast<int>(periods_.size()));
  if (inserted) periods_.push_back(period);
  return it->second;
}

void DataSet::Allocate() {
  std::vector<int> order(entity_ids_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return entity_ids_[static_cast<size_t>(a)] < entity_ids_[static_cast<size_t>(b)]; });
  ranks_.assign(order.size(), 0);
  for (size_t rank = 0; rank < order.size(); ++rank) ranks_[static_cast<size_t>(order[rank])] = static_cast<int>(rank);
  const size_t size = entity_ids_.size() * indicators_.size() * periods_.size();
  values_.assign(size, std::numeric_limits<double>::quiet_NaN());
  row_ids_.assign(size, 0);
}

void DataSet::SetValue(int entity, int indicator, int period, std::optional<double> value,
                       const std::string& missing_code, int64_t row_id) {
  const size_t index = Index(entity, indicator, period);
  values_[index] = value ? *value : std::numeric_limits<double>::quiet_NaN();
  row_ids_[index] = row_id;
  if (!value) SetMissingCode(entity, indicator, period, missing_code);
}

void DataSet::SetMissingCode(int entity, int indicator, int period, const std::string& missing_code) {
  if (!missing_code.empty()) missing_codes_[Index(entity, indicator, period)] = missing_code;
}

std::string DataSet::MissingCode(int entity, int indicator, int period) const {
  auto it = missing_codes_.find(Index(entity, indicator, period));
  return it == missing_codes_.end() ? "" : it->second;
}

int DataSet::EntityIndex(const std::string& id) const {
  auto it = entity_index_.find(id);
  return it == entity_index_.end() ? -1 : it->second;
}

int DataSet::IndicatorSlot(const std::string& name) const {
  auto it = indicator_slot_.find(name);
  return it == indicator_slot_.end() ? -1 : it->second;
}

int DataSet::PeriodSlot(const model::Period& period) const {
  auto it = period_slot_.find(period);
  return it == period_slot_.end() ? -1 : it->second;
}

void DataSet::AddAttribute(const std::string& entity, const std::string& name, const std::string& value,
                           const std::string& from, const std::string& until) {
  attributes_[entity + '\x1f' + name].push_back(Validity{value, from, until});
}

std::optional<std::string> DataSet::Attribute(int entity, const std::string& name, const std::string& date) const {
  auto it = attributes_.find(EntityId(entity) + '\x1f' + name);
  if (it == attributes_.end()) return std::nullopt;
  for (auto v = it->second.rbegin(); v != it->second.rend(); ++v) {
    if (v->from <= date && date <= v->until) return v->value;
  }
  return std::nullopt;
}

void DataSet::AddMembership(const std::string& group, const std::string& member, const std::optional<std::string>& from,
                            const std::optional<std::string>& until) {
  memberships_[group].push_back(Membership{member, from, until});
}

std::vector<int> DataSet::Members(const std::string& group, const std::string& first, const std::string& last) const {
  std::vector<int> out;
  auto it = memberships_.find(group);
  if (it == memberships_.end()) return out;
  for (const Membership& m : it->second) {
    const bool started = !m.from || *m.from <= last;
    const bool not_ended = !m.until || *m.until >= first;
    if (!started || !not_ended) continue;
    const int index = EntityIndex(m.member);
    if (index >= 0) out.push_back(index);
  }
  std::sort(out.begin(), out.end(), [&](int a, int b) { return Rank(a) < Rank(b); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void DataSet::AddEvidence(const std::string& contract, const std::string& milestone, const std::string& entity,
                          Evidence e) {
  auto& list = evidence_[contract + '\x1f' + milestone + '\x1f' + entity];
  list.push_back(std::move(e));
  std::sort(list.begin(), list.end(), [](const Evidence& a, const Evidence& b) { return a.produced_on < b.produced_on; });
}

const std::vector<DataSet::Evidence>& DataSet::EvidenceFor(const std::string& contract, const std::string& milestone,
                                                           const std::string& entity) const {
  static const std::vector<Evidence> kNone;
  auto it = evidence_.find(contract + '\x1f' + milestone + '\x1f' + entity);
  return it == evidence_.end() ? kNone : it->second;
}

IdBounds DataSet::RowIdBounds() const {
  IdBounds bounds;
  for (int64_t id : row_ids_) {
    if (id != 0) bounds.Add(id);
  }
  return bounds;
}

std::vector<int64_t> DataSet::AllRowIds() const {
  std::vector<int64_t> out;
  for (int64_t id : row_ids_) {
    if (id != 0) out.push_back(id);
  }
  return out;
}

void AddContractPeriods(DataSet& data, const model::Model& model, const model::Contract& contract) {
  std::set<int> years;
  for (int year = contract.first_year; year != 0 && year <= contract.last_year; ++year) years.insert(year);
  for (const auto& m : contract.milestones) data.AddPeriod(model::Period{model::PeriodKind::kYear, contract.YearOf(m.due), 0});
  for (const auto& c : contract.commitments) {
    if (c.improvement) data.AddPeriod(model::Period{model::PeriodKind::kYear, c.improvement->baseline_year, 0});
    for (const auto& t : c.targets) {
      data.AddPeriod(t.period);
      years.insert(t.period.year);
    }
    for (const model::PartyTarget& p : c.party_targets) {
      for (const auto& t : p.targets) {
        data.AddPeriod(t.period);
        years.insert(t.period.year);
      }
    }
  }
  for (int year : years) data.AddPeriod(model::Period{model::PeriodKind::kYear, year, 0});
  for (const auto& c : contract.commitments) {
    auto indicator = model.indicators.find(c.indicator);
    if (indicator == model.indicators.end() || indicator->second.period_kind == model::PeriodKind::kYear) continue;
    const model::PeriodKind kind = indicator->second.period_kind;
    std::set<int> target_years;
    for (const auto& t : c.targets) target_years.insert(t.period.year);
    for (const model::PartyTarget& p : c.party_targets) {
      for (const auto& t : p.targets) target_years.insert(t.period.year);
    }
    for (int year : target_years.empty() ? years : target_years) {
      for (const model::Period& part : calendar::PeriodsOfContractYear(year, contract.year_start_month, kind)) data.AddPeriod(part);
    }
  }
  // An avenant's version: its added years, milestones and commitments.
  for (const model::Contract& version : contract.versions) AddContractPeriods(data, model, version);
}

DataSet LoadDataSet(const store::Store& store, const model::Model& model, const std::string& as_stood_on, int jobs) {
  DataSet data;
  for (const auto& entity : store.Entities()) data.AddEntity(entity.id, entity.kind, entity.name);
  // Entities a contract names but the store does not know still get verdicts (missing data), so a
  // typo in a party or in a `for` list shows in the report instead of silently shrinking it.
  for (const auto& [name, contract] : model.contracts) {
    for (const auto& party : contract.parties) {
      data.AddEntity(party.id, party.kind == model::Party::Kind::kGroup   ? "group"
                               : party.kind == model::Party::Kind::kOther ? party.other_kind
                                                                          : "establishment");
    }
    auto listed = [&](const model::Applicability& a) {
      for (const auto& id : a.entities) data.AddEntity(id);
    };
    for (const auto& c : contract.commitments) listed(c.applicability);
    for (const auto& m : contract.milestones) listed(m.applicability);
  }
  // Indicators: every one the catalog declares (formulas, group ratios and filters may read any).
  for (const auto& [name, indicator] : model.indicators) data.AddIndicator(name);
  // The values without their texts (Store::LoadValues, on `jobs` threads): each entity,
  // indicator and period is looked up (or parsed) once per key, and a row costs three array reads.
  std::vector<std::string> names;
  for (const auto& [name, indicator] : model.indicators) names.push_back(name);
  // Only the catalog's indicators (LoadValues reads every indicator when given none: the store may
  // hold indicators that these rules do not declare).
  const store::Store::ValueLoad load =
      names.empty() ? store::Store::ValueLoad{} : store.LoadValues(names, as_stood_on, ThreadsFor(jobs));
  std::vector<int32_t> entity_of_key(load.entities.size(), -1), indicator_of_key(load.indicators.size(), -1);
  for (size_t key = 0; key < load.entities.size(); ++key) {
    if (!load.entities[key].empty()) entity_of_key[key] = data.EntityIndex(load.entities[key]);
  }
  for (size_t key = 0; key < load.indicators.size(); ++key) {
    if (!load.indicators[key].empty()) indicator_of_key[key] = data.IndicatorSlot(load.indicators[key]);
  }
  // Periods: the ones the data has, in the order of their first row (a period no row has is not
  // one), and every year of every contract (and the year before, for baselines).
  std::vector<char> period_read(load.periods.size(), 0);
  std::vector<std::optional<model::Period>> period_of_key(load.periods.size());
  for (const auto& part : load.parts) {
    for (const store::Store::LoadedValue& row : part) {
      const size_t key = static_cast<size_t>(row.period_key);
      if (period_read[key] || entity_of_key[static_cast<size_t>(row.entity_key)] < 0 ||
          indicator_of_key[static_cast<size_t>(row.indicator_key)] < 0) {
        continue;
      }
      period_read[key] = 1;
      period_of_key[key] = calendar::ParsePeriod(load.periods[key]).value;
      if (period_of_key[key]) data.AddPeriod(*period_of_key[key]);
    }
  }
  for (const auto& [name, contract] : model.contracts) AddContractPeriods(data, model, contract);
  data.Allocate();
  std::vector<int> period_slot(load.periods.size(), -1);
  for (size_t key = 0; key < load.periods.size(); ++key) {
    if (period_of_key[key]) period_slot[key] = data.PeriodSlot(*period_of_key[key]);
  }
  // The rows into the arrays on `jobs` threads, each for its own range of indicators (its own
  // part of the arrays), every row in id order: a cell given two rows keeps the later, as on one
  // thread. Each range's missing codes (a map) are set afterwards, range after range.
  static const std::string kNoCode;
  const size_t stripes = std::min<size_t>(static_cast<size_t>(ThreadsFor(jobs)), static_cast<size_t>(data.IndicatorCount()));
  struct Coded {
    int entity, indicator, period;
    int32_t code;
  };
  std::vector<std::vector<Coded>> coded(stripes);
  ForEachIndex(stripes, static_cast<int>(stripes), [&](size_t, size_t stripe) {
    const int first = static_cast<int>(stripe * static_cast<size_t>(data.IndicatorCount()) / stripes);
    const int last = static_cast<int>((stripe + 1) * static_cast<size_t>(data.IndicatorCount()) / stripes);
    std::vector<Coded> codes;  // the thread's own (the stripes' vectors share a cache line)
    for (const auto& part : load.parts) {
      for (const store::Store::LoadedValue& row : part) {
        const int32_t indicator = indicator_of_key[static_cast<size_t>(row.indicator_key)];
        if (indicator < first || indicator >= last) continue;
        const int32_t entity = entity_of_key[static_cast<size_t>(row.entity_key)];
        const int period = period_slot[static_cast<size_t>(row.period_key)];
        if (entity < 0 || period < 0) continue;
        const std::optional<double> value = std::isnan(row.value) ? std::nullopt : std::optional<double>(row.value);
        data.SetValue(entity, indicator, period, value, kNoCode, row.id);
        if (row.missing_code >= 0) codes.push_back(Coded{entity, indicator, period, row.missing_code});
      }
    }
    coded[stripe] = std::move(codes);
  });
  for (const std::vector<Coded>& stripe : coded) {
    for (const Coded& c : stripe) data.SetMissingCode(c.entity, c.indicator, c.period, load.missing_codes[static_cast<size_t>(c.code)]);
  }
  for (const auto& a : store.Attributes()) data.AddAttribute(a.entity, a.name, a.value, a.valid_from, a.valid_until);
  for (const auto& m : store.Memberships()) data.AddMembership(m.group, m.member, m.valid_from, m.valid_until);
  for (const auto& e : store.AllEvidence()) {
    // The importer wrote the date, already checked (YYYY-MM-DD).
    const model::Date date = calendar::ParseDate(e.produced_on).written;
    data.AddEvidence(e.contract, e.milestone, e.entity, DataSet::Evidence{date, e.document, e.sha256, e.id});
  }
  return data;
}

}  // namespace vigie::eval
