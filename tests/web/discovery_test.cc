// Being found from outside, through a real server: robots.txt, the sitemaps
// checked by the real xmllint against the sitemaps.org and Google News
// schemas, the NewsArticle JSON-LD read back with nlohmann, and the
// OpenGraph and Twitter card tags.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "render/discovery.h"
#include "support/dispatches.h"
#include "support/files.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

namespace fs = std::filesystem;
using depeche::testing::http_get;
using depeche::testing::sample_dispatch;

constexpr const char* kXmllint = "/usr/bin/xmllint";

std::string xsd(const std::string& name) {
  return testing::corpus_dir() + "xsd/" + name;
}

void write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// xmllint's verdict on `document` against `schema`: its exit code (0: valid).
int xmllint(const fs::path& dir, const std::string& document, const fs::path& schema) {
  fs::path file = dir / "document.xml";
  write(file, document);
  testing::Child lint({kXmllint, "--noout", "--nonet", "--schema", schema.string(), file.string()});
  if (!lint.started()) return -1000;
  while (lint.read_line(std::chrono::seconds(30))) {
  }
  return lint.wait(std::chrono::seconds(30)).value_or(-2000);
}

std::size_t count_of(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

// The one JSON-LD block of a page, parsed; null when there is not exactly one.
nlohmann::json json_ld_of(const std::string& page) {
  constexpr std::string_view kOpen = "<script type=\"application/ld+json\">";
  if (count_of(page, kOpen) != 1) return nullptr;
  auto from = page.find(kOpen) + kOpen.size();
  auto to = page.find("</script>", from);
  if (to == std::string::npos) return nullptr;
  return nlohmann::json::parse(page.substr(from, to - from), nullptr, false);
}

// The content of <meta property|name="key" content="…">; "" when absent.
std::string meta(const std::string& page, const std::string& attribute, const std::string& key) {
  std::string open = "<meta " + attribute + "=\"" + key + "\" content=\"";
  auto at = page.find(open);
  if (at == std::string::npos) return {};
  at += open.size();
  return page.substr(at, page.find('"', at) - at);
}

class DiscoveryTest : public SiteTest {
 protected:
  // Two days before the fixture's clock: in the article sitemap only.
  std::int64_t publish_old() {
    auto d = sample_dispatch("old:1", 1, "Le vieux port rénové", "2026-11-20T08:00:00Z");
    return publish(d);
  }
  // Two hours before the fixture's clock: in the news sitemap too.
  Dispatch recent_dispatch(std::uint64_t version = 1) {
    return sample_dispatch("new:1", version, "La crue de la Loire", "2026-11-24T08:00:00Z");
  }
  std::string path_of(std::int64_t id) {
    auto a = store_->articles().by_id(id);
    return render::article_path(**a);
  }

  testing::TempDir dir_;
};

TEST_F(DiscoveryTest, SitemapsPassTheSitemapAndNewsSchemas) {
  DEPECHE_REQUIRE_CORPUS();
  auto old_id = publish_old();
  auto new_id = publish(recent_dispatch());
  const std::string base = kBaseUrl;

  auto index = http_get(port(), "/sitemap.xml");
  ASSERT_EQ(index.status, 200u);
  EXPECT_EQ(index.header("Content-Type"), "application/xml; charset=utf-8");
  EXPECT_NE(index.body.find("<loc>" + base + "/sitemaps/articles-1.xml</loc>"), std::string::npos);
  EXPECT_NE(index.body.find("<loc>" + base + "/sitemaps/news.xml</loc>"), std::string::npos);
  EXPECT_NE(index.body.find("<lastmod>2026-11-24T08:01:00Z</lastmod>"), std::string::npos);
  // The corpus lacks the index schema: the project keeps the official one.
  fs::path index_schema = fs::path(DEPECHE_SOURCE_DIR) / "tests/fixtures/xsd/siteindex.xsd";
  EXPECT_EQ(xmllint(dir_.path(), index.body, index_schema), 0) << index.body;

  auto articles = http_get(port(), "/sitemaps/articles-1.xml");
  ASSERT_EQ(articles.status, 200u);
  EXPECT_EQ(articles.header("Content-Type"), "application/xml; charset=utf-8");
  EXPECT_NE(articles.body.find("<loc>" + base + path_of(old_id) + "</loc>"), std::string::npos);
  EXPECT_NE(articles.body.find("<loc>" + base + path_of(new_id) + "</loc>"), std::string::npos);
  EXPECT_EQ(xmllint(dir_.path(), articles.body, xsd("sitemap.xsd")), 0) << articles.body;

  // The urlset lets other namespaces in under strict processing only when
  // their schema is known: a wrapper imports both.
  fs::path both = dir_.path() / "sitemap-with-news.xsd";
  write(both, R"(<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation=")" +
                  fs::absolute(xsd("sitemap.xsd")).string() + R"("/>
  <xsd:import namespace="http://www.google.com/schemas/sitemap-news/0.9" schemaLocation=")" +
                  fs::absolute(xsd("sitemap-news.xsd")).string() + R"("/>
</xsd:schema>
)");
  auto news = http_get(port(), "/sitemaps/news.xml");
  ASSERT_EQ(news.status, 200u);
  EXPECT_NE(news.body.find("<loc>" + base + path_of(new_id) + "</loc>"), std::string::npos);
  EXPECT_NE(news.body.find("<news:name>depeche</news:name>"), std::string::npos);
  EXPECT_NE(news.body.find("<news:language>fr</news:language>"), std::string::npos);
  EXPECT_NE(news.body.find("<news:publication_date>2026-11-24T08:00:00Z</news:publication_date>"),
            std::string::npos);
  EXPECT_NE(news.body.find("<news:title>La crue de la Loire</news:title>"), std::string::npos);
  EXPECT_EQ(xmllint(dir_.path(), news.body, both), 0) << news.body;
  // The check can fail: a news entry without its title is refused.
  std::string broken = news.body;
  auto title = broken.find("<news:title>");
  broken.erase(title, broken.find("</news:title>") + 13 - title);
  EXPECT_NE(xmllint(dir_.path(), broken, both), 0);
}

TEST_F(DiscoveryTest, AWithdrawnStoryLeavesBothSitemapsAndAnOldOneOnlyTheNewsSitemap) {
  auto old_id = publish_old();
  auto new_id = publish(recent_dispatch());
  auto articles = http_get(port(), "/sitemaps/articles-1.xml").body;
  auto news = http_get(port(), "/sitemaps/news.xml").body;
  ASSERT_NE(articles.find(path_of(new_id)), std::string::npos);
  ASSERT_NE(articles.find(path_of(old_id)), std::string::npos);
  ASSERT_NE(news.find(path_of(new_id)), std::string::npos);
  // Older than kNewsWindow: not news any more, still in the archive.
  EXPECT_EQ(news.find(path_of(old_id)), std::string::npos);

  const std::string withdrawn_path = path_of(new_id);
  auto kill = recent_dispatch(2);
  kill.status = WireStatus::withdrawn;
  ASSERT_TRUE(publisher_->publish(kill).ok());
  // Served from the page cache before: the withdrawal drops them at once.
  articles = http_get(port(), "/sitemaps/articles-1.xml").body;
  EXPECT_EQ(articles.find(withdrawn_path), std::string::npos) << articles;
  EXPECT_NE(articles.find(path_of(old_id)), std::string::npos);
  // No story left in the window: no news sitemap, and the index says so.
  EXPECT_EQ(http_get(port(), "/sitemaps/news.xml").status, 404u);
  auto index = http_get(port(), "/sitemap.xml").body;
  EXPECT_EQ(index.find("news.xml"), std::string::npos) << index;
  EXPECT_NE(index.find("articles-1.xml"), std::string::npos);
}

TEST_F(DiscoveryTest, AnUpdatedStoryShowsItsNewLastmod) {
  publish(recent_dispatch());
  auto before = http_get(port(), "/sitemaps/articles-1.xml").body;
  ASSERT_NE(before.find("<lastmod>2026-11-24T08:01:00Z</lastmod>"), std::string::npos);
  ASSERT_TRUE(publisher_->publish(recent_dispatch(3)).ok());
  auto after = http_get(port(), "/sitemaps/articles-1.xml").body;
  EXPECT_NE(after.find("<lastmod>2026-11-24T08:03:00Z</lastmod>"), std::string::npos) << after;
}

TEST_F(DiscoveryTest, UnknownOrEmptySitemapFilesAre404) {
  publish(recent_dispatch());
  for (const char* target :
       {"/sitemaps/articles-2.xml", "/sitemaps/articles-0.xml", "/sitemaps/articles-01.xml",
        "/sitemaps/articles--1.xml", "/sitemaps/articles-1.xml.gz", "/sitemaps/autre.xml",
        "/sitemaps/articles-99999999999999999999.xml"}) {
    EXPECT_EQ(http_get(port(), target).status, 404u) << target;
  }
  EXPECT_EQ(http_get(port(), "/sitemaps/articles-1.xml").status, 200u);
}

TEST_F(DiscoveryTest, ASitemapEmptySiteHasNoIndex) {
  EXPECT_EQ(http_get(port(), "/sitemap.xml").status, 404u);
}

TEST_F(DiscoveryTest, SitemapsAnswerConditionalRequestsAndIgnoreTheHostHeader) {
  publish(recent_dispatch());
  for (const char* target : {"/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/news.xml",
                             "/robots.txt"}) {
    auto first = http_get(port(), target, {{"Host", "evil.example"}});
    ASSERT_EQ(first.status, 200u) << target;
    EXPECT_EQ(first.body.find("evil.example"), std::string::npos) << target;
    auto etag = first.header("ETag");
    ASSERT_FALSE(etag.empty()) << target;
    EXPECT_EQ(http_get(port(), target, {{"If-None-Match", etag}}).status, 304u) << target;
  }
}

TEST_F(DiscoveryTest, RobotsTxtClosesPrivatePagesAndNamesTheSitemap) {
  auto robots = http_get(port(), "/robots.txt");
  ASSERT_EQ(robots.status, 200u);
  EXPECT_EQ(robots.header("Content-Type"), "text/plain; charset=utf-8");
  const std::string& r = robots.body;
  EXPECT_NE(r.find("User-agent: *\n"), std::string::npos);
  EXPECT_NE(r.find("Allow: /\n"), std::string::npos);
  for (const char* closed : {"/compte", "/connexion", "/inscription", "/moderation", "/admin/",
                             "/api/", "/recherche", "/commentaires/"}) {
    EXPECT_NE(r.find("Disallow: " + std::string(closed) + "\n"), std::string::npos) << closed;
  }
  // Articles, rubriques and feeds stay open.
  for (const char* open : {"Disallow: /\n", "Disallow: /articles/\n", "Disallow: /rubrique"}) {
    EXPECT_EQ(r.find(open), std::string::npos) << open;
  }
  EXPECT_NE(r.find("Sitemap: https://news.example/sitemap.xml\n"), std::string::npos) << r;
}

TEST_F(DiscoveryTest, ArticlePagesCarryANewsArticleThatNoHeadlineCanBreakOutOf) {
  auto d = recent_dispatch();
  d.headline = "Fin du match </script><script>alert(1)</script> <!-- et après";
  d.correction = true;
  d.contributors.push_back({"Lise Caron", ContributorRole::photographer, "ctrol:photographer"});
  d.contributors.push_back({"Marc Roy", ContributorRole::writer, "crol:writer"});
  d.pictures.push_back({"https://images.example/b.jpg", "image/jpeg", 0, 0, "Le quai", "", ""});
  auto id = publish(d);
  auto page = http_get(port(), path_of(id));
  ASSERT_EQ(page.status, 200u);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  auto ld = json_ld_of(page.body);
  ASSERT_TRUE(ld.is_object()) << page.body.substr(0, 4000);
  const std::string url = std::string(kBaseUrl) + path_of(id);
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "NewsArticle");
  EXPECT_EQ(ld["headline"], d.headline);
  EXPECT_EQ(ld["datePublished"], "2026-11-24T08:00:00Z");
  EXPECT_EQ(ld["dateModified"], "2026-11-24T08:01:00Z");
  EXPECT_EQ(ld["url"], url);
  EXPECT_EQ(ld["mainEntityOfPage"]["@id"], url);
  EXPECT_EQ(ld["isAccessibleForFree"], true);
  EXPECT_EQ(ld["inLanguage"], "fr");
  EXPECT_EQ(ld["description"], "Premier paragraphe.");
  EXPECT_EQ(ld["articleSection"], "Économie");
  ASSERT_EQ(ld["author"].size(), 2u);
  EXPECT_EQ(ld["author"][0], (nlohmann::json{{"@type", "Person"}, {"name", "Jeanne Martin"}}));
  EXPECT_EQ(ld["author"][1]["name"], "Marc Roy");
  ASSERT_EQ(ld["contributor"].size(), 2u);
  EXPECT_EQ(ld["contributor"][0]["@type"], "Role");
  EXPECT_EQ(ld["contributor"][0]["roleName"], "translator");
  EXPECT_EQ(ld["contributor"][0]["contributor"]["name"], "Paul Durand");
  EXPECT_EQ(ld["contributor"][1]["roleName"], "photographer");
  EXPECT_EQ(ld["publisher"]["@type"], "Organization");
  EXPECT_EQ(ld["publisher"]["name"], "depeche");
  EXPECT_TRUE(ld["publisher"]["logo"]["url"].get<std::string>().starts_with(kBaseUrl));
  EXPECT_EQ(ld["sourceOrganization"]["name"], "Agence Alpha");
  ASSERT_EQ(ld["image"].size(), 2u);
  EXPECT_EQ(ld["image"][0]["url"], std::string(kBaseUrl) + "/media/abc.jpg");
  EXPECT_EQ(ld["image"][0]["width"], 960);
  EXPECT_EQ(ld["image"][0]["height"], 540);
  EXPECT_EQ(ld["image"][1]["url"], "https://images.example/b.jpg");
  EXPECT_FALSE(ld["image"][1].contains("width"));
  EXPECT_EQ(ld["correction"]["@type"], "CorrectionComment");
  EXPECT_EQ(ld["correction"]["datePublished"], "2026-11-24T08:01:00Z");
  EXPECT_NE(ld["correction"]["text"].get<std::string>().find("Agence Alpha"), std::string::npos);
}

TEST_F(DiscoveryTest, AStoryWithoutCorrectionOrBylineIsSignedByItsAgency) {
  auto d = publish_old();
  auto ld = json_ld_of(http_get(port(), path_of(d)).body);
  ASSERT_TRUE(ld.is_object());
  EXPECT_FALSE(ld.contains("correction"));
  auto bare = sample_dispatch("bare:1", 1, "Sans signature", "2026-11-24T07:00:00Z");
  bare.contributors.clear();
  auto id = publish(bare);
  ld = json_ld_of(http_get(port(), path_of(id)).body);
  ASSERT_TRUE(ld.is_object());
  EXPECT_EQ(ld["author"][0], (nlohmann::json{{"@type", "Organization"}, {"name", "Agence Alpha"}}));
  EXPECT_FALSE(ld.contains("contributor"));
}

TEST_F(DiscoveryTest, ArticlePagesCarryOpenGraphAndTwitterCardsWithAbsoluteUrls) {
  auto id = publish(recent_dispatch());
  auto page = http_get(port(), path_of(id)).body;
  const std::string url = std::string(kBaseUrl) + path_of(id);
  EXPECT_NE(page.find("<link rel=\"canonical\" href=\"" + url + "\">"), std::string::npos);
  EXPECT_EQ(meta(page, "property", "og:type"), "article");
  EXPECT_EQ(meta(page, "property", "og:title"), "La crue de la Loire");
  EXPECT_EQ(meta(page, "property", "og:description"), "Premier paragraphe.");
  EXPECT_EQ(meta(page, "property", "og:url"), url);
  EXPECT_EQ(meta(page, "property", "og:site_name"), "depeche");
  EXPECT_EQ(meta(page, "property", "og:locale"), "fr_FR");
  EXPECT_EQ(meta(page, "property", "og:image"), std::string(kBaseUrl) + "/media/abc.jpg");
  EXPECT_EQ(meta(page, "property", "og:image:width"), "960");
  EXPECT_EQ(meta(page, "property", "og:image:height"), "540");
  EXPECT_EQ(meta(page, "property", "og:image:alt"), "Le port");
  EXPECT_EQ(meta(page, "property", "article:published_time"), "2026-11-24T08:00:00Z");
  EXPECT_EQ(meta(page, "property", "article:modified_time"), "2026-11-24T08:01:00Z");
  EXPECT_EQ(meta(page, "property", "article:section"), "Économie");
  EXPECT_EQ(meta(page, "name", "twitter:card"), "summary_large_image");
  EXPECT_EQ(meta(page, "name", "twitter:title"), "La crue de la Loire");
  EXPECT_EQ(meta(page, "name", "twitter:image"), std::string(kBaseUrl) + "/media/abc.jpg");

  auto plain = sample_dispatch("plain:1", 1, "Sans image", "2026-11-24T07:00:00Z");
  plain.pictures.clear();
  auto plain_page = http_get(port(), path_of(publish(plain))).body;
  EXPECT_EQ(meta(plain_page, "name", "twitter:card"), "summary");
  EXPECT_EQ(meta(plain_page, "property", "og:image"), "");
}

TEST_F(DiscoveryTest, HomeAndRubriquePagesDescribeThemselvesAsWebsites) {
  publish(recent_dispatch());
  auto home = http_get(port(), "/").body;
  EXPECT_EQ(meta(home, "property", "og:type"), "website");
  EXPECT_EQ(meta(home, "property", "og:url"), std::string(kBaseUrl) + "/");
  EXPECT_FALSE(meta(home, "property", "og:title").empty());
  EXPECT_EQ(meta(home, "name", "twitter:card"), "summary");
  EXPECT_EQ(json_ld_of(home), nullptr);
  auto section = http_get(port(), "/rubrique/economie").body;
  EXPECT_EQ(meta(section, "property", "og:type"), "website");
  EXPECT_EQ(meta(section, "property", "og:url"), std::string(kBaseUrl) + "/rubrique/economie");
  EXPECT_NE(meta(section, "property", "og:description").find("Économie"), std::string::npos);
}

// Without a configured public address, sitemaps cannot list absolute URLs.
class NoBaseUrlDiscoveryTest : public SiteTest {
 protected:
  void configure(render::SiteSettings& s) override { s.base_url.clear(); }
};

TEST_F(NoBaseUrlDiscoveryTest, SitemapsExplainTheyNeedABaseUrlAndRobotsTxtNamesNone) {
  publish(sample_dispatch("n:1", 1, "Une dépêche", "2026-11-24T08:00:00Z"));
  for (const char* target : {"/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/news.xml"}) {
    auto res = http_get(port(), target);
    EXPECT_EQ(res.status, 404u) << target;
    EXPECT_EQ(res.header("Content-Type"), "text/plain; charset=utf-8") << target;
    EXPECT_NE(res.body.find("base_url"), std::string::npos) << target;
  }
  auto robots = http_get(port(), "/robots.txt");
  EXPECT_EQ(robots.status, 200u);
  EXPECT_NE(robots.body.find("Disallow: /compte"), std::string::npos);
  EXPECT_EQ(robots.body.find("Sitemap:"), std::string::npos);
}

// The binary fell back to its listening address: pages link to it, but no
// sitemap offers it to search engines.
class ListeningAddressDiscoveryTest : public SiteTest {
 protected:
  void configure(render::SiteSettings& s) override { s.base_url_public = false; }
};

TEST_F(ListeningAddressDiscoveryTest, SitemapsAreOffButPagesStayAbsolute) {
  auto id = publish(sample_dispatch("l:1", 1, "Une dépêche", "2026-11-24T08:00:00Z"));
  EXPECT_EQ(http_get(port(), "/sitemap.xml").status, 404u);
  EXPECT_EQ(http_get(port(), "/sitemaps/news.xml").status, 404u);
  EXPECT_EQ(http_get(port(), "/robots.txt").body.find("Sitemap:"), std::string::npos);
  auto a = store_->articles().by_id(id);
  auto page = http_get(port(), render::article_path(**a)).body;
  EXPECT_EQ(meta(page, "property", "og:url"), std::string(kBaseUrl) + render::article_path(**a));
}

}  // namespace
}  // namespace depeche::web
