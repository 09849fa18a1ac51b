#include "engine/base/sha256.h"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <vector>

namespace vigie {
namespace {

struct DigestContext {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  DigestContext() { EVP_DigestInit_ex(context, EVP_sha256(), nullptr); }
  ~DigestContext() { EVP_MD_CTX_free(context); }
  void Update(const void* data, size_t size) { EVP_DigestUpdate(context, data, size); }
  std::string HexFinal() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context, digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
      out += kHex[digest[i] >> 4];
      out += kHex[digest[i] & 0xF];
    }
    return out;
  }
};

}  // namespace

struct Sha256Stream::Context : DigestContext {};
Sha256Stream::Sha256Stream() : context_(std::make_unique<Context>()) {}
Sha256Stream::~Sha256Stream() = default;
void Sha256Stream::Add(std::string_view bytes) { context_->Update(bytes.data(), bytes.size()); }
std::string Sha256Stream::Hex() { return context_->HexFinal(); }

std::string Sha256Hex(std::string_view bytes) {
  DigestContext digest;
  digest.Update(bytes.data(), bytes.size());
  return digest.HexFinal();
}

std::optional<std::string> Sha256OfFile(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) return std::nullopt;
  DigestContext digest;
  std::vector<char> buffer(1 << 16);
  while (stream) {
    stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    digest.Update(buffer.data(), static_cast<size_t>(stream.gcount()));
  }
  if (stream.bad()) return std::nullopt;
  return digest.HexFinal();
}

}  // namespace vigie
