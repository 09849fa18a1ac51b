#include "engine/cli/template_command.h"

#include <filesystem>
#include <fstream>

#include "engine/base/diagnostic_render.h"
#include "engine/base/finess.h"
#include "engine/cli/commands.h"
#include "engine/driver/pipeline.h"
#include "engine/ingest/data_template.h"
#include "engine/store/store.h"

namespace vigie::cli {

namespace fs = std::filesystem;

int RunTemplate(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty() || options.entity.empty()) {
    err << "usage: vigie template CONTRACT_FILE... --entity FINESS [--contract NAME] [--output DIR] [--store vigie.db]\n";
    return kExitUsage;
  }
  if (FinessCheck check = CheckFiness(options.entity); check.problem != FinessProblem::kNone) {
    err << "vigie template: '" << options.entity << "' is not a valid FINESS number: "
        << DescribeFinessProblem(options.entity, check) << "\n";
    return kExitInputErrors;
  }
  DiagnosticSink sink(options.max_errors);
  driver::CheckedProgram program;
  driver::CheckProgram(options.paths, options.root, program, sink);
  if (sink.HasErrors()) {
    err << RenderTextAll(sink.Sorted(), program.parsed.sources);
    err << "failed: the contract has errors; no template was written\n";
    return kExitInputErrors;
  }
  const sema::model::Contract* contract = nullptr;
  if (!options.contract.empty()) {
    auto it = program.model.contracts.find(options.contract);
    if (it != program.model.contracts.end()) contract = &it->second;
  } else if (program.model.contracts.size() == 1) {
    contract = &program.model.contracts.begin()->second;
  }
  if (contract == nullptr) {
    err << "vigie template: " << (program.model.contracts.empty() ? "the files declare no contract"
                                  : options.contract.empty()       ? "several contracts: say which with --contract NAME"
                                                                   : "no contract '" + options.contract + "'")
        << "\n";
    return kExitInputErrors;
  }
  // Is it a member of the contract's group? The store says so when there is one; otherwise an
  // establishment named for a group contract is taken to be a member.
  bool is_member = false;
  std::error_code fs_error;
  const bool has_group = std::any_of(contract->parties.begin(), contract->parties.end(),
                                     [](const auto& p) { return p.kind == sema::model::Party::Kind::kGroup; });
  if (has_group && fs::exists(options.store, fs_error)) {
    store::StoreError error;
    store::OpenOptions open;
    open.create = false;
    open.read_only = true;
    if (auto s = store::Store::Open(options.store, open, error)) {
      for (const auto& m : s->Memberships()) {
        for (const auto& p : contract->parties) {
          if (p.kind == sema::model::Party::Kind::kGroup && p.id == m.group && m.member == options.entity) is_member = true;
        }
      }
    }
  } else {
    is_member = has_group;
  }
  const ingest::DataTemplate t = ingest::BuildDataTemplate(program.model, *contract, options.entity, is_member);
  if (t.value_rows == 0 && t.evidence_rows == 0) {
    err << "vigie template: contract " << contract->name << " asks nothing of " << options.entity
        << " (not a party, not listed, not a member of its group)\n";
    return kExitInputErrors;
  }
  const fs::path folder = options.report_dir.empty() ? fs::path(".") : fs::path(options.report_dir);
  fs::create_directories(folder, fs_error);
  const std::string base = contract->name + "_" + options.entity;
  const fs::path values_path = folder / (base + "_valeurs.csv");
  const fs::path evidence_path = folder / (base + "_preuves.csv");
  for (const auto& [path, text, rows] : {std::tuple{values_path, t.values, t.value_rows},
                                         std::tuple{evidence_path, t.evidence, t.evidence_rows}}) {
    if (rows == 0) continue;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "vigie template: cannot write " << path.string() << "\n";
      return kExitInternal;
    }
    file << text;
  }
  if (t.value_rows > 0) out << "values to provide: " << values_path.generic_string() << " (" << t.value_rows << " rows)\n";
  if (t.evidence_rows > 0) {
    out << "evidence to provide: " << evidence_path.generic_string() << " (" << t.evidence_rows << (t.evidence_rows == 1 ? " milestone" : " milestones") << ")\n";
  }
  out << "fill in the 'valeur' (and 'date', 'document') columns, then: vigie import --catalog CONTRACT_FILE FILE.csv\n";
  return kExitOk;
}

}  // namespace vigie::cli
