#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "engine/ingest/csv_reader.h"

using namespace vigie::ingest;
using Kind = CsvProblem::Kind;
using Fields = std::vector<std::string>;

namespace {

std::string ReadFile(const std::string& relative) {
  std::ifstream stream(std::string(VIGIE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(stream.good());
  return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

std::string HospiDiag(const std::string& name) { return ReadFile("data/hospidiag/" + name); }

// The problems of a table, one per line: "kind line:column message" is too verbose to match, so
// tests look at kind, line and column and at the message separately.
std::string Describe(const CsvTable& table) {
  std::ostringstream out;
  for (const CsvProblem& p : table.problems) {
    out << static_cast<int>(p.kind) << " " << p.line << ":" << p.column << " " << p.message << "\n";
  }
  return out.str();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Real Hospi Diag files

TEST_CASE("the Hospi Diag 2019 activity sheet reads with its exact cells", "[ingest][csv]") {
  const std::string bytes = HospiDiag("hospidiag_2019_activit_globale.csv");
  const CsvTable table = ReadCsv(bytes);
  INFO(Describe(table));
  CHECK(table.problems.empty());
  CHECK(table.encoding == Encoding::kUtf8);
  CHECK(table.separator == ';');
  CHECK(table.crlf);
  CHECK(table.header_line == 1);
  REQUIRE(table.header.size() == 74);
  CHECK(table.header[0] == "finess");
  CHECK(table.header[1] == "A7");
  CHECK(table.header[73] == "RH10");
  REQUIRE(table.rows.size() == 1503);
  const CsvRow& first = table.rows.front();
  CHECK(first.line == 2);
  CHECK(first.fields.size() == 74);
  CHECK(first.fields[0] == "010007300");
  CHECK(first.fields[1] == "11,5");  // not converted: the decimal comma is the literal parser's job
  CHECK(first.fields[4] == "");      // missing values stay empty
  CHECK(first.fields[73] == ".z");
  CHECK(first.columns[0] == 1);
  CHECK(first.columns[1] == 11);
  CHECK(table.rows.back().line == 1504);
}

TEST_CASE("every Hospi Diag activity and establishment sheet has 1503 rows", "[ingest][csv]") {
  for (const char* year : {"2017", "2018", "2019"}) {
    for (const char* sheet : {"activit_globale", "etablissement"}) {
      const std::string name = std::string("hospidiag_") + year + "_" + sheet + ".csv";
      INFO(name);
      const CsvTable table = ReadCsv(HospiDiag(name));
      INFO(Describe(table));
      CHECK(table.problems.empty());
      CHECK(table.rows.size() == 1503);
      CHECK(table.header.size() == (std::string(sheet) == "etablissement" ? 7u : 74u));
      for (const CsvRow& row : table.rows) {
        if (row.fields.size() != table.header.size()) FAIL("line " << row.line << " has " << row.fields.size());
      }
    }
  }
  const CsvTable etablissement = ReadCsv(HospiDiag("hospidiag_2017_etablissement.csv"));
  CHECK(etablissement.header == Fields{"finess", "rs", "cat", "taille_MCO", "taille_M", "taille_C", "taille_O"});
  CHECK(etablissement.rows[0].fields == Fields{"010007300", "CLINIQUE AMBULATOIRE CENDANEG", "CLI", "T1", "M1", "C1", ""});
}

TEST_CASE("the Hospi Diag dictionary and bed sheets keep accents and empty cells", "[ingest][csv]") {
  const CsvTable dictionary = ReadCsv(HospiDiag("hospidiag_2019_indicateur.csv"));
  INFO(Describe(dictionary));
  CHECK(dictionary.problems.empty());
  CHECK(dictionary.header == Fields{"axe", "sous_axe", "indic", "code_hospidiag", "libelle"});
  REQUIRE(dictionary.rows.size() == 85);
  CHECK(dictionary.rows[0].fields ==
        Fields{"Carte d'identité", "Activité globale - Source PMSI", "CI_A1", "CI-A1", "Nombre de RSA de médecine (HC)"});
  CHECK(dictionary.rows.back().fields == Fields{"resshum", "", "RH10", "RH10", "Interim Médical"});

  const CsvTable beds = ReadCsv(HospiDiag("hospidiag_2019_lits_et_places.csv"));
  CHECK(beds.problems.empty());
  CHECK(beds.header == Fields{"finess", "Indicateur", "Valeur"});
  REQUIRE(beds.rows.size() == 13527);
  CHECK(beds.rows.back().fields == Fields{"980500763", "CI_AC9", ""});
  CHECK(beds.rows.back().line == 13528);
}

// ---------------------------------------------------------------------------------------------
// Separator, encoding, line endings

TEST_CASE("the separator is detected: semicolon, comma, tab", "[ingest][csv]") {
  const CsvTable semicolon = ReadCsv("finess;valeur\n010007300;11,5\n010007987;3,25\n");
  CHECK(semicolon.separator == ';');
  CHECK(semicolon.rows[0].fields == Fields{"010007300", "11,5"});

  const CsvTable comma = ReadCsv("finess,annee,valeur\n010007300,2019,11.5\n010007987,2019,3.25\n");
  CHECK(comma.separator == ',');
  CHECK(comma.header == Fields{"finess", "annee", "valeur"});
  CHECK(comma.rows[1].fields == Fields{"010007987", "2019", "3.25"});

  const CsvTable tab = ReadCsv("finess\tlibelle\n010007300\tCH, site A\n");
  CHECK(tab.separator == '\t');
  CHECK(tab.rows[0].fields == Fields{"010007300", "CH, site A"});

  // Both split every line in two: French Excel wins.
  CHECK(ReadCsv("a;b,c\n1;2,3\n").separator == ';');
  // Separators inside quotes do not count: ';' splits the header but not the rows.
  CHECK(ReadCsv("a;b,c\n\"1;2\",3\n\"4;5\",6\n").separator == ',');
  // Forced.
  const CsvTable forced = ReadCsv("a;b,c\n1;2,3\n", {.separator = ','});
  CHECK(forced.separator == ',');
  CHECK(forced.header == Fields{"a;b", "c"});
}

TEST_CASE("a file with one column says which separators were tried", "[ingest][csv]") {
  const CsvTable table = ReadCsv("finess\n010007300\n010007987\n");
  REQUIRE(table.problems.size() == 1);
  CHECK(table.problems[0].kind == Kind::kSingleColumn);
  CHECK(table.problems[0].line == 1);
  CHECK(table.problems[0].message ==
        "the file has a single column: no ';', ',' or tab separates the fields of the header (line 1)");
  CHECK(table.header == Fields{"finess"});
  CHECK(table.rows.size() == 2);  // still readable as one column
}

TEST_CASE("a UTF-8 byte order mark is detected and stripped", "[ingest][csv]") {
  const CsvTable table = ReadCsv("\xEF\xBB\xBF" "finess;rs\n010007300;CH Cœur\n");
  CHECK(table.encoding == Encoding::kUtf8Bom);
  CHECK(table.header == Fields{"finess", "rs"});  // not "\xEF\xBB\xBF" "finess"
  CHECK(table.rows[0].columns == std::vector<size_t>{1, 11});
  CHECK(table.problems.empty());
  CHECK(EncodingName(table.encoding) == "UTF-8 with BOM");
  CHECK(table.text == "finess;rs\n010007300;CH Cœur\n");  // what lines and columns refer to
}

TEST_CASE("a French Excel export in Windows-1252 becomes proper UTF-8", "[ingest][csv]") {
  const CsvTable table = ReadCsv(ReadFile("tests/data/csv/excel_fr_cp1252.csv"));
  INFO(Describe(table));
  CHECK(table.problems.empty());
  CHECK(table.encoding == Encoding::kWindows1252);
  CHECK(EncodingName(table.encoding) == "Windows-1252");
  CHECK(table.crlf);
  CHECK(table.header == Fields{"Établissement", "Coût €", "Commentaire"});
  REQUIRE(table.rows.size() == 3);
  CHECK(table.rows[0].fields == Fields{"CH Cœur de l’Ain", "1 234,50", "dit « pilote »; suivi"});
  CHECK(table.rows[1].fields == Fields{"Clinique \"Les Tilleuls\"", "12,5", "ligne 1\nligne 2"});
  CHECK(table.rows[2].line == 5);
  CHECK(table.text.starts_with("Établissement;Coût €;Commentaire\r\n\"CH Cœur"));

  // The same sheet saved as "CSV UTF-8" gives the same table.
  const CsvTable utf8 = ReadCsv(ReadFile("tests/data/csv/excel_fr_utf8_bom.csv"));
  CHECK(utf8.encoding == Encoding::kUtf8Bom);
  CHECK(utf8.header == table.header);
  for (size_t i = 0; i < 3; ++i) CHECK(utf8.rows[i].fields == table.rows[i].fields);
}

TEST_CASE("bytes that are neither UTF-8 nor Windows-1252 are a problem at their position", "[ingest][csv]") {
  // 0x81 is undefined in Windows-1252; 0xE9 is 'é' there.
  const CsvTable table = ReadCsv("nom;ville\nCH;Cr\xE9teil\nCH;A\x81xyz\n");
  REQUIRE(table.problems.size() == 1);
  CHECK(table.problems[0].kind == Kind::kInvalidEncoding);
  CHECK(table.problems[0].line == 3);
  CHECK(table.problems[0].column == 5);
  CHECK(table.problems[0].message ==
        "line 3, column 5: byte 0x81 is neither UTF-8 nor Windows-1252; save the file again as 'CSV UTF-8'");
  REQUIRE(table.rows.size() == 2);  // still read, the bad byte shown as U+FFFD
  CHECK(table.rows[1].fields[1] == "A\xEF\xBF\xBDxyz");

  // Forced UTF-8 on a Windows-1252 file.
  const CsvTable forced = ReadCsv("nom;ville\nCH;Cr\xE9teil\n", {.encoding = Encoding::kUtf8});
  REQUIRE(forced.problems.size() == 1);
  CHECK(forced.problems[0].kind == Kind::kInvalidEncoding);
  CHECK(forced.problems[0].line == 2);
  CHECK(forced.problems[0].column == 6);
}

TEST_CASE("a UTF-8 file with pasted Windows-1252 lines is not silently garbled", "[ingest][csv]") {
  const CsvTable table = ReadCsv("nom;ville\nCH;Créteil\nCH;B\xE9thune\n");
  CHECK(table.encoding == Encoding::kUtf8);
  REQUIRE(table.problems.size() == 1);
  CHECK(table.problems[0].kind == Kind::kInvalidEncoding);
  CHECK(table.problems[0].line == 3);
  CHECK(table.problems[0].column == 5);
  CHECK(table.problems[0].message ==
        "line 3, column 5: byte 0xE9 is not UTF-8 but line 2 is: the file mixes UTF-8 and Windows-1252; "
        "save the file again as 'CSV UTF-8'");
  CHECK(table.rows[0].fields[1] == "Créteil");  // not "CrÃ©teil"
}

TEST_CASE("binary files give no rows", "[ingest][csv]") {
  const CsvTable nul = ReadCsv(std::string("a;b\n1;\0\n", 7));
  REQUIRE(nul.problems.size() == 1);
  CHECK(nul.problems[0].kind == Kind::kBinary);
  CHECK(nul.problems[0].line == 2);
  CHECK(nul.problems[0].column == 3);
  CHECK(nul.rows.empty());
  CHECK(nul.header.empty());

  const CsvTable xlsx = ReadCsv(std::string("PK\x03\x04\x14\x00\x06\x00", 8));
  REQUIRE(xlsx.problems.size() == 1);
  CHECK(xlsx.problems[0].kind == Kind::kBinary);
  CHECK(xlsx.problems[0].message.find(".xlsx") != std::string::npos);

  const CsvTable controls = ReadCsv("\x01\x02\x03\x04;\x05\x06\n\x07\x08");
  REQUIRE(controls.problems.size() == 1);
  CHECK(controls.problems[0].kind == Kind::kBinary);

  const CsvTable utf16 = ReadCsv(std::string("\xFF\xFE" "a\0;\0b\0", 8));
  REQUIRE(utf16.problems.size() == 1);
  CHECK(utf16.problems[0].kind == Kind::kInvalidEncoding);
  CHECK(utf16.rows.empty());
}

TEST_CASE("CRLF, LF and lone CR line endings give the same rows and lines", "[ingest][csv]") {
  for (const char* newline : {"\n", "\r\n", "\r"}) {
    INFO("newline " << static_cast<int>(newline[0]) << (newline[1] ? " LF" : ""));
    const std::string nl = newline;
    const CsvTable table = ReadCsv("a;b" + nl + "1;2" + nl + nl + "3;4" + nl);
    CHECK(table.problems.empty());
    CHECK(table.crlf == (nl == "\r\n"));
    REQUIRE(table.rows.size() == 2);
    CHECK(table.rows[0].fields == Fields{"1", "2"});
    CHECK(table.rows[1].fields == Fields{"3", "4"});
    CHECK(table.rows[1].line == 4);  // the empty line 3 is skipped but counted
  }
}

TEST_CASE("a missing final newline is fine, trailing empty lines are ignored", "[ingest][csv]") {
  const CsvTable no_newline = ReadCsv("a;b\r\n1;2\r\n3;4");
  CHECK(no_newline.problems.empty());
  REQUIRE(no_newline.rows.size() == 2);
  CHECK(no_newline.rows[1].fields == Fields{"3", "4"});

  const CsvTable trailing = ReadCsv("a;b\r\n1;2\r\n\r\n\r\n;\r\n;\r\n\r\n");
  CHECK(trailing.problems.empty());
  CHECK(trailing.rows.size() == 1);

  // An all-empty row in the middle is data.
  CHECK(ReadCsv("a;b\n;\n1;2\n").rows.size() == 2);
}

TEST_CASE("a last line cut short without a newline is truncated", "[ingest][csv]") {
  const CsvTable table = ReadCsv("finess;A7;A8\r\n010007300;11,5;0,05\r\n010007987;3");
  REQUIRE(table.problems.size() == 1);
  CHECK(table.problems[0].kind == Kind::kTruncated);
  CHECK(table.problems[0].line == 3);
  CHECK(table.problems[0].message ==
        "the file ends in the middle of line 3: it has 2 fields, the header has 3 fields (was the file cut short?)");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[1].fields == Fields{"010007987", "3"});

  // With a newline it is an ordinary short row.
  const CsvTable short_row = ReadCsv("finess;A7;A8\r\n010007987;3\r\n");
  REQUIRE(short_row.problems.size() == 1);
  CHECK(short_row.problems[0].kind == Kind::kFieldCount);
}

// ---------------------------------------------------------------------------------------------
// Quoting

TEST_CASE("quoted fields keep separators, doubled quotes and newlines", "[ingest][csv]") {
  const CsvTable table = ReadCsv(
      "finess;libelle;note\n"
      "010007300;\"CH; site A\";\"dit \"\"pilote\"\"\"\n"
      "010007987;\"ligne 1\nligne 2\r\nligne 3\";x\n"
      "010008407;\"\";y\n");
  INFO(Describe(table));
  CHECK(table.problems.empty());
  REQUIRE(table.rows.size() == 3);
  CHECK(table.rows[0].fields == Fields{"010007300", "CH; site A", "dit \"pilote\""});
  CHECK(table.rows[1].fields == Fields{"010007987", "ligne 1\nligne 2\r\nligne 3", "x"});
  CHECK(table.rows[1].line == 3);
  CHECK(table.rows[1].columns == std::vector<size_t>{1, 11, 10});  // "x" is at column 10 of line 5
  CHECK(table.rows[2].line == 6);  // line numbers stay right after the embedded newlines
  CHECK(table.rows[2].fields == Fields{"010008407", "", "y"});
}

TEST_CASE("a quote inside an unquoted field is kept as written", "[ingest][csv]") {
  const CsvTable table = ReadCsv("nom;taille\nCH d\"Arles;12\"\nCH \"X\" Y;3\n");
  CHECK(table.problems.empty());
  CHECK(table.rows[0].fields == Fields{"CH d\"Arles", "12\""});
  CHECK(table.rows[1].fields == Fields{"CH \"X\" Y", "3"});
}

TEST_CASE("an unclosed quote names the line where it opened", "[ingest][csv]") {
  const CsvTable table = ReadCsv("a;b\n1;2\n3;\"oops\n4;5\n6;7\n");
  REQUIRE(table.problems.size() == 1);
  CHECK(table.problems[0].kind == Kind::kUnclosedQuote);
  CHECK(table.problems[0].line == 3);
  CHECK(table.problems[0].column == 3);
  CHECK(table.problems[0].message == "the quote opened on line 3, column 3 is never closed, so lines 3 to 5 cannot be read");
  REQUIRE(table.rows.size() == 1);
  CHECK(table.rows[0].fields == Fields{"1", "2"});

  const CsvTable in_header = ReadCsv("\"a;b\n1;2\n");
  REQUIRE(in_header.problems.size() == 1);
  CHECK(in_header.problems[0].kind == Kind::kUnclosedQuote);
  CHECK(in_header.problems[0].line == 1);
  CHECK(in_header.header.empty());
}

// ---------------------------------------------------------------------------------------------
// Field counts and header

TEST_CASE("rows with too many or too few fields are returned with a problem", "[ingest][csv]") {
  const CsvTable table = ReadCsv(
      "finess;A7;A8\n"
      "010007300;11,5;0,05\n"
      "010007987;3,25\n"
      "010008407;1;2;3;4\n"
      "\"multi\nline\";1;2;3\n");
  REQUIRE(table.problems.size() == 3);
  CHECK(table.problems[0].kind == Kind::kFieldCount);
  CHECK(table.problems[0].line == 3);
  CHECK(table.problems[0].column == 0);
  CHECK(table.problems[0].message == "line 3 has 2 fields, the header has 3 fields");
  CHECK(table.problems[1].line == 4);
  CHECK(table.problems[1].column == 15);  // the first extra field, "3"
  CHECK(table.problems[1].message == "line 4 has 5 fields, the header has 3 fields");
  CHECK(table.problems[2].line == 5);
  CHECK(table.problems[2].column == 0);  // the extra field is on the next line
  REQUIRE(table.rows.size() == 4);
  CHECK(table.rows[1].fields == Fields{"010007987", "3,25"});
  CHECK(table.rows[2].fields.size() == 5);
}

TEST_CASE("an empty file and a file of empty lines are empty", "[ingest][csv]") {
  const CsvTable empty = ReadCsv("");
  REQUIRE(empty.problems.size() == 1);
  CHECK(empty.problems[0].kind == Kind::kEmptyFile);
  CHECK(empty.problems[0].message == "the file is empty");

  const CsvTable blank = ReadCsv("\r\n\r\n\n");
  REQUIRE(blank.problems.size() == 1);
  CHECK(blank.problems[0].kind == Kind::kEmptyFile);
  CHECK(blank.problems[0].message == "the file has only empty lines");

  const CsvTable bom_only = ReadCsv("\xEF\xBB\xBF");
  REQUIRE(bom_only.problems.size() == 1);
  CHECK(bom_only.problems[0].kind == Kind::kEmptyFile);
}

TEST_CASE("a header alone is a table with no rows, after leading empty lines", "[ingest][csv]") {
  const CsvTable table = ReadCsv("\r\n finess ; rs \r\n");
  CHECK(table.problems.empty());
  CHECK(table.header_line == 2);
  CHECK(table.header == Fields{"finess", "rs"});  // the header is trimmed
  CHECK(table.rows.empty());
}

TEST_CASE("fields are not trimmed, header names are", "[ingest][csv]") {
  const CsvTable table = ReadCsv("\xC2\xA0" "finess\t;  rs\n 010007300 ;CH \n");
  CHECK(table.header == Fields{"finess", "rs"});
  CHECK(table.rows[0].fields == Fields{" 010007300 ", "CH "});
}

TEST_CASE("duplicate and empty header names are problems", "[ingest][csv]") {
  const CsvTable table = ReadCsv("finess;A7;;A7;\n1;2;3;4;5\n");
  REQUIRE(table.problems.size() == 3);
  CHECK(table.problems[0].kind == Kind::kNoHeader);
  CHECK(table.problems[0].column == 11);
  CHECK(table.problems[0].message == "field 3 of the header (line 1) has no name");
  CHECK(table.problems[1].kind == Kind::kDuplicateHeader);
  CHECK(table.problems[1].line == 1);
  CHECK(table.problems[1].column == 12);
  CHECK(table.problems[1].message == "the header names 'A7' twice, in fields 2 and 4");
  CHECK(table.problems[2].kind == Kind::kNoHeader);
  CHECK(table.problems[2].message == "the header (line 1) ends with a separator, which makes a last field with no name");
  CHECK(table.rows.size() == 1);
}

TEST_CASE("columns count characters, not bytes", "[ingest][csv]") {
  const CsvTable table = ReadCsv("libellé;unité;valeur\nRéanimation;€;1\n\"Cœur « x »\";é;2;3\n");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.header == Fields{"libellé", "unité", "valeur"});
  CHECK(table.rows[0].columns == std::vector<size_t>{1, 13, 15});
  CHECK(table.rows[1].columns == std::vector<size_t>{1, 14, 16, 18});
  REQUIRE(table.problems.size() == 1);
  CHECK(table.problems[0].column == 18);

  // The same in Windows-1252: columns are those of the decoded line.
  const CsvTable cp1252 = ReadCsv("libell\xE9;unit\xE9;valeur\nR\xE9" "animation;\x80;1\n");
  CHECK(cp1252.encoding == Encoding::kWindows1252);
  CHECK(cp1252.rows[0].columns == std::vector<size_t>{1, 13, 15});
}

TEST_CASE("problems are capped but counted", "[ingest][csv]") {
  std::string text = "a;b\n";
  for (int i = 0; i < 10; ++i) text += "1;2;3\n";
  const CsvTable table = ReadCsv(text, {.max_problems = 4});
  CHECK(table.problems.size() == 4);
  CHECK(table.more_problems == 6);
  CHECK(table.problems[3].line == 5);
  CHECK(table.rows.size() == 10);
}
