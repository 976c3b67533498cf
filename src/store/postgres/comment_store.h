#pragma once
// PostgreSQL implementation of store::CommentStore (store/postgres/migrations.cc).

#include "store/comments.h"
#include "store/postgres/pool.h"

namespace depeche::store::postgres {

class PgCommentStore final : public CommentStore {
 public:
  explicit PgCommentStore(Pool& pool) : pool_(pool) {}

  Result<std::int64_t> add(const NewComment& c) override;
  Result<std::optional<Comment>> by_id(std::int64_t id) override;
  Result<ThreadPage> thread(const ThreadQuery& q) override;
  Result<std::int64_t> count_published(std::int64_t article_id) override;
  Result<bool> has_written(std::int64_t author_id, std::int64_t article_id) override;
  Result<std::int64_t> published_by(std::int64_t author_id) override;
  Status edit(std::int64_t id, std::string_view body, CommentStatus status, std::string_view reason,
              Timestamp at) override;
  Status set_status(std::int64_t id, CommentStatus status, std::string_view reason) override;
  Result<std::vector<Comment>> by_author(std::int64_t author_id) override;
  Result<std::vector<Comment>> latest_by_author(std::int64_t author_id, int limit) override;

  Result<bool> add_report(const Report& r) override;
  Result<std::vector<Report>> reports_for(std::int64_t comment_id) override;
  Result<double> open_weight(std::int64_t comment_id, std::string_view reason) override;
  Status settle_reports(std::int64_t comment_id, bool upheld) override;
  Result<ReporterRecord> reporter(std::int64_t user_id) override;

  Result<std::vector<Comment>> with_status(CommentStatus s, int limit) override;
  Result<std::vector<Comment>> reported(int limit) override;
  Status record(const Decision& d) override;
  Result<std::vector<Decision>> decisions(int limit) override;
  Result<std::vector<Decision>> decisions_about_user(std::int64_t user_id) override;

  Status ban(const Ban& b) override;
  Status unban(std::int64_t user_id) override;
  Result<std::optional<Ban>> active_ban(std::int64_t user_id, Timestamp now) override;

  Status set_thread_open(std::int64_t article_id, bool open) override;
  Result<std::optional<bool>> thread_open(std::int64_t article_id) override;

 private:
  Pool& pool_;
};

}  // namespace depeche::store::postgres
