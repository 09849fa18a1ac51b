// Test data from files: `given "valeurs.csv"` in a test block. The file is read by the importer,
// with every check `vigie import` makes, into a scratch in-memory store; its values, milestone
// evidence, group members and attributes then become the test's own `given` lines. So a test can
// use the very file an establishment sends back (a `vigie template` once filled in).
#pragma once

#include <string>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/sema/model.h"

namespace vigie::ruletest {

// Reads the data files of every test of `model` (paths relative to the folder of the file holding
// the test; `root` as given to the loader). Problems are reported to `sink` with the data file's
// line and column (the file is added to `sources`); returns false when there was one.
bool LoadDataFiles(sema::model::Model& model, const std::string& root, SourceManager& sources, DiagnosticSink& sink);

}  // namespace vigie::ruletest
