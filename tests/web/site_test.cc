// The site as a reader and an API client see it: a real server on port 0
// over an in-memory SQLite store.

#include "web/site.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "articles/publisher.h"
#include "assets/assets.h"
#include "store/sqlite/sqlite_store.h"
#include "support/dispatches.h"
#include "support/http_client.h"
#include "support/in_order.h"
#include "support/temp_dir.h"

namespace depeche::web {
namespace {

namespace bh = boost::beast::http;
using namespace std::chrono_literals;
using depeche::testing::http_get;
using depeche::testing::http_request;
using depeche::testing::sample_dispatch;

render::TemplateLoader embedded() {
  return [](std::string_view name) -> std::optional<std::string> {
    auto bytes = assets::find("templates/" + std::string(name));
    if (!bytes) return std::nullopt;
    return std::string(*bytes);
  };
}

constexpr const char* kToken = "s3cret-token";

// A NewsML-G2 item written for the push tests.
std::string pushed_item(const std::string& guid) {
  return R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid=")" + guid +
         R"(" version="1"><itemMeta><itemClass qcode="ninat:text"/><provider literal="AHP"/>
<versionCreated>2026-11-24T08:00:00Z</versionCreated></itemMeta>
<contentMeta><headline>Poussée par l’API</headline></contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Texte.</p></body></html></inlineXML></contentSet></newsItem>)";
}

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*store::sqlite::open_store(":memory:", clock_));
    publisher_ = std::make_unique<articles::Publisher>(store_->articles());
    pages_ = std::move(*render::Pages::create(embedded(), render::SiteSettings{}, clock_));
    ingester_ = std::make_unique<ingest::Ingester>(*publisher_, clock_, &store_->held(),
                                                   &store_->links(), media_.path());
    deps_ = std::make_unique<SiteDeps>(SiteDeps{store_->articles(), *pages_, clock_, metrics_,
                                                media_.path(), false, ingester_.get(), kToken});
    http::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.handle_signals = false;
    server_ = std::move(*http::Server::create(options, make_site(*deps_)));
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  std::int64_t publish(Dispatch d) { return publisher_->publish(d)->article_id; }
  unsigned short port() const { return server_->port(); }

  FixedClock clock_{*parse_iso8601("2026-11-24T10:00:00Z")};
  depeche::testing::TempDir media_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<articles::Publisher> publisher_;
  std::unique_ptr<ingest::Ingester> ingester_;
  std::unique_ptr<render::Pages> pages_;
  Metrics metrics_;
  std::unique_ptr<SiteDeps> deps_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST_F(SiteTest, HomeListsTheLatestArticlesFirst) {
  publish(sample_dispatch("a", 1, "Plus ancien", "2026-11-20T08:00:00Z"));
  publish(sample_dispatch("b", 1, "Plus récent", "2026-11-21T08:00:00Z"));
  auto res = http_get(port(), "/");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_TRUE(depeche::testing::appear_in_order(res.body, {"Plus récent", "Plus ancien"}));
}

TEST_F(SiteTest, HomePageBeyondTheLastIsNotFound) {
  publish(sample_dispatch("a", 1));
  EXPECT_EQ(http_get(port(), "/?page=2").status, 404u);
  EXPECT_EQ(http_get(port(), "/?page=abc").status, 404u);
}

TEST_F(SiteTest, ArticleIsServedAtItsCanonicalPath) {
  auto id = publish(sample_dispatch("a", 1, "Le port de Brest bat un record"));
  auto res =
      http_get(port(), "/articles/" + std::to_string(id) + "-le-port-de-brest-bat-un-record");
  EXPECT_EQ(res.status, 200u);
  EXPECT_NE(res.body.find("<h1>Le port de Brest bat un record</h1>"), std::string::npos);
}

TEST_F(SiteTest, ArticleWithAnOtherSlugRedirectsToTheCanonicalPath) {
  auto id = publish(sample_dispatch("a", 1, "Le port de Brest"));
  auto res = http_get(port(), "/articles/" + std::to_string(id) + "-ancien-titre");
  EXPECT_EQ(res.status, 301u);
  EXPECT_EQ(res.header("Location"), "/articles/" + std::to_string(id) + "-le-port-de-brest");
}

TEST_F(SiteTest, UnknownPathsGetTheFrenchNotFoundPage) {
  for (const char* path : {"/articles/999-rien", "/articles/abc", "/nulle-part"}) {
    auto res = http_get(port(), path);
    EXPECT_EQ(res.status, 404u) << path;
    EXPECT_NE(res.body.find("Page introuvable"), std::string::npos) << path;
  }
}

TEST_F(SiteTest, WithdrawnArticleAnswersGone) {
  auto d = sample_dispatch("a", 1, "Retiré");
  auto id = publish(d);
  d.version = 2;
  d.status = WireStatus::withdrawn;
  publish(d);
  auto res = http_get(port(), "/articles/" + std::to_string(id) + "-retire");
  EXPECT_EQ(res.status, 410u);
  EXPECT_NE(res.body.find("Article retiré"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/api/v1/articles/" + std::to_string(id)).status, 410u);
}

TEST_F(SiteTest, ContrastFormSetsACookieAndReturnsToThePage) {
  auto res = http_request(port(), bh::verb::post, "/preferences/contrast",
                          "contrast=high&return=%2Farticles%2F1-x");
  EXPECT_EQ(res.status, 303u);
  EXPECT_EQ(res.header("Location"), "/articles/1-x");
  auto cookie = res.header("Set-Cookie");
  EXPECT_NE(cookie.find("contrast=high"), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
}

TEST_F(SiteTest, ContrastFormNeverRedirectsOffSite) {
  for (const char* ret : {"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil"}) {
    auto res = http_request(port(), bh::verb::post, "/preferences/contrast",
                            std::string("contrast=high&return=") + ret);
    EXPECT_EQ(res.header("Location"), "/") << ret;
  }
}

TEST_F(SiteTest, ContrastFormFromAnotherSiteIsRefused) {
  auto res = http_request(port(), bh::verb::post, "/preferences/contrast", "contrast=high",
                          {{"Origin", "https://evil.example"}});
  EXPECT_EQ(res.status, 403u);
  EXPECT_TRUE(res.header("Set-Cookie").empty());
  auto same = http_request(port(), bh::verb::post, "/preferences/contrast", "contrast=high",
                           {{"Origin", "http://127.0.0.1"}});
  EXPECT_EQ(same.status, 303u) << "the test client sends Host: 127.0.0.1";
}

TEST_F(SiteTest, ContrastCookieMakesTheServerRenderTheHighContrastPage) {
  auto res = http_get(port(), "/", {{"Cookie", "contrast=high"}});
  EXPECT_NE(res.body.find("<html lang=\"fr\" class=\"contrast-high\">"), std::string::npos);
  EXPECT_NE(res.body.find("aria-pressed=\"true\""), std::string::npos);
}

TEST_F(SiteTest, ContrastRequestFromScriptGetsJsonWithoutRedirect) {
  auto res = http_request(port(), bh::verb::post, "/preferences/contrast", "contrast=normal",
                          {{"Accept", "application/json"}});
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(res.body)["contrast"], "normal");
  EXPECT_NE(res.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
}

TEST_F(SiteTest, ApiListsArticlesWithTheContractFieldsAndACursor) {
  publish(sample_dispatch("a", 3, "Un", "2026-11-20T08:00:00Z"));
  publish(sample_dispatch("b", 1, "Deux", "2026-11-21T08:00:00Z"));
  auto first = nlohmann::json::parse(http_get(port(), "/api/v1/articles?limit=1").body);
  ASSERT_EQ(first["items"].size(), 1u);
  const auto& item = first["items"][0];
  for (const char* field : {"id", "guid", "version", "url", "headline", "provider", "published_at",
                            "updated_at", "status"}) {
    EXPECT_TRUE(item.contains(field)) << field;
  }
  EXPECT_EQ(item["headline"], "Deux");
  EXPECT_EQ(item["published_at"], "2026-11-21T08:00:00Z");
  ASSERT_TRUE(first["next"].is_string());
  auto second = nlohmann::json::parse(
      http_get(port(), "/api/v1/articles?limit=1&cursor=" + first["next"].get<std::string>()).body);
  EXPECT_EQ(second["items"][0]["headline"], "Un");
  EXPECT_EQ(second["items"][0]["version"], 3);
  EXPECT_TRUE(second["next"].is_null());
}

TEST_F(SiteTest, ApiArticleCarriesBodyContributorsAndPictures) {
  auto id = publish(sample_dispatch("a", 1, "Un"));
  auto res = http_get(port(), "/api/v1/articles/" + std::to_string(id));
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  auto j = nlohmann::json::parse(res.body);
  EXPECT_EQ(j["url"], "/articles/" + std::to_string(id) + "-un");
  EXPECT_EQ(j["contributors"][1]["role"], "translator");
  EXPECT_EQ(j["pictures"][0]["credit"], "Agence Alpha / Lise Caron");
}

TEST_F(SiteTest, ApiErrorsAreJson) {
  EXPECT_EQ(http_get(port(), "/api/v1/articles/42").status, 404u);
  auto bad = http_get(port(), "/api/v1/articles?limit=1000");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["code"], "invalid_input");
  EXPECT_EQ(http_get(port(), "/api/v1/nothing").header("Content-Type"), "application/json");
}

TEST_F(SiteTest, OpenApiDocumentIsServed) {
  auto res = http_get(port(), "/api/v1/openapi.json");
  EXPECT_EQ(res.status, 200u);
  EXPECT_TRUE(nlohmann::json::parse(res.body)["paths"].contains("/api/v1/articles"));
}

TEST_F(SiteTest, HealthAndMetricsAnswer) {
  EXPECT_EQ(http_get(port(), "/healthz").status, 200u);
  http_get(port(), "/nulle-part");
  auto metrics = http_get(port(), "/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.body.find("depeche_http_responses_total{class=\"4xx\"} 1"), std::string::npos);
}

TEST_F(SiteTest, StaticFilesHaveTheirContentTypes) {
  EXPECT_EQ(http_get(port(), "/static/site.css").header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(http_get(port(), "/static/site.js").header("Content-Type"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(http_get(port(), "/static/absent.css").status, 404u);
}

TEST_F(SiteTest, MediaFilesAreServedAndTraversalIsRefused) {
  std::ofstream(media_.path() / "abc.jpg") << "\xff\xd8\xff\xe0 fake jpeg";
  auto res = http_get(port(), "/media/abc.jpg");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.header("Content-Type"), "image/jpeg");
  EXPECT_EQ(http_get(port(), "/media/../../etc/passwd").status, 404u);
  EXPECT_EQ(http_get(port(), "/media/%2e%2e/%2e%2e/etc/passwd").status, 404u);
}

TEST_F(SiteTest, EveryResponseCarriesSecurityHeaders) {
  for (const char* path : {"/", "/nulle-part", "/api/v1/articles", "/static/site.css"}) {
    auto res = http_get(port(), path);
    EXPECT_NE(res.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos)
        << path;
    EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff") << path;
  }
}

TEST_F(SiteTest, PushIngestWithTheTokenPublishes) {
  auto res = http_request(
      port(), bh::verb::post, "/api/v1/ingest", pushed_item("push-1"),
      {{"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", "application/xml"}});
  EXPECT_EQ(res.status, 200u) << res.body;
  auto j = nlohmann::json::parse(res.body);
  EXPECT_EQ(j["items"][0]["outcome"], "accepted");
  EXPECT_EQ(j["items"][0]["subject"], "push-1");
  auto list = nlohmann::json::parse(http_get(port(), "/api/v1/articles").body);
  EXPECT_EQ(list["items"][0]["headline"], "Poussée par l’API");
}

TEST_F(SiteTest, PushIngestWithoutTheTokenIsUnauthorized) {
  for (const char* auth : {"", "Bearer wrong", "Bearer s3cret-token-and-more", "Basic abc"}) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (*auth) headers.emplace_back("Authorization", auth);
    auto res = http_request(port(), bh::verb::post, "/api/v1/ingest", pushed_item("p"), headers);
    EXPECT_EQ(res.status, 401u) << auth;
    EXPECT_NE(res.header("WWW-Authenticate").find("Bearer"), std::string::npos);
  }
  EXPECT_TRUE(nlohmann::json::parse(http_get(port(), "/api/v1/articles").body)["items"].empty());
}

TEST_F(SiteTest, PushIngestReportsRejectionsAs422) {
  auto res = http_request(port(), bh::verb::post, "/api/v1/ingest", "<nitf><head>",
                          {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(res.status, 422u);
  EXPECT_EQ(nlohmann::json::parse(res.body)["rejected"], 1);
}

TEST_F(SiteTest, PushIngestOverTheBodyLimitGets413) {
  auto res = http_request(port(), bh::verb::post, "/api/v1/ingest",
                          std::string(http::kMaxBodyBytes + 1, 'x'),
                          {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(res.status, 413u);
}

TEST_F(SiteTest, FeedHealthIsInTheApiAndMetrics) {
  // Port 1 on loopback refuses connections: the feed fails at once.
  ingest::FeedPoller poller(*ingester_, clock_, {{"Fil \"test\"", "http://127.0.0.1:1/rss", 60s}},
                            nullptr);
  deps_->feeds = &poller;
  auto end = std::chrono::steady_clock::now() + 10s;
  while (poller.health()[0].last_error.empty() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(20ms);
  }
  auto feeds = nlohmann::json::parse(http_get(port(), "/api/v1/feeds").body);
  ASSERT_EQ(feeds["items"].size(), 1u);
  EXPECT_EQ(feeds["items"][0]["name"], "Fil \"test\"");
  EXPECT_FALSE(feeds["items"][0]["last_error"].get<std::string>().empty());
  EXPECT_TRUE(feeds["items"][0]["last_success"].is_null());
  auto metrics = http_get(port(), "/metrics").body;
  EXPECT_NE(metrics.find("depeche_feed_failing{feed=\"Fil \\\"test\\\"\"} 1"), std::string::npos)
      << metrics;
  deps_->feeds = nullptr;
}

TEST_F(SiteTest, HeadAnswersWithoutABody) {
  auto res = http_request(port(), bh::verb::head, "/");
  EXPECT_EQ(res.status, 200u);
  EXPECT_TRUE(res.body.empty());
}

}  // namespace
}  // namespace depeche::web
