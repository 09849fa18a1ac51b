// Passwords and secrets of `vigie serve`, with libsodium: a password is kept only as an Argon2id
// string (crypto_pwhash_str), tokens are random bytes from the system's generator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::serve {

// The cost of one password hash. Interactive() is what `vigie user add` uses: libsodium's
// crypto_pwhash_OPSLIMIT_INTERACTIVE (2 passes) and MEMLIMIT_INTERACTIVE (64 MiB), one lane,
// about 0.1 s on a current CPU; the salt (16 bytes) and the cost are written into the string, so a
// store keeps verifying old hashes after the default changes. Minimal() is for tests only.
struct PasswordCost {
  uint64_t passes;
  size_t memory_bytes;
  static PasswordCost Interactive();
  static PasswordCost Minimal();
};

// "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>"; empty when the hash could not be computed (no memory).
std::string HashPassword(std::string_view password, const PasswordCost& cost = PasswordCost::Interactive());

// True when `password` is the one `hash` was made from (constant time in the password).
bool VerifyPassword(std::string_view password, const std::string& hash);

// `bytes` random bytes from the system's generator, as lower-case hex (2 * bytes characters).
std::string RandomHex(size_t bytes);

// The shortest password `vigie user add` accepts, in characters (ANSSI's guide for passwords
// protected by a slow hash and rate-limited sign-in: 12 or more).
inline constexpr size_t kMinimumPasswordLength = 12;

}  // namespace vigie::serve
