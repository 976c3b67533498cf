#pragma once
// Building responses the same way everywhere: content types, security
// headers, JSON errors, and what a page needs to know about the request.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/types.h"
#include "render/pages.h"

namespace depeche::web {

inline constexpr std::string_view kHtml = "text/html; charset=utf-8";
inline constexpr std::string_view kJson = "application/json";
inline constexpr std::string_view kText = "text/plain; charset=utf-8";

// Content-Security-Policy of every response: only our own scripts and
// styles; pictures may come from agencies' https hosts.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// The name of the cookie holding the reader's contrast choice.
inline constexpr std::string_view kContrastCookie = "contrast";

http::Response html(const http::Request& req, http::beast_http::status status, std::string body);
http::Response json(const http::Request& req, http::beast_http::status status,
                    const nlohmann::json& body);
// {"error":{"code":"not_found","message":"…"}}
http::Response json_error(const http::Request& req, http::beast_http::status status,
                          std::string_view code, std::string_view message);

// The JSON object of an API call's body, or why it is not acceptable:
// unsupported (not application/json), too_large (over `limit` bytes) or
// invalid_input (not a JSON object).
Result<nlohmann::json> json_object(const http::Request& req, std::size_t limit);

// The string member `key` of a JSON object, or "" when absent or not a string.
std::string json_string(const nlohmann::json& object, const char* key);

// Headers every response carries, whoever built it.
void add_security_headers(http::Response& res);

// What pages need from the request: the contrast cookie, the return path.
render::PageContext page_context(const http::Request& req);

// A local path safe to redirect to ("/x?y"), else "/". Refuses absolute and
// scheme-relative URLs ("//evil"), backslashes and control characters.
std::string safe_return_path(std::string_view candidate);

}  // namespace depeche::web
