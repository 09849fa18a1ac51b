// The .xlsx reader (engine/ingest/xlsx_reader.h) on any bytes: a zip container and its XML parts
// as an attacker or a damaged disk leaves them. The limits are lowered (1 MB a part, 20 000 cells)
// so that a zip bomb is met in a few milliseconds. Beyond "no crash, no hang, no sanitizer report",
// it checks what the header promises:
//   - a workbook that is refused says why (a message and a help line), and has no rows;
//   - a table read has its rows in order, each within the text, with as many columns as fields, the
//     text has one line per row of the sheet, and no header name is blank unless a problem says so.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/base/source.h"
#include "engine/ingest/xlsx_reader.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;
using ingest::XlsxProblem;

void Check(const ingest::XlsxTable& out) {
  if (out.problem.kind != XlsxProblem::Kind::kNone) {
    if (out.problem.message.empty() || out.problem.help.empty()) fuzz::Fail("a refused workbook without a reason", "");
    return;
  }
  const ingest::CsvTable& table = out.table;
  const size_t lines = static_cast<size_t>(std::count(table.text.begin(), table.text.end(), '\n'));
  size_t previous = table.header_line;
  for (const ingest::CsvRow& row : table.rows) {
    if (row.line <= previous) fuzz::Fail("rows out of order", std::to_string(row.line));
    if (row.line > lines) fuzz::Fail("a row past the text's last line", std::to_string(row.line));
    if (row.columns.size() != row.fields.size()) fuzz::Fail("a row with more fields than columns or the reverse", "");
    previous = row.line;
  }
  if (FindInvalidUtf8(table.text) != std::string_view::npos) fuzz::Fail("the table's text is not UTF-8", "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ingest::XlsxLimits limits;
  limits.max_part_bytes = 1 << 20;
  limits.max_total_bytes = 4 << 20;
  limits.max_cells = 20000;
  limits.max_shared_strings = 20000;
  limits.max_text_bytes = 4 << 20;
  Check(ingest::ReadXlsx(bytes, "", limits));
  Check(ingest::ReadXlsx(bytes, "2", limits));
  return 0;
}
