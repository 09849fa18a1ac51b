#include <catch2/catch.hpp>

#include "engine/base/source.h"

using vigie::SourceFile;

TEST_CASE("line table maps byte offsets to 1-based lines and code-point columns", "[base][source]") {
  SourceFile file("a.vigie", "ab\ncdé f\n\nlast");
  CHECK(file.LineCount() == 4);
  CHECK(file.Locate(0).line == 1);
  CHECK(file.Locate(0).column == 1);
  CHECK(file.Locate(3).line == 2);
  CHECK(file.Locate(3).column == 1);
  // "cdé f": 'é' is two bytes, so byte 7 (the space) is column 4, byte 8 ('f') column 5.
  CHECK(file.Locate(7).column == 4);
  CHECK(file.Locate(8).column == 5);
  CHECK(file.LineText(2) == "cdé f");
  CHECK(file.LineText(3).empty());
  CHECK(file.LineText(4) == "last");
}

TEST_CASE("an offset past the end maps to the end of the last line", "[base][source]") {
  SourceFile file("a.vigie", "one\ntwo");
  CHECK(file.Locate(999).line == 2);
  CHECK(file.Locate(999).column == 4);
}

TEST_CASE("a final newline does not open an empty last line", "[base][source]") {
  SourceFile file("a.vigie", "one\ntwo\n");
  CHECK(file.LineCount() == 2);
}

TEST_CASE("line text drops a Windows line ending", "[base][source]") {
  SourceFile file("a.vigie", "one\r\ntwo\r\n");
  CHECK(file.LineText(1) == "one");
  CHECK(file.LineText(2) == "two");
}

TEST_CASE("a carriage return alone ends a line, as in old Mac files", "[base][source]") {
  SourceFile file("a.vigie", "one\rtwo\r\rlast\r");
  CHECK(file.LineCount() == 4);
  CHECK(file.Locate(4).line == 2);
  CHECK(file.Locate(4).column == 1);
  CHECK(file.Locate(9).line == 4);
  CHECK(file.LineStart(4) == 9);
  CHECK(file.LineText(2) == "two");
  CHECK(file.LineText(3).empty());
  CHECK(file.LineText(4) == "last");
}

TEST_CASE("Windows, Unix and old Mac line ends mixed in one file each end one line", "[base][source]") {
  SourceFile file("a.vigie", "a\r\nb\rc\nd");
  CHECK(file.LineCount() == 4);
  CHECK(file.Locate(3).line == 2);  // "\r\n" is one line end, not two
  CHECK(file.Locate(5).line == 3);
  CHECK(file.Locate(7).line == 4);
  CHECK(file.LineText(1) == "a");
  CHECK(file.LineText(2) == "b");
}

TEST_CASE("an empty file has one empty line", "[base][source]") {
  SourceFile file("a.vigie", "");
  CHECK(file.LineCount() == 1);
  CHECK(file.Locate(0).line == 1);
  CHECK(file.LineText(1).empty());
}

TEST_CASE("invalid UTF-8 is found at its first byte", "[base][source]") {
  CHECK(vigie::FindInvalidUtf8("plain ascii") == std::string_view::npos);
  CHECK(vigie::FindInvalidUtf8("réa €") == std::string_view::npos);
  CHECK(vigie::FindInvalidUtf8("ab\xff") == 2);
  CHECK(vigie::FindInvalidUtf8("a\xc3") == 1);              // truncated sequence
  CHECK(vigie::FindInvalidUtf8("a\xc0\xaf") == 1);          // overlong '/'
  CHECK(vigie::FindInvalidUtf8("a\xed\xa0\x80") == 1);      // UTF-16 surrogate
  CHECK(vigie::FindInvalidUtf8("caf\xe9 latin-1") == 3);    // Windows-1252 'é'
}

TEST_CASE("code points are counted, not bytes", "[base][source]") {
  CHECK(vigie::CountCodePoints("réa") == 3);
  CHECK(vigie::CountCodePoints("€") == 1);
  CHECK(vigie::CountCodePoints("") == 0);
}
