#include "engine/base/byte_scan.h"

#include <catch2/catch.hpp>
#include <string>

namespace vigie {
namespace {

TEST_CASE("byte sets: the first wanted byte, in a block of sixteen or in the rest", "[base]") {
  const ByteSet html("&<>\"'");
  CHECK(html.Find("") == 0);
  CHECK(html.Find("plain text") == 10);
  CHECK(html.Find("<b>") == 0);
  CHECK(html.Find("a & b") == 2);
  const std::string long_text = "0123456789abcdef0123456789abcdef0123";  // 36 bytes: two blocks and four
  for (size_t at : {0u, 7u, 15u, 16u, 31u, 32u, 35u}) {
    for (char byte : {'&', '<', '>', '"', '\''}) {
      std::string text = long_text;
      text[at] = byte;
      INFO(at << " " << byte);
      CHECK(html.Find(text) == at);
      CHECK(html.Find(text, at) == at);
      CHECK(html.Find(text, at + 1) == text.size());
    }
  }
  CHECK(html.Find(long_text) == long_text.size());
  // Multibyte characters are bytes of 0x80 and above: never one of the set.
  const std::string accents = "éèà ≤ ≥ « guillemets » — 364,125 ne satisfait pas ≤ 328,875";
  CHECK(html.Find(accents) == accents.size());
  CHECK(html.Find(accents + "'") == accents.size());
}

TEST_CASE("byte sets: a set of one byte, or of a run-time separator", "[base]") {
  const ByteSet quote("\"");
  CHECK(quote.Find("no quote here at all, none at all") == 33);
  CHECK(quote.Find("a quote \" here") == 8);
  const ByteSet tab(std::string{'"', '\t', '\n', '\r'});
  CHECK(tab.Find("x;y;z") == 5);
  CHECK(tab.Find("xxxxxxxxxxxxxxxxxxxx\ty") == 20);
  CHECK(tab.Has('\r'));
  CHECK_FALSE(tab.Has(';'));
}

}  // namespace
}  // namespace vigie
