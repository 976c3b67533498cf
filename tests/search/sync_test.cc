#include "search/sync.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche::search {
namespace {

using Ids = std::vector<std::int64_t>;
using namespace std::chrono_literals;

// How long a test waits for the background syncer before failing.
constexpr auto kDeadline = 5s;

class SearchSync : public ::testing::TestWithParam<testing::Backend> {
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
    return d;
  }
  std::int64_t insert(const Dispatch& d) {
    auto tx = articles().begin();
    EXPECT_TRUE(tx.ok());
    auto id = (*tx)->insert(d, "slug-" + d.guid, store::ArticleStatus::published);
    EXPECT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE((*tx)->commit().ok());
    return id.ok() ? *id : 0;
  }
  void replace(std::int64_t id, const Dispatch& d, store::ArticleStatus status) {
    auto tx = articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->replace(id, d, status).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  void withdraw(std::int64_t id, const std::string& guid) {
    auto kill = dispatch(guid, 99, "Dépêche retirée", "<p>Retirée.</p>");
    kill.status = WireStatus::withdrawn;
    replace(id, kill, store::ArticleStatus::withdrawn);
  }
  int sync(Index& index) {
    auto r = catch_up(articles(), index);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : -1;
  }
  Ids ids(const Index& index, const std::string& text) {
    auto r = index.search({text});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r->ids : Ids{};
  }
  // Polls until `done` holds or kDeadline passes; returns whether it held.
  template <class F>
  static bool eventually(F done) {
    auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Index> index_;
};

TEST_P(SearchSync, CatchUpIndexesPublishedArticlesOnce) {
  auto a = insert(dispatch("urn:s:1", 1, "Élection municipale", "<p>Le maire sortant.</p>"));
  auto b = insert(dispatch("urn:s:2", 1, "Vendanges", "<p>Le raisin est mûr.</p>"));
  EXPECT_EQ(sync(*index_), 2);
  EXPECT_EQ(ids(*index_, "élections"), Ids{a});
  EXPECT_EQ(ids(*index_, "raisin mur"), Ids{b});
  EXPECT_EQ(index_->revision(), articles().by_id(b)->value().revision);
  EXPECT_EQ(sync(*index_), 0);
}

TEST_P(SearchSync, AnIndexAheadOfTheStoreIsRebuiltNotFollowed) {
  // The index was built from another database (a site before its move to
  // PostgreSQL, or a copy newer than the one restored): its revision is
  // beyond anything this store holds.
  for (int i = 0; i < 5; ++i) {
    insert(dispatch("urn:s:old" + std::to_string(i), 1, "Ancienne base", "<p>Avant.</p>"));
  }
  ASSERT_EQ(sync(*index_), 5);
  testing::TempDir other_dir;
  auto other = GetParam().open(other_dir.path(), clock_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto tx = (*other)->articles().begin();
  ASSERT_TRUE(tx.ok());
  auto id = (*tx)->insert(dispatch("urn:s:new", 1, "Nouvelle base", "<p>Après.</p>"), "nouvelle",
                          store::ArticleStatus::published);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE((*tx)->commit().ok());
  auto r = catch_up((*other)->articles(), *index_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, 1);
  EXPECT_EQ(ids(*index_, "nouvelle"), Ids{*id});
  EXPECT_EQ(ids(*index_, "ancienne"), Ids{}) << "nothing of the other database is left";
  EXPECT_EQ(index_->document_count(), 1);
}

TEST_P(SearchSync, WithdrawnArticleLeavesTheIndexAfterCatchUp) {
  auto id = insert(dispatch("urn:s:3", 1, "Rumeur de démission", "<p>Un ministre.</p>"));
  sync(*index_);
  ASSERT_EQ(ids(*index_, "démission"), Ids{id});
  withdraw(id, "urn:s:3");
  EXPECT_EQ(sync(*index_), 1);
  EXPECT_EQ(ids(*index_, "démission"), Ids{});
  EXPECT_EQ(ids(*index_, "retirée"), Ids{});
  EXPECT_EQ(index_->document_count(), 0);
}

TEST_P(SearchSync, NewerVersionReplacesTheOldText) {
  auto id = insert(dispatch("urn:s:4", 1, "Bilan provisoire", "<p>Trois blessés.</p>"));
  sync(*index_);
  replace(id, dispatch("urn:s:4", 2, "Bilan définitif", "<p>Cinq blessés légers.</p>"),
          store::ArticleStatus::published);
  EXPECT_EQ(sync(*index_), 1);
  EXPECT_EQ(ids(*index_, "provisoire"), Ids{});
  EXPECT_EQ(ids(*index_, "trois"), Ids{});
  EXPECT_EQ(ids(*index_, "définitif cinq"), Ids{id});
  EXPECT_EQ(index_->document_count(), 1);
}

TEST_P(SearchSync, RevisionPersistsAcrossReopenAndCatchUpResumesAfterIt) {
  auto path = dir_.path() / "search";
  auto first = insert(dispatch("urn:s:5", 1, "Crue de la Saône", "<p>Les quais inondés.</p>"));
  std::int64_t revision = 0;
  {
    auto index = Index::open(path);
    ASSERT_TRUE(index.ok()) << index.error().message;
    EXPECT_EQ(sync(**index), 1);
    revision = (*index)->revision();
  }
  auto second = insert(dispatch("urn:s:6", 1, "Décrue de la Saône", "<p>Les quais rouvrent.</p>"));
  auto index = Index::open(path);
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_EQ((*index)->revision(), revision);
  EXPECT_EQ(sync(**index), 1);  // only the article published meanwhile
  EXPECT_EQ(ids(**index, "inondés"), Ids{first});
  EXPECT_EQ(ids(**index, "rouvrent"), Ids{second});
  EXPECT_EQ((*index)->document_count(), 2);
}

TEST_P(SearchSync, CatchUpCommitsInBatches) {
  const int total = 2 * kSyncBatch + 1;
  {
    auto tx = articles().begin();
    ASSERT_TRUE(tx.ok());
    for (int i = 0; i < total; ++i) {
      auto d = dispatch("urn:batch:" + std::to_string(i), 1, "Dépêche numéro " + std::to_string(i),
                        "<p>Texte courant.</p>");
      ASSERT_TRUE((*tx)->insert(d, "s" + std::to_string(i), store::ArticleStatus::published).ok());
    }
    ASSERT_TRUE((*tx)->commit().ok());
  }
  EXPECT_EQ(sync(*index_), total);
  EXPECT_EQ(index_->document_count(), total);
  EXPECT_EQ(index_->search({"courant"})->estimated_total, total);
  EXPECT_EQ(ids(*index_, "\"numéro 1000\"").size(), 1u);
}

TEST_P(SearchSync, RebuildFromScratchGivesTheSameResults) {
  auto a = insert(dispatch("urn:s:7", 1, "Grève à la SNCF", "<p>Les trains sont supprimés.</p>"));
  insert(dispatch("urn:s:8", 1, "Trafic perturbé", "<p>Des trains en retard.</p>"));
  auto c = insert(dispatch("urn:s:9", 1, "Une grève évitée", "<p>Accord signé.</p>"));
  withdraw(c, "urn:s:9");
  sync(*index_);
  std::vector<std::string> queries = {"train", "grève", "accord", "sncf OR retard"};
  std::vector<Ids> before;
  for (const auto& q : queries) before.push_back(ids(*index_, q));
  // A stray document that the store does not know must go.
  auto stray = *articles().by_id(a);
  stray->id = 999;
  ASSERT_TRUE(index_->put(*stray).ok());
  ASSERT_TRUE(index_->commit(index_->revision()).ok());

  auto rebuilt = rebuild(articles(), *index_);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().message;
  EXPECT_EQ(*rebuilt, 3);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(ids(*index_, queries[i]), before[i]) << queries[i];
  }
  EXPECT_EQ(before[1], Ids{a});
  EXPECT_EQ(index_->document_count(), 2);
}

TEST_P(SearchSync, PokeMakesAWithdrawalLeaveSearchAtOnce) {
  auto id = insert(dispatch("urn:s:10", 1, "Fausse alerte", "<p>Un colis suspect.</p>"));
  std::atomic<int> logged = 0;
  // An interval far beyond the deadline: only the first pass and the poke
  // can make the index move within it.
  SearchSyncer syncer(
      articles(), *index_, [&logged](const std::string&) { ++logged; }, std::chrono::hours(1));
  ASSERT_TRUE(eventually([&] { return ids(*index_, "colis").size() == 1; }));
  withdraw(id, "urn:s:10");
  syncer.poke();
  EXPECT_TRUE(eventually([&] { return ids(*index_, "colis").empty(); }));
  EXPECT_EQ(index_->document_count(), 0);
  EXPECT_TRUE(syncer.sync_now().ok());
  EXPECT_EQ(logged, 0);
}

TEST_P(SearchSync, SearchesRunWhileTheSyncerWrites) {
  std::atomic<bool> done = false;
  std::atomic<int> failures = 0;
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!done) {
        if (!index_->search({"manifestation"}).ok()) ++failures;
        if (!index_->related(1, 5).ok()) ++failures;
      }
    });
  }
  {
    SearchSyncer syncer(
        articles(), *index_, [](const std::string&) {}, 1ms);
    for (int i = 0; i < 50; ++i) {
      insert(dispatch("urn:c:" + std::to_string(i), 1, "Manifestation " + std::to_string(i),
                      "<p>Cortège.</p>"));
      syncer.poke();
    }
    EXPECT_TRUE(syncer.sync_now().ok());
  }
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(index_->document_count(), 50);
}

INSTANTIATE_TEST_SUITE_P(Backends, SearchSync, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche::search
