// The JSON of the controller's campaign dashboard and of a verdict's explanation
// (docs/api/openapi.yaml): what the pages show, for programs. Keys sorted (nlohmann's default).
#pragma once

#include <string>

#include "engine/serve/service.h"

namespace vigie::serve {

// GET /api/dashboard: {"as_of", "awaiting_validation", "contracts": [{"name", "title", "period",
// "latest": {"year", "counts", "score", "score_change"} | null, "matrix": {"items": [...], "rows":
// [{"entity", "entity_name", "group", "cells": [[{"period", "verdict"}]]}]}, "years": [...],
// "trends": [{"entity", "entity_name", "scores": {"2019": "0.75"}}], "ranking": {"year", "rows":
// [{"rank", "entity", "entity_name", "score"}]}}]}
std::string DashboardJson(const Service::Dashboard& dashboard);

// GET /api/entities/{id}/explanation: {"contract", "item", "entity", "entity_name", "period",
// "as_of", "verdict", "reason", "text"}.
std::string ExplanationJson(const Service::VerdictExplanation& explanation);

// POST /api/runs: {"as_of", "run"}, the run recorded from the dashboard.
std::string RecordedRunJson(int64_t run_id, const std::string& as_of);

}  // namespace vigie::serve
