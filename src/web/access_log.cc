#include "web/access_log.h"

#include <fmt/format.h>

#include <iterator>
#include <random>

namespace depeche::web {
namespace {

// The path without its query, escaped so that it stays one token.
void append_path(fmt::memory_buffer& out, std::string_view target) {
  std::string_view path = http::path_of(target);
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : path) {
    auto b = static_cast<unsigned char>(c);
    if (b > 0x20 && b < 0x7f && b != '"') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xf]);
    }
  }
}

void append_request(fmt::memory_buffer& out, const http::Request& request) {
  auto peer =
      request[boost::beast::string_view(http::kPeerHeader.data(), http::kPeerHeader.size())];
  auto method = request.method_string();
  fmt::format_to(std::back_inserter(out),
                 "peer={} method={} path=", std::string_view(peer.data(), peer.size()),
                 std::string_view(method.data(), method.size()));
  auto target = request.target();
  append_path(out, std::string_view(target.data(), target.size()));
}

}  // namespace

RequestIds::RequestIds() {
  std::random_device random;
  prefix_ = random();
}

RequestIds::Id RequestIds::next() {
  std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed) + 1;
  Id id;
  fmt::format_to_n(id.data(), id.size(), "{:08x}-{:08x}", prefix_, static_cast<std::uint32_t>(n));
  return id;
}

void log_access(Log& log, const AccessRecord& r) {
  if (!log.enabled(LogLevel::info)) return;
  fmt::memory_buffer line;
  line.append(std::string_view("access "));
  append_request(line, r.request);
  double ms = std::chrono::duration<double, std::milli>(r.duration).count();
  fmt::format_to(std::back_inserter(line), " status={} bytes={} ms={:.3f} id={}", r.status, r.bytes,
                 ms, r.request_id);
  log.write(LogLevel::info, std::string_view(line.data(), line.size()));
}

void log_failure(Log& log, const http::Request& request, std::string_view request_id,
                 std::string_view what) {
  if (!log.enabled(LogLevel::error)) return;
  fmt::memory_buffer line;
  fmt::format_to(std::back_inserter(line), "request failed id={} ", request_id);
  append_request(line, request);
  fmt::format_to(std::back_inserter(line), ": {}", what);
  log.write(LogLevel::error, std::string_view(line.data(), line.size()));
}

}  // namespace depeche::web
