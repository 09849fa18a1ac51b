#include "engine/sema/shipped_catalogs.h"

#include <utility>

#include "engine/base/suggest.h"
#include "engine/base/text.h"

namespace vigie::sema {
namespace {

// {indicator, catalog file}, catalogs by file name, each catalog's indicators in file order.
constexpr std::pair<std::string_view, std::string_view> kShippedIndicators[] = {
#include "sema/shipped_indicators.inc"
};

}  // namespace

std::optional<std::string_view> ShippedCatalogOf(std::string_view indicator) {
  for (const auto& [name, catalog] : kShippedIndicators) {
    if (name == indicator) return catalog;
  }
  return std::nullopt;
}

std::string UnknownIndicatorHelp(const std::string& name, const std::vector<std::string>& candidates) {
  // A name of a shipped catalog is no typo: the file that declares it is not imported.
  if (auto catalog = ShippedCatalogOf(name)) {
    return Tr("vigie's catalog rulesets/{1} declares '{0}': import it, e.g. import \"../rulesets/{1}\" (the path from this file; installed: /usr/share/vigie/rulesets/{1})",
              name, *catalog);
  }
  std::optional<std::string> suggestion = SuggestName(name, candidates);
  return suggestion ? Tr("did you mean '{0}'?", *suggestion) : "";
}

}  // namespace vigie::sema
