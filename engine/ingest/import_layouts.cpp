// Published layouts (layouts.h) and the choice of the column that names the establishment.
#include "engine/ingest/internal/import_run.h"
#include "engine/ingest/layouts.h"

namespace vigie::ingest::internal {

bool Importer::ApplyLayout() {
  const Layout* layout = nullptr;
  if (!options_.layout.empty()) {
    layout = FindLayout(options_.layout);
    if (layout == nullptr) return true;  // the command line checks the name
    std::string missing;
    for (std::string_view column : layout->signature) {
      if (std::find(folded_.begin(), folded_.end(), column) == folded_.end()) {
        missing += (missing.empty() ? "" : ", ") + std::string(column);
      }
    }
    if (!missing.empty()) {
      Report(DiagCode::kMissingColumn, At(table_.header_line, 1),
             Tr("this file is not in the layout {0}: its header has no {1}", layout->name, missing),
             layout->missing_help.empty()
                 ? Tr("check the file, or name its layout: {0}; without --format vigie recognises it", LayoutNames())
                 : std::string(Tr(layout->missing_help)));
      return false;
    }
  } else if (options_.format == ImportFormat::kAuto) {
    layout = DetectLayout(folded_);
  }
  if (layout == nullptr) return true;
  options_.layout = std::string(layout->name);
  if (options_.dataset.empty()) options_.dataset = std::string(layout->dataset);
  if (options_.id_column.empty()) options_.id_column = std::string(layout->id_column);
  // A workbook's numbers are Excel's, always with a point (the HAS 2020 results): "1.234" is 1.234 there.
  if (options_.decimal.empty()) options_.decimal = summary_.sheet.empty() ? std::string(layout->decimal) : "dot";
  if (options_.format == ImportFormat::kAuto) options_.format = ImportFormat::kWide;
  summary_.layout = options_.layout;
  return true;
}

std::optional<size_t> Importer::EntityColumn() {
  if (options_.id_column.empty()) return RequireColumn(kEntityColumns, N_("FINESS (or entity)"));
  const std::string wanted = Fold(options_.id_column);
  for (size_t i = 0; i < folded_.size(); ++i) {
    if (folded_[i] == wanted) return i;
  }
  std::string found;
  for (size_t i = 0; i < table_.header.size(); ++i) found += (i ? ", " : "") + table_.header[i];
  Report(DiagCode::kMissingColumn, At(table_.header_line, 1),
         Tr("the header has no column '{0}' to name the establishments (found: {1})", options_.id_column,
            ShortenForMessage(found, 200)),
         std::string(Tr("give --id-column the name of the column that holds the FINESS numbers (SAE: fi for the site, fi_ej for the legal entity)")));
  return std::nullopt;
}

}  // namespace vigie::ingest::internal
