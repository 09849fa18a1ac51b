// A contract's summary (its first page: where it stands, what changed, the matrix) and how the
// report names its years and scoring basis.
#include "engine/report/report_model.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

#include "engine/base/calendar.h"
#include "engine/base/locale_text.h"
#include "engine/base/text.h"
#include "engine/report/party_payments.h"

namespace vigie::report {

namespace {

// The year of a period ("2021", "2021-T3", "2021-07" -> "2021"): a view, no copy per verdict.
std::string_view YearOf(const std::string& period) { return std::string_view(period).substr(0, 4); }

// Small numbers for the texts of the rows' periods (by their year) and verdicts: each distinct pooled
// text is looked at once, then known by its pointer (a campaign's millions of rows share a few dozen
// texts), so that a row costs no string comparison.
class TextNumbers {
 public:
  // The number of `text` (its pointer), given it by `number_of` the first time it is seen.
  template <class NumberOf>
  size_t Of(const Text& text, NumberOf number_of) {
    const std::string* key = &text.str();
    if (key == last_) return last_number_;
    auto [known, added] = numbers_.try_emplace(key, 0);
    if (added) known->second = number_of(*key);
    last_ = key;
    last_number_ = known->second;
    return last_number_;
  }

 private:
  std::unordered_map<const std::string*, size_t> numbers_;
  const std::string* last_ = nullptr;
  size_t last_number_ = 0;
};

// One pass over a contract's rows: how many verdicts of each name each year, members apart from
// groups, and where each item's rows of each year lie (the matrix reads only the latest year's).
class YearTally {
 public:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  explicit YearTally(const Contract& c) : spans_(c.items.size()) {
    for (size_t i = 0; i < c.items.size(); ++i) {
      const std::vector<VerdictRow>& rows = c.items[i].verdicts;
      for (size_t r = 0; r < rows.size(); ++r) {
        const VerdictRow& v = rows[r];
        const size_t year = YearNumber(v.period), verdict = VerdictNumber(v.verdict);
        std::vector<int64_t>& counts = counts_[year][v.group ? 1 : 0];
        if (counts.size() <= verdict) counts.resize(verdict + 1);
        ++counts[verdict];
        if (spans_[i].size() <= year) spans_[i].resize(year + 1, {kNone, 0});
        auto& [first, last] = spans_[i][year];
        if (first == kNone) first = r;
        last = r;
      }
    }
  }

  size_t YearNumber(const Text& period) {
    return periods_.Of(period, [&](const std::string& text) {
      const std::string_view year = YearOf(text);
      const auto known = std::find(years_.begin(), years_.end(), year);
      if (known != years_.end()) return static_cast<size_t>(known - years_.begin());
      years_.push_back(year);
      counts_.emplace_back();
      return years_.size() - 1;
    });
  }
  // The number of a year ("2021"), kNone when no row has it.
  size_t YearNumber(std::string_view year) const {
    const auto known = std::find(years_.begin(), years_.end(), year);
    return known == years_.end() ? kNone : static_cast<size_t>(known - years_.begin());
  }

  // The latest year with a verdict other than pending or not applicable ("" none).
  std::string_view LatestAssessed() const {
    std::string_view latest;
    for (size_t y = 0; y < years_.size(); ++y) {
      for (const std::vector<int64_t>& counts : counts_[y]) {
        for (size_t k = 0; k < counts.size(); ++k) {
          if (counts[k] > 0 && *verdicts_[k] != "pending" && *verdicts_[k] != "not_applicable") latest = std::max(latest, years_[y]);
        }
      }
    }
    return latest;
  }
  // Adds the verdicts of year `year`, of members (group false) or of groups, to `counts` by name.
  void AddCounts(size_t year, bool group, std::map<std::string, int64_t>& counts) const {
    const std::vector<int64_t>& by_verdict = counts_[year][group ? 1 : 0];
    for (size_t k = 0; k < by_verdict.size(); ++k) {
      if (by_verdict[k] > 0) counts[*verdicts_[k]] += by_verdict[k];
    }
  }
  // The first and last of item `item`'s rows of year `year` ({kNone, 0}: none).
  std::pair<size_t, size_t> Span(size_t item, size_t year) const {
    return year < spans_[item].size() ? spans_[item][year] : std::pair<size_t, size_t>{kNone, 0};
  }

 private:
  size_t VerdictNumber(const Text& verdict) {
    return verdict_numbers_.Of(verdict, [&](const std::string& text) {
      verdicts_.push_back(&text);
      return verdicts_.size() - 1;
    });
  }

  TextNumbers periods_, verdict_numbers_;
  std::vector<std::string_view> years_;                 // by year number
  std::vector<const std::string*> verdicts_;            // by verdict number (two may hold one name)
  std::vector<std::array<std::vector<int64_t>, 2>> counts_;  // [year][group] -> count by verdict number
  std::vector<std::vector<std::pair<size_t, size_t>>> spans_;  // [item][year] -> first and last row
};

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
  out.texts = c.texts;
  YearTally tally(c);
  const std::string latest(tally.LatestAssessed());
  if (latest.empty()) return out;
  const std::string previous = std::to_string(std::atoi(latest.c_str()) - 1);
  auto position = [&](const std::string& year) {
    std::optional<YearPosition> p;
    const size_t number = tally.YearNumber(year);
    if (number == YearTally::kNone) return p;
    p = YearPosition{year, {}, {}, std::nullopt};
    tally.AddCounts(number, false, p->counts);
    tally.AddCounts(number, true, p->group_counts);
    for (const Score& s : c.scores) {
      if (s.year == year && s.entity.empty()) p->score = s.value;
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
  // Each row found by its entity's pooled text once it is made (a map lookup by id per verdict cost
  // a campaign's summary most of its time); a text not seen yet is looked up by its id.
  std::unordered_map<const std::string*, MatrixRow*> row_of_text[2];
  const size_t year = tally.YearNumber(latest);
  std::vector<std::pair<const Item*, std::pair<size_t, size_t>>> items;  // with the span of their rows that year
  for (size_t i = 0; i < c.items.size(); ++i) {
    const auto span = tally.Span(i, year);
    if (span.first == YearTally::kNone) continue;
    items.emplace_back(&c.items[i], span);
    out.items.push_back(c.items[i].name);
  }
  for (size_t k = 0; k < items.size(); ++k) {
    const auto& [item, span] = items[k];
    for (size_t r = span.first; r <= span.second; ++r) {
      const VerdictRow& v = item->verdicts[r];
      if (tally.YearNumber(v.period) != year) continue;
      MatrixRow*& known = row_of_text[v.group ? 1 : 0][&v.entity.str()];
      if (known == nullptr) known = &rows[{v.group, v.entity}];
      MatrixRow& row = *known;
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

}  // namespace vigie::report
