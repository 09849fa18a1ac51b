#include <catch2/catch.hpp>

#include "engine/base/suggest.h"

using vigie::EditDistance;
using vigie::SuggestName;

TEST_CASE("edit distance counts code points and ignores ASCII case", "[base][suggest]") {
  CHECK(EditDistance("ambu", "ambu") == 0);
  CHECK(EditDistance("ambu", "anbu") == 1);
  CHECK(EditDistance("réa", "rea") == 1);
  CHECK(EditDistance("P12", "p12") == 0);
  CHECK(EditDistance("", "abc") == 3);
}

TEST_CASE("a close name is suggested, a distant one is not", "[base][suggest]") {
  std::vector<std::string> names{"ambu", "duree_dette", "ip_dms_medecine"};
  CHECK(SuggestName("ambu_", names) == std::optional<std::string>("ambu"));
  CHECK(SuggestName("duree_dete", names) == std::optional<std::string>("duree_dette"));
  CHECK_FALSE(SuggestName("zzz", names).has_value());
  CHECK_FALSE(SuggestName("x", {}).has_value());
}

TEST_CASE("ties go to the first name in sorted order", "[base][suggest]") {
  CHECK(SuggestName("P13", {"P14", "P12"}) == std::optional<std::string>("P12"));
}

TEST_CASE("accented and unaccented spellings find each other", "[base][suggest]") {
  CHECK(SuggestName("taux_occupation_rea", {"taux_occupation_réa"}) ==
        std::optional<std::string>("taux_occupation_réa"));
}

namespace vigie {

// Issue 13, item 7: a 30 MB unknown-indicator cell once took 66 s of edit distances.
TEST_CASE("a very long name gets no suggestion and costs nothing", "[base][suggest]") {
  const std::string huge(30 * 1024 * 1024, 'P');
  std::vector<std::string> names;
  for (int i = 0; i < 100; ++i) names.push_back("P" + std::to_string(i));
  CHECK_FALSE(SuggestName(huge, names));
  CHECK_FALSE(SuggestName("P12", {huge}));
  CHECK(SuggestName(std::string(kMaxSuggestedBytes - 1, 'a') + "b", {std::string(kMaxSuggestedBytes, 'a')}));
}

}  // namespace vigie
