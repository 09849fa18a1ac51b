#include "engine/driver/publish.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "engine/base/direct_file.h"
#include "engine/base/sha256.h"
#include "engine/base/signature.h"
#include "engine/base/text.h"
#include "engine/driver/pdf.h"
#include "engine/eval/work_pool.h"
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

// A campaign's report: its HTML in pages (asked for, or above report::NeedsHtmlPages's sizes), its
// JSON's verdicts one a line.
bool IsCampaign(const report::Report& report, const PublishOptions& options) {
  return options.html_pages || report::NeedsHtmlPages(report);
}

report::VerdictLayout JsonLayout(bool campaign) {
  return campaign ? report::VerdictLayout::kOneLine : report::VerdictLayout::kIndented;
}

// Writes a format that hands its text over piece by piece straight to the file (past the page cache
// once it is large: a campaign's report.csv), hashing it on the way; the SHA-256, or nullopt when
// the file could not be written (the format stops at the first piece that could not).
using Sink = std::function<void(std::string_view)>;

// A file's writing stopped: it could not take a piece, or another file failed.
struct Stopped : std::exception {};

std::optional<std::string> Stream(const std::function<void(const Sink&)>& write, const fs::path& path) {
  DirectFile file;
  if (!file.Open(path.string())) return std::nullopt;
  Sha256Stream sha;
  try {
    write([&](std::string_view piece) {
      if (!file.Write(piece)) throw Stopped();
      sha.Add(piece);
    });
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (!file.Close()) return std::nullopt;
  return sha.Hex();
}

// report.json in two steps: its body (everything up to its contracts, almost all its bytes) on a
// thread of its own beside the other files, then the list of those files with their SHA-256 once
// they are all written. Written as report.json.part, renamed report.json once complete: a run that
// fails leaves no half-written report (an earlier report.json stays as it was). Large, it goes past
// the page cache (DirectFile).
class JsonFile {
 public:
  explicit JsonFile(fs::path path) : path_(std::move(path)), part_(path_.string() + ".part") {}
  ~JsonFile() { Abandon(); }
  JsonFile(const JsonFile&) = delete;
  JsonFile& operator=(const JsonFile&) = delete;

  // Writes the body; false when it could not, or when `stop` became true meanwhile (another file failed).
  bool WriteBody(const report::Report& report, report::VerdictLayout layout, const std::function<bool()>& stop) {
    if (!file_.Open(part_.string())) return false;
    try {
      report::WriteJsonBody(report, [&](std::string_view piece) { Add(piece, stop); }, layout);
    } catch (const std::exception&) {
      return false;
    }
    return file_.ok();
  }
  // Writes the end (report.files) and puts the file in its place: its SHA-256, or nullopt.
  std::optional<std::string> Finish(const report::Report& report) {
    try {
      report::WriteJsonEnd(report, [&](std::string_view piece) { Add(piece, [] { return false; }); });
    } catch (const std::exception&) {
      return std::nullopt;
    }
    std::error_code error;
    if (!file_.Close() || (fs::rename(part_, path_, error), error)) return std::nullopt;
    return sha_.Hex();
  }
  void Abandon() {
    if (file_.is_open()) file_.Close();
    std::error_code error;
    fs::remove(part_, error);
  }

 private:
  void Add(std::string_view piece, const std::function<bool()>& stop) {
    if (stop() || !file_.Write(piece)) throw Stopped();
    sha_.Add(piece);
  }

  fs::path path_, part_;
  DirectFile file_;
  Sha256Stream sha_;
};

// A file written beside report.json's body, by whichever thread takes it: its name in the report's folder
// and how it is written there (its SHA-256, or nullopt when it could not be written).
struct FileJob {
  std::string name;
  std::function<std::optional<std::string>(const fs::path&)> write;
};

// The jobs of one format: a file, or the HTML report in pages (report.html, then each entity's
// page, each rendered, written and hashed on its own).
void AddJobs(const report::Format& format, const report::Report& report, const report::HtmlPages* pages,
             std::vector<FileJob>& jobs) {
  const std::string name = "report." + format.extension;
  if (pages) {
    for (size_t page = 0; page < pages->size(); ++page) {
      jobs.push_back({pages->Name(page), [pages, page](const fs::path& path) -> std::optional<std::string> {
                        std::error_code error;
                        fs::create_directories(path.parent_path(), error);
                        try {
                          const std::string text = pages->Render(page);
                          if (!WriteFile(path, text)) return std::nullopt;
                          return Sha256Hex(text);
                        } catch (const std::exception&) {
                          return std::nullopt;
                        }
                      }});
    }
  } else if (format.write) {
    jobs.push_back({name, [&format, &report](const fs::path& path) {
                      return Stream([&](const Sink& sink) { format.write(report, sink); }, path);
                    }});
  } else {
    jobs.push_back({name, [&format, &report](const fs::path& path) -> std::optional<std::string> {
                      const std::optional<std::string> text = Render(format, report);
                      if (!text || !WriteFile(path, *text)) return std::nullopt;
                      return Sha256Hex(*text);
                    }});
  }
}

// Runs the jobs on up to `threads` threads (the CSV beside the HTML pages, the pages beside each
// other, report.json's body beside them all when `json` is given: started first, the largest) and
// adds their files to report.files in the jobs' order, whichever thread wrote them: the files are
// the same bytes, and report.json the same list, as when written one after the other. Every job
// before the first that fails is done, none after it starts once it failed (one already started is
// finished; report.json, after them all, stops); returns the path of that first failed job (of
// report.json when only its body failed), or "".
std::string RunJobs(const std::vector<FileJob>& jobs, int threads, const fs::path& dir, report::Report& report,
                    JsonFile* json, report::VerdictLayout layout) {
  std::vector<std::optional<std::string>> sha256(jobs.size());
  std::atomic<size_t> first_failed{jobs.size()};
  bool json_written = true;
  const size_t first_job = json ? 1 : 0;  // index 0: report.json's body
  eval::ForEachIndex(jobs.size() + first_job, threads, [&](size_t, size_t index) {
    if (index < first_job) {
      json_written = json->WriteBody(report, layout, [&] { return first_failed.load() < jobs.size(); });
      return;
    }
    const size_t i = index - first_job;
    if (i > first_failed.load()) return;
    sha256[i] = jobs[i].write(dir / jobs[i].name);
    for (size_t failed = first_failed.load(); !sha256[i] && i < failed;) first_failed.compare_exchange_weak(failed, i);
  });
  if (first_failed < jobs.size()) return (dir / jobs[first_failed].name).string();
  if (!json_written) return (dir / "report.json").string();
  for (size_t i = 0; i < jobs.size(); ++i) report.files.push_back({jobs[i].name, std::move(*sha256[i])});
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
  std::optional<report::HtmlPages> pages;
  std::vector<FileJob> jobs;
  const bool campaign = IsCampaign(report, options);
  for (const report::Format& format : report::Formats()) {
    if (format.name == "json" || !(Wanted(options.formats, format.name) || (pdf && format.name == "html"))) continue;
    const bool in_pages = format.name == "html" && campaign;
    if (in_pages) pages.emplace(report);
    AddJobs(format, report, in_pages ? &*pages : nullptr, jobs);
    paths[format.name] = (dir / ("report." + format.extension)).string();
  }
  const fs::path json = dir / "report.json", signature = dir / "report.json.sig";
  std::optional<JsonFile> json_file;
  if (WantsJson(options.formats)) json_file.emplace(json);
  published.failed = RunJobs(jobs, eval::ThreadsFor(options.jobs), dir, report, json_file ? &*json_file : nullptr,
                             JsonLayout(campaign));
  if (!published.failed.empty()) return {};
  if (pages) published.html_pages = static_cast<int64_t>(pages->size()) - 1;
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
  std::string sealed;
  if (json_file) {
    const std::optional<std::string> sha = json_file->Finish(report);
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
    sealed = report::RenderJson(report, JsonLayout(campaign));
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
      options.report_dir.empty() ? report::RenderJson(report, JsonLayout(IsCampaign(report, options)))
                                 : WriteReports(report, options, published);
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
