// Ed25519 signatures of reports (libsodium): a signature holds for exactly the bytes signed and the
// key that signed them; key and signature files read back what was written.
#include <catch2/catch.hpp>

#include "engine/base/signature.h"

using namespace vigie;

TEST_CASE("a detached signature holds only for the bytes and the key that made it", "[base][signature]") {
  const SigningKey key = GenerateSigningKey(), other = GenerateSigningKey();
  CHECK(key.public_key.size() == 32);
  CHECK(key.secret_key.size() == 64);
  CHECK(PublicKeyOf(key.secret_key) == key.public_key);
  const std::string report = "{\"verdict\": \"met\"}\n";
  const std::string signature = SignDetached(report, key.secret_key);
  REQUIRE(signature.size() == 64);
  CHECK(SignatureHolds(report, signature, key.public_key));
  CHECK_FALSE(SignatureHolds("{\"verdict\": \"not_met\"}\n", signature, key.public_key));
  CHECK_FALSE(SignatureHolds(report, signature, other.public_key));
  CHECK_FALSE(SignatureHolds(report, signature.substr(1), key.public_key));
}

TEST_CASE("key and signature files read back what was written, and nothing else", "[base][signature]") {
  const SigningKey key = GenerateSigningKey();
  CHECK(ParseSecretKey(SecretKeyText(key.secret_key)) == key.secret_key);
  CHECK(ParsePublicKey(PublicKeyText(key.public_key)) == key.public_key);
  CHECK_FALSE(ParsePublicKey(SecretKeyText(key.secret_key)).has_value());  // a secret key is not a public one
  CHECK_FALSE(ParseSecretKey(PublicKeyText(key.public_key)).has_value());
  CHECK_FALSE(ParsePublicKey("vigie-ed25519-public-key 00").has_value());  // too short
  CHECK_FALSE(ParsePublicKey("root:x:0:0:root:/root:/bin/bash").has_value());
  const std::string signature = SignDetached("bytes", key.secret_key);
  const std::optional<ParsedSignature> parsed = ParseSignature(SignatureText(signature, key.public_key));
  REQUIRE(parsed.has_value());
  CHECK(parsed->signature == signature);
  CHECK(parsed->key_fingerprint == KeyFingerprint(key.public_key));
  CHECK(parsed->key_fingerprint.size() == 16);
}
