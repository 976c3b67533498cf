#include "articles/sections.h"

#include <gtest/gtest.h>

#include "articles/publisher.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche::articles {
namespace {

using testing::sample_dispatch;

Dispatch with_subjects(std::vector<Subject> subjects) {
  auto d = sample_dispatch("urn:s:1", 1);
  d.subjects = std::move(subjects);
  return d;
}

TEST(Sections, MediaTopicsFileUnderTheirRubrique) {
  auto s = Sections::defaults();
  EXPECT_EQ(s.classify(with_subjects({{"medtop:15000000", "sport"}})), "sport");
  EXPECT_EQ(s.classify(with_subjects({{"medtop:04000000", ""}})), "economie");
  EXPECT_EQ(s.classify(with_subjects({{"medtop:07000000", ""}})), "sante");
  EXPECT_EQ(s.classify(with_subjects({{"medtop:16000000", ""}})), "monde");
  EXPECT_EQ(s.classify(with_subjects({{"MEDTOP:01000000", ""}})), "culture");
}

// Issue 12: IPTC's own French name of medtop:04000000 holds « entreprise »,
// which filed every economy story under Entreprises.
TEST(Sections, TopLevelMediaTopicsFileByTheirCodeWhateverTheirName) {
  auto s = Sections::defaults();
  EXPECT_EQ(s.classify(with_subjects(
                {{"medtop:04000000", "économie, économie d'entreprise et finance"}})),
            "economie");
  EXPECT_EQ(s.classify(with_subjects({{"medtop:04000000", "economy, business and finance"}})),
            "economie");
  EXPECT_EQ(s.classify(with_subjects({{"medtop:20000170", "entreprise"}})), "entreprises")
      << "a finer topic's name still counts";
}

TEST(Sections, OlderSubjectCodesAreMatchedByTheirTopLevel) {
  auto s = Sections::defaults();
  EXPECT_EQ(s.classify(with_subjects({{"subj:15008000", ""}})), "sport");
  EXPECT_EQ(s.classify(with_subjects({{"iptc:13000000", ""}})), "sciences");
  // Finer rubriques win over their parent: market and exchange is Marchés.
  EXPECT_EQ(s.classify(with_subjects({{"subj:04009001", ""}})), "marches");
  EXPECT_EQ(s.classify(with_subjects({{"subj:04008024", ""}})), "economie");
}

TEST(Sections, NamesMatchAsWholeWordsWithoutCaseOrAccents) {
  auto s = Sections::defaults();
  EXPECT_EQ(s.classify(with_subjects({{"category:x", "Marchés financiers européens"}})), "marches");
  EXPECT_EQ(s.classify(with_subjects({{"keyword:y", "SANTÉ publique"}})), "sante");
  // "sport" inside "transport" is not the word sport.
  EXPECT_EQ(s.classify(with_subjects({{"keyword:z", "transport public"}})), "france");
  EXPECT_EQ(s.classify(with_subjects({{"keyword:z", "Cœur de métier"}})), "france");
}

TEST(Sections, TheFirstSubjectThatMatchesDecides) {
  auto s = Sections::defaults();
  EXPECT_EQ(s.classify(with_subjects({{"keyword:a", "rien"},
                                      {"medtop:15000000", "sport"},
                                      {"medtop:04000000", "économie"}})),
            "sport");
  // A politics code named as diplomacy files under Monde, tried before France.
  EXPECT_EQ(s.classify(with_subjects({{"medtop:11000000", "relations internationales"}})), "monde");
}

TEST(Sections, IptcUrisAreReadAsCodes) {
  auto s = Sections::defaults();
  EXPECT_EQ(s.classify(with_subjects({{"http://cv.iptc.org/newscodes/mediatopic/15000000", ""}})),
            "sport");
  EXPECT_EQ(s.classify(with_subjects({{"http://agency.example/spec/subref/1.0/07001000", ""}})),
            "sante");
}

TEST(Sections, ForeignLanguageNewsGoesAbroadUnlessItsRubriqueIsNotNational) {
  auto s = Sections::defaults();
  auto politics = with_subjects({{"medtop:11000000", "politics"}});
  politics.language = "en-GB";
  EXPECT_EQ(s.classify(politics), "monde");
  auto nothing = with_subjects({});
  nothing.language = "de";
  EXPECT_EQ(s.classify(nothing), "monde");
  auto sport = with_subjects({{"medtop:15000000", ""}});
  sport.language = "en";
  EXPECT_EQ(s.classify(sport), "sport");
  politics.language = "fr-CA";
  EXPECT_EQ(s.classify(politics), "france");
}

TEST(Sections, NothingRecognisedFallsBack) {
  auto s = Sections::defaults();
  EXPECT_EQ(s.classify(with_subjects({})), "france");
  EXPECT_EQ(s.classify(with_subjects({{"x:1", "jardinage"}})), "france");
}

TEST(Sections, ConfiguredRulesAreCheckedAndUsed) {
  auto bad = Sections::create({{"Bad Slug", "X", {}, {}, 0}}, "Bad Slug");
  EXPECT_FALSE(bad.ok());
  auto twice = Sections::create({{"a", "A", {}, {}, 0}, {"a", "B", {}, {}, 0}}, "a");
  EXPECT_FALSE(twice.ok());
  auto no_fallback = Sections::create({{"a", "A", {}, {}, 0}}, "b");
  EXPECT_FALSE(no_fallback.ok());
  auto s = Sections::create({{"auto", "Automobile", {"medtop:20000*"}, {"voiture"}, 0},
                             {"divers", "Divers", {}, {}, 0}},
                            "divers");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->classify(with_subjects({{"medtop:20000123", ""}})), "auto");
  EXPECT_EQ(s->classify(with_subjects({{"k:1", "Voitures"}})), "divers");  // whole words only
  EXPECT_EQ(s->classify(with_subjects({{"k:1", "la voiture électrique"}})), "auto");
  EXPECT_NE(s->fingerprint(), Sections::defaults().fingerprint());
}

class SectionFilingTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
  }
  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
};

TEST_P(SectionFilingTest, PublishedArticlesAreListedUnderTheirRubrique) {
  Publisher publisher(store_->articles());
  auto d1 = sample_dispatch("urn:a", 1, "Match", "2026-11-20T08:00:00Z");
  d1.subjects = {{"medtop:15000000", "sport"}};
  auto d2 = sample_dispatch("urn:b", 1, "Budget", "2026-11-20T09:00:00Z");
  d2.subjects = {{"medtop:04000000", "économie"}};
  auto a = publisher.publish(d1);
  auto b = publisher.publish(d2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*store_->articles().by_id(a->article_id))->section, "sport");
  store::ListQuery q;
  q.section = "sport";
  auto sport = store_->articles().latest(q);
  ASSERT_TRUE(sport.ok());
  ASSERT_EQ(sport->items.size(), 1u);
  EXPECT_EQ(sport->items[0].dispatch.headline, "Match");
  EXPECT_EQ(sport->total, 1);
  // A new version with other subjects moves the article.
  auto d3 = d1;
  d3.version = 2;
  d3.subjects = {{"medtop:01000000", "culture"}};
  ASSERT_TRUE(publisher.publish(d3).ok());
  EXPECT_EQ(store_->articles().latest(q)->items.size(), 0u);
}

TEST_P(SectionFilingTest, ChangedRulesRefileStoredArticlesOnce) {
  Publisher old_rules(store_->articles());
  auto d = sample_dispatch("urn:c", 1);
  d.subjects = {{"k:1", "voiture"}};
  auto id = old_rules.publish(d)->article_id;
  ASSERT_TRUE(old_rules.refile_if_rules_changed(*store_).ok());
  EXPECT_EQ((*store_->articles().by_id(id))->section, "france");
  auto before = (*store_->articles().by_id(id))->revision;

  auto rules = Sections::create({{"auto", "Automobile", {}, {"voiture"}, 0},
                                 {"divers", "Divers", {}, {}, 0}},
                                "divers");
  Publisher new_rules(store_->articles(), std::move(*rules));
  auto moved = new_rules.refile_if_rules_changed(*store_);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(*moved, 1);
  auto after = *store_->articles().by_id(id);
  EXPECT_EQ(after->section, "auto");
  EXPECT_GT(after->revision, before);  // derived data sees the move
  EXPECT_EQ(*new_rules.refile_if_rules_changed(*store_), 0);  // same rules: nothing to do
}

INSTANTIATE_TEST_SUITE_P(Backends, SectionFilingTest,
                         ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche::articles
