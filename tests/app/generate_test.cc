// `depeche generate`: a made-up site that looks like a news site at scale
// (rubriques filled, a heavy-tailed comment distribution with one huge
// thread, deleted comments kept as placeholders) and comes out the same
// for the same seed.

#include "app/generate.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/clock.h"
#include "core/time.h"
#include "search/index.h"
#include "search/sync.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using app::GenerateOptions;
using app::GenerateReport;

const Timestamp kNow =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + std::chrono::hours{12};

struct Generated {
  testing::TempDir dir;
  std::unique_ptr<store::Store> store;
  GenerateReport report;
};

std::unique_ptr<Generated> generate(const GenerateOptions& o) {
  auto g = std::make_unique<Generated>();
  static const FixedClock clock(kNow);
  auto store = testing::store_backends().front().open(g->dir.path(), clock);
  EXPECT_TRUE(store) << store.error().message;
  g->store = std::move(*store);
  auto report = app::generate_site(*g->store, articles::Sections::defaults(), kNow, o,
                                   [](const std::string&) {});
  EXPECT_TRUE(report) << report.error().message;
  g->report = *report;
  return g;
}

std::vector<store::Article> every_published(store::ArticleStore& articles) {
  auto list = articles.latest({.limit = 100'000});
  EXPECT_TRUE(list);
  return list->items;
}

TEST(GenerateSite, SameSeedMakesTheSameSite) {
  GenerateOptions o{.articles = 120, .comments = 600, .seed = 7};
  auto a = generate(o);
  auto b = generate(o);
  auto other = generate({.articles = 120, .comments = 600, .seed = 8});
  auto la = every_published(a->store->articles());
  auto lb = every_published(b->store->articles());
  auto lo = every_published(other->store->articles());
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) {
    EXPECT_EQ(la[i].dispatch.headline, lb[i].dispatch.headline);
    EXPECT_EQ(la[i].dispatch.body_html, lb[i].dispatch.body_html);
    EXPECT_EQ(la[i].published_at, lb[i].published_at);
  }
  int same = 0;
  for (std::size_t i = 0; i < std::min(la.size(), lo.size()); ++i) {
    same += la[i].dispatch.body_html == lo[i].dispatch.body_html;
  }
  EXPECT_LT(same, 3) << "another seed writes other text";
  EXPECT_EQ(a->report.largest_thread_article, b->report.largest_thread_article);
}

TEST(GenerateSite, StoriesSpreadOverYearsAndFillEveryRubrique) {
  auto g = generate({.articles = 600, .comments = 0, .seed = 1});
  auto list = every_published(g->store->articles());
  EXPECT_EQ(static_cast<std::int64_t>(list.size()) + g->report.withdrawn, 600);
  std::map<std::string, int> per_section;
  std::set<std::string> headlines;
  for (const auto& a : list) {
    ++per_section[a.section];
    headlines.insert(a.dispatch.headline);
    EXPECT_FALSE(a.dispatch.description.empty());
    EXPECT_LE(a.published_at, kNow);
  }
  auto sections = articles::Sections::defaults();
  for (const auto& s : sections.all()) {
    EXPECT_GE(per_section[s.slug], 10) << s.slug << " holds too few stories";
  }
  EXPECT_GT(headlines.size(), 500u) << "headlines repeat too often for search to mean anything";
  EXPECT_GT(list.front().published_at - list.back().published_at, std::chrono::hours(24 * 365 * 3));
}

TEST(GenerateSite, CommentsHaveAHeavyTailAndDeletedOnesKeepTheirReplies) {
  auto g = generate({.articles = 300, .comments = 8'000, .seed = 3});
  const auto& r = g->report;
  EXPECT_EQ(r.comments, 8'000);
  EXPECT_EQ(r.largest_thread, 8'000 * 3 / 400);
  EXPECT_GT(r.replies, 8'000 / 10);
  EXPECT_GT(r.readers, 0);
  auto& comments = g->store->comments();
  std::vector<std::int64_t> counts;
  for (const auto& a : every_published(g->store->articles())) {
    counts.push_back(*comments.count_published(a.id));
  }
  std::sort(counts.rbegin(), counts.rend());
  EXPECT_GT(counts[0], 5 * counts[counts.size() / 2]) << "the busiest threads stand out";
  ASSERT_NE(r.deleted_thread_article, 0);
  bool placeholder = false;
  store::ThreadQuery q{.article_id = r.deleted_thread_article, .limit = store::kMaxThreadPageSize};
  for (;;) {
    auto page = comments.thread(q);
    ASSERT_TRUE(page);
    for (const auto& item : page->items) {
      if (item.comment.status == store::CommentStatus::deleted) {
        placeholder = true;
        EXPECT_TRUE(item.comment.body.empty());
      }
    }
    if (!page->next) break;
    q.after = page->next;
  }
  EXPECT_TRUE(placeholder) << "a deleted comment with a reply stays in its thread";
}

TEST(GenerateSite, SearchFindsStoriesOfOneTopicTogether) {
  auto g = generate({.articles = 400, .comments = 0, .seed = 5});
  auto index = search::Index::in_memory();
  ASSERT_TRUE(index);
  ASSERT_TRUE(search::rebuild(g->store->articles(), **index));
  auto found = (*index)->search({.text = "vaccin", .offset = 0, .limit = 50});
  ASSERT_TRUE(found);
  EXPECT_GT(found->estimated_total, 5);
  auto related = (*index)->related(found->ids.front(), 4);
  ASSERT_TRUE(related);
  EXPECT_EQ(related->size(), 4u);
}

TEST(GenerateSite, RefusesAFolderThatAlreadyHoldsArticles) {
  auto g = generate({.articles = 10, .comments = 0, .seed = 1});
  auto again =
      app::generate_site(*g->store, articles::Sections::defaults(), kNow,
                         {.articles = 10, .comments = 0, .seed = 1}, [](const std::string&) {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  auto bad =
      app::generate_site(*g->store, articles::Sections::defaults(), kNow,
                         {.articles = 0, .comments = 0, .seed = 1}, [](const std::string&) {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_input);
}

}  // namespace
}  // namespace depeche
