#pragma once
// Front door of readers' accounts: sign-up, sign-in with throttling,
// sessions, sign-out. Pages and the API call only this; storage is
// store::UserStore.
//
// Failures are values whose message is a stable code that pages translate
// through the catalogue ("account_error_" + code):
//   email_invalid, name_invalid, name_length, password_short, password_long,
//   password_weak (libpwquality refuses it: see password_quality.h),
//   email_taken, name_taken        (ErrorCode::invalid_input / conflict)
//   wrong_credentials              (ErrorCode::unauthorized)
//   throttled, rate_limited        (ErrorCode::rate_limited, with retry_after)

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "comments/password_quality.h"
#include "comments/rate_limit.h"
#include "comments/secrets.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/users.h"

namespace depeche::comments {

inline constexpr std::size_t kMaxEmailBytes = 254;
inline constexpr std::size_t kMinNameChars = 3;
inline constexpr std::size_t kMaxNameChars = 30;
inline constexpr std::size_t kMinPasswordChars = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;  // argon2 takes longer inputs; no need
inline constexpr std::chrono::hours kSessionLifetime{24 * 30};
// Sign-in throttling: failures counted over a sliding window, per account
// and per network address (an address shares the larger budget: offices and
// mobile networks put many readers behind one).
inline constexpr std::chrono::minutes kSignInWindow{15};
inline constexpr int kMaxFailuresPerAccount = 5;
inline constexpr int kMaxFailuresPerAddress = 20;

struct Credentials {
  std::string email;
  std::string name;  // pseudonym; unused by sign_in
  std::string password;
};

struct Session {
  std::string token;  // goes to the browser once; only its hash is stored
  store::User user;
  Timestamp expires_at{};
};

class Accounts {
 public:
  // `cost` is the argon2id work per password (comments/secrets.h);
  // `limiter`, when given, bounds sign-ups per address (kSignUpPerAddress).
  Accounts(store::UserStore& users, const Clock& clock, PasswordCost cost = kInteractiveCost,
           RateLimiter* limiter = nullptr);

  // Checks and stores a new account with `role`; the first admin is made
  // this way by `depeche user add`.
  Result<store::User> create(const Credentials& c, store::Role role);
  // A new reader, signed in at once. `address` is the client's network
  // address, for the sign-up limit (rate_limited with retry_after).
  Result<Session> sign_up(const Credentials& c, std::string_view address = {});
  // `address` is the client's network address, for throttling. Unknown
  // email and wrong password fail alike, in about the same time.
  Result<Session> sign_in(std::string_view email, std::string_view password,
                          std::string_view address);
  Status sign_out(std::string_view token);
  // The signed-in user of a session token; nullopt for none, expired or
  // unknown tokens.
  Result<std::optional<store::User>> user_for(std::string_view token);
  Result<std::optional<store::User>> find(std::int64_t id) { return users_.by_id(id); }
  // Deletes the account of `user` once `password` proves it is theirs
  // (wrong_credentials otherwise). Their comments stay, without an author;
  // their sessions, reports' names and sanctions go.
  Status remove(const store::User& user, std::string_view password);

  // The keys under which uniqueness is checked (exposed for tests and the
  // CLI): lower-case email; NFC, case-folded pseudonym.
  static std::string email_key(std::string_view email);
  static std::string name_key(std::string_view name);

 private:
  Result<Session> open_session(const store::User& u);
  Status throttle(const std::string& account_key, const std::string& address_key);

  store::UserStore& users_;
  const Clock& clock_;
  PasswordCost cost_;
  RateLimiter* limiter_;
  std::unique_ptr<PasswordQuality> quality_ =
      std::make_unique<PasswordQuality>(static_cast<int>(kMinPasswordChars));
  std::string dummy_hash_;  // verified against when the email is unknown
};

}  // namespace depeche::comments
