#pragma once
// Who sent a request: the signed-in user behind the session cookie or the
// bearer token, and the CSRF token that the page's forms must carry.
//
// CSRF: a random token in an HttpOnly cookie, echoed by every form as a
// hidden field (or by scripts in the X-CSRF-Token header); a state-changing
// request is accepted only when both are present and equal. A cross-site
// page can make the browser send the cookie but cannot read it to fill in
// the field. Bearer-token API calls carry no ambient authority and need no
// CSRF token.
//
// The cookie is handed out only with a page whose forms need it: to a
// signed-in reader, and with the sign-in and sign-up forms. Anonymous
// reading pages set no cookie at all, so that they can be cached by the
// page cache and by any cache in front (the contrast form on them is
// guarded by Origin / Sec-Fetch-Site instead: see Handlers::set_contrast).

#include <optional>
#include <string>
#include <string_view>

#include "comments/accounts.h"
#include "http/types.h"
#include "render/pages.h"

namespace depeche::web {

inline constexpr std::string_view kSessionCookie = "session";
inline constexpr std::string_view kCsrfCookie = "csrf";
inline constexpr std::string_view kCsrfField = "csrf";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
inline constexpr std::size_t kMaxTokenBytes = 128;

struct Visitor {
  std::optional<store::User> user;
  std::string session_token;  // as presented (cookie or bearer); "" when none
  bool by_bearer = false;     // authenticated by Authorization: Bearer
  std::string csrf;           // the token this visitor's forms carry; "" when none yet
  bool new_csrf = false;      // not in a cookie yet: the response must set it
};

// Gives `v` a CSRF token when it has none (a fresh one, which the response
// then sets as a cookie): for pages whose forms an anonymous visitor sends.
void need_csrf(Visitor& v);

// Reads the cookies and the Authorization header. A store failure leaves
// the visitor anonymous (pages still render); `accounts` may be null. A
// signed-in visitor always has a CSRF token; an anonymous one only when its
// cookie came with the request.
Visitor identify(const http::Request& req, comments::Accounts* accounts);

// Whether a state-changing request carries the visitor's CSRF token, in
// the form field (`form_token`) or the X-CSRF-Token header.
bool csrf_ok(const http::Request& req, const Visitor& v, std::string_view form_token);

// Set-Cookie values. `max_age` 0 deletes the cookie.
std::string session_cookie(std::string_view token, std::chrono::seconds max_age, bool secure);
std::string csrf_cookie(std::string_view token, bool secure);

// Adds the CSRF cookie to a response when the visitor did not have one.
void remember_csrf(http::Response& res, const Visitor& v, bool secure);

// What pages need to know about the request and the visitor.
render::PageContext page_context(const http::Request& req, const Visitor& v);

// The client's address as the server saw it (http::kPeerHeader).
std::string peer_address(const http::Request& req);

}  // namespace depeche::web
