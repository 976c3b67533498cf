#pragma once
// PostgreSQL implementation of store::UserStore (store/postgres/migrations.cc).

#include "store/postgres/pool.h"
#include "store/users.h"

namespace depeche::store::postgres {

class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(Pool& pool) : pool_(pool) {}

  Result<std::int64_t> create(const NewUser& u) override;
  Result<std::optional<User>> by_id(std::int64_t id) override;
  Result<std::optional<User>> by_email_key(std::string_view email_key) override;
  Result<std::optional<User>> by_name_key(std::string_view name_key) override;
  Result<std::int64_t> count() override;
  Status remove(std::int64_t id) override;
  Status set_password(std::int64_t id, std::string_view password_hash,
                      std::string_view keep_token_hash) override;

  Status add_session(std::string_view token_hash, std::int64_t user_id,
                     Timestamp expires_at) override;
  Result<std::optional<User>> session_user(std::string_view token_hash, Timestamp now) override;
  Status remove_session(std::string_view token_hash) override;
  Status remove_expired_sessions(Timestamp now) override;

  Status add_failure(std::string_view key, Timestamp at) override;
  Result<std::int64_t> failures_since(std::string_view key, Timestamp since) override;
  Status clear_failures(std::string_view key) override;
  Status remove_failures_before(Timestamp before) override;

 private:
  Pool& pool_;
};

}  // namespace depeche::store::postgres
