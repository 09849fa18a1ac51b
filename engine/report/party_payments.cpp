#include "engine/report/party_payments.h"

#include "engine/base/rational.h"

namespace vigie::report {

bool HasPartyPayments(const Contract& contract) {
  for (const Payment& p : contract.payments) {
    if (!p.party.empty()) return true;
  }
  return false;
}

std::vector<PartyPaymentTotal> PartyPaymentTotals(const Contract& contract) {
  std::vector<PartyPaymentTotal> out;
  std::vector<Rational> sums, full_sums;
  std::vector<bool> full_known;
  for (const Payment& p : contract.payments) {
    if (p.party.empty()) continue;
    size_t at = 0;
    while (at < out.size() && (out[at].name != p.name || out[at].year != p.year)) ++at;
    if (at == out.size()) {
      out.push_back(PartyPaymentTotal{p.name, p.year, std::nullopt, std::nullopt, 0, 0});
      sums.emplace_back(0);
      full_sums.emplace_back(0);
      full_known.push_back(true);
    }
    ++out[at].parties;
    const std::optional<Rational> amount = p.amount ? Rational::FromDecimal(*p.amount) : std::nullopt;
    const std::optional<Rational> full = p.full_amount ? Rational::FromDecimal(*p.full_amount) : std::nullopt;
    if (amount) sums[at] = sums[at] + *amount;
    else ++out[at].not_computed;
    if (full) full_sums[at] = full_sums[at] + *full;
    else full_known[at] = false;
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].not_computed < out[i].parties) out[i].amount = sums[i].ToCents();
    if (full_known[i] && out[i].not_computed == 0) out[i].full_amount = full_sums[i].ToCents();
  }
  return out;
}

const PartyPaymentTotal* TotalAfter(const std::vector<PartyPaymentTotal>& totals, const Contract& contract, size_t row) {
  const Payment& p = contract.payments[row];
  if (p.party.empty()) return nullptr;
  if (row + 1 < contract.payments.size()) {
    const Payment& next = contract.payments[row + 1];
    if (!next.party.empty() && next.name == p.name && next.year == p.year) return nullptr;
  }
  for (const PartyPaymentTotal& total : totals) {
    if (total.name == p.name && total.year == p.year) return &total;
  }
  return nullptr;
}

}  // namespace vigie::report
