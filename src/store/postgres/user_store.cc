#include "store/postgres/user_store.h"

#include <utility>

namespace depeche::store::postgres {
namespace {

// Accounts: the signed-in reader of every page, by session token hash $1
// still valid at $2 (the sessions primary key answers); and a user by id,
// email key or name key (the primary key and the two unique indexes).
#define DEPECHE_USER_COLUMNS \
  "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at FROM users u "
constexpr std::string_view kSessionUser = DEPECHE_USER_COLUMNS
    "JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2";
constexpr std::string_view kUserById = DEPECHE_USER_COLUMNS "WHERE u.id = $1";
constexpr std::string_view kUserByEmailKey = DEPECHE_USER_COLUMNS "WHERE u.email_key = $1";
constexpr std::string_view kUserByNameKey = DEPECHE_USER_COLUMNS "WHERE u.name_key = $1";
#undef DEPECHE_USER_COLUMNS

// How many times create() inserts again when the account that took its
// email or name vanished before it could tell which one: a bound, so that
// a pathological race cannot keep a request looping.
constexpr int kCreateAttempts = 3;

// Times are Unix seconds (UTC) in bigint columns, as in SQLite.
std::int64_t unix_seconds(Timestamp t) {
  return t.time_since_epoch().count();
}

User read_user(const Statement& s) {
  User u;
  u.id = s.column_int(0);
  u.email = s.column_text(1);
  u.name = s.column_text(2);
  u.role = role_from_string(s.column_text(3)).value_or(Role::reader);
  u.password_hash = s.column_text(4);
  u.created_at = Timestamp{std::chrono::seconds{s.column_int(5)}};
  return u;
}

// The one user a query above finds, if any.
template <class Bind>
Result<std::optional<User>> one(Pool& pool, std::string_view sql, Bind bind) {
  auto lease = DEPECHE_TRY(pool.acquire());
  auto s = DEPECHE_TRY(lease->cached(sql));
  bind(s);
  if (!DEPECHE_TRY(s.step())) return std::optional<User>{};
  return std::optional<User>{read_user(s)};
}

// Whether a row of users holds `value` in `sql`'s column.
Result<bool> taken(Connection& db, std::string_view sql, std::string_view value) {
  auto s = DEPECHE_TRY(db.cached(sql));
  s.bind(1, value);
  DEPECHE_TRY(s.step());
  return s.column_int(0) != 0;
}


}  // namespace

Result<std::int64_t> PgUserStore::create(const NewUser& u) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  // A refused INSERT would abort a transaction, and a check made before
  // the insert could be outrun by another node: the insert itself settles
  // who takes a key (ON CONFLICT waits for a competing insert to commit),
  // and only when it wrote nothing do we ask which key was taken, the email
  // first as on SQLite, so that the caller can say which one.
  for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
    auto s = DEPECHE_TRY(lease->cached(
        "INSERT INTO users (email, email_key, name, name_key, role, password_hash, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id"));
    s.bind(1, u.email).bind(2, u.email_key).bind(3, u.name).bind(4, u.name_key);
    s.bind(5, to_string(u.role)).bind(6, u.password_hash).bind(7, unix_seconds(u.created_at));
    if (DEPECHE_TRY(s.step())) return s.column_int(0);
    if (DEPECHE_TRY(taken(*lease, "SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1)",
                          u.email_key))) {
      return make_error(ErrorCode::conflict, "email");
    }
    if (DEPECHE_TRY(
            taken(*lease, "SELECT EXISTS (SELECT 1 FROM users WHERE name_key = $1)", u.name_key))) {
      return make_error(ErrorCode::conflict, "name");
    }
  }
  // Every attempt lost its key to an account that was gone by the time we
  // looked: the address is being fought over, which is a conflict too.
  return make_error(ErrorCode::conflict, "email");
}

Result<std::optional<User>> PgUserStore::by_id(std::int64_t id) {
  return one(pool_, kUserById, [&](Statement& s) { s.bind(1, id); });
}

Result<std::optional<User>> PgUserStore::by_email_key(std::string_view email_key) {
  return one(pool_, kUserByEmailKey, [&](Statement& s) { s.bind(1, email_key); });
}

Result<std::optional<User>> PgUserStore::by_name_key(std::string_view name_key) {
  return one(pool_, kUserByNameKey, [&](Statement& s) { s.bind(1, name_key); });
}

Result<std::int64_t> PgUserStore::count() {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("SELECT count(*) FROM users"));
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Status PgUserStore::remove(std::int64_t id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  // Sessions, ban and reporter record go by ON DELETE CASCADE; comments
  // and reports keep their rows with a null author (ON DELETE SET NULL).
  auto s = DEPECHE_TRY(lease->cached("DELETE FROM users WHERE id = $1"));
  s.bind(1, id);
  DEPECHE_TRY(s.run());
  if (s.changes() == 0) return make_error(ErrorCode::not_found, "no such account");
  return {};
}

Status PgUserStore::set_password(std::int64_t id, std::string_view password_hash,
                                 std::string_view keep_token_hash) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto tx = DEPECHE_TRY(Transaction::begin(*lease));
  auto s = DEPECHE_TRY(lease->cached("UPDATE users SET password_hash = $1 WHERE id = $2"));
  s.bind(1, password_hash).bind(2, id);
  DEPECHE_TRY(s.run());
  if (s.changes() == 0) return make_error(ErrorCode::not_found, "no such account");
  // A stolen session must not outlive the password it was opened with.
  auto others =
      DEPECHE_TRY(lease->cached("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2"));
  others.bind(1, id).bind(2, keep_token_hash);
  DEPECHE_TRY(others.run());
  return tx.commit();
}

Status PgUserStore::add_session(std::string_view token_hash, std::int64_t user_id,
                                Timestamp expires_at) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)"));
  s.bind(1, token_hash).bind(2, user_id).bind(3, unix_seconds(expires_at));
  return s.run();
}

Result<std::optional<User>> PgUserStore::session_user(std::string_view token_hash, Timestamp now) {
  if (token_hash.empty()) return std::optional<User>{};
  return one(pool_, kSessionUser,
             [&](Statement& s) { s.bind(1, token_hash).bind(2, unix_seconds(now)); });
}

Status PgUserStore::remove_session(std::string_view token_hash) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("DELETE FROM sessions WHERE token_hash = $1"));
  s.bind(1, token_hash);
  return s.run();
}

Status PgUserStore::remove_expired_sessions(Timestamp now) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("DELETE FROM sessions WHERE expires_at <= $1"));
  s.bind(1, unix_seconds(now));
  return s.run();
}

Status PgUserStore::add_failure(std::string_view key, Timestamp at) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)"));
  s.bind(1, key).bind(2, unix_seconds(at));
  return s.run();
}

Result<std::int64_t> PgUserStore::failures_since(std::string_view key, Timestamp since) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("SELECT count(*) FROM sign_in_failures WHERE key = $1 AND at >= $2"));
  s.bind(1, key).bind(2, unix_seconds(since));
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Status PgUserStore::clear_failures(std::string_view key) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("DELETE FROM sign_in_failures WHERE key = $1"));
  s.bind(1, key);
  return s.run();
}

Status PgUserStore::remove_failures_before(Timestamp before) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("DELETE FROM sign_in_failures WHERE at < $1"));
  s.bind(1, unix_seconds(before));
  return s.run();
}

}  // namespace depeche::store::postgres
