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
//   current_password_wrong         (ErrorCode::forbidden: a password change)
//   confirmation_mismatch          (ErrorCode::invalid_input: a password change)
//   email_missing, password_missing (sign_in_problems: a sign-in form left empty)
//
// Forms show every problem of a submission at once: the calls that take a
// `FieldErrors* every` fill it with each input at fault (core/field_errors.h)
// and still return the first problem as the one Error the JSON API answers.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "comments/password_quality.h"
#include "comments/rate_limit.h"
#include "comments/secrets.h"
#include "core/clock.h"
#include "core/field_errors.h"
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
// How often the server forgets expired sessions and failures older than
// kSignInWindow (forget_expired): each visit may add a row to either.
inline constexpr std::chrono::minutes kForgetExpiredEvery{10};

struct Credentials {
  std::string email;
  std::string name;  // pseudonym; unused by sign_in
  std::string password;
};

// A change of password as a form or the API asks it.
struct PasswordChange {
  std::string current;
  std::string replacement;
  std::optional<std::string> confirmation;  // forms ask twice; the API does not
};

// The one Error of a field error, as the single-error API answers it:
// conflict for *_taken, forbidden for current_password_wrong, invalid_input
// otherwise.
Error error_of(const FieldError& f);

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
  // address, for the sign-up limit (rate_limited with retry_after). When
  // `every` is given and the credentials are refused, it receives every
  // input at fault (fields "email", "name", "password"; taken keys are
  // looked up too); the returned error is then the first format problem, or
  // the first taken key when the format is right, as without `every`.
  Result<Session> sign_up(const Credentials& c, std::string_view address = {},
                          FieldErrors* every = nullptr);
  // The inputs of a sign-in form left empty (email_missing,
  // password_missing), to show before sign_in, which would only say
  // wrong_credentials and count a failure.
  static FieldErrors sign_in_problems(std::string_view email, std::string_view password);
  // `address` is the client's network address, for throttling. Unknown
  // email and wrong password fail alike, in about the same time.
  Result<Session> sign_in(std::string_view email, std::string_view password,
                          std::string_view address);
  Status sign_out(std::string_view token);
  // Forgets the sessions that have expired and the failed sign-ins older
  // than kSignInWindow, which no longer count: without it both tables grow
  // with every sign-in, guessed password and abandoned browser.
  Status forget_expired();
  // The signed-in user of a session token; nullopt for none, expired or
  // unknown tokens.
  Result<std::optional<store::User>> user_for(std::string_view token);
  Result<std::optional<store::User>> find(std::int64_t id) { return users_.by_id(id); }
  // Deletes the account of `user` once `password` proves it is theirs
  // (wrong_credentials otherwise). Their comments stay, without an author;
  // their sessions, reports' names and sanctions go. When `every` is given
  // and the password is refused, it receives the field at fault ("password":
  // password_missing or current_password_wrong, as a form says it).
  Status remove(const store::User& user, std::string_view password, FieldErrors* every = nullptr);
  // Replaces the password of `user` once `change.current` proves it is
  // theirs (current_password_wrong otherwise, counted like a failed sign-in
  // of the account and of `address`: throttled). The new password follows
  // the sign-up rules (password_short, password_long, password_weak) and
  // must equal the confirmation when there is one (confirmation_mismatch).
  // On success every other session of the user ends; the one of
  // `keep_token` (the caller's own) stays. When `every` is given and the
  // change is refused for its inputs, it receives each of them (fields
  // "current_password", "new_password", "confirmation"); the returned error
  // is the first.
  Status change_password(const store::User& user, const PasswordChange& change,
                         std::string_view keep_token, std::string_view address,
                         FieldErrors* every = nullptr);

  // The keys under which uniqueness is checked (exposed for tests and the
  // CLI): lower-case email; NFC, case-folded pseudonym.
  static std::string email_key(std::string_view email);
  static std::string name_key(std::string_view name);

 private:
  // Credentials as they would be stored, and the first format problem of
  // each input, in the form's order.
  struct Checked {
    std::string email;
    std::string name;
    FieldErrors problems;
  };
  Checked check(const Credentials& c) const;
  // The first problem of a new password ("" when none); `name` and `email`
  // are those of its account, which it must not be built on.
  std::string password_problem(std::string_view password, std::string_view name,
                               std::string_view email) const;
  // Adds the taken email and pseudonym to `checked.problems`, each after
  // its input's place, for the inputs whose format is right.
  Status add_taken(Checked& checked);
  Result<store::User> create_checked(const Credentials& c, store::Role role, FieldErrors* every);
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
