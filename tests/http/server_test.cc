// The transport alone: a real server on 127.0.0.1, port 0, with a handler
// written for each test.

#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <thread>

#include "support/http_client.h"

namespace depeche::http {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using depeche::testing::http_get;
using depeche::testing::http_request;

class Running {
 public:
  explicit Running(Handler h, ServerOptions o = {}) {
    o.port = 0;
    o.threads = 2;
    o.handle_signals = false;
    auto s = Server::create(o, std::move(h));
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    server_ = std::move(*s);
    thread_ = std::thread([this] { server_->run(); });
  }
  ~Running() { stop(); }
  void stop() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }
  unsigned short port() const { return server_->port(); }
  Server& server() { return *server_; }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

Handler echo() {
  return [](const Request& req) {
    return make_response(req, beast_http::status::ok, std::string(req.target()) + "|" + req.body(),
                         "text/plain");
  };
}

// Sends raw bytes and returns everything the server answers until it
// closes the connection (or the timeout).
std::string raw_exchange(unsigned short port, const std::string& bytes,
                         std::chrono::seconds timeout = 5s) {
  asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.expires_after(timeout);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  asio::write(stream.socket(), asio::buffer(bytes));
  std::string out;
  char buf[4096];
  boost::beast::error_code ec;
  for (;;) {
    auto n = stream.read_some(asio::buffer(buf), ec);
    if (ec) break;
    out.append(buf, n);
  }
  return out;
}

TEST(Server, ServesARequestOnTheChosenPort) {
  Running r(echo());
  EXPECT_NE(r.port(), 0);
  EXPECT_EQ(r.server().url(), "http://127.0.0.1:" + std::to_string(r.port()));
  auto res = http_get(r.port(), "/bonjour?x=1");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.body, "/bonjour?x=1|");
}

TEST(Server, KeepsTheConnectionAliveBetweenRequests) {
  Running r(echo());
  std::string two =
      "GET /un HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /deux HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  auto out = raw_exchange(r.port(), two);
  EXPECT_NE(out.find("/un|"), std::string::npos);
  EXPECT_NE(out.find("/deux|"), std::string::npos);
}

TEST(Server, HeadGetsHeadersWithLengthButNoBody) {
  Running r(echo());
  auto out = raw_exchange(r.port(), "HEAD /abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("Content-Length: 5"), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\r\n\r\n")) << out;
}

TEST(Server, OversizedHeaderGets431) {
  ServerOptions o;
  o.max_header_bytes = 1024;
  Running r(echo(), o);
  auto out = raw_exchange(
      r.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 431")) << out.substr(0, 40);
}

TEST(Server, OversizedBodyGets413) {
  ServerOptions o;
  o.max_body_bytes = 100;
  Running r(echo(), o);
  auto res = http_request(r.port(), beast_http::verb::post, "/", std::string(1000, 'x'));
  EXPECT_EQ(res.status, 413u);
}

TEST(Server, GarbageGets400) {
  Running r(echo());
  auto out = raw_exchange(r.port(), "BONJOUR\x01\x02 / nonsense\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 400")) << out.substr(0, 40);
}

TEST(Server, ThrowingHandlerGets500AndTheServerGoesOn) {
  Running r([](const Request& req) -> Response {
    if (req.target() == "/boom") throw std::runtime_error("boom");
    return make_response(req, beast_http::status::ok, "ok", "text/plain");
  });
  EXPECT_EQ(http_get(r.port(), "/boom").status, 500u);
  EXPECT_EQ(http_get(r.port(), "/").status, 200u);
}

TEST(Server, StopLetsTheRequestInFlightFinish) {
  std::promise<void> entered;
  Running r([&](const Request& req) {
    entered.set_value();
    std::this_thread::sleep_for(300ms);
    return make_response(req, beast_http::status::ok, "fini", "text/plain");
  });
  auto reply = std::async(std::launch::async, [&] { return http_get(r.port(), "/lent"); });
  entered.get_future().wait();
  r.stop();  // returns only once run() has returned
  auto res = reply.get();
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.body, "fini");
}

TEST(Server, StopClosesIdleKeepAliveConnections) {
  Running r(echo());
  asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), r.port()));
  auto start = std::chrono::steady_clock::now();
  r.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(Server, SilentConnectionIsClosedAfterTheReadTimeout) {
  ServerOptions o;
  o.read_timeout = 200ms;
  Running r(echo(), o);
  auto start = std::chrono::steady_clock::now();
  auto out = raw_exchange(r.port(), "GET / HTTP/1.1\r\n", 5s);  // never finishes its headers
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(Server, BusyPortIsAnError) {
  Running r(echo());
  ServerOptions o;
  o.port = r.port();
  o.handle_signals = false;
  auto second = Server::create(o, echo());
  EXPECT_FALSE(second.ok());
}

}  // namespace
}  // namespace depeche::http
