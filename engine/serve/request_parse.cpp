#include "engine/serve/request_parse.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/base/source.h"
#include "engine/serve/listen.h"

namespace vigie::serve {

std::string CookieFromHeader(std::string_view header, std::string_view name) {
  size_t at = 0;
  while (at < header.size()) {
    const size_t end = std::min(header.find(';', at), header.size());
    std::string_view pair = header.substr(at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    at = end + 1;
  }
  return "";
}

std::optional<Credentials> ReadCredentials(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("login") || !json.contains("password") || !json["login"].is_string() ||
      !json["password"].is_string()) {
    return std::nullopt;
  }
  return Credentials{json["login"].get<std::string>(), json["password"].get<std::string>()};
}

std::optional<ReviewDecision> ReadReviewDecision(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  const bool well_formed = json.is_object() && json.contains("decision") && json["decision"].is_string() &&
                           (json["decision"] == "validated" || json["decision"] == "rejected") &&
                           (!json.contains("reason") || json["reason"].is_string());
  if (!well_formed) return std::nullopt;
  return ReviewDecision{json["decision"] == "validated", json.value("reason", std::string())};
}

std::optional<RunRequest> ReadRunRequest(const std::string& body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || (json.contains("as_of") && !json["as_of"].is_string())) return std::nullopt;
  RunRequest request;
  if (json.contains("as_of")) request.as_of = json["as_of"].get<std::string>();
  return request;
}

std::vector<FormValue> FormValues(const std::multimap<std::string, std::string>& fields) {
  std::vector<FormValue> values;
  for (const auto& [name, value] : fields) {
    if (name.rfind("v|", 0) != 0 || value.empty()) continue;
    const size_t bar = name.find('|', 2);
    if (bar == std::string::npos) continue;
    values.push_back({name, name.substr(2, bar - 2), name.substr(bar + 1), value});
  }
  return values;
}

bool HasControlCharacter(std::string_view text) {
  if (FindInvalidUtf8(text) != std::string_view::npos) return true;
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

std::string FormValuesCsv(const std::string& entity, const std::multimap<std::string, std::string>& fields,
                          size_t& rows) {
  auto cell = [](std::string_view text) {
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  };
  std::string csv = "finess;indicateur;periode;valeur\n";
  const std::vector<FormValue> values = FormValues(fields);
  for (const FormValue& v : values) csv += cell(entity) + ";" + cell(v.indicator) + ";" + cell(v.period) + ";" + cell(v.value) + "\n";
  rows = values.size();
  return csv;
}

std::map<std::string, std::string> UploadedFiles(const std::vector<UploadedPart>& parts, std::string_view field) {
  std::map<std::string, std::string> files;
  for (const UploadedPart& part : parts) {
    if (part.field == field && !part.filename.empty()) files[part.filename] = part.content;
  }
  return files;
}

bool IsWorkbookName(std::string_view filename) {
  return filename.size() > 5 && (filename.ends_with(".xlsx") || filename.ends_with(".XLSX") || filename.ends_with(".xlsm"));
}

std::string ClientAddressOf(const std::string& peer, std::string_view forwarded_for) {
  if (IsLoopback(peer) && !forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    std::string_view last = forwarded_for.substr(comma == std::string_view::npos ? 0 : comma + 1);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    if (!last.empty()) return std::string(last);
  }
  return peer;
}

}  // namespace vigie::serve
