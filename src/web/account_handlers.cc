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
                                      render::FormErrors errors, bh::status status) const {
  Visitor v = identify(req, deps_.accounts);
  need_csrf(v);  // the form's token, and its cookie
  render::AccountForm f;
  f.kind = kind;
  f.return_path = return_to(req, form);
  if (form) {
    f.email = (*form)["email"];
    f.name = (*form)["name"];
  }
  auto retry_after = errors.retry_after;
  f.errors = std::move(errors);
  auto res = page(req, v, status, deps_.pages.account_form(f, page_context(req, v)));
  if (retry_after.count() > 0) res.set(bh::field::retry_after, std::to_string(retry_after.count()));
  return res;
}

http::Response Handlers::sign_in_page(const http::Request& req, const http::Params&) const {
  return account_page(req, render::AccountForm::Kind::sign_in, nullptr, {}, bh::status::ok);
}

http::Response Handlers::sign_up_page(const http::Request& req, const http::Params&) const {
  return account_page(req, render::AccountForm::Kind::sign_up, nullptr, {}, bh::status::ok);
}

http::Response Handlers::sign_in(const http::Request& req, const http::Params& p) const {
  return submit_account(req, p, render::AccountForm::Kind::sign_in);
}

http::Response Handlers::sign_up(const http::Request& req, const http::Params& p) const {
  return submit_account(req, p, render::AccountForm::Kind::sign_up);
}

http::Response Handlers::submit_account(const http::Request& req, const http::Params&,
                                        render::AccountForm::Kind kind) const {
  auto refuse = [&](std::map<std::string, std::string>* form, const Error& e,
                    FieldErrors fields = {}) {
    return account_page(req, kind, form, form_errors(e, std::move(fields)), status_of(e));
  };
  if (req.body().size() > kMaxFormBytes) {
    return refuse(nullptr, make_error(ErrorCode::too_large, "unavailable"));
  }
  auto form = http::parse_form(req.body());
  Visitor v = identify(req, deps_.accounts);
  if (!csrf_ok(req, v, form[std::string(kCsrfField)])) {
    return refuse(&form, make_error(ErrorCode::forbidden, "csrf"));
  }
  if (!deps_.accounts) return refuse(&form, make_error(ErrorCode::io, "unavailable"));
  FieldErrors fields;
  Result<comments::Session> session = make_error(ErrorCode::internal, "unavailable");
  if (kind == render::AccountForm::Kind::sign_up) {
    session = deps_.accounts->sign_up({form["email"], form["name"], form["password"]},
                                      peer_address(req), &fields);
  } else {
    fields = comments::Accounts::sign_in_problems(form["email"], form["password"]);
    session = fields.empty()
                  ? deps_.accounts->sign_in(form["email"], form["password"], peer_address(req))
                  : Result<comments::Session>(comments::error_of(fields.front()));
  }
  if (!session) return refuse(&form, session.error(), std::move(fields));
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
  if (deps_.feed_health) rows = deps_.feed_health();
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

http::Response Handlers::api_me(const http::Request& req, const http::Params&) const {
  Visitor v = identify(req, deps_.accounts);
  if (!v.user) return api_error(req, make_error(ErrorCode::unauthorized, "not signed in"));
  auto res = json(req, bh::status::ok, {{"user", user_json(*v.user)}, {"csrf", v.csrf}});
  remember_csrf(res, v, deps_.secure_cookies);
  return res;
}

}  // namespace depeche::web
