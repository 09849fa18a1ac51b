// `vigie diff` on any two contract texts: cli::RunDiff as the command line runs it (both files checked,
// the contract found on each side, its clauses compared, the text or JSON answer written), and
// sema::DiffContracts on every contract the two files share.
//
// The input is an options byte, then the old file's text, a NUL byte, and the new file's text:
//   bit 0  --format json
//   bit 1  --store: both sides evaluated against the fixture's store (fuzz/fixture.h, its contract's
//          establishments, values and evidence), --as-of 2021-12-31
//   bit 2  one file, --from 0 --to 1 (the old file's contract as signed and after its first avenant)
// Beyond "no crash", it checks that a contract compared with itself has no difference, and that the
// changes from a to b are those from b to a, turned round (added <-> removed, before <-> after).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/source.h"
#include "engine/cli/diff_command.h"
#include "engine/cli/options.h"
#include "engine/sema/contract_diff.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;
namespace model = sema::model;

struct Checked {
  SourceManager sources;
  model::Model model;
  bool ok = false;
};

void Check(const std::string& text, Checked& out) {
  DiagnosticSink sink;
  out.model = fuzz::CheckText(out.sources, "fuzz.vigie", text, sink);
  out.ok = !sink.HasErrors();
}

std::string Show(const std::vector<sema::ClauseChange>& changes) {
  std::string out;
  for (const sema::ClauseChange& c : changes) {
    out += std::string(sema::Name(c.kind)) + " " + c.item_kind + " " + c.item + " [" + c.field + "] " + c.before +
           " -> " + c.after + "\n";
  }
  return out;
}

// b -> a, written as a -> b: kinds and sides swapped.
std::vector<sema::ClauseChange> TurnedRound(std::vector<sema::ClauseChange> changes) {
  for (sema::ClauseChange& c : changes) {
    if (c.kind == sema::ClauseChange::Kind::kAdded) c.kind = sema::ClauseChange::Kind::kRemoved;
    else if (c.kind == sema::ClauseChange::Kind::kRemoved) c.kind = sema::ClauseChange::Kind::kAdded;
    std::swap(c.before, c.after);
  }
  return changes;
}

bool SameChanges(std::vector<sema::ClauseChange> a, std::vector<sema::ClauseChange> b) {
  auto key = [](const sema::ClauseChange& c) {
    return std::string(sema::Name(c.kind)) + '\x1f' + c.item_kind + '\x1f' + c.item + '\x1f' + c.field + '\x1f' +
           c.before + '\x1f' + c.after;
  };
  std::vector<std::string> ka, kb;
  for (const sema::ClauseChange& c : a) ka.push_back(key(c));
  for (const sema::ClauseChange& c : b) kb.push_back(key(c));
  std::sort(ka.begin(), ka.end());
  std::sort(kb.begin(), kb.end());
  return ka == kb;
}

void CheckContract(const model::Contract& contract) {
  std::vector<const model::Contract*> versions = {&contract};
  for (const model::Contract& version : contract.versions) versions.push_back(&version);
  for (const model::Contract* version : versions) {
    const std::vector<sema::ClauseChange> none = sema::DiffContracts(*version, *version);
    if (!none.empty()) fuzz::Fail("a contract differs from itself: " + contract.name, Show(none));
  }
}

void CheckPair(const model::Contract& a, const model::Contract& b) {
  const std::vector<sema::ClauseChange> forward = sema::DiffContracts(a, b), backward = sema::DiffContracts(b, a);
  if (!SameChanges(forward, TurnedRound(backward))) {
    fuzz::Fail("the changes from a to b are not those from b to a turned round: " + a.name,
               "--- a -> b\n" + Show(forward) + "--- b -> a\n" + Show(backward));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::SharedStorePath();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<fuzz::TwoTexts> input = fuzz::SplitTwoTexts(data, size);
  if (!input) return 0;
  const uint8_t how = input->options;
  const std::string old_text(input->first), new_text(input->second);

  // The command, as `vigie diff [--format json] [--store DB --as-of D] OLD NEW` (or --from 0 --to 1 OLD).
  const std::string old_path = fuzz::ScratchPath("ancien.vigie"), new_path = fuzz::ScratchPath("nouveau.vigie");
  fuzz::WriteFile(old_path, old_text);
  fuzz::WriteFile(new_path, new_text);
  cli::Options options;
  options.command = "diff";
  if (how & 0x01) options.diagnostics = "json";
  if (how & 0x02) {
    options.diff_store = fuzz::SharedStorePath();
    options.as_of = "2021-12-31";
  }
  if (how & 0x04) {
    options.paths = {old_path};
    options.from_version = "0";
    options.to_version = "1";
  } else {
    options.paths = {old_path, new_path};
  }
  std::ostringstream out, err;
  cli::RunDiff(options, out, err);

  // The comparison itself, on every contract of each side and every contract both sides have.
  Checked before, after;
  Check(old_text, before);
  Check(new_text, after);
  for (const Checked* side : {&before, &after}) {
    if (!side->ok) continue;
    for (const auto& [name, contract] : side->model.contracts) CheckContract(contract);
  }
  if (before.ok && after.ok) {
    for (const auto& [name, contract] : before.model.contracts) {
      auto it = after.model.contracts.find(name);
      if (it != after.model.contracts.end()) CheckPair(contract, it->second);
    }
  }
  return 0;
}
