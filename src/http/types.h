#pragma once
// The request/response vocabulary shared by the transport (server.h), the
// router and the web layer, with the small helpers every handler needs.
// Everything here is a pure function of its arguments: no I/O, no state.

#include <utility>  // before Asio (Boost 1.74 with g++ 12)

#include <boost/beast/http.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace depeche::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// Called on an I/O thread for every complete request; must not block for
// long. A response whose keep_alive() is false closes the connection after
// it is sent. An exception thrown here becomes a 500; the server goes on.
using Handler = std::function<Response(const Request&)>;

// The server sets this header on every request to the client's network
// address, replacing any value the client sent.
inline constexpr std::string_view kPeerHeader = "X-Depeche-Peer";

// A response with the request's HTTP version and keep-alive, the body, its
// Content-Type, and Content-Length set.
Response make_response(const Request& req, beast_http::status status, std::string body,
                       std::string_view content_type);
// An empty response sending the client to `location`. Control characters in
// `location` are percent-encoded, so a location built from user input can
// never split the header.
Response redirect(const Request& req, beast_http::status status, std::string_view location);

// The path part of a request target, without the query.
std::string_view path_of(std::string_view target);
// The first value of a query parameter, percent-decoded ('+' is a space);
// "" for a name without '='; nullopt when absent.
std::optional<std::string> query_param(std::string_view target, std::string_view name);
// An application/x-www-form-urlencoded body; the first value of a name wins.
std::map<std::string, std::string> parse_form(std::string_view body);
// Decodes %XX escapes (and '+' when plus_is_space); invalid or truncated
// escapes are kept as they are.
std::string percent_decode(std::string_view s, bool plus_is_space);
// The value of one cookie of the request (surrounding quotes removed), from
// any of its Cookie headers; nullopt when not sent.
std::optional<std::string> cookie(const Request& req, std::string_view name);

}  // namespace depeche::http
