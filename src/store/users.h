#pragma once
// Readers' accounts and sessions as the store keeps them. The rules (who
// may sign up, password hashing, throttling) live in comments/accounts.h;
// this is storage only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace depeche::store {

enum class Role { reader, moderator, admin };

const char* to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

struct User {
  std::int64_t id = 0;
  std::string email;  // as typed, for mail; unique by email_key
  std::string name;   // the pseudonym readers see; unique by name_key
  Role role = Role::reader;
  std::string password_hash;  // libsodium's argon2id string, never the password
  Timestamp created_at{};
};

struct NewUser {
  std::string email, email_key;  // key: the case-folded form compared for uniqueness
  std::string name, name_key;
  Role role = Role::reader;
  std::string password_hash;
  Timestamp created_at{};
};

// Thread-safe. Session tokens are stored only as hashes, so a leaked
// database does not let anyone sign in.
class UserStore {
 public:
  virtual ~UserStore() = default;
  // Fails with ErrorCode::conflict (message "email" or "name") when the
  // email key or the name key is taken.
  virtual Result<std::int64_t> create(const NewUser& u) = 0;
  virtual Result<std::optional<User>> by_id(std::int64_t id) = 0;
  virtual Result<std::optional<User>> by_email_key(std::string_view email_key) = 0;
  virtual Result<std::optional<User>> by_name_key(std::string_view name_key) = 0;
  virtual Result<std::int64_t> count() = 0;
  // Deletes an account, its sessions and ban; its comments stay, without
  // an author (shown as from a deleted account).
  virtual Status remove(std::int64_t id) = 0;
  // Replaces the password hash of account `id` and, in the same
  // transaction, forgets every session of that account but the one whose
  // hash is `keep_token_hash` (all of them when it is empty). not_found when
  // there is no such account.
  virtual Status set_password(std::int64_t id, std::string_view password_hash,
                              std::string_view keep_token_hash) = 0;

  virtual Status add_session(std::string_view token_hash, std::int64_t user_id,
                             Timestamp expires_at) = 0;
  // The user of a session that has not expired at `now`.
  virtual Result<std::optional<User>> session_user(std::string_view token_hash, Timestamp now) = 0;
  virtual Status remove_session(std::string_view token_hash) = 0;
  // Forgets every session that expired before `now`.
  virtual Status remove_expired_sessions(Timestamp now) = 0;

  // Failed sign-ins, by a key such as "email:…" or "addr:…".
  virtual Status add_failure(std::string_view key, Timestamp at) = 0;
  virtual Result<std::int64_t> failures_since(std::string_view key, Timestamp since) = 0;
  virtual Status clear_failures(std::string_view key) = 0;
  // Forgets the failures of every key recorded before `before`.
  virtual Status remove_failures_before(Timestamp before) = 0;
};

}  // namespace depeche::store
