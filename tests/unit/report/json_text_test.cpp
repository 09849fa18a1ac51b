// WrittenAsIsInJson and PlainTexts (engine/report/json_text.h): which texts report.json writes as they
// are between quotes, the answer nlohmann's dump gives (the same text quoted, or escapes, or an
// exception on bad UTF-8), wherever the byte that decides stands, in a short text or a long one.
#include <catch2/catch.hpp>

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/report/json_text.h"

namespace vigie::report {
namespace {

// nlohmann's answer: true when its dump is the text between quotes, unchanged.
bool DumpedAsIs(const std::string& text) {
  try {
    return nlohmann::json(text).dump() == "\"" + text + "\"";
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// The bytes that decide: those nlohmann escapes, UTF-8 whole and broken, and plain ones.
const std::vector<std::string>& Specials() {
  static const std::vector<std::string> specials = {
      "\"", "\\", "\n", std::string(1, '\0'), "\x01", "\x1f", " ", "\x7f", "é", "≤", "😀",
      "\xff", "\xc3", "\xe2\x89", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\x80", "é\xa9",
      // Three bytes whose lead alone does not say they are whole and valid: overlong, a surrogate,
      // the last before the surrogates, the first after them, the last of the plane.
      "\xe0\x80\x80", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xc1\xbf", "\xc2\x80"};
  return specials;
}

}  // namespace

TEST_CASE("WrittenAsIsInJson answers as nlohmann's dump, whatever byte stands wherever", "[report]") {
  // Every length from 0 to 40 (one block, two, a short text, the overlapping last block) and every
  // place in it, the special byte alone, or after a character beyond ASCII.
  for (const std::string& special : Specials()) {
    for (const std::string& before : {std::string(), std::string("é")}) {
      for (size_t length = 0; length <= 40; ++length) {
        for (size_t at = 0; at <= length; ++at) {
          const std::string text = std::string(at, 'a') + before + special + std::string(length - at, 'x');
          INFO("text of " << text.size() << " bytes, special byte " << static_cast<int>(static_cast<unsigned char>(special[0]))
                          << " at " << at);
          REQUIRE(WrittenAsIsInJson(text) == DumpedAsIs(text));
        }
      }
    }
  }
  // Every text of one and two bytes.
  std::string first_difference;
  for (int a = 0; a < 256 && first_difference.empty(); ++a) {
    const std::string one(1, static_cast<char>(a));
    if (WrittenAsIsInJson(one) != DumpedAsIs(one)) first_difference = one;
    for (int b = 0; b < 256 && first_difference.empty(); ++b) {
      const std::string two = one + static_cast<char>(b);
      if (WrittenAsIsInJson(two) != DumpedAsIs(two)) first_difference = two;
    }
  }
  CHECK(first_difference.empty());
  CHECK(WrittenAsIsInJson(""));
  CHECK(WrittenAsIsInJson("364,125 ne satisfait pas ≤ 328,875"));
  CHECK_FALSE(WrittenAsIsInJson("364,125 ne satisfait pas \xe2\x89 328,875"));
}

TEST_CASE("PlainTexts writes a pooled text quoted, the same bytes each time, and nothing for one to escape", "[report]") {
  // Many texts, so that some share a slot and push each other out; each written three times.
  std::vector<std::string> texts;
  for (int i = 0; i < 2000; ++i) texts.push_back(std::to_string(i * 7919) + (i % 3 == 0 ? "é" : "") + std::string(i % 30, 'x'));
  texts.push_back("with \"quote\"");
  texts.push_back("bad \xff");
  texts.push_back("");
  PlainTexts plain;
  for (int round = 0; round < 3; ++round) {
    for (const std::string& text : texts) {
      char buffer[128];
      const size_t room = text.size() + 2 + PlainTexts::kOverwrite;
      std::memset(buffer, '#', sizeof buffer);
      char* end = plain.Quoted(buffer, text);
      INFO("round " << round << ", text " << text);
      if (!DumpedAsIs(text)) {
        CHECK(end == nullptr);
        CHECK(buffer[0] == '#');
        continue;
      }
      REQUIRE(end != nullptr);
      CHECK(std::string(buffer, static_cast<size_t>(end - buffer)) == "\"" + text + "\"");
      CHECK(buffer[room] == '#');  // no byte written past the room it says
    }
  }
}

}  // namespace vigie::report
