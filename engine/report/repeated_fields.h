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
#include <unordered_map>
#include <vector>

namespace vigie::report {

// `N` numbers that name a field: the addresses of the pooled texts it is made from (a report's pool
// keeps one text at one address while it is written), or a number's bits.
template <size_t N>
using FieldKey = std::array<uint64_t, N>;

template <size_t N>
class RepeatedFields {
 public:
  // The field made by `make()` (a std::string) for `key`, made the first time `key` is asked only;
  // the view holds until the next Find (a field made then may move the others).
  // The field asked last, the one made after it and the one asked before it are looked at first:
  // the rows of one period ask for the same period, each period's rows for the entities in the
  // order of the one before, and the rows of an item and period for its target with its band (a
  // verdict not met) or without (met), in turn.
  template <class Make>
  std::string_view Find(const FieldKey<N>& key, Make&& make) {
    if (At(last_, key)) return fields_[last_].text;
    if (At(last_ + 1, key)) return Found(last_ + 1);  // none asked yet: last_ + 1 is 0
    if (At(before_last_, key)) return Found(before_last_);
    if (fields_.size() <= kFew) {  // a verdict's code: a few fields in all, looked through
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (At(i, key)) return Found(i);
      }
    }
    const auto [at, added] = index_.try_emplace(key, fields_.size());
    if (added) fields_.push_back({key, make()});
    return Found(at->second);
  }

  size_t size() const { return fields_.size(); }  // the fields made

 private:
  static constexpr size_t kFew = 8;
  static constexpr size_t kNone = SIZE_MAX;

  bool At(size_t i, const FieldKey<N>& key) const { return i < fields_.size() && Same(fields_[i].key, key); }
  std::string_view Found(size_t i) {
    before_last_ = last_;
    last_ = i;
    return fields_[i].text;
  }
  // std::array's == would call memcmp, once a row for each field.
  static bool Same(const FieldKey<N>& a, const FieldKey<N>& b) {
    bool same = true;
    for (size_t i = 0; i < N; ++i) same &= a[i] == b[i];
    return same;
  }
  struct Field {
    FieldKey<N> key;
    std::string text;
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
