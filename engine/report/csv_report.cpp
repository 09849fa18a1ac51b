#include "engine/report/csv_report.h"

#include "engine/base/spreadsheet.h"
#include "engine/report/report_text.h"

namespace vigie::report {
namespace {

std::string InputText(const Input& in) {
  std::string out = in.indicator + " " + in.entity + " " + in.period;
  if (!in.role.empty() && in.role != "value") out += " (" + in.role + ")";
  out += " = " + (in.value ? FormatNumberFrench(in.value) : "missing" + (in.missing_code.empty() ? "" : " '" + in.missing_code + "'"));
  if (in.file.empty()) return out + " [no stored value]";
  out += " [" + in.file + " row " + std::to_string(in.row) + " column " + std::to_string(in.column) + ", sha256 " +
         in.sha256 + ", import #" + std::to_string(in.import_id) + "]";
  return out;
}

std::string WaiverText(const Waiver& w) {
  std::string out = "granted by " + w.authority;
  if (!w.granted.empty()) out += " on " + w.granted;
  out += " for " + w.scope;
  if (!w.until.empty()) out += " until " + w.until;
  return out + ": " + w.reason;
}

// The inputs column: the values read with their provenance; a composite's members; a milestone's
// evidence. Several entries are separated by " | ".
std::string InputsText(const VerdictRow& v) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : " | ") + part; };
  for (const Input& in : v.inputs) add(InputText(in));
  for (const auto& [member, verdict] : v.members) add("member " + member + ": " + verdict);
  if (!v.evidence_date.empty()) {
    add("evidence " + v.evidence_document + " dated " + v.evidence_date + " [sha256 " + v.evidence_sha256 + "]");
  }
  return out;
}

}  // namespace

std::string CsvText(std::string_view text) { return CsvField(text, ';'); }

std::string CsvKeepAsText(std::string_view text) {
  if (text.empty()) return "";
  if (text.find('"') != std::string_view::npos) return CsvText(text);  // a quote would end the formula's string
  return CsvQuoted("=\"" + std::string(text) + "\"", ';');
}

std::string RenderCsv(const Report& report) {
  static const char* kHeader =
      "contract;item;kind;clause;entity;entity_name;period;verdict;measured;target;comparator;band_low;band_high;"
      "reason;waiver;inputs";
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel then reads the file as UTF-8
  out += kHeader;
  out += "\r\n";
  for (const Contract& c : report.contracts) {
    for (const Item& item : c.items) {
      for (const VerdictRow& v : item.verdicts) {
        const std::string fields[] = {
            CsvText(c.name),
            CsvText(item.name),
            CsvText(item.kind),
            CsvText(item.clause),
            CsvKeepAsText(v.entity),
            CsvText(v.entity_name),
            CsvKeepAsText(v.period),
            CsvText(v.verdict),
            FormatNumberFrench(v.measured),
            FormatNumberFrench(v.target),
            CsvText(v.comparator),
            FormatNumberFrench(v.band_low),
            FormatNumberFrench(v.band_high),
            CsvText(v.reason),
            v.waiver ? CsvText(WaiverText(*v.waiver)) : "",
            CsvText(InputsText(v)),
        };
        bool first = true;
        for (const std::string& field : fields) {
          if (!first) out += ';';
          out += field;
          first = false;
        }
        out += "\r\n";
      }
    }
  }
  return out;
}

}  // namespace vigie::report
