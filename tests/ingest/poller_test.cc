// Polling against a real HTTP server on 127.0.0.1, port 0.

#include "ingest/poller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/time.h"
#include "http/server.h"
#include "http/static_files.h"
#include "ingest/fetch.h"
#include "ingest/parse.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace depeche::ingest {
namespace {

using namespace std::chrono_literals;
namespace bh = http::beast_http;

constexpr const char* kFeed = R"(<rss version="2.0"><channel><title>Fil test</title>
<item><title>Première dépêche du fil</title><guid>fil-1</guid>
<pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate><description>Texte.</description></item>
</channel></rss>)";

class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::sqlite::open_store(":memory:", clock_));
    publisher_ = std::make_unique<articles::Publisher>(store_->articles());
    ingester_ = std::make_unique<Ingester>(*publisher_, clock_, &store_->held(), &store_->links(),
                                           media_.path());
    http::ServerOptions o;
    o.port = 0;
    o.threads = 1;
    o.handle_signals = false;
    server_ = std::move(*http::Server::create(o, [this](const http::Request& req) {
      ++requests_;
      if (req.target() == "/broken") {
        return http::make_response(req, bh::status::internal_server_error, "non", "text/plain");
      }
      if (req.target() == "/huge") {
        return http::make_response(req, bh::status::ok, std::string(kMaxDocumentBytes + 10, 'x'),
                                   "application/xml");
      }
      return http::serve_bytes(req, kFeed, "application/rss+xml", "no-cache");
    }));
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }
  std::string url(const char* path) { return server_->url() + path; }

  template <class F>
  bool eventually(F done, std::chrono::seconds limit = 10s) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > end) return false;
      std::this_thread::sleep_for(20ms);
    }
    return true;
  }

  FixedClock clock_{*parse_iso8601("2026-11-24T10:00:00Z")};
  depeche::testing::TempDir media_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<articles::Publisher> publisher_;
  std::unique_ptr<Ingester> ingester_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::atomic<int> requests_{0};
};

TEST_F(PollerTest, FeedIsIngestedThenRefetchedConditionally) {
  FeedPoller poller(*ingester_, clock_, {{"fil", url("/feed.rss"), 1s}}, nullptr);
  EXPECT_TRUE(eventually([&] { return store_->articles().by_id(1)->has_value(); }));
  EXPECT_EQ((*store_->articles().by_id(1))->dispatch.headline, "Première dépêche du fil");
  EXPECT_TRUE(eventually([&] { return poller.health()[0].not_modified >= 1; }))
      << "the second fetch sends the ETag and gets 304";
  auto h = poller.health()[0];
  EXPECT_EQ(h.items_accepted, 1u);
  ASSERT_TRUE(h.last_delay.has_value());
  EXPECT_EQ(h.last_delay->count(), 2 * 3600) << "versionCreated 08:00Z, published at 10:00Z";
  EXPECT_TRUE(h.last_success.has_value());
  EXPECT_TRUE(h.last_error.empty());
}

TEST_F(PollerTest, FailingSourceRecordsTheErrorAndBacksOff) {
  FeedPoller poller(*ingester_, clock_, {{"cassé", url("/broken"), 1s}}, nullptr);
  EXPECT_TRUE(eventually([&] { return !poller.health()[0].last_error.empty(); }));
  EXPECT_EQ(poller.health()[0].last_error, "HTTP status 500");
  std::this_thread::sleep_for(2500ms);
  // Backoff doubles the wait: 0 s, then 1 s, then 2 s — at most 3 fetches.
  EXPECT_LE(poller.health()[0].fetches, 3u);
}

TEST_F(PollerTest, FetchRefusesOversizedBodiesAndOtherSchemes) {
  auto huge = fetch({url("/huge"), {}, {}}, kMaxDocumentBytes);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code, ErrorCode::too_large);
  auto file = fetch({"file:///etc/passwd", {}, {}}, 1000);
  EXPECT_FALSE(file.ok());
}

}  // namespace
}  // namespace depeche::ingest
