// RecentNumbers (engine/report/recent_numbers.h): the writers' texts of their last few numbers,
// found by the double's bits, the oldest given up first.
#include <catch2/catch.hpp>

#include <string>

#include "engine/report/recent_numbers.h"

namespace vigie::report {

TEST_CASE("RecentNumbers finds the texts of the last four numbers kept, by their bits", "[report]") {
  RecentNumbers recent;
  CHECK(recent.Find(1.5) == "");
  recent.Keep(1.5, "1,5");
  recent.Keep(0.0, "0");
  CHECK(recent.Find(1.5) == "1,5");
  CHECK(recent.Find(0.0) == "0");
  CHECK(recent.Find(-0.0) == "");  // equal as doubles, another text in JSON ("-0.0")
  CHECK(recent.Find(2.5) == "");
  recent.Keep(2.0, "2");
  recent.Keep(3.0, "3");
  recent.Keep(4.0, "4");  // a fifth: 1.5, the oldest, is given up
  CHECK(recent.Find(1.5) == "");
  CHECK(recent.Find(0.0) == "0");
  CHECK(recent.Find(4.0) == "4");
}

TEST_CASE("RecentNumbers does not keep a text too long for it", "[report]") {
  RecentNumbers recent;
  recent.Keep(1e300, std::string(301, '9'));
  CHECK(recent.Find(1e300) == "");
  recent.Keep(1e30, std::string(40, '9'));
  CHECK(recent.Find(1e30) == std::string(40, '9'));
}

}  // namespace vigie::report
