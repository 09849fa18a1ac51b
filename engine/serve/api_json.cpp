#include "engine/serve/api_json.h"

#include <nlohmann/json.hpp>

#include "engine/base/diagnostic_render.h"

namespace vigie::serve {
namespace {

using nlohmann::json;

json Number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

}  // namespace

std::string SessionJson(const Principal& who, const std::string& csrf) {
  return json{{"login", who.login}, {"role", std::string(RoleName(who.role))}, {"entities", who.entities},
              {"csrf_token", csrf}}
             .dump(2) +
         "\n";
}

std::string EntityViewJson(const EntityView& view) {
  json contracts = json::array();
  for (const EntityView::ContractView& contract : view.contracts) {
    json verdicts = json::array(), scores = json::array(), payments = json::array();
    for (const report::VerdictRow& row : contract.verdicts) {
      const auto unit = contract.units.find(row.item);  // a milestone or a composite has none
      const bool has_unit = unit != contract.units.end() && !unit->second.empty();
      verdicts.push_back({{"item", row.item}, {"kind", row.kind}, {"period", row.period}, {"verdict", row.verdict},
                          {"measured", Number(row.measured)}, {"target", Number(row.target)},
                          {"unit", has_unit ? json(unit->second) : json(nullptr)},
                          {"reason", row.reason}});
    }
    for (const report::Score& score : contract.scores) scores.push_back({{"year", score.year}, {"value", score.value}});
    for (const report::Payment& payment : contract.payments) {
      payments.push_back({{"name", payment.name}, {"year", payment.year},
                          {"amount", payment.amount ? json(*payment.amount) : json(nullptr)}, {"reason", payment.reason}});
    }
    contracts.push_back({{"name", contract.name}, {"title", contract.title}, {"period", contract.period},
                         {"verdicts", verdicts}, {"scores", scores}, {"payments", payments}});
  }
  json out{{"entity", view.entity}, {"entity_name", view.entity_name}, {"as_of", view.as_of}, {"contracts", contracts}};
  if (!view.refused.empty()) out["refused"] = view.refused;  // no verdicts: the report would not fit (V5080)
  return out.dump(2) + "\n";
}

std::string DeclarationJson(const Declaration& declaration) {
  // The diagnostics, errors and warnings exactly as `vigie import --diagnostics=json` lists them.
  json out = json::parse(RenderJson(declaration.diagnostics, declaration.sources), nullptr, false);
  if (!out.is_object()) out = json{{"diagnostics", json::array()}};
  out["stored"] = declaration.stored;
  out["import"] = declaration.import_id;
  out["values_stored"] = declaration.values_stored;
  out["values_unchanged"] = declaration.values_unchanged;
  return out.dump(2) + "\n";
}

// A message may quote what the request sent (a date, an item's name), which need not be UTF-8: such
// bytes are written as U+FFFD rather than failing the answer (nlohmann's dump throws on them).
std::string ErrorJson(const std::string& message) {
  return json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {
json ViewJson(const Service::DeclarationView& view) {
  const store::Store::Declaration& d = view.declaration;
  auto text_or_null = [](const std::string& text) { return text.empty() ? json(nullptr) : json(text); };
  json values = json::array();
  for (const store::Store::ImportedValue& v : view.values) {
    values.push_back({{"entity", v.entity},
                      {"indicator", v.indicator},
                      {"period", v.period},
                      {"value", v.value ? json(*v.value) : json(nullptr)},
                      {"missing_code", v.value ? json(nullptr) : json(v.missing_code)},
                      {"unit", v.unit},
                      {"row", v.row},
                      {"current", v.current}});
  }
  return {{"import", d.import_id},         {"entity", d.entity},
          {"declared_by", d.declared_by},  {"declared_at", d.imported_at},
          {"file", d.file_name},           {"status", d.status},
          {"reviewed_by", text_or_null(d.reviewed_by)}, {"reviewed_at", text_or_null(d.reviewed_at)},
          {"reason", text_or_null(d.reason)}, {"values", values}};
}
}  // namespace

std::string DeclarationsJson(const std::vector<Service::DeclarationView>& declarations) {
  json list = json::array();
  for (const Service::DeclarationView& view : declarations) list.push_back(ViewJson(view));
  return json{{"declarations", list}}.dump(2) + "\n";
}

std::string DeclarationViewJson(const Service::DeclarationView& declaration) { return ViewJson(declaration).dump(2) + "\n"; }

}  // namespace vigie::serve
