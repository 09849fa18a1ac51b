#include "engine/cli/options.h"

#include "engine/base/calendar.h"
#include "engine/base/text.h"

namespace vigie::cli {

std::optional<std::string> CheckDateOptions(const Options& options) {
  if (!options.as_of.empty()) {
    if (calendar::Parsed<calendar::Date> date = calendar::ParseDate(options.as_of); !date) {
      return Tr("{0}: {1}", "--as-of", date.error);
    }
  }
  if (!options.data_as_of.empty()) {
    if (calendar::Parsed<calendar::Date> time = calendar::ParseDateOrTime(options.data_as_of); !time) {
      return Tr("{0}: {1}", "--data-as-of", time.error);
    }
  }
  return std::nullopt;
}

}  // namespace vigie::cli
