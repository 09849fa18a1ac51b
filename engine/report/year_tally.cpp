#include "engine/report/year_tally.h"

#include <algorithm>

namespace vigie::report {

namespace {

// The year of a period ("2021", "2021-T3", "2021-07" -> "2021"): a view, no copy per verdict.
std::string_view YearOf(const std::string& period) { return std::string_view(period).substr(0, 4); }

// The number of `year` in `years` (added, with `on_added()`, when it is not there).
template <class OnAdded>
size_t NumberIn(std::vector<std::string_view>& years, std::string_view year, OnAdded on_added) {
  const auto known = std::find(years.begin(), years.end(), year);
  if (known != years.end()) return static_cast<size_t>(known - years.begin());
  years.push_back(year);
  on_added();
  return years.size() - 1;
}

}  // namespace

void ItemTally::Add(size_t r, const VerdictRow& row) {
  const size_t year = periods_.Of(&row.period.str(), [&](const std::string& text) {
    return NumberIn(years_, YearOf(text), [&] {
      counts_.emplace_back();
      spans_.emplace_back(YearTally::kNone, 0);
    });
  });
  const size_t verdict = verdict_numbers_.Of(&row.verdict.str(), [&](const std::string& text) {
    verdicts_.push_back(&text);
    return verdicts_.size() - 1;
  });
  std::vector<int64_t>& counts = counts_[year][row.group ? 1 : 0];
  if (counts.size() <= verdict) counts.resize(verdict + 1);
  ++counts[verdict];
  auto& [first, last] = spans_[year];
  if (first == YearTally::kNone) first = r;
  last = r;
}

YearTally::YearTally(std::vector<ItemTally> items) : spans_(items.size()) {
  for (size_t i = 0; i < items.size(); ++i) {
    const ItemTally& item = items[i];
    for (size_t y = 0; y < item.years_.size(); ++y) {
      const size_t year = YearNumberOf(item.years_[y]);
      for (size_t group = 0; group < 2; ++group) {
        const std::vector<int64_t>& counts = item.counts_[y][group];
        for (size_t k = 0; k < counts.size(); ++k) {
          if (counts[k] > 0) counts_[year][group][*item.verdicts_[k]] += counts[k];
        }
      }
      if (spans_[i].size() <= year) spans_[i].resize(year + 1, {kNone, 0});
      spans_[i][year] = item.spans_[y];
    }
  }
}

namespace {
std::vector<ItemTally> TallyEachItem(const Contract& c) {
  std::vector<ItemTally> items(c.items.size());
  for (size_t i = 0; i < c.items.size(); ++i) {
    const std::vector<VerdictRow>& rows = c.items[i].verdicts;
    for (size_t r = 0; r < rows.size(); ++r) items[i].Add(r, rows[r]);
  }
  return items;
}
}  // namespace

YearTally::YearTally(const Contract& c) : YearTally(TallyEachItem(c)) {}

size_t YearTally::YearNumberOf(std::string_view year) {
  return NumberIn(years_, year, [&] { counts_.emplace_back(); });
}

size_t YearTally::YearNumber(const Text& period) {
  return periods_.Of(&period.str(), [&](const std::string& text) { return YearNumberOf(YearOf(text)); });
}

size_t YearTally::YearNumber(std::string_view year) const {
  const auto known = std::find(years_.begin(), years_.end(), year);
  return known == years_.end() ? kNone : static_cast<size_t>(known - years_.begin());
}

std::string_view YearTally::LatestAssessed() const {
  std::string_view latest;
  for (size_t y = 0; y < years_.size(); ++y) {
    for (const std::map<std::string, int64_t>& counts : counts_[y]) {
      for (const auto& [verdict, count] : counts) {
        if (count > 0 && verdict != "pending" && verdict != "not_applicable") latest = std::max(latest, years_[y]);
      }
    }
  }
  return latest;
}

void YearTally::AddCounts(size_t year, bool group, std::map<std::string, int64_t>& counts) const {
  for (const auto& [verdict, count] : counts_[year][group ? 1 : 0]) counts[verdict] += count;
}

std::pair<size_t, size_t> YearTally::Span(size_t item, size_t year) const {
  return year < spans_[item].size() ? spans_[item][year] : std::pair<size_t, size_t>{kNone, 0};
}

}  // namespace vigie::report
