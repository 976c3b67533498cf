// The transport alone: a real server on 127.0.0.1, port 0, with a handler
// written for each test, and a client that reads with a deadline so that no
// test can hang.

#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/asio/write.hpp>
#include <future>
#include <thread>

#include "http/router.h"
#include "support/http_client.h"

namespace depeche::http {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
using depeche::testing::http_get;
using depeche::testing::http_request;
using Clock = std::chrono::steady_clock;

constexpr auto kClientTimeout = 5s;  // no single exchange in these tests may take longer

// A server running on a background thread; stopped (and joined) at the end.
class Running {
 public:
  explicit Running(Handler h, ServerOptions o = {}) {
    o.port = 0;
    if (o.threads == 0) o.threads = 2;
    o.handle_signals = false;
    auto s = Server::create(o, std::move(h));
    if (!s.ok()) ADD_FAILURE() << s.error().message;
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
  std::uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// One client connection driven step by step; every step is asynchronous
// under the stream's deadline, so a silent server fails a test, not the run.
class Client {
 public:
  // Connects from `source` (any address of the loopback range), so a test
  // can play several clients at once.
  explicit Client(std::uint16_t port, const char* source = "127.0.0.1") : stream_(io_) {
    auto& socket = stream_.socket();
    socket.open(asio::ip::tcp::v4());
    socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(source), 0));
    stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  beast::error_code send(std::string_view bytes) {
    return run([&](auto done) { asio::async_write(stream_, asio::buffer(bytes), done); });
  }
  // The next response; status 0 when none came.
  Response response(bool head = false) {
    beast_http::response_parser<beast_http::string_body> parser;
    parser.skip(head);
    auto ec = run([&](auto done) { beast_http::async_read(stream_, buffer_, parser, done); });
    if (!ec) return parser.release();
    Response none;
    none.result(0);
    return none;
  }
  // Everything until the server closes; `closed` tells whether it did
  // before `timeout`.
  std::string until_close(bool& closed, std::chrono::milliseconds timeout = kClientTimeout) {
    std::string out(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    char chunk[4096];
    for (;;) {
      std::size_t n = 0;
      auto ec = run(
          [&](auto done) {
            stream_.async_read_some(asio::buffer(chunk),
                                    [&, done](beast::error_code e, std::size_t k) {
                                      n = k;
                                      done(e, k);
                                    });
          },
          timeout);
      out.append(chunk, n);
      if (ec) {
        closed = ec != beast::error::timeout;
        return out;
      }
    }
  }

 private:
  template <class Start>
  beast::error_code run(Start start, std::chrono::milliseconds timeout = kClientTimeout) {
    beast::error_code result;
    stream_.expires_after(timeout);
    start([&](beast::error_code ec, std::size_t) { result = ec; });
    io_.restart();
    io_.run();
    return result;
  }

  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

std::string raw_exchange(std::uint16_t port, std::string_view bytes) {
  Client c(port);
  c.send(bytes);
  bool closed = false;
  return c.until_close(closed);
}

Handler echo() {
  return [](const Request& req) {
    return make_response(req, beast_http::status::ok, std::string(req.target()) + "|" + req.body(),
                         "text/plain");
  };
}

TEST(Server, ServesARequestAndReportsItsPort) {
  Running r(echo());
  EXPECT_NE(r.port(), 0);
  EXPECT_EQ(r.server().url(), "http://127.0.0.1:" + std::to_string(r.port()));
  auto res = http_get(r.port(), "/bonjour?x=1");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.body, "/bonjour?x=1|");
  EXPECT_EQ(res.header("Server"), "depeche");
}

TEST(Server, KeepsTheConnectionAliveForASecondRequest) {
  Running r(echo());
  Client c(r.port());
  c.send("GET /un HTTP/1.1\r\nHost: x\r\n\r\n");
  auto first = c.response();
  EXPECT_EQ(first.body(), "/un|");
  EXPECT_TRUE(first.keep_alive());
  c.send("POST /deux HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(c.response().body(), "/deux|abc");
}

TEST(Server, AnswersPipelinedRequestsInOrder) {
  Running r(echo());
  auto out = raw_exchange(r.port(),
                          "GET /un HTTP/1.1\r\nHost: x\r\n\r\n"
                          "GET /deux HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto un = out.find("/un|");
  auto deux = out.find("/deux|");
  ASSERT_NE(un, std::string::npos) << out;
  ASSERT_NE(deux, std::string::npos) << out;
  EXPECT_LT(un, deux);
}

TEST(Server, HonoursConnectionClose) {
  Running r(echo());
  Client c(r.port());
  c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto res = c.response();
  EXPECT_EQ(res.result(), beast_http::status::ok);
  EXPECT_FALSE(res.keep_alive());
  bool closed = false;
  EXPECT_EQ(c.until_close(closed), "");
  EXPECT_TRUE(closed);
}

TEST(Server, ClosesAfterAnHttp10RequestWithoutKeepAlive) {
  Running r(echo());
  auto out = raw_exchange(r.port(), "GET /vieux HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.0 200")) << out;
  EXPECT_TRUE(out.ends_with("/vieux|")) << out;
}

TEST(Server, HeadGetsHeadersWithLengthButNoBody) {
  Running r(echo());
  auto out = raw_exchange(r.port(), "HEAD /abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("Content-Length: 5\r\n"), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\r\n\r\n")) << out;
}

TEST(Server, HeadThroughTheRouterReachesTheGetRoute) {
  Router router;
  router.add(beast_http::verb::get, "/page", [](const Request& req, const Params&) {
    return make_response(req, beast_http::status::ok, "<p>page</p>", "text/html");
  });
  Running r(router.as_handler());
  Client c(r.port());
  c.send("HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = c.response(/*head=*/true);
  EXPECT_EQ(head.result(), beast_http::status::ok);
  EXPECT_EQ(head[beast_http::field::content_length], "11");
  // Nothing was sent after the headers: the next response parses cleanly.
  c.send("GET /page HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.response().body(), "<p>page</p>");
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
  EXPECT_EQ(http_request(r.port(), beast_http::verb::post, "/", std::string(1000, 'x')).status,
            413u);
  // Declared too large and still uploading: the 413 arrives all the same.
  auto out =
      raw_exchange(r.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" +
                                 std::string(32 * 1024, 'x'));
  EXPECT_TRUE(out.starts_with("HTTP/1.1 413")) << out.substr(0, 40);
  // Chunked bodies have no declared length; they are cut as they grow.
  out = raw_exchange(r.port(),
                     "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "c8\r\n" +
                         std::string(200, 'x') + "\r\n0\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 413")) << out.substr(0, 40);
}

TEST(Server, AnswersExpect100ContinueBeforeTheBody) {
  Running r(echo());
  Client c(r.port());
  c.send("POST /envoi HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  EXPECT_EQ(c.response().result(), beast_http::status::continue_);
  c.send("abcd");
  EXPECT_EQ(c.response().body(), "/envoi|abcd");
}

TEST(Server, GarbageGets400AndTheConnectionCloses) {
  Running r(echo());
  Client c(r.port());
  c.send("BONJOUR\x01\x02 / nonsense\r\n\r\n");
  bool closed = false;
  auto out = c.until_close(closed);
  EXPECT_TRUE(out.starts_with("HTTP/1.1 400")) << out.substr(0, 40);
  EXPECT_TRUE(closed);
}

TEST(Server, ThrowingHandlerGets500AndTheServerGoesOn) {
  Running r([](const Request& req) -> Response {
    if (req.target() == "/boom") throw std::runtime_error("boom");
    if (req.target() == "/int") throw 42;
    return make_response(req, beast_http::status::ok, "ok", "text/plain");
  });
  EXPECT_EQ(http_get(r.port(), "/boom").status, 500u);
  Client c(r.port());  // the same connection goes on after a 500
  c.send("GET /int HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.response().result(), beast_http::status::internal_server_error);
  c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.response().body(), "ok");
}

TEST(Server, ServesManyClientsAtOnce) {
  ServerOptions o;
  o.threads = 4;
  Running r(echo(), o);
  std::vector<std::future<unsigned>> replies;
  for (int i = 0; i < 32; ++i) {
    replies.push_back(std::async(std::launch::async, [&r, i] {
      return http_get(r.port(), "/" + std::to_string(i)).status;
    }));
  }
  for (auto& reply : replies) EXPECT_EQ(reply.get(), 200u);
}

TEST(Server, StopLetsTheRequestInFlightFinish) {
  std::promise<void> entered;
  Running r([&](const Request& req) {
    entered.set_value();
    std::this_thread::sleep_for(300ms);
    return make_response(req, beast_http::status::ok, "fini", "text/plain");
  });
  Client c(r.port());
  c.send("GET /lent HTTP/1.1\r\nHost: x\r\n\r\n");
  entered.get_future().wait();
  r.stop();  // returns once run() has returned
  auto res = c.response();
  EXPECT_EQ(res.body(), "fini");
  EXPECT_FALSE(res.keep_alive());  // told that the connection ends
}

TEST(Server, StopClosesIdleKeepAliveConnectionsAtOnce) {
  Running r(echo());
  Client c(r.port());
  c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.response().result(), beast_http::status::ok);
  auto start = Clock::now();
  r.stop();
  EXPECT_LT(Clock::now() - start, 2s);
  bool closed = false;
  c.until_close(closed, 2s);
  EXPECT_TRUE(closed);
}

TEST(Server, StopBeforeRunMakesRunReturn) {
  auto s = Server::create({.port = 0, .threads = 1, .handle_signals = false}, echo());
  ASSERT_TRUE(s.ok());
  (*s)->stop();
  auto start = Clock::now();
  (*s)->run();
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(Server, DrainGivesUpOnAStalledRequestAfterTheDrainTimeout) {
  ServerOptions o;
  o.drain_timeout = 300ms;
  Running r(echo(), o);
  Client c(r.port());
  c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");  // 7 bytes short
  std::this_thread::sleep_for(100ms);  // let the server start reading it
  auto start = Clock::now();
  r.stop();
  auto took = Clock::now() - start;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3s);
}

TEST(Server, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions o;
  o.idle_timeout = 200ms;
  Running r(echo(), o);
  Client c(r.port());
  c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.response().result(), beast_http::status::ok);
  auto start = Clock::now();
  bool closed = false;
  c.until_close(closed);
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, 3s);
}

TEST(Server, SlowRequestIsClosedAfterTheReadTimeout) {
  ServerOptions o;
  o.read_timeout = 200ms;
  Running r(echo(), o);
  Client c(r.port());
  c.send("GET / HTTP/1.1\r\n");  // never finishes its headers
  auto start = Clock::now();
  bool closed = false;
  c.until_close(closed);
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, 3s);
}

TEST(Server, ConnectionsOverTheLimitAreClosed) {
  ServerOptions o;
  o.max_connections = 1;
  Running r(echo(), o);
  Client first(r.port());
  first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(first.response().result(), beast_http::status::ok);  // counted from now on
  Client second(r.port());
  second.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  bool closed = false;
  EXPECT_EQ(second.until_close(closed), "");
  EXPECT_TRUE(closed);
}

TEST(Server, BusyPortIsAnError) {
  Running r(echo());
  auto second = Server::create({.port = r.port(), .handle_signals = false}, echo());
  EXPECT_FALSE(second.ok());
}

TEST(Server, NegativeThreadCountIsAnError) {
  auto s = Server::create({.port = 0, .threads = -1, .handle_signals = false}, echo());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::invalid_input);
}

// Issue 9, defect 5: a Transfer-Encoding the server cannot frame must not
// be read as an empty body with the next bytes as a new request.
TEST(Server, TransferEncodingOtherThanChunkedGets400AndAClose) {
  for (const char* coding : {"chunked, identity", "xchunked", "identity", "gzip, chunked"}) {
    Running r(echo());
    std::string smuggled = std::string("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ") +
                           coding + "\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    std::string out = raw_exchange(r.port(), smuggled);
    EXPECT_TRUE(out.starts_with("HTTP/1.1 400")) << coding << ": " << out;
    EXPECT_EQ(out.find("/smuggled"), std::string::npos) << coding;
  }
  Running r(echo());
  std::string two_fields =
      "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
      "chunked\r\n\r\n0\r\n\r\n";
  EXPECT_TRUE(raw_exchange(r.port(), two_fields).starts_with("HTTP/1.1 400"));
}

TEST(Server, ChunkedInAnyCaseIsStillRead) {
  Running r(echo());
  std::string out = raw_exchange(
      r.port(),
      "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:  Chunked \r\nConnection: close\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 200")) << out;
  EXPECT_NE(out.find("/a|abc"), std::string::npos) << out;
}

// Issue 9, defect 4: a client dripping header lines is cut at the head
// deadline, however often it sends.
TEST(Server, RequestHeadDrippedLineByLineIsCutAtTheHeadDeadline) {
  ServerOptions o;
  o.head_timeout = 300ms;
  o.read_timeout = 10s;
  Running r(echo(), o);
  Client c(r.port());
  auto start = Clock::now();
  c.send("GET / HTTP/1.1\r\n");
  bool cut = false;
  for (int i = 0; i < 20 && !cut; ++i) {
    std::this_thread::sleep_for(100ms);
    cut = static_cast<bool>(c.send("X-Drip: 1\r\n"));
  }
  bool closed = cut;
  if (!cut) c.until_close(closed, 2s);
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, 2s);
}

// Issue 9, defect 4: one address holding many slow connections does not
// keep readers at other addresses out.
TEST(Server, OneAddressCannotTakeEveryConnection) {
  ServerOptions o;
  o.max_connections_per_address = 20;
  o.max_connections = 40;
  Running r(echo(), o);
  std::vector<std::unique_ptr<Client>> flood;
  for (int i = 0; i < 60; ++i) {
    flood.push_back(std::make_unique<Client>(r.port(), "127.0.0.2"));
    flood.back()->send("GET / HTTP/1.1\r\n");  // and never more
  }
  std::this_thread::sleep_for(100ms);
  for (int i = 0; i < 5; ++i) {
    Client reader(r.port(), "127.0.0.3");
    reader.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(reader.response().result(), beast_http::status::ok) << "probe " << i;
  }
}

// Issue 9, defect 2: heavy requests run on the worker pool, so a cheap
// request on the same I/O thread is answered meanwhile; past the queue,
// heavy requests get 503 with Retry-After at once.
TEST(Server, HeavyRequestsRunOffTheIoThreadAndOverflowGets503) {
  std::atomic<int> running{0};
  Handler h = [&](const Request& req) {
    if (req.target() == "/heavy") {
      ++running;
      std::this_thread::sleep_for(1500ms);
      --running;
    }
    return make_response(req, beast_http::status::ok, "ok", "text/plain");
  };
  ServerOptions o;
  o.threads = 1;
  o.workers = 1;
  o.max_queued_work = 1;
  o.is_heavy = [](const Request& req) { return req.target() == "/heavy"; };
  Running r(h, o);
  auto first = std::async(std::launch::async, [&] { return http_get(r.port(), "/heavy"); });
  while (running == 0) std::this_thread::sleep_for(5ms);
  auto queued = std::async(std::launch::async, [&] { return http_get(r.port(), "/heavy"); });
  std::this_thread::sleep_for(100ms);
  auto start = Clock::now();
  EXPECT_EQ(http_get(r.port(), "/light").status, 200u);
  EXPECT_LT(Clock::now() - start, 500ms) << "a cheap request waits for no heavy one";
  auto over = http_get(r.port(), "/heavy");
  EXPECT_EQ(over.status, 503u);
  EXPECT_FALSE(over.header("Retry-After").empty());
  EXPECT_EQ(first.get().status, 200u);
  EXPECT_EQ(queued.get().status, 200u);
}

// A server whose prepared answers are `body` for /kept (with a request id
// line of its own), and whose handler answers everything else and counts
// the requests it gets.
struct PreparedSite {
  explicit PreparedSite(std::string body) {
    Request req{beast_http::verb::get, "/kept", 11};
    Response res = make_response(req, beast_http::status::ok, {}, "text/html");
    res.set("X-Kept", "oui");
    prepared = prepare(std::move(res), std::make_shared<const std::string>(std::move(body)));
    options.prepared = [this](const Request& r) -> std::optional<PreparedAnswer> {
      if (r.target() != "/kept") return std::nullopt;
      PreparedAnswer answer{prepared};
      answer.add_header("X-Request-Id", "id-" + std::to_string(++answered));
      return answer;
    };
  }
  Handler handler() {
    return [this](const Request& req) {
      ++handled;
      return make_response(req, beast_http::status::ok, "handler", "text/plain");
    };
  }
  std::shared_ptr<const PreparedResponse> prepared;
  ServerOptions options;
  std::atomic<int> answered{0}, handled{0};
};

TEST(Server, PreparedAnswersAreSentAsPreparedOnAKeptAliveConnection) {
  PreparedSite site("<p>gardée</p>");
  Running r(site.handler(), site.options);
  Client c(r.port());
  for (int i = 1; i <= 2; ++i) {
    c.send("GET /kept HTTP/1.1\r\nHost: x\r\n\r\n");
    auto res = c.response();
    EXPECT_EQ(res.result(), beast_http::status::ok);
    EXPECT_EQ(res.body(), "<p>gardée</p>");
    EXPECT_EQ(res[beast_http::field::content_length], std::to_string(res.body().size()));
    EXPECT_EQ(res["X-Kept"], "oui");
    EXPECT_EQ(res["X-Request-Id"], "id-" + std::to_string(i));
    EXPECT_EQ(res[beast_http::field::server], "depeche");
    EXPECT_TRUE(res.keep_alive());
  }
  c.send("GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.response().body(), "handler");
  EXPECT_EQ(site.handled, 1);
}

TEST(Server, HeadOfAPreparedAnswerHasItsLengthButNoBodyAndCloseIsHonoured) {
  PreparedSite site("0123456789");
  Running r(site.handler(), site.options);
  auto out = raw_exchange(r.port(), "HEAD /kept HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 200 OK\r\n")) << out;
  EXPECT_NE(out.find("Content-Length: 10\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\r\n\r\n")) << out;
  EXPECT_EQ(site.handled, 0);
}

TEST(Server, Http10AndOtherMethodsAreLeftToTheHandler) {
  PreparedSite site("kept");
  Running r(site.handler(), site.options);
  auto old = raw_exchange(r.port(), "GET /kept HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(old.starts_with("HTTP/1.0 200")) << old;
  EXPECT_TRUE(old.ends_with("handler")) << old;
  auto posted = http_request(r.port(), beast_http::verb::post, "/kept", "x=1");
  EXPECT_EQ(posted.body, "handler");
  EXPECT_EQ(site.answered, 0);
  EXPECT_EQ(site.handled, 2);
}

TEST(Server, AnswersLargerThanTheSocketTakesAtOnceArriveWhole) {
  // Far more than a socket's send buffer: the write is finished by the
  // reactor, after the part the socket took at once.
  std::string big(24 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 23);
  PreparedSite site(big);
  Handler h = [&big](const Request& req) {
    return make_response(req, beast_http::status::ok, big, "text/plain");
  };
  Running r(h, site.options);
  auto kept = http_get(r.port(), "/kept");
  auto made = http_get(r.port(), "/made");
  EXPECT_EQ(kept.body.size(), big.size());
  EXPECT_TRUE(kept.body == big);
  EXPECT_EQ(made.body.size(), big.size());
  EXPECT_TRUE(made.body == big);
}

TEST(Prepare, KeepsTheFieldsAddsServerAndLengthAndDropsConnection) {
  Request req{beast_http::verb::get, "/", 11};
  Response res = make_response(req, beast_http::status::not_found, "ignored", "text/plain");
  res.keep_alive(false);
  auto p = prepare(std::move(res), std::make_shared<const std::string>("abc"));
  EXPECT_EQ(p->status, 404u);
  EXPECT_TRUE(p->head.starts_with("HTTP/1.1 404 Not Found\r\n")) << p->head;
  EXPECT_TRUE(p->head.ends_with("\r\n") && !p->head.ends_with("\r\n\r\n")) << p->head;
  EXPECT_NE(p->head.find("Content-Type: text/plain\r\n"), std::string::npos) << p->head;
  EXPECT_NE(p->head.find("Content-Length: 3\r\n"), std::string::npos) << p->head;
  EXPECT_NE(p->head.find("Server: depeche\r\n"), std::string::npos) << p->head;
  EXPECT_EQ(p->head.find("Connection"), std::string::npos) << p->head;
  auto none = prepare(Response{beast_http::status::not_modified, 11}, nullptr);
  EXPECT_EQ(none->head.find("Content-Length"), std::string::npos) << none->head;
  EXPECT_EQ(none->body, nullptr);
}

TEST(PreparedAnswer, ExtraLinesThatDoNotFitAreRefusedWhole) {
  PreparedAnswer a;
  EXPECT_TRUE(a.add_header("X-Request-Id", "0123"));
  EXPECT_EQ(std::string_view(a.extra.data(), a.extra_size), "X-Request-Id: 0123\r\n");
  EXPECT_FALSE(a.add_header("X-Long", std::string(kMaxPreparedExtraBytes, 'x')));
  EXPECT_EQ(a.extra_size, 20u);
}

}  // namespace
}  // namespace depeche::http

namespace depeche::http {
namespace {

Handler peer_echo() {
  return [](const Request& req) {
    auto peer = req[beast::string_view(kPeerHeader.data(), kPeerHeader.size())];
    return make_response(req, beast_http::status::ok, std::string(peer.data(), peer.size()),
                         "text/plain");
  };
}

TEST(Server, HandlersSeeTheClientNamedByATrustedProxyAndTheTcpPeerOtherwise) {
  ServerOptions trusting;
  std::string bad;
  ASSERT_TRUE(TrustedProxies::parse({"127.0.0.1"}, trusting.trusted_proxies, bad));
  Running behind_proxy(peer_echo(), trusting);
  auto relayed = http_get(behind_proxy.port(), "/", {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(relayed.body, "203.0.113.9");
  auto forged = http_get(behind_proxy.port(), "/", {{"X-Depeche-Peer", "198.51.100.1"}});
  EXPECT_EQ(forged.body, "127.0.0.1") << "a client cannot name itself";

  Running direct(peer_echo());
  auto ignored = http_get(direct.port(), "/", {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(ignored.body, "127.0.0.1") << "no proxy trusted: the header is anyone's word";
}

}  // namespace
}  // namespace depeche::http
