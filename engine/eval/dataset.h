// Everything an evaluation reads, loaded once: values in a dense entity x indicator x period array
// (the evaluation's inner loop reads nothing else), with the store row each came from, and the
// entities' attributes, group memberships and milestone evidence. Built from the store, or, for
// ruleset tests, from given values.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/base/big_array.h"
#include "engine/base/distinct_ids.h"
#include "engine/sema/model.h"

namespace vigie::store {
class Store;
}

namespace vigie::eval {

namespace model = sema::model;

class DataSet {
 public:
  // ── the shape (fixed before values are added)
  int AddEntity(const std::string& id, const std::string& kind = "establishment", const std::string& name = "");
  int AddIndicator(const std::string& name);
  int AddPeriod(const model::Period& period);
  void Allocate();  // sizes the dense arrays; call once, after the Add* calls and before SetValue

  // ── values. A value is present, missing (with a code: "", ".c", "NA"...), or absent (no row).
  void SetValue(int entity, int indicator, int period, std::optional<double> value, const std::string& missing_code,
                int64_t row_id);
  // The code of a missing value already set (an empty code is none): for a load that sets the
  // values on several threads and the codes (a map) on one.
  void SetMissingCode(int entity, int indicator, int period, const std::string& missing_code);
  double Value(int entity, int indicator, int period) const { return values_[Index(entity, indicator, period)]; }
  bool Present(int entity, int indicator, int period) const { return !std::isnan(Value(entity, indicator, period)); }
  int64_t RowId(int entity, int indicator, int period) const { return row_ids_[Index(entity, indicator, period)]; }
  std::string MissingCode(int entity, int indicator, int period) const;

  // ── lookups (-1: unknown)
  int EntityIndex(const std::string& id) const;
  int IndicatorSlot(const std::string& name) const;
  int PeriodSlot(const model::Period& period) const;
  const std::string& EntityId(int entity) const { return entity_ids_[static_cast<size_t>(entity)]; }
  const std::string& EntityKind(int entity) const { return entity_kinds_[static_cast<size_t>(entity)]; }
  const std::string& EntityName(int entity) const { return entity_names_[static_cast<size_t>(entity)]; }
  const model::Period& PeriodAt(int slot) const { return periods_[static_cast<size_t>(slot)]; }
  int EntityCount() const { return static_cast<int>(entity_ids_.size()); }
  int IndicatorCount() const { return static_cast<int>(indicators_.size()); }
  int PeriodCount() const { return static_cast<int>(periods_.size()); }
  // The values of every entity for one indicator and period (indexed by entity).
  const double* Column(int indicator, int period) const { return &values_[Index(0, indicator, period)]; }
  // Entities in id order (the order verdicts are listed in): rank of each entity index.
  int Rank(int entity) const { return ranks_[static_cast<size_t>(entity)]; }

  // ── attributes, groups, evidence (dates are YYYY-MM-DD text)
  void AddAttribute(const std::string& entity, const std::string& name, const std::string& value,
                    const std::string& from, const std::string& until);
  // The value valid on `date`, if any.
  std::optional<std::string> Attribute(int entity, const std::string& name, const std::string& date) const;
  void AddMembership(const std::string& group, const std::string& member, const std::optional<std::string>& from,
                     const std::optional<std::string>& until);
  // Whether any membership names `group` (a territory with members is judged as a group too).
  bool HasMembers(const std::string& group) const { return memberships_.count(group) > 0; }
  // Members of `group` for any part of [first, last] (inclusive dates), sorted by id.
  std::vector<int> Members(const std::string& group, const std::string& first, const std::string& last) const;
  struct Evidence {
    model::Date produced_on;
    std::string document, sha256;
    int64_t id = 0;
  };
  void AddEvidence(const std::string& contract, const std::string& milestone, const std::string& entity, Evidence e);
  // Evidence recorded for the milestone and entity, earliest first.
  const std::vector<Evidence>& EvidenceFor(const std::string& contract, const std::string& milestone,
                                           const std::string& entity) const;

  // Every store row id read by an evaluation (for the run's data digest).
  std::vector<int64_t> AllRowIds() const;
  // The least and greatest of those ids and how many: the rows an evaluation can read lie there.
  IdBounds RowIdBounds() const;

 private:
  // Indicator-major, then period, then entity: one commitment's year is one contiguous column.
  size_t Index(int entity, int indicator, int period) const {
    return (static_cast<size_t>(indicator) * periods_.size() + static_cast<size_t>(period)) * entity_ids_.size() +
           static_cast<size_t>(entity);
  }
  std::vector<std::string> entity_ids_, entity_kinds_, entity_names_;
  std::unordered_map<std::string, int> entity_index_;
  std::vector<std::string> indicators_;
  std::unordered_map<std::string, int> indicator_slot_;
  std::vector<model::Period> periods_;
  std::map<model::Period, int> period_slot_;
  BigVector<double> values_;
  std::vector<int> ranks_;
  BigVector<int64_t> row_ids_;
  std::unordered_map<size_t, std::string> missing_codes_;  // only non-empty codes
  struct Validity {
    std::string value, from, until;
  };
  std::unordered_map<std::string, std::vector<Validity>> attributes_;  // entity id + '\x1f' + name
  struct Membership {
    std::string member;
    std::optional<std::string> from, until;
  };
  std::unordered_map<std::string, std::vector<Membership>> memberships_;
  std::unordered_map<std::string, std::vector<Evidence>> evidence_;
};

// Loads what `model`'s contracts need from the store: every entity, the values of the indicators
// they use (and the inputs of derived ones), attributes, memberships, evidence. `as_stood_on` (UTC
// ISO time, empty: now) reads the data as it stood then. The values are read on `jobs` threads
// (EvalOptions::jobs: 0 one per core), in parts of the store's rows (Store::LoadValues): the same
// DataSet whatever the number.
DataSet LoadDataSet(const store::Store& store, const model::Model& model, const std::string& as_stood_on = "",
                    int jobs = 0);

// Adds every period a contract's evaluation needs: its years, the years of its targets, baselines
// and milestones, and every quarter or month of those years for indicators measured by quarter or
// month (a quarter with no data at all is still evaluated: missing data, or pending).
void AddContractPeriods(DataSet& data, const model::Model& model, const model::Contract& contract);

// The first and last day of a period (the calendar's, named here as the evaluator uses them).
using calendar::FirstDay;
using calendar::LastDate;
using calendar::LastDay;

}  // namespace vigie::eval
