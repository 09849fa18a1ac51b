#include "engine/report/renderers.h"

namespace vigie::report {

const std::vector<Format>& Formats() {
  static const std::vector<Format> kFormats = {
      {"json", "json", RenderJson},
  };
  return kFormats;
}

}  // namespace vigie::report
