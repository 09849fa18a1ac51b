// The fields a report's rows repeat, each made once and found again by what it was made from: a
// campaign's CSV writes each entity's quoted id and name once per item and period (in the same
// order every time), a period and a verdict's code on every row, an item's target and band on each
// of its rows of a period. Made once, such a field is copied, not quoted or written again.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace vigie::report {

// `N` numbers that name a field: the addresses of the pooled texts it is made from (a report's pool
// keeps one text at one address while it is written), or a number's bits.
template <size_t N>
using FieldKey = std::array<uint64_t, N>;

// A field is a std::string, or a `Value` of the writer's (a text with what it found of it once).
template <size_t N, class Value = std::string>
class RepeatedFields {
 public:
  // The field made by `make()` (a Value) for `key`, made the first time `key` is asked only; the
  // reference holds until the next Find (a field made then may move the others).
  // The field asked last, the one made after it and the one asked before it are looked at first:
  // the rows of one period ask for the same period, each period's rows for the entities in the
  // order of the one before, and the rows of an item and period for its target with its band (a
  // verdict not met) or without (met), in turn.
  template <class Make>
  const Value& Find(const FieldKey<N>& key, Make&& make) {
    if (At(last_, key)) return fields_[last_].value;
    if (At(last_ + 1, key)) return Found(last_ + 1);  // none asked yet: last_ + 1 is 0
    if (At(before_last_, key)) return Found(before_last_);
    if (fields_.size() <= kFew) {  // a verdict's code: a few fields in all, looked through
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (At(i, key)) return Found(i);
      }
    }
    const auto [at, added] = index_.try_emplace(key, fields_.size());
    if (added) {
      try {
        fields_.push_back({key, make()});
      } catch (...) {  // not made (a text JSON refuses, no memory): the key must not name the next field made
        index_.erase(at);
        throw;
      }
    }
    return Found(at->second);
  }

  size_t size() const { return fields_.size(); }  // the fields made

 private:
  static constexpr size_t kFew = 8;
  static constexpr size_t kAhead = 8;  // how far ahead Found asks for the fields of memory
  static constexpr size_t kNone = SIZE_MAX;

  bool At(size_t i, const FieldKey<N>& key) const { return i < fields_.size() && Same(fields_[i].key, key); }
  const Value& Found(size_t i) {
    before_last_ = last_;
    last_ = i;
    // The fields likely asked next (a period's rows ask for the entities in the order of the one
    // before) asked of memory now: thousands of them, read again only a period later, have left the
    // cache. A field a few ahead first, then the text of one nearer (its string asked for before).
    if (i + kAhead < fields_.size()) __builtin_prefetch(&fields_[i + kAhead].value);
    if constexpr (std::is_same_v<Value, std::string>) {
      if (i + kAhead / 2 < fields_.size()) __builtin_prefetch(fields_[i + kAhead / 2].value.data());
    }
    return fields_[i].value;
  }
  // std::array's == would call memcmp, once a row for each field.
  static bool Same(const FieldKey<N>& a, const FieldKey<N>& b) {
    bool same = true;
    for (size_t i = 0; i < N; ++i) same &= a[i] == b[i];
    return same;
  }
  struct Field {
    FieldKey<N> key;
    Value value;
  };
  struct Hash {
    size_t operator()(const FieldKey<N>& key) const {
      uint64_t hash = 0;
      for (uint64_t part : key) hash = (hash ^ part) * 0x9E3779B97F4A7C15ULL;  // mixes the low bits up
      return static_cast<size_t>(hash ^ (hash >> 29));
    }
  };
  std::vector<Field> fields_;  // in the order they were first made
  std::unordered_map<FieldKey<N>, size_t, Hash> index_;
  size_t last_ = kNone, before_last_ = kNone;  // the fields found last and before it
};

// The key part naming a pooled text: its address.
inline uint64_t AddressOf(const std::string& pooled) { return reinterpret_cast<uintptr_t>(&pooled); }

}  // namespace vigie::report
