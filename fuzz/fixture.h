// What the fuzz targets run against: a small fixed catalog and contract (those of
// tests/golden/report/all_verdicts, with a quarterly and a count indicator added), the data files of
// that case, a store made of them, and a scratch folder; and what their entry points share (reading
// an input of two texts, checking a text). Never part of vigie itself: linked by the targets of fuzz/ only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/sema/model.h"
#include "engine/store/store.h"

namespace vigie::fuzz {

// The ruleset: indicators (percent, euros, a formula, a count, a quarterly one in days), an
// attribute, and a contract with commitments, a milestone, a composite, a waiver, scoring and
// payments. Its name in the scratch folder is "rules.vigie".
extern const std::string_view kRules;
// Data files of the contract, in the layouts the importer reads (each with its header).
extern const std::string_view kEntities;  // finess;rs;cat (import with period 2019)
extern const std::string_view kGroups;    // groupe;membre;debut;fin
extern const std::string_view kValues;    // finess;indicateur;periode;valeur
// The milestone's evidence document, "deliberation.txt" in the scratch folder.
extern const std::string_view kDocument;

// A folder of its own under $TMPDIR, created on first use with rules.vigie and deliberation.txt in
// it; the process's current directory is left alone. Removed at exit.
const std::string& ScratchDir();
std::string ScratchPath(std::string_view name);

// kRules checked once (the process aborts if it does not check clean: the fixture is broken).
const sema::model::Model& Catalog();

// `text` parsed and checked as the file `name` (added to `sources`); its diagnostics go to `sink`.
sema::model::Model CheckText(SourceManager& sources, std::string_view name, std::string_view text, DiagnosticSink& sink);
// The same for a target's own fixed ruleset, which must check clean (else the process aborts).
sema::model::Model CheckCleanly(std::string_view name, std::string_view text);

// Writes `bytes` to `path`, replacing it; aborts when it cannot.
void WriteFile(const std::string& path, std::string_view bytes);

// Imports `csv` (written to the scratch folder as `name`) into `store` with the importer's default
// options and `period`; aborts when the fixture's own data does not import.
void ImportFixture(store::Store& store, std::string_view name, std::string_view csv, const char* period);

// A new store at `path` (":memory:" for one per input) holding the fixture's establishments
// (2019, 2020, 2021) and, with `with_data`, its groups, values and the milestone's evidence.
std::unique_ptr<store::Store> FixtureStore(const std::string& path, bool with_data);

// The path of "vigie.db" in the scratch folder: FixtureStore with its data, made once per process.
const std::string& SharedStorePath();

// An input made of an options byte, then a first text, a NUL byte and a second text (empty when
// there is no NUL byte). Nothing for an empty input.
struct TwoTexts {
  uint8_t options = 0;
  std::string_view first, second;
};
std::optional<TwoTexts> SplitTwoTexts(const uint8_t* data, size_t size);

// Stops the process with a message when a property the target checks does not hold: libFuzzer
// records the input as a crash.
[[noreturn]] void Fail(std::string_view what, std::string_view details = "");

}  // namespace vigie::fuzz
