#include "store/sqlite/user_store.h"

#include "store/sqlite/columns.h"
#include "store/sqlite/hot_sql.h"

namespace depeche::store::sqlite {
namespace {

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

// The one user a query of hot_sql.h finds, if any.
template <class Bind>
Result<std::optional<User>> one(Pool& pool, std::string_view sql, Bind bind) {
  auto lease = DEPECHE_TRY(pool.acquire());
  auto s = DEPECHE_TRY(lease->cached(sql));
  bind(s);
  if (!DEPECHE_TRY(s.step())) return std::optional<User>{};
  return std::optional<User>{read_user(s)};
}

}  // namespace

Result<std::int64_t> SqliteUserStore::create(const NewUser& u) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  DEPECHE_TRY(lease->exec("BEGIN IMMEDIATE"));
  auto inserted = [&]() -> Result<std::int64_t> {
    // Checked first so that the caller learns which of the two is taken.
    for (auto [column, value] : {std::pair{"email_key", u.email_key}, {"name_key", u.name_key}}) {
      auto taken =
          DEPECHE_TRY(lease->prepare(std::string("SELECT 1 FROM users WHERE ") + column + " = ?"));
      taken.bind(1, value);
      if (DEPECHE_TRY(taken.step())) {
        return make_error(ErrorCode::conflict,
                          column == std::string("email_key") ? "email" : "name");
      }
    }
    auto s = DEPECHE_TRY(lease->prepare(
        "INSERT INTO users (email, email_key, name, name_key, role, password_hash, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"));
    s.bind(1, u.email).bind(2, u.email_key).bind(3, u.name).bind(4, u.name_key);
    s.bind(5, to_string(u.role)).bind(6, u.password_hash).bind(7, unix_seconds(u.created_at));
    DEPECHE_TRY(s.run());
    return lease->last_insert_id();
  }();
  (void)lease->exec(inserted ? "COMMIT" : "ROLLBACK");
  return inserted;
}

Result<std::optional<User>> SqliteUserStore::by_id(std::int64_t id) {
  return one(pool_, hot_sql::kUserById, [&](Statement& s) { s.bind(1, id); });
}

Result<std::optional<User>> SqliteUserStore::by_email_key(std::string_view email_key) {
  return one(pool_, hot_sql::kUserByEmailKey, [&](Statement& s) { s.bind(1, email_key); });
}

Result<std::optional<User>> SqliteUserStore::by_name_key(std::string_view name_key) {
  return one(pool_, hot_sql::kUserByNameKey, [&](Statement& s) { s.bind(1, name_key); });
}

Result<std::int64_t> SqliteUserStore::count() {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->prepare("SELECT count(*) FROM users"));
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Status SqliteUserStore::remove(std::int64_t id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->prepare("DELETE FROM users WHERE id = ?"));
  s.bind(1, id);
  DEPECHE_TRY(s.run());
  if (lease->changes() == 0) return make_error(ErrorCode::not_found, "no such account");
  return {};
}

Status SqliteUserStore::set_password(std::int64_t id, std::string_view password_hash,
                                     std::string_view keep_token_hash) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  DEPECHE_TRY(lease->exec("BEGIN IMMEDIATE"));
  auto done = [&]() -> Status {
    auto s = DEPECHE_TRY(lease->prepare("UPDATE users SET password_hash = ? WHERE id = ?"));
    s.bind(1, password_hash).bind(2, id);
    DEPECHE_TRY(s.run());
    if (lease->changes() == 0) return make_error(ErrorCode::not_found, "no such account");
    // A stolen session must not outlive the password it was opened with.
    auto others =
        DEPECHE_TRY(lease->prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"));
    others.bind(1, id).bind(2, keep_token_hash);
    return others.run();
  }();
  (void)lease->exec(done ? "COMMIT" : "ROLLBACK");
  return done;
}

Status SqliteUserStore::add_session(std::string_view token_hash, std::int64_t user_id,
                                    Timestamp expires_at) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->prepare("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)"));
  s.bind(1, token_hash).bind(2, user_id).bind(3, unix_seconds(expires_at));
  return s.run();
}

Result<std::optional<User>> SqliteUserStore::session_user(std::string_view token_hash,
                                                          Timestamp now) {
  if (token_hash.empty()) return std::optional<User>{};
  return one(pool_, hot_sql::kSessionUser,
             [&](Statement& s) { s.bind(1, token_hash).bind(2, unix_seconds(now)); });
}

Status SqliteUserStore::remove_session(std::string_view token_hash) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->prepare("DELETE FROM sessions WHERE token_hash = ?"));
  s.bind(1, token_hash);
  return s.run();
}

Status SqliteUserStore::remove_expired_sessions(Timestamp now) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->prepare("DELETE FROM sessions WHERE expires_at <= ?"));
  s.bind(1, unix_seconds(now));
  return s.run();
}

Status SqliteUserStore::add_failure(std::string_view key, Timestamp at) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->prepare("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)"));
  s.bind(1, key).bind(2, unix_seconds(at));
  return s.run();
}

Result<std::int64_t> SqliteUserStore::failures_since(std::string_view key, Timestamp since) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->prepare("SELECT count(*) FROM sign_in_failures WHERE key = ? AND at >= ?"));
  s.bind(1, key).bind(2, unix_seconds(since));
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Status SqliteUserStore::clear_failures(std::string_view key) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->prepare("DELETE FROM sign_in_failures WHERE key = ?"));
  s.bind(1, key);
  return s.run();
}

Status SqliteUserStore::remove_failures_before(Timestamp before) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->prepare("DELETE FROM sign_in_failures WHERE at < ?"));
  s.bind(1, unix_seconds(before));
  return s.run();
}

}  // namespace depeche::store::sqlite
