// The arena of a run's reasons (base/text_arena.h): a text added stays where it was written while
// the arena grows; an ArenaText held in an arena is shared by its copies, one of its own is copied.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/text_arena.h"

namespace vigie {
namespace {

TEST_CASE("text arena: each text where it was written, whatever is added after", "[base]") {
  TextArena arena;
  std::vector<std::string_view> held;
  // 20,000 texts of 40 to 119 bytes: about 1.6 MB, many chunks.
  for (int i = 0; i < 20000; ++i) held.push_back(arena.Add(std::string(40 + i % 80, static_cast<char>('a' + i % 26))));
  const std::string longer(200000, 'z');  // longer than a chunk: a chunk of its own
  const std::string_view alone = arena.Add(longer);
  held.push_back(arena.Add("after the long one"));
  for (int i = 0; i < 20000; ++i) {
    REQUIRE(held[static_cast<size_t>(i)] == std::string(40 + i % 80, static_cast<char>('a' + i % 26)));
  }
  CHECK(alone == longer);
  CHECK(held.back() == "after the long one");
  CHECK(arena.Add("").empty());
}

TEST_CASE("arena text: shared in its arena, copied when its own", "[base]") {
  TextArena arena;
  const ArenaText in_arena = ArenaText::In(arena, "value 52.5 % < 57 %: not met");
  const ArenaText shared = in_arena;  // a copy points at the same bytes
  CHECK(shared.data() == in_arena.data());
  CHECK(shared == "value 52.5 % < 57 %: not met");

  std::string sentence = "waived by ARS: travaux";
  ArenaText own = sentence;  // its own copy, not the string's bytes
  sentence.assign(sentence.size(), '#');
  CHECK(own == "waived by ARS: travaux");
  ArenaText copy;
  {
    const ArenaText temporary = own;
    CHECK(temporary.data() != own.data());
    copy = temporary;
  }  // `temporary` freed its own copy: `copy` has one of its own
  CHECK(copy == "waived by ARS: travaux");
  CHECK(copy.str() == "waived by ARS: travaux");

  ArenaText moved = std::move(own);
  CHECK(moved == "waived by ARS: travaux");
  CHECK(own.empty());  // NOLINT(bugprone-use-after-move): a moved-from text is empty
  moved = ArenaText::In(arena, "met");
  CHECK(moved.view() == "met");
  CHECK(ArenaText().empty());
  CHECK(ArenaText(std::string()).empty());
}

}  // namespace
}  // namespace vigie
