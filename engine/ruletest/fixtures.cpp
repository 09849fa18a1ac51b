#include "engine/ruletest/fixtures.h"

#include <filesystem>
#include <map>
#include <memory>

#include "engine/base/text.h"
#include "engine/eval/dataset.h"
#include "engine/ingest/importer.h"
#include "engine/store/store.h"

namespace vigie::ruletest {
namespace {

namespace fs = std::filesystem;
namespace model = sema::model;

// A date as the importer wrote it into the store (YYYY-MM-DD, already checked).
model::Date DateOf(const std::string& iso) { return calendar::ParseDate(iso).written; }

// A validity as the store writes it ("2019-01-01".."2019-12-31") as the year it covers, if it is one.
std::optional<model::Period> YearOf(const std::string& from, const std::string& until) {
  const calendar::Parsed<model::Date> first = calendar::ParseDate(from), last = calendar::ParseDate(until);
  if (!first || !last) return std::nullopt;
  const model::Period year{model::PeriodKind::kYear, first->year, 0};
  if (*first != calendar::FirstDate(year) || *last != calendar::LastDate(year)) return std::nullopt;
  return year;
}

void AddFromStore(const store::Store& scratch, model::Test& test) {
  scratch.ForEachValue({}, "", [&](const store::Store::CurrentValue& v) {
    std::optional<model::Period> period = calendar::ParsePeriod(v.period).value;
    if (!period) return;
    // A missing value keeps the code the file gave it ("NR", "Non concerné"): rules and classes read it.
    model::GivenValue given{std::string(v.entity), std::string(v.indicator), *period, v.value, v.value ? "" : "missing"};
    if (!v.value && !v.missing_code.empty()) given.missing_code = std::string(v.missing_code);
    test.given_values.push_back(std::move(given));
  });
  for (const store::Store::Evidence& e : scratch.AllEvidence()) {
    test.given_evidence.push_back(model::GivenEvidence{e.entity, e.milestone, DateOf(e.produced_on)});
  }
  std::map<std::string, std::vector<std::string>> members;
  for (const store::MembershipRow& m : scratch.Memberships()) members[m.group].push_back(m.member);
  for (auto& [group, list] : members) test.given_members.push_back(model::GivenMembers{group, std::move(list)});
  for (const store::AttributeRow& a : scratch.Attributes()) {
    test.given_attributes.push_back(model::GivenAttribute{a.entity, a.name, YearOf(a.valid_from, a.valid_until), a.value});
  }
}

}  // namespace

bool LoadDataFiles(model::Model& model, const std::string& root, SourceManager& sources, DiagnosticSink& sink) {
  bool ok = true;
  for (model::Test& test : model.tests) {
    for (const model::GivenFile& file : test.given_files) {
      const fs::path holder = fs::path(sources.Get(file.span.file).DisplayPath()).parent_path();
      fs::path path(file.path);
      if (path.is_relative()) path = holder / path;
      const std::string shown = path.lexically_normal().generic_string();
      if (!root.empty() && path.is_relative()) path = fs::path(root) / path;
      std::error_code error;
      if (!fs::is_regular_file(path, error)) {
        Diagnostic diagnostic = MakeDiagnostic(DiagCode::kFileNotFound, file.span,
                                               Tr("test \"{0}\": cannot find the data file '{1}'", test.name, shown));
        diagnostic.help = Tr("a test's data file is read from the folder of the file that holds the test");
        sink.Report(std::move(diagnostic));
        ok = false;
        continue;
      }
      store::StoreError store_error;
      std::unique_ptr<store::Store> scratch = store::Store::Open(":memory:", store::OpenOptions{}, store_error);
      if (!scratch) {
        sink.Report(MakeDiagnostic(DiagCode::kStoreUnavailable, file.span, Tr("cannot open a scratch store: {0}", store_error.message)));
        return false;
      }
      ingest::ImportOptions options;
      options.register_unknown_entities = true;
      if (!file.period.empty()) options.period = file.period;
      options.display_name = shown;
      options.imported_by = "vigie test";
      ingest::ImportSummary summary;
      const size_t errors_before = sink.ErrorCount();
      if (!ingest::ImportFile(path.string(), model, *scratch, options, sources, sink, summary) ||
          sink.ErrorCount() > errors_before) {
        ok = false;
        continue;
      }
      AddFromStore(*scratch, test);
    }
  }
  return ok;
}

}  // namespace vigie::ruletest
