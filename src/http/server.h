#pragma once
// The HTTP transport: Beast + Asio with C++20 coroutines. It owns sockets,
// limits and shutdown; what a request means is the injected Handler's job.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/forwarded.h"
#include "http/types.h"

namespace depeche::http {

// Named limits; every one can be overridden in ServerOptions.
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;  // request line + fields -> 431
inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;  // -> 413
inline constexpr std::chrono::seconds kReadTimeout{15};    // whole request, headers + body
inline constexpr std::chrono::seconds kIdleTimeout{30};    // keep-alive wait between requests
inline constexpr std::size_t kMaxConnections = 4096;       // more are accepted, then closed
inline constexpr std::chrono::seconds kDrainTimeout{10};   // in-flight grace on shutdown
// A request head (request line + fields) must arrive whole within this,
// counted from its first byte (from the accept for a new connection).
inline constexpr std::chrono::seconds kHeadTimeout{10};
// Connections one client address may hold at once; more are closed at
// accept. Behind a reverse proxy every request comes from the proxy's
// address: raise it (or 0, no cap) there.
inline constexpr std::size_t kMaxConnectionsPerAddress = 256;
// Heavy requests waiting for a worker; more are answered 503 at once.
inline constexpr std::size_t kMaxQueuedWork = 64;
inline constexpr std::chrono::seconds kBusyRetryAfter{2};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  int threads = 0;  // io_contexts, one thread each; 0: std::thread::hardware_concurrency()
  std::size_t max_header_bytes = kMaxHeaderBytes;
  std::size_t max_body_bytes = kMaxBodyBytes;
  std::chrono::milliseconds read_timeout = kReadTimeout;
  std::chrono::milliseconds idle_timeout = kIdleTimeout;
  std::size_t max_connections = kMaxConnections;
  std::chrono::milliseconds drain_timeout = kDrainTimeout;
  std::chrono::milliseconds head_timeout = kHeadTimeout;
  std::size_t max_connections_per_address = kMaxConnectionsPerAddress;  // 0: no cap
  // Reverse proxies whose X-Forwarded-For names the client: requests they
  // relay carry that client's address in kPeerHeader (what rate limits and
  // the access log see). Empty: the TCP peer is the client.
  TrustedProxies trusted_proxies;
  bool handle_signals = true;  // SIGTERM/SIGINT start a drain (tests set false)
  // Requests for which this answers true (parsing a pushed document,
  // hashing a password, a search) run on a pool of `workers` threads
  // instead of the I/O thread, so that readers of cheap pages are never
  // queued behind them. At most max_queued_work wait for a worker; more are
  // answered 503 with Retry-After. Null: every request runs on its I/O
  // thread.
  std::function<bool(const Request&)> is_heavy;
  int workers = 0;  // 0: std::thread::hardware_concurrency()
  std::size_t max_queued_work = kMaxQueuedWork;
  // Answers from memory (a page cache), tried on the I/O thread before
  // is_heavy and the handler for HTTP/1.1 GET and HEAD requests; what it
  // answers is written as prepared, with no response built. Null: none.
  PreparedHandler prepared;
  // Called on the answers the transport makes itself (503 busy, 413 body
  // too large) when the request's head was read, so the application can
  // give them its own shape (JSON under an API) and headers.
  std::function<void(const Request&, Response&)> shape_error;
};

// Behaviour on the wire: HTTP/1.1 keep-alive (a client's "Connection: close"
// and HTTP/1.0 are honoured), pipelined requests answered in order,
// "Expect: 100-continue" answered, HEAD answered with the headers the
// handler gave (Content-Length of the would-be body) and no body. A header
// over the limit gets 431, a body over the limit 413, a malformed request
// 400, each followed by a close; a handler that throws gets its client a 500
// and the server goes on. A connection silent past a timeout is closed, and
// so is one whose request head takes longer than head_timeout. A
// Transfer-Encoding other than exactly "chunked" gets 400 and a close
// (RFC 9112 §6.3: the body's length cannot be known).
class Server {
 public:
  // Binds and listens, so port() is known at once; serves nothing until
  // run(). Fails (invalid_input) when the host does not resolve or the
  // options are out of range, (io) when the address cannot be bound.
  static Result<std::unique_ptr<Server>> create(ServerOptions options, Handler handler);
  // Must not run while run() does: stop() and wait for run() to return first.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (the chosen one when options.port was 0).
  std::uint16_t port() const;
  // "http://127.0.0.1:PORT" for the bound address; IPv6 hosts in brackets.
  std::string url() const;

  // Blocks, serving on options.threads threads (the caller's included),
  // until stop() or a signal; then drains: stops accepting, closes idle
  // keep-alive connections, lets requests in flight finish and be answered
  // (with "Connection: close") for up to drain_timeout, and returns.
  // Call once.
  void run();
  // Starts the drain. Thread-safe and idempotent; may come before run(), in
  // which case run() returns at once.
  void stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace depeche::http
