// Colour on a terminal: the lines vigie prints are coloured by what they start with ("error[",
// "ok:", "PASS"...), after the fact, so the library and the goldens never see an escape code.
#pragma once

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace vigie::cli {

// Whether each stream of RunCli goes to a terminal that wants colour. main() fills it from
// isatty() and NO_COLOR; tests and every other caller leave it off.
struct Terminal {
  bool out_colour = false;
  bool err_colour = false;
  bool in_terminal = false;  // standard input is a terminal (vigie user add asks twice, without echo)
};

// The colour of the terminal for a stream: isatty(fd), and NO_COLOR unset or empty.
bool WantsColour(int fd);

// `line` (without its newline) with ANSI colours: severities and their codes, "-->" locations,
// "= help:", "ok:", "failed:", PASS/FAIL, verified / not verified, in either language.
std::string ColourLine(const std::string& line);

// While alive, the lines written to `stream` are coloured (ColourLine) as each one ends.
class ColourLines {
 public:
  explicit ColourLines(std::ostream& stream, bool enabled);
  ~ColourLines();
  ColourLines(const ColourLines&) = delete;
  ColourLines& operator=(const ColourLines&) = delete;

 private:
  class Buffer;
  std::ostream& stream_;
  std::unique_ptr<Buffer> buffer_;
  std::streambuf* original_ = nullptr;
};

}  // namespace vigie::cli
