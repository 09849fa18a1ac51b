#include "engine/ruletest/runner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "engine/base/rational.h"
#include "engine/base/text.h"
#include "engine/driver/evaluate.h"

namespace vigie::ruletest {
namespace {

namespace model = sema::model;

bool LooksLikeFiness(const std::string& code) { return !code.empty() && std::isdigit(static_cast<unsigned char>(code[0])); }

std::string Xml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The contract as signed, then each version an avenant makes.
std::vector<const model::Contract*> Versions(const model::Contract& contract) {
  std::vector<const model::Contract*> all{&contract};
  for (const model::Contract& version : contract.versions) all.push_back(&version);
  return all;
}

// The data set of one test: its entities, the catalog's indicators, the periods it talks about.
eval::DataSet BuildData(const model::Model& m, const model::Contract& contract, const model::Test& test) {
  eval::DataSet data;
  std::set<std::string> establishments, groups;
  auto subject = [&](const std::string& code) {
    if (code.empty()) return;
    (LooksLikeFiness(code) ? establishments : groups).insert(code);
  };
  for (const auto& g : test.given_values) subject(g.entity);
  for (const auto& g : test.given_evidence) subject(g.entity);
  for (const auto& g : test.given_attributes) subject(g.entity);
  for (const auto& e : test.expectations) subject(e.entity);
  for (const auto& g : test.given_members) {
    groups.insert(g.group);
    for (const auto& member : g.members) establishments.insert(member);
  }
  // Every version's: an avenant may add a party.
  for (const model::Contract* version : Versions(contract)) {
    for (const auto& p : version->parties) (p.kind == model::Party::Kind::kGroup ? groups : establishments).insert(p.id);
    for (const auto& c : version->commitments) for (const auto& e : c.applicability.entities) establishments.insert(e);
    for (const auto& ms : version->milestones) for (const auto& e : ms.applicability.entities) establishments.insert(e);
  }
  for (const auto& e : establishments) data.AddEntity(e);
  for (const auto& g : groups) data.AddEntity(g, "group");
  for (const auto& [name, indicator] : m.indicators) data.AddIndicator(name);
  eval::AddContractPeriods(data, m, contract);
  for (const auto& g : test.given_values) data.AddPeriod(g.period);
  data.Allocate();
  int64_t row = 0;
  for (const auto& g : test.given_values) {
    data.SetValue(data.EntityIndex(g.entity), data.IndicatorSlot(g.indicator), data.PeriodSlot(g.period), g.value,
                  g.value ? "" : g.missing_code, ++row);
  }
  for (const auto& g : test.given_evidence) {
    data.AddEvidence(contract.name, g.milestone, g.entity, eval::DataSet::Evidence{g.date, "(test)", "", ++row});
  }
  for (const auto& g : test.given_attributes) {
    if (g.period) data.AddAttribute(g.entity, g.name, g.value, eval::FirstDay(*g.period), eval::LastDay(*g.period));
    else data.AddAttribute(g.entity, g.name, g.value, "0000-01-01", "9999-12-31");
  }
  // Membership: as given; a test that gives none makes every establishment it names a member of the
  // contract's groups, which is what most tests of a group contract mean.
  std::set<std::string> declared;
  for (const auto& g : test.given_members) {
    declared.insert(g.group);
    for (const auto& member : g.members) data.AddMembership(g.group, member, std::nullopt, std::nullopt);
  }
  for (const auto& p : contract.parties) {
    if (p.kind != model::Party::Kind::kGroup || declared.count(p.id)) continue;
    for (const auto& e : establishments) data.AddMembership(p.id, e, std::nullopt, std::nullopt);
  }
  return data;
}

// A measured value as the test wrote its expectation: the same unit, no trailing zeros ("54 %").
std::string FormatMeasured(double value, const std::string& expected_text) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  const size_t space = expected_text.find(' ');
  return std::string(buffer) + (space == std::string::npos ? "" : expected_text.substr(space));
}

std::string Verdict(model::Verdict v) { return std::string(model::Name(v)); }

}  // namespace

double Coverage::Percent() const {
  size_t total = 0, covered = 0;
  for (const auto& [contract, list] : items) {
    total += list.size();
    auto it = exercised.find(contract);
    for (const auto& item : list) covered += it != exercised.end() && it->second.count(item) ? 1 : 0;
  }
  return total == 0 ? 100.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(total);
}

int Summary::Passed() const {
  return static_cast<int>(std::count_if(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return o.Passed(); }));
}
int Summary::Failed() const { return static_cast<int>(outcomes.size()) - Passed(); }

Summary RunTests(const model::Model& m, const std::string& filter) {
  Summary summary;
  for (const auto& [name, contract] : m.contracts) {
    for (const auto& c : contract.commitments) summary.coverage.items[name].push_back(c.name);
    for (const auto& ms : contract.milestones) summary.coverage.items[name].push_back(ms.name);
  }
  for (const model::Test& test : m.tests) {
    if (!filter.empty() && test.name.find(filter) == std::string::npos) continue;
    Outcome outcome;
    outcome.name = test.name;
    outcome.contract = test.contract;
    outcome.span = test.span;
    auto contract_it = m.contracts.find(test.contract);
    if (contract_it == m.contracts.end()) {
      outcome.failures.push_back({test.span, std::string(Tr("a contract")), std::string(Tr("none")),
                                  std::string(Tr("the test names no contract that checks clean"))});
      summary.outcomes.push_back(std::move(outcome));
      continue;
    }
    const model::Contract& contract = contract_it->second;
    const eval::DataSet data = BuildData(m, contract, test);
    // No store, no report, no record: the verdicts, each with its detail from the same pass (the
    // reason and measured value a failure shows).
    driver::EvaluateOptions options;
    options.eval.as_of = test.as_of.value_or(model::Date{contract.LastVersion().last_year, 12, 31});
    options.eval.contracts = {contract.name};
    options.eval.details = true;
    const driver::Evaluation evaluation = driver::Evaluate(m, data, options);
    const eval::ContractResult& result = evaluation.run.contracts.at(0);

    for (const model::Expectation& expect : test.expectations) {
      ++outcome.expectations;
      auto fail = [&](std::string expected, std::string actual, std::string detail) {
        outcome.failures.push_back({expect.span, std::move(expected), std::move(actual), std::move(detail)});
      };
      // Payments and scores
      const bool is_score = expect.subject == "score";
      // A payment of any version (an avenant may add one); the last version that has it says
      // whether it is made to each party.
      const model::Payment* payment = nullptr;
      for (const model::Contract* version : Versions(contract)) {
        for (const model::Payment& p : version->payments) {
          if (p.name == expect.subject) payment = &p;
        }
      }
      if (is_score || payment != nullptr) {
        const int year = expect.period ? expect.period->year : contract.LastVersion().last_year;
        std::optional<Rational> actual;
        std::string why;
        if (is_score && !expect.entity.empty()) {
          auto it = result.entity_scores.find({expect.entity, year});
          if (it != result.entity_scores.end() && it->second.defined) actual = it->second.score;
          else why = Tr("no scored verdict for {0} in {1}", expect.entity, year);
        } else if (is_score) {
          auto it = result.score_by_year.find(year);
          if (it != result.score_by_year.end() && it->second.defined) actual = it->second.score;
          else why = Tr("no scored verdict in {0}", year);
        } else if (payment->per_party && expect.entity.empty()) {
          // A payment made to each party, with no party named: the total of the parties' amounts; none
          // when it is not paid that year (as for a payment of the contract), not an empty total of 0.
          actual = Rational(0);
          bool paid = false;
          for (const auto& p : result.payments) {
            if (p.name != expect.subject || p.year != year) continue;
            paid = true;
            if (actual && p.amount) actual = *actual + *p.amount;
            else if (!p.amount) {
              actual.reset();
              if (why.empty()) why = p.party + ": " + p.reason;
            }
          }
          if (!paid) actual.reset();
        } else {
          for (const auto& p : result.payments) {
            if (p.name == expect.subject && p.year == year && (p.party.empty() || p.party == expect.entity)) {
              actual = p.amount;
              why = p.reason;
            }
          }
        }
        if (!expect.value) {
          fail(Tr("a value (write: expect {0} = ...)", expect.subject), std::string(Tr("a verdict")), "");
          continue;
        }
        const std::string number = expect.value_text.substr(0, expect.value_text.find(' '));
        std::optional<Rational> wanted = Rational::FromDecimal(number);
        const size_t point = number.find('.');
        const int decimals = point == std::string::npos ? 0 : static_cast<int>(number.size() - point - 1);
        summary.coverage.exercised[contract.name].insert(expect.subject);
        if (!actual) {
          fail(expect.value_text, std::string(Tr("(none)")), why);
        } else if (const int precision = std::max(decimals, is_score ? 4 : 2);  // a score to 4 decimals at least, money to the cent
                   !wanted || actual->Round(precision) != wanted->Round(precision)) {
          fail(expect.value_text, is_score ? actual->ToString(std::max(decimals, 4)) : actual->ToCents() + " €", why);
        }
        continue;
      }
      // Verdicts of commitments and milestones
      // An amended contract has the item once per version that judges some of its years.
      std::vector<const eval::ItemResult*> items;
      for (const auto& r : result.items) {
        if (r.Name() == expect.subject) items.push_back(&r);
      }
      if (items.empty()) {
        fail(std::string(Tr("a commitment or milestone")), std::string(Tr("(none)")),
             Tr("contract {0} has no {1}", contract.name, expect.subject));
        continue;
      }
      std::vector<std::pair<const eval::ItemResult*, const eval::Cell*>> matching;
      for (const eval::ItemResult* r : items) {
        for (const eval::Cell& cell : r->cells) {
          if (!expect.entity.empty() && data.EntityId(cell.entity) != expect.entity) continue;
          if (expect.period && !(data.PeriodAt(cell.period) == *expect.period)) continue;
          matching.emplace_back(r, &cell);
        }
      }
      const std::string expected = expect.verdict ? Verdict(*expect.verdict) : expect.value_text;
      if (matching.empty()) {
        const std::string where = expect.entity.empty() && !expect.period ? std::string()
                                  : expect.entity.empty() ? Tr(" in {0}", model::Format(*expect.period))
                                  : !expect.period        ? Tr(" for {0}", expect.entity)
                                                          : Tr(" for {0} in {1}", expect.entity, model::Format(*expect.period));
        fail(expected, std::string(Tr("(no verdict)")),
             Tr("{0} is not evaluated{1}: check the test's entities (given ... member, for ...) and the contract's period",
                expect.subject, where));
        continue;
      }
      if (matching.size() > 1) {
        fail(expected, Tr("{0} verdicts", matching.size()),
             Tr("say which one: expect {0} for ENTITY in PERIOD is ...", expect.subject));
        continue;
      }
      // Covered only when the expectation reached a verdict: an item that is never evaluated is not tested.
      summary.coverage.exercised[contract.name].insert(expect.subject);
      if (const eval::ItemResult* item = matching[0].first; item->commitment && item->commitment->composite) {
        for (const auto& member : item->commitment->composite->members) summary.coverage.exercised[contract.name].insert(member);
      }
      const eval::ItemResult* item = matching[0].first;
      const eval::Cell& cell = *matching[0].second;
      const eval::Detail& detail = item->details.at(static_cast<size_t>(&cell - item->cells.data()));
      if (expect.verdict) {
        summary.coverage.verdict_kinds.insert(Verdict(*expect.verdict));
        if (cell.verdict != *expect.verdict) fail(expected, Verdict(cell.verdict), detail.reason.str());
      } else if (expect.value) {
        if (!detail.measured || std::fabs(*detail.measured - *expect.value) > 1e-9 * std::max(1.0, std::fabs(*expect.value))) {
          fail(expect.value_text,
               detail.measured ? FormatMeasured(*detail.measured, expect.value_text) : std::string(Tr("(no value)")),
               detail.reason.str());
        }
      }
    }
    summary.outcomes.push_back(std::move(outcome));
  }
  // Clauses never exercised: a clause is tested when any commitment or milestone that encodes it is.
  for (const auto& [name, contract] : m.contracts) {
    auto exercised = summary.coverage.exercised.find(name);
    auto covered = [&](const std::string& item) { return exercised != summary.coverage.exercised.end() && exercised->second.count(item); };
    std::vector<std::string> order;
    std::map<std::string, bool> tested;
    auto note = [&](const std::string& clause, const std::string& item) {
      if (clause.empty()) return;
      if (!tested.count(clause)) order.push_back(clause);
      tested[clause] = tested[clause] || covered(item);
    };
    for (const auto& c : contract.commitments) note(c.clause, c.name);
    for (const auto& ms : contract.milestones) note(ms.clause, ms.name);
    for (const auto& clause : order) {
      if (!tested[clause]) summary.coverage.clauses[name].push_back(clause);
    }
  }
  return summary;
}

std::string JUnitXml(const Summary& summary, const SourceManager& sources) {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuite name=\"vigie\" tests=\"" << summary.outcomes.size() << "\" failures=\"" << summary.Failed() << "\">\n";
  for (const Outcome& o : summary.outcomes) {
    std::string file;
    if (o.span.IsValid() && o.span.file < sources.Size()) file = sources.Get(o.span.file).DisplayPath();
    out << "  <testcase classname=\"" << Xml(o.contract) << "\" name=\"" << Xml(o.name) << "\" file=\"" << Xml(file) << "\"";
    if (o.Passed()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    for (const Failure& f : o.failures) {
      out << "    <failure message=\"" << Xml(Tr("expected {0}, got {1}", f.expected, f.actual)) << "\">" << Xml(f.detail)
          << "</failure>\n";
    }
    if (o.expectations == 0) out << "    <failure message=\"" << Xml(std::string(Tr("the test expects nothing"))) << "\"/>\n";
    out << "  </testcase>\n";
  }
  out << "</testsuite>\n";
  return out.str();
}

}  // namespace vigie::ruletest
