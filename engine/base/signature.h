// Ed25519 signing keys and detached signatures (libsodium), and the one-line text forms of key and
// signature files. `vigie run --sign` signs a JSON report; `vigie verify --public-key` checks it.
//
//   NAME.key          vigie-ed25519-secret-key 5f1c…(128 hex digits)
//   NAME.pub          vigie-ed25519-public-key 9a07…(64 hex digits)
//   report.json.sig   vigie-ed25519-signature 3bc2…(128 hex digits) key 9a07c3e1b2d4f5a6
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigie {

struct SigningKey {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 64 bytes (libsodium's form: the seed then the public key)
};

// A new key pair from the system's random source.
SigningKey GenerateSigningKey();

// The public half of a secret key (libsodium keeps it in the secret key's last 32 bytes).
std::string PublicKeyOf(const std::string& secret_key);

// The detached signature (64 bytes) of `message` by `secret_key` (64 bytes).
std::string SignDetached(std::string_view message, const std::string& secret_key);
// The same for a file's bytes, read through a memory map (a campaign's report is not copied into
// memory); nullopt when the file cannot be read.
std::optional<std::string> SignFile(const std::string& path, const std::string& secret_key);
// Whether `signature` (64 bytes) is `public_key`'s (32 bytes) signature of exactly `message`.
bool SignatureHolds(std::string_view message, const std::string& signature, const std::string& public_key);

// The first 16 hex digits of the SHA-256 of a public key: names the key in signature files and messages.
std::string KeyFingerprint(const std::string& public_key);

std::string SecretKeyText(const std::string& secret_key);
std::string PublicKeyText(const std::string& public_key);
std::string SignatureText(const std::string& signature, const std::string& public_key);

// The bytes in a key or signature file's text, or nullopt when it is not one (wrong header, wrong
// length, not hex). Surrounding white space is ignored.
std::optional<std::string> ParseSecretKey(std::string_view text);
std::optional<std::string> ParsePublicKey(std::string_view text);
struct ParsedSignature {
  std::string signature;        // 64 bytes
  std::string key_fingerprint;  // as written in the file
};
std::optional<ParsedSignature> ParseSignature(std::string_view text);

}  // namespace vigie
