// The bilingual vocabularies of value words: units, directions, period kinds, contract kinds,
// aggregates, verdicts, parameter types, functions. One table per kind; each entry has a canonical
// (English) name and every accepted spelling. Sema turns words into canonical names with Lookup.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::syntax {

struct VocabularyEntry {
  std::string_view canonical;
  std::vector<std::string_view> spellings;  // English first, then French, then aliases
};

struct Vocabulary {
  std::string_view what;  // "unit", "direction"... for messages
  std::vector<VocabularyEntry> entries;

  // Canonical name for a spelling, or nothing.
  std::optional<std::string_view> Lookup(std::string_view spelling) const;
  // Every spelling, for "did you mean" and for messages listing what is accepted.
  std::vector<std::string> AllSpellings() const;
  // "percent (pourcent), ratio, ..." : English spelling with the French one in parentheses; in French
  // (CurrentLanguage), the French spelling first: "pourcent (percent), ratio, ...".
  std::string Describe() const;
  // The spelling of a canonical name in the current language ("days" -> "jours" in French); the
  // canonical name itself when the vocabulary does not have it.
  std::string_view Spelling(std::string_view canonical) const;
};

const Vocabulary& IndicatorUnits();   // unit of an indicator: percent, ratio, count, days, ...
const Vocabulary& DurationUnits();    // after `due PARAMETER + N`: days, months, years
const Vocabulary& QuantityUnits();    // unit written after a number: %, pts, days, €, ...
const Vocabulary& Directions();       // higher, lower
const Vocabulary& PeriodKinds();      // year, quarter, month
const Vocabulary& ContractKinds();    // performance, cpom, ctsm, cpts, charter, quality, other
const Vocabulary& PartyKinds();       // commune, department, region, ... clsm (engine/base/party_id.h)
const Vocabulary& Aggregates();       // sum, mean, min, max, count, weighted_mean
const Vocabulary& Presences();        // after `is` in a condition: present, absent
const Vocabulary& ScoringBases();     // after `scoring by`: commitment, verdict
const Vocabulary& Verdicts();         // met, partially_met, ...
const Vocabulary& ParameterTypes();   // number, text, date, euros
const Vocabulary& Functions();        // min, max, round, abs, floor, ceil
const Vocabulary& MissingWords();     // missing (manquant): a given value that is absent

// How a canonical quantity unit is printed in language-neutral output: "%", "€", "pts", or the
// English word (days, hours, years, beds, places).
std::string UnitSymbol(std::string_view canonical_unit);

}  // namespace vigie::syntax
