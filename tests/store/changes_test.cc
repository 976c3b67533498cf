// The store's change sequence: what page caches follow to drop exactly the
// pages a change touches.

#include <gtest/gtest.h>

#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using store::Change;
using testing::sample_dispatch;

class ChangeSequence : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
  }
  std::int64_t insert(const Dispatch& d, std::string_view section) {
    auto tx = store_->articles().begin();
    EXPECT_TRUE(tx.ok());
    auto id = (*tx)->insert(d, "un-titre", store::ArticleStatus::published, section);
    EXPECT_TRUE(id.ok());
    EXPECT_TRUE((*tx)->commit().ok());
    return *id;
  }
  void replace(std::int64_t id, const Dispatch& d, store::ArticleStatus st,
               std::optional<std::string_view> section = std::nullopt) {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->replace(id, d, st, section).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  // How many published articles the rubrique's list says it holds.
  std::int64_t published_in(const std::string& section) {
    store::ListQuery q;
    q.section = section;
    q.limit = 1;
    auto list = store_->articles().latest(q);
    EXPECT_TRUE(list.ok());
    return list.ok() ? list->total : -1;
  }
  std::vector<Change> since(std::int64_t after) {
    auto c = store_->changes_since(after, 100);
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : std::vector<Change>{};
  }
  std::int64_t user() {
    store::NewUser u;
    u.email = "lea@example.org";
    u.email_key = u.email;
    u.name = "Léa";
    u.name_key = "lea";
    u.password_hash = "x";
    auto id = store_->users().create(u);
    EXPECT_TRUE(id.ok());
    return *id;
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
};

TEST_P(ChangeSequence, PublishingSaysWhichListsGainTheArticle) {
  auto start = store_->last_change();
  ASSERT_TRUE(start.ok());
  auto id = insert(sample_dispatch("urn:c:1", 1), "economie");
  auto changes = since(*start);
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.front().seq, *start + 1);
  bool listed_in_economie = false;
  for (const auto& c : changes) {
    EXPECT_EQ(c.kind, Change::Kind::article);
    EXPECT_EQ(c.article_id, id);
    if (c.listed && c.section_after == "economie") listed_in_economie = true;
  }
  EXPECT_TRUE(listed_in_economie);
  EXPECT_EQ(*store_->last_change(), changes.back().seq);
}

TEST_P(ChangeSequence, AStoryFiledAsItIsPublishedIsOneChangeCountedOnce) {
  auto start = *store_->last_change();
  auto id = insert(sample_dispatch("urn:c:once", 1), "culture");
  auto changes = since(start);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].article_id, id);
  EXPECT_TRUE(changes[0].listed);
  EXPECT_EQ(changes[0].section_after, "culture");
  EXPECT_EQ(published_in("culture"), 1);
  EXPECT_EQ(published_in(""), 1);  // "": the whole site
}

TEST_P(ChangeSequence, ANewVersionKeepsItsRubriqueUnlessFiledAgain) {
  auto id = insert(sample_dispatch("urn:c:keep", 1), "sport");
  replace(id, sample_dispatch("urn:c:keep", 2), store::ArticleStatus::published);
  auto kept = store_->articles().by_id(id);
  ASSERT_TRUE(kept.ok() && *kept);
  EXPECT_EQ((*kept)->section, "sport");
  auto seen = *store_->last_change();
  replace(id, sample_dispatch("urn:c:keep", 3), store::ArticleStatus::published, "monde");
  auto moved = since(seen);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_TRUE(moved[0].listed);
  EXPECT_EQ(moved[0].section_before, "sport");
  EXPECT_EQ(moved[0].section_after, "monde");
  EXPECT_EQ(published_in("sport"), 0);
  EXPECT_EQ(published_in("monde"), 1);
}

TEST_P(ChangeSequence, ACorrectionChangesTheArticleButNotTheLists) {
  auto id = insert(sample_dispatch("urn:c:2", 1), "sport");
  auto seen = *store_->last_change();
  replace(id, sample_dispatch("urn:c:2", 2, "Titre corrigé"), store::ArticleStatus::published);
  auto changes = since(seen);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].article_id, id);
  EXPECT_FALSE(changes[0].listed);
}

TEST_P(ChangeSequence, AWithdrawalTakesTheArticleOutOfItsLists) {
  auto id = insert(sample_dispatch("urn:c:3", 1), "culture");
  auto seen = *store_->last_change();
  replace(id, sample_dispatch("urn:c:3", 2), store::ArticleStatus::withdrawn);
  auto changes = since(seen);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].listed);
  EXPECT_EQ(changes[0].section_before, "culture");
}

TEST_P(ChangeSequence, CommentsAndThreadDecisionsNameTheirArticle) {
  auto id = insert(sample_dispatch("urn:c:4", 1), "france");
  auto author = user();
  auto seen = *store_->last_change();
  store::NewComment c;
  c.article_id = id;
  c.author_id = author;
  c.body = "Un avis.";
  c.created_at = clock_.now();
  auto comment = store_->comments().add(c);
  ASSERT_TRUE(comment.ok());
  ASSERT_TRUE(store_->comments().set_status(*comment, store::CommentStatus::hidden, "x").ok());
  ASSERT_TRUE(store_->comments().set_thread_open(id, false).ok());
  auto changes = since(seen);
  ASSERT_EQ(changes.size(), 3u);
  for (const auto& ch : changes) {
    EXPECT_EQ(ch.kind, Change::Kind::comments);
    EXPECT_EQ(ch.article_id, id);
  }
}

TEST_P(ChangeSequence, EveryVisibleCommitMovesTheLocalCounter) {
  auto before = store_->local_commits();
  insert(sample_dispatch("urn:c:5", 1), "monde");
  auto after = store_->local_commits();
  EXPECT_GT(after, before);
  // Reads commit nothing.
  (void)store_->articles().by_id(1);
  (void)since(0);
  EXPECT_EQ(store_->local_commits(), after);
}

TEST_P(ChangeSequence, OnlyTheLatestChangesAreKept) {
  // Each filing is one change; past the kept window the oldest are gone and
  // a reader from the start sees the gap. The filings go round a hundred
  // articles, 250 to a transaction: PostgreSQL keeps every version of
  // a row an open transaction writes, so one transaction writing the same
  // rows a hundred thousand times would slow down with every write.
  constexpr int kArticles = 100;
  constexpr std::int64_t kPerTransaction = 250;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kArticles; ++i) {
    ids.push_back(insert(sample_dispatch("urn:c:6:" + std::to_string(i), 1), "monde"));
  }
  for (std::int64_t done = 0; done < store::kKeptChanges + 10;) {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    for (std::int64_t i = 0; i < kPerTransaction && done < store::kKeptChanges + 10; ++i, ++done) {
      auto id = ids[static_cast<std::size_t>(done % kArticles)];
      ASSERT_TRUE((*tx)->set_section(id, (done / kArticles) % 2 ? "monde" : "france").ok());
    }
    ASSERT_TRUE((*tx)->commit().ok());
  }
  auto first = since(0);
  ASSERT_FALSE(first.empty());
  EXPECT_GT(first.front().seq, 1);
  auto last = *store_->last_change();
  EXPECT_GT(last - first.front().seq, store::kKeptChanges - 2);
  EXPECT_LE(last - first.front().seq, store::kKeptChanges);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeSequence, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche
