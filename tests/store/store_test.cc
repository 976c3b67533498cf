#include <gtest/gtest.h>

#include "store/dispatch_codec.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using testing::sample_dispatch;

class StoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    store_.reset();
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
  }
  std::int64_t insert(const Dispatch& d,
                      store::ArticleStatus st = store::ArticleStatus::published) {
    auto tx = store_->articles().begin();
    EXPECT_TRUE(tx.ok());
    auto id = (*tx)->insert(d, "un-titre", st);
    EXPECT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE((*tx)->commit().ok());
    return *id;
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
};

TEST_P(StoreTest, ArticleSurvivesReopenWithEveryField) {
  auto d = sample_dispatch("urn:test:1", 3);
  d.correction = true;
  auto id = insert(d);
  reopen();
  auto a = store_->articles().by_id(id);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->has_value());
  const auto& got = (*a)->dispatch;
  EXPECT_EQ(store::encode_dispatch(got), store::encode_dispatch(d));
  EXPECT_EQ((*a)->slug, "un-titre");
  EXPECT_EQ((*a)->published_at, d.first_created);
  EXPECT_EQ((*a)->updated_at, d.version_created);
  EXPECT_EQ(got.contributors.at(1).role, ContributorRole::translator);
  EXPECT_EQ(got.pictures.at(0).credit, "Agence Alpha / Lise Caron");
}

TEST_P(StoreTest, SeveralArticlesAreReadTogetherInTheOrderAskedWithoutTheMissingOnes) {
  auto a = insert(sample_dispatch("urn:ids:a", 1, "Premier"));
  auto b = insert(sample_dispatch("urn:ids:b", 1, "Deuxième"), store::ArticleStatus::withdrawn);
  auto c = insert(sample_dispatch("urn:ids:c", 1, "Troisième"));
  auto got = store_->articles().by_ids({c, 999, a, b, c});
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->size(), 4u);
  EXPECT_EQ((*got)[0].id, c);
  EXPECT_EQ((*got)[0].dispatch.headline, "Troisième");
  EXPECT_EQ((*got)[1].id, a);
  EXPECT_EQ((*got)[2].id, b);
  EXPECT_EQ((*got)[2].status, store::ArticleStatus::withdrawn);
  EXPECT_EQ((*got)[3].id, c);
  auto none = store_->articles().by_ids({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // The connection is left outside any transaction: a write goes through.
  EXPECT_GT(insert(sample_dispatch("urn:ids:d", 1)), c);
}

TEST_P(StoreTest, WhatIsReadRightAfterACommitIsWhatWasCommittedEvenWhereIdsAreReused) {
  // Written, then rolled back: the id and revision may be handed out again.
  {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->insert(sample_dispatch("urn:gone:1", 1, "Jamais publié"), "x",
                              store::ArticleStatus::published)
                    .ok());
  }
  std::int64_t kept = 0, again = 0;
  {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    {
      auto unit = (*tx)->nested();
      ASSERT_TRUE(unit.ok());
      ASSERT_TRUE((*unit)->insert(sample_dispatch("urn:gone:2", 1, "Annulé"), "y",
                                  store::ArticleStatus::published)
                      .ok());
    }  // undone alone
    auto unit = (*tx)->nested();
    ASSERT_TRUE(unit.ok());
    auto id = (*unit)->insert(sample_dispatch("urn:kept:1", 1, "Premier texte"), "z",
                              store::ArticleStatus::published);
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE((*unit)->commit().ok());
    kept = *id;
    // Written twice in one transaction: the last text is the one on show.
    ASSERT_TRUE((*tx)->replace(kept, sample_dispatch("urn:kept:1", 2, "Texte corrigé"),
                               store::ArticleStatus::published)
                    .ok());
    auto other = (*tx)->insert(sample_dispatch("urn:kept:2", 1, "Deuxième texte"), "w",
                               store::ArticleStatus::published);
    ASSERT_TRUE(other.ok());
    again = *other;
    ASSERT_TRUE((*tx)->commit().ok());
  }
  auto a = store_->articles().by_id(kept);
  ASSERT_TRUE(a.ok() && *a);
  EXPECT_EQ((*a)->dispatch.headline, "Texte corrigé");
  EXPECT_EQ((*a)->dispatch.version, 2u);
  auto b = store_->articles().by_id(again);
  ASSERT_TRUE(b.ok() && *b);
  EXPECT_EQ((*b)->dispatch.headline, "Deuxième texte");
  // The same after reopening, where nothing is kept in memory.
  reopen();
  EXPECT_EQ((*store_->articles().by_id(kept))->dispatch.headline, "Texte corrigé");
  EXPECT_EQ((*store_->articles().by_id(again))->dispatch.headline, "Deuxième texte");
  auto changed = store_->articles().changed_since(0, 10);
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed->size(), 2u);
  EXPECT_EQ(changed->back().dispatch.headline, "Deuxième texte");
}

TEST_P(StoreTest, AnArticleRolledBackHereIsNotShownForTheOneAnotherProcessStoresInItsPlace) {
  std::int64_t undone = 0;
  {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    auto id = (*tx)->insert(sample_dispatch("urn:here:1", 1, "Jamais publié"), "x",
                            store::ArticleStatus::published);
    ASSERT_TRUE(id.ok());
    undone = *id;
  }
  // Another process on the same database (`depeche ingest` beside the
  // server) is handed the same id, at the same revision.
  auto other = GetParam().open(dir_.path(), clock_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto tx = (*other)->articles().begin();
  ASSERT_TRUE(tx.ok());
  auto id = (*tx)->insert(sample_dispatch("urn:there:1", 1, "Publié ailleurs"), "y",
                          store::ArticleStatus::published);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE((*tx)->commit().ok());
  ASSERT_EQ(*id, undone) << "the test needs the id handed out again";
  auto seen = store_->articles().by_id(undone);
  ASSERT_TRUE(seen.ok() && *seen);
  EXPECT_EQ((*seen)->dispatch.headline, "Publié ailleurs");
}

TEST_P(StoreTest, TransactionWithoutCommitRollsBack) {
  {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(
        (*tx)->insert(sample_dispatch("urn:test:2", 1), "x", store::ArticleStatus::published).ok());
  }
  auto tx = store_->articles().begin();
  ASSERT_TRUE(tx.ok());
  auto head = (*tx)->head_by_guid("urn:test:2");
  ASSERT_TRUE(head.ok());
  EXPECT_FALSE(head->has_value());
}

TEST_P(StoreTest, ReplaceKeepsIdSlugFirstPublicationAndHistory) {
  auto id = insert(sample_dispatch("urn:test:3", 1, "Premier titre"));
  auto v2 = sample_dispatch("urn:test:3", 2, "Titre corrigé", "2026-11-21T08:00:00Z");
  {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->replace(id, v2, store::ArticleStatus::published).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  auto a = store_->articles().by_id(id);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->dispatch.headline, "Titre corrigé");
  EXPECT_EQ((*a)->slug, "un-titre");
  EXPECT_EQ((*a)->published_at, *parse_iso8601("2026-11-20T08:00:00Z"));
  auto versions = store_->articles().versions(id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ(versions->at(0).headline, "Premier titre");
  EXPECT_EQ(versions->at(1).version, 2u);
}

TEST_P(StoreTest, LatestListsPublishedNewestFirstAndCountsThem) {
  auto a = insert(sample_dispatch("urn:a", 1, "A", "2026-11-20T08:00:00Z"));
  auto b = insert(sample_dispatch("urn:b", 1, "B", "2026-11-22T08:00:00Z"));
  insert(sample_dispatch("urn:c", 1, "C", "2026-11-21T08:00:00Z"));
  insert(sample_dispatch("urn:w", 1, "W", "2026-11-23T08:00:00Z"), store::ArticleStatus::withdrawn);
  auto page = store_->articles().latest({.limit = 2});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, b);
  EXPECT_EQ(page->items[1].dispatch.headline, "C");
  ASSERT_TRUE(page->next.has_value());
  auto rest = store_->articles().latest({.before = page->next, .limit = 2});
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].id, a);
  EXPECT_FALSE(rest->next.has_value());
  auto others = store_->articles().latest({.limit = 10, .exclude_id = b});
  ASSERT_TRUE(others.ok());
  ASSERT_EQ(others->items.size(), 2u);
  EXPECT_NE(others->items[0].id, b);
  EXPECT_NE(others->items[1].id, b);
}

TEST_P(StoreTest, SameGuidTwiceIsRefusedAsConflict) {
  insert(sample_dispatch("urn:dup", 1));
  auto tx = store_->articles().begin();
  ASSERT_TRUE(tx.ok());
  auto again = (*tx)->insert(sample_dispatch("urn:dup", 2), "x", store::ArticleStatus::published);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST_P(StoreTest, VersionBeyondSignedRangeIsRefusedNotWrapped) {
  auto tx = store_->articles().begin();
  ASSERT_TRUE(tx.ok());
  auto r =
      (*tx)->insert(sample_dispatch("urn:big", UINT64_MAX), "x", store::ArticleStatus::published);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
}

TEST_P(StoreTest, HeldDispatchesWaitForTheirTimeAndSurviveReopen) {
  auto& held = store_->held();
  auto at = [](const char* t) { return *parse_iso8601(t); };
  ASSERT_TRUE(held.hold(sample_dispatch("e1", 2, "Deux"), at("2026-11-25T06:00:00Z")).ok());
  ASSERT_TRUE(held.hold(sample_dispatch("e1", 1, "Un"), at("2026-11-25T05:00:00Z")).ok())
      << "an older version does not replace a newer held one";
  ASSERT_TRUE(held.hold(sample_dispatch("e2", 1, "Autre"), at("2026-11-24T06:00:00Z")).ok());
  reopen();
  auto& again = store_->held();
  EXPECT_EQ(*again.count(), 2);
  EXPECT_TRUE(again.due(at("2026-11-24T05:59:59Z"), 10)->empty());
  auto due = again.due(at("2026-11-25T06:00:00Z"), 10);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].guid, "e2") << "earliest first";
  EXPECT_EQ((*due)[1].headline, "Deux");
  ASSERT_TRUE(again.release("e2", 1).ok());
  ASSERT_TRUE(again.release("e1", 1).ok()) << "another version: nothing to forget";
  EXPECT_EQ(*again.count(), 1);
}

TEST_P(StoreTest, ChangesAreListedOnceInRevisionOrderAfterTheLastSeen) {
  auto a = insert(sample_dispatch("urn:test:a", 1));
  auto b = insert(sample_dispatch("urn:test:b", 1));
  auto all = store_->articles().changed_since(0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, a);
  EXPECT_LT((*all)[0].revision, (*all)[1].revision);
  std::int64_t seen = all->back().revision;

  {  // withdrawing a changes it again: it comes back, after b
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(
        (*tx)->replace(a, sample_dispatch("urn:test:a", 2), store::ArticleStatus::withdrawn).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  auto later = store_->articles().changed_since(seen, 10);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].id, a);
  EXPECT_EQ((*later)[0].status, store::ArticleStatus::withdrawn);
  EXPECT_GT((*later)[0].revision, seen);
  auto limited = store_->articles().changed_since(0, 1);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ((*limited)[0].id, b);
}

TEST_P(StoreTest, PackageLinksPicturesToTheirTextWhicheverArrivesFirst) {
  auto& links = store_->links();
  Picture photo{"https://img.example/a.jpg", "image/jpeg", 800, 600, "Port", "Le port", "AFP"};
  ASSERT_TRUE(*links.put_package("pkg", 2, {"text", "photo", "missing"}));
  EXPECT_FALSE(*links.put_package("pkg", 2, {"text"}));  // the same version again
  auto none = links.pictures_for("text");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());  // the picture item has not come yet

  ASSERT_TRUE(*links.put_picture("photo", 1, photo));
  auto linked = links.linked_to("photo");
  ASSERT_TRUE(linked.ok());
  EXPECT_EQ(*linked, (std::vector<std::string>{"missing", "text"}));
  auto from_pkg = links.linked_to("pkg");
  ASSERT_TRUE(from_pkg.ok());
  EXPECT_EQ(from_pkg->size(), 3u);
  reopen();
  auto got = store_->links().pictures_for("text");
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].caption, "Le port");

  // An older package version does not undo the newer one; a newer one does.
  EXPECT_FALSE(*store_->links().put_package("pkg", 1, {"text"}));
  EXPECT_EQ(store_->links().pictures_for("text")->size(), 1u);
  ASSERT_TRUE(store_->links().put_package("pkg", 3, {"text"}).ok());
  EXPECT_TRUE(store_->links().pictures_for("text")->empty());
  // Same for pictures: an older picture version is ignored.
  ASSERT_TRUE(store_->links().put_package("pkg", 4, {"text", "photo"}).ok());
  photo.caption = "Ancienne légende";
  EXPECT_FALSE(*store_->links().put_picture("photo", 0, photo));
  EXPECT_EQ(store_->links().pictures_for("text")->at(0).caption, "Le port");
}

TEST_P(StoreTest, NestedUnitUndoneAloneLeavesTheRestOfTheTransaction) {
  {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    {
      auto kept = (*tx)->nested();
      ASSERT_TRUE(kept.ok()) << kept.error().message;
      ASSERT_TRUE((*kept)
                      ->insert(sample_dispatch("urn:n:1", 1), "un", store::ArticleStatus::published)
                      .ok());
      ASSERT_TRUE((*kept)->commit().ok());
    }
    {
      auto undone = (*tx)->nested();
      ASSERT_TRUE(undone.ok());
      ASSERT_TRUE(
          (*undone)
              ->insert(sample_dispatch("urn:n:2", 1), "deux", store::ArticleStatus::published)
              .ok());
      // A second nested unit while one is open is refused.
      EXPECT_FALSE((*tx)->nested().ok());
    }  // destroyed without commit
    {
      // A real failure half-way: the guid is taken.
      auto failing = (*tx)->nested();
      ASSERT_TRUE(failing.ok());
      EXPECT_FALSE(
          (*failing)
              ->insert(sample_dispatch("urn:n:1", 2), "un", store::ArticleStatus::published)
              .ok());
    }
    ASSERT_TRUE((*tx)->commit().ok());
  }
  reopen();
  auto list = store_->articles().latest({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->total, 1);
  EXPECT_EQ(list->items.at(0).dispatch.guid, "urn:n:1");
  EXPECT_EQ(store_->articles().versions(list->items.at(0).id)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche
