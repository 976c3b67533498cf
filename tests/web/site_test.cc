// The site as a reader and an API client see it: a real server on port 0
// over an in-memory SQLite store.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "support/dispatches.h"
#include "support/http_client.h"
#include "support/in_order.h"
#include "support/temp_dir.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using namespace std::chrono_literals;
using depeche::testing::http_get;
using depeche::testing::http_request;
using depeche::testing::sample_dispatch;

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
  // Older than anything stored (1970), then cursors that are not cursors.
  EXPECT_EQ(http_get(port(), "/?avant=1-1").status, 404u);
  for (const char* bad :
       {"/?avant=abc", "/?avant=", "/?avant=12", "/?avant=12-0", "/?avant=1-2-3"}) {
    EXPECT_EQ(http_get(port(), bad).status, 404u) << bad;
  }
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
  auto res = post_form("/preferences/contrast", "contrast=high&return=%2Farticles%2F1-x");
  EXPECT_EQ(res.status, 303u);
  EXPECT_EQ(res.header("Location"), "/articles/1-x");
  auto cookie = res.header("Set-Cookie");
  EXPECT_NE(cookie.find("contrast=high"), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
}

TEST_F(SiteTest, ContrastFormNeverRedirectsOffSite) {
  for (const char* ret : {"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil"}) {
    auto res = post_form("/preferences/contrast", std::string("contrast=high&return=") + ret);
    EXPECT_EQ(res.header("Location"), "/") << ret;
  }
}

TEST_F(SiteTest, ContrastFormFromAnotherSiteIsRefused) {
  auto res =
      post_form("/preferences/contrast", "contrast=high", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(res.status, 403u);
  EXPECT_TRUE(res.header("Set-Cookie").empty());
  auto same = post_form("/preferences/contrast", "contrast=high", {{"Origin", "http://127.0.0.1"}});
  EXPECT_EQ(same.status, 303u) << "the test client sends Host: 127.0.0.1";
}

TEST_F(SiteTest, ContrastFormNeedsNoCookieSoThatReadingPagesStayCacheable) {
  // The switch sits on every page; pages set no cookie, so it carries no
  // token. A post from this site works without one...
  auto bare = http_request(port(), bh::verb::post, "/preferences/contrast", "contrast=high",
                           {{"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(bare.status, 303u);
  EXPECT_NE(bare.header("Set-Cookie").find("contrast=high"), std::string::npos);
  // ...and one that the browser says comes from another site is refused.
  auto forged = http_request(port(), bh::verb::post, "/preferences/contrast", "contrast=high",
                             {{"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(forged.status, 403u);
  EXPECT_EQ(forged.header("Set-Cookie").find("contrast="), std::string::npos);
}

TEST_F(SiteTest, FormPagesHandOutACsrfCookieThatTheirFormsCarry) {
  auto res = http_get(port(), "/inscription");
  auto cookie = res.header("Set-Cookie");
  ASSERT_TRUE(cookie.starts_with("csrf=")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly; SameSite=Lax"), std::string::npos);
  std::string token = cookie.substr(5, cookie.find(';') - 5);
  EXPECT_GE(token.size(), 40u);
  EXPECT_NE(res.body.find("name=\"csrf\" value=\"" + token + "\""), std::string::npos);
  // A visitor who has one keeps it.
  auto again = http_get(port(), "/inscription", {{"Cookie", "csrf=" + token}});
  EXPECT_TRUE(again.header("Set-Cookie").empty());
  EXPECT_NE(again.body.find("value=\"" + token + "\""), std::string::npos);
  // Reading pages hand out none.
  EXPECT_TRUE(http_get(port(), "/").header("Set-Cookie").empty());
}

TEST_F(SiteTest, ContrastCookieMakesTheServerRenderTheHighContrastPage) {
  auto res = http_get(port(), "/", {{"Cookie", "contrast=high"}});
  EXPECT_NE(res.body.find("<html lang=\"fr\" class=\"contrast-high\">"), std::string::npos);
  EXPECT_NE(res.body.find("aria-pressed=\"true\""), std::string::npos);
}

TEST_F(SiteTest, ContrastRequestFromScriptGetsJsonWithoutRedirect) {
  auto res =
      post_form("/preferences/contrast", "contrast=normal", {{"Accept", "application/json"}});
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

// Issue 9, defect 8: every error under /api/v1/ has one shape, a
// snake_case code, a message, and the field at fault when there is one.
TEST_F(SiteTest, EveryApiErrorHasOneShape) {
  struct Case {
    bh::verb method;
    const char* target;
    unsigned status;
    const char* code;
    const char* field;
  };
  for (const Case& c : {
           Case{bh::verb::get, "/api/v1/articles/42", 404, "not_found", nullptr},
           Case{bh::verb::get, "/api/v1/articles?limit=1000", 400, "invalid_input", "limit"},
           Case{bh::verb::get, "/api/v1/articles?cursor=x", 400, "invalid_input", "cursor"},
           Case{bh::verb::get, "/api/v1/nothing", 404, "not_found", nullptr},
           Case{bh::verb::delete_, "/api/v1/articles", 405, "method_not_allowed", nullptr},
           Case{bh::verb::put, "/api/v1/search", 405, "method_not_allowed", nullptr},
           Case{bh::verb::get, "/api/v1/me", 401, "unauthorized", nullptr},
           Case{bh::verb::post, "/api/v1/ingest", 401, "unauthorized", nullptr},
       }) {
    auto res = http_request(port(), c.method, c.target);
    EXPECT_EQ(res.status, c.status) << c.target;
    EXPECT_EQ(res.header("Content-Type"), "application/json") << c.target;
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << c.target << ": " << res.body;
    ASSERT_TRUE(j["error"].is_object()) << c.target;
    EXPECT_EQ(j["error"]["code"], c.code) << c.target << ": " << res.body;
    std::string code = j["error"]["code"];
    EXPECT_EQ(code.find(' '), std::string::npos) << c.target;
    EXPECT_TRUE(j["error"]["message"].is_string() && !j["error"]["message"].get<std::string>().empty())
        << c.target;
    if (c.field) {
      EXPECT_EQ(j["error"]["field"], c.field) << c.target;
    } else {
      EXPECT_FALSE(j["error"].contains("field")) << c.target << ": " << res.body;
    }
    if (c.status == 405) {
      EXPECT_FALSE(res.header("Allow").empty()) << c.target;
    }
  }
}

TEST_F(SiteTest, ABodyOverTheTransportLimitGetsTheApiErrorShapeToo) {
  auto res = http_request(port(), bh::verb::post, "/api/v1/ingest",
                          std::string(2 * 1024 * 1024, 'x'),
                          {{"Authorization", std::string("Bearer ") + kToken}});
  EXPECT_EQ(res.status, 413u);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(res.body)["error"]["code"], "too_large");
  EXPECT_FALSE(res.header("Content-Security-Policy").empty());
}

TEST_F(SiteTest, TheOpenApiDocumentListsTheErrorsOfEveryOperation) {
  auto doc = nlohmann::json::parse(http_get(port(), "/api/v1/openapi.json").body);
  const auto& shared = doc["components"]["responses"];
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      if (method == "parameters") continue;
      int errors = 0;
      for (const auto& [status, r] : op["responses"].items()) {
        if (std::stoi(status) < 400) continue;
        // Two answers carry a body of their own: a withdrawn article's
        // remaining fields, and the ingest report naming the rejected items.
        if ((path == "/api/v1/articles/{id}" && status == "410") ||
            (path == "/api/v1/ingest" && status == "422")) {
          continue;
        }
        ++errors;
        const auto& answer =
            r.contains("$ref") ? shared[r["$ref"].get<std::string>().substr(23)] : r;
        EXPECT_EQ(answer["content"]["application/json"]["schema"]["$ref"],
                  "#/components/schemas/Error")
            << method << " " << path << " " << status;
      }
      EXPECT_GE(errors, 1) << method << " " << path;
      EXPECT_TRUE(op["responses"].contains("500")) << method << " " << path;
    }
  }
  EXPECT_TRUE(doc["paths"]["/api/v1/ingest"]["post"]["responses"].contains("503"))
      << "heavy operations can be answered busy";
}

// Issue 9, defect 10: /metrics is for the operator's scraper only.
TEST_F(SiteTest, MetricsAreOpenToConfiguredAddressesOrTheToken) {
  EXPECT_EQ(http_get(port(), "/metrics").status, 200u) << "loopback is configured by default";
  deps_->metrics_addresses = {"192.0.2.7"};
  deps_->metrics_token = "jeton-metriques";
  EXPECT_EQ(http_get(port(), "/metrics").status, 403u);
  EXPECT_EQ(http_get(port(), "/metrics", {{"Authorization", "Bearer autre"}}).status, 403u);
  auto with_token = http_get(port(), "/metrics", {{"Authorization", "Bearer jeton-metriques"}});
  EXPECT_EQ(with_token.status, 200u);
  EXPECT_NE(with_token.body.find("depeche_http_responses_total"), std::string::npos);
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
  deps_->feed_health = [&poller] { return poller.health(); };
  auto end = std::chrono::steady_clock::now() + 10s;
  while (poller.health()[0].last_error.empty() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(http_get(port(), "/api/v1/feeds").status, 401u);  // feed URLs are not public
  auto feeds = nlohmann::json::parse(
      http_get(port(), "/api/v1/feeds", {{"Authorization", std::string("Bearer ") + kToken}}).body);
  ASSERT_EQ(feeds["items"].size(), 1u);
  EXPECT_EQ(feeds["items"][0]["name"], "Fil \"test\"");
  EXPECT_FALSE(feeds["items"][0]["last_error"].get<std::string>().empty());
  EXPECT_TRUE(feeds["items"][0]["last_success"].is_null());
  auto metrics = http_get(port(), "/metrics").body;
  EXPECT_NE(metrics.find("depeche_feed_failing{feed=\"Fil \\\"test\\\"\"} 1"), std::string::npos)
      << metrics;
  deps_->feed_health = nullptr;
}

TEST_F(SiteTest, HeadAnswersWithoutABody) {
  auto res = http_request(port(), bh::verb::head, "/");
  EXPECT_EQ(res.status, 200u);
  EXPECT_TRUE(res.body.empty());
}

}  // namespace
}  // namespace depeche::web
