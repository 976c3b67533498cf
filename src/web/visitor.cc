#include "web/visitor.h"

#include "web/responses.h"

namespace depeche::web {
namespace {

namespace bh = http::beast_http;

std::string_view header(const http::Request& req, std::string_view name) {
  auto v = req[boost::beast::string_view(name.data(), name.size())];
  return {v.data(), v.size()};
}

std::optional<std::string> bearer(const http::Request& req) {
  auto auth = req[bh::field::authorization];
  std::string_view a(auth.data(), auth.size());
  if (!a.starts_with("Bearer ") || a.size() > 7 + kMaxTokenBytes) return std::nullopt;
  return std::string(a.substr(7));
}

// Tokens are URL-safe base64: anything else is not ours.
bool token_shaped(std::string_view t) {
  if (t.empty() || t.size() > kMaxTokenBytes) return false;
  for (char c : t) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

Visitor identify(const http::Request& req, comments::Accounts* accounts) {
  Visitor v;
  if (auto b = bearer(req); b && token_shaped(*b)) {
    v.session_token = *b;
    v.by_bearer = true;
  } else if (auto c = http::cookie(req, kSessionCookie); c && token_shaped(*c)) {
    v.session_token = *c;
  }
  if (accounts && !v.session_token.empty()) {
    auto user = accounts->user_for(v.session_token);
    if (user && *user) v.user = std::move(**user);
  }
  if (auto c = http::cookie(req, kCsrfCookie); c && token_shaped(*c)) {
    v.csrf = *c;
  } else if (v.user) {
    need_csrf(v);
  }
  return v;
}

void need_csrf(Visitor& v) {
  if (!v.csrf.empty()) return;
  v.csrf = comments::random_token();
  v.new_csrf = true;
}

bool csrf_ok(const http::Request& req, const Visitor& v, std::string_view form_token) {
  if (v.new_csrf || v.csrf.empty()) return false;  // no cookie came with the request
  std::string_view presented = form_token.empty() ? header(req, kCsrfHeader) : form_token;
  return !presented.empty() && comments::same_secret(presented, v.csrf);
}

std::string session_cookie(std::string_view token, std::chrono::seconds max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + std::string(token) +
         "; Path=/; Max-Age=" + std::to_string(max_age.count()) + "; HttpOnly; SameSite=Lax" +
         (secure ? "; Secure" : "");
}

std::string csrf_cookie(std::string_view token, bool secure) {
  // A session cookie (no Max-Age): a new one comes with the next page.
  return std::string(kCsrfCookie) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Lax" +
         (secure ? "; Secure" : "");
}

void remember_csrf(http::Response& res, const Visitor& v, bool secure) {
  if (v.new_csrf) res.insert(bh::field::set_cookie, csrf_cookie(v.csrf, secure));
}

render::PageContext page_context(const http::Request& req, const Visitor& v) {
  render::PageContext ctx = page_context(req);
  ctx.csrf = v.csrf;
  if (v.user) ctx.viewer = render::Viewer{v.user->name, v.user->role};
  return ctx;
}

std::string peer_address(const http::Request& req) {
  return std::string(header(req, http::kPeerHeader));
}

}  // namespace depeche::web
