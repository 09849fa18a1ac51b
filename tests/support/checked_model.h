// A model checked from the text of one .vigie file, for tests that make their data by hand: the test
// stops, naming the first diagnostic, when the text does not check.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/sema/checker.h"
#include "engine/syntax/parser.h"

namespace vigie::testing {

struct CheckedModel {
  SourceManager sources;  // what the model's spans point into
  DiagnosticSink sink;
  sema::model::Model model;

  explicit CheckedModel(const char* text) {
    const FileId id = sources.Add("t.vigie", text);
    std::vector<syntax::ast::File> files{syntax::ParseFile(sources, id, sink)};
    model = sema::Check(files, sources, sink);
    INFO((sink.Sorted().empty() ? std::string() : sink.Sorted()[0].message));
    REQUIRE_FALSE(sink.HasErrors());
  }
};

}  // namespace vigie::testing
