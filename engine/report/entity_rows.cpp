#include "engine/report/entity_rows.h"

#include <algorithm>
#include <unordered_map>

namespace vigie::report {
namespace {

// The entities met at their addresses, each a number in the order first met (a "slot"), and the
// verdicts' texts, each a number too. A row costs a look at the slot of the row before and the one
// after it, rarely a hash: a campaign's rows of an item come period by period, each period's in the
// entities' order (the next slot), or an entity's rows one after the other (the same slot).
class Slots {
 public:
  uint32_t EntityOf(const std::string* entity) {
    if (last_ < entities_.size() && entities_[last_] == entity) return last_;
    if (last_ + 1 < entities_.size() && entities_[last_ + 1] == entity) return ++last_;
    const auto [at, added] = slot_of_.try_emplace(entity, static_cast<uint32_t>(entities_.size()));
    if (added) entities_.push_back(entity);
    return last_ = at->second;
  }
  // A handful: looked through by address.
  uint32_t VerdictOf(const std::string* verdict) {
    for (uint32_t k = 0; k < verdicts_.size(); ++k) {
      if (verdicts_[k] == verdict) return k;
    }
    verdicts_.push_back(verdict);
    return static_cast<uint32_t>(verdicts_.size() - 1);
  }
  const std::vector<const std::string*>& entities() const { return entities_; }
  const std::vector<const std::string*>& verdicts() const { return verdicts_; }

 private:
  std::vector<const std::string*> entities_, verdicts_;
  std::unordered_map<const std::string*, uint32_t> slot_of_;
  uint32_t last_ = UINT32_MAX;
};

// How many rows ahead a row is asked of memory.
constexpr uint32_t kAhead = 12;

}  // namespace

ContractEntities::ContractEntities(const Contract& c) {
  // First pass: each row's entity slot, each slot's rows and count of each verdict.
  size_t total = 0;
  for (const Item& item : c.items) total += item.verdicts.size();
  std::vector<uint32_t> slot_of_row;
  slot_of_row.reserve(total);
  Slots slots;
  std::vector<uint32_t> row_count;
  std::vector<std::vector<int64_t>> verdict_counts;  // per slot, per verdict text
  std::vector<const std::string*> name;              // per slot: its first row's name
  for (uint32_t i = 0; i < c.items.size(); ++i) {
    const std::vector<VerdictRow>& verdicts = c.items[i].verdicts;
    for (uint32_t r = 0; r < verdicts.size(); ++r) {
      // A campaign's rows lie over a gigabyte, each read at one line: asked of memory a few rows
      // ahead, not waited for one at a time.
      if (r + kAhead < verdicts.size()) __builtin_prefetch(&verdicts[r + kAhead].entity);
      const VerdictRow& v = verdicts[r];
      const uint32_t slot = slots.EntityOf(&v.entity.str());
      if (slot == row_count.size()) {
        row_count.push_back(0);
        verdict_counts.emplace_back();
        name.push_back(&v.entity_name.str());
      }
      slot_of_row.push_back(slot);
      ++row_count[slot];
      const uint32_t verdict = slots.VerdictOf(&v.verdict.str());
      std::vector<int64_t>& counts = verdict_counts[slot];
      if (counts.size() <= verdict) counts.resize(verdict + 1);
      ++counts[verdict];
    }
  }
  // Second pass: the rows placed, slot by slot, each slot's in the report's order.
  std::vector<size_t> start(row_count.size() + 1, 0);
  for (size_t slot = 0; slot < row_count.size(); ++slot) start[slot + 1] = start[slot] + row_count[slot];
  rows_.resize(total);
  std::vector<size_t> next(start.begin(), start.end() - 1);
  size_t at = 0;
  for (uint32_t i = 0; i < c.items.size(); ++i) {
    for (uint32_t r = 0; r < c.items[i].verdicts.size(); ++r) rows_[next[slot_of_row[at++]]++] = {i, r};
  }
  // Keyed by text: a slot an entity, but for an id met at two addresses (its slots merged).
  for (size_t slot = 0; slot < row_count.size(); ++slot) {
    const std::span<const RowPlace> rows(rows_.data() + start[slot], row_count[slot]);
    auto [it, fresh] = by_id_.try_emplace(*slots.entities()[slot], EntityRows{*name[slot], {}, rows});
    EntityRows& entity = it->second;
    for (size_t verdict = 0; verdict < verdict_counts[slot].size(); ++verdict) {
      if (verdict_counts[slot][verdict] != 0) entity.counts[*slots.verdicts()[verdict]] += verdict_counts[slot][verdict];
    }
    if (fresh) continue;  // else its name stays its first slot's: the slots are in the order of their first rows
    std::vector<RowPlace>& merged = merged_.emplace_back(entity.rows.begin(), entity.rows.end());
    merged.insert(merged.end(), rows.begin(), rows.end());
    std::sort(merged.begin(), merged.end());
    entity.rows = merged;
  }
}

}  // namespace vigie::report
