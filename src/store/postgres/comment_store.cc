#include "store/postgres/comment_store.h"

#include <algorithm>

namespace depeche::store::postgres {
namespace {

// Every comment query selects these columns, in this order; the count of
// open reports reads comment_reports_open (a partial index).
constexpr std::string_view kCommentColumns =
    "SELECT c.id, c.article_id, c.parent_id, c.author_id, coalesce(u.name, ''), c.body, c.status,"
    " c.reason, c.created_at, c.edited_at,"
    " (SELECT count(*) FROM comment_reports r WHERE r.comment_id = c.id AND r.upheld IS NULL)"
    " FROM comments c LEFT JOIN users u ON u.id = c.author_id ";

// Whether author $1 wrote any comment (whatever its status) on article $2,
// by comments_by_author_article.
constexpr std::string_view kHasWritten =
    "SELECT EXISTS (SELECT 1 FROM comments WHERE author_id = $1 AND article_id = $2)";

// Times are Unix seconds (UTC) in bigint columns, as in SQLite.
std::int64_t unix_seconds(Timestamp t) {
  return t.time_since_epoch().count();
}

Timestamp from_unix(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}

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

void bind_optional(Statement& s, int index, const std::optional<std::int64_t>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind_null(index);
  }
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

// What a viewer ($2; 0 when signed out) sees of a thread: published
// comments, their own that are not deleted, and deleted ones that still
// carry a published reply, as placeholders (comments_by_parent answers).
// OFFSET 0 keeps PostgreSQL from turning the EXISTS into a hashed
// subplan, which would read every published reply of the site to serve
// one page; as written it probes comments_by_parent once per deleted row.
constexpr std::string_view kVisible =
    "(c.status = 'published' OR (c.author_id = $2 AND c.status <> 'deleted')"
    " OR (c.status = 'deleted' AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id"
    " AND r.status = 'published' OFFSET 0)))";

// The first kRepliesPerComment replies of one comment, oldest first, and
// how many more `viewer` may see (counted on comments_by_parent only when
// the first ones do not hold them all).
Status replies_of(Connection& db, ThreadItem& item, std::int64_t viewer) {
  auto s = DEPECHE_TRY(db.cached(std::string(kCommentColumns) +
                                 "WHERE c.article_id = $1 AND c.parent_id = $4 AND " +
                                 std::string(kVisible) + " ORDER BY c.created_at, c.id LIMIT $3"));
  s.bind(1, item.comment.article_id).bind(2, viewer).bind(3, std::int64_t{kRepliesPerComment} + 1);
  s.bind(4, item.comment.id);
  while (DEPECHE_TRY(s.step())) item.replies.push_back(read_comment(s));
  if (item.replies.size() <= static_cast<std::size_t>(kRepliesPerComment)) return {};
  item.replies.pop_back();
  auto count = DEPECHE_TRY(db.cached(
      "SELECT (SELECT count(*) FROM comments WHERE parent_id = $1 AND status = 'published')"
      " + (SELECT count(*) FROM comments WHERE parent_id = $1"
      "    AND status IN ('pending', 'hidden', 'rejected') AND author_id = $2)"));
  count.bind(1, item.comment.id).bind(2, viewer);
  DEPECHE_TRY(count.step());
  item.more_replies = std::max<std::int64_t>(0, count.column_int(0) - kRepliesPerComment);
  return {};
}

// The text of one thread page. PostgreSQL must infer the type of every
// parameter a statement names, so the numbers run without gaps: $1 article,
// $2 viewer, $3 limit, then the parent ($4) when paging replies, then the
// cursor's two halves when there is one.
std::string thread_sql(const ThreadQuery& q, bool newest) {
  // comments_by_thread (article_id, parent_id, created_at, id) serves the
  // equality on the first two columns, the cursor's range (a row
  // comparison, which btree indexes walk) and the order: the page reads
  // its own rows and the few hidden ones between them. The order names
  // parent_id, the same for every row, because PostgreSQL does not count
  // "IS NULL" as an equality when it matches an order to an index: without
  // it, top-level pages would sort the whole thread.
  std::string sql = std::string(kCommentColumns) + "WHERE c.article_id = $1 AND " +
                    (q.replies_of ? "c.parent_id = $4" : "c.parent_id IS NULL") + " AND " +
                    std::string(kVisible);
  if (q.after) {
    std::string at = q.replies_of ? "($5, $6)" : "($4, $5)";
    sql += (newest ? " AND (c.created_at, c.id) < " : " AND (c.created_at, c.id) > ") + at;
  }
  sql += newest ? " ORDER BY c.parent_id DESC, c.created_at DESC, c.id DESC"
                : " ORDER BY c.parent_id, c.created_at, c.id";
  return sql + " LIMIT $3";
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

template <class Bind>
Result<std::vector<Decision>> decisions_where(Pool& pool, std::string_view rest, Bind bind) {
  auto lease = DEPECHE_TRY(pool.acquire());
  auto s = DEPECHE_TRY(lease->cached(std::string(kDecisionColumns) + std::string(rest)));
  bind(s);
  std::vector<Decision> out;
  while (DEPECHE_TRY(s.step())) out.push_back(read_decision(s));
  return out;
}

}  // namespace

Result<std::int64_t> PgCommentStore::add(const NewComment& c) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO comments (article_id, parent_id, author_id, body, status, reason, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"));
  s.bind(1, c.article_id);
  bind_optional(s, 2, c.parent_id);
  s.bind(3, c.author_id).bind(4, c.body).bind(5, to_string(c.status)).bind(6, c.reason);
  s.bind(7, unix_seconds(c.created_at));
  if (!DEPECHE_TRY(s.step())) return make_error(ErrorCode::internal, "INSERT returned no id");
  return s.column_int(0);
}

Result<std::optional<Comment>> PgCommentStore::by_id(std::int64_t id) {
  auto found =
      DEPECHE_TRY(comments(pool_, "WHERE c.id = $1", [&](Statement& s) { s.bind(1, id); }));
  if (found.empty()) return std::optional<Comment>{};
  return std::optional<Comment>{std::move(found.front())};
}

Result<ThreadPage> PgCommentStore::thread(const ThreadQuery& q) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  int limit = std::clamp(q.limit, 1, kMaxThreadPageSize);
  bool newest = q.order == ThreadOrder::newest_first && !q.replies_of;
  auto top = DEPECHE_TRY(lease->cached(thread_sql(q, newest)));
  top.bind(1, q.article_id).bind(2, q.viewer.value_or(0));
  top.bind(3, std::int64_t{limit} + 1);  // one more tells whether a next page exists
  int next = 4;
  if (q.replies_of) top.bind(next++, *q.replies_of);
  if (q.after) top.bind(next, unix_seconds(q.after->created_at)).bind(next + 1, q.after->id);
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

Result<std::int64_t> PgCommentStore::count_published(std::int64_t article_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("SELECT coalesce((SELECT published FROM comment_counts WHERE article_id = $1),"
                    " 0)"));
  s.bind(1, article_id);
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Result<bool> PgCommentStore::has_written(std::int64_t author_id, std::int64_t article_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(kHasWritten));
  s.bind(1, author_id).bind(2, article_id);
  DEPECHE_TRY(s.step());
  return s.column_int(0) != 0;
}

Result<std::int64_t> PgCommentStore::published_by(std::int64_t author_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("SELECT count(*) FROM comments WHERE author_id = $1 AND status = 'published'"));
  s.bind(1, author_id);
  DEPECHE_TRY(s.step());
  return s.column_int(0);
}

Status PgCommentStore::edit(std::int64_t id, std::string_view body, CommentStatus status,
                            std::string_view reason, Timestamp at) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "UPDATE comments SET body = $1, status = $2, reason = $3, edited_at = $4 WHERE id = $5"));
  s.bind(1, body).bind(2, to_string(status)).bind(3, reason).bind(4, unix_seconds(at)).bind(5, id);
  return s.run();
}

Status PgCommentStore::set_status(std::int64_t id, CommentStatus status, std::string_view reason) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  // A deleted comment loses its text for good.
  auto s = DEPECHE_TRY(
      lease->cached("UPDATE comments SET status = $1::text, reason = $2,"
                    " body = CASE WHEN $1::text = 'deleted' THEN '' ELSE body END WHERE id = $3"));
  s.bind(1, to_string(status)).bind(2, reason).bind(3, id);
  return s.run();
}

Result<std::vector<Comment>> PgCommentStore::by_author(std::int64_t author_id) {
  return comments(pool_, "WHERE c.author_id = $1 ORDER BY c.created_at DESC, c.id DESC",
                  [&](Statement& s) { s.bind(1, author_id); });
}

Result<std::vector<Comment>> PgCommentStore::latest_by_author(std::int64_t author_id, int limit) {
  return comments(pool_,
                  "WHERE c.author_id = $1 AND c.status <> 'deleted'"
                  " ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
                  [&](Statement& s) {
                    s.bind(1, author_id);
                    bind_limit(s, 2, limit);
                  });
}

Result<bool> PgCommentStore::add_report(const Report& r) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  // ON CONFLICT rather than a refused insert: the one report per reader
  // per comment is an answer (false), not an error.
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO comment_reports (comment_id, reporter_id, reason, law, text, weight, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (comment_id, reporter_id) DO NOTHING"));
  s.bind(1, r.comment_id).bind(2, r.reporter_id).bind(3, r.reason).bind(4, r.law).bind(5, r.text);
  s.bind(6, r.weight).bind(7, unix_seconds(r.created_at));
  DEPECHE_TRY(s.run());
  return s.changes() > 0;
}

Result<std::vector<Report>> PgCommentStore::reports_for(std::int64_t comment_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  // The id breaks ties between reports made in the same second, which
  // PostgreSQL would otherwise return in any order.
  auto s = DEPECHE_TRY(lease->cached(
      "SELECT r.id, r.comment_id, coalesce(r.reporter_id, 0), coalesce(u.name, ''), r.reason,"
      " r.law, r.text, r.weight, r.created_at, r.upheld FROM comment_reports r"
      " LEFT JOIN users u ON u.id = r.reporter_id WHERE r.comment_id = $1"
      " ORDER BY r.created_at, r.id"));
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

Result<double> PgCommentStore::open_weight(std::int64_t comment_id, std::string_view reason) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s =
      DEPECHE_TRY(lease->cached("SELECT coalesce(sum(weight), 0) FROM comment_reports"
                                " WHERE comment_id = $1 AND reason = $2 AND upheld IS NULL"));
  s.bind(1, comment_id).bind(2, reason);
  DEPECHE_TRY(s.step());
  return s.column_double(0);
}

Status PgCommentStore::settle_reports(std::int64_t comment_id, bool upheld) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  // One statement: the UPDATE locks the open reports it decides, so two
  // moderators settling the same comment at once cannot both count them in
  // the reporters' records (the second finds them decided and skips them),
  // which SQLite's single writer guaranteed.
  const char* column = upheld ? "upheld" : "dismissed";
  auto s = DEPECHE_TRY(
      lease->cached(std::string("WITH settled AS (UPDATE comment_reports SET upheld = $2"
                                " WHERE comment_id = $1 AND upheld IS NULL RETURNING reporter_id)"
                                " INSERT INTO reporter_records AS x (user_id, ") +
                    column +
                    ") SELECT reporter_id, 1 FROM settled WHERE reporter_id IS NOT NULL"
                    " ON CONFLICT (user_id) DO UPDATE SET " +
                    column + " = x." + column + " + 1"));
  s.bind(1, comment_id).bind(2, std::int64_t{upheld ? 1 : 0});
  return s.run();
}

Result<ReporterRecord> PgCommentStore::reporter(std::int64_t user_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(
      lease->cached("SELECT upheld, dismissed FROM reporter_records WHERE user_id = $1"));
  s.bind(1, user_id);
  if (!DEPECHE_TRY(s.step())) return ReporterRecord{};
  return ReporterRecord{s.column_int(0), s.column_int(1)};
}

Result<std::vector<Comment>> PgCommentStore::with_status(CommentStatus st, int limit) {
  return comments(pool_, "WHERE c.status = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
                  [&](Statement& s) {
                    s.bind(1, to_string(st));
                    bind_limit(s, 2, limit);
                  });
}

Result<std::vector<Comment>> PgCommentStore::reported(int limit) {
  return comments(pool_,
                  "WHERE EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id"
                  " AND r.upheld IS NULL) AND c.status <> 'deleted'"
                  " ORDER BY c.created_at DESC, c.id DESC LIMIT $1",
                  [&](Statement& s) { bind_limit(s, 1, limit); });
}

Status PgCommentStore::record(const Decision& d) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO moderation_decisions (moderator_id, action, comment_id, user_id, article_id,"
      " reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)"));
  s.bind(1, d.moderator_id).bind(2, d.action);
  bind_optional(s, 3, d.comment_id);
  bind_optional(s, 4, d.user_id);
  bind_optional(s, 5, d.article_id);
  s.bind(6, d.reason).bind(7, unix_seconds(d.at));
  return s.run();
}

Result<std::vector<Decision>> PgCommentStore::decisions(int limit) {
  return decisions_where(pool_, "ORDER BY d.at DESC, d.id DESC LIMIT $1",
                         [&](Statement& s) { bind_limit(s, 1, limit); });
}

Result<std::vector<Decision>> PgCommentStore::decisions_about_user(std::int64_t user_id) {
  return decisions_where(
      pool_,
      "WHERE d.user_id = $1 OR d.comment_id IN (SELECT id FROM comments WHERE author_id = $1)"
      " ORDER BY d.at DESC, d.id DESC",
      [&](Statement& s) { s.bind(1, user_id); });
}

Status PgCommentStore::ban(const Ban& b) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached(
      "INSERT INTO bans (user_id, until, reason, since) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (user_id) DO UPDATE"
      " SET until = excluded.until, reason = excluded.reason, since = excluded.since"));
  s.bind(1, b.user_id);
  if (b.until) {
    s.bind(2, unix_seconds(*b.until));
  } else {
    s.bind_null(2);
  }
  s.bind(3, b.reason).bind(4, unix_seconds(b.since));
  return s.run();
}

Status PgCommentStore::unban(std::int64_t user_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("DELETE FROM bans WHERE user_id = $1"));
  s.bind(1, user_id);
  return s.run();
}

Result<std::optional<Ban>> PgCommentStore::active_ban(std::int64_t user_id, Timestamp now) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s =
      DEPECHE_TRY(lease->cached("SELECT until, reason, since FROM bans WHERE user_id = $1"
                                " AND (until IS NULL OR until > $2)"));
  s.bind(1, user_id).bind(2, unix_seconds(now));
  if (!DEPECHE_TRY(s.step())) return std::optional<Ban>{};
  Ban b;
  b.user_id = user_id;
  if (!s.column_is_null(0)) b.until = from_unix(s.column_int(0));
  b.reason = s.column_text(1);
  b.since = from_unix(s.column_int(2));
  return std::optional<Ban>{std::move(b)};
}

Status PgCommentStore::set_thread_open(std::int64_t article_id, bool open) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s =
      DEPECHE_TRY(lease->cached("INSERT INTO thread_decisions (article_id, open) VALUES ($1, $2)"
                                " ON CONFLICT (article_id) DO UPDATE SET open = excluded.open"));
  s.bind(1, article_id).bind(2, std::int64_t{open ? 1 : 0});
  return s.run();
}

Result<std::optional<bool>> PgCommentStore::thread_open(std::int64_t article_id) {
  auto lease = DEPECHE_TRY(pool_.acquire());
  auto s = DEPECHE_TRY(lease->cached("SELECT open FROM thread_decisions WHERE article_id = $1"));
  s.bind(1, article_id);
  if (!DEPECHE_TRY(s.step())) return std::optional<bool>{};
  return std::optional<bool>{s.column_int(0) != 0};
}

}  // namespace depeche::store::postgres
