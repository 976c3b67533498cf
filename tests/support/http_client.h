#pragma once
// A small blocking HTTP/1.1 client for tests: one request per connection,
// bounded by a timeout, 127.0.0.1 only.

#include <utility>  // before Asio (Boost 1.74 with g++ 12)

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <vector>

namespace depeche::testing {

struct HttpResult {
  unsigned status = 0;
  std::string body;
  boost::beast::http::fields headers;
  std::string header(std::string_view name) const {
    auto it = headers.find(boost::beast::string_view(name.data(), name.size()));
    return it == headers.end() ? std::string() : std::string(it->value());
  }
  // Every value of a header that may repeat (Set-Cookie), joined by "\n".
  std::string all(std::string_view name) const {
    std::string out;
    auto [from, to] = headers.equal_range(boost::beast::string_view(name.data(), name.size()));
    for (auto it = from; it != to; ++it) out += std::string(it->value()) + "\n";
    return out;
  }
};

inline HttpResult http_request(unsigned short port, boost::beast::http::verb method,
                               const std::string& target, const std::string& body = {},
                               const std::vector<std::pair<std::string, std::string>>& headers = {},
                               std::chrono::seconds timeout = std::chrono::seconds(10)) {
  namespace beast = boost::beast;
  namespace bh = boost::beast::http;
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  bh::request<bh::string_body> req(method, target, 11);
  req.set(bh::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == bh::verb::post) {
    req.body() = body;
    if (!req.count(bh::field::content_type)) {
      req.set(bh::field::content_type, "application/x-www-form-urlencoded");
    }
    req.prepare_payload();
  }
  req.keep_alive(false);
  // A server refusing the body (413) may answer and close before it is all
  // sent: the answer is read even when the write was cut short.
  beast::error_code write_error;
  bh::write(stream, req, write_error);
  beast::flat_buffer buffer;
  bh::response_parser<bh::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == bh::verb::head) parser.skip(true);
  bh::read(stream, buffer, parser);
  auto res = parser.release();
  HttpResult out;
  out.status = res.result_int();
  out.body = std::move(res.body());
  out.headers = res.base();
  beast::error_code ec;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

inline HttpResult http_get(unsigned short port, const std::string& target,
                           const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  return http_request(port, boost::beast::http::verb::get, target, {}, headers);
}

}  // namespace depeche::testing
