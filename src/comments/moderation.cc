#include "comments/moderation.h"

#include "comments/text.h"

namespace depeche::comments {
namespace {

Status check(const store::User& u) {
  if (!is_moderator(u)) return make_error(ErrorCode::forbidden, "not_moderator");
  return {};
}

Result<std::string> reason_text(std::string_view raw, bool required) {
  std::string r = normalize_comment(raw);
  if (required && r.empty()) return make_error(ErrorCode::invalid_input, "reason_required");
  if (code_points(r) > kMaxDecisionReasonChars) {
    return make_error(ErrorCode::invalid_input, "too_long");
  }
  return r;
}

}  // namespace

bool is_moderator(const store::User& u) {
  return u.role == store::Role::moderator || u.role == store::Role::admin;
}

Result<QueueItem> Moderation::in_context(store::Comment c) {
  QueueItem item;
  item.article = DEPECHE_TRY(store_.articles().by_id(c.article_id));
  if (c.parent_id) item.parent = DEPECHE_TRY(store_.comments().by_id(*c.parent_id));
  item.reports = DEPECHE_TRY(store_.comments().reports_for(c.id));
  item.comment = std::move(c);
  return item;
}

Result<Queues> Moderation::queues(const store::User& moderator, int limit) {
  DEPECHE_TRY(check(moderator));
  Queues q;
  for (auto& c : DEPECHE_TRY(store_.comments().reported(limit))) {
    q.reported.push_back(DEPECHE_TRY(in_context(std::move(c))));
  }
  for (auto& c : DEPECHE_TRY(store_.comments().with_status(store::CommentStatus::pending, limit))) {
    q.pending.push_back(DEPECHE_TRY(in_context(std::move(c))));
  }
  q.recent = DEPECHE_TRY(store_.comments().decisions(limit));
  return q;
}

Status Moderation::decide(const store::User& moderator, std::int64_t comment_id, bool approve,
                          std::string_view reason) {
  DEPECHE_TRY(check(moderator));
  std::string why = DEPECHE_TRY(reason_text(reason, !approve));
  auto c = DEPECHE_TRY(store_.comments().by_id(comment_id));
  if (!c || c->status == store::CommentStatus::deleted) {
    return make_error(ErrorCode::not_found, "not_found");
  }
  DEPECHE_TRY(store_.comments().set_status(
      comment_id, approve ? store::CommentStatus::published : store::CommentStatus::rejected,
      approve ? std::string() : why));
  // Readers who reported learn from the outcome: their weight follows.
  if (c->open_reports > 0) DEPECHE_TRY(store_.comments().settle_reports(comment_id, !approve));
  store::Decision d;
  d.moderator_id = moderator.id;
  d.action = approve ? "approve" : "reject";
  d.comment_id = comment_id;
  d.user_id = c->author_id;
  d.article_id = c->article_id;
  d.reason = why;
  d.at = clock_.now();
  return store_.comments().record(d);
}

Status Moderation::approve(const store::User& moderator, std::int64_t comment_id,
                           std::string_view reason) {
  return decide(moderator, comment_id, true, reason);
}

Status Moderation::reject(const store::User& moderator, std::int64_t comment_id,
                          std::string_view reason) {
  return decide(moderator, comment_id, false, reason);
}

Status Moderation::ban(const store::User& moderator, std::int64_t user_id,
                       std::optional<std::chrono::seconds> duration, std::string_view reason) {
  DEPECHE_TRY(check(moderator));
  std::string why = DEPECHE_TRY(reason_text(reason, true));
  auto target = DEPECHE_TRY(store_.users().by_id(user_id));
  if (!target) return make_error(ErrorCode::not_found, "not_found");
  if (is_moderator(*target) && moderator.role != store::Role::admin) {
    return make_error(ErrorCode::forbidden, "not_moderator");
  }
  store::Ban b;
  b.user_id = user_id;
  b.since = clock_.now();
  if (duration) b.until = b.since + *duration;
  b.reason = why;
  DEPECHE_TRY(store_.comments().ban(b));
  store::Decision d;
  d.moderator_id = moderator.id;
  d.action = duration ? "suspend" : "ban";
  d.user_id = user_id;
  d.reason = duration ? why + " (" + std::to_string(duration->count() / 3600) + " h)" : why;
  d.at = clock_.now();
  return store_.comments().record(d);
}

Status Moderation::unban(const store::User& moderator, std::int64_t user_id,
                         std::string_view reason) {
  DEPECHE_TRY(check(moderator));
  std::string why = DEPECHE_TRY(reason_text(reason, false));
  DEPECHE_TRY(store_.comments().unban(user_id));
  store::Decision d;
  d.moderator_id = moderator.id;
  d.action = "unban";
  d.user_id = user_id;
  d.reason = why;
  d.at = clock_.now();
  return store_.comments().record(d);
}

Status Moderation::set_closed(const store::User& moderator, std::int64_t article_id, bool closed,
                              std::string_view reason) {
  DEPECHE_TRY(check(moderator));
  std::string why = DEPECHE_TRY(reason_text(reason, false));
  auto a = DEPECHE_TRY(store_.articles().by_id(article_id));
  if (!a) return make_error(ErrorCode::not_found, "not_found");
  DEPECHE_TRY(store_.comments().set_thread_open(article_id, !closed));
  store::Decision d;
  d.moderator_id = moderator.id;
  d.action = closed ? "close" : "open";
  d.article_id = article_id;
  d.reason = why;
  d.at = clock_.now();
  return store_.comments().record(d);
}

Result<std::vector<store::Decision>> Moderation::history(const store::User& moderator,
                                                         std::int64_t user_id) {
  DEPECHE_TRY(check(moderator));
  return store_.comments().decisions_about_user(user_id);
}

}  // namespace depeche::comments
