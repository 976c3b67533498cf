#pragma once
// Readers' comments, reports and moderation as the store keeps them. The
// rules (who may post, thresholds, pre-moderation) are comments/comments.h
// and comments/moderation.h; this is storage only. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace depeche::store {

enum class CommentStatus {
  published,  // shown to everyone
  pending,    // held for a moderator (pre-moderation, suspect words, links)
  hidden,     // was shown; reports passed the threshold: waits for review
  rejected,   // a moderator refused it, with a reason shown to its author
  deleted,    // removed by its author; the text is gone
};
const char* to_string(CommentStatus s);
std::optional<CommentStatus> comment_status_from_string(std::string_view s);

struct Comment {
  std::int64_t id = 0;
  std::int64_t article_id = 0;
  std::optional<std::int64_t> parent_id;  // replies have one level only
  std::optional<std::int64_t> author_id;  // null once the author deleted their account
  std::string author_name;                // the pseudonym at read time; "" when anonymous
  std::string body;                       // normalised plain text (comments/text.h)
  CommentStatus status = CommentStatus::published;
  std::string reason;  // why held, hidden or rejected ("suspect_words", a moderator's words)
  Timestamp created_at{};
  std::optional<Timestamp> edited_at;
  std::int64_t open_reports = 0;  // reports not yet decided
};

struct NewComment {
  std::int64_t article_id = 0;
  std::optional<std::int64_t> parent_id;
  std::int64_t author_id = 0;
  std::string body;
  CommentStatus status = CommentStatus::published;
  std::string reason;
  Timestamp created_at{};
};

struct Report {
  std::int64_t id = 0;
  std::int64_t comment_id = 0;
  std::int64_t reporter_id = 0;
  std::string reporter_name;
  std::string reason;  // spam, abuse, hate, off_topic, illegal, other
  std::string law;     // for "illegal": the law the reader names
  std::string text;    // the reader's own words
  double weight = 1;   // the reporter's weight when they reported
  Timestamp created_at{};
  std::optional<bool> upheld;  // set when a moderator decided
};

// How often a reader's past reports were upheld: their weight comes from it.
struct ReporterRecord {
  std::int64_t upheld = 0;
  std::int64_t dismissed = 0;
};

// One line of the audit trail: who decided what, when, and why.
struct Decision {
  std::int64_t id = 0;
  std::int64_t moderator_id = 0;  // 0 for the system (thresholds)
  std::string moderator_name;
  std::string action;  // approve, reject, hide, ban, unban, close, open
  std::optional<std::int64_t> comment_id;
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> article_id;
  std::string reason;
  Timestamp at{};
};

struct Ban {
  std::int64_t user_id = 0;
  std::optional<Timestamp> until;  // nullopt: permanent
  std::string reason;
  Timestamp since{};
};

enum class ThreadOrder { oldest_first, newest_first };

// Where a page of a thread starts: just after this top-level comment (in the
// page's order). Pages are keyset-paged on (created_at, id), so reaching the
// hundredth page costs what the first one does.
struct ThreadCursor {
  Timestamp created_at{};
  std::int64_t id = 0;
};
// "<unix seconds>.<id>": what links and the API carry. The parse refuses
// anything else (nullopt), so a cursor never reaches SQL unchecked.
std::string to_string(const ThreadCursor& c);
std::optional<ThreadCursor> thread_cursor_from_string(std::string_view s);
// The cursor of a page that starts with `top` (a top-level comment) in
// `order`: where a link to one comment's thread lands.
ThreadCursor cursor_before(const Comment& top, ThreadOrder order);

// Top-level comments on one page when the caller does not say.
inline constexpr int kThreadPageSize = 50;
// The most top-level comments one page may ask for (the API's `limit`).
inline constexpr int kMaxThreadPageSize = 200;
// Replies shown under each top-level comment of a page: a thread with
// thousands of replies to one comment stays a bounded page; the rest is
// counted (ThreadItem::more_replies).
inline constexpr int kRepliesPerComment = 20;

struct ThreadQuery {
  std::int64_t article_id = 0;
  std::optional<std::int64_t> viewer;  // the signed-in reader, for their own held comments
  ThreadOrder order = ThreadOrder::oldest_first;
  std::optional<ThreadCursor> after;  // nullopt: the first page
  int limit = kThreadPageSize;        // top-level comments; clamped to [1, kMaxThreadPageSize]
  // Set: the page lists the replies of this comment instead (oldest first
  // whatever `order`, each item without replies): where the replies past
  // kRepliesPerComment are read.
  std::optional<std::int64_t> replies_of;
};

// One top-level comment with the first kRepliesPerComment of its replies
// (oldest first) and how many more the viewer could see.
struct ThreadItem {
  Comment comment;
  std::vector<Comment> replies;
  std::int64_t more_replies = 0;
};

struct ThreadPage {
  std::vector<ThreadItem> items;     // top-level comments in the query's order
  std::optional<ThreadCursor> next;  // nullopt on the last page
};

class CommentStore {
 public:
  virtual ~CommentStore() = default;

  virtual Result<std::int64_t> add(const NewComment& c) = 0;
  virtual Result<std::optional<Comment>> by_id(std::int64_t id) = 0;
  // One page of the comments of an article that `q.viewer` may see:
  // published ones, plus the viewer's own that are pending, hidden or
  // rejected (with reasons); deleted ones that have published replies stay
  // as placeholders (text emptied). Every query is indexed: the cost grows
  // with the page, not with the thread, the site or the cursor's depth.
  virtual Result<ThreadPage> thread(const ThreadQuery& q) = 0;
  // Exact, read in O(1): kept by triggers on every insert, status change
  // and delete.
  virtual Result<std::int64_t> count_published(std::int64_t article_id) = 0;
  // Whether `author_id` wrote any comment on the article, whatever became
  // of it: only then does their view of its thread differ from any other
  // reader's. Indexed.
  virtual Result<bool> has_written(std::int64_t author_id, std::int64_t article_id) = 0;
  // Published comments of an author (pre-moderation lets them through after N).
  virtual Result<std::int64_t> published_by(std::int64_t author_id) = 0;
  virtual Status edit(std::int64_t id, std::string_view body, CommentStatus status,
                      std::string_view reason, Timestamp at) = 0;
  virtual Status set_status(std::int64_t id, CommentStatus status, std::string_view reason) = 0;
  // Every comment of an author, newest first (the reader's export).
  virtual Result<std::vector<Comment>> by_author(std::int64_t author_id) = 0;
  // The `limit` newest comments of an author that are not deleted, newest
  // first (the reader's account page).
  virtual Result<std::vector<Comment>> latest_by_author(std::int64_t author_id, int limit) = 0;

  // Reports. add_report returns false when this reader already reported
  // this comment (one report per reader per comment).
  virtual Result<bool> add_report(const Report& r) = 0;
  virtual Result<std::vector<Report>> reports_for(std::int64_t comment_id) = 0;
  // Sum of the weights of the undecided reports of one reason.
  virtual Result<double> open_weight(std::int64_t comment_id, std::string_view reason) = 0;
  // Decides every open report of a comment and updates the reporters' records.
  virtual Status settle_reports(std::int64_t comment_id, bool upheld) = 0;
  virtual Result<ReporterRecord> reporter(std::int64_t user_id) = 0;

  // Moderation queues, newest first, at most `limit`.
  virtual Result<std::vector<Comment>> with_status(CommentStatus s, int limit) = 0;
  virtual Result<std::vector<Comment>> reported(int limit) = 0;  // open reports, any status
  virtual Status record(const Decision& d) = 0;
  virtual Result<std::vector<Decision>> decisions(int limit) = 0;
  virtual Result<std::vector<Decision>> decisions_about_user(std::int64_t user_id) = 0;

  virtual Status ban(const Ban& b) = 0;  // replaces any ban of that user
  virtual Status unban(std::int64_t user_id) = 0;
  virtual Result<std::optional<Ban>> active_ban(std::int64_t user_id, Timestamp now) = 0;

  // A moderator's decision on an article's thread: closed (false) or open
  // (true), whatever its age; the latest decision stands. nullopt when no
  // moderator decided, and the age rule applies.
  virtual Status set_thread_open(std::int64_t article_id, bool open) = 0;
  virtual Result<std::optional<bool>> thread_open(std::int64_t article_id) = 0;
};

}  // namespace depeche::store
