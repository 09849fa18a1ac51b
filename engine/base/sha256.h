// SHA-256 of bytes or of a file, as lowercase hex: the fingerprint of every imported file and
// evidence document.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigie {

std::string Sha256Hex(std::string_view bytes);
// nullopt when the file cannot be read.
std::optional<std::string> Sha256OfFile(const std::string& path);

}  // namespace vigie
