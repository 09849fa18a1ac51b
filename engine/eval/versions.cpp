// Which version of an amended contract judges a year, and one run's result made of each version's
// results for the years it judges (docs/evaluation.md#amendments).
#include <algorithm>
#include <set>

#include "engine/base/calendar.h"
#include "engine/base/text.h"
#include "engine/eval/evaluator.h"

namespace vigie::eval {

// The version in force on the contract year's last day (31 December for calendar years), or on the
// as-of date when that is earlier: a year is judged whole by one version, so its verdicts, score and
// payment agree with each other.
const model::Contract& VersionInForce(const model::Contract& contract, int year, model::Date as_of) {
  model::Date on = calendar::ContractYearLastDate(year, contract.year_start_month);
  if (as_of < on) on = as_of;
  size_t in_force = 0;
  for (const model::Amendment& amendment : contract.amendments) {
    if (amendment.effective <= on) ++in_force;
  }
  in_force = std::min(in_force, contract.versions.size());
  return in_force == 0 ? contract : contract.versions[in_force - 1];
}

std::string VersionLabel(int version) {
  return version == 0 ? std::string(Tr("initial contract")) : Tr("amendment {0}", version);
}

ContractResult MergeVersions(const model::Contract& contract, std::vector<ContractResult> each, const DataSet& data,
                             model::Date as_of) {
  ContractResult merged;
  merged.contract = &contract;
  // The version that judges a year; -1 for a year a prorogation adds while the version in force
  // does not have it yet (as of a date before the avenant): no version judges it.
  auto version_of = [&](int year) {
    auto it = merged.version_by_year.find(year);
    if (it != merged.version_by_year.end()) return it->second;
    const model::Contract& in_force = VersionInForce(contract, year, as_of);
    if (year > in_force.last_year && year <= contract.LastVersion().last_year) return -1;
    merged.version_by_year.emplace(year, in_force.version);
    return in_force.version;
  };
  for (int year = contract.first_year; year != 0 && year <= contract.LastVersion().last_year; ++year) version_of(year);
  // Items in the order they first appear, each name's versions in order.
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const ContractResult& r : each) {
    for (const ItemResult& item : r.items) {
      if (seen.insert(item.Name()).second) names.push_back(item.Name());
    }
  }
  const int now = VersionInForce(contract, as_of.year, as_of).version;
  for (const std::string& name : names) {
    bool any = false;
    for (size_t v = 0; v < each.size(); ++v) {
      for (ItemResult& item : each[v].items) {
        if (item.Name() != name) continue;
        ItemResult kept;
        kept.commitment = item.commitment;
        kept.milestone = item.milestone;
        kept.version = static_cast<int>(v);
        kept.reasons = item.reasons;  // its details' reasons point there
        for (size_t i = 0; i < item.cells.size(); ++i) {
          const int year = calendar::ContractYearOfPeriod(data.PeriodAt(item.cells[i].period), contract.year_start_month);
          if (version_of(year) != static_cast<int>(v)) continue;
          kept.cells.push_back(item.cells[i]);
          if (i < item.details.size()) kept.details.push_back(std::move(item.details[i]));
        }
        if (kept.cells.empty()) continue;
        any = true;
        merged.items.push_back(std::move(kept));
      }
    }
    if (any) continue;
    // No verdict in any version: the item as the version in force today writes it, without verdicts.
    const size_t v = std::min(static_cast<size_t>(now), each.size() - 1);
    for (const ItemResult& item : each[v].items) {
      if (item.Name() != name) continue;
      ItemResult empty;
      empty.commitment = item.commitment;
      empty.milestone = item.milestone;
      empty.version = static_cast<int>(v);
      merged.items.push_back(std::move(empty));
    }
  }
  for (const ItemResult& item : merged.items) {
    for (const Cell& cell : item.cells) ++merged.counts[cell.verdict];
  }
  for (size_t v = 0; v < each.size(); ++v) {
    for (auto& [year, trace] : each[v].score_by_year) {
      if (version_of(year) == static_cast<int>(v)) merged.score_by_year[year] = std::move(trace);
    }
    for (auto& [key, trace] : each[v].entity_scores) {
      if (version_of(key.second) == static_cast<int>(v)) merged.entity_scores[key] = std::move(trace);
    }
    for (PaymentResult& payment : each[v].payments) {
      if (version_of(payment.year) != static_cast<int>(v)) continue;
      payment.version = static_cast<int>(v);
      merged.payments.push_back(std::move(payment));
    }
  }
  std::stable_sort(merged.payments.begin(), merged.payments.end(),
                   [](const PaymentResult& a, const PaymentResult& b) { return a.year < b.year; });
  return merged;
}

}  // namespace vigie::eval
