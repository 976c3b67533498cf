#include "render/pages.h"

#include <gtest/gtest.h>

#include "assets/assets.h"
#include "support/dispatches.h"
#include "support/in_order.h"

namespace depeche::render {
namespace {

using depeche::testing::appear_in_order;
using depeche::testing::count_of;
using depeche::testing::sample_dispatch;

TemplateLoader embedded() {
  return [](std::string_view name) -> std::optional<std::string> {
    auto bytes = assets::find("templates/" + std::string(name));
    if (!bytes) return std::nullopt;
    return std::string(*bytes);
  };
}

store::Article article(std::int64_t id, Dispatch d) {
  store::Article a;
  a.id = id;
  a.slug = "un-titre";
  a.published_at = d.first_created;
  a.updated_at = d.version_created;
  a.dispatch = std::move(d);
  return a;
}

class PagesTest : public ::testing::Test {
 protected:
  FixedClock clock_{*parse_iso8601("2026-11-24T10:00:00Z")};
  std::unique_ptr<Pages> pages_ = [this] {
    auto p = Pages::create(embedded(), SiteSettings{}, clock_);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
    return std::move(*p);
  }();
};

TEST_F(PagesTest, ArticlePageShowsTheSeedAnatomyInOrder) {
  auto main = sample_dispatch("g1", 1, "Le tramway arrive à Lyon", "2023-02-25T13:15:00Z");
  main.body_html = "<p>Premier paragraphe.</p><p>Second paragraphe.</p>";
  std::vector<store::Article> related;
  for (int i = 0; i < 4; ++i) {
    auto d = sample_dispatch("r" + std::to_string(i), 1, "Voisin " + std::to_string(i),
                             "2025-05-10T10:38:00Z");
    d.description =
        "Un long texte de présentation qui dépasse largement la limite des teasers "
        "pour que la coupe au mot près soit visible sur la carte, avec encore "
        "quelques mots ajoutés ici et là pour aller au-delà de deux cent vingt "
        "caractères sans la moindre difficulté apparente.";
    related.push_back(article(10 + i, d));
  }
  std::string html = pages_->article(article(1, main), related, {}, CommentSection{}, PageContext{});
  EXPECT_TRUE(
      appear_in_order(html, {"<html lang=\"fr\"",
                             "name=\"viewport\"",
                             "<title>Le tramway arrive à Lyon – depeche</title>",
                             "rel=\"canonical\" href=\"/articles/1-un-titre\"",
                             "href=\"#contenu\">Aller au contenu principal</a>",
                             "id=\"contrast-toggle\"",
                             "aria-pressed=\"false\"",
                             "Activer le contraste adapté",
                             "Fermer",
                             "<main id=\"contenu\"",
                             "<h1>Le tramway arrive à Lyon</h1>",
                             "information fournie par <span class=\"provider\">Agence Alpha</span>",
                             "25/02/2023 à 14:15",
                             "alt=\"Le port\"",
                             "Le port au matin",
                             "(Agence Alpha / Lise Caron)",
                             "<p><span class=\"dateline\">Lyon, 20\u00A0novembre (Agence Alpha) "
                             "-</span> Premier paragraphe.</p>",
                             "Second paragraphe.",
                             "(<span class=\"contributor\" data-role=\"reporter\">"
                             "Reportage Jeanne Martin</span>\u202F; ",
                             "version française Paul Durand</span>)",
                             "aucun commentaire",
                             "À lire aussi",
                             "information fournie par <span class=\"provider\">Agence Alpha</span>",
                             "10.05.2025 12:38",
                             "Lire la suite<span class=\"visually-hidden\"> de l’article\u00A0: "
                             "Voisin 0</span>"}));
  EXPECT_EQ(count_of(html, "<li class=\"card"), 4u);
  EXPECT_EQ(count_of(html, "Lyon, 20\u00A0novembre (Agence Alpha)"), 1u);
  EXPECT_NE(html.find("…"), std::string::npos);
}

TEST_F(PagesTest, HighContrastModeIsRenderedByTheServer) {
  PageContext ctx;
  ctx.high_contrast = true;
  ctx.path = "/articles/1-un-titre";
  std::string html = pages_->not_found({}, ctx);
  EXPECT_NE(html.find("<html lang=\"fr\" class=\"contrast-high\">"), std::string::npos);
  EXPECT_NE(html.find("aria-pressed=\"true\""), std::string::npos);
  EXPECT_NE(html.find("name=\"contrast\" value=\"normal\""), std::string::npos);
  EXPECT_NE(html.find("name=\"return\" value=\"/articles/1-un-titre\""), std::string::npos);
}

TEST_F(PagesTest, HeadlineMarkupIsEscaped) {
  auto d = sample_dispatch("g1", 1, "<script>alert(1)</script>");
  std::string html = pages_->article(article(1, d), {}, {}, CommentSection{}, PageContext{});
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(PagesTest, LaterHomePageLinksToOlderStoriesAndBackToTheNewest) {
  store::ArticleList list;
  list.total = 45;
  list.items.push_back(article(3, sample_dispatch("g3", 1)));
  list.next = store::ListCursor{list.items.back().published_at, 3};
  store::ListCursor here{*parse_iso8601("2026-11-21T08:00:00Z"), 9};
  std::string html = pages_->home(FrontPage{list, here, {}}, PageContext{});
  std::string next = "/?avant=" + store::to_string(*list.next);
  EXPECT_TRUE(appear_in_order(
      html, {"<title>depeche\u00A0: l’actualité en continu, articles plus anciens</title>",
             "<link rel=\"canonical\" href=\"/?avant=" + store::to_string(here) + "\">", "<h1",
             "L’actualité en continu\u00A0: articles plus anciens</h1>", "/articles/3-un-titre",
             "href=\"/\">Les plus récents", "rel=\"next\" href=\"" + next + "\">Plus anciens"}));
  EXPECT_EQ(html.find("Page 1"), std::string::npos) << "cursor pages carry no number";
}

TEST_F(PagesTest, LastPageHasNoOlderLink) {
  store::ArticleList list;
  list.total = 1;
  list.items.push_back(article(3, sample_dispatch("g3", 1)));
  std::string html = pages_->home(
      FrontPage{list, store::ListCursor{*parse_iso8601("2026-11-21T08:00:00Z"), 9}, {}},
      PageContext{});
  EXPECT_EQ(html.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(html.find("Les plus récents"), std::string::npos);
}

TEST_F(PagesTest, EmptyHomeSaysSo) {
  std::string html = pages_->home(FrontPage{}, PageContext{});
  EXPECT_NE(html.find("Aucun article n’est encore publié."), std::string::npos);
  EXPECT_EQ(html.find("Pagination"), std::string::npos);
}

TEST_F(PagesTest, NotFoundPageIsFrenchAndComplete) {
  std::string html = pages_->not_found({}, PageContext{});
  EXPECT_TRUE(appear_in_order(html, {"<html lang=\"fr\"", "<title>Page introuvable – depeche",
                                     "rel=\"canonical\"", "<h1>Page introuvable</h1>"}));
}

TEST_F(PagesTest, UpdatedArticleSaysWhen) {
  auto d = sample_dispatch("g1", 1, "Titre", "2026-11-20T08:00:00Z");
  auto a = article(1, d);
  a.updated_at = *parse_iso8601("2026-11-20T10:30:00Z");
  std::string html = pages_->article(a, {}, {}, CommentSection{}, PageContext{});
  EXPECT_NE(html.find("Mis à jour le <time datetime=\"2026-11-20T11:30:00+01:00\">20/11/2026 "
                      "à 11:30</time>"),
            std::string::npos);
}

TEST_F(PagesTest, SeveralPeopleInOneRoleAreJoinedInFrench) {
  auto d = sample_dispatch("g1", 1);
  d.contributors = {{"Anne Roy", ContributorRole::reporter, ""},
                    {"Luc Bon", ContributorRole::reporter, ""},
                    {"Eva Lin", ContributorRole::reporter, ""},
                    {"Ida Sol", ContributorRole::editor, ""}};
  std::string html = pages_->article(article(1, d), {}, {}, CommentSection{}, PageContext{});
  EXPECT_NE(html.find("Reportage Anne Roy, Luc Bon et Eva Lin</span>\u202F; <span class=\"contributor\" "
                      "data-role=\"editor\">Édité par Ida Sol</span>)"),
            std::string::npos);
}

TEST_F(PagesTest, CorrectionShowsARectificatifNote) {
  auto d = sample_dispatch("g1", 2, "Titre", "2026-11-20T08:00:00Z");
  d.correction = true;
  auto a = article(1, d);
  a.updated_at = *parse_iso8601("2026-11-20T10:30:00Z");
  std::string html = pages_->article(a, {}, {}, CommentSection{}, PageContext{});
  EXPECT_NE(html.find("<p class=\"correction\" lang=\"fr\">Rectificatif publié le <time "
                      "datetime=\"2026-11-20T11:30:00+01:00\">20/11/2026 à 11:30</time></p>"),
            std::string::npos);
  EXPECT_EQ(html.find("Mis à jour"), std::string::npos);
}

TEST(PagesCreate, MissingTemplateIsAnError) {
  FixedClock clock{Timestamp{}};
  auto p = Pages::create([](std::string_view) { return std::nullopt; }, SiteSettings{}, clock);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("missing template"), std::string::npos);
}

}  // namespace
}  // namespace depeche::render

namespace depeche::render {
namespace {

TEST_F(PagesTest, SearchPageSaysHowManyArticlesMatchAndListsThem) {
  store::Article a;
  a.id = 7;
  a.slug = "le-port";
  a.dispatch = testing::sample_dispatch("g", 1, "Le port de Brest");
  a.published_at = a.dispatch.first_created;
  SearchPage s;
  s.query = "port";
  s.items = {a};
  s.total = 1;
  std::string html = pages_->search(s, PageContext{});
  EXPECT_NE(html.find("1 résultat pour «\u202Fport\u202F»."), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"/articles/7-le-port\""), std::string::npos);
  EXPECT_NE(html.find("<input id=\"search-q\" type=\"search\" name=\"q\" value=\"port\""),
            std::string::npos);
}

}  // namespace
}  // namespace depeche::render
