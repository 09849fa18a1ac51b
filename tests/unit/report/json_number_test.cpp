// WriteJsonNumber (engine/report/json_number.h) writes a double as nlohmann's dump does: every
// decimal of three places below 10,000 (written without Grisu2) compared with nlohmann's text, and
// the values around and beyond them (left to nlohmann).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/report/json_number.h"

namespace vigie::report {
namespace {

std::string Written(double value) {
  char buffer[64];
  return std::string(buffer, WriteJsonNumber(buffer, value));
}

std::string Nlohmann(double value) { return nlohmann::json(value).dump(); }

}  // namespace

TEST_CASE("WriteJsonNumber writes every decimal of three places below 10,000 as nlohmann does", "[report]") {
  // 2 x 10 million values (nlohmann's digits by its own to_chars, which its dump calls): one CHECK
  // for them all, the first that differs named.
  std::string first_difference;
  for (int64_t k = 1; k < 10'000'000 && first_difference.empty(); ++k) {
    for (const double value : {static_cast<double>(k) / 1000, -static_cast<double>(k) / 1000}) {
      char ours[64], theirs[64];
      const std::string_view written(ours, static_cast<size_t>(WriteJsonNumber(ours, value) - ours));
      const std::string_view expected(theirs, static_cast<size_t>(nlohmann::detail::to_chars(theirs, theirs + 64, value) - theirs));
      if (written != expected) first_difference = std::string(expected) + " written " + std::string(written);
    }
  }
  CHECK(first_difference == "");
}

TEST_CASE("WriteJsonNumber writes the other numbers as nlohmann does", "[report]") {
  for (const double value : {0.0, -0.0, 364.125, 12.0, -55.5, 0.001, 0.0005, 0.1 + 0.2, 9999.999, 10000.0, 10000.5,
                             123456.0, 1e15, 1e16, 1e-7, 1.5e300, 1.0 / 3, -2.0 / 3, 5e-324,
                             std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()}) {
    INFO(value);
    CHECK(Written(value) == Nlohmann(value));
  }
  CHECK(Written(364.125) == "364.125");
  CHECK(Written(12) == "12.0");
  CHECK(Written(-0.05) == "-0.05");
  CHECK(Written(-0.0) == "-0.0");
}

}  // namespace vigie::report
