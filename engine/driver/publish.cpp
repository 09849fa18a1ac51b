#include "engine/driver/publish.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
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
  // Writes the end (report.files) and closes the file, still report.json.part: its SHA-256, or nullopt.
  std::optional<std::string> Finish(const report::Report& report) {
    try {
      report::WriteJsonEnd(report, [&](std::string_view piece) { Add(piece, [] { return false; }); });
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (!file_.Close()) return std::nullopt;
    return sha_.Hex();
  }
  // Puts the finished file in its place (report.json): false when it cannot be renamed.
  bool Place() {
    std::error_code error;
    fs::rename(part_, path_, error);
    return !error;
  }
  const fs::path& path() const { return path_; }
  const fs::path& part() const { return part_; }
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

// What jobs of the write stage wrote: their files with their SHA-256, in the jobs' order, or the
// path of the first file that could not be written.
struct Written {
  std::vector<report::ReportFile> files;
  std::string failed;
};
using Job = std::function<Written()>;

// A job that writes one file, `name` in the report's folder, by `write` (its SHA-256, or nullopt
// when it could not be written).
Job FileJob(const fs::path& dir, const std::string& name,
            std::function<std::optional<std::string>(const fs::path&)> write) {
  return [path = dir / name, name, write = std::move(write)]() -> Written {
    std::optional<std::string> sha256 = write(path);
    if (!sha256) return {{}, path.string()};
    return {{{name, std::move(*sha256)}}, ""};
  };
}

// Runs the jobs on up to `threads` threads, each taking the next; what they wrote is gathered in
// the jobs' order, whichever thread wrote it: the files are the same bytes, and report.json the same
// list, as when written one after the other. Every job before the first that fails is done, none
// after it starts once it failed (one already started is finished).
Written RunJobs(const std::vector<Job>& jobs, int threads) {
  std::vector<Written> done(jobs.size());
  std::atomic<size_t> first_failed{jobs.size()};
  eval::ForEachIndex(jobs.size(), threads, [&](size_t, size_t i) {
    if (i > first_failed.load()) return;
    done[i] = jobs[i]();
    for (size_t failed = first_failed.load(); !done[i].failed.empty() && i < failed;) first_failed.compare_exchange_weak(failed, i);
  });
  if (first_failed < jobs.size()) return {{}, std::move(done[first_failed].failed)};
  Written all;
  for (Written& job : done) std::move(job.files.begin(), job.files.end(), std::back_inserter(all.files));
  return all;
}

// The HTML report in pages, as one job: its plan made (HtmlPages, a few tenths of a second at 5,000
// entities) on the thread that takes the job, while the others still write the large files, then
// report.html and each entity's page rendered, written and hashed on their own, on up to `threads`
// threads. `pages` keeps the plan for the caller.
Job PagesJob(const report::Report& report, const fs::path& dir, int threads, std::optional<report::HtmlPages>& pages) {
  return [&report, dir, threads, &pages]() -> Written {
    try {
      pages.emplace(report);
    } catch (const std::exception&) {
      return {{}, (dir / "report.html").string()};
    }
    std::vector<Job> jobs;
    for (size_t page = 0; page < pages->size(); ++page) {
      jobs.push_back(FileJob(dir, pages->Name(page), [&pages, page](const fs::path& path) -> std::optional<std::string> {
        std::error_code error;
        fs::create_directories(path.parent_path(), error);
        try {
          const std::string text = pages->Render(page);
          if (!WriteFile(path, text)) return std::nullopt;
          return Sha256Hex(text);
        } catch (const std::exception&) {
          return std::nullopt;
        }
      }));
    }
    return RunJobs(jobs, threads);
  };
}

// The job of a format written whole: streamed piece by piece to its file when it can be, else
// rendered, then written.
Job FormatJob(const report::Format& format, const report::Report& report, const fs::path& dir) {
  if (format.write) {
    return FileJob(dir, "report." + format.extension, [&format, &report](const fs::path& path) {
      return Stream([&](const Sink& sink) { format.write(report, sink); }, path);
    });
  }
  return FileJob(dir, "report." + format.extension, [&format, &report](const fs::path& path) -> std::optional<std::string> {
    const std::optional<std::string> text = Render(format, report);
    if (!text || !WriteFile(path, *text)) return std::nullopt;
    return Sha256Hex(*text);
  });
}

// Runs the jobs with report.json's body beside them (when `json` is given: the first job taken, the
// largest) and adds their files to report.files; returns the path of the first file that could not
// be written (of report.json when only its body failed: it stops once another file failed), or "".
std::string WriteFiles(std::vector<Job> jobs, int threads, report::Report& report, JsonFile* json,
                       report::VerdictLayout layout) {
  std::atomic<bool> file_failed{false};
  for (Job& job : jobs) {
    job = [job = std::move(job), &file_failed] {
      Written written = job();
      if (!written.failed.empty()) file_failed = true;
      return written;
    };
  }
  bool json_written = true;
  if (json) {
    jobs.insert(jobs.begin(), [&]() -> Written {
      json_written = json->WriteBody(report, layout, [&] { return file_failed.load(); });
      return {};
    });
  }
  Written written = RunJobs(jobs, threads);
  if (!written.failed.empty()) return written.failed;
  if (!json_written) return json->path().string();
  std::move(written.files.begin(), written.files.end(), std::back_inserter(report.files));
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
  std::vector<Job> jobs;
  const bool campaign = IsCampaign(report, options);
  const int threads = eval::ThreadsFor(options.jobs);
  for (const report::Format& format : report::Formats()) {
    if (format.name == "json" || !(Wanted(options.formats, format.name) || (pdf && format.name == "html"))) continue;
    const bool in_pages = format.name == "html" && campaign;
    jobs.push_back(in_pages ? PagesJob(report, dir, threads, pages) : FormatJob(format, report, dir));
    paths[format.name] = (dir / ("report." + format.extension)).string();
  }
  const fs::path json = dir / "report.json", signature = dir / "report.json.sig";
  std::optional<JsonFile> json_file;
  if (WantsJson(options.formats)) json_file.emplace(json);
  published.failed = WriteFiles(std::move(jobs), threads, report, json_file ? &*json_file : nullptr, JsonLayout(campaign));
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
    const uintmax_t size = fs::file_size(json_file->part(), fs_error);
    std::optional<std::string> text;
    if (!fs_error && size <= options.store_report_up_to) text = ReadWholeFile(json_file->part());
    sealed = text ? std::move(*text) : store::Store::ReportSeal(*sha);
  } else {
    sealed = report::RenderJson(report, JsonLayout(campaign));
  }
  // The signature is made from report.json.part and written beside it (report.json.sig.part), then
  // report.json is put in its place, then its signature: a run whose signature or report.json cannot
  // be written leaves no report.json of its own, and an earlier report.json keeps its signature.
  const fs::path signature_part = signature.string() + ".part";
  if (options.secret_key) {
    // The signature covers the JSON's bytes: read back from its file (mapped, not copied), or the
    // text kept in the store when no file was asked for.
    const std::optional<std::string> signed_bytes = json_file ? SignFile(json_file->part().string(), *options.secret_key)
                                                              : SignDetached(sealed, *options.secret_key);
    // A folder in the signature's place would refuse the rename only once report.json is in its place.
    if (!signed_bytes || fs::is_directory(signature, fs_error) ||
        !WriteFile(signature_part, SignatureText(*signed_bytes, PublicKeyOf(*options.secret_key)))) {
      fs::remove(signature_part, fs_error);
      published.failed = signature.string();
      return {};
    }
  }
  if (json_file) {
    if (!json_file->Place()) {
      fs::remove(signature_part, fs_error);
      published.failed = json.string();
      return {};
    }
    paths["json"] = json.string();
  }
  if (options.secret_key && (fs::rename(signature_part, signature, fs_error), fs_error)) {
    fs::remove(signature_part, fs_error);
    if (json_file) fs::remove(json, fs_error);  // never beside a signature of another report
    published.failed = signature.string();
    return {};
  }
  if (!options.secret_key) fs::remove(signature, fs_error);  // a signature of an earlier report must not stay beside this one
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
