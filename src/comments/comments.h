#pragma once
// Front door of readers' comments: posting, replies, editing, deleting,
// reading a thread, and reporting. Moderators' side is comments/moderation.h.
//
// Failures are values whose message is a stable code that pages translate
// through the catalogue ("comment_error_" + code):
//   empty, too_long, banned_words          (ErrorCode::invalid_input)
//   closed, banned, not_author, edit_window, own_comment (ErrorCode::forbidden)
//   not_found                              (ErrorCode::not_found)
//   already_reported                       (ErrorCode::conflict)
//   reason_unknown, law_required           (ErrorCode::invalid_input)
//   rate_limited                           (ErrorCode::rate_limited, with retry_after)

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "comments/rate_limit.h"
#include "comments/text.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::comments {

enum class PreModeration {
  off,          // comments appear at once (after the word and link checks)
  new_readers,  // held until the author has `trusted_after` published comments
  everyone,     // every comment waits for a moderator
};
std::optional<PreModeration> premoderation_from_string(std::string_view s);

// The reasons a reader may give when reporting, in the order the dialog
// shows them.
inline constexpr std::string_view kReportReasons[] = {"spam",      "abuse",   "hate",
                                                      "off_topic", "illegal", "other"};

// What the site decides about comments; every field comes from the config.
struct CommentRules {
  PreModeration premoderation = PreModeration::off;
  int trusted_after = 3;
  std::vector<std::string> banned_words;   // a comment with one is refused
  std::vector<std::string> suspect_words;  // a comment with one waits for a moderator
  int max_links = 2;                       // more links: the comment waits
  std::chrono::seconds edit_window{15 * 60};
  std::chrono::seconds close_after{7 * 24 * 3600};  // after publication; 0: never
  // How fast one account, or one network address, may post and report.
  RateRule post_per_account = kPostPerAccount;
  RateRule post_per_address = kPostPerAddress;
  RateRule report_per_account = kReportPerAccount;
  RateRule report_per_address = kReportPerAddress;
  // Weighted reports of one reason that hide a comment until review.
  std::map<std::string, double, std::less<>> thresholds = {
      {"spam", 3}, {"abuse", 3}, {"hate", 2}, {"off_topic", 5}, {"illegal", 2}, {"other", 4}};
};

// A reader's weight as a reporter: 1 for a newcomer, towards 2 when their
// reports are upheld, towards 0 when they are dismissed (Laplace-smoothed
// accuracy, doubled).
double reporter_weight(const store::ReporterRecord& r);

// The one visibility rule for a comment's text, whatever carries it (page,
// API, a form's JSON answer, an export): everyone reads a published
// comment; a held, hidden or rejected one is read only by its author and by
// moderators; a deleted one by nobody.
bool may_read_text(const store::Comment& c, const std::optional<store::User>& viewer);

// The comment as `viewer` may see it: its text emptied when may_read_text
// says no. Everything that answers with a comment goes through this.
store::Comment as_seen_by(store::Comment c, const std::optional<store::User>& viewer);

// A reader's own comment and the article it is on (nullopt once the
// article is gone from the store).
struct OwnComment {
  store::Comment comment;
  std::optional<store::Article> article;
};

// One page of an article's thread, as the viewer may see it.
struct Thread {
  std::vector<store::ThreadItem> items;     // top-level in the chosen order, replies under each
  std::optional<store::ThreadCursor> next;  // the next page; nullopt on the last
  std::int64_t published = 0;               // the count readers see (exact, whole thread)
  bool open = true;                         // whether new comments are taken
};

// Which page of a thread to read.
struct ThreadRequest {
  store::ThreadOrder order = store::ThreadOrder::oldest_first;
  std::optional<store::ThreadCursor> after;  // nullopt: the first page
  int limit = store::kThreadPageSize;        // top-level comments (clamped by the store)
  std::optional<std::int64_t> replies_of;    // set: the replies of this comment instead
};

class Comments {
 public:
  Comments(store::Store& store, const Clock& clock, RateLimiter& limiter, CommentRules rules);

  // Posts on article `article_id`; a reply names its `parent` (a reply to a
  // reply joins the same thread). The result says whether it is published
  // or held (status pending, with the reason).
  Result<store::Comment> post(const store::User& author, std::int64_t article_id,
                              std::optional<std::int64_t> parent, std::string_view text,
                              std::string_view address);
  // Within the edit window, by its author; the checks run again.
  Result<store::Comment> edit(const store::User& author, std::int64_t id, std::string_view text);
  // By its author (moderators reject instead): the text is erased.
  Status remove(const store::User& author, std::int64_t id);
  // Every comment of `author`, newest first: what "download my comments" gives.
  Result<std::vector<store::Comment>> by_author(const store::User& author) {
    return store_.comments().by_author(author.id);
  }
  // The `limit` newest comments of `author` that are not deleted, newest
  // first, each with its article: what the reader's account page lists.
  Result<std::vector<OwnComment>> latest_of(const store::User& author, int limit);
  // How many published comments an article has (the count readers see).
  Result<std::int64_t> published_count(std::int64_t article_id) {
    return store_.comments().count_published(article_id);
  }
  // Whether `author` wrote on the article (any status): their view of its
  // thread is then their own; otherwise it is any reader's.
  Result<bool> has_written(const store::User& author, std::int64_t article_id) {
    return store_.comments().has_written(author.id, article_id);
  }
  // Any comment by id, whatever its status (pages check what to show).
  Result<std::optional<store::Comment>> find(std::int64_t id);
  // One page of the thread (store::CommentStore::thread says what the
  // viewer sees), with the exact published count and whether it is open.
  Result<Thread> thread(std::int64_t article_id, const std::optional<store::User>& viewer,
                        const ThreadRequest& page = {});
  // The same for an article the caller has just read (a page view): not
  // read again.
  Result<Thread> thread(const store::Article& article, const std::optional<store::User>& viewer,
                        const ThreadRequest& page = {});
  // Whether new comments are taken: not withdrawn, not closed by a
  // moderator, younger than close_after.
  Result<bool> is_open(const store::Article& a);
  bool editable(const store::Comment& c, const std::optional<store::User>& viewer) const;
  // One report per reader per comment. Hides the comment when the weighted
  // reports of that reason reach the threshold. Returns the comment after.
  Result<store::Comment> report(const store::User& reporter, std::int64_t comment_id,
                                std::string_view reason, std::string_view law,
                                std::string_view text, std::string_view address);

  const CommentRules& rules() const { return rules_; }

 private:
  // `article` is null when there is no such article (the thread is then
  // closed).
  Result<Thread> thread_of(std::int64_t article_id, const store::Article* article,
                           const std::optional<store::User>& viewer, const ThreadRequest& page);
  // Which status a new or edited text gets, and why; an error when refused.
  Result<std::pair<store::CommentStatus, std::string>> screen(const store::User& author,
                                                              const std::string& text);

  store::Store& store_;
  const Clock& clock_;
  RateLimiter& limiter_;
  CommentRules rules_;
  WordList banned_;
  WordList suspect_;
};

}  // namespace depeche::comments
