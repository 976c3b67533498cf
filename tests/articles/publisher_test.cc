#include "articles/publisher.h"

#include <gtest/gtest.h>

#include "articles/slug.h"
#include "store/sqlite/sqlite_store.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche::articles {
namespace {

using testing::sample_dispatch;

class PublisherTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    publisher_ = std::make_unique<Publisher>(store_->articles());
  }
  PublishResult publish(const Dispatch& d) {
    auto r = publisher_->publish(d);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : PublishResult{};
  }
  store::Article article(std::int64_t id) { return **store_->articles().by_id(id); }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Publisher> publisher_;
};

TEST_P(PublisherTest, NewGuidIsAcceptedWithSlugFromHeadline) {
  auto r = publish(sample_dispatch("urn:p:1", 5, "Biélorussie/Russie : un entretien"));
  EXPECT_EQ(r.outcome, PublishOutcome::accepted);
  EXPECT_EQ(article(r.article_id).slug, "bielorussie-russie-un-entretien");
}

TEST_P(PublisherTest, NewerVersionReplacesAndOlderNeverOverwrites) {
  auto first = publish(sample_dispatch("urn:p:2", 10, "Version dix"));
  auto newer = publish(sample_dispatch("urn:p:2", 978556838, "Version corrigée"));
  EXPECT_EQ(newer.outcome, PublishOutcome::updated);
  EXPECT_EQ(newer.article_id, first.article_id);
  auto late = publish(sample_dispatch("urn:p:2", 11, "Version tardive"));
  EXPECT_EQ(late.outcome, PublishOutcome::stale);
  EXPECT_EQ(late.stored_version, 978556838u);
  EXPECT_EQ(article(first.article_id).dispatch.headline, "Version corrigée");
}

TEST_P(PublisherTest, SameVersionAgainIsADuplicate) {
  publish(sample_dispatch("urn:p:3", 1));
  EXPECT_EQ(publish(sample_dispatch("urn:p:3", 1)).outcome, PublishOutcome::duplicate);
}

TEST_P(PublisherTest, KillWithdrawsTheArticleFromLists) {
  auto r = publish(sample_dispatch("urn:p:4", 1));
  auto kill = sample_dispatch("urn:p:4", 2);
  kill.status = WireStatus::withdrawn;
  EXPECT_EQ(publish(kill).outcome, PublishOutcome::withdrawn);
  EXPECT_EQ(article(r.article_id).status, store::ArticleStatus::withdrawn);
  EXPECT_EQ(store_->articles().latest({})->total, 0);
}

TEST_P(PublisherTest, KillArrivingBeforeItsStoryKeepsTheStoryOff) {
  auto kill = sample_dispatch("urn:p:5", 9);
  kill.status = WireStatus::withdrawn;
  EXPECT_EQ(publish(kill).outcome, PublishOutcome::withdrawn);
  EXPECT_EQ(publish(sample_dispatch("urn:p:5", 3)).outcome, PublishOutcome::stale);
  EXPECT_EQ(store_->articles().latest({})->total, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PublisherTest, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

TEST(Slug, TransliteratesCutsAtHyphenAndNeverEmpty) {
  EXPECT_EQ(slugify("  Été à Marseille : l'œuvre  "), "ete-a-marseille-l-oeuvre");
  EXPECT_EQ(slugify("«»!!"), "article");
  std::string long_headline(200, 'a');
  long_headline += " fin";
  EXPECT_LE(slugify("mot " + long_headline).size(), kMaxSlugChars);
  EXPECT_EQ(slugify("mot " + long_headline), "mot");
}

}  // namespace
}  // namespace depeche::articles
