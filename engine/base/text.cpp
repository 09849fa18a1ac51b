#include "engine/base/text.h"

#include <string>
#include <unordered_map>

namespace vigie {
namespace {

// One file per stage, so that work on different stages does not touch the same file.
constexpr CatalogueEntry kCatalogue[] = {
#define VIGIE_TEXT(english, french) {english, french},
#include "engine/base/messages/base.def"
#include "engine/base/messages/syntax.def"
#include "engine/base/messages/sema.def"
#include "engine/base/messages/ingest.def"
#include "engine/base/messages/store.def"
#include "engine/base/messages/eval.def"
#include "engine/base/messages/driver.def"
#include "engine/base/messages/report.def"
#include "engine/base/messages/ruletest.def"
#include "engine/base/messages/cli.def"
#include "engine/base/messages/scoring.def"
#include "engine/base/messages/time.def"
#include "engine/base/messages/sources.def"
#include "engine/base/messages/serve.def"
#include "engine/base/messages/workbooks.def"
#include "engine/base/messages/parties.def"
#include "engine/base/messages/amendments.def"
#include "engine/base/messages/scale.def"
#include "engine/base/messages/review.def"
#include "engine/base/messages/calendar.def"
#include "engine/base/messages/realdata.def"
#include "engine/base/messages/party_payments.def"
#include "engine/base/messages/party_targets.def"
#include "engine/base/messages/dashboard.def"
#include "engine/base/messages/browser.def"
#include "engine/base/messages/campaign.def"
#include "engine/base/messages/parallel.def"
#include "engine/base/messages/layouts.def"
#include "engine/base/messages/lint_store.def"
#include "engine/base/messages/avenant_changes.def"
#include "engine/base/messages/copermo.def"
#include "engine/base/messages/ctsm_psy.def"
#include "engine/base/messages/serve_download.def"
#include "engine/base/messages/import_speed.def"
#include "engine/base/messages/serve_pool.def"
#include "engine/base/messages/bulk_store.def"
#include "engine/base/messages/units_fr.def"
#include "engine/base/messages/int_keys.def"
#include "engine/base/messages/reason_units.def"
#include "engine/base/messages/write_path.def"
#include "engine/base/messages/campaign_reports.def"
#include "engine/base/messages/store_build.def"
#include "engine/base/messages/light_pages.def"
#include "engine/base/messages/model_cost.def"
#include "engine/base/messages/eval_columns.def"
#include "engine/base/messages/json_compact.def"
#include "engine/base/messages/lean_files.def"
#include "engine/base/messages/report_memory.def"
#include "engine/base/messages/s13_load.def"
#include "engine/base/messages/s13_rows.def"
#include "engine/base/messages/s13_pages.def"
#include "engine/base/messages/s14_json.def"
#include "engine/base/messages/s14_detail.def"
#include "engine/base/messages/s14_io.def"
#include "engine/base/messages/store_read.def"
#include "engine/base/messages/s15_detail.def"
#include "engine/base/messages/s15_pages.def"
#include "engine/base/messages/s15_write.def"
#include "engine/base/messages/s15_json.def"
#include "engine/base/messages/s15_csv.def"
#include "engine/base/messages/s16_overlap.def"
#include "engine/base/messages/s16_model.def"
#include "engine/base/messages/s16_pages.def"
#include "engine/base/messages/s16_origins.def"
#include "engine/base/messages/s17_pages.def"
#include "engine/base/messages/s17_writers.def"
#include "engine/base/messages/s17_record.def"
#include "engine/base/messages/s17_model.def"
#undef VIGIE_TEXT
    {"", ""},  // keeps the array non-empty while the stage files are being filled
};

const std::unordered_map<std::string_view, std::string_view>& French() {
  static const auto* const table = [] {
    auto* map = new std::unordered_map<std::string_view, std::string_view>();
    for (const CatalogueEntry& entry : kCatalogue) map->emplace(entry.english, entry.french);
    return map;
  }();
  return *table;
}

}  // namespace

std::string_view TrIn(Language language, std::string_view english) {
  if (language == Language::kEnglish) return english;
  const auto& french = French();
  const auto found = french.find(english);
  return found == french.end() ? english : found->second;
}

const CatalogueEntry* CatalogueBegin() { return std::begin(kCatalogue); }
const CatalogueEntry* CatalogueEnd() { return std::end(kCatalogue) - 1; }  // without the sentinel

namespace text_internal {
std::string Fill(std::string_view format, const std::string_view* args, size_t count) {
  std::string out;
  out.reserve(format.size() + 16 * count);
  for (size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c == '{' && i + 1 < format.size() && format[i + 1] == '{') {
      out += '{';
      ++i;
    } else if (c == '{' && i + 2 < format.size() && format[i + 1] >= '0' && format[i + 1] <= '9' &&
               format[i + 2] == '}' && static_cast<size_t>(format[i + 1] - '0') < count) {
      out += args[format[i + 1] - '0'];
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace text_internal

}  // namespace vigie
