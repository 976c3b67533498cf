#include "store/sqlite/comment_store.h"

#include <algorithm>

#include "store/sqlite/columns.h"
#include "store/sqlite/hot_sql.h"

namespace depeche::store::sqlite {
namespace {

// Every comment query selects these columns, in this order.
constexpr std::string_view kCommentColumns =
    "SELECT c.id, c.article_id, c.parent_id, c.author_id, coalesce(u.name, ''), c.body, c.status,"
    " c.reason, c.created_at, c.edited_at,"
    " (SELECT count(*) FROM comment_reports r WHERE r.comment_id = c.id AND r.upheld IS NULL)"
    " FROM comments c LEFT JOIN users u ON u.id = c.author_id ";

Comment read_comment(const Statement& s) {
  Comment c;
  c.id = s.column_int(0);
  c.article_id = s.column_int(1);
  if (!s.column_is_null(2)) c.parent_id = s.column_int(2);
  if (!s.column_is_null(3)) c.author_id = s.column_int(3);
  c.author_name = s.column_text(4);
  c.body = s.column_text(5);
  c.status = comment_status_from_string(s.column_text(6)).value_or(CommentStatus::pending);
  c.reason = s.column_text(7);
  c.created_at = from_unix(s.column_int(8));
  if (!s.column_is_null(9)) c.edited_at = from_unix(s.column_int(9));
  c.open_reports = s.column_int(10);
  return c;
}

template <class Bind>
Result<std::vector<Comment>> comments(Pool& pool, std::string_view rest, Bind bind) {
  auto lease = DEPECHE_TRY(pool.acquire());
  // Kept prepared: threads and comment look-ups run on every article page.
  auto s = DEPECHE_TRY(lease->cached(std::string(kCommentColumns) + std::string(rest)));
  bind(s);
  std::vector<Comment> out;
  while (DEPECHE_TRY(s.step())) out.push_back(read_comment(s));
  return out;
}

// What a viewer (?2; 0 when signed out) sees of a thread: published
// comments, their own that are not deleted, and deleted ones that still
// carry a published reply, as placeholders (comments_by_parent answers).
constexpr std::string_view kVisible =
    "(c.status = 'published' OR (c.author_id = ?2 AND c.status <> 'deleted')"
    " OR (c.status = 'deleted' AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id"
    " AND r.status = 'published')))";

// The first kRepliesPerComment replies of one comment, oldest first, and
// how many more `viewer` may see (counted on comments_by_parent only when
// the first ones do not hold them all).
Status replies_of(Connection& db, ThreadItem& item, std::int64_t viewer) {
  auto s = DEPECHE_TRY(db.cached(std::string(kCommentColumns) +
                                  "WHERE c.article_id = ?1 AND c.parent_id = ?4 AND " +
                                  std::string(kVisible) + " ORDER BY c.created_at, c.id LIMIT ?3"));
  s.bind(1, item.comment.article_id).bind(2, viewer).bind(3, std::int64_t{kRepliesPerComment} + 1);
  s.bind(4, item.comment.id);
  while (DEPECHE_TRY(s.step())) item.replies.push_back(read_comment(s));
  if (item.replies.size() <= static_cast<std::size_t>(kRepliesPerComment)) return {};
  item.replies.pop_back();
  auto count = DEPECHE_TRY(db.cached(
      "SELECT (SELECT count(*) FROM comments WHERE parent_id = ?1 AND status = 'published')"
      " + (SELECT count(*) FROM comments WHERE parent_id = ?1"
      "    AND status IN ('pending', 'hidden', 'rejected') AND author_id = ?2)"));
  count.bind(1, item.comment.id).bind(2, viewer);
  DEPECHE_TRY(count.step());
  item.more_replies = std::max<std::int64_t>(0, count.column_int(0) - kRepliesPerComment);
  return {};
}

Decision read_decision(const Statement& s) {
  Decision d;
  d.id = s.column_int(0);
  d.moderator_id = s.column_int(1);
  d.moderator_name = s.column_text(2);
  d.action = s.column_text(3);
  if (!s.column_is_null(4)) d.comment_id = s.column_int(4);
  if (!s.column_is_null(5)) d.user_id = s.column_int(5);
  if (!s.column_is_null(6)) d.article_id = s.column_int(6);
  d.reason = s.column_text(7);
  d.at = from_unix(s.column_int(8));
  return d;
}

constexpr std::string_view kDecisionColumns =
    "SELECT d.id, d.moderator_id, coalesce(u.name, ''), d.action, d.comment_id, d.user_id,"
    " d.article_id, d.reason, d.at FROM moderation_decisions d"
    " LEFT JOIN users u ON u.id = d.moderator_id ";

void bind_optional(Statement& s, int index, const std::optional<std::int64_t>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind_null(index);
  }
}

}  // namespace

Result<std::int64_t> SqliteCommentStore::add(const NewComment& c) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO comments (article_id, parent_id, author_id, body, status, reason, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s.bind(1, c.article_id);
  bind_optional(s, 2, c.parent_id);
  s.bind(3, c.author_id).bind(4, c.body).bind(5, to_string(c.status)).bind(6, c.reason);
  s.bind(7, unix_seconds(c.created_at));
  DEPECHE_TRY(s.run());
  return lease->last_insert_id();
}

Result<std::optional<Comment>> SqliteCommentStore::by_id(std::int64_t id) {
  auto found = DEPECHE_TRY(comments(pool_, "WHERE c.id = ?", [&](Statement& s) { s.bind(1, id); }));
  if (found.empty()) return std::optional<Comment>{};
  return std::optional<Comment>{std::move(found.front())};
}

Result<ThreadPage> SqliteCommentStore::thread(const ThreadQuery& q) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  int limit = std::clamp(q.limit, 1, kMaxThreadPageSize);
  bool newest = q.order == ThreadOrder::newest_first && !q.replies_of;
  // comments_by_thread (article_id, parent_id, created_at, id) serves the
  // equality on the first two columns, the cursor's range and the order:
  // the page reads its own rows and the few hidden ones between them.
  std::string sql = std::string(kCommentColumns) + "WHERE c.article_id = ?1 AND " +
                    (q.replies_of ? "c.parent_id = ?6" : "c.parent_id IS NULL") + " AND " +
                    std::string(kVisible);
  if (q.after) {
    sql += newest ? " AND (c.created_at, c.id) < (?3, ?4)" : " AND (c.created_at, c.id) > (?3, ?4)";
  }
  sql += newest ? " ORDER BY c.created_at DESC, c.id DESC" : " ORDER BY c.created_at, c.id";
  sql += " LIMIT ?5";
  auto top = DEPECHE_TRY(lease->cached(sql));
  top.bind(1, q.article_id).bind(2, q.viewer.value_or(0));
  if (q.after) top.bind(3, unix_seconds(q.after->created_at)).bind(4, q.after->id);
  top.bind(5, std::int64_t{limit} + 1);  // one more tells whether a next page exists
  if (q.replies_of) top.bind(6, *q.replies_of);
  ThreadPage page;
  while (DEPECHE_TRY(top.step())) page.items.push_back({read_comment(top), {}, 0});
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    const Comment& last = page.items.back().comment;
    page.next = ThreadCursor{last.created_at, last.id};
  }
  if (q.replies_of) return page;
  for (auto& item : page.items) DEPECHE_TRY(replies_of(*lease, item, q.viewer.value_or(0)));
  return page;
}

Result<std::int64_t> SqliteCommentStore::count_published(std::int64_t article_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("SELECT coalesce((SELECT published FROM comment_counts WHERE article_id = ?),"
                    " 0)"));
  s.bind(1, article_id);
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Result<bool> SqliteCommentStore::has_written(std::int64_t author_id, std::int64_t article_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(hot_sql::kHasWritten));
  s.bind(1, author_id);
  s.bind(2, article_id);
  DEPECHE_TRY(s.step());
  return s.column_int(0) != 0;
}

Result<std::int64_t> SqliteCommentStore::published_by(std::int64_t author_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("SELECT count(*) FROM comments WHERE author_id = ? AND status = 'published'"));
  s.bind(1, author_id);
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Status SqliteCommentStore::edit(std::int64_t id, std::string_view body, CommentStatus status,
                                std::string_view reason, Timestamp at) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "UPDATE comments SET body = ?, status = ?, reason = ?, edited_at = ? WHERE id = ?"));
  s.bind(1, body).bind(2, to_string(status)).bind(3, reason).bind(4, unix_seconds(at)).bind(5, id);
  return s.run();
}

Status SqliteCommentStore::set_status(std::int64_t id, CommentStatus status,
                                      std::string_view reason) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  // A deleted comment loses its text for good.
  auto s = DEPECHE_TRY(
      lease->cached("UPDATE comments SET status = ?1, reason = ?2,"
                     " body = CASE WHEN ?1 = 'deleted' THEN '' ELSE body END WHERE id = ?3"));
  s.bind(1, to_string(status)).bind(2, reason).bind(3, id);
  return s.run();
}

Result<std::vector<Comment>> SqliteCommentStore::by_author(std::int64_t author_id) {
  return comments(pool_, "WHERE c.author_id = ? ORDER BY c.created_at DESC, c.id DESC",
                  [&](Statement& s) { s.bind(1, author_id); });
}

Result<std::vector<Comment>> SqliteCommentStore::latest_by_author(std::int64_t author_id,
                                                                  int limit) {
  return comments(pool_,
                  "WHERE c.author_id = ? AND c.status <> 'deleted'"
                  " ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
                  [&](Statement& s) { s.bind(1, author_id).bind(2, std::int64_t{limit}); });
}

Result<bool> SqliteCommentStore::add_report(const Report& r) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO comment_reports (comment_id, reporter_id, reason, law, text, weight, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (comment_id, reporter_id) DO NOTHING"));
  s.bind(1, r.comment_id).bind(2, r.reporter_id).bind(3, r.reason).bind(4, r.law).bind(5, r.text);
  s.bind(6, r.weight).bind(7, unix_seconds(r.created_at));
  DEPECHE_TRY(s.run());
  return lease->changes() > 0;
}

Result<std::vector<Report>> SqliteCommentStore::reports_for(std::int64_t comment_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "SELECT r.id, r.comment_id, coalesce(r.reporter_id, 0), coalesce(u.name, ''), r.reason,"
      " r.law, r.text, r.weight, r.created_at, r.upheld FROM comment_reports r"
      " LEFT JOIN users u ON u.id = r.reporter_id WHERE r.comment_id = ? ORDER BY r.created_at"));
  s.bind(1, comment_id);
  std::vector<Report> out;
  while (DEPECHE_TRY(s.step())) {
    Report r;
    r.id = s.column_int(0);
    r.comment_id = s.column_int(1);
    r.reporter_id = s.column_int(2);
    r.reporter_name = s.column_text(3);
    r.reason = s.column_text(4);
    r.law = s.column_text(5);
    r.text = s.column_text(6);
    r.weight = s.column_double(7);
    r.created_at = from_unix(s.column_int(8));
    if (!s.column_is_null(9)) r.upheld = s.column_int(9) != 0;
    out.push_back(std::move(r));
  }
  return out;
}

Result<double> SqliteCommentStore::open_weight(std::int64_t comment_id, std::string_view reason) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s =
      DEPECHE_TRY(lease->cached("SELECT coalesce(sum(weight), 0) FROM comment_reports"
                                 " WHERE comment_id = ? AND reason = ? AND upheld IS NULL"));
  s.bind(1, comment_id).bind(2, reason);
  DEPECHE_TRY(s.step());
  return s.column_double(0);
}

Status SqliteCommentStore::settle_reports(std::int64_t comment_id, bool upheld) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  DEPECHE_TRY(lease->exec("BEGIN IMMEDIATE"));
  auto settled = [&]() -> Status {
    const char* column = upheld ? "upheld" : "dismissed";
    auto records = DEPECHE_TRY(lease->cached(
        std::string("INSERT INTO reporter_records (user_id, ") + column +
        ") SELECT reporter_id, 1 FROM comment_reports WHERE comment_id = ? AND upheld IS NULL"
        " AND reporter_id IS NOT NULL ON CONFLICT (user_id) DO UPDATE SET " +
        column + " = " + column + " + 1"));
    records.bind(1, comment_id);
    DEPECHE_TRY(records.run());
    auto mark = DEPECHE_TRY(lease->cached(
        "UPDATE comment_reports SET upheld = ? WHERE comment_id = ? AND upheld IS NULL"));
    mark.bind(1, std::int64_t{upheld ? 1 : 0}).bind(2, comment_id);
    return mark.run();
  }();
  (void)lease->exec(settled ? "COMMIT" : "ROLLBACK");
  return settled;
}

Result<ReporterRecord> SqliteCommentStore::reporter(std::int64_t user_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("SELECT upheld, dismissed FROM reporter_records WHERE user_id = ?"));
  s.bind(1, user_id);
  if (!DEPECHE_TRY(s.step())) return ReporterRecord{};
  return ReporterRecord{s.column_int(0), s.column_int(1)};
}

Result<std::vector<Comment>> SqliteCommentStore::with_status(CommentStatus st, int limit) {
  return comments(pool_, "WHERE c.status = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
                  [&](Statement& s) { s.bind(1, to_string(st)).bind(2, std::int64_t{limit}); });
}

Result<std::vector<Comment>> SqliteCommentStore::reported(int limit) {
  return comments(pool_,
                  "WHERE EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id"
                  " AND r.upheld IS NULL) AND c.status <> 'deleted'"
                  " ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
                  [&](Statement& s) { s.bind(1, std::int64_t{limit}); });
}

Status SqliteCommentStore::record(const Decision& d) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO moderation_decisions (moderator_id, action, comment_id, user_id, article_id,"
      " reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s.bind(1, d.moderator_id).bind(2, d.action);
  bind_optional(s, 3, d.comment_id);
  bind_optional(s, 4, d.user_id);
  bind_optional(s, 5, d.article_id);
  s.bind(6, d.reason).bind(7, unix_seconds(d.at));
  return s.run();
}

Result<std::vector<Decision>> SqliteCommentStore::decisions(int limit) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached(std::string(kDecisionColumns) + "ORDER BY d.at DESC, d.id DESC LIMIT ?"));
  s.bind(1, std::int64_t{limit});
  std::vector<Decision> out;
  while (DEPECHE_TRY(s.step())) out.push_back(read_decision(s));
  return out;
}

Result<std::vector<Decision>> SqliteCommentStore::decisions_about_user(std::int64_t user_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      std::string(kDecisionColumns) +
      "WHERE d.user_id = ?1 OR d.comment_id IN (SELECT id FROM comments WHERE author_id = ?1)"
      " ORDER BY d.at DESC, d.id DESC"));
  s.bind(1, user_id);
  std::vector<Decision> out;
  while (DEPECHE_TRY(s.step())) out.push_back(read_decision(s));
  return out;
}

Status SqliteCommentStore::ban(const Ban& b) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO bans (user_id, until, reason, since) VALUES (?, ?, ?, ?) ON CONFLICT (user_id)"
      " DO UPDATE SET until = excluded.until, reason = excluded.reason, since = excluded.since"));
  s.bind(1, b.user_id);
  if (b.until) {
    s.bind(2, unix_seconds(*b.until));
  } else {
    s.bind_null(2);
  }
  s.bind(3, b.reason).bind(4, unix_seconds(b.since));
  return s.run();
}

Status SqliteCommentStore::unban(std::int64_t user_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("DELETE FROM bans WHERE user_id = ?"));
  s.bind(1, user_id);
  return s.run();
}

Result<std::optional<Ban>> SqliteCommentStore::active_ban(std::int64_t user_id, Timestamp now) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s =
      DEPECHE_TRY(lease->cached("SELECT until, reason, since FROM bans WHERE user_id = ?"
                                 " AND (until IS NULL OR until > ?)"));
  s.bind(1, user_id).bind(2, unix_seconds(now));
  if (!DEPECHE_TRY(s.step())) return std::optional<Ban>{};
  Ban b;
  b.user_id = user_id;
  if (!s.column_is_null(0)) b.until = from_unix(s.column_int(0));
  b.reason = s.column_text(1);
  b.since = from_unix(s.column_int(2));
  return std::optional<Ban>{std::move(b)};
}

Status SqliteCommentStore::set_thread_open(std::int64_t article_id, bool open) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO thread_decisions (article_id, open) VALUES (?, ?)"
      " ON CONFLICT (article_id) DO UPDATE SET open = excluded.open"));
  s.bind(1, article_id);
  s.bind(2, std::int64_t{open ? 1 : 0});
  return s.run();
}

Result<std::optional<bool>> SqliteCommentStore::thread_open(std::int64_t article_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("SELECT open FROM thread_decisions WHERE article_id = ?"));
  s.bind(1, article_id);
  if (!DEPECHE_TRY(s.step())) return std::optional<bool>{};
  return std::optional<bool>{s.column_int(0) != 0};
}

}  // namespace depeche::store::sqlite
