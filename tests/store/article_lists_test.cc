// Lists of articles at newsroom scale: keyset pages, kept counts, decoded
// dispatches that follow each change.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using store::ArticleStatus;
using testing::sample_dispatch;

class ArticleLists : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    store_.reset();
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
  }
  std::int64_t insert(const Dispatch& d, ArticleStatus st, std::string_view section) {
    auto tx = store_->articles().begin();
    EXPECT_TRUE(tx.ok());
    auto id = (*tx)->insert(d, "un-titre", st);
    EXPECT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE((*tx)->set_section(*id, section).ok());
    EXPECT_TRUE((*tx)->commit().ok());
    return *id;
  }
  void replace(std::int64_t id, const Dispatch& d, ArticleStatus st) {
    auto tx = store_->articles().begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->replace(id, d, st).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  std::int64_t total(std::string section = "") {
    auto list = store_->articles().latest({.limit = 1, .section = std::move(section)});
    EXPECT_TRUE(list.ok());
    return list ? list->total : -1;
  }
  // Every id a walk from the newest finds, page by page of `limit`.
  std::vector<std::int64_t> walk(int limit, const std::string& section = "") {
    std::vector<std::int64_t> seen;
    std::optional<store::ListCursor> before;
    for (int pages = 0; pages < 1000; ++pages) {
      auto list = store_->articles().latest({.before = before, .limit = limit, .section = section});
      EXPECT_TRUE(list.ok());
      if (!list) break;
      EXPECT_LE(static_cast<int>(list->items.size()), limit);
      for (const auto& a : list->items) seen.push_back(a.id);
      if (!list->next) break;
      EXPECT_EQ(list->next->id, list->items.back().id);
      before = list->next;
    }
    return seen;
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
};

TEST_P(ArticleLists, KeysetCursorWalksEveryPublishedArticleOnce) {
  // Many stories share a publication second (a wire sends bursts), so the
  // cursor must tell them apart by id.
  struct Expected {
    Timestamp at;
    std::int64_t id;
    std::string section;
  };
  std::vector<Expected> published;
  for (int i = 0; i < 61; ++i) {
    std::string at = "2026-11-2" + std::to_string(i % 4) + "T08:00:0" + std::to_string(i % 3) + "Z";
    auto d = sample_dispatch("urn:walk:" + std::to_string(i), 1, "Titre", at);
    bool withdrawn = i % 7 == 3;
    std::string section = i % 2 ? "sport" : "economie";
    auto id = insert(d, withdrawn ? ArticleStatus::withdrawn : ArticleStatus::published, section);
    if (!withdrawn) published.push_back({d.first_created, id, section});
  }
  std::sort(published.begin(), published.end(), [](const Expected& a, const Expected& b) {
    return std::tie(a.at, a.id) > std::tie(b.at, b.id);
  });
  std::vector<std::int64_t> want;
  for (const auto& e : published) want.push_back(e.id);
  for (int limit : {1, 5, 7, 20, 100}) EXPECT_EQ(walk(limit), want) << "limit " << limit;

  std::vector<std::int64_t> sport;
  for (const auto& e : published) {
    if (e.section == "sport") sport.push_back(e.id);
  }
  EXPECT_EQ(walk(6, "sport"), sport);
  // A page that ends exactly with the last article says so.
  auto all = store_->articles().latest({.limit = static_cast<int>(want.size())});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), want.size());
  EXPECT_FALSE(all->next.has_value());
}

TEST_P(ArticleLists, StoryPublishedMeanwhileNeitherRepeatsNorSkipsOnTheNextPage) {
  for (int i = 0; i < 6; ++i) {
    insert(sample_dispatch("urn:m:" + std::to_string(i), 1, "T",
                           "2026-11-2" + std::to_string(i) + "T08:00:00Z"),
           ArticleStatus::published, "");
  }
  auto first = store_->articles().latest({.limit = 3});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->next.has_value());
  insert(sample_dispatch("urn:m:new", 1, "Nouvelle", "2026-11-29T08:00:00Z"),
         ArticleStatus::published, "");
  auto second = store_->articles().latest({.before = first->next, .limit = 3});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 3u);
  EXPECT_EQ(second->items[0].dispatch.guid, "urn:m:2");
  EXPECT_EQ(second->items[2].dispatch.guid, "urn:m:0");
  EXPECT_FALSE(second->next.has_value());
  EXPECT_EQ(second->total, 7);
}

TEST_P(ArticleLists, CountsFollowPublishAndWithdraw) {
  auto a = insert(sample_dispatch("urn:c:a", 1), ArticleStatus::published, "sport");
  auto b = insert(sample_dispatch("urn:c:b", 1), ArticleStatus::published, "sport");
  insert(sample_dispatch("urn:c:c", 1), ArticleStatus::published, "economie");
  insert(sample_dispatch("urn:c:d", 1), ArticleStatus::withdrawn, "economie");
  EXPECT_EQ(total(), 3);
  EXPECT_EQ(total("sport"), 2);
  EXPECT_EQ(total("economie"), 1);
  EXPECT_EQ(total("culture"), 0);

  replace(a, sample_dispatch("urn:c:a", 2), ArticleStatus::withdrawn);
  EXPECT_EQ(total(), 2);
  EXPECT_EQ(total("sport"), 1);
  replace(a, sample_dispatch("urn:c:a", 3), ArticleStatus::published);
  replace(b, sample_dispatch("urn:c:b", 2), ArticleStatus::published);  // still published
  EXPECT_EQ(total(), 3);
  EXPECT_EQ(total("sport"), 2);

  // Filed again under another rubrique: the count moves with it.
  auto moved = store_->articles().refile(
      [](const Dispatch& d) { return d.guid == "urn:c:b" ? "culture" : "sport"; });
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(total(), 3);
  EXPECT_EQ(total("culture"), 1);
  EXPECT_EQ(total("sport"), 2);  // a, and c moved from economie
  EXPECT_EQ(total("economie"), 0);

  reopen();
  EXPECT_EQ(total(), 3);
  EXPECT_EQ(total("sport"), 2);
  // The counts are the lists' own length.
  EXPECT_EQ(static_cast<std::int64_t>(walk(2, "sport").size()), total("sport"));
  EXPECT_EQ(static_cast<std::int64_t>(walk(2).size()), total());
}

TEST_P(ArticleLists, ChangedArticleIsReadAtItsNewVersionEverywhere) {
  auto id = insert(sample_dispatch("urn:r", 1, "Avant"), ArticleStatus::published, "");
  // Read once so that the decoded dispatch is kept.
  EXPECT_EQ((*store_->articles().by_id(id))->dispatch.headline, "Avant");
  EXPECT_EQ(store_->articles().latest({})->items.at(0).dispatch.headline, "Avant");
  replace(id, sample_dispatch("urn:r", 2, "Après"), ArticleStatus::published);
  EXPECT_EQ((*store_->articles().by_id(id))->dispatch.headline, "Après");
  EXPECT_EQ(store_->articles().latest({})->items.at(0).dispatch.headline, "Après");
  auto changed = store_->articles().changed_since(0, 10);
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed->size(), 1u);
  EXPECT_EQ((*changed)[0].dispatch.headline, "Après");
  auto history = store_->articles().versions(id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].headline, "Avant");
  auto tx = store_->articles().begin();
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ((*tx)->dispatch_of(id)->headline, "Après");
}

TEST_P(ArticleLists, PingAnswersOnAnEmptyStore) {
  EXPECT_TRUE(store_->articles().ping().ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ArticleLists, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

TEST(ListCursors, TextRoundTripsAndAnythingElseIsRefused) {
  store::ListCursor c{*parse_iso8601("2026-11-20T08:00:00Z"), 42};
  EXPECT_EQ(store::to_string(c), "1795161600-42");
  EXPECT_EQ(store::parse_list_cursor(store::to_string(c)), c);
  store::ListCursor old{Timestamp{std::chrono::seconds{-86400}}, 7};
  EXPECT_EQ(store::parse_list_cursor(store::to_string(old)), old);
  for (std::string_view bad :
       {"", "-", "12", "12-", "-12", "12-0", "12--3", "+12-3", "12-+3", " 12-3", "12-3 ", "12-3-4",
        "a-3", "12-b", "1e3-4", "99999999999999999999-1", "12-99999999999999999999"}) {
    EXPECT_FALSE(store::parse_list_cursor(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace depeche
