// Payments: a contract's amounts per ended year, from its scores, parameters, tables and the data
// its formulas read.
#include "engine/eval/internal/evaluation.h"

#include <algorithm>
#include <stdexcept>

namespace vigie::eval {

void Evaluator::Impl::Pay(ContractResult& result) {
  const model::Contract& contract = *this->contract;
  // Payments: per year of the contract that has ended, from that year's scores.
  for (int year = contract.first_year; year != 0 && year <= contract.last_year; ++year) {
    PaymentYear reads;
    reads.item_means.resize(result.items.size());
    reads.amounts.resize(contract.payments.size());
    // The same year at full compliance, for the amount possible (PaymentResult::full_amount).
    PaymentYear full;
    full.score = Rational(1);
    full.item_means.assign(result.items.size(), Rational(1));
    full.amounts.resize(contract.payments.size());
    const bool ended = !(options.as_of < calendar::ContractYearLastDate(year, contract.year_start_month));
    auto score = result.score_by_year.find(year);
    if (score != result.score_by_year.end() && score->second.defined) reads.score = score->second.score;
    for (const auto& part : score != result.score_by_year.end() ? score->second.parts : std::vector<ScoreTrace::Part>{}) {
      for (size_t i = 0; i < result.items.size(); ++i) {
        if (result.items[i].Name() == part.item) reads.item_means[i] = part.mean;
      }
    }
    for (size_t place = 0; place < contract.payments.size(); ++place) {
      const model::Payment& payment = contract.payments[place];
      if (payment.first_year != 0 && (year < payment.first_year || year > payment.last_year)) continue;  // `in 2019`
      PaymentResult paid;
      paid.name = payment.name;
      paid.title = payment.title;
      paid.year = year;
      if (reads.score) paid.score = *reads.score;
      if (!ended) {
        paid.reason = Tr("{0} has not ended at the as-of date", contract.YearText(year));
      } else {
        try {
          // A contract with one establishment as party: its attributes and values can set amounts
          // (a table by size class); otherwise a payment reads scores, parameters and tables only.
          int single = -1;
          int entity_parties = 0;
          for (const auto& party : contract.parties) {
            ++entity_parties;
            single = data.EntityIndex(party.id);
          }
          const int year_slot = data.PeriodSlot(model::Period{model::PeriodKind::kYear, year, 0});
          if (entity_parties != 1 || year_slot < 0) single = -1;
          Detail read;
          payment_read = &paid.read;
          payment_detail = &read;
          const Frame frame{single, single < 0 ? -1 : year_slot, Reading::kOwnParty, &reads, nullptr, 0, nullptr, ""};
          Value v = Eval(*payment.formula, frame);
          payment_read = nullptr;
          payment_detail = nullptr;
          for (auto& input : read.inputs) {  // once each, in the order read
            const bool seen = std::any_of(paid.inputs.begin(), paid.inputs.end(), [&](const InputRead& x) {
              return x.entity == input.entity && x.indicator == input.indicator && x.period == input.period;
            });
            if (!seen) paid.inputs.push_back(std::move(input));
          }
          if (v.kind == Value::Kind::kNumber) {
            paid.amount = v.number.Round(2);  // to the cent, half away from zero
            reads.amounts[place] = *paid.amount;
            // Again at full compliance, reading nothing more (the reads above were recorded).
            try {
              const Frame best{single, single < 0 ? -1 : year_slot, Reading::kOwnParty, &full, nullptr, 0, nullptr, ""};
              Value w = Eval(*payment.formula, best);
              if (w.kind == Value::Kind::kNumber) {
                paid.full_amount = w.number.Round(2);
                full.amounts[place] = *paid.full_amount;
              }
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
      }
      if (!paid.amount && paid.reason.empty()) paid.reason = Tr("no scored verdict in {0}", contract.YearText(year));
      result.payments.push_back(std::move(paid));
    }
  }
}

}  // namespace vigie::eval
