// `vigie import --join` (engine/ingest/import_join.cpp) on any pair of files: the HAS certification
// path, where the sites file (one row per site and procedure) is completed by the decisions file (one
// row per procedure) through the columns both headers have, then read through the has-certification
// layout (the period is the year of the decision's date).
//
// The input is an options byte, then the imported file, a NUL byte, and the joined file:
//   bit 0  register_unknown_entities (else only the fixture's establishments are known)
//   bit 1  keep_valid (the rejects file is written to the scratch folder)
//   bit 2  --id-column finess_ej (the legal entity)
//   bit 3  --combine-sites (the catalog's `agrégat max`)
//   bit 4  --format has-certification (else the layout is recognised)
//   bit 5  --period 2024 (the decision's date gives the period anyway)
// Against the catalog of rulesets/has_certification.vigie (decision_certification) and a new
// in-memory store per input. Beyond "no crash", it checks that an import which wrote nothing left the
// store exactly as it was, and that every diagnostic renders.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/diagnostic.h"
#include "engine/base/diagnostic_render.h"
#include "engine/base/source.h"
#include "engine/ingest/importer.h"
#include "engine/store/store.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;

// rulesets/has_certification.vigie's indicator.
constexpr std::string_view kCatalog = R"(indicateur decision_certification "Décision de certification de la HAS (référentiel V2020), par site géographique" {
  valeurs { mention "Certifié avec mention", certifie "Certifié", conditions "Certifié sous conditions", non_certifie "Non certifié" }
  agrégat max
  source "HAS certification Decision_de_la_CCES"
}
)";

const sema::model::Model& Catalog() {
  static const sema::model::Model model = fuzz::CheckCleanly("has_certification.vigie", kCatalog);
  return model;
}

std::string Counts(const store::Store& store) {
  const store::StoreInfo info = store.Info();
  return std::to_string(info.establishments) + " establishments, " + std::to_string(info.legal_entities) +
         " legal entities, " + std::to_string(info.attributes) + " attributes, " + std::to_string(info.current_values) +
         " current, " + std::to_string(info.missing_values) + " missing, " + std::to_string(info.superseded_values) +
         " superseded values, " + std::to_string(info.imports.size()) + " imports";
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Catalog();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<fuzz::TwoTexts> input = fuzz::SplitTwoTexts(data, size);
  if (!input) return 0;
  const uint8_t how = input->options;
  const std::string_view sites = input->first, decisions = input->second;

  const std::string sites_path = fuzz::ScratchPath("has_certification_etab_geo.csv");
  const std::string decisions_path = fuzz::ScratchPath("has_certification_demarche.csv");
  fuzz::WriteFile(sites_path, sites);
  fuzz::WriteFile(decisions_path, decisions);

  ingest::ImportOptions options;
  options.register_unknown_entities = (how & 0x01) != 0;
  options.keep_valid = (how & 0x02) != 0;
  if (how & 0x04) options.id_column = "finess_ej";
  options.combine_sites = (how & 0x08) != 0;
  if (how & 0x10) options.layout = "has-certification";
  if (how & 0x20) options.period = "2024";
  options.join_file = decisions_path;
  options.imported_by = "fuzz";
  options.display_name = "has_certification_etab_geo.csv";
  options.rejects_path = fuzz::ScratchPath("has_certification_etab_geo.rejects.csv");

  std::unique_ptr<store::Store> store = fuzz::FixtureStore(":memory:", false);
  const std::string before = Counts(*store);
  SourceManager sources;
  DiagnosticSink sink;
  ingest::ImportSummary summary;
  ingest::ImportFile(sites_path, Catalog(), *store, options, sources, sink, summary);
  const std::string rendered = RenderTextAll(sink.Sorted(), sources);
  RenderJson(sink.Sorted(), sources);
  if (!summary.written && Counts(*store) != before) {
    fuzz::Fail("an import that wrote nothing changed the store",
               "--- before: " + before + "\n--- after:  " + Counts(*store) + "\n--- diagnostics\n" + rendered);
  }
  return 0;
}
