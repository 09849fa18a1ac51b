// Data templates: for one establishment of a contract, the CSV files of everything it must
// provide, ready to fill in a French Excel and to import as they are (`vigie import`).
#pragma once

#include <string>

#include "engine/sema/model.h"

namespace vigie::ingest {

struct DataTemplate {
  std::string values;    // finess;indicateur;periode;valeur;unite;format;engagements;clauses
  std::string evidence;  // contrat;jalon;finess;echeance;preuve_attendue;date;document
  int value_rows = 0, evidence_rows = 0;
};

// What `entity` must provide for `contract`: the values of the indicators its commitments read (a
// derived indicator's inputs; a group ratio's numerator and denominator), for every period they are
// evaluated, and the evidence of its milestones; for an amended contract, what any of its versions
// asks (a party, commitment or years added by an avenant; a milestone as its latest version writes it). `is_member`: the entity belongs to the contract's
// group (so `for each member` and group commitments concern it). In the current language: in French
// the columns période, unité, échéance take their accents, the unit is the language's French word
// (pourcent, lits) and the due date is written 31/12/2019; `vigie import` reads either.
DataTemplate BuildDataTemplate(const sema::model::Model& model, const sema::model::Contract& contract,
                               const std::string& entity, bool is_member);

}  // namespace vigie::ingest
