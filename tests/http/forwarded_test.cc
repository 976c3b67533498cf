// Who the client is behind a reverse proxy: only trusted proxies may say.

#include "http/forwarded.h"

#include <gtest/gtest.h>

namespace depeche::http {
namespace {

TrustedProxies trusting(const std::vector<std::string>& addresses) {
  TrustedProxies t;
  std::string bad;
  EXPECT_TRUE(TrustedProxies::parse(addresses, t, bad)) << bad;
  return t;
}

TEST(TrustedProxies, ARequestFromAnUntrustedPeerIsThatPeerWhateverItClaims) {
  auto t = trusting({"127.0.0.1"});
  EXPECT_EQ(t.client("198.51.100.7", "203.0.113.9"), "198.51.100.7");
  EXPECT_EQ(TrustedProxies{}.client("127.0.0.1", "203.0.113.9"), "127.0.0.1");
}

TEST(TrustedProxies, AClientBehindTheProxyIsTheAddressTheProxyAppended) {
  auto t = trusting({"127.0.0.1"});
  EXPECT_EQ(t.client("127.0.0.1", "203.0.113.9"), "203.0.113.9");
  // A reader forging the header gets only what the proxy saw appended.
  EXPECT_EQ(t.client("127.0.0.1", "10.9.9.9, 203.0.113.9"), "203.0.113.9");
}

TEST(TrustedProxies, HopsThroughSeveralTrustedProxiesAreWalkedFromTheRight) {
  auto t = trusting({"127.0.0.1", "10.0.0.2"});
  EXPECT_EQ(t.client("127.0.0.1", "192.0.2.44, 10.0.0.2"), "192.0.2.44");
  EXPECT_EQ(t.client("127.0.0.1", "10.0.0.2"), "10.0.0.2") << "all trusted: the leftmost";
}

TEST(TrustedProxies, MalformedOrMissingEntriesKeepTheLastKnownAddress) {
  auto t = trusting({"127.0.0.1"});
  EXPECT_EQ(t.client("127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(t.client("127.0.0.1", "unknown"), "127.0.0.1");
  EXPECT_EQ(t.client("127.0.0.1", "203.0.113.9, <script>"), "127.0.0.1");
}

TEST(TrustedProxies, IPv6AndMappedIPv4AddressesCompareByValue) {
  auto t = trusting({"::1", "127.0.0.1"});
  EXPECT_EQ(t.client("::ffff:127.0.0.1", " 2001:db8::5 "), "2001:db8::5");
  EXPECT_EQ(t.client("0:0:0:0:0:0:0:1", "::ffff:192.0.2.1"), "192.0.2.1");
}

TEST(TrustedProxies, AHeaderStuffedWithAddressesIsReadOnlyToItsBound) {
  auto t = trusting({"127.0.0.1"});
  std::string many;
  for (std::size_t i = 0; i < 10 * kMaxForwardedHops; ++i) many += "127.0.0.1,";
  many += "127.0.0.1";
  EXPECT_EQ(t.client("127.0.0.1", many), "127.0.0.1");
}

TEST(TrustedProxies, AnEntryThatIsNotAnAddressIsRefusedWithItsName) {
  TrustedProxies t;
  std::string bad;
  EXPECT_FALSE(TrustedProxies::parse({"127.0.0.1", "nginx.local"}, t, bad));
  EXPECT_EQ(bad, "nginx.local");
}

}  // namespace
}  // namespace depeche::http
