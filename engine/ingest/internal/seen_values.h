// The values an import has queued, by entity, indicator and period: where each was first given, to
// find a value given twice. Keyed by integers in one open-addressing table: no allocation and no
// text compared per value (a Hospi Diag year is 125,000 values; a hash node keyed by the entity's
// text per value was a tenth of the import's processor time, with its freeing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/calendar.h"

namespace vigie::ingest::internal {

class SeenValues {
 public:
  struct First {
    size_t line = 0, index = 0;  // the file's line and the value's place in the batch
  };
  void Reserve(size_t values) {
    size_t wanted = 64;
    while (wanted < 2 * (used_ + values)) wanted *= 2;
    if (wanted > slots_.size()) Rehash(wanted);
  }
  // When each entity and period has at most `keys` values (a wide file: one per mapped column), a
  // row's values are kept in a window of nearby slots instead of one slot anywhere in the table:
  // looking up a random slot of a table of megabytes missed the processor's cache at each value
  // (nine tenths of FindOrAdd's time). The window is twice the keys an entity and period can have
  // (counted over every call, should a table be read twice), so it stays half empty.
  void KeepRowsTogether(size_t keys) {
    keys_per_window_ += keys;
    size_t window = 16;
    while (window < 2 * keys_per_window_) window *= 2;
    window_mask_ = window - 1;
    if (used_ > 0) Rehash(slots_.size());
  }
  // The value first given with this key, or nullptr once (line, index) is recorded as its first.
  const First* FindOrAdd(std::string_view entity, const void* indicator, const calendar::Period& period, size_t line,
                         size_t index) {
    const Key key{reinterpret_cast<uintptr_t>(indicator),
                  (static_cast<uint64_t>(EntityNumber(entity)) << 32) |
                      static_cast<uint32_t>(calendar::Ordinal(period) * 4 + static_cast<int>(period.kind))};
    if (2 * (used_ + 1) > slots_.size()) Rehash(slots_.empty() ? 64 : 2 * slots_.size());
    Slot& slot = Find(key);
    if (slot.index_plus_one != 0) {
      found_ = First{slot.line, slot.index_plus_one - 1};
      return &found_;
    }
    slot = Slot{key, static_cast<uint32_t>(line), static_cast<uint32_t>(index + 1)};
    ++used_;
    return nullptr;
  }

 private:
  struct Key {
    uint64_t indicator, entity_period;
    bool operator==(const Key&) const = default;
  };
  struct Slot {  // 24 bytes: the table is fresh memory for each file, and its pages cost
    Key key{};
    uint32_t line = 0;
    uint32_t index_plus_one = 0;  // 0: a free slot
  };
  static uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  Slot& Find(const Key& key) {
    const size_t mask = slots_.size() - 1;
    for (size_t i = (Mix(key.entity_period) + (Mix(key.indicator) & window_mask_)) & mask;; i = (i + 1) & mask) {
      if (slots_[i].index_plus_one == 0 || slots_[i].key == key) return slots_[i];
    }
  }
  void Rehash(size_t size) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(size, Slot{});
    for (const Slot& slot : old) {
      if (slot.index_plus_one != 0) Find(slot.key) = slot;
    }
  }
  // Entities numbered in the order first met; a row's values share theirs (looked up once a row).
  uint32_t EntityNumber(std::string_view entity) {
    if (has_last_ && entity == last_entity_) return last_number_;
    auto [it, added] = entities_.try_emplace(std::string(entity), static_cast<uint32_t>(entities_.size()));
    last_entity_ = it->first;
    last_number_ = it->second;
    has_last_ = true;
    return last_number_;
  }
  std::vector<Slot> slots_;  // a power of two, at most half used
  First found_;
  size_t used_ = 0;
  size_t window_mask_ = ~size_t{0};  // the whole table unless KeepRowsTogether
  size_t keys_per_window_ = 0;
  std::unordered_map<std::string, uint32_t> entities_;
  std::string last_entity_;
  uint32_t last_number_ = 0;
  bool has_last_ = false;
};

}  // namespace vigie::ingest::internal
