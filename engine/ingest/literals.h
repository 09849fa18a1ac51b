// The literals found in the cells of real data files: numbers, dates, periods and Hospi Diag's
// "label : number" cells.
//
// The cells come from Hospi Diag open data (decimal comma, missing-value codes ".c" and ".z"),
// spreadsheets saved as CSV by Excel in French settings ("1 234,5", "12,5 %", no-break spaces) and
// exports of hospital information systems ("1234.5", "NA", "2021-06-30"). The text is UTF-8 (the
// CSV reader converts Windows-1252 first). Every parser takes one cell exactly as written, trims
// the spaces around it itself, never throws and never prints: a problem comes back as data, with
// one line for a non-programmer that quotes the cell.
//
// The grammars are Boost.Spirit X3; no regex, no allocation on the success path of a number (a
// value cell costs well under a microsecond).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/base/calendar.h"

namespace vigie::ingest {

// Which character separates the integer part from the decimals.
//
//  * kComma: French files (the importer passes it for Hospi Diag and French Excel). ',' is the
//    decimal mark; '.' may only separate thousands, in groups of exactly 3 digits: "1.234.567,5"
//    -> 1234567.5, "1.234" -> 1234, "1.5" is invalid (never 1.5, never 15).
//  * kDot: English files and information systems. '.' is the decimal mark; ',' may only
//    separate thousands, in groups of exactly 3 digits: "1,234.5" -> 1234.5, "12,5" is invalid.
//  * kAuto: for a cell of unknown origin. The mark is decided per cell, from the ',' and '.' it
//    contains (spaces never count):
//      - both occur: the last one written is the decimal mark, the other separates thousands
//        ("1.234,5" and "1,234.5" -> 1234.5);
//      - only one kind, once: it is the decimal mark, even before exactly 3 digits. The ambiguous
//        "1.234" and "1,234" are read as 1.234, NEVER as 1234, and NumberCell::mark_ambiguous is
//        set: the importer refuses the cell (V4019) unless the file's mark is given (kComma/kDot);
//      - only one kind, twice or more: it can only separate thousands ("1.234.567" -> 1234567).
//    A file has one convention: prefer kComma or kDot for whole columns.
//  With kComma or kDot, a number whose only separator is ONE '.' (kComma) or ',' (kDot) before
//  exactly 3 digits ("38.250", "1,500") is read as thousands but sets NumberCell::group_ambiguous:
//  a file written with the other convention means a decimal by it.
// In every mode a space, U+00A0 (no-break space) or U+202F (narrow no-break space) may separate
// thousands, in groups of exactly 3 digits, and one number uses one kind of separator only.
enum class DecimalMark { kAuto, kComma, kDot };

struct NumberCell {
  enum class Kind { kValue, kMissing, kInvalid };
  Kind kind = Kind::kInvalid;
  double value = 0;           // kValue: the number as written; "12,5 %" -> 12.5 (not 0.125)
  bool percent_sign = false;  // kValue: a '%' was written after the number
  bool mark_ambiguous = false;  // kValue, kAuto only: "1.234" or "1,234" was read as a decimal
  // kValue, kComma or kDot only: one thousands separator of the other kind and no decimals,
  // "38.250" with kComma (read as 38250) or "1,500" with kDot (read as 1500): written the other
  // way, it would be a decimal. An importer refuses it (V4019) rather than guess.
  bool group_ambiguous = false;
  std::string missing_code;   // kMissing: the code as written (trimmed): "", ".c", "NA", "n.d." ...
  std::string error;          // kInvalid: e.g. "'12,5,3' is not a number: more than one decimal mark"
  size_t error_offset = 0;    // kInvalid: byte offset in the cell (as passed) where reading stopped
};

// Parses one number cell.
//
// Accepted (spaces, U+00A0 and U+202F around the cell are ignored):
//   [sign] digits [mark digits] [exponent] [spaces] ['%']
//   sign      '+', '-' or U+2212 (the typographic minus, "−3,5")
//   digits    "1234" or thousands groups "1 234 567" (see DecimalMark for the separators);
//             the integer part may be omitted before a mark: ",5" -> 0.5 with kComma
//   exponent  'e' or 'E', an optional sign, digits: "1,5E3" -> 1500, "1.5e-3" -> 0.0015
//   '%'       sets percent_sign and does not divide: "12,5 %" and "12,5%" -> 12.5
// Examples with kComma: "11,5" -> 11.5, "-16,8" -> -16.8, "1 234,5" -> 1234.5, "613" -> 613.
//
// Missing values (kMissing, NEVER zero), matched case-insensitively, the code kept as written:
//   "" or a blank cell, ".", ".c" ".z" ".v" ".m" (Hospi Diag: secret, not applicable, ...),
//   "NA", "N/A", "#N/A" (Excel), "ND", "n.d.", "n.d", "NC", "n.c.", "n.c", "NR" (non renseigné),
//   "NULL", "NaN" (database and pandas exports), "-", "--", "–" (U+2013), "—" and "——" (U+2014).
//
// Anything else is kInvalid, with error_offset where reading stopped, for example
//   "12,5,3" -> "'12,5,3' is not a number: more than one decimal mark" (offset 4),
//   "1 23,5" -> "... digits separated by spaces must come in groups of 3" (offset 1),
//   "--3"    -> "'--3' is not a number: unexpected '-'" (offset 1),
//   "#DIV/0!" -> "'#DIV/0!' is a spreadsheet error, not a number" (offset 0),
//   "1e999"  -> "'1e999' is out of range" (offset 0).
NumberCell ParseNumberCell(std::string_view cell, DecimalMark mark);

struct DateCell {
  bool ok = false;
  int year = 0, month = 0, day = 0;
  std::string error;  // when !ok, calendar::NotADate: "'2021-02-29' is not a date: February 2021 has 28 days"
  calendar::Date AsDate() const { return calendar::Date{year, month, day}; }
};

// Parses one date cell (spaces around it are ignored).
//   ISO      "2020-06-30", also "2020/06/30" and one-digit "2020-6-3"
//   French   "30/06/2020", "30-06-2020", "30.06.2020", one-digit "1/7/2020" (day first, always)
// The two separators must be the same character; the year has 4 digits, between 1800 and 2199
// ("30/06/20" is refused: the century is not guessed). A time of day after the date, as Excel and
// databases write it ("30/06/2020 00:00", "2020-06-30T14:05:00", "... 14:05:00.000"), is checked
// and dropped. The calendar is validated, leap years included: "2020-02-29" is a date,
// "2021-02-29" and "31/04/2021" are not.
DateCell ParseDateCell(std::string_view cell);

struct PeriodCell {
  using Kind = calendar::PeriodKind;
  bool ok = false;
  Kind kind = Kind::kYear;
  int year = 0;
  int sub = 0;  // kQuarter: 1..4, kMonth: 1..12, kYear: 0
  std::string error;  // when !ok, e.g. "'2021-Q5' is not a period: quarter 5 does not exist (1 to 4)"
  bool well_formed = false;  // written as a period, even when the calendar refuses it (2021-Q5)
};

// Parses one period cell (spaces around it are ignored; 'Q' and 'T' in any case).
//   year     "2021"
//   quarter  "2021-Q2", "2021-T2" (trimestre), "2021Q2", "2021 T2", "2021/Q2",
//            "Q2 2021", "T2 2021", "T2-2021", "Q2/2021"
//   month    "2021-03", "2021-3", "2021/03", "03/2021", "3/2021", "03-2021", "202103"
// "2021-3" is read as March 2021: after a 4-digit year and a dash, 1 or 2 digits can only be a
// month (a quarter always has its Q or T). "202103" (yyyymm, as in PMSI exports) needs 2 digits of
// month. Years are 4 digits between 1800 and 2199. Refused: "2021-Q5", "2021-13", "2021-0",
// half-years "2021-S1", year ranges "2021-2022", two-digit years "T2 21".
PeriodCell ParsePeriodCell(std::string_view cell);

struct LabelledNumberCell {
  bool ok = false;     // a label and a number that is kValue or kMissing
  std::string label;   // trimmed, as written (accents and inner spaces kept); "" for a blank cell
  NumberCell number;   // error_offset counts from the start of the whole cell
  std::string error;   // when !ok: the number's error, "' : 12' has no label before ':'", ...
};

// Parses a Hospi Diag composite cell "label : number" (CI_A16_*). The label is everything before
// the LAST ':', the number is parsed with ParseNumberCell(rest, mark).
//   "Cataracte : 810" -> label "Cataracte", value 810
//   "Arthroscopie du genou : 0" -> label "Arthroscopie du genou", value 0 (a real zero)
//   "Hernie enfant : .c" -> ok, number.kind == kMissing, missing_code ".c"
//   "Cataracte" -> ok, label "Cataracte", number kMissing with missing_code "": the published files
//       write the bare label when an establishment has no value (54 cells per column in 2017)
//   "", blanks or a missing-value code alone (".c") -> ok, label "", number kMissing with that code
//   "Cataracte : 8,1,0", " : 12" and "810" (a number without its label) -> !ok
LabelledNumberCell ParseLabelledNumberCell(std::string_view cell, DecimalMark mark);

}  // namespace vigie::ingest
