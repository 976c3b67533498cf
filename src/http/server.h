#pragma once
// The HTTP transport: Beast + Asio with C++20 coroutines. It owns sockets,
// limits and shutdown; what a request means is the injected Handler's job.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/types.h"

namespace depeche::http {

inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
inline constexpr std::chrono::seconds kReadTimeout{15};  // a request, once it has started
inline constexpr std::chrono::seconds kIdleTimeout{30};  // keep-alive wait for the next one
inline constexpr std::size_t kMaxConnections = 4096;
inline constexpr std::chrono::seconds kDrainTimeout{10};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  unsigned threads = 0;       // I/O threads, one io_context each; 0: one per core
  std::size_t max_header_bytes = kMaxHeaderBytes;
  std::size_t max_body_bytes = kMaxBodyBytes;
  std::chrono::milliseconds read_timeout = kReadTimeout;
  std::chrono::milliseconds idle_timeout = kIdleTimeout;
  std::size_t max_connections = kMaxConnections;
  std::chrono::milliseconds drain_timeout = kDrainTimeout;
  bool handle_signals = true;  // SIGTERM/SIGINT start a drain
};

class Server {
 public:
  // Binds and listens, so port() is known at once; serves nothing until
  // run(). Fails when the address cannot be resolved or bound.
  static Result<std::unique_ptr<Server>> create(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT", IPv6 hosts in brackets

  // Serves until stop() or a signal, then drains: stops accepting, lets
  // requests in flight finish (up to drain_timeout), closes idle
  // connections, and returns. Call once.
  void run();
  // Starts the drain. Thread-safe, idempotent, may come before run().
  void stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace depeche::http
