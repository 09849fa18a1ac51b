// What a request carries, read without a server: the Cookie header, the JSON bodies of the API, the
// fields of the values form, the files of an upload. Plain functions on text, so that server.cpp's
// routes stay thin and fuzz/serve_fuzzer.cpp can feed them any bytes (cpp-httplib splits the request,
// its form fields and its multipart parts; these read what vigie takes from them).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::serve {

// The value of cookie `name` in a Cookie header ("a=1; vigie_session=XYZ"); "" when absent.
std::string CookieFromHeader(std::string_view header, std::string_view name);

// POST /api/session: {"login": "...", "password": "..."} (other keys ignored); nullopt otherwise.
struct Credentials {
  std::string login, password;
};
std::optional<Credentials> ReadCredentials(const std::string& body);

// POST /api/declarations/{id}/review: {"decision": "validated"|"rejected", "reason": "..."} (reason
// optional); nullopt otherwise.
struct ReviewDecision {
  bool validated = false;
  std::string reason;
};
std::optional<ReviewDecision> ReadReviewDecision(const std::string& body);

// POST /api/runs: {"as_of": "YYYY-MM-DD"} or {} (today); nullopt when not an object or as_of is not a
// string. The date itself is checked by the caller, with the calendar's message.
struct RunRequest {
  std::optional<std::string> as_of;
};
std::optional<RunRequest> ReadRunRequest(const std::string& body);

// A filled field `v|INDICATOR|PERIOD` of the values form, in the order FormValuesCsv writes them: the
// i-th is line i + 2 of the CSV (line 1 is its header).
struct FormValue {
  std::string field, indicator, period, value;
};
std::vector<FormValue> FormValues(const std::multimap<std::string, std::string>& fields);

// True when `text` is not plain text the CSV reader takes as a cell: a control character (tab,
// line breaks and DEL included: nobody types them in a field) or bytes that are not UTF-8.
bool HasControlCharacter(std::string_view text);

// The values form: each field `v|INDICATOR|PERIOD` with a value becomes a row of the data template's
// long layout (finess;indicateur;periode;valeur), every cell quoted, so that the importer checks what
// was typed as it checks a file. `rows` counts them (fields otherwise named, or empty, are skipped).
std::string FormValuesCsv(const std::string& entity, const std::multimap<std::string, std::string>& fields,
                          size_t& rows);

// One part of a multipart upload, as cpp-httplib hands it over.
struct UploadedPart {
  std::string field, filename, content;
};
// The files of field `field` ("files" on the verify page and API), by file name; a part without a
// file name is not a file and is left out (a later part of the same name replaces an earlier one).
std::map<std::string, std::string> UploadedFiles(const std::vector<UploadedPart>& parts, std::string_view field);

// An uploaded data template is read as a workbook when its name says so (.xlsx, .XLSX, .xlsm); the
// importer then checks the bytes themselves.
bool IsWorkbookName(std::string_view filename);

// The client's address: the peer, or behind a reverse proxy on this machine the last address of
// X-Forwarded-For (the one the proxy added), so that the per-address limit is per client.
std::string ClientAddressOf(const std::string& peer, std::string_view forwarded_for);

}  // namespace vigie::serve
