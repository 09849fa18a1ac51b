// The literal parsers on any cell: the importer's (engine/ingest/literals.h: numbers with each
// decimal mark, dates, periods, "label : number" cells), the calendar's exact forms
// (engine/base/calendar.h: the language's literals, --as-of) and the FINESS check
// (engine/base/finess.h). Every parser runs on every input. Beyond "no crash, no sanitizer
// report", it checks what the headers promise:
//   - a number read is finite; an invalid one says why and where, within the cell;
//   - a date or period accepted exists in the calendar (years 1800 to 2199 for cells) and reads
//     back the same once written in the canonical form;
//   - a FINESS number accepted has 9 characters.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/base/calendar.h"
#include "engine/base/finess.h"
#include "engine/ingest/literals.h"
#include "fuzz/fixture.h"

namespace {

using namespace vigie;
using ingest::DecimalMark;
using ingest::NumberCell;

std::string Quoted(std::string_view cell) { return "--- cell\n'" + std::string(cell) + "'"; }

void CheckNumber(std::string_view cell, const NumberCell& number, const char* mark) {
  const std::string where = std::string(" (mark ") + mark + ")";
  switch (number.kind) {
    case NumberCell::Kind::kValue:
      if (!std::isfinite(number.value)) fuzz::Fail("a number cell read as a value that is not finite" + where, Quoted(cell));
      break;
    case NumberCell::Kind::kMissing: break;
    case NumberCell::Kind::kInvalid:
      if (number.error.empty()) fuzz::Fail("an invalid number cell without a reason" + where, Quoted(cell));
      if (number.error_offset > cell.size()) fuzz::Fail("an invalid number's offset is past the cell" + where, Quoted(cell));
      break;
  }
}

void CheckDate(std::string_view cell, const calendar::Date& date, int min_year, int max_year, const char* parser) {
  if (date.year < min_year || date.year > max_year || date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > calendar::DaysInMonth(date.year, date.month)) {
    fuzz::Fail(std::string(parser) + " accepted a date that does not exist: " + calendar::Format(date), Quoted(cell));
  }
  const std::string written = calendar::Format(date);
  const calendar::Parsed<calendar::Date> again = calendar::ParseDate(written);
  if (!again || *again != date) {
    fuzz::Fail(std::string(parser) + ": the date does not read back from " + written, Quoted(cell));
  }
  calendar::AddDays(date, calendar::DaysBetween(date, calendar::Date{2000, 1, 1}));
  calendar::AddMonths(date, 1200);
}

void CheckPeriod(std::string_view cell, const calendar::Period& period, const char* parser) {
  const int subs = calendar::PeriodsPerYear(period.kind);
  if ((subs == 1 && period.sub != 0) || (subs > 1 && (period.sub < 1 || period.sub > subs))) {
    fuzz::Fail(std::string(parser) + " accepted a period that does not exist: " + calendar::Format(period), Quoted(cell));
  }
  const std::string written = calendar::Format(period);
  const calendar::Parsed<calendar::Period> again = calendar::ParsePeriod(written);
  if (!again || *again != period) {
    fuzz::Fail(std::string(parser) + ": the period does not read back from " + written, Quoted(cell));
  }
  if (calendar::FromOrdinal(period.kind, calendar::Ordinal(period)) != period) {
    fuzz::Fail(std::string(parser) + ": the period's ordinal does not give it back", Quoted(cell));
  }
  if (calendar::DaysBetween(calendar::FirstDate(period), calendar::LastDate(period)) < 0) {
    fuzz::Fail(std::string(parser) + ": the period ends before it starts", Quoted(cell));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view cell(reinterpret_cast<const char*>(data), size);

  const struct { DecimalMark mark; const char* name; } marks[] = {
      {DecimalMark::kAuto, "auto"}, {DecimalMark::kComma, "comma"}, {DecimalMark::kDot, "dot"}};
  for (const auto& [mark, name] : marks) {
    CheckNumber(cell, ingest::ParseNumberCell(cell, mark), name);
    const ingest::LabelledNumberCell labelled = ingest::ParseLabelledNumberCell(cell, mark);
    if (labelled.ok) {
      if (labelled.number.kind == NumberCell::Kind::kInvalid) fuzz::Fail("a labelled cell accepted with an invalid number", Quoted(cell));
      CheckNumber(cell, labelled.number, name);
    } else if (labelled.error.empty()) {
      fuzz::Fail("a labelled cell refused without a reason", Quoted(cell));
    }
  }

  const ingest::DateCell date = ingest::ParseDateCell(cell);
  if (date.ok) CheckDate(cell, date.AsDate(), 1800, 2199, "ParseDateCell");
  else if (date.error.empty()) fuzz::Fail("a date cell refused without a reason", Quoted(cell));

  const ingest::PeriodCell period = ingest::ParsePeriodCell(cell);
  if (period.ok) {
    if (period.year < 1800 || period.year > 2199) fuzz::Fail("ParsePeriodCell accepted a year out of 1800..2199", Quoted(cell));
    CheckPeriod(cell, calendar::Period{period.kind, period.year, period.sub}, "ParsePeriodCell");
  } else if (period.error.empty()) {
    fuzz::Fail("a period cell refused without a reason", Quoted(cell));
  }

  if (const calendar::Parsed<calendar::Date> exact = calendar::ParseDate(cell)) {
    CheckDate(cell, *exact, 0, 9999, "calendar::ParseDate");
  }
  if (const calendar::Parsed<calendar::Date> time = calendar::ParseDateOrTime(cell)) {
    CheckDate(cell, *time, 0, 9999, "calendar::ParseDateOrTime");
  }
  if (const calendar::Parsed<calendar::Period> exact = calendar::ParsePeriod(cell)) {
    CheckPeriod(cell, *exact, "calendar::ParsePeriod");
  }

  const FinessCheck finess = CheckFiness(cell);
  if (finess.problem == FinessProblem::kNone && cell.size() != 9) fuzz::Fail("a FINESS number accepted without 9 characters", Quoted(cell));
  if (finess.problem != FinessProblem::kNone) DescribeFinessProblem(cell, finess);
  return 0;
}
