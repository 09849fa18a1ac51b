// The importer on any data file, in every layout, against the fixture's catalog (fuzz/fixture.h)
// and a new in-memory store per input that knows the fixture's establishments.
//
// The first byte of the input chooses how the file is imported, the rest is the file:
//   bits 0-2  the layout: 0 auto-detected, 1 wide, 2 long, 3 entities, 4 groups, 5 evidence,
//             6 and 7 auto-detected
//   bit 3     keep_valid (the rejects file is written to the scratch folder)
//   bit 4     register_unknown_entities (as a test's given file)
//   bit 5, 6  decimal "comma" (bit 5 only), "dot" (bit 6 only), else by separator
//   bit 7     --period 2019
// The columns of wide files map to indicators through the dataset "Hospi Diag" (P12, P1, A9) or
// by name. Beyond "no crash, no sanitizer report", it checks that an import which wrote nothing left
// the store exactly as it was (the same counts and imports: ingest/importer.h's promise).
#include <cstddef>
#include <cstdint>
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

// What the store holds, in numbers: enough to see that a refused import wrote something.
std::string Counts(const store::Store& store) {
  const store::StoreInfo info = store.Info();
  std::string out = std::to_string(info.establishments) + " establishments, " + std::to_string(info.legal_entities) +
                    " legal entities, " + std::to_string(info.groups) + " groups, " + std::to_string(info.memberships) +
                    " memberships, " + std::to_string(info.attributes) + " attributes, " +
                    std::to_string(info.current_values) + " current, " + std::to_string(info.missing_values) +
                    " missing, " + std::to_string(info.superseded_values) + " superseded values, " +
                    std::to_string(info.evidence) + " evidence, " + std::to_string(info.imports.size()) + " imports";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::Catalog();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t how = data[0];
  const std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);

  static constexpr ingest::ImportFormat kLayouts[8] = {
      ingest::ImportFormat::kAuto,   ingest::ImportFormat::kWide,     ingest::ImportFormat::kLong,
      ingest::ImportFormat::kEntities, ingest::ImportFormat::kGroups, ingest::ImportFormat::kEvidence,
      ingest::ImportFormat::kAuto,   ingest::ImportFormat::kAuto};
  ingest::ImportOptions options;
  options.format = kLayouts[how & 7];
  options.keep_valid = (how & 0x08) != 0;
  options.register_unknown_entities = (how & 0x10) != 0;
  const bool comma = (how & 0x20) != 0, dot = (how & 0x40) != 0;
  options.decimal = comma && !dot ? "comma" : dot && !comma ? "dot" : "";
  if (how & 0x80) options.period = "2019";
  options.dataset = "Hospi Diag";
  options.imported_by = "fuzz";
  options.display_name = "donnees.csv";
  options.rejects_path = fuzz::ScratchPath("donnees.rejects.csv");

  // The evidence layout names documents relative to the file's folder: deliberation.txt is there.
  const std::string path = fuzz::ScratchPath("donnees.csv");
  fuzz::WriteFile(path, file);

  std::unique_ptr<store::Store> store = fuzz::FixtureStore(":memory:", false);
  const std::string before = Counts(*store);

  SourceManager sources;
  DiagnosticSink sink;
  ingest::ImportSummary summary;
  ingest::ImportFile(path, fuzz::Catalog(), *store, options, sources, sink, summary);
  const std::string rendered = RenderTextAll(sink.Sorted(), sources);
  RenderJson(sink.Sorted(), sources);

  if (!summary.written) {
    const std::string after = Counts(*store);
    if (after != before) {
      fuzz::Fail("an import that wrote nothing changed the store",
                 "--- before: " + before + "\n--- after:  " + after + "\n--- diagnostics\n" + rendered);
    }
  }
  return 0;
}
