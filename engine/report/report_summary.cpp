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
#include "engine/report/year_tally.h"

namespace vigie::report {

namespace {

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

ContractSummary SummarizeContract(const Contract& c) { return SummarizeContract(c, YearTally(c)); }

ContractSummary SummarizeContract(const Contract& c, YearTally tally) {
  ContractSummary out;
  out.texts = c.texts;
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
