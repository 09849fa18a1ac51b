#include "engine/cli/colour.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "engine/base/text.h"

namespace vigie::cli {
namespace {

constexpr const char* kRed = "\033[1;31m";
constexpr const char* kYellow = "\033[1;33m";
constexpr const char* kGreen = "\033[1;32m";
constexpr const char* kBlue = "\033[1;34m";
constexpr const char* kCyan = "\033[1;36m";
constexpr const char* kReset = "\033[0m";

std::string Paint(const char* colour, std::string_view text) { return colour + std::string(text) + kReset; }

}  // namespace

bool WantsColour(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && no_colour[0] != '\0') return false;
  return ::isatty(fd) == 1;
}

std::string ColourLine(const std::string& line) {
  // "error[V2001]: ..." / "erreur[V2001] : ...": the severity and its code.
  for (const auto& [word, colour] : {std::pair{Tr("error"), kRed}, {Tr("warning"), kYellow}, {Tr("note"), kCyan}}) {
    const std::string prefix = std::string(word) + "[";
    if (line.starts_with(prefix)) {
      const size_t end = line.find(']');
      if (end != std::string::npos) return Paint(colour, line.substr(0, end + 1)) + line.substr(end + 1);
    }
  }
  if (const size_t arrow = line.find("--> "); arrow != std::string::npos && line.find_first_not_of(' ') == arrow) {
    return line.substr(0, arrow) + Paint(kBlue, "-->") + line.substr(arrow + 3);
  }
  if (const size_t equal = line.find("= "); equal != std::string::npos && line.find_first_not_of(' ') == equal) {
    const size_t colon = line.find(':', equal);
    if (colon != std::string::npos) return line.substr(0, equal) + Paint(kCyan, line.substr(equal, colon - equal + 1)) + line.substr(colon + 1);
  }
  // Outcomes: the first word of the line.
  for (const auto& [word, colour] :
       {std::pair{std::string_view("PASS"), kGreen}, {std::string_view("FAIL"), kRed}, {Tr("ok:"), kGreen},
        {Tr("failed:"), kRed}, {Tr("rejected:"), kRed}, {Tr("not verified:"), kRed}, {Tr("verified:"), kGreen}}) {
    if (line.starts_with(word)) return Paint(colour, word) + line.substr(word.size());
  }
  return line;
}

class ColourLines::Buffer : public std::streambuf {
 public:
  explicit Buffer(std::streambuf* target) : target_(target) {}
  ~Buffer() override { Flush(); }
  void Flush() {
    if (line_.empty()) return;
    const std::string coloured = ColourLine(line_);
    target_->sputn(coloured.data(), static_cast<std::streamsize>(coloured.size()));
    line_.clear();
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    if (c == '\n') {
      Flush();
      target_->sputc('\n');
    } else {
      line_ += static_cast<char>(c);
    }
    return c;
  }
  int sync() override {
    Flush();
    return target_->pubsync();
  }

 private:
  std::streambuf* target_;
  std::string line_;
};

ColourLines::ColourLines(std::ostream& stream, bool enabled) : stream_(stream) {
  if (!enabled) return;
  buffer_ = std::make_unique<Buffer>(stream.rdbuf());
  original_ = stream.rdbuf(buffer_.get());
}

ColourLines::~ColourLines() {
  if (!buffer_) return;
  buffer_->Flush();
  stream_.rdbuf(original_);
}

}  // namespace vigie::cli
