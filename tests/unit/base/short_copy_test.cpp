// CopyShort (engine/base/short_copy.h): every size from 0 to past its call to memcpy copies exactly
// its bytes, nothing before nor after them.
#include "engine/base/short_copy.h"

#include <catch2/catch.hpp>
#include <string>

namespace vigie {

TEST_CASE("CopyShort copies exactly its bytes, whatever their number", "[base]") {
  std::string from(200, '\0');
  for (size_t i = 0; i < from.size(); ++i) from[i] = static_cast<char>('A' + i % 50);
  for (size_t size = 0; size <= 130; ++size) {
    for (size_t offset : {0u, 1u, 7u}) {  // the source and the target at any alignment
      std::string to(size + 16, '.');
      const char* end = CopyShort(to.data() + 8 - offset % 8, from.data() + offset, size);
      INFO("size " << size << ", offset " << offset);
      CHECK(end == to.data() + 8 - offset % 8 + size);
      CHECK(to == std::string(8 - offset % 8, '.') + from.substr(offset, size) + std::string(8 + offset % 8, '.'));
    }
  }
}

}  // namespace vigie
