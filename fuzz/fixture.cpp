#include "fuzz/fixture.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "engine/base/diagnostic_render.h"
#include "engine/base/source.h"
#include "engine/ingest/importer.h"
#include "engine/sema/checker.h"
#include "engine/syntax/parser.h"

namespace vigie::fuzz {

namespace fs = std::filesystem;

const std::string_view kRules = R"(// The fuzz targets' catalog and contract (tests/golden/report/all_verdicts, and two more indicators).
indicateur P12 "Taux de chirurgie ambulatoire" { unité pourcent  mieux plus_haut  source "Hospi Diag P12"  bornes 0..100 }
indicateur P1 "IP-DMS médecine" { unité ratio  mieux plus_bas  source "Hospi Diag P1" }
indicateur sejours_chir "Séjours de chirurgie" { unité nombre  source "Hospi Diag A9" }
indicateur delai_rdv "Délai moyen de rendez-vous" { unité jours  mieux plus_bas  période trimestriel }
indicateur resultat "Résultat d'exploitation" { unité euros }
indicateur produits "Produits" { unité euros }
indicateur marge "Taux de marge" = resultat / produits * 100 % { mieux plus_haut }
attribut cat "Catégorie d'établissement"

contrat cp_nord_ardennes "Contrat de performance, GHT Nord Ardennes" {
  nature performance
  autorité "ARS Grand Est"
  signé 2018-12-14
  période 2019..2021
  parties groupe GHT_NORD_ARDENNES

  engagement ambu "Développer la chirurgie ambulatoire" {
    réf "Axe 2, action 2.3"
    pour chaque membre où cat = "CH"
    indicateur P12
    cible { 2019: 50 %, 2020: 55 %, 2021: 60 % }
    tolérance 2 pts
    poids 2
  }
  engagement marge "Équilibre financier" {
    réf "Axe 4"
    pour 080000037, 080000615
    indicateur marge
    cible >= 1 %
  }
  jalon pmp "Projet médical partagé adopté" {
    réf "Article 4"
    pour 080000037, 080000615
    échéance 2019-06-30
    preuve "délibération du comité stratégique"
  }
  engagement socle "Socle du contrat" { réf "Article 3"  tous parmi [ambu, pmp] }

  dérogation ambu pour 080000037 en 2020 motif "Travaux du bloc opératoire" accordée 2020-02-01 par "ARS Grand Est" jusqu'au 2020-12-31

  notation { atteint 1  partiel 0.5  non_atteint 0  agrégat moyenne_pondérée }
  paiement part_fixe "Part fixe" = 10000 €
  paiement part_variable "Part variable" = 15000 € * score
  paiement total "Total" = arrondi(part_fixe + part_variable, 2)
}
)";

const std::string_view kEntities = R"(finess;rs;cat
080000037;CH DE SEDAN;CH
080000615;CH CHARLEVILLE MEZIERES;CH
080001969;GROUPEMENT HOSPITALIER SUD ARDENNES;CH
010007300;CLINIQUE AMBULATOIRE CENDANEG;CLI
)";

const std::string_view kGroups = R"(groupe;membre;debut;fin
GHT_NORD_ARDENNES;080000037;2016-07-01;
GHT_NORD_ARDENNES;080000615;2016-07-01;
GHT_NORD_ARDENNES;080001969;2016-07-01;
GHT_NORD_ARDENNES;010007300;2016-07-01;
)";

const std::string_view kValues = R"(finess;indicateur;periode;valeur
080000037;P12;2019;52
080000037;P12;2020;45
080000037;P12;2021;61
080000615;P12;2019;40
080000615;P12;2020;61,5
080001969;P12;2019;
080001969;P12;2020;54
010007300;P12;2019;80
010007300;P12;2020;82
080000037;resultat;2019;150000
080000037;produits;2019;10000000
080000037;resultat;2020;-50000
080000037;produits;2020;10000000
080000615;resultat;2019;20000
080000615;produits;2019;0
080000615;resultat;2020;30000
080000615;produits;2020;2000000
080000037;delai_rdv;2021-T2;12,5
)";

const std::string_view kDocument = "Délibération du comité stratégique du GHT, 14 août 2019.\n";

void Fail(std::string_view what, std::string_view details) {
  std::cerr << "vigie fuzz: " << what << "\n" << details << (details.empty() || details.back() == '\n' ? "" : "\n");
  std::cerr.flush();
  std::abort();
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) Fail("cannot write " + path);
}

namespace {

struct Scratch {
  std::string dir;
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/vigie-fuzz-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!mkdtemp(buffer.data())) Fail("cannot create a scratch folder from " + pattern);
    dir = buffer.data();
    WriteFile(dir + "/rules.vigie", kRules);
    WriteFile(dir + "/deliberation.txt", kDocument);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

}  // namespace

const std::string& ScratchDir() {
  static const Scratch scratch;
  return scratch.dir;
}

std::string ScratchPath(std::string_view name) { return ScratchDir() + "/" + std::string(name); }

sema::model::Model CheckText(SourceManager& sources, std::string_view name, std::string_view text, DiagnosticSink& sink) {
  const FileId id = sources.Add(std::string(name), std::string(text));
  std::vector<syntax::ast::File> files;
  files.push_back(syntax::ParseFile(sources, id, sink));
  return sema::Check(files, sources, sink);
}

sema::model::Model CheckCleanly(std::string_view name, std::string_view text) {
  SourceManager sources;
  DiagnosticSink sink;
  sema::model::Model checked = CheckText(sources, name, text, sink);
  if (sink.HasErrors()) Fail("the ruleset " + std::string(name) + " does not check", RenderTextAll(sink.Sorted(), sources));
  return checked;
}

const sema::model::Model& Catalog() {
  static const sema::model::Model model = CheckCleanly("rules.vigie", kRules);
  return model;
}

void ImportFixture(store::Store& store, std::string_view name, std::string_view csv, const char* period) {
  const std::string path = ScratchPath(name);
  WriteFile(path, csv);
  ingest::ImportOptions options;
  if (period) options.period = period;
  options.imported_by = "fuzz";
  options.display_name = std::string(name);
  SourceManager sources;
  DiagnosticSink sink;
  ingest::ImportSummary summary;
  if (!ingest::ImportFile(path, Catalog(), store, options, sources, sink, summary) || sink.HasErrors()) {
    Fail("the fixture's " + std::string(name) + " does not import", RenderTextAll(sink.Sorted(), sources));
  }
}

std::unique_ptr<store::Store> FixtureStore(const std::string& path, bool with_data) {
  store::StoreError error;
  std::unique_ptr<store::Store> store = store::Store::Open(path, store::OpenOptions{}, error);
  if (!store) Fail("cannot open the store " + path + ": " + error.message);
  for (const char* year : {"2019", "2020", "2021"}) ImportFixture(*store, "etablissements.csv", kEntities, year);
  if (!with_data) return store;
  ImportFixture(*store, "ght.csv", kGroups, nullptr);
  ImportFixture(*store, "valeurs.csv", kValues, nullptr);
  ingest::EvidenceOptions evidence;
  evidence.contract = "cp_nord_ardennes";
  evidence.milestone = "pmp";
  evidence.entity = "080000037";
  evidence.date = "2019-08-14";
  evidence.document = ScratchPath("deliberation.txt");
  evidence.imported_by = "fuzz";
  DiagnosticSink sink;
  store::ApplyResult applied;
  if (!ingest::AddEvidence(evidence, Catalog(), *store, sink, applied) || sink.HasErrors()) {
    Fail("the fixture's evidence cannot be added");
  }
  return store;
}

const std::string& SharedStorePath() {
  static const std::string path = [] {
    const std::string store_path = ScratchPath("vigie.db");
    FixtureStore(store_path, true);
    return store_path;
  }();
  return path;
}

std::optional<TwoTexts> SplitTwoTexts(const uint8_t* data, size_t size) {
  if (size < 1) return std::nullopt;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t nul = rest.find('\0');
  return TwoTexts{data[0], rest.substr(0, nul), nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1)};
}

}  // namespace vigie::fuzz
