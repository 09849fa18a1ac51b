// The reports `vigie serve` hands out (service.h): a recorded run's, from the JSON report sealed in
// the store, and an establishment's self-assessment.
#include <algorithm>

#include "engine/base/calendar.h"
#include "engine/serve/service.h"

namespace vigie::serve {

std::set<std::string> Service::Groups() {
  std::set<std::string> groups;
  const std::lock_guard<std::mutex> lock(mutex_);
  for (const store::Store::EntityInfo& entity : store_->Entities()) {
    if (entity.kind == "group") groups.insert(entity.id);
  }
  return groups;
}

std::vector<store::Store::SealedRunInfo> Service::RunsOf(const Principal& who) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (who.role != Role::kEstablishment) return store_->SealedRuns();
  return store_->SealedRuns(who.entities);
}

Service::ReportResult Service::RunReport(const Principal& who, int64_t run_id, ReportFormat format) {
  ReportResult result;
  std::optional<store::Store::StoredRun> run;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    run = store_->RunById(run_id);
  }
  // A run not sealed has no report: as one that does not exist.
  if (!run || run->report_json.empty()) {
    result.problem = ReportResult::Problem::kNotFound;
    return result;
  }
  const std::string stem = "rapport-execution-" + std::to_string(run_id);
  const bool whole = who.role != Role::kEstablishment;
  if (whole && format == ReportFormat::kJson) {
    result.download = JsonDownload(std::move(run->report_json), stem);
    return result;
  }
  std::optional<report::Report> report = report::ParseJson(run->report_json, result.why);
  if (!report) {
    result.problem = ReportResult::Problem::kUnreadable;
    return result;
  }
  MarkGroups(*report, Groups());
  if (!whole) {
    report = ExtractFor(*report, {who.entities.begin(), who.entities.end()}, ContractsOf(who));
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
  std::optional<report::Report> report = EvaluateVisible(who, as_of);
  if (report) report = ExtractFor(*report, {entity}, ContractsOf(who));
  if (!report) {
    result.problem = ReportResult::Problem::kNotFound;
    return result;
  }
  result.download = RenderDownload(*report, format, "auto-evaluation-" + entity + "-" + calendar::Format(as_of));
  return result;
}

}  // namespace vigie::serve
