#include "engine/driver/publish.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine/base/sha256.h"
#include "engine/base/signature.h"
#include "engine/base/text.h"
#include "engine/driver/pdf.h"
#include "engine/report/html_pages.h"
#include "engine/report/renderers.h"

namespace vigie::driver {
namespace {

namespace fs = std::filesystem;

bool Wanted(const std::vector<std::string>& formats, const std::string& name) {
  return formats.empty() || std::find(formats.begin(), formats.end(), name) != formats.end();
}

bool WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  return static_cast<bool>(file);
}

// A file just written, read back whole (nullopt if it cannot be read).
std::optional<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

std::optional<std::string> Render(const report::Format& format, const report::Report& report) {
  try {
    return format.render(report);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Writes a format that hands its text over piece by piece straight to the file, hashing it on the
// way; the SHA-256, or nullopt when the file could not be written.
std::optional<std::string> Stream(const report::Format& format, const report::Report& report, const fs::path& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  Sha256Stream sha;
  try {
    format.write(report, [&](std::string_view piece) {
      file.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      sha.Add(piece);
    });
  } catch (const std::exception&) {
    return std::nullopt;
  }
  file.close();
  if (!file) return std::nullopt;
  return sha.Hex();
}

// The HTML report in pages: report.html, then each entity's page, each written and hashed as soon as
// it is made. The name that could not be written, or "".
std::string WritePages(report::Report& report, const fs::path& dir, Published& published) {
  std::vector<report::ReportFile> files;
  std::string failed;
  std::error_code error;
  const bool written = report::RenderHtmlPages(report, [&](const std::string& name, const std::string& text) {
    const fs::path path = dir / name;
    fs::create_directories(path.parent_path(), error);
    if (!WriteFile(path, text)) {
      failed = path.string();
      return false;
    }
    files.push_back({name, Sha256Hex(text)});
    return true;
  });
  if (!written) return failed.empty() ? (dir / "report.html").string() : failed;
  published.html_pages = static_cast<int64_t>(files.size()) - 1;
  for (auto& file : files) report.files.push_back(std::move(file));
  return "";
}

// Writes the files into options.report_dir; returns what the run is sealed with (Store::SealRun):
// the JSON report itself (read back from report.json when it is written and not larger than
// options.store_report_up_to; else the store is the only place that keeps it), or the SHA-256 of a
// larger report.json (streamed to the file, never held whole). Stops at the first file that cannot
// be written (published.failed).
std::string WriteReports(report::Report& report, const PublishOptions& options, Published& published) {
  std::error_code fs_error;
  fs::create_directories(options.report_dir, fs_error);
  const fs::path dir(options.report_dir);
  std::map<std::string, std::string> paths;  // format -> path written
  // pdf only when asked for (it needs Chromium); it is printed from report.html, written for it.
  const bool pdf = std::find(options.formats.begin(), options.formats.end(), "pdf") != options.formats.end();
  for (const report::Format& format : report::Formats()) {
    if (format.name == "json" || !(Wanted(options.formats, format.name) || (pdf && format.name == "html"))) continue;
    const std::string name = "report." + format.extension;
    if (format.name == "html" && (options.html_pages || report::NeedsHtmlPages(report))) {
      published.failed = WritePages(report, dir, published);
      if (!published.failed.empty()) return {};
      paths[format.name] = (dir / name).string();
      continue;
    }
    if (format.write) {
      const std::optional<std::string> sha = Stream(format, report, dir / name);
      if (!sha) {
        published.failed = (dir / name).string();
        return {};
      }
      paths[format.name] = (dir / name).string();
      report.files.push_back({name, *sha});
      continue;
    }
    const std::optional<std::string> text = Render(format, report);
    if (!text || !WriteFile(dir / name, *text)) {
      published.failed = (dir / name).string();
      return {};
    }
    paths[format.name] = (dir / name).string();
    report.files.push_back({name, Sha256Hex(*text)});
  }
  if (pdf) {
    const fs::path pdf_path = dir / "report.pdf";
    const std::optional<std::string> chromium = FindChromium();
    std::string problem;
    if (!chromium || !PrintPdf(*chromium, paths["html"], pdf_path.string(), problem)) {
      published.failed = pdf_path.string();
      return {};
    }
    paths["pdf"] = pdf_path.string();
    report.files.push_back({"report.pdf", Sha256Hex(ReadWholeFile(pdf_path).value_or(""))});
  }
  const fs::path json = dir / "report.json", signature = dir / "report.json.sig";
  std::string sealed;
  if (WantsJson(options.formats)) {
    const auto& formats = report::Formats();
    const auto format = std::find_if(formats.begin(), formats.end(), [](const report::Format& f) { return f.name == "json"; });
    const std::optional<std::string> sha = Stream(*format, report, json);
    if (!sha) {
      published.failed = json.string();
      return {};
    }
    paths["json"] = json.string();
    const uintmax_t size = fs::file_size(json, fs_error);
    std::optional<std::string> text;
    if (!fs_error && size <= options.store_report_up_to) text = ReadWholeFile(json);
    sealed = text ? std::move(*text) : store::Store::ReportSeal(*sha);
  } else {
    sealed = report::RenderJson(report);
  }
  fs::remove(signature, fs_error);  // a signature of an earlier report must not stay beside this one
  if (options.secret_key) {
    // The signature covers the JSON's bytes: read back from its file (mapped, not copied), or the
    // text kept in the store when no file was asked for.
    const std::optional<std::string> signed_bytes = paths.count("json") ? SignFile(json.string(), *options.secret_key)
                                                                        : SignDetached(sealed, *options.secret_key);
    if (!signed_bytes || !WriteFile(signature, SignatureText(*signed_bytes, PublicKeyOf(*options.secret_key)))) {
      published.failed = signature.string();
      return sealed;
    }
  }
  for (const report::Format& format : report::Formats()) {
    if (paths.count(format.name)) published.paths.push_back(paths[format.name]);
  }
  if (paths.count("pdf")) published.paths.push_back(paths["pdf"]);
  if (options.secret_key) published.paths.push_back(signature.string());
  return sealed;
}

}  // namespace

bool WantsJson(const std::vector<std::string>& formats) { return Wanted(formats, "json"); }

Published PublishRun(report::Report& report, store::Store& store, const PublishOptions& options) {
  Published published;
  if (report.run_id == 0 && options.report_dir.empty()) return published;
  const std::string sealed =
      options.report_dir.empty() ? report::RenderJson(report) : WriteReports(report, options, published);
  if (report.run_id == 0) return published;
  store::StoreError error;
  const bool stored = published.failed.empty()
                          ? store.SealRun(report.run_id, sealed, error)
                          : store.AbandonRun(report.run_id, Tr("the report {0} could not be written", published.failed), error);
  published.sealed = stored && published.failed.empty();
  if (!stored) published.not_sealed = error;
  return published;
}

}  // namespace vigie::driver
