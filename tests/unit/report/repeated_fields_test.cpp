// RepeatedFields (engine/report/repeated_fields.h): a field made once per key and found again, by
// its neighbours in the order asked or by its key, never another key's.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "engine/report/repeated_fields.h"

namespace vigie::report {

TEST_CASE("RepeatedFields makes a field once per key and finds it again", "[report]") {
  RepeatedFields<2> fields;
  int made = 0;
  auto find = [&](uint64_t a, uint64_t b) {
    return std::string(fields.Find({a, b}, [&] { return ++made, std::to_string(a) + "/" + std::to_string(b); }));
  };
  CHECK(find(1, 2) == "1/2");
  CHECK(find(1, 2) == "1/2");  // the last
  CHECK(find(1, 3) == "1/3");  // one part differs: another field
  CHECK(find(2, 2) == "2/2");
  CHECK(find(1, 3) == "1/3");  // the one before the last
  CHECK(find(1, 2) == "1/2");
  CHECK(find(1, 3) == "1/3");  // the one made after the last
  CHECK(made == 3);
}

TEST_CASE("RepeatedFields finds many fields again in any order", "[report]") {
  RepeatedFields<1> fields;
  int made = 0;
  auto find = [&](uint64_t key) {
    return std::string(fields.Find({key}, [&] { return ++made, "#" + std::to_string(key); }));
  };
  for (uint64_t key = 0; key < 100; ++key) CHECK(find(key * 7) == "#" + std::to_string(key * 7));
  for (uint64_t key = 0; key < 100; ++key) CHECK(find(key * 7) == "#" + std::to_string(key * 7));  // in the same order
  for (uint64_t key = 100; key-- > 0;) CHECK(find(key * 7) == "#" + std::to_string(key * 7));  // backwards: by the index
  for (uint64_t key = 0; key < 100; key += 13) CHECK(find(key * 7) == "#" + std::to_string(key * 7));
  CHECK(made == 100);
  CHECK(find(1) == "#1");
  CHECK(made == 101);
}

TEST_CASE("RepeatedFields keeps a value of the writer's, made once per key", "[report]") {
  struct Part {
    std::string text;
    bool plain = false;
  };
  RepeatedFields<2, Part> parts;
  int made = 0;
  auto find = [&](uint64_t a, uint64_t b) -> const Part& {
    return parts.Find({a, b}, [&] { return ++made, Part{std::to_string(a + b), (a + b) % 2 == 0}; });
  };
  for (int round = 0; round < 3; ++round) {
    for (uint64_t a = 0; a < 40; ++a) {
      const Part& part = find(a, 1);
      CHECK(part.text == std::to_string(a + 1));
      CHECK(part.plain == ((a + 1) % 2 == 0));
    }
  }
  CHECK(made == 40);
  CHECK(parts.size() == 40);
}

TEST_CASE("RepeatedFields: a field whose making failed is not found, and another key is not given its place", "[report]") {
  RepeatedFields<1> fields;
  CHECK_THROWS_AS(fields.Find({1}, []() -> std::string { throw std::runtime_error("refused"); }), std::runtime_error);
  CHECK(fields.size() == 0);
  CHECK(fields.Find({2}, [] { return std::string("two"); }) == "two");
  CHECK(fields.Find({1}, [] { return std::string("one"); }) == "one");  // made now, not key 2's field
  CHECK(fields.Find({2}, [] { return std::string("again"); }) == "two");
  CHECK(fields.size() == 2);
}

}  // namespace vigie::report
