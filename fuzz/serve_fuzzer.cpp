// What `vigie serve` reads from a request, on any bytes, without a server (engine/serve/request_parse.h):
// the Cookie header, the JSON bodies of POST /api/session and of a review, the values form (its
// url-encoded body split by cpp-httplib, then turned into the data template's CSV), and the files of
// a multipart upload. cpp-httplib's own multipart parser is in Debian's compiled library (not built
// with coverage, and reached only through a socket): the HTTP tests drive it (tests/unit/serve).
//
// The input is NUL-separated parts: Cookie header, JSON body, form body, then multipart parts as
// field, file name, content, field, file name, content... Beyond "no crash", it checks:
//   - a cookie's value is a piece of the header and holds no ';';
//   - credentials and a review read back the same after being written as JSON again;
//   - the form's CSV, read by the importer's CSV reader, has one row per value field and each row's
//     four cells exactly as typed (when the typed text is UTF-8 without control characters: the
//     reader's encoding and binary checks would otherwise refuse or convert it, as for any file);
//   - an upload's files are exactly the named parts of the field.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "engine/base/source.h"
#include "engine/ingest/csv_reader.h"
#include "engine/serve/request_parse.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;

std::vector<std::string> Split(std::string_view input) {
  std::vector<std::string> parts;
  size_t at = 0;
  while (true) {
    const size_t nul = input.find('\0', at);
    parts.emplace_back(input.substr(at, nul == std::string_view::npos ? std::string_view::npos : nul - at));
    if (nul == std::string_view::npos) break;
    at = nul + 1;
  }
  return parts;
}

// Text the CSV reader keeps as it is: valid UTF-8, no control character but the tab (DEL, 0x7F, is
// one: the reader counts it towards "not a text file").
bool PlainText(std::string_view text) {
  if (FindInvalidUtf8(text) != std::string_view::npos) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7F) return false;
  }
  return true;
}

void CheckCookies(const std::string& header) {
  for (const char* name : {"vigie_session", "vigie_login_csrf", "a"}) {
    const std::string value = serve::CookieFromHeader(header, name);
    if (value.find(';') != std::string::npos) fuzz::Fail("a cookie's value holds a ';'", header);
    if (!value.empty() && header.find(value) == std::string::npos) fuzz::Fail("a cookie's value is not in the header", header);
  }
}

void CheckJsonBodies(const std::string& body) {
  if (const std::optional<serve::Credentials> read = serve::ReadCredentials(body)) {
    const std::string again = nlohmann::json{{"login", read->login}, {"password", read->password}}.dump();
    const std::optional<serve::Credentials> reread = serve::ReadCredentials(again);
    if (!reread || reread->login != read->login || reread->password != read->password) {
      fuzz::Fail("credentials do not read back", body + "\n--- written again\n" + again);
    }
  }
  if (const std::optional<serve::ReviewDecision> read = serve::ReadReviewDecision(body)) {
    const std::string again =
        nlohmann::json{{"decision", read->validated ? "validated" : "rejected"}, {"reason", read->reason}}.dump();
    const std::optional<serve::ReviewDecision> reread = serve::ReadReviewDecision(again);
    if (!reread || reread->validated != read->validated || reread->reason != read->reason) {
      fuzz::Fail("a review does not read back", body + "\n--- written again\n" + again);
    }
  }
  if (const std::optional<serve::RunRequest> read = serve::ReadRunRequest(body)) {
    const std::string again = read->as_of ? nlohmann::json{{"as_of", *read->as_of}}.dump() : std::string("{}");
    const std::optional<serve::RunRequest> reread = serve::ReadRunRequest(again);
    if (!reread || reread->as_of != read->as_of) fuzz::Fail("a run request does not read back", body + "\n--- written again\n" + again);
  }
}

void CheckForm(const std::string& body) {
  httplib::Params fields;
  httplib::detail::parse_query_text(body, fields);
  size_t rows = 0;
  const std::string entity = "080000037";
  const std::string csv = serve::FormValuesCsv(entity, fields, rows);
  std::vector<std::vector<std::string>> expected;
  bool plain = true;
  for (const auto& [name, value] : fields) {
    if (name.rfind("v|", 0) != 0 || value.empty()) continue;
    const size_t bar = name.find('|', 2);
    if (bar == std::string::npos) continue;
    expected.push_back({entity, name.substr(2, bar - 2), name.substr(bar + 1), value});
    plain = plain && PlainText(name) && PlainText(value);
  }
  if (rows != expected.size()) fuzz::Fail("the form's CSV does not count its rows", body);
  if (!plain) return;
  const ingest::CsvTable table = ingest::ReadCsv(csv);
  if (!table.problems.empty()) fuzz::Fail("the form's CSV does not read: " + table.problems.front().message, csv);
  if (table.rows.size() != expected.size()) fuzz::Fail("the form's CSV reads to another number of rows", csv);
  for (size_t i = 0; i < expected.size(); ++i) {
    if (table.rows[i].fields != expected[i]) fuzz::Fail("a row of the form's CSV reads to other cells", csv);
  }
}

void CheckUpload(const std::vector<std::string>& parts, size_t from) {
  std::vector<serve::UploadedPart> upload;
  for (size_t i = from; i + 2 < parts.size(); i += 3) {
    upload.push_back({parts[i], parts[i + 1], parts[i + 2]});
  }
  const std::map<std::string, std::string> files = serve::UploadedFiles(upload, "files");
  std::map<std::string, std::string> expected;
  for (const serve::UploadedPart& part : upload) {
    if (part.field == "files" && !part.filename.empty()) expected[part.filename] = part.content;
    serve::IsWorkbookName(part.filename);
  }
  if (files != expected) fuzz::Fail("an upload's files are not its named parts of field 'files'");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> parts = Split(std::string_view(reinterpret_cast<const char*>(data), size));
  CheckCookies(parts[0]);
  if (parts.size() > 1) CheckJsonBodies(parts[1]);
  if (parts.size() > 2) CheckForm(parts[2]);
  if (parts.size() > 3) CheckUpload(parts, 3);
  return 0;
}
