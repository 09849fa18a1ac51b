#ifndef VIGIE_DRIVER_PUBLISH_H_
#define VIGIE_DRIVER_PUBLISH_H_

// The last steps of a run, after Evaluate() recorded it as incomplete: write its reports into a
// folder (Markdown, CSV and HTML on several threads, the JSON beside them, its last part, the list of
// their SHA-256, once they are written; then the JSON's signature), then seal the run in the store with the JSON file's SHA-256 (or the JSON itself when no
// file holds it) — or leave it incomplete, with the reason, when a report could not be written. One
// sequence for every caller; nothing here prints.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/report/report_model.h"
#include "engine/store/store.h"

namespace vigie::driver {

struct PublishOptions {
  std::string report_dir;                 // empty: no files, the run is sealed with its JSON alone
  std::vector<std::string> formats;       // report::Format names; empty: every format
  std::optional<std::string> secret_key;  // signs report.json (report.json.sig) when given
  // The HTML report in pages (report.html a summary, pages/CONTRACT/ENTITY.html): always when true,
  // else only above report::NeedsHtmlPages's sizes.
  bool html_pages = false;
  // A report.json up to this size is kept in the store with its run (read back from its file), so
  // `vigie serve` can hand it out; a larger one is sealed by its file's SHA-256 alone (never held
  // whole in memory: a campaign's is gigabytes).
  uintmax_t store_report_up_to = 16 * 1024 * 1024;
  // The threads that write the files (the CSV beside the HTML pages and report.json): this
  // many when positive, else one per core. The files are the same bytes whatever the number.
  int jobs = 0;
};

struct Published {
  std::vector<std::string> paths;  // the files written, in the order of report::Formats()
  int64_t html_pages = 0;           // entity pages written besides report.html (0: one page)
  std::string failed;              // the file that could not be written (empty: all written)
  bool sealed = false;             // the run is sealed in the store
  std::optional<store::StoreError> not_sealed;  // sealing (or marking incomplete) failed
};

// True when `formats` asks for the JSON report (an empty list asks for every format).
bool WantsJson(const std::vector<std::string>& formats);

// Writes the reports of `report` (adding the files' hashes to it) and seals its run (report.run_id,
// 0: not recorded) in `store`.
Published PublishRun(report::Report& report, store::Store& store, const PublishOptions& options);

}  // namespace vigie::driver

#endif  // VIGIE_DRIVER_PUBLISH_H_
