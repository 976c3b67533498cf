#include "http/forwarded.h"

#include <utility>  // before Asio (Boost 1.74 with g++ 12)

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <optional>

namespace depeche::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The normalised form of an address, or nullopt when `text` is not one.
// An IPv4 address seen through an IPv6 socket ("::ffff:192.0.2.1") is the
// IPv4 address.
std::optional<std::string> normalised(std::string_view text) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(trim(text)), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_string();
  }
  return a.to_string();
}

}  // namespace

bool TrustedProxies::parse(const std::vector<std::string>& addresses, TrustedProxies& out,
                           std::string& bad_entry) {
  TrustedProxies t;
  for (const auto& a : addresses) {
    auto n = normalised(a);
    if (!n) {
      bad_entry = a;
      return false;
    }
    t.addresses_.push_back(*n);
  }
  out = std::move(t);
  return true;
}

bool TrustedProxies::contains(std::string_view address) const {
  auto n = normalised(address);
  return n && std::find(addresses_.begin(), addresses_.end(), *n) != addresses_.end();
}

std::string TrustedProxies::client(std::string_view peer, std::string_view forwarded_for) const {
  std::string client(peer);
  if (addresses_.empty() || !contains(peer)) return client;
  std::size_t hops = 0;
  while (!forwarded_for.empty() && hops < kMaxForwardedHops) {
    auto comma = forwarded_for.rfind(',');
    std::string_view entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view{}
                                                    : forwarded_for.substr(0, comma);
    ++hops;
    auto n = normalised(entry);
    if (!n) break;
    client = *n;
    if (!contains(*n)) break;
  }
  return client;
}

}  // namespace depeche::http
