// Sentences written once and read many times, without a heap allocation each: the reasons of a
// campaign's verdicts (5 million at 5,000 entities), written into the chunks of a TextArena that the
// item holding them owns, each verdict keeping an ArenaText of 16 bytes (issue 17).
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace vigie {

// Texts appended one after another into chunks that never move: a text added stays where it is for
// the life of the arena. One writer at a time (an item's verdicts are judged by one thread).
class TextArena {
 public:
  // A copy of `text` in the arena.
  std::string_view Add(std::string_view text);

 private:
  static constexpr size_t kChunk = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_ = 0, capacity_ = 0;  // of the last chunk
};
using TextArenaPtr = std::shared_ptr<TextArena>;

// A text held in a TextArena (its holder keeps the arena alive: eval::ItemResult::reasons, the
// report's TextPool), or a copy of its own (a text assigned from a std::string: an explanation of
// one verdict, a report read back). Read as a std::string_view.
class ArenaText {
 public:
  ArenaText() = default;
  ArenaText(std::string_view text) { Own(text); }  // NOLINT: a text of its own, as a std::string would be
  ArenaText(const std::string& text) : ArenaText(std::string_view(text)) {}  // NOLINT
  ArenaText(const char* text) : ArenaText(std::string_view(text)) {}  // NOLINT
  // `text` copied into `arena`.
  static ArenaText In(TextArena& arena, std::string_view text);

  ArenaText(const ArenaText& other) { other.owned_ ? Own(other.view()) : Share(other); }
  ArenaText(ArenaText&& other) noexcept { Share(other), other.Release(); }
  ArenaText& operator=(const ArenaText& other);
  ArenaText& operator=(ArenaText&& other) noexcept;
  ~ArenaText() { Free(); }

  std::string_view view() const { return {data_, size_}; }
  operator std::string_view() const { return view(); }  // NOLINT
  std::string str() const { return std::string(view()); }
  const char* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  friend bool operator==(const ArenaText& a, std::string_view b) { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& out, const ArenaText& t) { return out << t.view(); }

 private:
  void Own(std::string_view text);
  void Share(const ArenaText& other) { data_ = other.data_, size_ = other.size_, owned_ = other.owned_; }
  void Release() { data_ = "", size_ = 0, owned_ = false; }
  void Free() {
    if (owned_) delete[] data_;
  }
  const char* data_ = "";
  uint32_t size_ = 0;
  bool owned_ = false;  // data_ is its own (new[]), freed with it
};

}  // namespace vigie
