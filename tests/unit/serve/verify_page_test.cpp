// The page of an auditor's verification (engine/serve/pages.h, VerifyPage): what it says for each outcome.
#include <catch2/catch.hpp>

#include "engine/base/language.h"
#include "engine/serve/pages.h"

using namespace vigie;
using namespace vigie::serve;

namespace {

Service::Session Auditor() { return Service::Session{Principal{"audit", Role::kAuditor, {}}, "jeton-csrf", ""}; }

}  // namespace

TEST_CASE("the verify page shows a report that differs as a whole by the first 12 digits of each digest",
          "[serve]") {
  SetLanguage(Language::kFrench);
  Service::Verification answer;
  answer.outcome = driver::VerifyResult::Outcome::kDifferent;
  const std::string recorded(64, 'a'), now = "0123456789ab" + std::string(52, 'f');
  answer.differences.push_back({driver::Difference::Kind::kRunReportDiffers, "exécution n° 3 <x>", recorded, now});
  answer.differences.push_back({driver::Difference::Kind::kRunDiffers, "exécution n° 3 : ambu", "met", "not_met"});
  const std::string page = VerifyPage(Auditor(), &answer, {});
  SetLanguage(Language::kEnglish);
  INFO(page);
  CHECK(page.find("Le rapport ne tient plus : 2 différence(s).") != std::string::npos);
  // The short digests, the whole ones in their titles; the subject escaped.
  CHECK(page.find("<tr><td>exécution n° 3 &lt;x&gt; : le rapport (son SHA-256)</td><td><span title=\"" + recorded + "\">" +
                  recorded.substr(0, 12) + "…</span></td><td><span title=\"" + now + "\">0123456789ab…</span></td></tr>") !=
        std::string::npos);
  // Any other difference: its three texts as they are.
  CHECK(page.find("<tr><td>exécution n° 3 : ambu</td><td>met</td><td>not_met</td></tr>") != std::string::npos);
  CHECK(page.find("<input type=\"hidden\" name=\"csrf\" value=\"jeton-csrf\">") != std::string::npos);
}
