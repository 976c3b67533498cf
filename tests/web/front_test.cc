// The front page, the rubriques and the article page's newspaper layout, as
// a reader and an API client see them: a real server on port 0.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "support/dispatches.h"
#include "support/http_client.h"
#include "support/in_order.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using depeche::testing::appear_in_order;
using depeche::testing::http_get;
using depeche::testing::sample_dispatch;

Dispatch story(std::string guid, std::string headline, std::string when, std::string code,
               std::string name) {
  auto d = sample_dispatch(std::move(guid), 1, std::move(headline), std::move(when));
  d.subjects = {{std::move(code), std::move(name)}};
  d.pictures.clear();
  return d;
}

std::size_t count_of(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

TEST_F(SiteTest, SectionPagesListOnlyTheirRubriqueWithTheirFeeds) {
  publish(story("a", "Le XV de France s’impose", "2026-11-20T08:00:00Z", "medtop:15000000", "sport"));
  publish(story("b", "La BCE maintient ses taux", "2026-11-20T09:00:00Z", "medtop:04000000", ""));
  auto res = http_get(port(), "/rubrique/sport");
  ASSERT_EQ(res.status, 200u);
  EXPECT_NE(res.body.find("Le XV de France"), std::string::npos);
  EXPECT_EQ(res.body.find("La BCE maintient"), std::string::npos);
  EXPECT_TRUE(appear_in_order(res.body, {"<title>Sport\u00A0: toute l’actualité – depeche</title>",
                                         "href=\"/rubrique/sport/flux.rss\"",
                                         "<a href=\"/rubrique/sport\" aria-current=\"page\">Sport",
                                         "<h1 class=\"page-heading\">Sport</h1>"}));
  auto rss = http_get(port(), "/rubrique/sport/flux.rss");
  EXPECT_EQ(rss.status, 200u);
  EXPECT_NE(rss.body.find("<category domain=\"https://news.example/rubrique/sport\">Sport</category>"),
            std::string::npos);
  EXPECT_EQ(rss.body.find("La BCE maintient"), std::string::npos);
  auto atom = http_get(port(), "/rubrique/economie/flux.atom");
  EXPECT_EQ(atom.status, 200u);
  EXPECT_NE(atom.body.find("La BCE maintient"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/rubrique/inconnue").status, 404u);
  EXPECT_EQ(http_get(port(), "/rubrique/sport?avant=1-1").status, 404u);
  EXPECT_EQ(http_get(port(), "/rubrique/sport?avant=x").status, 404u);
}

// The "Plus anciens" link of a list page, or "" when it has none.
std::string older_link(const std::string& html) {
  const std::string marker = "<a rel=\"next\" href=\"";
  auto at = html.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return html.substr(at, html.find('"', at) - at);
}

TEST_F(SiteTest, SectionPagesFollowTheirCursorToTheOldestStory) {
  const int stories = 2 * kHomePageSize + 3;
  for (int i = 0; i < stories; ++i) {
    char when[32];
    // Pairs of stories share a minute, as wire bursts do.
    std::snprintf(when, sizeof when, "2026-11-%02dT08:%02d:00Z", 1 + i / 120, (i / 2) % 60);
    publish(story("s" + std::to_string(i), "Match " + std::to_string(i) + " fin", when,
                  "medtop:15000000", ""));
  }
  auto first = http_get(port(), "/rubrique/sport");
  EXPECT_EQ(count_of(first.body, "<li class=\"card"), static_cast<std::size_t>(kHomePageSize));
  EXPECT_NE(first.body.find("Plus anciens</a>"), std::string::npos);
  std::string next = older_link(first.body);
  ASSERT_TRUE(next.starts_with("/rubrique/sport?avant=")) << next;
  std::set<std::string> seen;
  for (int i = 0; i < stories; ++i) {
    if (first.body.find(">Match " + std::to_string(i) + " fin<") != std::string::npos) {
      seen.insert(std::to_string(i));
    }
  }
  std::size_t pages = 1;
  while (!next.empty() && pages < 10) {
    auto page = http_get(port(), next);
    ASSERT_EQ(page.status, 200u) << next;
    ++pages;
    const std::string canonical = "<link rel=\"canonical\" href=\"";
    auto from = page.body.find(canonical);
    ASSERT_NE(from, std::string::npos);
    from += canonical.size();
    std::string url = page.body.substr(from, page.body.find('"', from) - from);
    EXPECT_TRUE(url.ends_with(next)) << "the canonical URL is the page's own: " << url;
    EXPECT_NE(page.body.find("href=\"/rubrique/sport\">Les plus récents</a>"), std::string::npos);
    EXPECT_NE(page.body.find("<title>Sport\u00A0: articles plus anciens – depeche</title>"),
              std::string::npos);
    for (int i = 0; i < stories; ++i) {
      if (page.body.find(">Match " + std::to_string(i) + " fin<") != std::string::npos) {
        EXPECT_TRUE(seen.insert(std::to_string(i)).second) << "story " << i << " shown twice";
      }
    }
    next = older_link(page.body);
  }
  EXPECT_EQ(pages, 3u);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(stories)) << "every story, once";
}

TEST_F(SiteTest, FrontPageLeadsToOlderStoriesInListMode) {
  for (int i = 0; i < kHomePageSize + 3; ++i) {
    char when[32];
    std::snprintf(when, sizeof when, "2026-11-%02dT08:00:00Z", 1 + i);
    publish(story("h" + std::to_string(i), "Nouvelle " + std::to_string(i) + " fin", when,
                  "medtop:04000000", ""));
  }
  auto front = http_get(port(), "/");
  ASSERT_EQ(front.status, 200u);
  std::string next = older_link(front.body);
  ASSERT_TRUE(next.starts_with("/?avant=")) << next;
  EXPECT_NE(front.body.find("Plus anciens</a>"), std::string::npos);
  // "Toute l’actualité" in the live column goes on where the column stops.
  EXPECT_NE(front.body.find("<p class=\"live-more\"><a href=\"/?avant="), std::string::npos);
  auto older = http_get(port(), next);
  ASSERT_EQ(older.status, 200u);
  EXPECT_EQ(count_of(older.body, "<li class=\"card"), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(older.body.find(">Nouvelle " + std::to_string(i) + " fin<"), std::string::npos);
  }
  EXPECT_EQ(older.body.find("class=\"lead-story\""), std::string::npos) << "list mode";
  EXPECT_NE(older.body.find("articles plus anciens</h1>"), std::string::npos);
  EXPECT_TRUE(older_link(older.body).empty()) << "the last page";
}

TEST_F(SiteTest, FrontPageOpensOnALeadStoryThenLiveNewsThenRubriques) {
  auto lead = story("p", "Un port record", "2026-11-24T07:00:00Z", "medtop:04000000", "");
  lead.pictures = {{"/media/p.jpg", "image/jpeg", 800, 450, "Le port", "Le port au matin", "AHP"}};
  publish(lead);
  publish(story("s", "Un match serré", "2026-11-24T09:00:00Z", "medtop:15000000", ""));
  publish(story("c", "Un musée rouvre", "2026-11-24T08:00:00Z", "medtop:01000000", ""));
  // Older sport stories: beyond the top stories, they fill Sport's block.
  for (int i = 0; i < 8; ++i) {
    publish(story("old" + std::to_string(i), "Résultat " + std::to_string(i),
                  "2026-11-2" + std::to_string(i % 3) + "T08:0" + std::to_string(i) + ":00Z",
                  "medtop:15000000", ""));
  }
  auto res = http_get(port(), "/");
  ASSERT_EQ(res.status, 200u);
  // The newest story with a picture among the first few leads, its
  // headline and picture link to it, with width and height given.
  EXPECT_TRUE(appear_in_order(
      res.body, {"class=\"lead-story\"", "width=\"800\" height=\"450\"", "Économie",
                 ">Un port record</a></h2>", "En continu", "Un match serré", "Un musée rouvre",
                 "À la une", "id=\"block-sport\"", "href=\"/rubrique/sport\">Toute la rubrique Sport"}));
  // Culture's only story is among the top stories: no empty block.
  EXPECT_EQ(res.body.find("id=\"block-culture\""), std::string::npos);
  EXPECT_NE(res.body.find("class=\"card-title\"><a href=\"/articles/"), std::string::npos);
  // Live news carry their times.
  EXPECT_NE(res.body.find("<time datetime=\"2026-11-24T10:00:00+01:00\">10:00</time>"),
            std::string::npos);
}

TEST_F(SiteTest, ArticlePageHasBreadcrumbChapoLeadPictureAndShareLinks) {
  auto d = story("x", "Les vendanges s’achèvent", "2026-11-23T07:00:00Z", "medtop:04000000", "");
  d.description = "Une récolte abondante après un été sec, disent les vignerons.";
  d.description_from_wire = true;
  d.body_html = "<p>Le texte de la dépêche commence ici.</p>";
  d.pictures = {{"/media/v.jpg", "image/jpeg", 800, 450, "Des vignes", "Les vignes", "AHP / Léa"}};
  auto id = publish(d);
  publish(story("y", "Autre nouvelle", "2026-11-23T08:00:00Z", "medtop:15000000", ""));
  auto res = http_get(port(), "/articles/" + std::to_string(id) + "-les-vendanges-s-achevent");
  ASSERT_EQ(res.status, 200u);
  EXPECT_TRUE(appear_in_order(
      res.body,
      {"aria-current=\"page\">Économie", "class=\"breadcrumb\"", "href=\"/rubrique/economie\">Économie",
       "<h1>Les vendanges s’achèvent</h1>", "class=\"chapo\">Une récolte abondante",
       "class=\"provenance\"", "href=\"#commentaires\">aucun commentaire", "alt=\"Des vignes\"",
       "(AHP / Léa)", "Le texte de la dépêche", "mailto:?subject=",
       "https://www.facebook.com/sharer/sharer.php?u=https%3A//news.example/articles/",
       "id=\"commentaires\"", "class=\"article-aside\"", "Autre nouvelle"}));
  EXPECT_EQ(res.body.find("<script src=\"http"), std::string::npos);  // no third-party script
}

TEST_F(SiteTest, ChapoIsLeftOutWhenItRepeatsTheBody) {
  auto d = story("x", "Titre", "2026-11-23T07:00:00Z", "medtop:04000000", "");
  d.description = "Le texte de la dépêche commence ici et continue.";
  d.description_from_wire = true;
  d.body_html = "<p>Le texte de la dépêche commence ici et continue.</p>";
  auto id = publish(d);
  auto res = http_get(port(), "/articles/" + std::to_string(id) + "-titre");
  EXPECT_EQ(res.body.find("class=\"chapo\""), std::string::npos);
}

TEST_F(SiteTest, ApiNamesEachArticlesRubriqueAndFiltersByIt) {
  publish(story("a", "Match", "2026-11-20T08:00:00Z", "medtop:15000000", ""));
  publish(story("b", "Taux", "2026-11-20T09:00:00Z", "medtop:04000000", ""));
  auto all = nlohmann::json::parse(http_get(port(), "/api/v1/articles").body);
  ASSERT_EQ(all["items"].size(), 2u);
  EXPECT_EQ(all["items"][0]["section"], "economie");
  EXPECT_EQ(all["items"][1]["section"], "sport");
  auto sport = nlohmann::json::parse(http_get(port(), "/api/v1/articles?section=sport").body);
  ASSERT_EQ(sport["items"].size(), 1u);
  EXPECT_EQ(sport["items"][0]["headline"], "Match");
  auto bad = http_get(port(), "/api/v1/articles?section=nulle");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["field"], "section");
  auto sections = nlohmann::json::parse(http_get(port(), "/api/v1/sections").body);
  ASSERT_GE(sections["items"].size(), 9u);
  EXPECT_EQ(sections["items"][0]["slug"], "france");
  EXPECT_EQ(sections["items"][0]["url"], "/rubrique/france");
}

}  // namespace
}  // namespace depeche::web
