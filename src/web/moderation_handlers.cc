// Handlers of moderation: the queues page, decisions, sanctions, closing a
// thread, and the same through /api/v1/moderation/. Every one of them
// needs a moderator or an admin.

#include <charconv>

#include "comments/text.h"
#include "core/time.h"
#include "web/errors.h"
#include "web/handlers.h"
#include "web/responses.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;
using Json = nlohmann::json;

std::optional<std::int64_t> route_number(const http::Params& p, const char* name = "id") {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  std::int64_t n = 0;
  const auto& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

// Suspensions longer than ten years are bans: say so with null hours.
constexpr std::int64_t kMaxSuspensionHours = 24 * 3650;

// "24h", "7j", "30j" -> a suspension; "definitif" -> a ban (nullopt).
std::optional<std::optional<std::chrono::seconds>> duration_of(std::string_view word) {
  using std::chrono::hours;
  if (word == "24h") return std::optional<std::chrono::seconds>(hours(24));
  if (word == "7j") return std::optional<std::chrono::seconds>(hours(24 * 7));
  if (word == "30j") return std::optional<std::chrono::seconds>(hours(24 * 30));
  if (word == "definitif") return std::optional<std::chrono::seconds>();
  return std::nullopt;
}

Json comment_for_moderators(const store::Comment& c) {
  return {{"id", c.id},
          {"article_id", c.article_id},
          {"parent_id", c.parent_id ? Json(*c.parent_id) : Json()},
          {"author_id", c.author_id ? Json(*c.author_id) : Json()},
          {"author", c.author_id ? Json(c.author_name) : Json()},
          {"body", c.body},
          {"status", store::to_string(c.status)},
          {"reason", c.reason},
          {"created_at", format_iso8601_utc(c.created_at)}};
}

Json decision_json(const store::Decision& d) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(); };
  return {{"id", d.id},
          {"moderator_id", d.moderator_id},
          {"moderator", d.moderator_name},
          {"action", d.action},
          {"comment_id", opt(d.comment_id)},
          {"user_id", opt(d.user_id)},
          {"article_id", opt(d.article_id)},
          {"reason", d.reason},
          {"at", format_iso8601_utc(d.at)}};
}

Json queue_json(const std::vector<comments::QueueItem>& items) {
  Json out = Json::array();
  for (const auto& item : items) {
    Json j = comment_for_moderators(item.comment);
    if (item.article) {
      j["article"] = {{"id", item.article->id},
                      {"headline", item.article->dispatch.headline},
                      {"url", render::article_path(*item.article)}};
    }
    if (item.parent) j["parent"] = comment_for_moderators(*item.parent);
    j["reports"] = Json::array();
    for (const auto& r : item.reports) {
      j["reports"].push_back({{"reason", r.reason},
                              {"law", r.law},
                              {"text", r.text},
                              {"reporter", r.reporter_name},
                              {"weight", r.weight},
                              {"created_at", format_iso8601_utc(r.created_at)},
                              {"upheld", r.upheld ? Json(*r.upheld) : Json()}});
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

std::string Handlers::moderation_message(const Error& e) const {
  const auto& m = deps_.pages.messages();
  std::string key = "moderation_error_" + e.message;
  return m.has(key) ? m.text(key) : m.text("comment_error_unavailable");
}

// The signed-in moderator of a page, or the response that sends others away.
std::variant<store::User, http::Response> Handlers::moderator_page(const http::Request& req,
                                                                   const Visitor& v) const {
  if (!v.user) {
    auto t = req.target();
    return http::redirect(req, bh::status::see_other,
                          "/connexion?retour=" + std::string(t.data(), t.size()));
  }
  if (!comments::is_moderator(*v.user) || !deps_.moderation) {
    return page(req, v, bh::status::forbidden, deps_.pages.forbidden(page_context(req, v)));
  }
  return *v.user;
}

http::Response Handlers::moderation_page(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  auto who = moderator_page(req, v);
  if (auto* res = std::get_if<http::Response>(&who)) return std::move(*res);
  auto q = deps_.moderation->queues(std::get<store::User>(who));
  if (!q) return unavailable(req, q.error());
  auto t = req.target();
  bool done = http::query_param(std::string_view(t.data(), t.size()), "fait").has_value();
  auto res = page(req, v, bh::status::ok,
                  deps_.pages.moderation(
                      *q, done ? deps_.pages.messages().text("moderation_done") : std::string(), {},
                      page_context(req, v)));
  res.set(bh::field::cache_control, "no-store");
  return res;
}

http::Response Handlers::moderation_form(
    const http::Request& req,
    const std::function<Status(const store::User&, std::map<std::string, std::string>&)>& act,
    const std::string& back) const {
  Visitor v = identify(req, deps_.accounts);
  auto who = moderator_page(req, v);
  if (auto* res = std::get_if<http::Response>(&who)) return std::move(*res);
  auto form = http::parse_form(req.body().size() > kMaxFormBytes ? "" : req.body());
  Status st = csrf_ok(req, v, form[std::string(kCsrfField)])
                  ? act(std::get<store::User>(who), form)
                  : Status(make_error(ErrorCode::forbidden, "csrf"));
  if (st) return http::redirect(req, bh::status::see_other, back);
  // The queues again, saying what went wrong.
  auto q = deps_.moderation->queues(std::get<store::User>(who));
  if (!q) return unavailable(req, q.error());
  std::string error = st.error().message == "csrf"
                          ? deps_.pages.messages().text("comment_error_csrf")
                          : moderation_message(st.error());
  return page(req, v, static_cast<bh::status>(http_status(st.error().code)),
              deps_.pages.moderation(*q, {}, error, page_context(req, v)));
}

http::Response Handlers::moderate_comment(const http::Request& req, const http::Params& p) const {
  auto id = route_number(p);
  if (!id) return not_found(req, p);
  return moderation_form(
      req,
      [&](const store::User& mod, std::map<std::string, std::string>& form) -> Status {
        if (form["decision"] == "approve")
          return deps_.moderation->approve(mod, *id, form["motif"]);
        if (form["decision"] == "reject") return deps_.moderation->reject(mod, *id, form["motif"]);
        return make_error(ErrorCode::invalid_input, "not_found");
      },
      "/moderation?fait=1");
}

http::Response Handlers::moderation_user_page(const http::Request& req,
                                              const http::Params& p) const {
  auto id = route_number(p);
  if (!id) return not_found(req, p);
  Visitor v = identify(req, deps_.accounts);
  auto who = moderator_page(req, v);
  if (auto* res = std::get_if<http::Response>(&who)) return std::move(*res);
  auto user = deps_.accounts ? deps_.accounts->find(*id)
                             : Result<std::optional<store::User>>(std::optional<store::User>{});
  if (!user) return unavailable(req, user.error());
  if (!*user) return not_found(req, p);
  auto ban = deps_.moderation->active_ban(*id);
  auto history = deps_.moderation->history(std::get<store::User>(who), *id);
  if (!ban || !history) return unavailable(req, !ban ? ban.error() : history.error());
  auto t = req.target();
  bool done = http::query_param(std::string_view(t.data(), t.size()), "fait").has_value();
  auto res = page(req, v, bh::status::ok,
                  deps_.pages.moderation_user(
                      **user, *ban, *history,
                      done ? deps_.pages.messages().text("moderation_done") : std::string(), {},
                      page_context(req, v)));
  res.set(bh::field::cache_control, "no-store");
  return res;
}

http::Response Handlers::sanction_user(const http::Request& req, const http::Params& p) const {
  auto id = route_number(p);
  if (!id) return not_found(req, p);
  return moderation_form(
      req,
      [&](const store::User& mod, std::map<std::string, std::string>& form) -> Status {
        auto duration = duration_of(form["duree"]);
        if (!duration) return make_error(ErrorCode::invalid_input, "not_found");
        return deps_.moderation->ban(mod, *id, *duration, form["motif"]);
      },
      "/moderation/utilisateurs/" + std::to_string(*id) + "?fait=1");
}

http::Response Handlers::lift_sanction(const http::Request& req, const http::Params& p) const {
  auto id = route_number(p);
  if (!id) return not_found(req, p);
  return moderation_form(
      req,
      [&](const store::User& mod, std::map<std::string, std::string>& form) -> Status {
        return deps_.moderation->unban(mod, *id, form["motif"]);
      },
      "/moderation/utilisateurs/" + std::to_string(*id) + "?fait=1");
}

http::Response Handlers::close_thread(const http::Request& req, const http::Params& p) const {
  auto id = route_number(p);
  if (!id) return not_found(req, p);
  auto a = deps_.articles.by_id(*id);
  if (!a || !*a) return not_found(req, p);
  return moderation_form(
      req,
      [&](const store::User& mod, std::map<std::string, std::string>& form) -> Status {
        return deps_.moderation->set_closed(mod, *id, form["etat"] == "ferme", form["motif"]);
      },
      render::article_path(**a) + "#commentaires");
}

// --- JSON API ----------------------------------------------------------------

Result<store::User> Handlers::api_moderator(const http::Request& req, const Visitor& v,
                                            bool changes) const {
  auto user = DEPECHE_TRY(api_user(req, v, changes));
  if (!comments::is_moderator(user) || !deps_.moderation) {
    return make_error(ErrorCode::forbidden, "not_moderator");
  }
  return user;
}

Result<Handlers::ModeratorCall> Handlers::moderator_call(const http::Request& req, bool changes,
                                                         bool with_body) const {
  ModeratorCall call;
  Visitor v = identify(req, deps_.accounts);
  call.moderator = DEPECHE_TRY(api_moderator(req, v, changes));
  if (with_body) call.body = DEPECHE_TRY(json_object(req, kMaxFormBytes));
  return call;
}

http::Response Handlers::api_moderation_queues(const http::Request& req,
                                               const http::Params&) const {
  auto call = moderator_call(req, false, false);
  if (!call) return api_error(req, call.error());
  auto q = deps_.moderation->queues(call->moderator);
  if (!q) return api_error(req, q.error());
  Json recent = Json::array();
  for (const auto& d : q->recent) recent.push_back(decision_json(d));
  return json(req, bh::status::ok,
              {{"reported", queue_json(q->reported)},
               {"pending", queue_json(q->pending)},
               {"recent", recent}});
}

http::Response Handlers::api_moderate_comment(const http::Request& req,
                                              const http::Params& p) const {
  auto call = moderator_call(req, true, true);
  if (!call) return api_error(req, call.error());
  auto id = route_number(p);
  if (!id) return api_error(req, make_error(ErrorCode::not_found, "no such comment"));
  std::string decision = json_string(call->body, "decision");
  std::string reason = json_string(call->body, "reason");
  Status st = decision == "approve" ? deps_.moderation->approve(call->moderator, *id, reason)
              : decision == "reject"
                  ? deps_.moderation->reject(call->moderator, *id, reason)
                  : Status(make_error(ErrorCode::invalid_input, "decision is approve or reject"));
  if (!st) return api_error(req, st.error());
  return json(req, bh::status::ok, {{"decided", decision}});
}

http::Response Handlers::api_ban(const http::Request& req, const http::Params& p) const {
  bool lift = req.method() == bh::verb::delete_;
  // Lifting needs no body; a reason is welcome.
  auto call = moderator_call(req, true, !lift || !req.body().empty());
  if (!call) return api_error(req, call.error());
  auto id = route_number(p);
  if (!id) return api_error(req, make_error(ErrorCode::not_found, "no such user"));
  std::string reason = json_string(call->body, "reason");
  if (lift) {
    auto st = deps_.moderation->unban(call->moderator, *id, reason);
    if (!st) return api_error(req, st.error());
    return json(req, bh::status::ok, {{"banned", false}});
  }
  std::optional<std::chrono::seconds> duration;
  auto hours = call->body.find("hours");
  if (hours != call->body.end() && !hours->is_null()) {
    if (!hours->is_number_integer() || hours->get<std::int64_t>() <= 0 ||
        hours->get<std::int64_t>() > kMaxSuspensionHours) {
      return api_error(req, make_error(ErrorCode::invalid_input,
                                       "hours is a whole number of hours, or null for a ban"));
    }
    duration = std::chrono::hours(hours->get<std::int64_t>());
  }
  auto st = deps_.moderation->ban(call->moderator, *id, duration, reason);
  if (!st) return api_error(req, st.error());
  return json(req, bh::status::ok, {{"banned", true}});
}

http::Response Handlers::api_thread_state(const http::Request& req, const http::Params& p) const {
  auto call = moderator_call(req, true, true);
  if (!call) return api_error(req, call.error());
  auto id = route_number(p);
  auto open = call->body.find("open");
  if (!id || open == call->body.end() || !open->is_boolean()) {
    return api_error(req, make_error(ErrorCode::invalid_input, "open must be true or false"));
  }
  auto st = deps_.moderation->set_closed(call->moderator, *id, !open->get<bool>(),
                                         json_string(call->body, "reason"));
  if (!st) return api_error(req, st.error());
  return json(req, bh::status::ok, {{"open", open->get<bool>()}});
}

http::Response Handlers::api_user_history(const http::Request& req, const http::Params& p) const {
  auto call = moderator_call(req, false, false);
  if (!call) return api_error(req, call.error());
  auto id = route_number(p);
  if (!id) return api_error(req, make_error(ErrorCode::not_found, "no such user"));
  auto history = deps_.moderation->history(call->moderator, *id);
  if (!history) return api_error(req, history.error());
  auto ban = deps_.moderation->active_ban(*id);
  if (!ban) return api_error(req, ban.error());
  Json items = Json::array();
  for (const auto& d : *history) items.push_back(decision_json(d));
  Json ban_json;
  if (*ban) {
    ban_json = {{"until", (*ban)->until ? Json(format_iso8601_utc(*(*ban)->until)) : Json()},
                {"reason", (*ban)->reason}};
  }
  return json(req, bh::status::ok, {{"ban", ban_json}, {"decisions", items}});
}

}  // namespace depeche::web
