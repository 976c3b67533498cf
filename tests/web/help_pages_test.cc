// The pages that help: the information pages (legal notice, terms, comment
// charter, personal data, accessibility, contact), the operator's own
// versions of them, the search and latest stories under 404 and 410, and
// the favicon.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "ingest/sanitize.h"
#include "render/info_pages.h"
#include "support/dispatches.h"
#include "support/http_client.h"
#include "support/in_order.h"
#include "support/temp_dir.h"
#include "web/site_fixture.h"

namespace depeche::web {
namespace {

using depeche::testing::appear_in_order;
using depeche::testing::count_of;
using depeche::testing::http_get;
using depeche::testing::sample_dispatch;

// A site whose operator filled [site] and wrote their own legal notice.
class HelpPagesTest : public SiteTest {
 protected:
  void configure(render::SiteSettings& s) override {
    s.legal.publisher = "Éditions du Quai SAS, RCS Nantes 000 000 000";
    s.legal.director = "Camille Martin";
    s.legal.hosting_provider = "Hébergeur Exemple, 1 rue du Serveur, 44000 Nantes";
    s.legal.contact_email = "redaction@news.example";
    s.legal.postal_address = "2 quai de la Fosse, 44000 Nantes";
  }
  render::TemplateLoader templates() override {
    std::filesystem::create_directories(data_.path() / "pages");
    std::ofstream(data_.path() / "pages" / "mentions-legales.html")
        << "<h1>Notre éditeur</h1><p>Texte de l’exploitant pour {{publisher}}.</p>"
           "<script>alert('x')</script><p onclick=\"steal()\">Suite.</p>";
    auto loader =
        render::with_operator_pages(embedded(), data_.path() / "pages", ingest::sanitize_html);
    EXPECT_TRUE(loader.ok());
    return loader.ok() ? *loader : embedded();
  }

  // The headings of a page, in order: "h1", "h2", "h2", "h3"…
  static std::vector<std::string> headings(const std::string& html) {
    std::vector<std::string> out;
    for (auto at = html.find("<h"); at != std::string::npos; at = html.find("<h", at + 1)) {
      char level = html.size() > at + 2 ? html[at + 2] : ' ';
      if (level >= '1' && level <= '6') out.push_back(std::string("h") + level);
    }
    return out;
  }

  depeche::testing::TempDir data_;
};

struct Expected {
  std::string path;
  std::string heading;
};

TEST_F(HelpPagesTest, EveryInformationPageIsAFullPageWithOneHeadingAndTheConfiguredValues) {
  const Expected pages[] = {
      {"/conditions-utilisation", "Conditions d’utilisation"},
      {"/charte-commentaires", "Charte des commentaires"},
      {"/donnees-personnelles", "Données personnelles et cookies"},
      {"/accessibilite", "Déclaration d’accessibilité"},
      {"/contact", "Contact"},
  };
  for (const auto& [path, heading] : pages) {
    auto res = http_get(port(), path);
    EXPECT_EQ(res.status, 200u) << path;
    EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_TRUE(appear_in_order(
        res.body, {"<title>" + heading + " – depeche</title>",
                   "<link rel=\"canonical\" href=\"" + std::string(kBaseUrl) + path + "\">",
                   "<h1>" + heading + "</h1>", "Éditions du Quai SAS"}))
        << path;
    auto levels = headings(res.body);
    EXPECT_EQ(std::count(levels.begin(), levels.end(), "h1"), 1) << path;
    // Headings never skip a level going down.
    for (std::size_t i = 1; i < levels.size(); ++i) {
      EXPECT_LE(levels[i][1], levels[i - 1][1] + 1) << path << " heading " << i;
    }
    EXPECT_EQ(res.body.find("à renseigner dans [site]"), std::string::npos) << path;
  }
}

TEST_F(HelpPagesTest, ContactPageGivesAMailtoLinkAndThePostalAddressWithoutAForm) {
  auto res = http_get(port(), "/contact");
  ASSERT_EQ(res.status, 200u);
  EXPECT_NE(res.body.find("<a href=\"mailto:redaction@news.example\">redaction@news.example</a>"),
            std::string::npos);
  EXPECT_NE(res.body.find("2 quai de la Fosse, 44000 Nantes"), std::string::npos);
  auto main = res.body.substr(res.body.find("<main"));
  EXPECT_EQ(main.find("method=\"post\""), std::string::npos);
}

TEST_F(HelpPagesTest, CharterStatesTheCommentRulesInForce) {
  auto res = http_get(port(), "/charte-commentaires");
  ASSERT_EQ(res.status, 200u);
  EXPECT_NE(res.body.find("3\u202f000 caractères"), std::string::npos);
  EXPECT_NE(res.body.find("pendant 15\u00A0minutes"), std::string::npos);
  EXPECT_NE(res.body.find("fermés 7\u00A0jours après sa publication"), std::string::npos);
  EXPECT_NE(res.body.find("<th scope=\"row\">Propos haineux</th><td>2</td>"), std::string::npos);
  // The fixture's rules leave pre-moderation off.
  EXPECT_NE(res.body.find("paraît dès son envoi"), std::string::npos);
}

TEST_F(HelpPagesTest, OperatorPageReplacesTheDefaultAndLosesItsScripts) {
  auto res = http_get(port(), "/mentions-legales");
  ASSERT_EQ(res.status, 200u);
  EXPECT_TRUE(appear_in_order(
      res.body,
      {"<title>Mentions légales – depeche</title>", "<h1>Mentions légales</h1>",
       "<h2>Notre éditeur</h2>", "Texte de l’exploitant pour Éditions du Quai SAS", "Suite."}));
  EXPECT_EQ(res.body.find("alert("), std::string::npos);
  EXPECT_EQ(res.body.find("onclick"), std::string::npos);
  EXPECT_EQ(res.body.find("Droit de réponse"), std::string::npos);  // the default is gone
  // Pages the operator left alone keep the default text.
  EXPECT_NE(http_get(port(), "/contact").body.find("Avant d’écrire"), std::string::npos);
}

TEST_F(SiteTest, InformationPagesShowPlaceholdersUntilConfigured) {
  auto res = http_get(port(), "/mentions-legales");
  ASSERT_EQ(res.status, 200u);
  EXPECT_NE(res.body.find("Éditeur à renseigner dans [site] publisher"), std::string::npos);
  EXPECT_NE(res.body.find("Adresse e-mail à renseigner dans [site] contact_email"),
            std::string::npos);
  EXPECT_EQ(res.body.find("mailto:"), std::string::npos);
}

TEST_F(SiteTest, NotFoundOffersSearchAndTheLatestStories) {
  for (int i = 0; i < 8; ++i) {
    publish(sample_dispatch(
        "g" + std::to_string(i), 1, "Dépêche numéro " + std::to_string(i),
        "2026-11-2" + std::to_string(i / 4) + "T0" + std::to_string(i) + ":00:00Z"));
  }
  auto res = http_get(port(), "/nulle-part");
  EXPECT_EQ(res.status, 404u);
  EXPECT_TRUE(appear_in_order(res.body,
                              {"<h1>Page introuvable</h1>", "action=\"/recherche\"",
                               "<label for=\"help-q\">Rechercher un article</label>", "name=\"q\"",
                               "<h2 id=\"help-latest-title\">Les dernières dépêches</h2>",
                               ">Dépêche numéro 7</a> <time datetime=\"2026-11-21T08:00:00+01:00\">"
                               "21.11.2026 08:00</time>",
                               ">Dépêche numéro 6</a>"}));
  EXPECT_EQ(count_of(res.body, "<li><a href=\"/articles/"), 6u);
  EXPECT_EQ(res.body.find("Dépêche numéro 1<"), std::string::npos);  // the 7th newest
}

TEST_F(SiteTest, WithdrawnArticleOffersSearchAndOtherStories) {
  publish(sample_dispatch("other", 1, "Une autre actualité"));
  auto d = sample_dispatch("a", 1, "Retiré");
  auto id = publish(d);
  d.version = 2;
  d.status = WireStatus::withdrawn;
  publish(d);
  auto res = http_get(port(), "/articles/" + std::to_string(id) + "-retire");
  EXPECT_EQ(res.status, 410u);
  EXPECT_TRUE(appear_in_order(
      res.body, {"<h1>Article retiré</h1>", "action=\"/recherche\"", ">Une autre actualité</a>"}));
  EXPECT_EQ(res.body.find(">Retiré</a>"), std::string::npos);
}

TEST_F(SiteTest, FaviconIsAnIconThatBrowsersMayKeep) {
  auto res = http_get(port(), "/favicon.ico");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.header("Content-Type"), "image/x-icon");
  EXPECT_NE(res.header("Cache-Control").find("max-age="), std::string::npos);
  ASSERT_GE(res.body.size(), 6u);
  EXPECT_EQ(res.body.substr(0, 4), std::string("\0\0\1\0", 4));  // ICONDIR: reserved, type 1
  auto svg = http_get(port(), "/static/favicon.svg");
  EXPECT_EQ(svg.status, 200u);
  EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml");
}

TEST(OperatorPages, AnOversizedFileStopsTheStartNamingIt) {
  depeche::testing::TempDir dir;
  std::ofstream(dir.path() / "contact.html") << std::string(render::kMaxOperatorPageBytes + 1, 'x');
  auto loader = render::with_operator_pages(embedded(), dir.path(), ingest::sanitize_html);
  ASSERT_FALSE(loader.ok());
  EXPECT_NE(loader.error().message.find("contact.html"), std::string::npos);
}

TEST(OperatorPages, AMissingFolderKeepsTheDefaults) {
  depeche::testing::TempDir dir;
  auto loader =
      render::with_operator_pages(embedded(), dir.path() / "absent", ingest::sanitize_html);
  ASSERT_TRUE(loader.ok());
  EXPECT_EQ((*loader)("pages/contact.html"), embedded()("pages/contact.html"));
}

// A store in a file, so that the test can break it from outside.
class BrokenStoreTest : public SiteTest {
 protected:
  std::string database() override { return (dir_.path() / "depeche.db").string(); }
  void break_articles() {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() / "depeche.db").c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, "DROP TABLE articles", nullptr, nullptr, &message);
    std::string why = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << why;
  }
  depeche::testing::TempDir dir_;
};

TEST_F(BrokenStoreTest, NotFoundStaysNotFoundWhenTheLatestStoriesCannotBeRead) {
  publish(sample_dispatch("a", 1, "Avant la panne"));
  break_articles();
  auto res = http_get(port(), "/nulle-part");
  EXPECT_EQ(res.status, 404u);
  EXPECT_NE(res.body.find("<h1>Page introuvable</h1>"), std::string::npos);
  EXPECT_NE(res.body.find("action=\"/recherche\""), std::string::npos);
  EXPECT_EQ(res.body.find("Les dernières dépêches"), std::string::npos);
}

}  // namespace
}  // namespace depeche::web
