// Handlers of accounts: the sign-in and sign-up pages, sign-out, their
// JSON API twins, and the admin pages that need a role.

#include <charconv>

#include "core/time.h"
#include "web/errors.h"
#include "web/handlers.h"
#include "web/responses.h"
#include "web/visitor.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;
using Json = nlohmann::json;

std::string return_to(const http::Request& req, std::map<std::string, std::string>* form) {
  if (form) return safe_return_path((*form)["return"]);
  auto target = req.target();
  auto r = http::query_param(std::string_view(target.data(), target.size()), "retour");
  return safe_return_path(r.value_or("/"));
}

bh::status status_of(const Error& e) {
  return static_cast<bh::status>(http_status(e.code));
}

void set_retry_after(http::Response& res, const Error& e) {
  if (e.code == ErrorCode::rate_limited) {
    res.set(bh::field::retry_after, std::to_string(e.retry_after.count()));
  }
}

Json user_json(const store::User& u) {
  return {{"id", u.id}, {"name", u.name}, {"role", store::to_string(u.role)}};
}

}  // namespace

http::Response Handlers::page(const http::Request& req, const Visitor& v, bh::status status,
                              std::string body) const {
  auto res = html(req, status, std::move(body));
  remember_csrf(res, v, deps_.secure_cookies);
  return res;
}

http::Response Handlers::account_page(const http::Request& req, render::AccountForm::Kind kind,
                                      std::map<std::string, std::string>* form,
                                      const Error* error) const {
  Visitor v = identify(req, deps_.accounts);
  render::AccountForm f;
  f.kind = kind;
  f.return_path = return_to(req, form);
  if (form) {
    f.email = (*form)["email"];
    f.name = (*form)["name"];
  }
  auto status = bh::status::ok;
  if (error) {
    f.error_code = error->message;
    f.retry_after = error->retry_after;
    status = status_of(*error);
  }
  auto res = page(req, v, status, deps_.pages.account_form(f, page_context(req, v)));
  if (error) set_retry_after(res, *error);
  return res;
}

http::Response Handlers::sign_in_page(const http::Request& req, const http::Params&) const {
  return account_page(req, render::AccountForm::Kind::sign_in, nullptr, nullptr);
}

http::Response Handlers::sign_up_page(const http::Request& req, const http::Params&) const {
  return account_page(req, render::AccountForm::Kind::sign_up, nullptr, nullptr);
}

http::Response Handlers::sign_in(const http::Request& req, const http::Params& p) const {
  return submit_account(req, p, render::AccountForm::Kind::sign_in);
}

http::Response Handlers::sign_up(const http::Request& req, const http::Params& p) const {
  return submit_account(req, p, render::AccountForm::Kind::sign_up);
}

http::Response Handlers::submit_account(const http::Request& req, const http::Params&,
                                        render::AccountForm::Kind kind) const {
  if (req.body().size() > kMaxFormBytes) {
    Error e = make_error(ErrorCode::too_large, "unavailable");
    return account_page(req, kind, nullptr, &e);
  }
  auto form = http::parse_form(req.body());
  Visitor v = identify(req, deps_.accounts);
  if (!csrf_ok(req, v, form[std::string(kCsrfField)])) {
    Error e = make_error(ErrorCode::forbidden, "csrf");
    return account_page(req, kind, &form, &e);
  }
  if (!deps_.accounts) {
    Error e = make_error(ErrorCode::io, "unavailable");
    return account_page(req, kind, &form, &e);
  }
  auto session = kind == render::AccountForm::Kind::sign_up
                     ? deps_.accounts->sign_up({form["email"], form["name"], form["password"]},
                                               peer_address(req))
                     : deps_.accounts->sign_in(form["email"], form["password"], peer_address(req));
  if (!session) return account_page(req, kind, &form, &session.error());
  auto res = http::redirect(req, bh::status::see_other, safe_return_path(form["return"]));
  signed_in(res, *session);
  return res;
}

void Handlers::signed_in(http::Response& res, const comments::Session& s) const {
  auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(comments::kSessionLifetime);
  res.insert(bh::field::set_cookie, session_cookie(s.token, lifetime, deps_.secure_cookies));
  // A fresh CSRF token with each new session.
  res.insert(bh::field::set_cookie, csrf_cookie(comments::random_token(), deps_.secure_cookies));
}

http::Response Handlers::sign_out(const http::Request& req, const http::Params&) const {
  auto form = http::parse_form(req.body().size() > kMaxFormBytes ? "" : req.body());
  Visitor v = identify(req, deps_.accounts);
  if (!csrf_ok(req, v, form[std::string(kCsrfField)])) {
    return page(req, v, bh::status::forbidden, deps_.pages.error(page_context(req, v)));
  }
  if (deps_.accounts) (void)deps_.accounts->sign_out(v.session_token);
  auto res = http::redirect(req, bh::status::see_other, "/");
  res.insert(bh::field::set_cookie,
             session_cookie("", std::chrono::seconds{0}, deps_.secure_cookies));
  return res;
}

http::Response Handlers::admin_feeds(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) {
    return http::redirect(req, bh::status::see_other, "/connexion?retour=/admin/flux");
  }
  auto ctx = page_context(req, v);
  if (v.user->role != store::Role::admin) {
    return page(req, v, bh::status::forbidden, deps_.pages.forbidden(ctx));
  }
  std::vector<ingest::FeedHealth> rows;
  if (deps_.feeds) rows = deps_.feeds->health();
  auto res = page(req, v, bh::status::ok, deps_.pages.feeds_admin(rows, ctx));
  res.set(bh::field::cache_control, "no-store");
  return res;
}

namespace {

// The {id} of a route, when it is a positive number.
std::optional<std::int64_t> id_param(const http::Params& p) {
  auto it = p.find("id");
  if (it == p.end()) return std::nullopt;
  std::int64_t id = 0;
  const auto& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

http::Response Handlers::admin_versions(const http::Request& req, const http::Params& p) const {
  Visitor v = identify(req, deps_.accounts);
  auto target = req.target();
  if (!v.user) {
    return http::redirect(req, bh::status::see_other,
                          "/connexion?retour=" + std::string(target.data(), target.size()));
  }
  auto ctx = page_context(req, v);
  if (v.user->role != store::Role::admin) {
    return page(req, v, bh::status::forbidden, deps_.pages.forbidden(ctx));
  }
  auto id = id_param(p);
  if (!id) return not_found(req, p);
  auto a = deps_.articles.by_id(*id);
  if (!a) return unavailable(req, a.error());
  if (!*a) return not_found(req, p);
  auto versions = deps_.articles.versions(*id);
  if (!versions) return unavailable(req, versions.error());
  auto res = page(req, v, bh::status::ok, deps_.pages.versions_admin(**a, *versions, ctx));
  res.set(bh::field::cache_control, "no-store");
  return res;
}

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

http::Response Handlers::account_home(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return http::redirect(req, bh::status::see_other, "/connexion?retour=/compte");
  auto res =
      page(req, v, bh::status::ok, deps_.pages.account_home(*v.user, {}, page_context(req, v)));
  res.set(bh::field::cache_control, "no-store");
  return res;
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
  std::string error;
  auto status = bh::status::ok;
  if (!csrf_ok(req, v, form[std::string(kCsrfField)])) {
    error = "csrf";
    status = bh::status::forbidden;
  } else if (auto st = deps_.accounts->remove(*v.user, form["password"]); !st) {
    error = st.error().message;
    status = static_cast<bh::status>(http_status(st.error().code));
  } else {
    auto res = http::redirect(req, bh::status::see_other, "/");
    res.insert(bh::field::set_cookie,
               session_cookie("", std::chrono::seconds{0}, deps_.secure_cookies));
    return res;
  }
  return page(req, v, status, deps_.pages.account_home(*v.user, error, page_context(req, v)));
}

// --- JSON API ---------------------------------------------------------------

http::Response Handlers::api_error(const http::Request& req, const Error& e) const {
  return api_error_response(req, e, deps_.pages.messages());
}

// 201 with the token (for bearer clients) and the cookies (for browsers).
http::Response Handlers::session_created(const http::Request& req,
                                         const comments::Session& s) const {
  auto res = json(req, bh::status::created,
                  {{"token", s.token},
                   {"expires_at", format_iso8601_utc(s.expires_at)},
                   {"user", user_json(s.user)}});
  signed_in(res, s);
  return res;
}

http::Response Handlers::api_sign_in(const http::Request& req, const http::Params&) const {
  auto body = json_object(req, kMaxFormBytes);
  if (!body) return api_error(req, body.error());
  if (!deps_.accounts) return api_error(req, make_error(ErrorCode::io, "unavailable"));
  auto s = deps_.accounts->sign_in(json_string(*body, "email"), json_string(*body, "password"),
                                   peer_address(req));
  if (!s) return api_error(req, s.error());
  return session_created(req, *s);
}

http::Response Handlers::api_sign_up(const http::Request& req, const http::Params&) const {
  auto body = json_object(req, kMaxFormBytes);
  if (!body) return api_error(req, body.error());
  if (!deps_.accounts) return api_error(req, make_error(ErrorCode::io, "unavailable"));
  auto s = deps_.accounts->sign_up(
      {json_string(*body, "email"), json_string(*body, "name"), json_string(*body, "password")},
      peer_address(req));
  if (!s) return api_error(req, s.error());
  return session_created(req, *s);
}

http::Response Handlers::api_sign_out(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "not signed in"));
  if (!v.by_bearer && !csrf_ok(req, v, {})) {
    return api_error(req, make_error(ErrorCode::forbidden, "missing or wrong X-CSRF-Token"));
  }
  if (auto st = deps_.accounts->sign_out(v.session_token); !st) return api_error(req, st.error());
  auto res = http::make_response(req, bh::status::no_content, "", kJson);
  res.insert(bh::field::set_cookie,
             session_cookie("", std::chrono::seconds{0}, deps_.secure_cookies));
  return res;
}

http::Response Handlers::api_versions(const http::Request& req, const http::Params& p) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "sign in as an admin"));
  if (v.user->role != store::Role::admin) {
    return api_error(req, make_error(ErrorCode::forbidden, "admins only"));
  }
  auto id = id_param(p);
  if (!id) return api_error(req, make_error(ErrorCode::not_found, "no such article"));
  auto versions = deps_.articles.versions(*id);
  if (!versions) return api_error(req, versions.error());
  if (versions->empty()) return api_error(req, make_error(ErrorCode::not_found, "no such article"));
  Json items = Json::array();
  for (const auto& d : *versions) {
    items.push_back({{"version", d.version},
                     {"version_created", format_iso8601_utc(d.version_created)},
                     {"headline", d.headline},
                     {"status", d.status == WireStatus::withdrawn ? "withdrawn" : "usable"},
                     {"correction", d.correction}});
  }
  return json(req, bh::status::ok, {{"items", items}});
}

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

http::Response Handlers::api_me(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "not signed in"));
  auto res = json(req, bh::status::ok, {{"user", user_json(*v.user)}, {"csrf", v.csrf}});
  remember_csrf(res, v, deps_.secure_cookies);
  return res;
}

}  // namespace depeche::web
