#include "engine/base/clock.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
#include <string>

namespace {

// Sets VIGIE_FIXED_TIME for one test and puts the previous value back.
class FixedTime {
 public:
  explicit FixedTime(const char* value) {
    if (const char* old = std::getenv("VIGIE_FIXED_TIME")) previous_ = old;
    setenv("VIGIE_FIXED_TIME", value, 1);
  }
  ~FixedTime() {
    if (previous_) setenv("VIGIE_FIXED_TIME", previous_->c_str(), 1);
    else unsetenv("VIGIE_FIXED_TIME");
  }

 private:
  std::optional<std::string> previous_;
};

}  // namespace

TEST_CASE("VIGIE_FIXED_TIME replaces the clock, and today is its date", "[base][clock]") {
  FixedTime fixed("2024-02-29T23:59:59Z");
  CHECK(vigie::NowUtc() == "2024-02-29T23:59:59Z");
  CHECK(vigie::Today() == vigie::calendar::Date{2024, 2, 29});
}

TEST_CASE("the real clock gives UTC ISO text", "[base][clock]") {
  FixedTime fixed("");
  const std::string now = vigie::NowUtc();
  REQUIRE(now.size() == 20);
  CHECK(now[4] == '-');
  CHECK(now[10] == 'T');
  CHECK(now.back() == 'Z');
  CHECK(vigie::Today().year >= 2024);
}
