// Texts that many verdicts repeat (an entity's id and name, a period, an item's name, a verdict, an
// indicator, a unit...) held once in a TextPool, each verdict's detail (eval::Detail) and report row
// pointing at them: a campaign has millions of verdicts, and a string per field made its memory
// (issue 17).
#pragma once

#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/base/text_arena.h"

namespace vigie {

// One text of a pool: a pointer to it (8 bytes), read as a const std::string. Made by
// TextPool::Intern, or from a string literal (kept for the life of the program: the fixed
// vocabularies, tests). It lives as long as its pool: every Contract and Item whose rows point into a
// pool holds it (Contract::texts), so a copy of either keeps its texts alive.
class Text {
 public:
  Text() : text_(&Empty()) {}
  // A literal (`row.comparator = ">="`), interned for the life of the program. Only an array binds
  // here, never a `const char*` of a runtime text: that would grow the program's pool for good (a
  // runtime text goes into the report's pool, TextPool::Intern).
  template <size_t N>
  Text(const char (&literal)[N]) : Text(Static(std::string_view(literal))) {}  // NOLINT
  explicit Text(const std::string* pooled) : text_(pooled) {}
  // A text of a fixed or bounded vocabulary, kept for the life of the program: a verdict's name, a
  // comparator, and the names a verdict's inputs read (an entity's id, an indicator, a role, a
  // missing code: eval::InputRead, whose details may outlive the data and the run). A program that
  // runs many times (`vigie serve`) adds only the names it has never seen: kilobytes.
  static Text Static(std::string_view text);

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }  // NOLINT
  operator std::string_view() const { return *text_; }    // NOLINT
  bool empty() const { return text_->empty(); }
  size_t size() const { return text_->size(); }
  const char* data() const { return text_->data(); }
  const char* c_str() const { return text_->c_str(); }
  auto begin() const { return text_->begin(); }
  auto end() const { return text_->end(); }
  std::string substr(size_t pos, size_t n = std::string::npos) const { return text_->substr(pos, n); }
  size_t find(std::string_view what, size_t pos = 0) const { return text_->find(what, pos); }
  bool starts_with(std::string_view prefix) const { return text_->starts_with(prefix); }
  bool ends_with(std::string_view suffix) const { return text_->ends_with(suffix); }
  size_t rfind(std::string_view what, size_t pos = std::string::npos) const { return text_->rfind(what, pos); }
  char operator[](size_t i) const { return (*text_)[i]; }
  char front() const { return text_->front(); }
  char back() const { return text_->back(); }

  friend bool operator==(const Text& a, const Text& b) { return a.text_ == b.text_ || *a.text_ == *b.text_; }
  friend bool operator==(const Text& a, std::string_view b) { return *a.text_ == b; }
  friend bool operator==(const Text& a, const char* b) { return *a.text_ == b; }
  friend bool operator==(const Text& a, const std::string& b) { return *a.text_ == b; }
  friend std::strong_ordering operator<=>(const Text& a, const Text& b) { return *a.text_ <=> *b.text_; }
  friend std::strong_ordering operator<=>(const Text& a, std::string_view b) { return std::string_view(*a.text_) <=> b; }
  friend std::strong_ordering operator<=>(const Text& a, const std::string& b) { return *a.text_ <=> b; }
  friend std::string operator+(const std::string& a, const Text& b) { return a + *b.text_; }
  friend std::string operator+(std::string&& a, const Text& b) { return std::move(a) + *b.text_; }
  friend std::string operator+(const Text& a, const std::string& b) { return *a.text_ + b; }
  friend std::string operator+(const char* a, const Text& b) { return a + *b.text_; }
  friend std::string operator+(const Text& a, const char* b) { return *a.text_ + b; }
  friend std::string operator+(const Text& a, const Text& b) { return *a.text_ + *b.text_; }
  friend std::ostream& operator<<(std::ostream& out, const Text& t) { return out << *t.text_; }

 private:
  // Inline, without a guard: every row and input starts with texts made empty, and a campaign makes
  // millions (a call per text was a sixth of the report's rows' time). g++ initializes it as a
  // constant (std::string's constructor is constexpr), so a Text made during another file's static
  // initialization sees it made; not `constinit`: clang cannot evaluate libstdc++ 12's constructor
  // at compile time (CI's sanitized build), and initializes it before main.
  static const std::string& Empty() { return kEmpty; }
  static inline const std::string kEmpty{};
  const std::string* text_;
};

// The texts of one report, each held once; Intern may be called from several threads.
class TextPool {
 public:
  Text Intern(std::string_view text);
  // Keeps `arena` alive as long as the pool: the reasons of the rows (VerdictRow::reason) point into
  // their run item's arena (eval::ItemResult::reasons), so whatever keeps the pool keeps them.
  void Hold(TextArenaPtr arena);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::mutex lock_;
  std::unordered_set<std::string, Hash, std::equal_to<>> texts_;  // a set's elements never move
  std::vector<TextArenaPtr> arenas_;
};
using TextPoolPtr = std::shared_ptr<TextPool>;

// A number a verdict may not have (measured, target, a band's limits) in 8 bytes, not the 16 of a
// std::optional<double>: "none" is one NaN no computation gives (a signalling NaN's payload).
class OptionalNumber {
 public:
  OptionalNumber() = default;
  OptionalNumber(std::nullopt_t) {}                                                  // NOLINT
  OptionalNumber(double value) : bits_(std::bit_cast<uint64_t>(value)) {}            // NOLINT
  OptionalNumber(const std::optional<double>& value) { if (value) bits_ = std::bit_cast<uint64_t>(*value); }  // NOLINT
  bool has_value() const { return bits_ != kNone; }
  explicit operator bool() const { return has_value(); }
  double operator*() const { return std::bit_cast<double>(bits_); }
  double value() const { return std::bit_cast<double>(bits_); }
  double value_or(double other) const { return has_value() ? value() : other; }
  void reset() { bits_ = kNone; }
  operator std::optional<double>() const { return has_value() ? std::optional<double>(value()) : std::nullopt; }  // NOLINT
  friend bool operator==(const OptionalNumber& a, const OptionalNumber& b) {
    return a.bits_ == b.bits_ || (a.has_value() && b.has_value() && *a == *b);
  }

 private:
  static constexpr uint64_t kNone = 0x7ff4'd1ce'0000'0001ULL;
  uint64_t bits_ = kNone;
};

}  // namespace vigie
