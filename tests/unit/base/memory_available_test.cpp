// engine/base/memory_available.h: the sizes `vigie run --memory` reads, the sizes its messages write,
// and what the machine says it has available.
#include "engine/base/memory_available.h"

#include <catch2/catch.hpp>

#include "engine/base/locale_text.h"

TEST_CASE("ParseMemorySize reads bytes and powers of 1024, in English and French units", "[base]") {
  using vigie::ParseMemorySize;
  CHECK(ParseMemorySize("4096") == 4096u);
  CHECK(ParseMemorySize("1K") == 1024u);
  CHECK(ParseMemorySize("512M") == 512u << 20);
  CHECK(ParseMemorySize("512MiB") == 512u << 20);
  CHECK(ParseMemorySize("8g") == uint64_t{8} << 30);
  CHECK(ParseMemorySize("8Go") == uint64_t{8} << 30);
  CHECK(ParseMemorySize("2Tio") == uint64_t{2} << 40);
  CHECK(ParseMemorySize("1024T") == uint64_t{1} << 50);
  for (const char* wrong : {"", "0", "0G", "G", "-1G", "1.5G", "8 G", "4X", "1P", "99999999999999G", "1048577T"}) {
    INFO(wrong);
    CHECK_FALSE(ParseMemorySize(wrong));
  }
}

TEST_CASE("MemorySizeText writes KiB, MiB (rounded up) and GiB with one decimal, in the language", "[base]") {
  vigie::ScopedLanguage english(vigie::Language::kEnglish);
  CHECK(vigie::MemorySizeText(1) == "1 KiB");
  CHECK(vigie::MemorySizeText(2048) == "2 KiB");
  CHECK(vigie::MemorySizeText((uint64_t{1} << 20) + 1) == "2 MiB");
  CHECK(vigie::MemorySizeText(uint64_t{54'000'000} * 1024) == "51.5 GiB");  // W2's 54 M verdicts at 1 KiB each
  vigie::ScopedLanguage french(vigie::Language::kFrench);
  CHECK(vigie::MemorySizeText(uint64_t{54'000'000} * 1024) == "51,5 Gio");
  CHECK(vigie::MemorySizeText(512u << 20) == "512 Mio");
}

TEST_CASE("MemoryAvailable gives what the machine has available, no more than it has", "[base]") {
  const std::optional<uint64_t> available = vigie::MemoryAvailable();
  REQUIRE(available);  // Linux with /proc: the suite's machines
  CHECK(*available > 0);
  CHECK(*available < (uint64_t{1} << 50));
}
