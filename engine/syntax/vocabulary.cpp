#include "engine/syntax/vocabulary.h"

#include <algorithm>

#include "engine/base/language.h"

namespace vigie::syntax {

std::optional<std::string_view> Vocabulary::Lookup(std::string_view spelling) const {
  for (const VocabularyEntry& entry : entries) {
    for (std::string_view candidate : entry.spellings) {
      if (candidate == spelling) return entry.canonical;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Vocabulary::AllSpellings() const {
  std::vector<std::string> out;
  for (const VocabularyEntry& entry : entries) {
    for (std::string_view spelling : entry.spellings) out.emplace_back(spelling);
  }
  return out;
}

std::string Vocabulary::Describe() const {
  const bool french = CurrentLanguage() == vigie::Language::kFrench;
  std::string out;
  for (const VocabularyEntry& entry : entries) {
    if (!out.empty()) out += ", ";
    if (entry.spellings.size() > 1 && entry.spellings[1] != entry.spellings[0]) {
      const size_t first = french ? 1 : 0;
      out += std::string(entry.spellings[first]) + " (" + std::string(entry.spellings[1 - first]) + ")";
    } else {
      out += entry.spellings[0];
    }
  }
  return out;
}

std::string_view Vocabulary::Spelling(std::string_view canonical) const {
  const size_t index = CurrentLanguage() == vigie::Language::kFrench ? 1 : 0;
  for (const VocabularyEntry& entry : entries) {
    if (entry.canonical == canonical) return entry.spellings[std::min(index, entry.spellings.size() - 1)];
  }
  return canonical;
}

const Vocabulary& IndicatorUnits() {
  static const Vocabulary kVocabulary{"unit", {
      {"percent", {"percent", "pourcent", "pourcentage"}},
      {"ratio", {"ratio"}},
      {"count", {"count", "nombre"}},
      {"score", {"score"}},
      {"days", {"days", "jours"}},
      {"hours", {"hours", "heures"}},
      {"years", {"years", "années", "ans"}},
      {"euros", {"euros"}},
      {"beds", {"beds", "lits"}},
      {"places", {"places"}},
  }};
  return kVocabulary;
}

const Vocabulary& QuantityUnits() {
  static const Vocabulary kVocabulary{"unit", {
      {"percent", {"%"}},
      {"points", {"pts", "pts", "points", "pt"}},  // the same written form in both languages
      {"days", {"days", "jours", "day", "jour", "j"}},
      {"hours", {"hours", "heures", "h"}},
      {"years", {"years", "ans", "années", "year", "an", "année"}},
      {"euros", {"€", "€", "euros", "EUR"}},
      {"beds", {"beds", "lits"}},
      {"places", {"places"}},
  }};
  return kVocabulary;
}

const Vocabulary& DurationUnits() {
  static const Vocabulary kVocabulary{"duration", {
      {"days", {"days", "jours", "day", "jour"}},
      {"months", {"months", "mois", "month"}},
      {"years", {"years", "ans", "year", "an", "années", "année"}},
  }};
  return kVocabulary;
}

const Vocabulary& Directions() {
  static const Vocabulary kVocabulary{"direction", {
      {"higher", {"higher", "plus_haut"}},
      {"lower", {"lower", "plus_bas"}},
  }};
  return kVocabulary;
}

const Vocabulary& PeriodKinds() {
  static const Vocabulary kVocabulary{"period kind", {
      {"year", {"year", "année", "annuel"}},
      {"quarter", {"quarter", "trimestre", "trimestriel"}},
      {"month", {"month", "mois", "mensuel"}},
  }};
  return kVocabulary;
}

const Vocabulary& ContractKinds() {
  static const Vocabulary kVocabulary{"contract kind", {
      {"performance", {"performance"}},
      {"cpom", {"cpom"}},
      {"ctsm", {"ctsm"}},
      {"cpts", {"cpts"}},
      {"charter", {"charter", "charte"}},
      {"quality", {"quality", "qualité"}},
      {"other", {"other", "autre"}},
  }};
  return kVocabulary;
}

// Parties that are not establishments, before their code: `parties commune 79191, clsm CLSM_NIORT`.
// The canonical names are engine/base/party_id.h's, as the store keeps them.
const Vocabulary& PartyKinds() {
  static const Vocabulary kVocabulary{"party kind", {
      {"commune", {"commune"}},
      {"department", {"department", "département"}},
      {"region", {"region", "région"}},
      {"health_territory", {"health_territory", "territoire_de_santé"}},
      {"ght_territory", {"ght_territory", "territoire_ght"}},
      {"clsm", {"clsm"}},
      {"association", {"association"}},
      {"institution", {"institution"}},
  }};
  return kVocabulary;
}

const Vocabulary& Aggregates() {
  static const Vocabulary kVocabulary{"aggregate", {
      {"sum", {"sum", "somme"}},
      {"mean", {"mean", "moyenne"}},
      {"weighted_mean", {"weighted_mean", "moyenne_pondérée"}},
      {"min", {"min"}},
      {"max", {"max"}},
      {"count", {"count", "nombre"}},
  }};
  return kVocabulary;
}

// After `is` / `est` in a condition: whether an attribute or an indicator has a value.
const Vocabulary& Presences() {
  static const Vocabulary kVocabulary{"presence", {
      {"present", {"present", "présent", "présente"}},
      {"absent", {"absent", "absent", "absente"}},  // French: absent (absente accepted)
  }};
  return kVocabulary;
}

// After `scoring by` / `notation par`: what a year's score averages (docs/language.md#scoring).
const Vocabulary& ScoringBases() {
  static const Vocabulary kVocabulary{"scoring basis", {
      {"commitment", {"commitment", "engagement"}},
      {"verdict", {"verdict"}},
  }};
  return kVocabulary;
}

const Vocabulary& Verdicts() {
  static const Vocabulary kVocabulary{"verdict", {
      {"met", {"met", "atteint"}},
      {"partially_met", {"partially_met", "partiellement_atteint", "partial", "partiel"}},
      {"not_met", {"not_met", "non_atteint"}},
      {"missing_data", {"missing_data", "donnée_manquante"}},
      {"waived", {"waived", "dérogé"}},
      {"not_applicable", {"not_applicable", "non_applicable"}},
      {"pending", {"pending", "en_attente"}},
      {"error", {"error", "erreur"}},
  }};
  return kVocabulary;
}

const Vocabulary& ParameterTypes() {
  static const Vocabulary kVocabulary{"parameter type", {
      {"number", {"number", "nombre"}},
      {"text", {"text", "texte"}},
      {"date", {"date"}},
      {"euros", {"euros"}},
  }};
  return kVocabulary;
}

const Vocabulary& Functions() {
  static const Vocabulary kVocabulary{"function", {
      {"min", {"min"}},
      {"max", {"max"}},
      {"round", {"round", "arrondi"}},
      {"abs", {"abs"}},
      {"floor", {"floor", "plancher"}},
      {"ceil", {"ceil", "plafond"}},
      {"class", {"class", "classe"}},
      {"evolution", {"evolution", "évolution"}},
      {"previous", {"previous", "précédent"}},
      {"last_known", {"last_known", "dernière_valeur"}},
  }};
  return kVocabulary;
}

const Vocabulary& MissingWords() {
  static const Vocabulary kVocabulary{"missing value", {
      {"missing", {"missing", "manquant"}},
  }};
  return kVocabulary;
}

std::string UnitSymbol(std::string_view canonical_unit) {
  if (canonical_unit == "percent") return "%";
  if (canonical_unit == "euros") return "€";
  if (canonical_unit == "points") return "pts";
  return std::string(canonical_unit);
}

}  // namespace vigie::syntax
