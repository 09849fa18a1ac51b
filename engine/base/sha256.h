// SHA-256 of bytes or of a file, as lowercase hex: the fingerprint of every imported file and
// evidence document.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigie {

std::string Sha256Hex(std::string_view bytes);
// nullopt when the file cannot be read.
std::optional<std::string> Sha256OfFile(const std::string& path);

// SHA-256 of bytes given piece by piece (a sealed run's millions of verdicts, never held at once).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Add(std::string_view bytes);
  // The digest of everything added, as lowercase hex; the stream is spent.
  std::string Hex();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace vigie
