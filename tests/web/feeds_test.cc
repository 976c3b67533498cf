// The site's feeds as feed readers see them: read by a real client
// (Debian's feedparser), revalidated with ETag and Last-Modified.

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "support/dispatches.h"
#include "support/process.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using testing::http_get;
using testing::sample_dispatch;

constexpr std::size_t kPictureBytes = 1234;

class FeedsTest : public SiteTest {
 protected:
  void SetUp() override {
    SiteTest::SetUp();
    std::ofstream(media_.path() / "xv.jpg") << std::string(kPictureBytes, 'x');
    Dispatch rugby = sample_dispatch("f:rugby", 1, "Le XV de France domine l’Irlande");
    rugby.body_html = "<p>Victoire nette au Stade de France.</p><p><a href=\"/rubrique/sport\">"
                      "Toute la rubrique</a></p>";
    rugby.pictures = {{"/media/xv.jpg", "image/jpeg", 960, 540, "Un essai", "L’essai décisif",
                       "Agence Alpha / Lise Caron"}};
    rugby.subjects = {{"medtop:15000000", "sport"}, {"medtop:15073000", "rugby à XV"}};
    publish(rugby);
    Dispatch tennis = sample_dispatch("f:tennis", 1, "Tournoi de Paris : la finale reportée",
                                      "2026-11-20T09:00:00Z");
    tennis.subjects = {{"medtop:15000000", "sport"}};
    tennis.contributors.clear();
    tennis.pictures.clear();
    publish(tennis);
    Dispatch bce = sample_dispatch("f:bce", 1, "La BCE maintient ses taux", "2026-11-20T07:00:00Z");
    bce.provider = "Agence Bêta";
    bce_ = publish(bce);
    Dispatch fixed = sample_dispatch("f:bce", 2, "La BCE maintient ses taux directeurs",
                                     "2026-11-20T07:00:00Z");
    fixed.provider = "Agence Bêta";
    fixed.correction = true;
    publish(fixed);
    Dispatch gone = sample_dispatch("f:gone", 1, "Une dépêche retirée", "2026-11-20T06:00:00Z");
    publish(gone);
    gone.version = 2;
    gone.status = WireStatus::withdrawn;
    publish(gone);
  }
  std::int64_t bce_ = 0;
};

TEST_F(FeedsTest, ARealFeedReaderFindsPicturesCategoriesSourcesCorrectionsAndFullText) {
  auto corrected = store_->articles().by_id(bce_);
  ASSERT_TRUE(corrected.ok() && corrected->has_value());
  nlohmann::json feeds = nlohmann::json::array();
  const std::string rubrique = std::string(kBaseUrl) + "/rubrique/";
  for (std::string path : {"/flux.rss", "/flux.atom", "/flux-complet.rss", "/flux-complet.atom",
                           "/rubrique/sport/flux.rss", "/rubrique/sport/flux-complet.atom"}) {
    bool rss = path.ends_with(".rss");
    bool site = !path.starts_with("/rubrique/");
    nlohmann::json present = {"Le XV de France domine l’Irlande",
                              "Tournoi de Paris : la finale reportée"};
    if (site) present.push_back("La BCE maintient ses taux directeurs");
    nlohmann::json tags =
        rss ? nlohmann::json{{"Sport", rubrique + "sport"},
                             {"rugby à XV", "http://cv.iptc.org/newscodes/mediatopic/15073000"}}
            : nlohmann::json{{"sport", rubrique},
                             {"15073000", "http://cv.iptc.org/newscodes/mediatopic/"}};
    feeds.push_back({{"path", path},
                     {"version", rss ? "rss20" : "atom10"},
                     {"full", path.find("complet") != std::string::npos},
                     {"present", present},
                     {"absent", {"Une dépêche retirée", "La BCE maintient ses taux"}},
                     {"tags", tags},
                     {"has_picture_story", true}});
  }
  nlohmann::json spec = {
      {"feeds", feeds},
      {"picture",
       {{"headline", "Le XV de France domine l’Irlande"},
        {"url", std::string(kBaseUrl) + "/media/xv.jpg"},
        {"width", "960"},
        {"credit", "Agence Alpha / Lise Caron"},
        {"agency", "Agence Alpha"},
        {"author", "Jeanne Martin"},
        {"contributor", "Paul Durand"},
        {"length", std::to_string(kPictureBytes)}}},
      {"body_text", "Victoire nette au Stade de France."},
      {"absolute_link", "href=\"https://news.example/rubrique/sport\""},
      {"corrected",
       {{"headline", "La BCE maintient ses taux directeurs"},
        {"id", std::string(kBaseUrl) + render::article_path(**corrected)}}}};
  depeche::testing::TempDir dir;
  auto spec_file = dir.path() / "spec.json";
  std::ofstream(spec_file) << spec.dump();
  depeche::testing::Child check(
      {"/usr/bin/python3", std::string(DEPECHE_SOURCE_DIR) + "/tests/web/feed_check.py",
       "http://127.0.0.1:" + std::to_string(port()), spec_file.string()});
  ASSERT_TRUE(check.started());
  std::string out = check.read_all(std::chrono::seconds(60));
  EXPECT_EQ(check.wait(std::chrono::seconds(10)), std::optional<int>(0)) << out;
}

TEST_F(FeedsTest, FeedsRevalidateUntilAnIngestChangesThem) {
  for (std::string path : {"/flux.atom", "/rubrique/sport/flux.rss"}) {
    auto first = http_get(port(), path);
    ASSERT_EQ(first.status, 200u) << path;
    std::string etag = first.header("ETag");
    std::string since = first.header("Last-Modified");
    ASSERT_FALSE(etag.empty());
    ASSERT_FALSE(since.empty());
    EXPECT_EQ(http_get(port(), path, {{"If-None-Match", etag}}).status, 304u) << path;
    EXPECT_EQ(http_get(port(), path, {{"If-Modified-Since", since}}).status, 304u) << path;
    EXPECT_EQ(http_get(port(), path, {{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}})
                  .status,
              200u);
  }
  auto before = http_get(port(), "/flux.atom");
  Dispatch news = sample_dispatch("f:new", 1, "Le XV de France en demi-finale",
                                  "2026-11-21T08:00:00Z");
  news.subjects = {{"medtop:15000000", "sport"}};
  publish(news);
  auto after = http_get(port(), "/flux.atom", {{"If-None-Match", before.header("ETag")}});
  EXPECT_EQ(after.status, 200u);
  EXPECT_NE(after.header("ETag"), before.header("ETag"));
  EXPECT_NE(after.body.find("Le XV de France en demi-finale"), std::string::npos);
}

TEST_F(FeedsTest, FeedsCarryTheirContentTypesAndAnUnknownRubriqueHasNone) {
  EXPECT_EQ(http_get(port(), "/flux-complet.rss").header("Content-Type"),
            "application/rss+xml; charset=utf-8");
  EXPECT_EQ(http_get(port(), "/rubrique/sport/flux-complet.atom").header("Content-Type"),
            "application/atom+xml; charset=utf-8");
  EXPECT_EQ(http_get(port(), "/rubrique/inconnue/flux-complet.rss").status, 404u);
}

struct FeedLink {
  std::string type, title, href;
};

// The feeds a page announces: its <link rel="alternate"> elements.
std::vector<FeedLink> feed_links(const std::string& html) {
  static const std::regex link(
      R"re(<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">)re");
  std::vector<FeedLink> out;
  for (std::sregex_iterator it(html.begin(), html.end(), link), end; it != end; ++it) {
    out.push_back({(*it)[1], (*it)[2], (*it)[3]});
  }
  return out;
}

TEST_F(FeedsTest, PagesAnnounceEveryFeedTheyServeSummaryAndFullText) {
  auto home = feed_links(http_get(port(), "/").body);
  std::string sport_page = http_get(port(), "/rubrique/sport").body;
  auto sport = feed_links(sport_page);
  EXPECT_NE(sport_page.find(R"(<a href="/rubrique/sport/flux-complet.rss">RSS en texte intégral</a>)"),
            std::string::npos)
      << "the rubrique's own links, readers can see";
  ASSERT_EQ(home.size(), 4u) << "site: RSS and Atom, summaries and full text";
  ASSERT_EQ(sport.size(), 8u) << "the site's and the rubrique's";
  EXPECT_EQ(home[0].href, "/flux.rss") << "the first, which readers pick, stays the summary RSS";
  EXPECT_EQ(home[2].href, "/flux-complet.rss");
  EXPECT_EQ(home[2].title, "Flux RSS (texte intégral)");
  EXPECT_EQ(sport[7].href, "/rubrique/sport/flux-complet.atom");
  for (const auto& f : sport) {
    auto feed = http_get(port(), f.href);
    EXPECT_EQ(feed.status, 200u) << f.href;
    EXPECT_EQ(feed.header("Content-Type"), f.type + "; charset=utf-8") << f.href;
  }
}

class SummaryOnlyFeedsTest : public SiteTest {
 protected:
  void configure(render::SiteSettings& s) override { s.full_text_feeds = false; }
};

TEST_F(SummaryOnlyFeedsTest, ASiteWithoutFullTextFeedsAnswers404ForThem) {
  EXPECT_EQ(http_get(port(), "/flux-complet.rss").status, 404u);
  EXPECT_EQ(http_get(port(), "/rubrique/sport/flux-complet.atom").status, 404u);
  EXPECT_EQ(http_get(port(), "/flux.rss").status, 200u);
  std::string sport_page = http_get(port(), "/rubrique/sport").body;
  EXPECT_EQ(sport_page.find("flux-complet"), std::string::npos);
  for (const auto& f : feed_links(sport_page)) {
    EXPECT_EQ(f.href.find("complet"), std::string::npos) << "announced but not served: " << f.href;
    EXPECT_EQ(http_get(port(), f.href).status, 200u) << f.href;
  }
}

}  // namespace
}  // namespace depeche::web
