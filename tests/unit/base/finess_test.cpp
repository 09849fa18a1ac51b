#include <catch2/catch.hpp>

#include "engine/base/finess.h"

using namespace vigie;

TEST_CASE("real FINESS numbers pass, including Corsica and overseas", "[base][finess]") {
  // From the Hospi Diag 2017 establishment sheet.
  for (const char* finess : {"750712184", "750100125", "010007300", "2A0000014", "2B0000020", "970100012",
                             "970202156", "970302022", "970403606", "980500763"}) {
    INFO(finess);
    CHECK(CheckFiness(finess).problem == FinessProblem::kNone);
  }
}

TEST_CASE("a wrong check digit names the expected one", "[base][finess]") {
  FinessCheck check = CheckFiness("750712185");
  REQUIRE(check.problem == FinessProblem::kCheckDigit);
  CHECK(check.expected_key == '4');
  CHECK(DescribeFinessProblem("750712185", check) == "the check digit of '750712185' should be 4, not 5");
}

TEST_CASE("Corsica only checks with A as 1 and B as 2", "[base][finess]") {
  CHECK(CheckFiness("2A0000015").problem == FinessProblem::kCheckDigit);
  CHECK(CheckFiness("2B0000021").problem == FinessProblem::kCheckDigit);
}

TEST_CASE("length, characters and département are checked before the key", "[base][finess]") {
  CHECK(CheckFiness("75071218").problem == FinessProblem::kLength);
  CHECK(CheckFiness("7507121844").problem == FinessProblem::kLength);
  CHECK(CheckFiness("75071X184").problem == FinessProblem::kCharacters);
  CHECK(CheckFiness("2C0000014").problem == FinessProblem::kCharacters);
  CHECK(CheckFiness("000000000").problem == FinessProblem::kDepartment);
  CHECK(DescribeFinessProblem("75071218", CheckFiness("75071218")) == "a FINESS number has 9 characters, '75071218' has 8");
}

namespace vigie {

// Issue 13, item 7: with --finess-key=warn, '9A…' was accepted (only the key was wrong).
TEST_CASE("only Corsica's départements 2A and 2B have a letter", "[base][finess]") {
  for (const char* number : {"9A0000375", "9B0000375", "0A0000375", "1B0000375", "3A0000375"}) {
    INFO(number);
    CHECK(CheckFiness(number).problem == FinessProblem::kDepartment);
  }
  CHECK(DescribeFinessProblem("9A0000375", CheckFiness("9A0000375")) == "'9A' is not a département prefix");
}

}  // namespace vigie
