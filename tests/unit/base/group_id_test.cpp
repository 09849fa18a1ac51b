#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/base/group_id.h"

using vigie::GroupIdProblem;

TEST_CASE("a group code's first character is quoted whole, so the message stays UTF-8", "[base]") {
  // Found by fuzz_import: a code starting with 'ÿ' quoted its first byte alone, and the JSON
  // rendering of the diagnostic threw on the broken character.
  CHECK(GroupIdProblem("\xC3\xBFGHT") == "a group code starts with a letter, not '\xC3\xBF'");
  CHECK(GroupIdProblem("\xE2\x82\xAC" "1") == "a group code starts with a letter, not '\xE2\x82\xAC'");
  CHECK_NOTHROW(nlohmann::json(GroupIdProblem("\xC3\xBFGHT")).dump());
  CHECK(GroupIdProblem("1GHT") == "a group code starts with a letter, not '1'");
  CHECK(GroupIdProblem("GHT_NORD").empty());
}
