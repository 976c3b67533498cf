// Handlers of "Mon compte": the reader's page, the download of their data,
// the password change and the account's deletion, and their JSON API twins.

#include "core/time.h"
#include "web/errors.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/visitor.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;
using Json = nlohmann::json;

// How many of the reader's latest comments "Mon compte" lists; the export
// holds them all.
constexpr int kAccountCommentsShown = 20;

bh::status status_of(const Error& e) {
  return static_cast<bh::status>(http_status(e.code));
}

}  // namespace

// The reader's own data as JSON: the account and every comment.
Json Handlers::export_of(const store::User& u) const {
  Json comments = Json::array();
  if (deps_.comments) {
    if (auto mine = deps_.comments->by_author(u)) {
      for (const auto& c : *mine) {
        comments.push_back(
            {{"id", c.id},
             {"article_id", c.article_id},
             {"article_url", "/articles/" + std::to_string(c.article_id)},
             {"parent_id", c.parent_id ? Json(*c.parent_id) : Json()},
             {"body", c.body},
             {"status", store::to_string(c.status)},
             {"reason", c.reason},
             {"created_at", format_iso8601_utc(c.created_at)},
             {"edited_at", c.edited_at ? Json(format_iso8601_utc(*c.edited_at)) : Json()}});
      }
    }
  }
  return {{"account",
           {{"name", u.name},
            {"email", u.email},
            {"role", store::to_string(u.role)},
            {"created_at", format_iso8601_utc(u.created_at)}}},
          {"comments", comments}};
}

http::Response Handlers::account_home_page(const http::Request& req, const Visitor& v,
                                           bh::status status, render::AccountHome home) const {
  home.user = *v.user;
  if (deps_.comments) {
    // Without its comments the page still lets the reader manage the account.
    if (auto mine = deps_.comments->latest_of(*v.user, kAccountCommentsShown)) {
      home.comments = std::move(*mine);
    }
  }
  auto retry_after = std::max(home.password_errors.retry_after, home.delete_errors.retry_after);
  auto res = page(req, v, status, deps_.pages.account_home(home, page_context(req, v)));
  res.set(bh::field::cache_control, "no-store");
  if (retry_after.count() > 0) res.set(bh::field::retry_after, std::to_string(retry_after.count()));
  return res;
}

http::Response Handlers::account_home(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return http::redirect(req, bh::status::see_other, "/connexion?retour=/compte");
  render::AccountHome home;
  auto t = req.target();
  auto done = http::query_param(std::string_view(t.data(), t.size()), "fait");
  if (done == "mot-de-passe") home.notice_code = "password_changed";
  return account_home_page(req, v, bh::status::ok, std::move(home));
}

http::Response Handlers::account_export(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) {
    return http::redirect(req, bh::status::see_other, "/connexion?retour=/compte");
  }
  auto res = json(req, bh::status::ok, export_of(*v.user));
  res.set(bh::field::cache_control, "no-store");
  res.set(bh::field::content_disposition, "attachment; filename=\"mes-commentaires.json\"");
  return res;
}

http::Response Handlers::account_delete(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return http::redirect(req, bh::status::see_other, "/connexion?retour=/compte");
  auto form = http::parse_form(req.body().size() > kMaxFormBytes ? "" : req.body());
  render::AccountHome home;
  if (!csrf_ok(req, v, form[std::string(kCsrfField)])) {
    home.delete_errors = form_errors(make_error(ErrorCode::forbidden, "csrf"));
    return account_home_page(req, v, bh::status::forbidden, std::move(home));
  }
  FieldErrors fields;
  if (auto st = deps_.accounts->remove(*v.user, form["password"], &fields); !st) {
    home.delete_errors = form_errors(st.error(), std::move(fields));
    return account_home_page(req, v, status_of(st.error()), std::move(home));
  }
  auto res = http::redirect(req, bh::status::see_other, "/");
  res.insert(bh::field::set_cookie,
             session_cookie("", std::chrono::seconds{0}, deps_.secure_cookies));
  return res;
}

http::Response Handlers::account_password(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return http::redirect(req, bh::status::see_other, "/connexion?retour=/compte");
  auto form = http::parse_form(req.body().size() > kMaxFormBytes ? "" : req.body());
  render::AccountHome home;
  if (!csrf_ok(req, v, form[std::string(kCsrfField)])) {
    home.password_errors = form_errors(make_error(ErrorCode::forbidden, "csrf"));
    return account_home_page(req, v, bh::status::forbidden, std::move(home));
  }
  FieldErrors fields;
  comments::PasswordChange change{form["current_password"], form["new_password"],
                                  form["confirmation"]};
  if (auto st = deps_.accounts->change_password(*v.user, change, v.session_token, peer_address(req),
                                                &fields);
      !st) {
    home.password_errors = form_errors(st.error(), std::move(fields));
    return account_home_page(req, v, status_of(st.error()), std::move(home));
  }
  // After a redirect, so that reloading the page does not post again.
  return http::redirect(req, bh::status::see_other, "/compte?fait=mot-de-passe#mot-de-passe");
}

// --- JSON API ---------------------------------------------------------------

http::Response Handlers::api_my_comments(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "not signed in"));
  return json(req, bh::status::ok, export_of(*v.user));
}

http::Response Handlers::api_delete_me(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "not signed in"));
  if (!v.by_bearer && !csrf_ok(req, v, {})) {
    return api_error(req, make_error(ErrorCode::forbidden, "missing or wrong X-CSRF-Token"));
  }
  auto body = json_object(req, kMaxFormBytes);
  if (!body) return api_error(req, body.error());
  if (auto st = deps_.accounts->remove(*v.user, json_string(*body, "password")); !st) {
    return api_error(req, st.error());
  }
  auto res = http::make_response(req, bh::status::no_content, "", kJson);
  res.insert(bh::field::set_cookie,
             session_cookie("", std::chrono::seconds{0}, deps_.secure_cookies));
  return res;
}

http::Response Handlers::api_change_password(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "not signed in"));
  if (!v.by_bearer && !csrf_ok(req, v, {})) {
    return api_error(req, make_error(ErrorCode::forbidden, "missing or wrong X-CSRF-Token"));
  }
  auto body = json_object(req, kMaxFormBytes);
  if (!body) return api_error(req, body.error());
  FieldErrors fields;
  comments::PasswordChange change{json_string(*body, "current_password"),
                                  json_string(*body, "new_password"), std::nullopt};
  if (auto st = deps_.accounts->change_password(*v.user, change, v.session_token, peer_address(req),
                                                &fields);
      !st) {
    // The input at fault as the request body names it.
    std::string field = fields.empty() ? std::string() : fields.front().field;
    return api_error_response(req, st.error(), deps_.pages.messages(), field);
  }
  return http::make_response(req, bh::status::no_content, "", kJson);
}

}  // namespace depeche::web
