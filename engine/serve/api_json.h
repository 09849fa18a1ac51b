// The JSON bodies of the API (docs/api/openapi.yaml): what the server answers, built from the
// service's results. Deterministic: keys sorted (nlohmann's default), arrays in the results' order.
#pragma once

#include <string>

#include "engine/serve/service.h"

namespace vigie::serve {

// {"login", "role", "entities", "csrf_token"}: the answer to POST /api/session.
std::string SessionJson(const Principal& who, const std::string& csrf);

// {"entity", "entity_name", "as_of", "contracts": [{"name", "title", "period", "verdicts": [...],
// "scores": [...], "payments": [...]}]}: GET /api/entities/{id}/verdicts.
std::string EntityViewJson(const EntityView& view);

// {"stored", "import", "values_stored", "values_unchanged", "diagnostics": [...]}: POST values. The
// diagnostics as `vigie check --diagnostics=json` writes them (file, line, column, code, message).
std::string DeclarationJson(const Declaration& declaration);

// {"declarations": [{"import", "entity", "declared_by", "declared_at", "file", "status", "reviewed_by",
// "reviewed_at", "reason", "values": [{"entity", "indicator", "period", "value", "missing_code", "unit",
// "row", "current"}]}]}: GET /api/declarations.
std::string DeclarationsJson(const std::vector<Service::DeclarationView>& declarations);
// One declaration as above (the answer to its review).
std::string DeclarationViewJson(const Service::DeclarationView& declaration);

// {"error": message}
std::string ErrorJson(const std::string& message);

}  // namespace vigie::serve
