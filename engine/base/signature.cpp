#include "engine/base/signature.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <vector>

#include "engine/base/sha256.h"

namespace vigie {
namespace {

constexpr std::string_view kSecretHeader = "vigie-ed25519-secret-key";
constexpr std::string_view kPublicHeader = "vigie-ed25519-public-key";
constexpr std::string_view kSignatureHeader = "vigie-ed25519-signature";

// libsodium must be initialised once before use; sodium_init is safe to call again.
void InitSodium() {
  if (sodium_init() < 0) std::abort();  // no usable random source: nothing can be signed safely
}

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex, size_t bytes) {
  if (hex.size() != 2 * bytes) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int value = 0;
    for (char c : hex.substr(i, 2)) {
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + digit;
    }
    out += static_cast<char>(value);
  }
  return out;
}

// The words of a one-line file, white space around them ignored.
std::vector<std::string> Words(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

std::optional<std::string> ParseKey(std::string_view text, std::string_view header, size_t bytes) {
  const std::vector<std::string> words = Words(text);
  if (words.size() != 2 || words[0] != header) return std::nullopt;
  return FromHex(words[1], bytes);
}

}  // namespace

SigningKey GenerateSigningKey() {
  InitSodium();
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(public_key, secret_key);
  SigningKey key{std::string(reinterpret_cast<char*>(public_key), sizeof public_key),
                 std::string(reinterpret_cast<char*>(secret_key), sizeof secret_key)};
  sodium_memzero(secret_key, sizeof secret_key);
  return key;
}

std::string PublicKeyOf(const std::string& secret_key) {
  if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return "";
  return secret_key.substr(crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES);
}

std::string SignDetached(std::string_view message, const std::string& secret_key) {
  InitSodium();
  unsigned char signature[crypto_sign_BYTES];
  if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return "";
  crypto_sign_detached(signature, nullptr, Bytes(message), message.size(), Bytes(secret_key));
  return std::string(reinterpret_cast<char*>(signature), sizeof signature);
}

std::optional<std::string> SignFile(const std::string& path, const std::string& secret_key) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  const size_t size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return SignDetached("", secret_key);
  }
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) return std::nullopt;
  std::string signature = SignDetached(std::string_view(static_cast<const char*>(mapped), size), secret_key);
  ::munmap(mapped, size);
  return signature;
}

bool SignatureHolds(std::string_view message, const std::string& signature, const std::string& public_key) {
  InitSodium();
  if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(), Bytes(public_key)) == 0;
}

std::string KeyFingerprint(const std::string& public_key) { return Sha256Hex(public_key).substr(0, 16); }

std::string SecretKeyText(const std::string& secret_key) {
  return std::string(kSecretHeader) + " " + Hex(secret_key) + "\n";
}

std::string PublicKeyText(const std::string& public_key) {
  return std::string(kPublicHeader) + " " + Hex(public_key) + "\n";
}

std::string SignatureText(const std::string& signature, const std::string& public_key) {
  return std::string(kSignatureHeader) + " " + Hex(signature) + " key " + KeyFingerprint(public_key) + "\n";
}

std::optional<std::string> ParseSecretKey(std::string_view text) {
  return ParseKey(text, kSecretHeader, crypto_sign_SECRETKEYBYTES);
}

std::optional<std::string> ParsePublicKey(std::string_view text) {
  return ParseKey(text, kPublicHeader, crypto_sign_PUBLICKEYBYTES);
}

std::optional<ParsedSignature> ParseSignature(std::string_view text) {
  const std::vector<std::string> words = Words(text);
  if (words.size() != 4 || words[0] != kSignatureHeader || words[2] != "key") return std::nullopt;
  std::optional<std::string> signature = FromHex(words[1], crypto_sign_BYTES);
  if (!signature) return std::nullopt;
  return ParsedSignature{*signature, words[3]};
}

}  // namespace vigie
