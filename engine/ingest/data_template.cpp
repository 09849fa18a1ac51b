#include "engine/ingest/data_template.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "engine/base/locale_text.h"
#include "engine/base/spreadsheet.h"
#include "engine/base/text.h"

namespace vigie::ingest {
namespace {

namespace model = sema::model;

// A text cell, safe to open in a spreadsheet (base/spreadsheet.h).
std::string Field(const std::string& text) { return CsvField(text, ';'); }

// Kept as text by Excel (leading zeros, 2021-03 not turned into a date); vigie import reads it back.
// Only for text without a quote, which would end the formula's string.
std::string Protected(const std::string& text) {
  if (text.find('"') != std::string::npos) return Field(text);
  return CsvQuoted("=\"" + text + "\"", ';');
}

std::string FormatHint(model::Unit unit) {
  switch (unit) {
    case model::Unit::kPercent: return "pourcentage, ex. 45,2 (sans %), vide si inconnu";
    case model::Unit::kRatio: return "ratio, ex. 0,95";
    case model::Unit::kCount: return "nombre, ex. 1250";
    case model::Unit::kScore: return "score, ex. 72,5";
    case model::Unit::kDays: return "nombre de jours, ex. 12";
    case model::Unit::kHours: return "nombre d'heures, ex. 48";
    case model::Unit::kYears: return "nombre d'années, ex. 7,5";
    case model::Unit::kEuros: return "euros, ex. 15000,00";
    case model::Unit::kBeds: return "nombre de lits, ex. 120";
    case model::Unit::kPlaces: return "nombre de places, ex. 12";
  }
  return "";
}

}  // namespace

DataTemplate BuildDataTemplate(const model::Model& m, const model::Contract& contract, const std::string& entity,
                               bool is_member) {
  // (indicator, period) -> commitments and clauses that need it
  std::map<std::pair<std::string, model::Period>, std::pair<std::set<std::string>, std::set<std::string>>> needed;
  auto applies = [&](const model::Applicability& a, const model::Contract& version) {
    switch (a.kind) {
      case model::Applicability::Kind::kEntities:
        return std::find(a.entities.begin(), a.entities.end(), entity) != a.entities.end();
      case model::Applicability::Kind::kEachMember:
      case model::Applicability::Kind::kGroup: return is_member;
      case model::Applicability::Kind::kContractParties:
        return is_member || std::any_of(version.parties.begin(), version.parties.end(),
                                        [&](const model::Party& p) { return p.id == entity; });
    }
    return false;
  };
  // Every version asks for what it judges (an avenant may add a party, a commitment, a milestone or
  // years): the template holds what any of them needs, each row once.
  std::vector<const model::Contract*> versions{&contract};
  for (const model::Contract& version : contract.versions) versions.push_back(&version);
  std::function<void(const std::string&, const model::Period&, const model::Commitment&, bool)> need;
  // Derived indicators may read the same input along many paths (c = a + b, both reading x): each
  // is followed once, or a lattice 32 formulas high would take 2^32 steps.
  std::set<std::tuple<std::string, model::Period, const model::Commitment*, bool>> followed;
  need = [&](const std::string& name, const model::Period& period, const model::Commitment& c, bool group) {
    if (!followed.emplace(name, period, &c, group).second) return;
    auto it = m.indicators.find(name);
    if (it == m.indicators.end()) return;
    const model::Indicator& indicator = it->second;
    if (indicator.formula) {  // what the entity sends is the formula's inputs
      for (const auto& input : indicator.inputs) need(input, period, c, group);
      return;
    }
    if (group && !indicator.numerator.empty()) {  // a group ratio is computed from its parts
      need(indicator.numerator, period, c, false);
      need(indicator.denominator, period, c, false);
      return;
    }
    std::vector<model::Period> periods{period};
    if (period.kind == model::PeriodKind::kYear && indicator.period_kind != model::PeriodKind::kYear) {
      periods.clear();
      const int parts = calendar::PeriodsPerYear(indicator.period_kind);
      for (int sub = 1; sub <= parts; ++sub) periods.push_back({indicator.period_kind, period.year, sub});
    }
    for (const auto& p : periods) {
      auto& entry = needed[{name, p}];
      entry.first.insert(c.name);
      if (!c.clause.empty()) entry.second.insert(c.clause);
    }
  };
  for (const model::Contract* version : versions) {
    for (const auto& c : version->commitments) {
      if (c.composite || c.indicator.empty() || !applies(c.applicability, *version)) continue;
      const bool group = c.applicability.kind == model::Applicability::Kind::kGroup;
      if (!c.targets.empty()) {
        for (const auto& t : c.targets) need(c.indicator, t.period, c, group);
      } else {
        for (int year = version->first_year; year != 0 && year <= version->last_year; ++year) {
          need(c.indicator, {model::PeriodKind::kYear, year, 0}, c, group);
        }
      }
      if (c.improvement) need(c.indicator, {model::PeriodKind::kYear, c.improvement->baseline_year, 0}, c, group);
    }
  }
  DataTemplate out;
  const std::string bom = "\xEF\xBB\xBF";
  // The column names are French in both languages (vigie import reads them with or without accents).
  out.values = bom + std::string(Tr("finess;indicateur;periode;valeur;unite;format;engagements;clauses")) + "\r\n";
  for (const auto& [key, users] : needed) {
    const model::Indicator& indicator = m.indicators.at(key.first);
    std::string commitments, clauses;
    for (const auto& name : users.first) commitments += (commitments.empty() ? "" : ", ") + name;
    for (const auto& clause : users.second) clauses += (clauses.empty() ? "" : " ; ") + clause;
    out.values += Protected(entity) + ";" + Field(key.first) + ";" + Protected(model::Format(key.second)) + ";;" +
                  Field(UnitWord(model::Name(indicator.unit))) + ";" + Field(FormatHint(indicator.unit)) + ";" +
                  Field(commitments) + ";" + Field(clauses) + "\r\n";
    ++out.value_rows;
  }
  out.evidence = bom + std::string(Tr("contrat;jalon;finess;echeance;preuve_attendue;date;document")) + "\r\n";
  // A milestone as the latest version that has it writes it (an avenant may move its due date).
  std::set<std::string> milestones_seen;
  for (auto version = versions.rbegin(); version != versions.rend(); ++version) {
    for (const auto& ms : (*version)->milestones) {
      if (!milestones_seen.insert(ms.name).second || !applies(ms.applicability, **version)) continue;
      out.evidence += Field(contract.name) + ";" + Field(ms.name) + ";" + Protected(entity) + ";" +
                      FormatDate(model::Format(ms.due)) + ";" + Field(ms.evidence.empty() ? ms.title : ms.evidence) + ";;\r\n";
      ++out.evidence_rows;
    }
  }
  return out;
}

}  // namespace vigie::ingest
