// The .xlsx reader on the workbooks of tests/data/xlsx/ (made by make_workbooks.py, which says what
// each cell holds) and on the real HAS IQSS 2020 results workbook.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/base/diagnostic_render.h"
#include "engine/base/source.h"
#include "engine/base/spreadsheet.h"
#include "engine/ingest/xlsx_reader.h"

using namespace vigie;
using namespace vigie::ingest;
using Fields = std::vector<std::string>;
using ProblemKind = XlsxProblem::Kind;

namespace {

std::string ReadFile(const std::string& relative) {
  std::ifstream stream(std::string(VIGIE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(stream.good());
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

std::string Workbook(const std::string& name) { return ReadFile("tests/data/xlsx/" + name); }

}  // namespace

TEST_CASE("column letters", "[ingest][xlsx]") {
  CHECK(ColumnLetters(1) == "A");
  CHECK(ColumnLetters(26) == "Z");
  CHECK(ColumnLetters(27) == "AA");
  CHECK(ColumnLetters(52) == "AZ");
  CHECK(ColumnLetters(703) == "AAA");
  CHECK(ColumnLetters(16384) == "XFD");
}

TEST_CASE("a sheet by name, by position, first by default; shared and inline strings, numbers, dates", "[ingest][xlsx]") {
  const std::string bytes = Workbook("values.xlsx");
  REQUIRE(LooksLikeZip(bytes));
  const XlsxTable first = ReadXlsx(bytes, "");
  REQUIRE(first.problem.kind == ProblemKind::kNone);
  CHECK(first.sheet == "Lisez-moi");
  CHECK(first.sheets == Fields{"Lisez-moi", "Données"});
  CHECK(first.table.header == Fields{"Valeurs Hospi Diag 2019, recopiées à la main"});
  REQUIRE(first.table.rows.size() == 1);
  CHECK(first.table.rows[0].fields == Fields{"Données 2019"});  // a rich text string: its runs joined

  for (const std::string selector : {"Données", "données", "2"}) {
    const XlsxTable table = ReadXlsx(bytes, selector);
    REQUIRE(table.problem.kind == ProblemKind::kNone);
    CHECK(table.sheet == "Données");
    CHECK(table.table.header == Fields{"finess", "annee", "P12", "P1", "maj"});
    CHECK(table.table.header_line == 1);
    REQUIRE(table.table.rows.size() == 3);  // row 4 has no cell
    // B2 is the number 2019; C2 37.64 whatever its format ("0.00"); E2 the serial 43646 in the
    // built-in date format 14: 1899-12-30 + 43646 days.
    CHECK(table.table.rows[0].line == 2);
    CHECK(table.table.rows[0].fields == Fields{"080000615", "2019", "37.64", "0.953", "2019-06-30"});
    CHECK(table.table.rows[0].columns == std::vector<size_t>{1, 11, 16, 22, 28});
    // A3 is an inline string; E3 the serial 43677 in the custom format dd/mm/yyyy.
    CHECK(table.table.rows[1].fields == Fields{"080000037", "2019", "12.5", "1.02", "2019-07-31"});
    // A5 a formula's text result; D5 is empty.
    CHECK(table.table.rows[2].line == 5);
    CHECK(table.table.rows[2].fields == Fields{"080001969", "2019", ".c", "", "2019-06-30"});
    CHECK(table.table.problems.empty());
    // Line N of the text is row N; cells are separated by tabs.
    CHECK(table.table.text ==
          "finess\tannee\tP12\tP1\tmaj\n080000615\t2019\t37.64\t0.953\t2019-06-30\n080000037\t2019\t12.5\t1.02\t2019-07-31\n\n"
          "080001969\t2019\t.c\t\t2019-06-30\n");
  }
}

TEST_CASE("every kind of cell", "[ingest][xlsx]") {
  const XlsxTable table = ReadXlsx(Workbook("cells.xlsx"), "Cellules");
  REQUIRE(table.problem.kind == ProblemKind::kNone);
  CHECK(table.table.header_line == 2);
  // A2 is empty: the header has a column with no name. The phonetic run of D2 is not read.
  CHECK(table.table.header == Fields{"", "texte", "gras et maigre", "漢字"});
  REQUIRE(table.table.rows.size() == 2);
  // A boolean, an error value kept as written (the number parser names it), F3 beyond the header.
  CHECK(table.table.rows[0].fields == Fields{"", "1.5E-3", "TRUE", "#DIV/0!", "", "inline"});
  // Cells without a reference follow each other: A4 2024-02-29 (a leap day), B4 serial 1 = 1900-01-01,
  // C4 61.5 = 1900-03-01 at noon (Excel's 29 February 1900 is skipped), D4 a "0.00" number, E4 a
  // string with a tab and a line break (kept in the field, spaces in the text), F4 a formula's value.
  CHECK(table.table.rows[1].fields == Fields{"2024-02-29", "1900-01-01", "1900-03-01 12:00:00", "43646", "a\tb\nc", "2"});
  CHECK(table.table.text.find("a b c\t2\n") != std::string::npos);
  REQUIRE(table.table.problems.size() == 3);
  CHECK(table.table.problems[0].kind == CsvProblem::Kind::kNoHeader);
  CHECK(table.table.problems[0].message == "cell A2 of the header has no name");
  CHECK(table.table.problems[1].kind == CsvProblem::Kind::kFieldCount);
  CHECK(table.table.problems[1].line == 3);
  CHECK(table.table.problems[1].message == "cell F3 holds 'inline', but the header (row 2) has no column F");
  CHECK(table.table.problems[2].message == "cell E4 holds 'a\tb\nc', but the header (row 2) has no column E");
}

TEST_CASE("the 1904 date system", "[ingest][xlsx]") {
  const XlsxTable table = ReadXlsx(Workbook("dates1904.xlsx"), "");
  REQUIRE(table.problem.kind == ProblemKind::kNone);
  REQUIRE(table.table.rows.size() == 1);
  CHECK(table.table.rows[0].fields == Fields{"2019-07-01"});  // 1904-01-01 + 42185 days
}

TEST_CASE("header problems name their cells", "[ingest][xlsx]") {
  const XlsxTable table = ReadXlsx(Workbook("header_problems.xlsx"), "");
  REQUIRE(table.problem.kind == ProblemKind::kNone);
  CHECK(table.table.header_line == 3);
  REQUIRE(table.table.problems.size() == 2);
  CHECK(table.table.problems[0].message == "cell C3 of the header has no name");
  CHECK(table.table.problems[1].message == "the header names 'P12' twice, in cells B3 and E3");
  CHECK(table.table.problems[1].line == 3);
}

TEST_CASE("a sheet's diagnostics name the cell", "[ingest][xlsx]") {
  const XlsxTable table = ReadXlsx(Workbook("values.xlsx"), "Données");
  SourceManager sources;
  const FileId file = sources.Add("values.xlsx[Données]", table.table.text);
  sources.GetMutable(file).SetSheet();
  const uint32_t d3 = sources.Get(file).LineStart(3) + static_cast<uint32_t>(std::string("080000037\t2019\t12.5\t").size());
  CHECK(FormatLocation(Span{file, d3, d3 + 4}, sources) == "values.xlsx[Données]:D3");
  // JSON: the row, the spreadsheet's column number (D = 4) and the cell's name.
  Diagnostic diagnostic = MakeDiagnostic(DiagCode::kValueDoesNotParse, Span{file, d3, d3 + 4}, "x");
  const std::string json = RenderJson({diagnostic}, sources);
  CHECK(json.find("\"line\": 3,\n      \"column\": 4,\n      \"cell\": \"D3\"") != std::string::npos);
}

TEST_CASE("hostile and broken workbooks are refused with a reason", "[ingest][xlsx]") {
  SECTION("not a zip") {
    const XlsxTable table = ReadXlsx(Workbook("not_a_zip.xlsx"), "");
    CHECK(table.problem.kind == ProblemKind::kNotWorkbook);
    CHECK(table.problem.message == "the file is not an .xlsx workbook: it is not a zip archive, or a damaged one");
  }
  SECTION("a zip that is not a workbook") {
    const XlsxTable table = ReadXlsx(Workbook("no_workbook.zip"), "");
    CHECK(table.problem.kind == ProblemKind::kNotWorkbook);
    CHECK(table.problem.message == "the file is an OpenDocument spreadsheet (.ods), which vigie does not read");
  }
  SECTION("truncated XML") {
    const XlsxTable table = ReadXlsx(Workbook("broken_xml.xlsx"), "");
    CHECK(table.problem.kind == ProblemKind::kBroken);
    CHECK(table.problem.message ==
          "the workbook is damaged: its part 'xl/worksheets/sheet1.xml' is not well-formed XML (line 1: no element found)");
  }
  SECTION("a shared string that does not exist") {
    const XlsxTable table = ReadXlsx(Workbook("bad_shared_string.xlsx"), "");
    CHECK(table.problem.kind == ProblemKind::kBroken);
    CHECK(table.problem.message == "the workbook is damaged: cell B1 refers to shared string '7', which the workbook does not have");
  }
  SECTION("entity declarations (billion laughs)") {
    const XlsxTable table = ReadXlsx(Workbook("entities.xlsx"), "");
    CHECK(table.problem.kind == ProblemKind::kBroken);
    CHECK(table.problem.message ==
          "the workbook is damaged: its part 'xl/worksheets/sheet1.xml' declares a DOCTYPE, which a workbook never does");
  }
  SECTION("a row beyond Excel's last") {
    const XlsxTable table = ReadXlsx(Workbook("row_beyond_limit.xlsx"), "");
    CHECK(table.problem.kind == ProblemKind::kTooLarge);
    CHECK(table.problem.message == "the sheet has a row 1048577, beyond Excel's last row 1048576");
  }
  SECTION("a part that decompresses beyond the limit (a zip bomb in small)") {
    XlsxLimits limits;
    limits.max_part_bytes = 1 << 20;
    const std::string bytes = Workbook("big_part.xlsx");
    CHECK(bytes.size() < 10000);
    const XlsxTable table = ReadXlsx(bytes, "", limits);
    CHECK(table.problem.kind == ProblemKind::kTooLarge);
    CHECK(table.problem.message == "the workbook's part 'xl/worksheets/sheet1.xml' decompresses to more than 1 MB");
    CHECK(ReadXlsx(bytes, "").problem.kind == ProblemKind::kNone);  // within the default limits
  }
  SECTION("too many cells") {
    XlsxLimits limits;
    limits.max_cells = 12;
    const XlsxTable table = ReadXlsx(Workbook("values.xlsx"), "Données", limits);
    CHECK(table.problem.kind == ProblemKind::kTooLarge);
    CHECK(table.problem.message == "the sheet has more than 12 cells with a value");
  }
  SECTION("a sheet that does not exist") {
    const XlsxTable table = ReadXlsx(Workbook("values.xlsx"), "Valeurs");
    CHECK(table.problem.kind == ProblemKind::kNoSheet);
    CHECK(table.problem.message == "the workbook has no sheet 'Valeurs'");
    CHECK(table.problem.help == "its sheets: 'Lisez-moi', 'Données'; give --sheet a name or a position (1 for the first)");
    CHECK(ReadXlsx(Workbook("values.xlsx"), "3").problem.kind == ProblemKind::kNoSheet);
    CHECK(ReadXlsx(Workbook("values.xlsx"), "0").problem.kind == ProblemKind::kNoSheet);
  }
  SECTION("every prefix of a real workbook is refused or read, never a crash") {
    const std::string bytes = Workbook("values.xlsx");
    for (size_t size = 0; size < bytes.size(); size += 97) {
      const XlsxTable table = ReadXlsx(std::string_view(bytes).substr(0, size), "");
      CHECK(table.problem.kind != ProblemKind::kNone);
    }
  }
}

TEST_CASE("the real HAS IQSS 2020 results workbook", "[ingest][xlsx]") {
  // resultats-iqss-open-data-2020.xlsx as HAS publishes it: one sheet "Resultats", 758
  // establishments, every cell a shared string (numbers included, written with a point).
  const XlsxTable table = ReadXlsx(ReadFile("tests/golden/import/xlsx_iqss_2020/resultats-iqss-open-data-2020.xlsx"), "");
  REQUIRE(table.problem.kind == ProblemKind::kNone);
  CHECK(table.sheet == "Resultats");
  CHECK(table.table.header == Fields{"finess", "nom_ES", "region", "type", "ete_ortho_ratio_oe", "ete_ortho_alerte_sup",
                                     "ete_ortho_evol", "iso_ortho_ratio_oe", "iso_ortho_alerte_sup"});
  REQUIRE(table.table.rows.size() == 758);
  CHECK(table.table.rows[0].fields == Fields{"640780946", "POLYCLINIQUE DE NAVARRE", "Nouvelle Aquitaine", "Privé",
                                             "1.60514510015526", "0", "0", "0.0", "0"});
  CHECK(table.table.problems.empty());
}
