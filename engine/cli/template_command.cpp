#include "engine/cli/template_command.h"

#include <filesystem>
#include <fstream>

#include "engine/base/diagnostic_render.h"
#include "engine/base/finess.h"
#include "engine/base/text.h"
#include "engine/cli/command_line.h"
#include "engine/cli/commands.h"
#include "engine/driver/pipeline.h"
#include "engine/ingest/data_template.h"
#include "engine/store/store.h"

namespace vigie::cli {

namespace fs = std::filesystem;

int RunTemplate(const Options& options, std::ostream& out, std::ostream& err) {
  if (options.paths.empty() || options.entity.empty()) {
    err << UsageError("template", options.paths.empty() ? std::string(Tr("name the contract files"))
                                                        : std::string(Tr("say which establishment with --entity FINESS")));
    return kExitUsage;
  }
  if (FinessCheck check = CheckFiness(options.entity); check.problem != FinessProblem::kNone) {
    err << Tr("vigie template: '{0}' is not a valid FINESS number: {1}", options.entity,
              DescribeFinessProblem(options.entity, check))
        << "\n";
    return kExitInputErrors;
  }
  DiagnosticSink sink(options.max_errors);
  driver::CheckedProgram program;
  driver::CheckProgram(options.paths, options.root, program, sink);
  if (sink.HasErrors()) {
    err << RenderTextAll(sink.Sorted(), program.parsed.sources);
    err << Tr("failed: the contract has errors; no template was written") << "\n";
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
    err << (program.model.contracts.empty() ? std::string(Tr("vigie template: the files declare no contract"))
            : options.contract.empty()    ? std::string(Tr("vigie template: several contracts: say which with --contract NAME"))
                                          : Tr("vigie template: no contract '{0}'", options.contract))
        << "\n";
    return kExitInputErrors;
  }
  // Is it a member of the contract's group? The store says so when there is one; otherwise an
  // establishment named for a group contract is taken to be a member.
  bool is_member = false;
  std::error_code fs_error;
  // The parties of every version (an avenant may add a group).
  std::vector<sema::model::Party> parties = contract->parties;
  for (const auto& version : contract->versions) parties.insert(parties.end(), version.parties.begin(), version.parties.end());
  const bool has_group = std::any_of(parties.begin(), parties.end(),
                                     [](const auto& p) { return p.kind == sema::model::Party::Kind::kGroup; });
  if (has_group && fs::exists(options.store, fs_error)) {
    store::StoreError error;
    store::OpenOptions open;
    open.create = false;
    open.read_only = true;
    if (auto s = store::Store::Open(options.store, open, error)) {
      for (const auto& m : s->Memberships()) {
        for (const auto& p : parties) {
          if (p.kind == sema::model::Party::Kind::kGroup && p.id == m.group && m.member == options.entity) is_member = true;
        }
      }
    }
  } else {
    is_member = has_group;
  }
  const ingest::DataTemplate t = ingest::BuildDataTemplate(program.model, *contract, options.entity, is_member);
  if (t.value_rows == 0 && t.evidence_rows == 0) {
    err << Tr("vigie template: contract {0} asks nothing of {1} (not a party, not listed, not a member of its group)",
              contract->name, options.entity)
        << "\n";
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
      err << Tr("vigie template: cannot write {0}", path.string()) << "\n";
      return kExitInternal;
    }
    file << text;
  }
  if (t.value_rows > 0) {
    out << (t.value_rows == 1 ? Tr("values to provide: {0} (1 row)", values_path.generic_string())
                              : Tr("values to provide: {0} ({1} rows)", values_path.generic_string(), t.value_rows))
        << "\n";
  }
  if (t.evidence_rows > 0) {
    out << (t.evidence_rows == 1 ? Tr("evidence to provide: {0} (1 milestone)", evidence_path.generic_string())
                                 : Tr("evidence to provide: {0} ({1} milestones)", evidence_path.generic_string(), t.evidence_rows))
        << "\n";
  }
  out << Tr("fill in the 'valeur' (and 'date', 'document') columns, then: vigie import --catalog CONTRACT_FILE FILE.csv")
      << "\n";
  return kExitOk;
}

}  // namespace vigie::cli
