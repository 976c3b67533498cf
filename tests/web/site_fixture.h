#pragma once
// A real server on port 0 over an in-memory SQLite store, with accounts,
// for the web tests.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "articles/publisher.h"
#include "assets/assets.h"
#include "comments/accounts.h"
#include "comments/comments.h"
#include "comments/moderation.h"
#include "search/sync.h"
#include "store/sqlite/sqlite_store.h"
#include "support/http_client.h"
#include "support/temp_dir.h"
#include "web/page_cache.h"
#include "web/site.h"

namespace depeche::web {

namespace bh = boost::beast::http;

// The value of cookie `name` among a response's Set-Cookie headers.
inline std::string cookie_value(const testing::HttpResult& r, const std::string& name) {
  std::string all = r.all("Set-Cookie");
  auto at = all.find(name + "=");
  if (at == std::string::npos) return {};
  auto start = at + name.size() + 1;
  return all.substr(start, all.find_first_of(";\n", start) - start);
}

// The CSRF token the test "browser" holds in its cookie and its forms.
inline constexpr const char* kFormToken = "test-form-token";

inline render::TemplateLoader embedded() {
  return [](std::string_view name) -> std::optional<std::string> {
    auto bytes = assets::find("templates/" + std::string(name));
    if (!bytes) return std::nullopt;
    return std::string(*bytes);
  };
}

inline constexpr const char* kToken = "s3cret-token";
// Absolute links come from the configuration, never from the request.
inline constexpr const char* kBaseUrl = "https://news.example";

// A NewsML-G2 item written for the push tests.
inline std::string pushed_item(const std::string& guid) {
  return R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid=")" + guid +
         R"(" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>
<versionCreated>2026-11-24T08:00:00Z</versionCreated></itemMeta>
<contentMeta><headline>Poussée par l’API</headline></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Texte.</p></body></html></inlineXML></contentSet></newsItem>)";
}

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::sqlite::open_store(database(), clock_));
    publisher_ = std::make_unique<articles::Publisher>(store_->articles());
    render::SiteSettings settings;
    settings.base_url = kBaseUrl;
    for (const auto& s : publisher_->sections().all()) settings.sections.push_back({s.slug, s.name});
    configure(settings);
    auto pages = render::Pages::create(templates(), settings, clock_);
    ASSERT_TRUE(pages.ok()) << pages.error().message;
    pages_ = std::move(*pages);
    ingester_ = std::make_unique<ingest::Ingester>(*publisher_, clock_, &store_->held(),
                                                   &store_->links(), media_.path());
    limiter_ = std::make_unique<comments::RateLimiter>(clock_);
    accounts_ = std::make_unique<comments::Accounts>(store_->users(), clock_, comments::kTestCost,
                                                     limiter_.get());
    deps_ = std::make_unique<SiteDeps>(SiteDeps{store_->articles(), *pages_, clock_, metrics_,
                                                media_.path(), false, ingester_.get(), kToken});
    deps_->accounts = accounts_.get();
    comments::CommentRules rules;
    rules.close_after = std::chrono::seconds{0};  // fixtures' dates are old
    rules.banned_words = {"saperlipopette"};
    rules.suspect_words = {"arnaq*"};
    comments_ = std::make_unique<comments::Comments>(*store_, clock_, *limiter_, rules);
    moderation_ = std::make_unique<comments::Moderation>(*store_, clock_);
    deps_->comments = comments_.get();
    deps_->moderation = moderation_.get();
    index_ = std::move(*search::Index::in_memory());
    deps_->search = index_.get();
    // As the binary runs: "À lire aussi" from precomputed cards.
    related_ = std::make_unique<search::RelatedCards>(*index_);
    deps_->related = related_.get();
    // As the binary runs: anonymous pages come from the page cache, so every
    // web test also checks that what it changed is seen at once.
    if (page_cache_bytes() > 0) {
      cache_ = std::make_unique<PageCache>(*store_, page_cache_bytes());
      deps_->page_cache = cache_.get();
    }
    http::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.handle_signals = false;
    options.is_heavy = is_heavy;  // as the binary runs it
    options.shape_error = shape_transport_error;
    options.prepared = cached_pages(*deps_);  // as the binary runs it
    server_ = std::move(*http::Server::create(options, make_site(*deps_)));
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  // What a test fixture may change before the server starts.
  virtual std::string database() { return ":memory:"; }
  virtual void configure(render::SiteSettings&) {}
  virtual render::TemplateLoader templates() { return embedded(); }
  virtual std::size_t page_cache_bytes() { return kPageCacheBytes; }

  std::int64_t publish(Dispatch d) { return publisher_->publish(d)->article_id; }
  unsigned short port() const { return server_->port(); }
  // Brings the search index up to date, as the server's syncer does.
  void reindex() {
    ASSERT_TRUE(search::catch_up(store_->articles(), *index_, related_.get()).ok());
  }

  // A form POST from a page of the site: the CSRF cookie and field agree.
  testing::HttpResult post_form(const std::string& path, std::string body,
                                std::vector<std::pair<std::string, std::string>> headers = {},
                                const std::string& session = {}) {
    std::string cookie = "csrf=" + std::string(kFormToken);
    if (!session.empty()) cookie += "; session=" + session;
    headers.emplace_back("Cookie", cookie);
    body += std::string(body.empty() ? "" : "&") + "csrf=" + kFormToken;
    return testing::http_request(port(), boost::beast::http::verb::post, path, body, headers);
  }
  // A JSON API call.
  testing::HttpResult api(boost::beast::http::verb method, const std::string& path,
                          const nlohmann::json& body = nullptr,
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    return testing::http_request(port(), method, path, body.is_null() ? "" : body.dump(), headers);
  }

  FixedClock clock_{*parse_iso8601("2026-11-24T10:00:00Z")};
  depeche::testing::TempDir media_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<articles::Publisher> publisher_;
  std::unique_ptr<ingest::Ingester> ingester_;
  std::unique_ptr<render::Pages> pages_;
  std::unique_ptr<comments::RateLimiter> limiter_;
  std::unique_ptr<comments::Accounts> accounts_;
  std::unique_ptr<search::Index> index_;
  std::unique_ptr<search::RelatedCards> related_;
  std::unique_ptr<comments::Comments> comments_;
  std::unique_ptr<comments::Moderation> moderation_;
  Metrics metrics_;
  std::unique_ptr<SiteDeps> deps_;
  std::unique_ptr<PageCache> cache_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace depeche::web
