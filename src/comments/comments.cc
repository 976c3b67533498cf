#include "comments/comments.h"

#include <algorithm>

namespace depeche::comments {
namespace {

inline constexpr std::size_t kMaxReportChars = 1000;
inline constexpr std::size_t kMaxLawChars = 200;

Error refuse(ErrorCode code, std::string why) {
  return make_error(code, std::move(why));
}

}  // namespace

std::optional<PreModeration> premoderation_from_string(std::string_view s) {
  if (s == "off") return PreModeration::off;
  if (s == "new_readers") return PreModeration::new_readers;
  if (s == "everyone") return PreModeration::everyone;
  return std::nullopt;
}

bool may_read_text(const store::Comment& c, const std::optional<store::User>& viewer) {
  switch (c.status) {
    case store::CommentStatus::published:
      return true;
    case store::CommentStatus::deleted:
      return false;
    case store::CommentStatus::pending:
    case store::CommentStatus::hidden:
    case store::CommentStatus::rejected:
      return viewer && (c.author_id == viewer->id || viewer->role == store::Role::moderator ||
                        viewer->role == store::Role::admin);
  }
  return false;
}

store::Comment as_seen_by(store::Comment c, const std::optional<store::User>& viewer) {
  if (!may_read_text(c, viewer)) c.body.clear();
  return c;
}

double reporter_weight(const store::ReporterRecord& r) {
  double upheld = static_cast<double>(r.upheld);
  double decided = static_cast<double>(r.upheld + r.dismissed);
  return 2.0 * (upheld + 1.0) / (decided + 2.0);
}

Comments::Comments(store::Store& store, const Clock& clock, RateLimiter& limiter,
                   CommentRules rules)
    : store_(store),
      clock_(clock),
      limiter_(limiter),
      rules_(std::move(rules)),
      banned_(rules_.banned_words),
      suspect_(rules_.suspect_words) {}

Result<bool> Comments::is_open(const store::Article& a) {
  if (a.status != store::ArticleStatus::published) return false;
  // A moderator's decision, either way, outranks the age rule.
  if (auto decided = DEPECHE_TRY(store_.comments().thread_open(a.id))) return *decided;
  return rules_.close_after.count() == 0 || clock_.now() < a.published_at + rules_.close_after;
}

Result<std::pair<store::CommentStatus, std::string>> Comments::screen(const store::User& author,
                                                                      const std::string& text) {
  using S = store::CommentStatus;
  if (text.empty()) return refuse(ErrorCode::invalid_input, "empty");
  if (code_points(text) > kMaxCommentChars) return refuse(ErrorCode::invalid_input, "too_long");
  if (banned_.first_match(text)) return refuse(ErrorCode::invalid_input, "banned_words");
  if (suspect_.first_match(text)) return std::pair{S::pending, std::string("suspect_words")};
  if (count_links(text) > rules_.max_links) return std::pair{S::pending, std::string("links")};
  bool staff = author.role != store::Role::reader;
  if (!staff && rules_.premoderation == PreModeration::everyone) {
    return std::pair{S::pending, std::string("premoderation")};
  }
  if (!staff && rules_.premoderation == PreModeration::new_readers &&
      DEPECHE_TRY(store_.comments().published_by(author.id)) < rules_.trusted_after) {
    return std::pair{S::pending, std::string("premoderation")};
  }
  return std::pair{S::published, std::string()};
}

Result<store::Comment> Comments::post(const store::User& author, std::int64_t article_id,
                                      std::optional<std::int64_t> parent, std::string_view text,
                                      std::string_view address) {
  auto article = DEPECHE_TRY(store_.articles().by_id(article_id));
  if (!article) return refuse(ErrorCode::not_found, "not_found");
  if (auto ban = DEPECHE_TRY(store_.comments().active_ban(author.id, clock_.now()))) {
    return refuse(ErrorCode::forbidden, "banned");
  }
  if (!DEPECHE_TRY(is_open(*article))) return refuse(ErrorCode::forbidden, "closed");
  if (parent) {
    auto p = DEPECHE_TRY(store_.comments().by_id(*parent));
    if (!p || p->article_id != article_id || p->status != store::CommentStatus::published) {
      return refuse(ErrorCode::not_found, "not_found");
    }
    // One level of replies: a reply to a reply joins its thread.
    if (p->parent_id) parent = p->parent_id;
  }
  std::string body = normalize_comment(text);
  auto [status, reason] = DEPECHE_TRY(screen(author, body));
  std::string user_key = "post:user:" + std::to_string(author.id);
  std::string addr_key = "post:addr:" + std::string(address);
  DEPECHE_TRY(
      limiter_.hit_all({{user_key, rules_.post_per_account}, {addr_key, rules_.post_per_address}}));
  store::NewComment c{article_id, parent, author.id, body, status, reason, clock_.now()};
  auto id = DEPECHE_TRY(store_.comments().add(c));
  auto stored = DEPECHE_TRY(store_.comments().by_id(id));
  if (!stored) return refuse(ErrorCode::internal, "comment vanished after insert");
  return std::move(*stored);
}

bool Comments::editable(const store::Comment& c, const std::optional<store::User>& viewer) const {
  return viewer && c.author_id == viewer->id && c.status != store::CommentStatus::deleted &&
         c.status != store::CommentStatus::rejected &&
         clock_.now() < c.created_at + rules_.edit_window;
}

Result<store::Comment> Comments::edit(const store::User& author, std::int64_t id,
                                      std::string_view text) {
  auto c = DEPECHE_TRY(store_.comments().by_id(id));
  if (!c || c->status == store::CommentStatus::deleted) {
    return refuse(ErrorCode::not_found, "not_found");
  }
  if (c->author_id != author.id) return refuse(ErrorCode::forbidden, "not_author");
  if (!editable(*c, author)) return refuse(ErrorCode::forbidden, "edit_window");
  if (auto ban = DEPECHE_TRY(store_.comments().active_ban(author.id, clock_.now()))) {
    return refuse(ErrorCode::forbidden, "banned");
  }
  std::string body = normalize_comment(text);
  auto [status, reason] = DEPECHE_TRY(screen(author, body));
  // An edit never lifts a hold a moderator or the readers put on it.
  if (c->status == store::CommentStatus::hidden || c->status == store::CommentStatus::pending) {
    if (status == store::CommentStatus::published) reason = c->reason;
    status = c->status;
  }
  DEPECHE_TRY(store_.comments().edit(id, body, status, reason, clock_.now()));
  return std::move(*DEPECHE_TRY(store_.comments().by_id(id)));
}

Status Comments::remove(const store::User& author, std::int64_t id) {
  auto c = DEPECHE_TRY(store_.comments().by_id(id));
  if (!c || c->status == store::CommentStatus::deleted) {
    return refuse(ErrorCode::not_found, "not_found");
  }
  if (c->author_id != author.id) return refuse(ErrorCode::forbidden, "not_author");
  return store_.comments().set_status(id, store::CommentStatus::deleted, "author");
}

Result<std::vector<OwnComment>> Comments::latest_of(const store::User& author, int limit) {
  std::vector<OwnComment> out;
  // Readers often comment one article several times: each is read once.
  std::map<std::int64_t, std::optional<store::Article>> articles;
  for (auto& c : DEPECHE_TRY(store_.comments().latest_by_author(author.id, limit))) {
    auto known = articles.find(c.article_id);
    if (known == articles.end()) {
      auto a = DEPECHE_TRY(store_.articles().by_id(c.article_id));
      known = articles.emplace(c.article_id, std::move(a)).first;
    }
    out.push_back({std::move(c), known->second});
  }
  return out;
}

Result<std::optional<store::Comment>> Comments::find(std::int64_t id) {
  return store_.comments().by_id(id);
}

Result<Thread> Comments::thread(std::int64_t article_id, const std::optional<store::User>& viewer,
                                const ThreadRequest& page) {
  auto article = DEPECHE_TRY(store_.articles().by_id(article_id));
  return thread_of(article_id, article ? &*article : nullptr, viewer, page);
}

Result<Thread> Comments::thread(const store::Article& article,
                                const std::optional<store::User>& viewer,
                                const ThreadRequest& page) {
  return thread_of(article.id, &article, viewer, page);
}

Result<Thread> Comments::thread_of(std::int64_t article_id, const store::Article* article,
                                   const std::optional<store::User>& viewer,
                                   const ThreadRequest& page) {
  store::ThreadQuery q;
  q.article_id = article_id;
  if (viewer) q.viewer = viewer->id;
  q.order = page.order;
  q.after = page.after;
  q.limit = page.limit;
  q.replies_of = page.replies_of;
  auto found = DEPECHE_TRY(store_.comments().thread(q));
  Thread t;
  t.items = std::move(found.items);
  t.next = found.next;
  t.published = DEPECHE_TRY(store_.comments().count_published(article_id));
  t.open = article && DEPECHE_TRY(is_open(*article));
  return t;
}

Result<store::Comment> Comments::report(const store::User& reporter, std::int64_t comment_id,
                                        std::string_view reason, std::string_view law,
                                        std::string_view text, std::string_view address) {
  auto c = DEPECHE_TRY(store_.comments().by_id(comment_id));
  if (!c ||
      (c->status != store::CommentStatus::published && c->status != store::CommentStatus::hidden)) {
    return refuse(ErrorCode::not_found, "not_found");
  }
  if (c->author_id == reporter.id) return refuse(ErrorCode::forbidden, "own_comment");
  auto known = std::find(std::begin(kReportReasons), std::end(kReportReasons), reason);
  if (known == std::end(kReportReasons)) return refuse(ErrorCode::invalid_input, "reason_unknown");
  std::string law_text = normalize_comment(law);
  std::string own_words = normalize_comment(text);
  if (reason == "illegal" && law_text.empty()) {
    return refuse(ErrorCode::invalid_input, "law_required");
  }
  if (code_points(law_text) > kMaxLawChars || code_points(own_words) > kMaxReportChars) {
    return refuse(ErrorCode::invalid_input, "too_long");
  }
  std::string user_key = "report:user:" + std::to_string(reporter.id);
  std::string addr_key = "report:addr:" + std::string(address);
  DEPECHE_TRY(limiter_.hit_all(
      {{user_key, rules_.report_per_account}, {addr_key, rules_.report_per_address}}));
  store::Report r;
  r.comment_id = comment_id;
  r.reporter_id = reporter.id;
  r.reason = std::string(reason);
  r.law = law_text;
  r.text = own_words;
  r.weight = reporter_weight(DEPECHE_TRY(store_.comments().reporter(reporter.id)));
  r.created_at = clock_.now();
  if (!DEPECHE_TRY(store_.comments().add_report(r))) {
    return refuse(ErrorCode::conflict, "already_reported");
  }
  double weight = DEPECHE_TRY(store_.comments().open_weight(comment_id, reason));
  auto threshold = rules_.thresholds.find(reason);
  if (c->status == store::CommentStatus::published && threshold != rules_.thresholds.end() &&
      weight >= threshold->second) {
    DEPECHE_TRY(store_.comments().set_status(comment_id, store::CommentStatus::hidden, "reported"));
    store::Decision d;
    d.action = "hide";
    d.comment_id = comment_id;
    d.article_id = c->article_id;
    d.reason = "reports: " + std::string(reason);
    d.at = clock_.now();
    DEPECHE_TRY(store_.comments().record(d));
  }
  return std::move(*DEPECHE_TRY(store_.comments().by_id(comment_id)));
}

}  // namespace depeche::comments
