// Payments made to each party (`payment ... for each party`): their totals per payment and year, as
// every report shows them under the parties' rows.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/report/report_model.h"

namespace vigie::report {

struct PartyPaymentTotal {
  std::string name, year;
  std::optional<std::string> amount;  // euros to the cent: the sum of the amounts computed
  std::optional<std::string> full_amount;  // the sum at full compliance, when known for every party
  int parties = 0;       // how many parties are paid that year
  int not_computed = 0;  // how many of them have no amount
};

// Whether the contract has a payment made to each party.
bool HasPartyPayments(const Contract& contract);
// One total per (payment made to each party, year), in the order of the payments.
std::vector<PartyPaymentTotal> PartyPaymentTotals(const Contract& contract);
// The total of `p`'s payment and year when `p` is the last party's row of it, else null.
const PartyPaymentTotal* TotalAfter(const std::vector<PartyPaymentTotal>& totals, const Contract& contract, size_t row);

}  // namespace vigie::report
