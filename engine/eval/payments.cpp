// Payments: a contract's amounts per ended year, from its scores, parameters, tables and the data
// its formulas read; a payment `for each party` one amount per party, from that party's own score.
#include "engine/eval/internal/evaluation.h"

#include <algorithm>
#include <stdexcept>

namespace vigie::eval {
namespace {

// Beyond what a contract can pay: its totals per party and per year could not be added exactly.
bool TooLarge(const Rational& amount) {
  return amount > Rational(model::kLargestAmount) || amount < Rational(-model::kLargestAmount);
}

}  // namespace

void Evaluator::Impl::Pay(ContractResult& result) {
  const model::Contract& contract = *this->contract;
  const bool by_party = NeedsPartyScores();
  if (by_party) ScoreParties(result);
  const size_t parties = contract.parties.size();
  // A contract with one establishment as party: its attributes and values can set amounts (a table
  // by size class); otherwise a payment of the contract reads scores, parameters and tables only.
  int single = -1;
  for (const auto& party : contract.parties) single = data.EntityIndex(party.id);
  if (parties != 1) single = -1;
  // The means of the items in a score's parts, by the items' places.
  auto means_of = [&](const ScoreTrace* trace, PaymentYear& reads) {
    reads.item_means.assign(result.items.size(), std::nullopt);
    if (trace == nullptr) return;
    for (const auto& part : trace->parts) {
      for (size_t i = 0; i < result.items.size(); ++i) {
        if (result.items[i].Name() == part.item) reads.item_means[i] = part.mean;
      }
    }
  };
  // Payments: per year of the contract that has ended, from that year's scores.
  for (int year = contract.first_year; year != 0 && year <= contract.last_year; ++year) {
    PaymentYear reads;
    reads.amounts.resize(contract.payments.size());
    // The same year at full compliance, for the amount possible (PaymentResult::full_amount).
    PaymentYear full;
    full.full = true;
    full.score = Rational(1);
    full.item_means.assign(result.items.size(), Rational(1));
    full.amounts.resize(contract.payments.size());
    const bool ended = !(options.as_of < calendar::ContractYearLastDate(year, contract.year_start_month));
    auto score = result.score_by_year.find(year);
    if (score != result.score_by_year.end() && score->second.defined) reads.score = score->second.score;
    means_of(score != result.score_by_year.end() ? &score->second : nullptr, reads);
    // Each party's own year: its score and its items' means (a payment made to each party).
    std::vector<PaymentYear> party_reads(by_party ? parties : 0), party_full(by_party ? parties : 0);
    for (size_t i = 0; i < party_reads.size(); ++i) {
      auto own = result.party_scores.find({contract.parties[i].id, year});
      const ScoreTrace* trace = own != result.party_scores.end() ? &own->second : nullptr;
      if (trace != nullptr && trace->defined) {
        reads.party_scores[contract.parties[i].id] = trace->score;
        party_reads[i].score = trace->score;
      }
      means_of(trace, party_reads[i]);
      party_reads[i].amounts.resize(contract.payments.size());
      party_full[i] = full;
    }
    for (auto& own : party_reads) own.party_scores = reads.party_scores;
    const int year_slot = data.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0});
    // One amount: `reads` for the formula, `best` at full compliance, `entity` whose data it reads.
    auto compute = [&](const model::Payment& payment, PaymentYear& own, PaymentYear& best, int entity) {
      PaymentResult paid;
      paid.name = payment.name;
      paid.title = payment.title;
      paid.year = year;
      if (own.score) paid.score = *own.score;
      if (!ended) {
        paid.reason = Tr("{0} has not ended at the as-of date", contract.YearText(year));
        return paid;
      }
      if (year_slot < 0) entity = -1;
      try {
        Detail read;
        payment_read = &paid.read;
        payment_detail = &read;
        const Frame frame{entity, entity < 0 ? -1 : year_slot, Reading::kOwnParty, &own, nullptr, 0, nullptr, ""};
        Value v = Eval(*payment.formula, frame);
        payment_read = nullptr;
        payment_detail = nullptr;
        for (auto& input : read.inputs) {  // once each, in the order read
          const bool seen = std::any_of(paid.inputs.begin(), paid.inputs.end(), [&](const InputRead& x) {
            return x.entity == input.entity && x.indicator == input.indicator && x.period == input.period;
          });
          if (!seen) paid.inputs.push_back(std::move(input));
        }
        if (v.kind == Value::Kind::kNumber && TooLarge(v.number.Round(2))) {
          paid.too_large = true;
          paid.reason = Tr("{0} is more than a contract can pay (at most {1}): not paid",
                           ValueWithUnit(v.number.Round(2).ToCents(), "euros"),
                           ValueWithUnit(std::to_string(model::kLargestAmount), "euros"));
        } else if (v.kind == Value::Kind::kNumber) {
          paid.amount = v.number.Round(2);  // to the cent, half away from zero
          // Again at full compliance, reading nothing more (the reads above were recorded).
          try {
            const Frame at_best{entity, entity < 0 ? -1 : year_slot, Reading::kOwnParty, &best, nullptr, 0, nullptr, ""};
            Value w = Eval(*payment.formula, at_best);
            if (w.kind == Value::Kind::kNumber && !TooLarge(w.number.Round(2))) paid.full_amount = w.number.Round(2);
          } catch (const std::exception&) {
          }
        } else if (v.kind == Value::Kind::kMissing || v.kind == Value::Kind::kError) {
          // A score without a scored verdict: say which year.
          paid.reason = v.why.empty() ? std::string(Tr("no scored verdict"))
                        : v.unscored  ? Tr("{0} in {1}", v.why, year)
                                      : v.why;
        } else {
          paid.reason = Tr("the formula does not give an amount");
        }
      } catch (const std::exception& error) {
        payment_read = nullptr;
        payment_detail = nullptr;
        paid.reason = Tr("the amount cannot be computed exactly: {0}", error.what());
      }
      if (!paid.amount && paid.reason.empty()) paid.reason = Tr("no scored verdict in {0}", contract.YearText(year));
      return paid;
    };
    for (size_t place = 0; place < contract.payments.size(); ++place) {
      const model::Payment& payment = contract.payments[place];
      if (payment.first_year != 0 && (year < payment.first_year || year > payment.last_year)) continue;  // `in 2019`
      if (payment.per_party) {
        for (size_t i = 0; i < party_reads.size(); ++i) {
          PaymentResult paid = compute(payment, party_reads[i], party_full[i], data.EntityIndex(contract.parties[i].id));
          paid.party = contract.parties[i].id;
          party_reads[i].amounts[place] = paid.amount;
          party_full[i].amounts[place] = paid.full_amount;
          result.payments.push_back(std::move(paid));
        }
        continue;
      }
      PaymentResult paid = compute(payment, reads, full, single);
      reads.amounts[place] = paid.amount;
      full.amounts[place] = paid.full_amount;
      for (size_t i = 0; i < party_reads.size(); ++i) {  // the same amount for every party
        party_reads[i].amounts[place] = paid.amount;
        party_full[i].amounts[place] = paid.full_amount;
      }
      result.payments.push_back(std::move(paid));
    }
  }
}

}  // namespace vigie::eval
