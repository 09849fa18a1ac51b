#include "engine/serve/report_download.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/report/csv_report.h"
#include "engine/report/html_report.h"

namespace vigie::serve {
namespace {

bool Has(const std::set<std::string>& set, const std::string& id) { return set.count(id) > 0; }

template <class Inputs>  // a verdict's (inline) or a payment's (a vector)
void ShowFileNamesOnly(Inputs& inputs) {
  for (report::Input& input : inputs) {
    if (!input.source) continue;
    report::Source shown = *input.source;
    shown.file = FileName(shown.file);
    input.source = std::make_shared<const report::Source>(std::move(shown));
  }
}

void Count(report::Report& report) {
  report.counts.clear();
  report.declared_values.clear();
  std::set<std::tuple<std::string, std::string, std::string>> declared;  // (entity, indicator, period): counted once
  auto count_declared = [&](const report::Input& input) {
    if (input.source && !input.source->declared_by.empty() &&
        declared.insert({input.entity, input.indicator, input.period}).second) {
      ++report.declared_values[input.source->declaration];
    }
  };
  for (report::Contract& contract : report.contracts) {
    contract.counts.clear();
    for (report::Item& item : contract.items) {
      item.counts.clear();
      for (const report::VerdictRow& row : item.verdicts) {
        ++item.counts[row.verdict];
        ++contract.counts[row.verdict];
        ++report.counts[row.verdict];
        for (const report::Input& input : row.inputs) count_declared(input);
      }
    }
    for (const report::Payment& payment : contract.payments) {
      for (const report::Input& input : payment.inputs) count_declared(input);
    }
    contract.summary = report::SummarizeContract(contract);
  }
}

}  // namespace

std::string FileName(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::optional<ReportFormat> ReportFormatNamed(std::string_view name) {
  if (name == "html") return ReportFormat::kHtml;
  if (name == "json") return ReportFormat::kJson;
  if (name == "csv") return ReportFormat::kCsv;
  return std::nullopt;
}

ReportDownload RenderDownload(const report::Report& report, ReportFormat format, const std::string& stem) {
  switch (format) {
    case ReportFormat::kHtml: return {report::RenderHtml(report), "text/html; charset=utf-8", stem + ".html"};
    case ReportFormat::kCsv: return {report::RenderCsv(report), "text/csv; charset=utf-8", stem + ".csv"};
    case ReportFormat::kJson: break;
  }
  return JsonDownload(report::RenderJson(report), stem);
}

ReportDownload JsonDownload(std::string json, const std::string& stem) {
  return {std::move(json), "application/json; charset=utf-8", stem + ".json"};
}

void MarkGroups(report::Report& report, const std::set<std::string>& groups) {
  for (report::Contract& contract : report.contracts) {
    for (report::Item& item : contract.items) {
      for (report::VerdictRow& row : item.verdicts) row.group = Has(groups, row.entity);
    }
    contract.summary = report::SummarizeContract(contract);
  }
}

std::optional<report::Report> ExtractFor(const report::Report& whole, const std::set<std::string>& entities,
                                          const std::vector<std::string>& visible) {
  report::Report out = whole;
  out.files.clear();
  out.contracts.clear();
  // An establishment does not learn how the server's files are laid out: the store, the rulesets and
  // the files its values came from by their names only. (The whole report, a controller's or an
  // auditor's, keeps the paths: it is the sealed one, which verify reads.)
  out.store = FileName(whole.store);
  for (report::RulesetFile& ruleset : out.rulesets) ruleset.path = FileName(ruleset.path);
  bool named = false;
  for (const report::Contract& contract : whole.contracts) {
    if (std::find(visible.begin(), visible.end(), contract.name) == visible.end()) continue;
    report::Contract kept = contract;
    const bool direct = std::any_of(contract.parties.begin(), contract.parties.end(),
                                    [&](const std::string& party) { return Has(entities, party); });
    const bool all_parties = !contract.parties.empty() &&
                             std::all_of(contract.parties.begin(), contract.parties.end(),
                                         [&](const std::string& party) { return Has(entities, party); });
    for (report::Item& item : kept.items) {
      std::erase_if(item.verdicts, [&](const report::VerdictRow& row) { return !Has(entities, row.entity); });
      for (report::VerdictRow& row : item.verdicts) {
        ShowFileNamesOnly(row.inputs);
        if (!row.evidence_document().empty()) row.EditExtras().evidence_document = FileName(row.evidence_document());
      }
      named = named || !item.verdicts.empty();
    }
    std::erase_if(kept.entity_scores, [&](const report::Score& score) { return !Has(entities, score.entity); });
    if (!all_parties) kept.scores.clear();  // the contract's score is theirs only when they are all its parties
    std::erase_if(kept.payments, [&](const report::Payment& payment) {
      return payment.party.empty() ? !direct : !Has(entities, payment.party);
    });
    for (report::Payment& payment : kept.payments) {
      std::erase_if(payment.inputs, [&](const report::Input& input) { return !Has(entities, input.entity); });
      ShowFileNamesOnly(payment.inputs);
    }
    // The waivers that waived one of the verdicts kept (a waiver's scope may name other entities).
    std::set<std::pair<std::string, std::string>> used;
    for (const report::Item& item : kept.items) {
      for (const report::VerdictRow& row : item.verdicts) {
        if (row.waiver()) used.insert({row.waiver()->item, row.waiver()->scope});
      }
    }
    std::erase_if(kept.waivers, [&](const report::Waiver& waiver) { return !used.count({waiver.item, waiver.scope}); });
    out.contracts.push_back(std::move(kept));
  }
  if (!named) return std::nullopt;
  Count(out);
  return out;
}

}  // namespace vigie::serve
