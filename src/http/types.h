#pragma once
// The request/response vocabulary shared by the transport (server.h), the
// router and the web layer, with the small helpers every handler needs.
// Everything here is a pure function of its arguments: no I/O, no state.

#include <utility>  // before Asio (Boost 1.74 with g++ 12)

#include <array>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
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

// An answer serialised once and sent as it is to every request it fits,
// its body shared rather than copied: a page kept in memory. Immutable once
// made, so any number of connections may send it at once.
struct PreparedResponse {
  unsigned status = 200;
  // The status line ("HTTP/1.1 ...") and every field, each line ending in
  // CRLF, without Connection and without the blank line that ends a head.
  std::string head;
  // Sent after the head unless the request is HEAD; null for a status that
  // has no body (304). The head's Content-Length is its size.
  std::shared_ptr<const std::string> body;
};

// Per-request header lines ("Name: value\r\n") sent after a prepared head: a
// request id. Bounded so that a prepared answer never allocates.
inline constexpr std::size_t kMaxPreparedExtraBytes = 96;

// What a PreparedHandler answers one request with.
struct PreparedAnswer {
  std::shared_ptr<const PreparedResponse> response;  // not null
  std::array<char, kMaxPreparedExtraBytes> extra{};
  std::size_t extra_size = 0;
  // Appends "name: value\r\n" to extra; false (nothing added) when it does not fit.
  bool add_header(std::string_view name, std::string_view value);
};

// Called on the I/O thread, before the Handler, for HTTP/1.1 GET and HEAD
// requests: an answer prepared earlier, or nullopt to let the Handler
// answer. Must be cheap and never block (a lookup in memory).
using PreparedHandler = std::function<std::optional<PreparedAnswer>(const Request&)>;

// `res` (an HTTP/1.1 response whose body is empty or equal to *body)
// serialised once: its fields as set, a Server field when it has none (as
// every answer of the server gets), no Connection field (the server adds
// one per request when it closes), and Content-Length the size of `body`
// (none when `body` is null).
std::shared_ptr<const PreparedResponse> prepare(Response res,
                                                std::shared_ptr<const std::string> body);

// The Server field of every answer that does not set its own.
inline constexpr std::string_view kServerName = "depeche";

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
