#pragma once
// The access log and request ids: one line per answered request, and an id
// that ties the client's X-Request-Id header, its access line and any error
// line together.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/log.h"
#include "http/types.h"

namespace depeche::web {

inline constexpr std::string_view kRequestIdHeader = "X-Request-Id";
// "5f1c09ab-0000002a": this process's random prefix, then a counter.
inline constexpr std::size_t kRequestIdLength = 17;

// Hands out ids unique across restarts and nodes with high probability.
// Thread-safe and lock-free.
class RequestIds {
 public:
  RequestIds();
  using Id = std::array<char, kRequestIdLength>;
  Id next();

 private:
  std::uint32_t prefix_;
  std::atomic<std::uint64_t> counter_{0};
};

inline std::string_view view(const RequestIds::Id& id) {
  return {id.data(), id.size()};
}

// What the access line says about one request. `status` 500 and `bytes` 0
// when the handler threw (the server answers for it).
struct AccessRecord {
  const http::Request& request;
  unsigned status = 0;
  std::size_t bytes = 0;
  std::chrono::nanoseconds duration{};
  std::string_view request_id;
};

// "access peer=127.0.0.1 method=GET path=/healthz status=200 bytes=2
// ms=0.041 id=5f1c09ab-0000002a". The query is left out: it may carry
// searches and tokens that have no place in a log file. Bytes outside
// printable ASCII in the path are written as %XX, so a line is always one
// line.
void log_access(Log& log, const AccessRecord& record);

// "request failed id=… method=… path=…: what", at error level.
void log_failure(Log& log, const http::Request& request, std::string_view request_id,
                 std::string_view what);

}  // namespace depeche::web
