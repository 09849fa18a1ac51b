#include <catch2/catch.hpp>

#include "engine/base/party_id.h"

using vigie::IsOtherPartyKind;
using vigie::IsTerritoryKind;
using vigie::PartyIdProblem;

TEST_CASE("a commune's INSEE code: its département, then 3 digits (2 overseas)", "[base][parties]") {
  CHECK(PartyIdProblem("commune", "79191").empty());   // Niort
  CHECK(PartyIdProblem("commune", "2A004").empty());   // Ajaccio
  CHECK(PartyIdProblem("commune", "2B033").empty());   // Bastia
  CHECK(PartyIdProblem("commune", "97411").empty());   // Saint-Denis (La Réunion)
  CHECK(PartyIdProblem("commune", "01001").empty());
  CHECK(PartyIdProblem("commune", "7919") == "a commune's INSEE code has 5 characters, this one has 4");
  CHECK(PartyIdProblem("commune", "20004") ==
        "a commune's INSEE code starts with its département (01 to 95, 2A, 2B, 971 to 976), not '20'");
  CHECK(PartyIdProblem("commune", "00001") ==
        "a commune's INSEE code starts with its département (01 to 95, 2A, 2B, 971 to 976), not '00'");
  CHECK(PartyIdProblem("commune", "97901") ==
        "a commune's INSEE code starts with its département (01 to 95, 2A, 2B, 971 to 976), not '97'");
  CHECK(PartyIdProblem("commune", "9741A") == "an overseas commune's INSEE code is 97 and 3 digits");
  CHECK(PartyIdProblem("commune", "79A91") == "a commune's INSEE code ends with 3 digits");
}

TEST_CASE("a département's and a région's INSEE codes", "[base][parties]") {
  for (const char* code : {"01", "79", "95", "2A", "2B", "971", "976"}) {
    INFO(code);
    CHECK(PartyIdProblem("department", code).empty());
  }
  for (const char* code : {"00", "20", "96", "977", "2C", "7", "079", ""}) {
    INFO(code);
    CHECK(PartyIdProblem("department", code) == "a département's INSEE code is 01 to 95, 2A, 2B or 971 to 976");
  }
  CHECK(PartyIdProblem("region", "75").empty());
  CHECK(PartyIdProblem("region", "01").empty());
  CHECK(PartyIdProblem("region", "5") == "a région's INSEE code has 2 digits");
  CHECK(PartyIdProblem("region", "2A") == "a région's INSEE code has 2 digits");
}

TEST_CASE("the other kinds have a free code of a group code's form", "[base][parties]") {
  CHECK(PartyIdProblem("clsm", "CLSM_NIORT").empty());
  CHECK(PartyIdProblem("association", "W791000123").empty());  // an RNA number
  CHECK(PartyIdProblem("clsm", "79") == "a code starts with a letter, then has only letters, digits and _");
  CHECK(PartyIdProblem("institution", "EDUC NAT") == "a code starts with a letter, then has only letters, digits and _");
  CHECK(PartyIdProblem("clsm", std::string(65, 'A')) == "a code has at most 64 characters, this one has 65");
}

TEST_CASE("which kinds are territories", "[base][parties]") {
  CHECK(IsTerritoryKind("commune"));
  CHECK(IsTerritoryKind("department"));
  CHECK(IsTerritoryKind("ght_territory"));
  CHECK_FALSE(IsTerritoryKind("clsm"));
  CHECK_FALSE(IsTerritoryKind("establishment"));
  CHECK(IsOtherPartyKind("association"));
  CHECK_FALSE(IsOtherPartyKind("group"));
  CHECK_FALSE(IsOtherPartyKind("legal_entity"));
}
