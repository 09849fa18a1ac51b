// What a contract's summary reads of its verdict rows (SummarizeContract): how many verdicts of each
// name each year, members apart from groups, and where each item's rows of each year lie. Counted
// row by row as BuildReport makes the rows (on the item's thread, the row just written: a campaign's
// five million rows are not read again), or in one pass over a contract's rows.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/report/report_model.h"

namespace vigie::report {

// Small numbers for the texts of the rows' periods (by their year) and verdicts: each distinct pooled
// text is looked at once, then known by its pointer (a campaign's millions of rows share a few dozen
// texts), so that a row costs no string comparison.
class TextNumbers {
 public:
  // The number of `text` (its pointer), given it by `number_of` the first time it is seen.
  template <class NumberOf>
  size_t Of(const std::string* text, NumberOf number_of) {
    if (text == last_) return last_number_;
    auto [known, added] = numbers_.try_emplace(text, 0);
    if (added) known->second = number_of(*text);
    last_ = text;
    last_number_ = known->second;
    return last_number_;
  }

 private:
  std::unordered_map<const std::string*, size_t> numbers_;
  const std::string* last_ = nullptr;
  size_t last_number_ = 0;
};

// One item's rows, added in their order.
class ItemTally {
 public:
  // Counts `row`, the item's row number `r`.
  void Add(size_t r, const VerdictRow& row);

 private:
  friend class YearTally;
  TextNumbers periods_, verdict_numbers_;
  std::vector<std::string_view> years_;                      // by year number ("2021"), in the rows' texts
  std::vector<const std::string*> verdicts_;                 // by verdict number (two may hold one name)
  std::vector<std::array<std::vector<int64_t>, 2>> counts_;  // [year][group] -> count by verdict number
  std::vector<std::pair<size_t, size_t>> spans_;             // [year] -> first and last row
};

// A contract's rows, from its items' tallies (in the order of its items).
class YearTally {
 public:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  explicit YearTally(std::vector<ItemTally> items);
  // One pass over `c`'s rows.
  explicit YearTally(const Contract& c);

  // The number of a row's period's year (numbered now when no row had it).
  size_t YearNumber(const Text& period);
  // The number of a year ("2021"), kNone when no row has it.
  size_t YearNumber(std::string_view year) const;
  // The latest year with a verdict other than pending or not applicable ("" none).
  std::string_view LatestAssessed() const;
  // Adds the verdicts of year `year`, of members (group false) or of groups, to `counts` by name.
  void AddCounts(size_t year, bool group, std::map<std::string, int64_t>& counts) const;
  // The first and last of item `item`'s rows of year `year` ({kNone, 0}: none).
  std::pair<size_t, size_t> Span(size_t item, size_t year) const;

 private:
  size_t YearNumberOf(std::string_view year);

  TextNumbers periods_;
  std::vector<std::string_view> years_;                      // by year number
  std::vector<std::array<std::map<std::string, int64_t>, 2>> counts_;  // [year][group] -> count by verdict name
  std::vector<std::vector<std::pair<size_t, size_t>>> spans_;  // [item][year] -> first and last row
};

// The contract's summary, with its rows' tally made as they were (BuildReport).
ContractSummary SummarizeContract(const Contract& contract, YearTally tally);

}  // namespace vigie::report
