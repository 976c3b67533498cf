#include "http/server.h"

#include <utility>  // before Asio (Boost 1.74 with g++ 12)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

namespace depeche::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

namespace {

// One client connection. `busy` is true while a request is being handled
// or answered, so a drain knows which connections it may close at once.
struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::atomic<bool> busy{false};
};

Response plain(beast_http::status status, std::string_view text) {
  Response res{status, 11};
  res.set(beast_http::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::string(text);
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  // Declared first so that everything bound to them is destroyed before.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::signal_set> signals;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> active{0};
  std::atomic<std::size_t> next_context{0};
  std::mutex mu;
  std::unordered_set<std::shared_ptr<Connection>> connections;  // guarded by mu
  std::uint16_t port = 0;
  std::string url;

  asio::io_context& main() { return *contexts.front(); }

  awaitable<void> accept_loop();
  awaitable<void> session(std::shared_ptr<Connection> c);
  awaitable<void> drain();
  void begin_drain();
  Response respond(const Request& req);
};

Response Server::Impl::respond(const Request& req) {
  Response res;
  try {
    res = handler(req);
  } catch (const std::exception&) {
    // One boundary for failures: the client gets a 500, the server lives on.
    res = plain(beast_http::status::internal_server_error, "500 internal server error\n");
    res.version(req.version());
  }
  if (stopping) res.keep_alive(false);
  if (req.method() == beast_http::verb::head) {
    // Headers as for GET, Content-Length included, and no body.
    auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  return res;
}

awaitable<void> Server::Impl::session(std::shared_ptr<Connection> c) {
  beast::flat_buffer buffer;
  bool first = true;
  while (!stopping) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);
    beast::error_code ec;
    c->stream.expires_after(first ? options.read_timeout : options.idle_timeout);
    co_await beast_http::async_read_header(c->stream, buffer, parser,
                                           asio::redirect_error(use_awaitable, ec));
    c->busy = true;
    if (!ec && !parser.is_done()) {
      c->stream.expires_after(options.read_timeout);
      co_await beast_http::async_read(c->stream, buffer, parser,
                                      asio::redirect_error(use_awaitable, ec));
    }
    Response res;
    if (ec == beast_http::error::header_limit) {
      res = plain(beast_http::status::request_header_fields_too_large, "431 header too large\n");
    } else if (ec == beast_http::error::body_limit) {
      res = plain(beast_http::status::payload_too_large, "413 body too large\n");
    } else if (ec == beast_http::error::end_of_stream || ec == asio::error::operation_aborted ||
               ec == beast::error::timeout || ec == asio::error::eof ||
               ec == asio::error::connection_reset || ec == beast_http::error::partial_message) {
      break;  // the client left, went silent, or we are closing
    } else if (ec) {
      res = plain(beast_http::status::bad_request, "400 bad request\n");
    } else {
      res = respond(parser.get());
    }
    first = false;
    c->stream.expires_after(options.read_timeout);
    co_await beast_http::async_write(c->stream, res, asio::redirect_error(use_awaitable, ec));
    c->busy = false;
    if (ec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  c->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

awaitable<void> Server::Impl::accept_loop() {
  asio::steady_timer backoff(main());
  while (!stopping) {
    auto& target = *contexts[next_context++ % contexts.size()];
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor->async_accept(target, asio::redirect_error(use_awaitable, ec));
    if (stopping) co_return;
    if (ec) {
      // Out of descriptors and the like: wait a little instead of spinning.
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    if (active >= options.max_connections) {
      socket.close(ec);  // over the limit: refuse cheaply
      continue;
    }
    auto conn = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(mu);
      connections.insert(conn);
    }
    ++active;
    asio::co_spawn(conn->stream.get_executor(), session(conn), [this, conn](std::exception_ptr) {
      {
        std::lock_guard lock(mu);
        connections.erase(conn);
      }
      --active;
    });
  }
}

void Server::Impl::begin_drain() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor->close(ec);
  if (signals) signals->cancel(ec);
  std::lock_guard lock(mu);
  for (const auto& conn : connections) {
    asio::post(conn->stream.get_executor(), [conn] {
      // Idle keep-alive connections close now; busy ones finish their
      // request and close after the response (Connection: close).
      if (!conn->busy) conn->stream.socket().cancel();
    });
  }
  asio::co_spawn(main(), drain(), asio::detached);
}

awaitable<void> Server::Impl::drain() {
  auto deadline = std::chrono::steady_clock::now() + options.drain_timeout;
  asio::steady_timer timer(main());
  while (active > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  for (auto& g : guards) g.reset();
  for (auto& ctx : contexts) ctx->stop();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::create(ServerOptions options, Handler handler) {
  auto impl = std::make_unique<Impl>();
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, threads);
  for (unsigned i = 0; i < threads; ++i) {
    // One thread per context: handlers of one connection never run
    // concurrently, and no locking is needed inside a session.
    impl->contexts.push_back(std::make_unique<asio::io_context>(1));
    impl->guards.push_back(asio::make_work_guard(*impl->contexts.back()));
  }
  beast::error_code ec;
  tcp::resolver resolver(impl->main());
  auto endpoints =
      resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) {
    return make_error(ErrorCode::invalid_input,
                      "cannot resolve listen host " + options.host + ": " + ec.message());
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  impl->acceptor = std::make_unique<tcp::acceptor>(impl->main());
  impl->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(endpoint, ec);
  if (!ec) impl->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return make_error(ErrorCode::io, "cannot listen on " + options.host + ":" +
                                         std::to_string(options.port) + ": " + ec.message());
  }
  auto local = impl->acceptor->local_endpoint();
  impl->port = local.port();
  std::string host = local.address().to_string();
  impl->url = "http://" + (local.address().is_v6() ? "[" + host + "]" : host) + ":" +
              std::to_string(impl->port);
  impl->options = std::move(options);
  impl->handler = std::move(handler);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const {
  return impl_->port;
}

std::string Server::url() const {
  return impl_->url;
}

void Server::run() {
  Impl& s = *impl_;
  if (s.options.handle_signals) {
    s.signals = std::make_unique<asio::signal_set>(s.main(), SIGTERM, SIGINT);
    s.signals->async_wait([&s](const beast::error_code& ec, int) {
      if (!ec) s.begin_drain();
    });
  }
  asio::co_spawn(s.main(), s.accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < s.contexts.size(); ++i) {
    threads.emplace_back([ctx = s.contexts[i].get()] { ctx->run(); });
  }
  s.main().run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  Impl* s = impl_.get();
  asio::post(s->main(), [s] { s->begin_drain(); });
}

}  // namespace depeche::http
