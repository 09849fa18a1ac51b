// The reports `vigie serve` hands out (service.h): a recorded run's, from the JSON report sealed in
// the store, and an establishment's self-assessment.
#include <algorithm>

#include "engine/base/calendar.h"
#include "engine/serve/service.h"

namespace vigie::serve {

std::set<std::string> Service::Groups(const store::Store& reader) {
  std::set<std::string> groups;
  for (const store::Store::EntityInfo& entity : reader.Entities()) {
    if (entity.kind == "group") groups.insert(entity.id);
  }
  return groups;
}

std::vector<store::Store::SealedRunInfo> Service::RunsOf(const Principal& who) {
  const ReadPool::Lease reader = readers_.Borrow();
  if (who.role != Role::kEstablishment) return reader->SealedRuns();
  return reader->SealedRuns(who.entities);
}

Service::ReportResult Service::RunReport(const Principal& who, int64_t run_id, ReportFormat format) {
  ReportResult result;
  const std::string stem = "rapport-execution-" + std::to_string(run_id);
  const bool whole = who.role != Role::kEstablishment;
  std::optional<store::Store::StoredRun> run;
  std::set<std::string> groups;
  std::vector<std::string> contracts;
  {
    const ReadPool::Lease reader = readers_.Borrow();
    run = reader->RunById(run_id);
    // What rendering needs besides the report, read now: the report is rendered with no connection held.
    if (run && !(whole && format == ReportFormat::kJson)) {
      groups = Groups(*reader);
      if (!whole) contracts = ContractsOf(who, *reader);
    }
  }
  // A run not sealed has no report: as one that does not exist.
  if (!run || run->report_json.empty()) {
    result.problem = ReportResult::Problem::kNotFound;
    return result;
  }
  if (whole && format == ReportFormat::kJson) {
    result.download = JsonDownload(std::move(run->report_json), stem);
    return result;
  }
  std::optional<report::Report> report = report::ParseJson(run->report_json, result.why);
  if (!report) {
    result.problem = ReportResult::Problem::kUnreadable;
    return result;
  }
  MarkGroups(*report, groups);
  if (!whole) {
    report = ExtractFor(*report, {who.entities.begin(), who.entities.end()}, contracts);
    if (!report) {
      result.problem = ReportResult::Problem::kNotFound;
      return result;
    }
  }
  result.download = RenderDownload(*report, format, stem);
  return result;
}

Service::ReportResult Service::SelfAssessmentReport(const Principal& who, const std::string& entity,
                                                    const sema::model::Date& as_of, ReportFormat format) {
  ReportResult result;
  std::optional<report::Report> report;
  std::vector<std::string> contracts;
  std::string refused;
  {
    const ReadPool::Lease reader = readers_.Borrow();
    report = EvaluateVisible(who, as_of, *reader, refused);
    contracts = ContractsOf(who, *reader);
  }
  if (!refused.empty()) {
    result.problem = ReportResult::Problem::kTooLarge;
    result.why = refused;
    return result;
  }
  if (report) report = ExtractFor(*report, {entity}, contracts);
  if (!report) {
    result.problem = ReportResult::Problem::kNotFound;
    return result;
  }
  result.download = RenderDownload(*report, format, "auto-evaluation-" + entity + "-" + calendar::Format(as_of));
  return result;
}

}  // namespace vigie::serve
