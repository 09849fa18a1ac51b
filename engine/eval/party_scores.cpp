// Scores per party (issue 12): each party's own score per year, for `score of PARTY` and for the
// payments made to each party. A party's verdicts are those judged for it and, for a group or a
// territory, those of its members in that period; they are scored by the contract's own rule
// (Score, the same code as the contract's score), so the two can never disagree.
#include "engine/eval/internal/evaluation.h"

#include <algorithm>
#include <functional>

namespace vigie::eval {

bool Evaluator::Impl::NeedsPartyScores() const {
  std::function<bool(const model::Expr&)> reads = [&](const model::Expr& e) {
    if (e.kind == model::Expr::Kind::kPartyScore) return true;
    return std::any_of(e.operands.begin(), e.operands.end(), [&](const model::ExprPtr& o) { return o && reads(*o); });
  };
  return std::any_of(contract->payments.begin(), contract->payments.end(),
                     [&](const model::Payment& p) { return p.per_party || (p.formula && reads(*p.formula)); });
}

void Evaluator::Impl::ScoreParties(ContractResult& result) {
  for (const model::Party& party : contract->parties) {
    const int own = data.EntityIndex(party.id);
    // The members of a group or territory, per period slot (computed once per slot).
    std::map<int, std::vector<int>> members_by_period;
    auto is_member = [&](int entity, int period) {
      if (!party.ActsAsGroup()) return false;
      auto it = members_by_period.find(period);
      if (it == members_by_period.end()) {
        const model::Period& p = data.PeriodAt(period);
        it = members_by_period.emplace(period, data.Members(party.id, FirstDay(p), LastDay(p))).first;
      }
      return std::find(it->second.begin(), it->second.end(), entity) != it->second.end();
    };
    ContractResult mine;
    mine.contract = result.contract;
    for (const ItemResult& item : result.items) {
      ItemResult kept;
      kept.commitment = item.commitment;
      kept.milestone = item.milestone;
      kept.version = item.version;
      for (const Cell& cell : item.cells) {
        if (cell.entity == own || is_member(cell.entity, cell.period)) kept.cells.push_back(cell);
      }
      mine.items.push_back(std::move(kept));
    }
    Score(mine, 0);
    for (auto& [year, trace] : mine.score_by_year) result.party_scores[{party.id, year}] = std::move(trace);
  }
}

}  // namespace vigie::eval
