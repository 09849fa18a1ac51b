#include "engine/base/sha256.h"

#include <catch2/catch.hpp>

namespace vigie {
namespace {

// FIPS 180-2, appendix B.1: SHA-256("abc").
constexpr const char* kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST_CASE("SHA-256 of bytes given at once or piece by piece", "[base][sha256]") {
  CHECK(Sha256Hex("abc") == kAbc);
  Sha256Stream stream;
  stream.Add("a");
  stream.Add("");
  stream.Add("bc");
  CHECK(stream.Hex() == kAbc);
  Sha256Stream empty;
  CHECK(empty.Hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace vigie
