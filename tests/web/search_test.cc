// Search and related articles through the HTTP surface, and a withdrawal
// leaving both at once.

#include <gtest/gtest.h>

#include "support/dispatches.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using depeche::testing::http_get;
using depeche::testing::sample_dispatch;
using Json = nlohmann::json;

Dispatch story(const std::string& guid, const std::string& headline, const std::string& body,
               const std::string& when = "2026-11-20T08:00:00Z") {
  Dispatch d = sample_dispatch(guid, 1, headline, when);
  d.body_html = "<p>" + body + "</p>";
  d.description = body;
  return d;
}

class SearchSiteTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    harbour_ = publish(story("h1", "Le port de Brest rouvre après la tempête",
                             "Les navires reviennent au port de Brest, les dockers reprennent."));
    publish(story("h2", "Tempête : les ports bretons comptent les dégâts",
                  "À Brest et à Lorient, les ports et les navires ont souffert de la tempête."));
    publish(story("e1", "Élections régionales : la participation en hausse",
                  "Les électeurs se sont déplacés plus nombreux pour ces élections."));
    reindex();
  }
  std::int64_t harbour_ = 0;
};

TEST_F(SearchSiteTest, SearchPageFindsStemmedAndUnaccentedWordsInFrench) {
  auto r = http_get(port(), "/recherche?q=election");
  EXPECT_EQ(r.status, 200u);
  EXPECT_NE(r.body.find("1 résultat pour «\u202Felection\u202F»."), std::string::npos);
  EXPECT_NE(r.body.find("Élections régionales"), std::string::npos);
  EXPECT_EQ(r.body.find("Le port de Brest rouvre"), std::string::npos);
  auto two = http_get(port(), "/recherche?q=tempete+navires");
  EXPECT_NE(two.body.find("2 résultats pour"), std::string::npos);
  auto none = http_get(port(), "/recherche?q=volcan");
  EXPECT_NE(none.body.find("Aucun résultat pour «\u202Fvolcan\u202F»."), std::string::npos);
  auto empty = http_get(port(), "/recherche");
  EXPECT_EQ(empty.status, 200u);
  EXPECT_NE(empty.body.find("role=\"search\""), std::string::npos);
}

TEST_F(SearchSiteTest, QueriesAreEchoedInertAndBoundedInLength) {
  auto r = http_get(port(), "/recherche?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(r.body.find("&quot;&gt;&lt;script&gt;"), std::string::npos);
  auto long_q = http_get(port(), "/recherche?q=" + std::string(search::kMaxQueryChars + 1, 'a'));
  EXPECT_EQ(long_q.status, 400u);
  EXPECT_NE(long_q.body.find("trop longue"), std::string::npos);
  auto title = long_q.body.substr(long_q.body.find("<title>"));
  EXPECT_LT(title.find("</title>"), 140u) << "the refused query is not repeated whole";
  EXPECT_NE(long_q.body.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
  // Counted as the form counts them: 200 « é » are 400 bytes and pass.
  std::string accents;
  for (std::size_t i = 0; i < search::kMaxQueryChars; ++i) accents += "%C3%A9";
  EXPECT_EQ(http_get(port(), "/recherche?q=" + accents).status, 200u);
  EXPECT_EQ(http_get(port(), "/api/v1/search?q=" + accents).status, 200u);
  EXPECT_EQ(http_get(port(), "/recherche?q=" + accents + "a").status, 400u);
  EXPECT_EQ(http_get(port(), "/api/v1/search?q=" + std::string(300, 'a')).status, 400u);
}

TEST_F(SearchSiteTest, ResultsShowSnippetsWithMarkedWordsAndEscapedText) {
  publish(story("x1", "Tarifs", "Le prix &lt;script&gt; &amp; la taxe du carburant augmentent."));
  reindex();
  auto r = http_get(port(), "/recherche?q=carburant");
  EXPECT_NE(r.body.find("<mark>carburant</mark>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script> &"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt; &amp; la taxe"), std::string::npos);
  auto api = Json::parse(http_get(port(), "/api/v1/search?q=carburant").body);
  ASSERT_EQ(api["items"].size(), 1u);
  EXPECT_NE(api["items"][0]["snippet"].get<std::string>().find("<mark>carburant</mark>"),
            std::string::npos);
}

TEST_F(SearchSiteTest, ExtraUnknownWordStillFindsTheStory) {
  auto r = http_get(port(), "/recherche?q=dockers+zorglub");
  EXPECT_NE(r.body.find("1 résultat pour"), std::string::npos);
  EXPECT_NE(r.body.find("Le port de Brest rouvre"), std::string::npos);
}

TEST_F(SearchSiteTest, FiltersNarrowPageAndApiAndPaginationKeepsThem) {
  Dispatch reuters =
      story("r1", "Brest sous la neige", "Neige à Brest ce matin.", "2026-11-24T06:00:00Z");
  reuters.provider = "Reuters";
  publish(reuters);
  reindex();
  auto api = Json::parse(http_get(port(), "/api/v1/search?q=brest&provider=Reuters").body);
  ASSERT_EQ(api["items"].size(), 1u);
  EXPECT_EQ(api["items"][0]["headline"], "Brest sous la neige");
  auto recent = Json::parse(http_get(port(), "/api/v1/search?q=brest&from=2026-11-23").body);
  EXPECT_EQ(recent["total"], 1);
  auto old = Json::parse(http_get(port(), "/api/v1/search?q=brest&to=2026-11-20").body);
  EXPECT_EQ(old["total"], 2);
  auto all_reuters = Json::parse(http_get(port(), "/api/v1/search?provider=reuters").body);
  EXPECT_EQ(all_reuters["total"], 1);
  EXPECT_EQ(http_get(port(), "/api/v1/search?q=brest&sort=bof").status, 400u);
  EXPECT_EQ(http_get(port(), "/api/v1/search?q=brest&from=hier").status, 400u);
  auto page = http_get(port(), "/recherche?q=brest&agence=reuters&periode=24h");
  EXPECT_NE(page.body.find("1 résultat pour"), std::string::npos);
  EXPECT_NE(page.body.find("<option value=\"reuters\" selected>Reuters</option>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<option value=\"24h\" selected>"), std::string::npos);
  // Everything from the agency, newest first, without words.
  auto no_words = http_get(port(), "/recherche?agence=agencealpha&tri=date");
  EXPECT_NE(no_words.body.find("3 résultats."), std::string::npos);
  // Pagination links carry every parameter.
  for (int i = 0; i < kSearchPageSize; ++i) {
    publish(story("p" + std::to_string(i), "Brest " + std::to_string(i), "Brest encore."));
  }
  reindex();
  auto first = http_get(port(), "/recherche?q=brest&agence=agencealpha&tri=date");
  EXPECT_NE(
      first.body.find("href=\"/recherche?q=brest&amp;agence=agencealpha&amp;tri=date&amp;page=2\""),
      std::string::npos);
  // Filters that find nothing offer the same words without them; a page
  // past the last offers the first.
  auto none = http_get(port(), "/recherche?q=brest&rubrique=sport&tri=date");
  EXPECT_NE(none.body.find("Aucun résultat"), std::string::npos);
  EXPECT_NE(none.body.find("href=\"/recherche?q=brest&amp;tri=date\">Chercher"), std::string::npos)
      << none.body;
  auto beyond = http_get(port(), "/recherche?q=brest&agence=agencealpha&page=9");
  EXPECT_NE(beyond.body.find("href=\"/recherche?q=brest&amp;agence=agencealpha\">Revenir"),
            std::string::npos);
}

TEST_F(SearchSiteTest, ApiSearchPagesWithACursor) {
  auto first = Json::parse(http_get(port(), "/api/v1/search?q=brest&limit=1").body);
  ASSERT_EQ(first["items"].size(), 1u);
  EXPECT_EQ(first["total"], 2);
  EXPECT_EQ(first["items"][0]["headline"], "Le port de Brest rouvre après la tempête");
  ASSERT_TRUE(first["next"].is_string());
  auto second = Json::parse(
      http_get(port(), "/api/v1/search?q=brest&limit=1&cursor=" + first["next"].get<std::string>())
          .body);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_NE(second["items"][0]["id"], first["items"][0]["id"]);
  EXPECT_TRUE(second["next"].is_null());
}

TEST_F(SearchSiteTest, RelatedCardsPutTheSameSubjectFirst) {
  auto r = http_get(port(), "/articles/" + std::to_string(harbour_) + "-x");
  auto page = http_get(port(), r.header("Location"));
  ASSERT_EQ(page.status, 200u);
  auto related = page.body.substr(page.body.find("À lire aussi"));
  auto storm = related.find("les ports bretons comptent");
  auto vote = related.find("Élections régionales");
  ASSERT_NE(storm, std::string::npos);
  ASSERT_NE(vote, std::string::npos);  // topped up with the latest
  EXPECT_LT(storm, vote);
}

TEST_F(SearchSiteTest, LaterStoryOnTheSameSubjectJoinsTheCardsOnceIndexed) {
  auto r = http_get(port(), "/articles/" + std::to_string(harbour_) + "-x");
  auto before = http_get(port(), r.header("Location"));
  ASSERT_EQ(before.body.find("Les dockers de Brest"), std::string::npos);
  publish(story("h3", "Les dockers de Brest déchargent les navires bloqués par la tempête",
                "Au port de Brest, les dockers et les navires rattrapent le retard.",
                "2026-11-20T09:00:00Z"));
  reindex();
  auto after = http_get(port(), r.header("Location"));
  auto related = after.body.substr(after.body.find("À lire aussi"));
  auto dockers = related.find("Les dockers de Brest");
  ASSERT_NE(dockers, std::string::npos);
  EXPECT_LT(dockers, related.find("Élections régionales"));
}

TEST_F(SearchSiteTest, WithdrawnStoryLeavesSearchAndRelatedCardsInOneStep) {
  Dispatch kill = story("h2", "Tempête : les ports bretons comptent les dégâts", "");
  kill.version = 2;
  kill.status = WireStatus::withdrawn;
  publish(kill);
  // Before the index has caught up, the store already keeps it off.
  EXPECT_EQ(http_get(port(), "/recherche?q=lorient").body.find("ports bretons"), std::string::npos);
  auto api = Json::parse(http_get(port(), "/api/v1/search?q=brest").body);
  ASSERT_EQ(api["items"].size(), 1u);
  reindex();
  EXPECT_EQ(Json::parse(http_get(port(), "/api/v1/search?q=lorient").body)["total"], 0);
  auto r = http_get(port(), "/articles/" + std::to_string(harbour_) + "-x");
  auto page = http_get(port(), r.header("Location"));
  EXPECT_EQ(page.body.find("ports bretons"), std::string::npos);
}

}  // namespace
}  // namespace depeche::web

namespace depeche::web {
namespace {

// Issue 9, defect 6: without base_url, feed links were built from the Host
// header, so a forged host ended up in a feed served as cacheable.
TEST_F(SearchSiteTest, AForgedHostHeaderReachesNoFeedNorCanonicalLink) {
  for (const char* path : {"/flux.rss", "/flux.atom", "/"}) {
    auto r = depeche::testing::http_get(port(), path, {{"Host", "evil.example"}});
    EXPECT_EQ(r.status, 200u) << path;
    EXPECT_EQ(r.body.find("evil.example"), std::string::npos) << path;
    EXPECT_NE(r.body.find("https://news.example/"), std::string::npos) << path;
  }
  auto home = depeche::testing::http_get(port(), "/", {{"Host", "evil.example"}});
  EXPECT_NE(home.body.find("rel=\"canonical\" href=\"https://news.example/"), std::string::npos);
}

TEST_F(SearchSiteTest, RssAndAtomFeedsListTheLatestAndDropAWithdrawnStory) {
  auto rss = depeche::testing::http_get(port(), "/flux.rss");
  EXPECT_EQ(rss.status, 200u);
  EXPECT_EQ(rss.header("Content-Type"), "application/rss+xml; charset=utf-8");
  EXPECT_TRUE(
      rss.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\""));
  EXPECT_NE(rss.body.find("<link>https://news.example/articles/"), std::string::npos);
  EXPECT_NE(rss.body.find("<title>Tempête : les ports bretons comptent les dégâts</title>"),
            std::string::npos);
  EXPECT_NE(rss.body.find("<pubDate>Fri, 20 Nov 2026 08:00:00 +0000</pubDate>"), std::string::npos)
      << rss.body.substr(0, 1500);
  auto atom = depeche::testing::http_get(port(), "/flux.atom");
  EXPECT_EQ(atom.header("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(atom.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                           "xmlns:media=\"http://search.yahoo.com/mrss/\" xml:lang=\"fr\">"),
            std::string::npos);
  EXPECT_NE(atom.body.find("<published>2026-11-20T08:00:00Z</published>"), std::string::npos);

  Dispatch kill = story("h2", "Tempête : les ports bretons comptent les dégâts", "");
  kill.version = 2;
  kill.status = WireStatus::withdrawn;
  publish(kill);
  for (const char* path : {"/flux.rss", "/flux.atom", "/"}) {
    auto r = depeche::testing::http_get(port(), path);
    EXPECT_EQ(r.body.find("ports bretons"), std::string::npos) << path;
    EXPECT_NE(r.body.find("Élections régionales"), std::string::npos) << path;
  }
}

// Spelling data lives only in on-disk indexes.
class SuggestionSiteTest : public SearchSiteTest {
 protected:
  void SetUp() override {
    SearchSiteTest::SetUp();
    auto disk = search::Index::open(dir_.path() / "index");
    ASSERT_TRUE(disk.ok());
    disk_ = std::move(*disk);
    ASSERT_TRUE(search::catch_up(store_->articles(), *disk_).ok());
    deps_->search = disk_.get();
  }
  depeche::testing::TempDir dir_;
  std::unique_ptr<search::Index> disk_;
};

TEST_F(SuggestionSiteTest, MisspeltQueryOffersACorrection) {
  auto r = http_get(port(), "/recherche?q=dokcers");
  EXPECT_NE(r.body.find("Aucun résultat"), std::string::npos);
  EXPECT_NE(r.body.find("Essayez avec"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/recherche?q=dockers\">dockers</a>"), std::string::npos);
  auto api = Json::parse(http_get(port(), "/api/v1/search?q=dokcers").body);
  EXPECT_EQ(api["suggestion"], "dockers");
}

}  // namespace
}  // namespace depeche::web
