#pragma once
// Passwords and random tokens, through libsodium. Nothing here keeps state
// besides what libsodium initialises once (sodium_init is idempotent).

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace depeche::comments {

// How hard argon2id works per password. kInteractiveCost is libsodium's
// interactive level (64 MiB, 2 passes): about a tenth of a second per
// sign-in on one core, which is the point. kTestCost is for tests only.
struct PasswordCost {
  unsigned long long ops;
  std::size_t memory_bytes;
};
extern const PasswordCost kInteractiveCost;
extern const PasswordCost kTestCost;

// An argon2id string (algorithm, parameters, salt and hash in one) for
// storage. Fails only when memory cannot be had.
Result<std::string> hash_password(std::string_view password, const PasswordCost& cost);
// Whether `password` matches the stored argon2id string; constant time in
// the password.
bool verify_password(std::string_view password, const std::string& stored);

// `bytes` random bytes from the system's generator, as URL-safe base64
// without padding (43 characters for 32 bytes).
std::string random_token(std::size_t bytes = 32);
// The form in which a token is stored: BLAKE2b-256 in hex. A leaked
// database then holds no usable session.
std::string token_hash(std::string_view token);
// Compares two secrets in time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace depeche::comments
