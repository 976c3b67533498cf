#include "search/related.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "search/sync.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche::search {
namespace {

using Ids = std::vector<std::int64_t>;

bool has(const Ids& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class RelatedCardsTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    auto index = Index::in_memory();
    ASSERT_TRUE(index.ok()) << index.error().message;
    index_ = std::move(index).value();
  }

  store::ArticleStore& articles() { return store_->articles(); }

  Dispatch dispatch(const std::string& guid, std::uint64_t version, std::string headline,
                    std::string body_html) {
    auto d = testing::sample_dispatch(guid, version, std::move(headline));
    d.body_html = std::move(body_html);
    d.description.clear();
    return d;
  }
  std::int64_t insert(const std::string& guid, std::string headline, std::string body) {
    auto tx = articles().begin();
    EXPECT_TRUE(tx.ok());
    auto d = dispatch(guid, 1, std::move(headline), std::move(body));
    auto id = (*tx)->insert(d, "slug-" + guid, store::ArticleStatus::published);
    EXPECT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE((*tx)->commit().ok());
    return id.ok() ? *id : 0;
  }
  void withdraw(std::int64_t id, const std::string& guid) {
    auto kill = dispatch(guid, 99, "Dépêche retirée", "<p>Retirée.</p>");
    kill.status = WireStatus::withdrawn;
    auto tx = articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->replace(id, kill, store::ArticleStatus::withdrawn).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  void sync(RelatedCards* related) {
    auto r = catch_up(articles(), *index_, related);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  static Ids lookup(RelatedCards& cards, std::int64_t id) {
    auto r = cards.lookup(id);
    EXPECT_TRUE(r.ok()) << r.error().message;
    Ids ids;
    if (r.ok()) {
      for (const auto& m : *r) ids.push_back(m.id);
    }
    return ids;
  }
  // A story filed under `section` with `subjects`, published `hours` after
  // the first.
  std::int64_t file(const std::string& guid, std::string headline, std::string body,
                    const std::string& section, std::vector<Subject> subjects, int hours = 0) {
    auto tx = articles().begin();
    EXPECT_TRUE(tx.ok());
    auto d = dispatch(guid, 1, std::move(headline), std::move(body));
    d.subjects = std::move(subjects);
    d.first_created += std::chrono::hours(hours);
    d.version_created = d.first_created;
    auto id = (*tx)->insert(d, "slug-" + guid, store::ArticleStatus::published, section);
    EXPECT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE((*tx)->commit().ok());
    return id.ok() ? *id : 0;
  }

  // Three stories on the grape harvest, one on football, one on the weather.
  struct Stories {
    std::int64_t harvest1, harvest2, harvest3, football, storm;
  };
  Stories publish_stories() {
    return {insert("urn:v:1", "Vendanges précoces en Bourgogne",
                   "<p>Les vignerons de Bourgogne vendangent le raisin dès août, "
                   "la vigne ayant souffert de la chaleur.</p>"),
            insert("urn:v:2", "Vendanges : le raisin manque en Champagne",
                   "<p>Les vignerons de Champagne récoltent peu de raisin, "
                   "la vigne a gelé au printemps.</p>"),
            insert("urn:v:3", "Le Beaujolais commence ses vendanges",
                   "<p>Dans le Beaujolais, les vignerons cueillent le raisin "
                   "à la main sur les coteaux de la vigne.</p>"),
            insert("urn:f:1", "Le club lyonnais gagne le derby",
                   "<p>Les footballeurs lyonnais battent Saint-Étienne au stade, "
                   "deux buts à zéro devant leurs supporteurs.</p>"),
            insert("urn:m:1", "Orages attendus dans le Rhône",
                   "<p>Météo-France place le Rhône en vigilance orange "
                   "pour des orages de grêle.</p>")};
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Index> index_;
};

TEST_P(RelatedCardsTest, CardsAreServedWithoutRecomputationAfterTheFirstView) {
  auto s = publish_stories();
  sync(nullptr);  // the cards know nothing yet: the first view computes
  RelatedCards cards(*index_);
  Ids first = lookup(cards, s.harvest1);
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(has(first, s.harvest2) || has(first, s.harvest3));
  EXPECT_EQ(cards.stats().computed_on_view, 1u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(lookup(cards, s.harvest1), first);
  EXPECT_EQ(cards.stats().computed_on_view, 1u);
  EXPECT_EQ(cards.stats().served, 5u);
  EXPECT_EQ(cards.stats().entries, 1u);
}

TEST_P(RelatedCardsTest, ConcurrentFirstViewsComputeTheListOnce) {
  auto s = publish_stories();
  sync(nullptr);
  RelatedCards cards(*index_);
  constexpr int kReaders = 8;
  std::vector<Ids> seen(kReaders);
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&, i] { seen[i] = lookup(cards, s.harvest2); });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(cards.stats().computed_on_view, 1u);
  for (const auto& ids : seen) EXPECT_EQ(ids, seen.front());
}

TEST_P(RelatedCardsTest, SyncerPassPrecomputesTheListsOfNewStories) {
  auto s = publish_stories();
  RelatedCards cards(*index_);
  sync(&cards);
  EXPECT_GE(cards.stats().refreshed, 5u);
  EXPECT_TRUE(has(lookup(cards, s.harvest3), s.harvest1));
  EXPECT_EQ(cards.stats().computed_on_view, 0u);
}

TEST_P(RelatedCardsTest, NewStoryOnTheSameTopicJoinsAnOlderStorysCardsAfterTheSyncersPass) {
  auto s = publish_stories();
  RelatedCards cards(*index_);
  sync(&cards);
  ASSERT_FALSE(lookup(cards, s.harvest1).empty());
  auto later = insert("urn:v:4", "Les vignerons d’Alsace terminent les vendanges",
                      "<p>En Alsace, les vignerons rentrent le raisin : "
                      "la vigne a donné peu, mais le raisin est sain.</p>");
  SearchSyncer syncer(
      articles(), *index_, [](const std::string& line) { ADD_FAILURE() << line; },
      std::chrono::hours(1), &cards);
  ASSERT_TRUE(syncer.sync_now().ok());
  Ids now = lookup(cards, s.harvest1);
  EXPECT_TRUE(has(now, later));
  EXPECT_FALSE(has(now, s.harvest1));
  EXPECT_FALSE(has(lookup(cards, later), later));
  EXPECT_EQ(cards.stats().computed_on_view, 0u);  // both were computed by the pass
}

TEST_P(RelatedCardsTest, WithdrawnStoryLeavesTheCards) {
  auto s = publish_stories();
  RelatedCards cards(*index_);
  sync(&cards);
  ASSERT_TRUE(has(lookup(cards, s.harvest1), s.harvest2));
  withdraw(s.harvest2, "urn:v:2");
  sync(&cards);
  EXPECT_FALSE(has(lookup(cards, s.harvest1), s.harvest2));
  EXPECT_TRUE(has(lookup(cards, s.harvest1), s.harvest3));
  EXPECT_EQ(lookup(cards, s.harvest2), Ids{});  // no longer indexed: nothing related
}

TEST_P(RelatedCardsTest, NeverTheStoryItself) {
  auto s = publish_stories();
  RelatedCards cards(*index_);
  sync(&cards);
  for (auto id : {s.harvest1, s.harvest2, s.harvest3, s.football, s.storm}) {
    Ids ids = lookup(cards, id);
    EXPECT_FALSE(has(ids, id)) << id;
    EXPECT_LE(ids.size(), static_cast<std::size_t>(kRelatedListLength));
  }
}

TEST_P(RelatedCardsTest, KeepsAtMostItsLimitAndDropsTheLeastRecentlyRead) {
  constexpr std::size_t kLimit = 2 * kRelatedShards;
  constexpr int kStories = 100;
  Ids stories;
  {
    auto tx = articles().begin();
    ASSERT_TRUE(tx.ok());
    for (int i = 0; i < kStories; ++i) {
      // Stories go by pairs, each pair sharing a made-up grape variety.
      auto n = std::to_string(i);
      std::string variety = {'c', 'e', 'p', static_cast<char>('a' + i / 2 % 26),
                             static_cast<char>('a' + i / 52)};
      auto d = dispatch("urn:b:" + n, 1, "Récolte numéro " + n,
                        "<p>Les vignerons récoltent le " + variety + " de la parcelle.</p>");
      auto id = (*tx)->insert(d, "s" + n, store::ArticleStatus::published);
      ASSERT_TRUE(id.ok());
      stories.push_back(*id);
    }
    ASSERT_TRUE((*tx)->commit().ok());
  }
  sync(nullptr);
  RelatedCards cards(*index_, kLimit);
  for (auto id : stories) {
    Ids ids = lookup(cards, id);
    EXPECT_FALSE(ids.empty()) << id;
    EXPECT_FALSE(has(ids, id)) << id;
    EXPECT_LE(cards.stats().entries, kLimit);
  }
  auto stats = cards.stats();
  EXPECT_EQ(stats.entries, kLimit);
  EXPECT_EQ(stats.max_entries, kLimit);
  EXPECT_EQ(stats.evicted, kStories - kLimit);
  // The last one read is still kept; the first one read was dropped.
  lookup(cards, stories.back());
  lookup(cards, stories.front());
  EXPECT_EQ(cards.stats().computed_on_view, kStories + 1u);
}

// Issue 12: on a dozen short stories in three topics, the cards of two
// topics out of three were the latest stories, as "more like this" found
// nothing. Shared subjects and the rubrique now find the topic's stories
// even when they share few words.
TEST_P(RelatedCardsTest, OnASmallSiteEveryCardStaysOnItsTopic) {
  const Subject rugby{"medtop:20001065", "rugby à XV"}, sport{"medtop:15000000", "sport"};
  const Subject bank{"medtop:20000379", "banque centrale"}, economy{"medtop:04000000", "économie"};
  const Subject fire{"medtop:20000148", "incendie"}, disaster{"medtop:03000000", "catastrophe"};
  std::map<std::int64_t, int> topic;
  int hour = 0;
  auto add = [&](int t, const std::string& guid, const std::string& headline,
                 const std::string& body) {
    static const char* kSections[] = {"sport", "economie", "france"};
    std::vector<Subject> subjects = t == 0   ? std::vector<Subject>{sport, rugby}
                                    : t == 1 ? std::vector<Subject>{economy, bank}
                                             : std::vector<Subject>{disaster, fire};
    topic[file(guid, headline, "<p>" + body + "</p>", kSections[t], subjects, hour++)] = t;
  };
  add(0, "r1", "Le XV de France domine l’Écosse", "Les Bleus l’emportent 31 à 10 à Saint-Denis.");
  add(1, "b1", "La BCE laisse ses taux inchangés", "Francfort garde le taux de dépôt à 2 %.");
  add(2, "f1", "Feu de forêt dans les Landes", "Quatre cents hectares de pins ont brûlé.");
  add(0, "r2", "Toulouse renverse le Racing", "Un essai à la dernière minute offre la victoire.");
  add(1, "b2", "Christine Lagarde prudente sur l’inflation",
      "La présidente juge la hausse des prix maîtrisée.");
  add(2, "f2", "Les pompiers fixent l’incendie du Var",
      "Mille hectares de garrigue parcourus par les flammes.");
  add(0, "r3", "Le Tournoi des Six Nations dévoile son calendrier",
      "Ouverture à Cardiff en février.");
  add(1, "b3", "Les marchés saluent la décision de Francfort",
      "Les Bourses européennes progressent.");
  add(2, "f3", "Canadair mobilisés en Corse", "Les bombardiers d’eau survolent le maquis.");
  add(0, "r4", "Blessure du demi de mêlée toulousain",
      "Trois semaines d’absence pour le numéro neuf.");
  add(1, "b4", "Crédit immobilier : les banques suivent la BCE",
      "Les taux des prêts se stabilisent.");
  add(2, "f4", "Sécheresse et vent : risque d’incendie maximal",
      "Les préfets interdisent les barbecues en forêt.");
  RelatedCards cards(*index_);
  sync(&cards);
  int slots = 0, on_topic = 0;
  for (const auto& [id, t] : topic) {
    Ids ids = lookup(cards, id);
    ids.resize(std::min<std::size_t>(ids.size(), 3));  // the topic's three other stories
    EXPECT_EQ(ids.size(), 3u) << id;
    for (auto r : ids) {
      ++slots;
      on_topic += topic[r] == t ? 1 : 0;
      EXPECT_EQ(topic[r], t) << "story " << id << " offered " << r;
    }
  }
  EXPECT_EQ(on_topic, slots);
}

TEST_P(RelatedCardsTest, EachCardSaysWhyItWasChosen) {
  const Subject rugby{"medtop:20001065", "rugby à XV"};
  auto a =
      file("w1", "Le XV de France domine l’Écosse", "<p>Victoire des Bleus.</p>", "sport", {rugby});
  auto b =
      file("w2", "Toulouse renverse le Racing", "<p>Un essai tardif.</p>", "sport", {rugby}, 2);
  auto c = file("w3", "La BCE laisse ses taux inchangés", "<p>Francfort décide.</p>", "economie",
                {{"medtop:20000379", "banque centrale"}}, 1);
  sync(nullptr);
  auto matches = index_->related_matches(a, 8);
  ASSERT_TRUE(matches.ok()) << matches.error().message;
  ASSERT_EQ(matches->size(), 1u) << "the ECB story has no tie to a rugby match";
  const RelatedMatch& m = matches->front();
  EXPECT_EQ(m.id, b);
  EXPECT_TRUE(m.same_section);
  EXPECT_GT(m.subjects, 0.9F) << "only these two stories share the subject";
  EXPECT_FLOAT_EQ(m.recency, std::exp2(-2.0F / (24 * 7)));
  EXPECT_NEAR(m.score,
              kRelatedWeights.text * m.text + kRelatedWeights.subjects * m.subjects +
                  kRelatedWeights.section + kRelatedWeights.recency * m.recency,
              1e-6);
  EXPECT_NE(c, 0);
}

TEST_P(RelatedCardsTest, SharedWordsMakeACardASharedRubriqueAloneDoesNot) {
  auto harvest =
      file("h1", "Vendanges précoces en Bourgogne",
           "<p>Les vignerons de Bourgogne vendangent le raisin dès août.</p>", "france", {});
  auto same_words =
      file("h2", "Vendanges en Champagne",
           "<p>Les vignerons de Champagne vendangent un raisin rare.</p>", "economie", {}, 48);
  file("h3", "Orages attendus dans le Rhône", "<p>Vigilance orange pour la grêle.</p>", "france",
       {}, 1);
  sync(nullptr);
  auto matches = index_->related_matches(harvest, 8);
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 1u) << "the storm warning shares the rubrique, not the topic";
  EXPECT_EQ((*matches)[0].id, same_words);
  EXPECT_GT((*matches)[0].text, 0.0F);
  EXPECT_FALSE((*matches)[0].same_section);
}

INSTANTIATE_TEST_SUITE_P(Backends, RelatedCardsTest, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche::search
