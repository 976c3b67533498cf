// One event, several agencies: near-duplicates cluster, other events of the
// same topic do not, and the lists show each cluster once.

#include "articles/clusters.h"

#include "articles/cluster_words.h"

#include <gtest/gtest.h>

#include "articles/publisher.h"
#include "support/events.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche::articles {
namespace {

using namespace depeche::testing;

class Clusters : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    publisher_.reset();
    store_.reset();
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    publisher_ = std::make_unique<Publisher>(store_->articles());
  }
  std::int64_t publish(const Dispatch& d) {
    auto r = publisher_->publish(d);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->article_id : 0;
  }
  store::Article article(std::int64_t id) { return **store_->articles().by_id(id); }
  std::int64_t cluster_of(std::int64_t id) { return article(id).cluster_id; }
  std::vector<std::int64_t> members(std::int64_t cluster) {
    std::vector<std::int64_t> ids;
    auto found = store_->articles().cluster_members(cluster);
    EXPECT_TRUE(found.ok());
    if (found) {
      for (const auto& a : *found) ids.push_back(a.id);
    }
    return ids;
  }
  store::ArticleList leads(int limit, std::optional<store::ListCursor> before = {},
                           std::string section = "") {
    store::ListQuery q;
    q.limit = limit;
    q.before = before;
    q.section = std::move(section);
    q.one_per_cluster = true;
    auto list = store_->articles().latest(q);
    EXPECT_TRUE(list.ok());
    return list ? *list : store::ArticleList{};
  }
  std::vector<std::int64_t> ids_of(const store::ArticleList& l) {
    std::vector<std::int64_t> ids;
    for (const auto& a : l.items) ids.push_back(a.id);
    return ids;
  }

  TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Publisher> publisher_;
};

TEST(ClusterSignal, AgenciesOnOneEventScoreAboveOtherEventsOfTheirTopic) {
  auto score = [](const Dispatch& a, const Dispatch& b) {
    return similarity(fingerprint(a).features, fingerprint(b).features).jaccard;
  };
  double quake_low = std::min({score(quake_afp(), quake_reuters()), score(quake_afp(), quake_ap()),
                               score(quake_reuters(), quake_ap())});
  double ecb = score(ecb_afp(), ecb_dpa());
  double rugby = score(rugby_toulouse(), rugby_clermont());
  double fires = score(fire_landes(), fire_var());
  EXPECT_GE(quake_low, kSameEventScore);
  EXPECT_GE(ecb, kSameEventScore);
  EXPECT_LT(rugby, kSameEventScore);
  EXPECT_LT(fires, kSameEventScore);
  EXPECT_TRUE(same_event(fingerprint(quake_ap()), fingerprint(quake_afp())));
  EXPECT_FALSE(same_event(fingerprint(rugby_toulouse()), fingerprint(rugby_clermont())));
  RecordProperty("quake_low", std::to_string(quake_low));
  std::cout << "quake " << quake_low << " ecb " << ecb << " rugby " << rugby << " fires " << fires
            << " later " << score(quake_afp(), quake_rebuilding()) << "\n";
}

TEST(ClusterSignal, FeaturesSurviveTheirTextForm) {
  auto fp = fingerprint(quake_afp());
  ASSERT_FALSE(fp.features.empty());
  EXPECT_EQ(features_from_text(features_text(fp.features)), fp.features);
  EXPECT_EQ(fp.keys.size(), static_cast<std::size_t>(kBands));
  // Folding: accents and case do not make another word.
  auto plain = quake_afp();
  plain.headline = "TURQUIE : UN SEISME DE MAGNITUDE 6,4 FAIT AU MOINS 37 MORTS DANS LA PROVINCE";
  EXPECT_GT(similarity(fingerprint(plain).features, fp.features).common, 20u);
}

// What content_words() made of `text`, as "word" or "#number".
std::vector<std::string> read_words(std::string_view text) {
  std::vector<std::string> out;
  for (auto& w : content_words(text, false, 100)) {
    out.push_back((w.kind == WordKind::number ? "#" : "") + w.text);
  }
  return out;
}

TEST(ClusterSignal, NumbersSpelledOutInFrenchReadAsTheirDigits) {
  using V = std::vector<std::string>;
  EXPECT_EQ(read_words("douze morts"), (V{"#12", "mort"}));
  EXPECT_EQ(read_words("dix-sept blessés, soixante-douze évacués"),
            (V{"#17", "bless", "#72", "evacu"}));
  EXPECT_EQ(read_words("quatre-vingt-dix-neuf maisons"), (V{"#99", "maison"}));
  EXPECT_EQ(read_words("deux cents pompiers et trois mille hectares"),
            (V{"#200", "pompier", "#3000", "hectar"}));
  EXPECT_EQ(read_words("vingt et un députés"), (V{"#21", "deput"}));
  EXPECT_EQ(read_words("soixante et onze ans"), (V{"#71"}));
  EXPECT_EQ(read_words("entre dix et quinze victimes"), (V{"#10", "#15", "victim"}));
  EXPECT_EQ(read_words("vingt. Un pont"), (V{"#20", "pont"})) << "a sentence ends a number";
  // Small numbers stay words, as every story holds them; "un" stays the
  // article, "neuf" may be new.
  EXPECT_EQ(read_words("trois blessés dans un pont neuf"), (V{"bless", "pont", "neuf"}));
  // A run of number words no agency writes is cut into bounded numbers.
  std::string run;
  for (int i = 0; i < 1000; ++i) run += i % 2 ? "cent " : "mille-";
  auto words = content_words(run, false, 100);
  EXPECT_LE(words.size(), 100u);
  for (const auto& w : words) EXPECT_LE(w.text.size(), 20u) << w.text;
}

TEST(ClusterSignal, AnAgencyWritingTheTollInWordsMeetsOneWritingItInDigits) {
  Dispatch words;
  words.headline = "Espagne : au moins douze morts dans des inondations à Valence";
  words.body_html =
      "<p>VALENCE (AFP) - Au moins douze personnes ont péri dans les inondations provoquées "
      "par des pluies torrentielles dans la région de Valence, ont annoncé les secours. "
      "Plusieurs villages sont coupés du monde et l’armée a été déployée.</p>";
  Dispatch digits;
  digits.headline = "Inondations meurtrières dans la région de Valence, 12 morts";
  digits.body_html =
      "<p>MADRID (Reuters) - Des pluies diluviennes ont fait au moins 12 morts dans la région "
      "de Valence, selon les secours espagnols, qui recherchaient plusieurs disparus. Le "
      "gouvernement a dépêché l’armée dans les villages isolés par les eaux.</p>";
  EXPECT_TRUE(same_event(fingerprint(words), fingerprint(digits)));
}

TEST_P(Clusters, ThreeAgenciesOnOneEarthquakeShareOneCluster) {
  auto afp = publish(quake_afp());
  auto reuters = publish(quake_reuters());
  auto ap = publish(quake_ap());
  ASSERT_NE(cluster_of(afp), 0);
  EXPECT_EQ(cluster_of(reuters), cluster_of(afp));
  EXPECT_EQ(cluster_of(ap), cluster_of(afp));
  EXPECT_EQ(members(cluster_of(afp)), (std::vector<std::int64_t>{afp, reuters, ap}));
}

TEST_P(Clusters, TwoRugbyMatchesOfOneDayStayApart) {
  auto toulouse = publish(rugby_toulouse());
  auto clermont = publish(rugby_clermont());
  EXPECT_EQ(cluster_of(toulouse), 0);
  EXPECT_EQ(cluster_of(clermont), 0);
}

TEST_P(Clusters, TwoDifferentFiresStayApart) {
  auto landes = publish(fire_landes());
  auto var = publish(fire_var());
  EXPECT_EQ(cluster_of(landes), 0);
  EXPECT_EQ(cluster_of(var), 0);
}

TEST_P(Clusters, StoryFiveDaysLaterAboutTheSamePlaceStaysApart) {
  auto afp = publish(quake_afp());
  auto reuters = publish(quake_reuters());
  auto later = publish(quake_rebuilding());
  EXPECT_NE(cluster_of(afp), 0);
  EXPECT_EQ(cluster_of(reuters), cluster_of(afp));
  EXPECT_EQ(cluster_of(later), 0);
  // The same text within the window would have joined: the window decides.
  auto near = quake_rebuilding();
  near.guid = "urn:test:quake:near";
  near.first_created = quake_afp().first_created + std::chrono::hours(20);
  EXPECT_EQ(cluster_of(publish(near)), cluster_of(afp));
}

TEST_P(Clusters, CentralBankDecisionByTwoAgenciesClusters) {
  auto afp = publish(ecb_afp());
  auto dpa = publish(ecb_dpa());
  EXPECT_NE(cluster_of(afp), 0);
  EXPECT_EQ(cluster_of(dpa), cluster_of(afp));
}

TEST_P(Clusters, ListsShowEachClusterOnceWithExactCountsAndPages) {
  auto toulouse = publish(rugby_toulouse());
  auto afp = publish(quake_afp());
  auto reuters = publish(quake_reuters());
  auto ap = publish(quake_ap());
  auto dpa = publish(ecb_dpa());
  auto ecb = publish(ecb_afp());  // published earlier than dpa's: it leads
  auto all = leads(10);
  EXPECT_EQ(all.total, 3);
  EXPECT_EQ(ids_of(all), (std::vector<std::int64_t>{afp, toulouse, ecb}));
  // Page by page: nothing lost, nothing twice.
  auto first = leads(2);
  EXPECT_EQ(ids_of(first), (std::vector<std::int64_t>{afp, toulouse}));
  ASSERT_TRUE(first.next);
  auto second = leads(2, first.next);
  EXPECT_EQ(ids_of(second), (std::vector<std::int64_t>{ecb}));
  EXPECT_FALSE(second.next);
  // The machine lists keep every dispatch.
  auto every = store_->articles().latest({.limit = 10});
  EXPECT_EQ(every->total, 6);
  (void)reuters, (void)ap, (void)dpa;
}

TEST_P(Clusters, WithdrawnLeadHandsOverToTheNextMember) {
  auto afp = publish(quake_afp());
  auto reuters = publish(quake_reuters());
  auto ap = publish(quake_ap());
  auto cluster = cluster_of(afp);
  auto kill = quake_afp();
  kill.version = 2;
  kill.status = WireStatus::withdrawn;
  publish(kill);
  EXPECT_EQ(cluster_of(afp), 0);
  EXPECT_EQ(members(cluster), (std::vector<std::int64_t>{reuters, ap}));
  auto list = leads(10);
  EXPECT_EQ(ids_of(list), (std::vector<std::int64_t>{reuters}));
  EXPECT_EQ(list.total, 1);
  // One of two left: the cluster dissolves, the last one stands alone.
  auto kill_reuters = quake_reuters();
  kill_reuters.version = 2;
  kill_reuters.status = WireStatus::withdrawn;
  publish(kill_reuters);
  EXPECT_EQ(cluster_of(ap), 0);
  EXPECT_EQ(ids_of(leads(10)), (std::vector<std::int64_t>{ap}));
  EXPECT_EQ(leads(10).total, 1);
}

TEST_P(Clusters, CorrectionKeepsItsPlaceAndRewrittenTextLeaves) {
  auto afp = publish(quake_afp());
  auto reuters = publish(quake_reuters());
  auto cluster = cluster_of(afp);
  auto corrected = quake_reuters();
  corrected.version = 2;
  corrected.correction = true;
  corrected.headline = "Séisme meurtrier dans l’est de la Turquie, au moins 39 morts à Malatya";
  publish(corrected);
  EXPECT_EQ(cluster_of(reuters), cluster);
  auto rewritten = rugby_clermont();
  rewritten.guid = quake_reuters().guid;
  rewritten.version = 3;
  publish(rewritten);
  EXPECT_EQ(cluster_of(reuters), 0);
  EXPECT_EQ(cluster_of(afp), 0);  // dissolved: one member left
}

TEST_P(Clusters, MembershipIsKeptAcrossRestarts) {
  auto afp = publish(quake_afp());
  reopen();
  auto reuters = publish(quake_reuters());
  reopen();
  EXPECT_NE(cluster_of(afp), 0);
  EXPECT_EQ(cluster_of(reuters), cluster_of(afp));
  EXPECT_EQ(leads(10).total, 1);
}

TEST_P(Clusters, BatchRolledBackLeavesNoHalfCluster) {
  auto afp = publish(quake_afp());
  {
    auto batch = publisher_->begin_batch();
    ASSERT_TRUE(batch.ok());
    ASSERT_TRUE(batch->publish(quake_reuters()).ok());
    // Destroyed without commit: undone, its cluster with it.
  }
  EXPECT_EQ(cluster_of(afp), 0);
  EXPECT_EQ(leads(10).total, 1);
  auto ap = publish(quake_ap());
  EXPECT_EQ(cluster_of(ap), cluster_of(afp));
  EXPECT_NE(cluster_of(afp), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Clusters, ::testing::ValuesIn(store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche::articles
