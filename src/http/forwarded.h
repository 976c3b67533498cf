#pragma once
// Who the client is behind a reverse proxy. A proxy (nginx in front of the
// nodes) connects from its own address; it names the client it serves in
// X-Forwarded-For, appending the address it saw to whatever the request
// already carried. Only proxies the operator trusts may say who the client
// is: anyone else could write any address into that header.

#include <string>
#include <string_view>
#include <vector>

namespace depeche::http {

// The most entries of X-Forwarded-For read, from the right: a request
// stuffed with addresses costs no more than this.
inline constexpr std::size_t kMaxForwardedHops = 16;

// Proxies whose X-Forwarded-For is believed: exact IPv4 or IPv6 addresses.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Fails on an entry that is not an address (the configuration says which).
  static bool parse(const std::vector<std::string>& addresses, TrustedProxies& out,
                    std::string& bad_entry);
  bool empty() const { return addresses_.empty(); }
  bool contains(std::string_view address) const;

  // The client's address: `peer` itself unless it is a trusted proxy; then
  // the rightmost address of `forwarded_for` that is not a trusted proxy
  // (each trusted hop appended the one it saw), or the leftmost when all
  // are trusted. Malformed entries stop the walk: the peer's (or the last
  // trusted hop's) view is kept rather than a guess.
  std::string client(std::string_view peer, std::string_view forwarded_for) const;

 private:
  std::vector<std::string> addresses_;  // normalised text forms
};

}  // namespace depeche::http
