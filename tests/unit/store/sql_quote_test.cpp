// AppendQuotedReal (engine/store/internal/sql_quote.h): the text it writes is SQLite's quote() of the
// same double, byte for byte, over the values a store holds (W1's eighths, decimals of a few digits)
// and their edges; the values it cannot be sure of are left to SQLite.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <bit>
#include <optional>
#include <random>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "engine/store/internal/sql_quote.h"

using vigie::store::internal::AppendQuotedReal;

namespace {

// SQLite's own quote() of `value`.
class SqliteQuote {
 public:
  SqliteQuote() {
    sqlite3_open(":memory:", &db_);
    sqlite3_prepare_v2(db_, "SELECT quote(?1)", -1, &statement_, nullptr);
  }
  ~SqliteQuote() {
    sqlite3_finalize(statement_);
    sqlite3_close(db_);
  }
  std::string operator()(double value) {
    sqlite3_reset(statement_);
    sqlite3_bind_double(statement_, 1, value);
    sqlite3_step(statement_);
    return reinterpret_cast<const char*>(sqlite3_column_text(statement_, 0));
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

std::optional<std::string> Quoted(double value) {
  std::string text = "|";
  if (!AppendQuotedReal(text, value)) {
    CHECK(text == "|");  // nothing appended
    return std::nullopt;
  }
  return text.substr(1);
}

}  // namespace

TEST_CASE("AppendQuotedReal writes what SQLite's quote() writes, or leaves the value to it", "[store]") {
  CHECK(Quoted(364.125) == "364.125");
  CHECK(Quoted(403) == "403.0");
  CHECK(Quoted(-14.875) == "-14.875");
  CHECK(Quoted(0.5) == "0.5");
  CHECK(Quoted(0.0001220703125) == "0.0001220703125");  // 2^-13
  CHECK(Quoted(123456789012345.0) == "123456789012345.0");
  // Left to SQLite: decimals that are not exactly a double (SQLite's reading of its own text may
  // land one unit off them: 0.05140167 is written 5.14016700000000034687e-02 by SQLite 3.40), zero
  // and its sign, exponents, more than 15 digits, infinities.
  for (double value : {0.1, 0.05140167, 0.0001, 0.0, -0.0, 0.00009999, 1e15, 1e-300, 0.1 + 0.2, 1.0 / 3, 1234567890123456.0, HUGE_VAL,
                       -HUGE_VAL, DBL_MAX, DBL_MIN, 5e-324}) {
    INFO(value);
    CHECK_FALSE(Quoted(value));
  }

  SqliteQuote sqlite;
  std::vector<double> values;
  for (int eighths = -80000; eighths <= 80000; ++eighths) values.push_back(eighths / 8.0);  // W1's values
  std::mt19937_64 random(17);
  for (int i = 0; i < 200000; ++i) {
    // Decimals of 1 to 17 digits at any scale from 10^-6 to 10^16, and any double's bits.
    const int digits = 1 + static_cast<int>(random() % 17), scale = static_cast<int>(random() % 23) - 6;
    const auto mantissa = static_cast<double>(random() % static_cast<uint64_t>(std::pow(10.0, digits)));
    values.push_back(mantissa * std::pow(10.0, scale - digits));
    values.push_back(std::bit_cast<double>(random()));
    // Fractions of a power of two (exact decimals: the ones written here) at any scale.
    values.push_back(static_cast<double>(random() % (uint64_t{1} << (10 + random() % 40))) / std::pow(2.0, random() % 30));
  }
  for (double edge : {1e-4, std::nextafter(1e-4, 0.0), std::nextafter(1e-4, 1.0), 1e15, std::nextafter(1e15, 0.0),
                      999999999999999.0, 999999999999999.9, 0.30000000000000004, 2.5, 1e14, 1e14 + 0.5,
                      // The edges of the eighths written without the general case: 14 digits, then 10^11.
                      99999999999.875, -99999999999.875, 1e11, -1e11, 1e11 + 0.125, 12345678901.375, -0.125, 0.875})
    values.push_back(edge);
  size_t written = 0;
  for (double value : values) {
    const std::optional<std::string> ours = Quoted(value);
    if (!ours) continue;
    ++written;
    if (*ours != sqlite(value)) FAIL_CHECK(value << ": " << *ours << " where SQLite writes " << sqlite(value));
  }
  CHECK(written > values.size() / 3);
  // Every eighth but zero (W1's values, a store's usual decimals) is written here, not asked of SQLite.
  size_t eighths_written = 0;
  for (int eighths = -80000; eighths <= 80000; ++eighths) eighths_written += Quoted(eighths / 8.0).has_value();
  CHECK(eighths_written == 160000);
}
