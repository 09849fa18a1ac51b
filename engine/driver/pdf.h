#ifndef VIGIE_DRIVER_PDF_H_
#define VIGIE_DRIVER_PDF_H_

// report.pdf: the HTML report printed by a headless Chromium (its print stylesheet: page numbers,
// every column, the hashes in full). vigie does not lay out PDF itself.

#include <optional>
#include <string>

namespace vigie::driver {

// The Chromium program on PATH ("chromium", then "chromium-browser"), or nullopt.
std::optional<std::string> FindChromium();

// What to tell the user when it is missing (in the current language).
std::string ChromiumMissingHelp();

// Prints `html_path` to `pdf_path` with `chromium` (no shell: the paths are passed as they are).
// False with the reason in `problem` when Chromium fails or writes no PDF.
bool PrintPdf(const std::string& chromium, const std::string& html_path, const std::string& pdf_path, std::string& problem);

}  // namespace vigie::driver

#endif  // VIGIE_DRIVER_PDF_H_
