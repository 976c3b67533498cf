#include "http/server.h"

#include <utility>  // before Asio (Boost 1.74 with g++ 12)

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/async_result.hpp>
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
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "http/worker_pool.h"

namespace depeche::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Parser = beast_http::request_parser<beast_http::string_body>;

namespace {

// Internal limits, not worth an option.
constexpr std::size_t kFirstReadBytes = 4096;  // the read that ends a wait for a request
// Enough for the largest static file (32 MiB) at ~0.5 MB/s; slower readers are cut.
constexpr std::chrono::seconds kWriteTimeout{60};
constexpr std::chrono::milliseconds kLingerTimeout{500};  // see Impl::linger
// A client refused a body over the limit is often still sending it: a few
// MiB read and dropped (within kLingerTimeout) let it finish and read the
// 413 instead of meeting a reset halfway through its upload.
constexpr std::size_t kLingerBytes = 8 * 1024 * 1024;
constexpr std::chrono::milliseconds kAcceptBackoff{50};  // after EMFILE and the like
constexpr std::chrono::milliseconds kDrainPoll{20};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kCloseLine = "Connection: close\r\n";
constexpr std::string_view kEndOfHead = "\r\n";

// One client connection, owned by its session coroutine (and, while it
// lives, by the server's registry so a drain can reach it).
struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {
    beast::error_code ec;
    auto remote = stream.socket().remote_endpoint(ec);
    if (!ec) peer = remote.address().to_string();
  }
  beast::tcp_stream stream;
  std::string peer;  // the client's address, handed to handlers in kPeerHeader
  // True from the first byte of a request until its response is written.
  // Only touched on the connection's own io thread, so not atomic.
  bool busy = false;
  // The current request's deadline and when it began (its first byte, or
  // the accept for a connection's first request). Same thread as `busy`.
  std::chrono::steady_clock::time_point deadline{};
  std::chrono::steady_clock::time_point request_started{};
};

// Transfer-Encoding is acceptable only as exactly one "chunked" (any case,
// surrounding blanks allowed): with any other coding, or a list, the end
// of the body cannot be known, and guessing is how requests get smuggled.
bool acceptable_transfer_encoding(const Request& req) {
  auto range = req.equal_range(beast_http::field::transfer_encoding);
  if (range.first == range.second) return true;
  if (std::next(range.first) != range.second) return false;
  beast::string_view value = range.first->value();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return beast::iequals(value, "chunked");
}

Response plain(unsigned version, beast_http::status status, std::string_view text,
               bool keep_alive) {
  Response res{status, version};
  res.set(beast_http::field::content_type, "text/plain; charset=utf-8");
  res.keep_alive(keep_alive);
  res.body() = std::string(text);
  res.prepare_payload();
  return res;
}

// The answer to a request that could not be read, or nullopt when the
// client is gone (closed, reset, timed out, cancelled by a drain) and there
// is nobody to answer.
std::optional<Response> read_failure(const beast::error_code& ec) {
  if (ec == beast_http::error::header_limit) {
    return plain(11, beast_http::status::request_header_fields_too_large,
                 "431 request header too large\n", false);
  }
  if (ec == beast_http::error::body_limit) {
    return plain(11, beast_http::status::payload_too_large, "413 request body too large\n", false);
  }
  const auto& parse_errors = beast_http::make_error_code(beast_http::error::bad_target).category();
  if (ec.category() != parse_errors || ec == beast_http::error::end_of_stream ||
      ec == beast_http::error::partial_message) {
    return std::nullopt;
  }
  return plain(11, beast_http::status::bad_request, "400 bad request\n", false);
}

// Makes a handler's response safe to send: closes when asked to, and keeps
// the body consistent with the status, the method and Content-Length.
void finalize(Response& res, bool head, bool close) {
  if (close) res.keep_alive(false);
  if (res.find(beast_http::field::server) == res.end())
    res.set(beast_http::field::server, beast::string_view(kServerName.data(), kServerName.size()));
  unsigned status = res.result_int();
  if ((status >= 100 && status < 200) || status == 204 || status == 304) {
    res.body().clear();  // these never have a body; their headers stay as the handler set them
  } else if (head) {
    // The would-be length stays (a handler may also have set it with no body).
    if (!res.body().empty()) res.content_length(res.body().size());
    res.body().clear();
  } else {
    res.prepare_payload();  // the handler may have changed the body after make_response()
  }
}

// Runs a context until it is stopped. A handler that throws out of run()
// would otherwise end the thread (and the process): run() may be resumed.
void run_context(asio::io_context& context) {
  for (;;) {
    try {
      context.run();
      return;
    } catch (...) {
    }
  }
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  // Members die in reverse order: the contexts are declared before the
  // acceptor, the signal set and the connections bound to them, so they
  // outlive them.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<asio::signal_set> signals;
  // Set by stop() at once, from any thread, so responses written from then
  // on say "Connection: close" even while the accepting context is busy.
  std::atomic<bool> stopping{false};
  bool draining = false;  // only touched on the accepting context
  std::atomic<std::size_t> active{0};
  std::size_t next_context = 0;  // only touched by accept_loop
  std::mutex mu;
  std::unordered_set<std::shared_ptr<Connection>> connections;  // guarded by mu
  std::unordered_map<std::string, std::size_t> per_address;     // guarded by mu
  std::uint16_t port = 0;
  std::string url;
  // Declared last, so destroyed first: its running jobs finish (and their
  // requests, which live in session frames, are still there) before the
  // contexts go.
  std::unique_ptr<WorkerPool> workers;

  asio::io_context& main() { return *contexts.front(); }

  Status listen(const std::string& host, std::uint16_t port_wanted);
  awaitable<void> accept_loop();
  void start_session(tcp::socket socket);
  void forget(const std::shared_ptr<Connection>& conn);
  awaitable<void> session(std::shared_ptr<Connection> c);
  awaitable<bool> wait_for_request(Connection& c, beast::flat_buffer& buffer, bool first);
  awaitable<beast::error_code> read_request(Connection& c, beast::flat_buffer& buffer,
                                            Parser& parser);
  awaitable<void> linger(Connection& c);
  // Sends a response: written at once when the socket takes it all (the
  // usual case, with no timer armed), else finished asynchronously within
  // kWriteTimeout. The error of the write, if any.
  awaitable<beast::error_code> send(Connection& c, Response& res);
  awaitable<beast::error_code> send(Connection& c, const PreparedAnswer& answer, bool head,
                                    bool close);
  template <class Buffers>
  awaitable<beast::error_code> write_all(Connection& c, const Buffers& buffers);
  // A prepared answer for `req`, or nullopt when there is none or it does
  // not apply (another method, HTTP/1.0).
  std::optional<PreparedAnswer> prepared_for(const Request& req);
  Response respond(const Request& req);
  awaitable<Response> respond_on_worker(const Request& req);
  Response busy(const Request& req);
  void shape(const Request& req, Response& res);
  void begin_drain();
  awaitable<void> drain();
};

Response Server::Impl::respond(const Request& req) {
  try {
    return handler(req);
  } catch (...) {
    // The one boundary for failures: the client gets a 500, the server lives
    // on, and the connection stays usable since the request was read whole.
    return plain(req.version(), beast_http::status::internal_server_error,
                 "500 internal server error\n", req.keep_alive());
  }
}

Response Server::Impl::busy(const Request& req) {
  Response res = plain(req.version(), beast_http::status::service_unavailable,
                       "503 busy, retry shortly\n", req.keep_alive());
  res.set(beast_http::field::retry_after, std::to_string(kBusyRetryAfter.count()));
  shape(req, res);
  return res;
}

void Server::Impl::shape(const Request& req, Response& res) {
  if (!options.shape_error) return;
  try {
    options.shape_error(req, res);
  } catch (...) {
    // The plain answer stands.
  }
}

// Runs the handler on the worker pool and resumes the session on its own
// I/O thread with the response; the I/O thread serves other connections
// meanwhile. The request lives in the suspended session's frame until then.
awaitable<Response> Server::Impl::respond_on_worker(const Request& req) {
  return asio::async_initiate<decltype(use_awaitable), void(Response)>(
      [this, &req](auto completion) {
        using Completion = decltype(completion);
        auto done = std::make_shared<Completion>(std::move(completion));
        auto executor = asio::get_associated_executor(*done);
        std::function<void()> job = [this, &req, done, executor] {
          Response res = respond(req);
          asio::post(executor, [done, res = std::move(res)]() mutable {
            (*done)(std::move(res));
          });
        };
        if (!workers->try_submit(job)) {
          asio::post(executor, [done, res = busy(req)]() mutable { (*done)(std::move(res)); });
        }
      },
      use_awaitable);
}

awaitable<void> Server::Impl::session(std::shared_ptr<Connection> c) {
  beast::flat_buffer buffer;
  for (bool first = true; !stopping; first = false) {
    if (!co_await wait_for_request(*c, buffer, first)) break;
    c->busy = true;
    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(options.max_body_bytes);
    beast::error_code ec = co_await read_request(*c, buffer, parser);
    // Replaces whatever a client sent under that name: handlers can trust it.
    if (!ec) {
      std::string client = c->peer;
      if (!options.trusted_proxies.empty()) {
        // Several fields are one list, in order (RFC 9110 §5.3).
        std::string forwarded;
        auto [from, to] = parser.get().equal_range("X-Forwarded-For");
        for (auto f = from; f != to; ++f) {
          if (!forwarded.empty()) forwarded += ',';
          forwarded.append(f->value().data(), f->value().size());
        }
        client = options.trusted_proxies.client(c->peer, forwarded);
      }
      parser.get().set(beast::string_view(kPeerHeader.data(), kPeerHeader.size()), client);
    }
    if (!ec) {
      if (auto answer = prepared_for(parser.get())) {
        bool close = !parser.get().keep_alive() || stopping;
        ec = co_await send(*c, *answer, parser.get().method() == beast_http::verb::head, close);
        c->busy = false;
        if (ec) break;
        if (close) {
          co_await linger(*c);
          break;
        }
        continue;
      }
    }
    std::optional<Response> res;
    if (ec) {
      res = read_failure(ec);
      // The request line was read when a limit stopped the head or the body
      // (the body limit is checked against Content-Length before the head
      // is marked done), so the answer can be shaped for its target.
      if (res && !parser.get().target().empty()) shape(parser.get(), *res);
    } else if (options.is_heavy && options.is_heavy(parser.get())) {
      res = co_await respond_on_worker(parser.get());
    } else {
      res = respond(parser.get());
    }
    if (!res) break;
    bool failed = static_cast<bool>(ec);
    bool head = !failed && parser.get().method() == beast_http::verb::head;
    finalize(*res, head, failed || !parser.get().keep_alive() || stopping);
    ec = co_await send(*c, *res);
    c->busy = false;
    if (ec) break;
    if (!res->keep_alive()) {
      co_await linger(*c);
      break;
    }
  }
}

std::optional<PreparedAnswer> Server::Impl::prepared_for(const Request& req) {
  if (!options.prepared || req.version() != 11) return std::nullopt;
  if (req.method() != beast_http::verb::get && req.method() != beast_http::verb::head) {
    return std::nullopt;
  }
  try {
    return options.prepared(req);
  } catch (...) {
    return std::nullopt;  // the handler answers instead
  }
}

template <class Buffers>
awaitable<beast::error_code> Server::Impl::write_all(Connection& c, const Buffers& buffers) {
  // The socket is non-blocking (start_session): a write it cannot take
  // whole returns what it took, and the rest waits for the reactor.
  beast::buffers_suffix<Buffers> rest(buffers);
  beast::error_code ec;
  while (beast::buffer_bytes(rest) > 0) {
    std::size_t n = c.stream.socket().write_some(rest, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec = {};
      break;
    }
    if (ec) co_return ec;
    rest.consume(n);
  }
  if (beast::buffer_bytes(rest) > 0) {
    c.stream.expires_after(kWriteTimeout);
    co_await asio::async_write(c.stream, rest, asio::redirect_error(use_awaitable, ec));
  }
  co_return ec;
}

awaitable<beast::error_code> Server::Impl::send(Connection& c, Response& res) {
  beast_http::response_serializer<beast_http::string_body> sr(res);
  beast::error_code ec;
  while (!sr.is_done()) {
    beast_http::write_some(c.stream.socket(), sr, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      ec = {};
      break;
    }
    if (ec) co_return ec;
  }
  if (!sr.is_done()) {
    c.stream.expires_after(kWriteTimeout);
    co_await beast_http::async_write(c.stream, sr, asio::redirect_error(use_awaitable, ec));
  }
  co_return ec;
}

awaitable<beast::error_code> Server::Impl::send(Connection& c, const PreparedAnswer& answer,
                                                bool head, bool close) {
  const PreparedResponse& p = *answer.response;
  std::string_view body = p.body && !head ? std::string_view(*p.body) : std::string_view();
  std::string_view closing = close ? kCloseLine : std::string_view();
  std::array<asio::const_buffer, 5> buffers{
      asio::buffer(p.head.data(), p.head.size()),
      asio::buffer(answer.extra.data(), answer.extra_size),
      asio::buffer(closing.data(), closing.size()),
      asio::buffer(kEndOfHead.data(), kEndOfHead.size()),
      asio::buffer(body.data(), body.size()),
  };
  co_return co_await write_all(c, buffers);
}

awaitable<bool> Server::Impl::wait_for_request(Connection& c, beast::flat_buffer& buffer,
                                               bool first) {
  // A new connection has read_timeout for its whole first request, the wait
  // for its first byte included: connecting and saying nothing is just a
  // slow request. Between requests the wait is idle_timeout, and the next
  // request's own clock starts with its first byte.
  auto now = std::chrono::steady_clock::now();
  if (first) c.request_started = now;
  c.deadline = now + (first ? options.read_timeout : options.idle_timeout);
  c.stream.expires_at(c.deadline);
  if (buffer.size() == 0) {  // otherwise a pipelined request is already here
    beast::error_code ec;
    std::size_t n = co_await c.stream.async_read_some(buffer.prepare(kFirstReadBytes),
                                                      asio::redirect_error(use_awaitable, ec));
    if (ec) co_return false;
    buffer.commit(n);
  }
  if (!first) {
    c.request_started = std::chrono::steady_clock::now();
    c.deadline = c.request_started + options.read_timeout;
    c.stream.expires_at(c.deadline);
  }
  co_return true;
}

awaitable<beast::error_code> Server::Impl::read_request(Connection& c, beast::flat_buffer& buffer,
                                                        Parser& parser) {
  // One deadline (set by wait_for_request) covers headers and body, so a
  // client trickling bytes cannot hold the connection longer than that.
  // The head has its own, shorter deadline within that one, so a client
  // dripping header lines cannot hold a connection for the whole of it.
  beast::error_code ec;
  // Most requests arrive whole with their first bytes: parsed here, they
  // need no asynchronous read (nor its completion posted to the queue).
  while (buffer.size() > 0 && !parser.is_header_done()) {
    std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == beast_http::error::need_more) {
      ec = {};
      break;
    }
    if (ec) co_return ec;
    if (used == 0) break;
  }
  if (!parser.is_header_done()) {
    c.stream.expires_at(std::min(c.deadline, c.request_started + options.head_timeout));
    co_await beast_http::async_read_header(c.stream, buffer, parser,
                                           asio::redirect_error(use_awaitable, ec));
    if (ec) co_return ec;
  }
  if (!acceptable_transfer_encoding(parser.get())) {
    co_return beast_http::make_error_code(beast_http::error::bad_transfer_encoding);
  }
  c.stream.expires_at(c.deadline);
  if (parser.is_done()) co_return ec;
  // A declared body over the limit already failed above, so the client is
  // only invited to send a body we will read.
  if (beast::iequals(parser.get()[beast_http::field::expect], "100-continue")) {
    co_await asio::async_write(c.stream, asio::buffer(kContinue.data(), kContinue.size()),
                               asio::redirect_error(use_awaitable, ec));
    if (ec) co_return ec;
  }
  co_await beast_http::async_read(c.stream, buffer, parser,
                                  asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

awaitable<void> Server::Impl::linger(Connection& c) {
  // Closing a socket that still has unread input makes the kernel send a
  // reset, which can destroy the response still in flight (a 413 to a client
  // that is still uploading). So: half-close, then read and discard for a
  // short, bounded while until the client closes its side.
  beast::error_code ec;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  c.stream.expires_after(kLingerTimeout);
  std::array<char, 4096> sink;
  for (std::size_t total = 0; total < kLingerBytes;) {
    total += co_await c.stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(use_awaitable, ec));
    if (ec) break;
  }
}

// One acceptor on the first context hands each socket to the next context,
// round-robin. SO_REUSEPORT acceptors (one per context) would let the kernel
// spread connections, but they also let a second server bind the same port
// without an error, and a drain would have N acceptors to close; accepting
// is never the bottleneck of a news site.
awaitable<void> Server::Impl::accept_loop() {
  asio::steady_timer backoff(main());
  while (!stopping) {
    asio::io_context& target = *contexts[next_context++ % contexts.size()];
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor->async_accept(target, asio::redirect_error(use_awaitable, ec));
    if (stopping) break;
    if (ec) {
      // Out of descriptors and the like: wait a little instead of spinning.
      backoff.expires_after(kAcceptBackoff);
      co_await backoff.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    start_session(std::move(socket));
  }
}

void Server::Impl::start_session(tcp::socket socket) {
  if (active >= options.max_connections) {
    // Over the limit: accepted, so the client is not left waiting in the
    // backlog, and closed at once; cheaper than any answer.
    beast::error_code ec;
    socket.close(ec);
    return;
  }
  std::shared_ptr<Connection> conn;
  try {
    // Answers go out whole in one write, so Nagle's algorithm would only
    // hold back the last segment of a large one; writes are tried at once
    // and left to the reactor only when the socket cannot take them.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    socket.non_blocking(true, ignored);
    conn = std::make_shared<Connection>(std::move(socket));
    std::lock_guard lock(mu);
    std::size_t& held = per_address[conn->peer];
    if (options.max_connections_per_address > 0 && held >= options.max_connections_per_address) {
      // One address holding this many is a flood, not a reader: closing
      // its extra connections keeps room for everyone else.
      beast::error_code ec;
      conn->stream.socket().close(ec);
      return;
    }
    ++held;
    connections.insert(conn);
  } catch (...) {
    return;  // out of memory: this connection is dropped, the server goes on
  }
  ++active;
  try {
    asio::co_spawn(conn->stream.get_executor(), session(conn),
                   [this, conn](std::exception_ptr) { forget(conn); });
  } catch (...) {
    forget(conn);
  }
}

void Server::Impl::forget(const std::shared_ptr<Connection>& conn) {
  {
    std::lock_guard lock(mu);
    connections.erase(conn);
    auto held = per_address.find(conn->peer);
    if (held != per_address.end() && --held->second == 0) per_address.erase(held);
  }
  --active;
}

void Server::Impl::begin_drain() {
  if (draining) return;
  draining = true;
  stopping = true;
  beast::error_code ec;
  acceptor->close(ec);
  if (signals) signals->cancel(ec);
  {
    std::lock_guard lock(mu);
    for (const auto& conn : connections) {
      asio::post(conn->stream.get_executor(), [conn] {
        // Idle connections (waiting for a request, or lingering) close now;
        // busy ones are answered with "Connection: close" and close then.
        beast::error_code ignored;
        if (!conn->busy) conn->stream.socket().cancel(ignored);
      });
    }
  }
  asio::co_spawn(main(), drain(), asio::detached);
}

awaitable<void> Server::Impl::drain() {
  // Polling the live count keeps the bookkeeping in one place (the atomic)
  // instead of having every session wake the drain; a 20 ms tick is noise
  // next to a drain.
  auto deadline = std::chrono::steady_clock::now() + options.drain_timeout;
  asio::steady_timer timer(main());
  while (active > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(kDrainPoll);
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  // Sessions still alive past the deadline are abandoned here and destroyed
  // with their context, which closes their sockets.
  for (auto& g : guards) g.reset();
  for (auto& ctx : contexts) ctx->stop();
}

Status Server::Impl::listen(const std::string& host, std::uint16_t port_wanted) {
  beast::error_code ec;
  tcp::resolver resolver(main());
  auto endpoints = resolver.resolve(host, std::to_string(port_wanted), tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) {
    return make_error(ErrorCode::invalid_input,
                      "cannot resolve listen host " + host + ": " + ec.message());
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor = std::make_unique<tcp::acceptor>(main());
  acceptor->open(endpoint.protocol(), ec);
  // SO_REUSEADDR only lets a restart bind past TIME_WAIT sockets; on Linux
  // it does not let two servers share a listening port.
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  tcp::endpoint local;
  if (!ec) local = acceptor->local_endpoint(ec);
  if (ec) {
    return make_error(ErrorCode::io, "cannot listen on " + host + ":" +
                                         std::to_string(port_wanted) + ": " + ec.message());
  }
  port = local.port();
  std::string address = local.address().to_string();
  url = "http://" + (local.address().is_v6() ? "[" + address + "]" : address) + ":" +
        std::to_string(port);
  return {};
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::create(ServerOptions options, Handler handler) {
  if (options.threads < 0 || options.workers < 0) {
    return make_error(ErrorCode::invalid_input, "server threads must be 0 (one per core) or more");
  }
  auto impl = std::make_unique<Impl>();
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  for (int i = 0; i < std::max(1, threads); ++i) {
    // Concurrency hint 1: each context is run by exactly one thread, so a
    // session never runs concurrently with itself and needs no strand.
    impl->contexts.push_back(std::make_unique<asio::io_context>(1));
    impl->guards.push_back(asio::make_work_guard(*impl->contexts.back()));
  }
  auto listening = impl->listen(options.host, options.port);
  if (!listening.ok()) return std::move(listening).error();
  if (options.is_heavy) {
    int workers = options.workers > 0 ? options.workers
                                      : static_cast<int>(std::thread::hardware_concurrency());
    impl->workers = std::make_unique<WorkerPool>(workers, options.max_queued_work);
  }
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
    threads.emplace_back([ctx = s.contexts[i].get()] { run_context(*ctx); });
  }
  run_context(s.main());
  for (auto& t : threads) t.join();
}

void Server::stop() {
  Impl* s = impl_.get();
  s->stopping = true;
  // begin_drain runs on the accepting context, which owns the acceptor and
  // the signal set; draining twice is a no-op there.
  asio::post(s->main(), [s] { s->begin_drain(); });
}

}  // namespace depeche::http
