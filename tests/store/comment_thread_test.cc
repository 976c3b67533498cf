// Comment threads at any size (issue 11): pages walk a thread of thousands
// of comments with every visible one exactly once, in both orders; deleted
// comments with replies stay as placeholders; the published count stays
// exact. Each expectation is computed from a model of what was stored.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using store::CommentStatus;
using store::ThreadOrder;
using namespace std::chrono_literals;

// What the test stored, to compute what a viewer must see.
struct Stored {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent;
  std::int64_t author = 0;
  CommentStatus status = CommentStatus::published;
  Timestamp at{};
};

class CommentThreadTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    auto s = GetParam().open(dir_.path(), clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    article_ = insert_article("urn:fil:1");
    other_ = insert_article("urn:fil:2");
    alice_ = user("Alice");
    bob_ = user("Bob");
  }
  std::int64_t insert_article(const std::string& guid) {
    auto tx = store_->articles().begin();
    auto id =
        (*tx)->insert(testing::sample_dispatch(guid, 1), "fil", store::ArticleStatus::published);
    EXPECT_TRUE((*tx)->commit().ok());
    return *id;
  }
  std::int64_t user(const std::string& name) {
    store::NewUser u{
        name + "@example.org", name + "@example.org", name, name, store::Role::reader, "hash",
        clock_.now()};
    return *store_->users().create(u);
  }
  std::int64_t add(std::int64_t article, std::optional<std::int64_t> parent, std::int64_t author,
                   CommentStatus status, Timestamp at) {
    store::NewComment c{article, parent, author, "Texte", status, "", at};
    auto id = store_->comments().add(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    if (article == article_) stored_.push_back({*id, parent, author, status, at});
    return *id;
  }
  void set_status(std::int64_t id, CommentStatus status) {
    ASSERT_TRUE(store_->comments().set_status(id, status, "test").ok());
    for (auto& s : stored_) {
      if (s.id == id) s.status = status;
    }
  }

  // The model of the viewer rules (store/comments.h).
  bool visible(const Stored& c, std::int64_t viewer) const {
    if (c.status == CommentStatus::published) return true;
    if (c.status != CommentStatus::deleted) return c.author == viewer;
    return std::any_of(stored_.begin(), stored_.end(), [&](const Stored& r) {
      return r.parent == c.id && r.status == CommentStatus::published;
    });
  }
  std::vector<Stored> expected_top(std::int64_t viewer, ThreadOrder order) const {
    std::vector<Stored> out;
    for (const auto& c : stored_) {
      if (!c.parent && visible(c, viewer)) out.push_back(c);
    }
    std::sort(out.begin(), out.end(), [&](const Stored& a, const Stored& b) {
      auto ka = std::tuple(a.at, a.id), kb = std::tuple(b.at, b.id);
      return order == ThreadOrder::oldest_first ? ka < kb : kb < ka;
    });
    return out;
  }
  std::vector<std::int64_t> expected_replies(std::int64_t parent, std::int64_t viewer) const {
    std::vector<Stored> out;
    for (const auto& c : stored_) {
      if (c.parent == parent && visible(c, viewer)) out.push_back(c);
    }
    std::sort(out.begin(), out.end(), [](const Stored& a, const Stored& b) {
      return std::tuple(a.at, a.id) < std::tuple(b.at, b.id);
    });
    std::vector<std::int64_t> ids;
    for (const auto& c : out) ids.push_back(c.id);
    return ids;
  }
  std::int64_t expected_count() const {
    return std::count_if(stored_.begin(), stored_.end(),
                         [](const Stored& c) { return c.status == CommentStatus::published; });
  }

  // Every page of the thread, following `next` until it runs out.
  std::vector<store::ThreadPage> walk(std::int64_t viewer, ThreadOrder order, int limit) {
    std::vector<store::ThreadPage> pages;
    store::ThreadQuery q{article_, viewer, order, std::nullopt, limit};
    do {
      auto page = store_->comments().thread(q);
      EXPECT_TRUE(page.ok()) << page.error().message;
      if (!page.ok() || pages.size() > stored_.size()) break;
      pages.push_back(std::move(*page));
      q.after = pages.back().next;
    } while (q.after);
    return pages;
  }

  // Walks the whole thread and compares it with the model, comment by comment.
  void expect_walk_matches_model(std::int64_t viewer, ThreadOrder order, int limit) {
    SCOPED_TRACE("viewer " + std::to_string(viewer) + ", limit " + std::to_string(limit));
    auto top = expected_top(viewer, order);
    auto pages = walk(viewer, order, limit);
    ASSERT_EQ(pages.size(), std::max<std::size_t>(1, (top.size() + limit - 1) / limit));
    std::set<std::int64_t> seen;
    std::size_t at = 0;
    for (const auto& page : pages) {
      EXPECT_LE(page.items.size(), static_cast<std::size_t>(limit));
      for (const auto& item : page.items) {
        ASSERT_LT(at, top.size());
        EXPECT_EQ(item.comment.id, top[at++].id);
        EXPECT_TRUE(seen.insert(item.comment.id).second) << item.comment.id << " shown twice";
        auto replies = expected_replies(item.comment.id, viewer);
        std::size_t shown = std::min<std::size_t>(replies.size(), store::kRepliesPerComment);
        ASSERT_EQ(item.replies.size(), shown);
        for (std::size_t i = 0; i < shown; ++i) {
          EXPECT_EQ(item.replies[i].id, replies[i]);
          EXPECT_EQ(item.replies[i].parent_id, item.comment.id);
          EXPECT_TRUE(seen.insert(replies[i]).second) << replies[i] << " shown twice";
        }
        EXPECT_EQ(item.more_replies, static_cast<std::int64_t>(replies.size() - shown));
        if (item.comment.status == CommentStatus::deleted) {
          EXPECT_TRUE(item.comment.body.empty());
        }
      }
    }
    EXPECT_EQ(at, top.size());
    EXPECT_FALSE(pages.back().next);
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-28T10:00:00Z")};
  std::unique_ptr<store::Store> store_;
  std::int64_t article_ = 0, other_ = 0, alice_ = 0, bob_ = 0;
  std::vector<Stored> stored_;
};

TEST_P(CommentThreadTest, AThreadOfThousandsWalksPageByPageWithEveryVisibleCommentOnce) {
  Timestamp t = clock_.now();
  std::vector<std::int64_t> tops;
  for (int i = 0; i < 1200; ++i) {
    // Every third comment shares its second with the one before: pages
    // must break ties on the id.
    if (i % 3 != 0) t += 1s;
    auto status = i % 17 == 0 ? CommentStatus::pending : CommentStatus::published;
    tops.push_back(add(article_, std::nullopt, i % 2 ? alice_ : bob_, status, t));
    // Another article's thread grows beside this one and never shows in it.
    add(other_, std::nullopt, bob_, CommentStatus::published, t);
  }
  for (std::size_t i = 0; i < tops.size(); i += 5) {
    int replies = i == 600 ? store::kRepliesPerComment + 13 : static_cast<int>(i % 4);
    for (int r = 0; r < replies; ++r) {
      t += 1s;
      auto status = r % 5 == 4 ? CommentStatus::pending : CommentStatus::published;
      add(article_, tops[i], r % 2 ? alice_ : bob_, status, t);
    }
  }
  // Deleted by their authors: the ones with published replies stay as
  // placeholders, the others go.
  for (std::size_t i = 0; i < tops.size(); i += 7) set_status(tops[i], CommentStatus::deleted);
  set_status(tops[601], CommentStatus::hidden);
  ASSERT_GT(stored_.size(), 1500u);
  for (auto order : {ThreadOrder::oldest_first, ThreadOrder::newest_first}) {
    expect_walk_matches_model(0, order, store::kThreadPageSize);
    expect_walk_matches_model(alice_, order, 37);
  }
  EXPECT_EQ(*store_->comments().count_published(article_), expected_count());
  EXPECT_EQ(*store_->comments().count_published(other_), 1200);
  // The replies past the first ones page on their own, oldest first.
  for (std::int64_t viewer : {std::int64_t{0}, alice_}) {
    std::vector<std::int64_t> listed;
    store::ThreadQuery q{article_, viewer, ThreadOrder::newest_first, std::nullopt, 10};
    q.replies_of = tops[600];
    for (int pages = 0; pages < 10; ++pages) {
      auto page = store_->comments().thread(q);
      ASSERT_TRUE(page.ok());
      for (const auto& item : page->items) {
        EXPECT_TRUE(item.replies.empty());
        listed.push_back(item.comment.id);
      }
      q.after = page->next;
      if (!q.after) break;
    }
    EXPECT_EQ(listed, expected_replies(tops[600], viewer));
  }
}

TEST_P(CommentThreadTest, ADeletedCommentWithRepliesStaysAPlaceholderOnItsPageOnly) {
  Timestamp t = clock_.now();
  std::vector<std::int64_t> tops;
  for (int i = 0; i < 120; ++i)
    tops.push_back(add(article_, {}, bob_, CommentStatus::published, t += 1s));
  auto reply = add(article_, tops[60], alice_, CommentStatus::published, t += 1s);
  set_status(tops[60], CommentStatus::deleted);
  set_status(tops[61], CommentStatus::deleted);
  auto pages = walk(0, ThreadOrder::oldest_first, 50);
  ASSERT_EQ(pages.size(), 3u);
  // 119 shown: the placeholder stays, the deleted comment without replies goes.
  EXPECT_EQ(pages[0].items.size() + pages[1].items.size() + pages[2].items.size(), 119u);
  int placeholders = 0;
  for (const auto& page : pages) {
    for (const auto& item : page.items) {
      EXPECT_NE(item.comment.id, tops[61]);
      if (item.comment.id != tops[60]) continue;
      ++placeholders;
      EXPECT_EQ(item.comment.status, CommentStatus::deleted);
      EXPECT_TRUE(item.comment.body.empty());
      ASSERT_EQ(item.replies.size(), 1u);
      EXPECT_EQ(item.replies[0].id, reply);
    }
  }
  EXPECT_EQ(placeholders, 1);
  expect_walk_matches_model(0, ThreadOrder::newest_first, 50);
  // Once its last reply is gone, so is the placeholder.
  set_status(reply, CommentStatus::deleted);
  expect_walk_matches_model(0, ThreadOrder::oldest_first, 50);
  EXPECT_EQ(walk(0, ThreadOrder::oldest_first, 50)[1].items.size(), 50u);
}

TEST_P(CommentThreadTest, ThePublishedCountStaysExactThroughPostsDeletionsAndModeration) {
  auto count = [&] { return *store_->comments().count_published(article_); };
  EXPECT_EQ(count(), 0);
  auto a = add(article_, {}, alice_, CommentStatus::published, clock_.now());
  auto b = add(article_, {}, bob_, CommentStatus::pending, clock_.now());
  auto r = add(article_, a, bob_, CommentStatus::published, clock_.now());
  add(other_, {}, bob_, CommentStatus::published, clock_.now());
  EXPECT_EQ(count(), 2);
  set_status(b, CommentStatus::published);  // approved
  EXPECT_EQ(count(), 3);
  set_status(a, CommentStatus::hidden);  // reported past the threshold
  EXPECT_EQ(count(), 2);
  set_status(a, CommentStatus::hidden);  // the same status twice counts once
  EXPECT_EQ(count(), 2);
  set_status(a, CommentStatus::published);  // restored
  set_status(b, CommentStatus::rejected);
  set_status(r, CommentStatus::deleted);
  EXPECT_EQ(count(), expected_count());
  EXPECT_EQ(count(), 1);
  ASSERT_TRUE(
      store_->comments().edit(a, "Corrigé", CommentStatus::pending, "links", clock_.now()).ok());
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(*store_->comments().count_published(other_), 1);
  EXPECT_EQ(*store_->comments().count_published(other_ + 1000), 0);  // no such article
}

TEST_P(CommentThreadTest, WhetherAReaderWroteInAThreadCountsEveryStatusAndOnlyThatThread) {
  auto wrote = [&](std::int64_t author, std::int64_t article) {
    return *store_->comments().has_written(author, article);
  };
  EXPECT_FALSE(wrote(alice_, article_));
  auto held = add(article_, {}, alice_, CommentStatus::pending, clock_.now());
  EXPECT_TRUE(wrote(alice_, article_)) << "a held comment is theirs to see";
  EXPECT_FALSE(wrote(alice_, other_));
  EXPECT_FALSE(wrote(bob_, article_));
  set_status(held, CommentStatus::deleted);
  EXPECT_TRUE(wrote(alice_, article_));
}

TEST_P(CommentThreadTest, CursorsRoundTripAndAnythingElseIsRefused) {
  store::ThreadCursor c{clock_.now(), 4242};
  auto back = store::thread_cursor_from_string(store::to_string(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->created_at, c.created_at);
  EXPECT_EQ(back->id, 4242);
  for (const char* bad : {"", "abc", "12", "12.", ".12", "1.2.3", "1.-2", "1. 2", "+1.2",
                          "99999999999999999999.1", "1.2' OR 1=1"}) {
    EXPECT_FALSE(store::thread_cursor_from_string(bad)) << bad;
  }
  EXPECT_FALSE(store::thread_cursor_from_string(std::string(100, '1') + ".1"));
}

TEST_P(CommentThreadTest, ACursorBeforeACommentStartsThePageWithIt) {
  Timestamp t = clock_.now();
  std::vector<std::int64_t> tops;
  for (int i = 0; i < 90; ++i) tops.push_back(add(article_, {}, bob_, CommentStatus::published, t));
  for (auto order : {ThreadOrder::oldest_first, ThreadOrder::newest_first}) {
    auto target = *store_->comments().by_id(tops[70]);
    store::ThreadQuery q{article_, std::nullopt, order, store::cursor_before(*target, order), 10};
    auto page = store_->comments().thread(q);
    ASSERT_TRUE(page.ok());
    ASSERT_FALSE(page->items.empty());
    EXPECT_EQ(page->items.front().comment.id, tops[70]);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CommentThreadTest,
                         ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

}  // namespace
}  // namespace depeche
