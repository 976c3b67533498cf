// "À lire aussi" through the site: the cards a page shows and the API that
// says why each was chosen (issue 12).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "site_fixture.h"
#include "support/dispatches.h"

namespace depeche::web {
namespace {

using depeche::testing::sample_dispatch;
using Json = nlohmann::json;

const Subject kSport{"medtop:15000000", "sport"};
const Subject kRugby{"medtop:20001065", "rugby à XV"};
const Subject kEconomy{"medtop:04000000", "économie"};
const Subject kBank{"medtop:20000379", "banque centrale"};

class RelatedCardsSite : public SiteTest {
 protected:
  std::int64_t story(const std::string& guid, const std::string& headline, const std::string& body,
                     std::vector<Subject> subjects, const std::string& when) {
    Dispatch d = sample_dispatch(guid, 1, headline, when);
    d.body_html = "<p>" + body + "</p>";
    d.description = body;
    d.subjects = std::move(subjects);
    return publish(d);
  }
  // Three rugby stories, then two newer ones on the ECB.
  void publish_two_topics() {
    rugby1_ = story("urn:r:1", "Le XV de France domine l’Écosse",
                    "Les Bleus l’emportent 31 à 10 au Stade de France.", {kSport, kRugby},
                    "2026-11-20T08:00:00Z");
    rugby2_ = story("urn:r:2", "Toulouse renverse le Racing",
                    "Un essai à la dernière minute offre la victoire aux Toulousains.",
                    {kSport, kRugby}, "2026-11-20T09:00:00Z");
    rugby3_ = story("urn:r:3", "Blessure du demi de mêlée",
                    "Trois semaines d’absence pour le numéro neuf.", {kSport, kRugby},
                    "2026-11-20T10:00:00Z");
    bank1_ =
        story("urn:b:1", "La BCE laisse ses taux inchangés",
              "Francfort garde le taux de dépôt à 2 %.", {kEconomy, kBank}, "2026-11-21T08:00:00Z");
    bank2_ = story("urn:b:2", "Les marchés saluent la décision de Francfort",
                   "Les Bourses européennes progressent après la réunion.", {kEconomy, kBank},
                   "2026-11-21T09:00:00Z");
    reindex();
  }
  std::vector<std::int64_t> related_ids(std::int64_t id) {
    auto res = testing::http_get(port(), "/api/v1/articles/" + std::to_string(id) + "/related");
    EXPECT_EQ(res.status, 200u) << res.body;
    std::vector<std::int64_t> ids;
    if (res.status != 200u) return ids;
    Json body = Json::parse(res.body);
    for (const auto& item : body["items"]) ids.push_back(item["id"]);
    return ids;
  }

  std::int64_t rugby1_ = 0, rugby2_ = 0, rugby3_ = 0, bank1_ = 0, bank2_ = 0;
};

TEST_F(RelatedCardsSite, CardsStayOnTheStorysTopicRatherThanTheLatest) {
  publish_two_topics();
  auto ids = related_ids(rugby1_);
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(std::vector<std::int64_t>(ids.begin(), ids.begin() + 2),
            (std::vector<std::int64_t>{rugby3_, rugby2_}))
      << "the newest rugby story first: same subjects and rubrique, closer in time";
  for (auto id : ids) EXPECT_NE(id, rugby1_);
  auto moved = testing::http_get(port(), "/articles/" + std::to_string(rugby1_));
  ASSERT_EQ(moved.status, 301u);
  auto page = testing::http_get(port(), moved.header("Location"));
  ASSERT_EQ(page.status, 200u);
  auto cards = page.body.substr(page.body.find("id=\"related-title\""));
  EXPECT_NE(cards.find("Toulouse renverse le Racing"), std::string::npos);
  EXPECT_NE(cards.find("Blessure du demi de mêlée"), std::string::npos);
}

TEST_F(RelatedCardsSite, TheApiSaysWhyEachCardWasChosen) {
  publish_two_topics();
  auto res = testing::http_get(port(), "/api/v1/articles/" + std::to_string(bank1_) + "/related");
  ASSERT_EQ(res.status, 200u);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  auto items = Json::parse(res.body)["items"];
  ASSERT_FALSE(items.empty());
  const auto& first = items[0];
  EXPECT_EQ(first["id"], bank2_);
  EXPECT_GT(first["score"].get<double>(), 0.0);
  bool subjects = false, section = false;
  for (const auto& r : first["reasons"]) {
    if (r["kind"] == "subjects") {
      subjects = true;
      EXPECT_EQ(r["shared"].size(), 2u) << r.dump();
      EXPECT_GT(r["weight"].get<double>(), 0.0);
    }
    if (r["kind"] == "section") {
      section = true;
      EXPECT_EQ(r["section"], "economie");
    }
  }
  EXPECT_TRUE(subjects) << first.dump();
  EXPECT_TRUE(section) << first.dump();
}

TEST_F(RelatedCardsSite, AStoryWithFewerKinOffersFewerCardsNeverTheLatest) {
  publish_two_topics();
  // Only the sport subject ties it to the rugby stories; the ECB stories,
  // newer or not, share nothing with it.
  auto alone = story("urn:s:1", "Marathon : record battu à Berlin", "Un chrono historique.",
                     {{"medtop:20000822", "marathon"}, kSport}, "2026-11-22T08:00:00Z");
  reindex();
  auto res = testing::http_get(port(), "/api/v1/articles/" + std::to_string(alone) + "/related");
  ASSERT_EQ(res.status, 200u);
  auto items = Json::parse(res.body)["items"];
  ASSERT_EQ(items.size(), 3u) << "three sport stories, not a fourth card from the latest news";
  for (const auto& item : items) {
    EXPECT_EQ(item["section"], "sport") << item.dump();
    bool subjects = false;
    for (const auto& r : item["reasons"]) subjects = subjects || r["kind"] == "subjects";
    EXPECT_TRUE(subjects) << "each card says the subject it shares: " << item.dump();
  }
}

TEST_F(RelatedCardsSite, ShortStoriesOfThreeTopicsOnASmallSiteOnlyShowCardsOfTheirTopic) {
  // A dozen one-paragraph dispatches, no subjects: all in the fallback
  // rubrique, published a few hours apart. Only words tell the topics apart.
  struct Item {
    const char* topic;
    const char* headline;
    const char* body;
  };
  const Item items[] = {
      {"rugby", "Le XV de France domine l’Irlande au Stade de France",
       "Les Bleus ont battu l’Irlande 31 à 17 samedi soir au Stade de France, grâce à trois "
       "essais en seconde période."},
      {"rugby", "Tournoi des Six Nations : le sélectionneur dévoile sa liste",
       "Le sélectionneur du XV de France a retenu 42 joueurs pour le Tournoi des Six Nations, "
       "avec deux nouveaux piliers."},
      {"rugby", "Top 14 : Toulouse s’impose à Clermont",
       "Le Stade toulousain a gagné 24 à 19 à Clermont et reprend la tête du Top 14 ; "
       "l’ouvreur a marqué quatorze points."},
      {"rugby", "Blessé au genou, le capitaine du XV de France forfait",
       "Le capitaine du XV de France, touché au genou en Top 14, manquera la tournée, a "
       "annoncé la fédération de rugby."},
      {"bce", "La BCE maintient ses taux directeurs inchangés",
       "La Banque centrale européenne a laissé ses taux directeurs inchangés, l’inflation de la "
       "zone euro revenant vers 2 %."},
      {"bce", "Inflation : la zone euro ralentit à 2,1 % en novembre",
       "Les prix ont progressé de 2,1 % sur un an dans la zone euro, ce qui conforte la Banque "
       "centrale européenne dans sa pause."},
      {"bce", "Les marchés parient sur une baisse des taux de la BCE",
       "Les investisseurs anticipent une baisse des taux de la Banque centrale européenne au "
       "printemps, l’inflation ralentissant."},
      {"bce", "Un gouverneur de la BCE plaide pour la prudence",
       "Un membre du conseil de la Banque centrale européenne appelle à ne pas baisser les taux "
       "trop vite, l’inflation des services restant élevée."},
      {"feux", "Incendie dans le Var : 600 hectares brûlés",
       "Un incendie a parcouru 600 hectares de forêt dans le Var ; 800 pompiers et des Canadair "
       "luttent contre le feu."},
      {"feux", "Feux de forêt : l’Aude en alerte rouge",
       "La préfecture de l’Aude interdit l’accès aux massifs forestiers, le risque d’incendie "
       "étant très élevé avec la sécheresse."},
      {"feux", "Le feu de Gironde fixé après quatre jours",
       "Les pompiers ont fixé l’incendie qui ravageait la forêt des Landes de Gironde ; 2 000 "
       "hectares de pins ont brûlé."},
      {"feux", "Incendies : les pompiers réclament plus de Canadair",
       "Les sapeurs-pompiers demandent davantage de Canadair face à la multiplication des feux "
       "de forêt et des incendies."},
  };
  std::map<std::int64_t, std::string> topic;
  int hour = 0;
  for (const auto& item : items) {
    char when[32];
    std::snprintf(when, sizeof when, "2026-11-20T%02d:00:00Z", hour++);
    auto id =
        story(std::string("urn:small:") + std::to_string(hour), item.headline, item.body, {}, when);
    topic[id] = item.topic;
  }
  reindex();
  std::size_t cards = 0;
  for (const auto& [id, mine] : topic) {
    auto ids = related_ids(id);
    // Two of the rugby stories share no word (a squad announced, a club
    // match): without subjects nothing ties them, and no card is better
    // than one from another topic.
    EXPECT_GE(ids.size(), 2u) << "article " << id;
    EXPECT_LE(ids.size(), 3u) << "article " << id << ": only stories of its own topic";
    for (auto other : ids) {
      EXPECT_EQ(topic[other], mine) << "article " << id << " shows " << other;
      ++cards;
    }
  }
  EXPECT_GE(cards, 34u);
}

TEST_F(RelatedCardsSite, AStoryOnlySharingTheRubriqueIsNoCard) {
  // Neither words nor subjects in common: both land in the fallback
  // rubrique, which says nothing about their topics.
  auto fire =
      story("urn:f:1", "Incendie dans le Var : des campings évacués",
            "Six cents hectares de pinède ont brûlé près de Fréjus.", {}, "2026-11-20T08:00:00Z");
  auto vote = story("urn:v:1", "Municipales : le maire sortant réélu à Lille",
                    "Le scrutin a mobilisé les électeurs du Nord.", {}, "2026-11-20T09:00:00Z");
  reindex();
  for (auto id : {fire, vote}) {
    auto res = testing::http_get(port(), "/api/v1/articles/" + std::to_string(id) + "/related");
    ASSERT_EQ(res.status, 200u);
    EXPECT_TRUE(Json::parse(res.body)["items"].empty()) << res.body;
    auto moved = testing::http_get(port(), "/articles/" + std::to_string(id));
    ASSERT_EQ(moved.status, 301u);
    auto page = testing::http_get(port(), moved.header("Location"));
    ASSERT_EQ(page.status, 200u);
    EXPECT_EQ(page.body.find("id=\"related-title\""), std::string::npos)
        << "no « À lire aussi » heading over nothing";
  }
}

TEST_F(RelatedCardsSite, APageServedBeforeTheIndexHasTheStoryIsNotKeptWithoutItsCards) {
  publish_two_topics();
  auto later = story("urn:r:4", "Le XV de France prépare le Tournoi au Stade de France",
                     "Les Bleus retrouvent le Stade de France pour leur premier match.",
                     {kSport, kRugby}, "2026-11-22T08:00:00Z");
  auto moved = testing::http_get(port(), "/articles/" + std::to_string(later));
  ASSERT_EQ(moved.status, 301u);
  auto before = testing::http_get(port(), moved.header("Location"));
  ASSERT_EQ(before.status, 200u);
  EXPECT_EQ(before.body.find("id=\"related-title\""), std::string::npos)
      << "not indexed yet: no cards to show";
  reindex();
  auto after = testing::http_get(port(), moved.header("Location"));
  ASSERT_EQ(after.status, 200u);
  auto cards = after.body.find("id=\"related-title\"");
  ASSERT_NE(cards, std::string::npos) << "the page without cards was not kept";
  EXPECT_NE(after.body.find("Le XV de France domine l’Écosse", cards), std::string::npos);
}

TEST_F(RelatedCardsSite, WithdrawnStoriesHaveNoCardsAndLeaveOthersCards) {
  publish_two_topics();
  ASSERT_EQ(related_ids(bank1_).front(), bank2_);
  EXPECT_EQ(testing::http_get(port(), "/api/v1/articles/999/related").status, 404u);
  EXPECT_EQ(testing::http_get(port(), "/api/v1/articles/abc/related").status, 404u);
  Dispatch kill = sample_dispatch("urn:b:2", 2, "Retrait", "2026-11-21T09:00:00Z");
  kill.status = WireStatus::withdrawn;
  ASSERT_TRUE(publisher_->publish(kill).ok());
  reindex();
  auto gone = testing::http_get(port(), "/api/v1/articles/" + std::to_string(bank2_) + "/related");
  EXPECT_EQ(gone.status, 410u);
  EXPECT_EQ(Json::parse(gone.body)["error"]["code"], "gone");
  auto res = testing::http_get(port(), "/api/v1/articles/" + std::to_string(bank1_) + "/related");
  EXPECT_TRUE(Json::parse(res.body)["items"].empty())
      << "the only story on its topic left, and the rugby stories are not on it: " << res.body;
}

}  // namespace
}  // namespace depeche::web
