#include "comments/accounts.h"

#include "comments/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace depeche::comments {
namespace {

Error invalid(std::string code) {
  return make_error(ErrorCode::invalid_input, std::move(code));
}

std::string nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString out = n->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))),
      status);
  std::string utf8;
  if (U_SUCCESS(status)) out.toUTF8String(utf8);
  return utf8;
}

// One '@', a non-empty local part, a dotted domain, no spaces or controls:
// enough to catch typing mistakes; the address is proven only by mail.
bool plausible_email(std::string_view e) {
  if (e.empty() || e.size() > kMaxEmailBytes) return false;
  auto at = e.find('@');
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  auto domain = e.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == 0 || dot == std::string_view::npos || domain.back() == '.') return false;
  return std::none_of(e.begin(), e.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' || c == ',';
  });
}

// Letters (any script), digits, spaces inside, and - _ . ' as separators.
bool valid_name(const std::string& name) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(name);
  if (u.isBogus() || u.length() == 0) return false;
  if (u_isspace(u.char32At(0)) || u_isspace(u.char32At(u.length() - 1))) return false;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    UChar32 c = u.char32At(i);
    bool ok = u_isalnum(c) || c == ' ' || c == '-' || c == '_' || c == '.' || c == '\'' ||
              c == 0x2019;  // typographic apostrophe
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Accounts::Accounts(store::UserStore& users, const Clock& clock, PasswordCost cost,
                   RateLimiter* limiter)
    : users_(users), clock_(clock), cost_(cost), limiter_(limiter) {
  auto dummy = hash_password(random_token(), cost_);
  if (dummy) dummy_hash_ = std::move(dummy).value();
}

std::string Accounts::email_key(std::string_view email) {
  std::string key(email);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

std::string Accounts::name_key(std::string_view name) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(nfc(name));
  u.foldCase();
  std::string key;
  u.toUTF8String(key);
  return key;
}

Error error_of(const FieldError& f) {
  if (f.code.ends_with("_taken")) return make_error(ErrorCode::conflict, f.code);
  if (f.code == "current_password_wrong") return make_error(ErrorCode::forbidden, f.code);
  return invalid(f.code);
}

std::string Accounts::password_problem(std::string_view password, std::string_view name,
                                       std::string_view email) const {
  if (password.size() > kMaxPasswordBytes) return "password_long";
  if (code_points(password) < kMinPasswordChars) return "password_short";
  if (quality_->weak(password, name, email)) return "password_weak";
  return {};
}

Accounts::Checked Accounts::check(const Credentials& c) const {
  Checked k;
  k.email = c.email;
  k.email.erase(0, k.email.find_first_not_of(" \t"));
  k.email.erase(k.email.find_last_not_of(" \t") + 1);
  if (!plausible_email(k.email)) k.problems.push_back({"email", "email_invalid"});
  k.name = nfc(c.name);
  std::size_t n = code_points(k.name);
  if (n < kMinNameChars || n > kMaxNameChars) {
    k.problems.push_back({"name", "name_length"});
  } else if (!valid_name(k.name)) {
    k.problems.push_back({"name", "name_invalid"});
  }
  if (auto p = password_problem(c.password, k.name, k.email); !p.empty()) {
    k.problems.push_back({"password", p});
  }
  return k;
}

Status Accounts::add_taken(Checked& k) {
  auto faulty = [&](std::string_view field) {
    return std::any_of(k.problems.begin(), k.problems.end(),
                       [&](const FieldError& f) { return f.field == field; });
  };
  // Inserted at the input's place: email first, then the pseudonym.
  auto at = k.problems.begin();
  if (!faulty("email")) {
    if (DEPECHE_TRY(users_.by_email_key(email_key(k.email)))) {
      at = k.problems.insert(at, {"email", "email_taken"}) + 1;
    }
  } else {
    ++at;
  }
  if (!faulty("name") && DEPECHE_TRY(users_.by_name_key(name_key(k.name)))) {
    k.problems.insert(at, {"name", "name_taken"});
  }
  return {};
}

Result<store::User> Accounts::create(const Credentials& c, store::Role role) {
  return create_checked(c, role, nullptr);
}

Result<store::User> Accounts::create_checked(const Credentials& c, store::Role role,
                                             FieldErrors* every) {
  Checked k = check(c);
  // The single error stays what it always was: format before taken keys.
  std::optional<Error> first;
  if (!k.problems.empty()) first = error_of(k.problems.front());
  if (every) {
    DEPECHE_TRY(add_taken(k));
    if (!first && !k.problems.empty()) first = error_of(k.problems.front());
    *every = k.problems;
  }
  if (first) return *first;

  store::NewUser u;
  u.email = k.email;
  u.email_key = email_key(k.email);
  u.name = k.name;
  u.name_key = name_key(k.name);
  u.role = role;
  u.password_hash = DEPECHE_TRY(hash_password(c.password, cost_));
  u.created_at = clock_.now();
  auto id = users_.create(u);
  if (!id) {
    if (id.error().code == ErrorCode::conflict) {
      // Another sign-up took the key since add_taken looked.
      FieldError taken{id.error().message, id.error().message + "_taken"};
      if (every) *every = {taken};
      return error_of(taken);
    }
    return std::move(id).error();
  }
  return store::User{*id, u.email, u.name, u.role, u.password_hash, u.created_at};
}

Result<Session> Accounts::sign_up(const Credentials& c, std::string_view address,
                                  FieldErrors* every) {
  if (limiter_ && !address.empty()) {
    DEPECHE_TRY(limiter_->hit("signup:addr:" + std::string(address), kSignUpPerAddress));
  }
  auto user = DEPECHE_TRY(create_checked(c, store::Role::reader, every));
  return open_session(user);
}

FieldErrors Accounts::sign_in_problems(std::string_view email, std::string_view password) {
  FieldErrors out;
  auto blank = [](std::string_view s) { return s.find_first_not_of(" \t") == s.npos; };
  if (blank(email)) out.push_back({"email", "email_missing"});
  if (password.empty()) out.push_back({"password", "password_missing"});
  return out;
}

Status Accounts::throttle(const std::string& account_key, const std::string& address_key) {
  Timestamp since = clock_.now() - kSignInWindow;
  auto by_account = DEPECHE_TRY(users_.failures_since(account_key, since));
  auto by_address = DEPECHE_TRY(users_.failures_since(address_key, since));
  if (by_account >= kMaxFailuresPerAccount || by_address >= kMaxFailuresPerAddress) {
    Error e = make_error(ErrorCode::rate_limited, "throttled");
    e.retry_after = std::chrono::duration_cast<std::chrono::seconds>(kSignInWindow);
    return e;
  }
  return {};
}

Result<Session> Accounts::sign_in(std::string_view email, std::string_view password,
                                  std::string_view address) {
  std::string key = email_key(email);
  std::string account_key = "account:" + key;
  std::string address_key = "address:" + std::string(address);
  DEPECHE_TRY(throttle(account_key, address_key));
  auto user = DEPECHE_TRY(users_.by_email_key(key));
  bool ok = password.size() <= kMaxPasswordBytes &&
            verify_password(password, user ? user->password_hash : dummy_hash_) && user;
  if (!ok) {
    DEPECHE_TRY(users_.add_failure(account_key, clock_.now()));
    DEPECHE_TRY(users_.add_failure(address_key, clock_.now()));
    return make_error(ErrorCode::unauthorized, "wrong_credentials");
  }
  DEPECHE_TRY(users_.clear_failures(account_key));
  return open_session(*user);
}

Result<Session> Accounts::open_session(const store::User& u) {
  Session s{random_token(), u, clock_.now() + kSessionLifetime};
  DEPECHE_TRY(users_.add_session(token_hash(s.token), u.id, s.expires_at));
  return s;
}

Status Accounts::remove(const store::User& user, std::string_view password, FieldErrors* every) {
  auto current = DEPECHE_TRY(users_.by_id(user.id));
  if (!current || password.size() > kMaxPasswordBytes ||
      !verify_password(password, current->password_hash)) {
    if (every) {
      *every = {{"password", password.empty() ? "password_missing" : "current_password_wrong"}};
    }
    return make_error(ErrorCode::unauthorized, "wrong_credentials");
  }
  return users_.remove(user.id);
}

Status Accounts::change_password(const store::User& user, const PasswordChange& change,
                                 std::string_view keep_token, std::string_view address,
                                 FieldErrors* every) {
  std::string account_key = "account:" + email_key(user.email);
  std::string address_key = "address:" + std::string(address);
  DEPECHE_TRY(throttle(account_key, address_key));
  auto current = DEPECHE_TRY(users_.by_id(user.id));
  if (!current) return make_error(ErrorCode::not_found, "no such account");
  FieldErrors problems;
  if (change.current.size() > kMaxPasswordBytes ||
      !verify_password(change.current, current->password_hash)) {
    DEPECHE_TRY(users_.add_failure(account_key, clock_.now()));
    DEPECHE_TRY(users_.add_failure(address_key, clock_.now()));
    problems.push_back({"current_password", "current_password_wrong"});
  }
  if (auto p = password_problem(change.replacement, current->name, current->email); !p.empty()) {
    problems.push_back({"new_password", p});
  }
  if (change.confirmation && *change.confirmation != change.replacement) {
    problems.push_back({"confirmation", "confirmation_mismatch"});
  }
  if (!problems.empty()) {
    if (every) *every = problems;
    return error_of(problems.front());
  }
  auto hash = DEPECHE_TRY(hash_password(change.replacement, cost_));
  DEPECHE_TRY(users_.set_password(user.id, hash, keep_token.empty() ? "" : token_hash(keep_token)));
  return users_.clear_failures(account_key);
}

Status Accounts::sign_out(std::string_view token) {
  if (token.empty()) return {};
  return users_.remove_session(token_hash(token));
}

Status Accounts::forget_expired() {
  Timestamp now = clock_.now();
  DEPECHE_TRY(users_.remove_expired_sessions(now));
  return users_.remove_failures_before(now - kSignInWindow);
}

Result<std::optional<store::User>> Accounts::user_for(std::string_view token) {
  if (token.empty() || token.size() > 128) return std::optional<store::User>{};
  return users_.session_user(token_hash(token), clock_.now());
}

}  // namespace depeche::comments
