#include "engine/base/party_id.h"

#include <algorithm>

#include "engine/base/group_id.h"
#include "engine/base/quote.h"
#include "engine/base/text.h"

namespace vigie {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

// A metropolitan département of two characters: 01-95 but 20 (Corsica is 2A and 2B since 1976).
bool IsMetropolitanDepartment(std::string_view code) {
  if (code == "2A" || code == "2B") return true;
  if (code.size() != 2 || !AllDigits(code)) return false;
  const int number = (code[0] - '0') * 10 + (code[1] - '0');
  return number >= 1 && number <= 95 && number != 20;
}

// An overseas département: 971 Guadeloupe ... 976 Mayotte.
bool IsOverseasDepartment(std::string_view code) {
  return code.size() == 3 && code[0] == '9' && code[1] == '7' && code[2] >= '1' && code[2] <= '6';
}

std::string CommuneProblem(std::string_view id) {
  if (id.size() != 5) return Tr("a commune's INSEE code has 5 characters, this one has {0}", id.size());
  if (IsOverseasDepartment(id.substr(0, 3))) {
    if (AllDigits(id.substr(3))) return "";
    return std::string(Tr("an overseas commune's INSEE code is 97 and 3 digits"));
  }
  if (!IsMetropolitanDepartment(id.substr(0, 2))) {
    return Tr("a commune's INSEE code starts with its département (01 to 95, 2A, 2B, 971 to 976), not {0}",
              QuoteForMessage(id.substr(0, 2)));
  }
  if (!AllDigits(id.substr(2))) return std::string(Tr("a commune's INSEE code ends with 3 digits"));
  return "";
}

std::string DepartmentProblem(std::string_view id) {
  if (IsMetropolitanDepartment(id) || IsOverseasDepartment(id)) return "";
  return std::string(Tr("a département's INSEE code is 01 to 95, 2A, 2B or 971 to 976"));
}

std::string RegionProblem(std::string_view id) {
  if (id.size() == 2 && AllDigits(id)) return "";
  return std::string(Tr("a région's INSEE code has 2 digits"));
}

// A free code: the form of a group code, with the message naming a code, not a group.
std::string FreeCodeProblem(std::string_view id) {
  if (GroupIdProblem(id).empty()) return "";
  if (id.size() > kMaxGroupIdLength) return Tr("a code has at most {0} characters, this one has {1}", kMaxGroupIdLength, id.size());
  return std::string(Tr("a code starts with a letter, then has only letters, digits and _"));
}

}  // namespace

const std::vector<std::string_view>& OtherPartyKinds() {
  static const std::vector<std::string_view> kKinds = {"commune", "department",  "region", "health_territory",
                                                       "ght_territory", "clsm", "association", "institution"};
  return kKinds;
}

bool IsOtherPartyKind(std::string_view kind) {
  const auto& kinds = OtherPartyKinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool IsTerritoryKind(std::string_view kind) {
  return kind == "commune" || kind == "department" || kind == "region" || kind == "health_territory" ||
         kind == "ght_territory";
}

std::string PartyIdProblem(std::string_view kind, std::string_view id) {
  if (kind == "commune") return CommuneProblem(id);
  if (kind == "department") return DepartmentProblem(id);
  if (kind == "region") return RegionProblem(id);
  return FreeCodeProblem(id);
}

std::string PartyLabel(std::string_view kind, std::string_view id) {
  if (kind == "commune") return Tr("commune {0}", id);
  if (kind == "department") return Tr("département {0}", id);
  if (kind == "region") return Tr("région {0}", id);
  if (kind == "health_territory") return Tr("health territory {0}", id);
  if (kind == "ght_territory") return Tr("GHT territory {0}", id);
  if (kind == "clsm") return Tr("CLSM {0}", id);
  if (kind == "association") return Tr("association {0}", id);
  if (kind == "institution") return Tr("institution {0}", id);
  return std::string(kind) + " " + std::string(id);
}

}  // namespace vigie
