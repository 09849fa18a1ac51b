#include "engine/ingest/layouts.h"

#include <algorithm>

#include "engine/base/text.h"

namespace vigie::ingest {

// Sources: the HAS open data (data.gouv.fr, Licence Ouverte) and their lexique files, as listed in
// data/has/README.md. e-Satis rows are geographic sites (finess_geo unique, finess the legal entity);
// IQSS rows are establishments (finess unique, finess_pmsi the PMSI one).
const std::vector<Layout>& Layouts() {
  static const std::vector<Layout> kLayouts = {
      {"has-esatis-48h", N_("HAS e-Satis +48h MCO results (2017, 2019; 2020 as an .xlsx workbook)"),
       {"finess", "finess_geo", "score_all_rea_ajust", "classement", "evolution"}, "HAS e-Satis 48h MCO", "finess_geo", "auto"},
      {"has-esatis-ca", N_("HAS e-Satis ambulatory surgery (CA) results (2019)"),
       {"finess", "finess_geo", "score_all_ajust", "classement", "evolution"}, "HAS e-Satis CA MCO", "finess_geo", "auto"},
      {"has-iqss", N_("HAS IQSS results (2019): classes, results and evolutions per indicator"),
       {"finess", "finess_pmsi", "nom_es", "type"}, "HAS IQSS", "finess", "auto"},
      // Certification V2020 (2021-2025): the sites file (has_certification_etab_geo.csv, one row per
      // geographic site and its procedure) joined with the decisions file (has_certification_demarche.csv,
      // one row per procedure) by code_demarche (--join).
      {"has-certification", N_("HAS certification decisions (2021-2025): the sites file joined with the decisions file"),
       {"code_demarche", "finess_eg", "decision_de_la_cces", "date_de_decision"}, "HAS certification", "finess_eg", "auto",
       "date_de_decision",
       N_("the decisions are in the file of procedures (has_certification_demarche.csv): import the sites file with "
          "--join has_certification_demarche.csv")},
      // Hospi Diag 2008-2015 (ATIH/ANAP, data/hospidiag_2008_2015/README.md): one file a year, ','
      // separated with decimal commas (a decimal cell is quoted: "         9,7"), values padded with
      // spaces, the finance (F1-F12, _D public and _O private) and quality (Q1-Q11) axes that the
      // later files lack. Its decimal mark is always the comma: "       1,078" (P1) is 1.078.
      {"hospidiag-2008-2015", N_("Hospi Diag open data 2008-2015: one file a year with the finance (F1-F12) and quality (Q1-Q11) axes"),
       {"finess", "rs", "f1_d", "f1_o", "q1", "q11"}, "Hospi Diag", "finess", "comma"},
      // Hospi Diag 2022 (data/hospidiag_2022/README.md): the same ',' file with decimal commas, whose
      // finance and quality columns are gone (no F1_D, no Q1) and whose context axis grew to CI_F27;
      // the A, P and RH codes are those of 2017-2019. "       1,032" (an IP-DMS) is 1.032.
      {"hospidiag-2022", N_("Hospi Diag open data 2022: one file a year with the activity, process and staff axes"),
       {"finess", "rs", "ci_f27_d", "p1", "rh10"}, "Hospi Diag", "finess", "comma"},
  };
  return kLayouts;
}

const Layout* FindLayout(std::string_view name) {
  for (const Layout& layout : Layouts()) {
    if (layout.name == name) return &layout;
  }
  return nullptr;
}

const Layout* DetectLayout(const std::vector<std::string>& folded_header) {
  const Layout* found = nullptr;
  for (const Layout& layout : Layouts()) {
    const bool all = std::all_of(layout.signature.begin(), layout.signature.end(), [&](std::string_view column) {
      return std::find(folded_header.begin(), folded_header.end(), column) != folded_header.end();
    });
    if (!all) continue;
    if (found != nullptr) return nullptr;  // two layouts fit: the user names one
    found = &layout;
  }
  return found;
}

std::string LayoutNames() {
  std::string out;
  for (const Layout& layout : Layouts()) out += (out.empty() ? "" : ", ") + std::string(layout.name);
  return out;
}

}  // namespace vigie::ingest
