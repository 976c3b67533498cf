// Several nodes on one store: two Store objects opened on the same data
// stand for two nodes of a site. What one node does, the other must see,
// and what the site does once must run on one node only.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "comments/rate_limit.h"
#include "support/dispatches.h"
#include "support/store_backends.h"
#include "support/temp_dir.h"

namespace depeche {
namespace {

using namespace std::chrono_literals;
using testing::sample_dispatch;

class TwoNodes : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    for (auto* node : {&a_, &b_}) {
      auto s = GetParam().open(dir_.path(), clock_);
      ASSERT_TRUE(s.ok()) << s.error().message;
      *node = std::move(s).value();
    }
  }
  bool one_node_backend() const { return a_->shared_rates() == nullptr; }

  std::int64_t insert(store::Store& s, const std::string& guid) {
    auto tx = s.articles().begin();
    EXPECT_TRUE(tx.ok()) << tx.error().message;
    if (!tx.ok()) return 0;
    auto id = (*tx)->insert(sample_dispatch(guid, 1), "un-titre", store::ArticleStatus::published,
                            "monde");
    EXPECT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE((*tx)->commit().ok());
    return id.ok() ? *id : 0;
  }

  testing::TempDir dir_;
  FixedClock clock_{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::unique_ptr<store::Store> a_, b_;
};

TEST_P(TwoNodes, TheSiteLockHasOneHolderAndPassesOnWhenItIsReleased) {
  auto first = a_->try_lock("ingest");
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_NE(*first, nullptr);
  EXPECT_TRUE((*first)->held());
  auto second = b_->try_lock("ingest");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, nullptr) << "another node holds it";
  auto other = b_->try_lock("feeds");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, nullptr) << "locks of other names are independent";
  first->reset();  // the holder stops
  auto taken_over = b_->try_lock("ingest");
  ASSERT_TRUE(taken_over.ok());
  EXPECT_NE(*taken_over, nullptr);
  EXPECT_FALSE(a_->try_lock("bad name!").ok());
}

TEST_P(TwoNodes, ACommitOnOneNodeMovesTheOthersCounterWithinTwoSeconds) {
  if (one_node_backend()) GTEST_SKIP() << "a SQLite file serves one node";
  auto before = b_->local_commits();
  auto id = insert(*a_, "urn:nodes:1");
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (b_->local_commits() == before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(b_->local_commits(), before);
  auto seen = b_->articles().by_id(id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->has_value()) << "node B reads what node A committed";
}

TEST_P(TwoNodes, RateLimitsHoldAcrossNodes) {
  if (one_node_backend()) GTEST_SKIP() << "a SQLite file serves one node: limits in memory";
  comments::RateLimiter on_a(clock_, a_->shared_rates());
  comments::RateLimiter on_b(clock_, b_->shared_rates());
  const comments::RateRule rule{3, std::chrono::minutes(1)};
  ASSERT_TRUE(on_a.hit("post:user:7", rule).ok());
  ASSERT_TRUE(on_b.hit("post:user:7", rule).ok());
  ASSERT_TRUE(on_a.hit("post:user:7", rule).ok());
  auto refused = on_b.hit("post:user:7", rule);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::rate_limited);
  EXPECT_GE(refused.error().retry_after, 1s);
  EXPECT_LE(refused.error().retry_after, 60s);
  // Another key is counted apart; a refused pair records neither.
  EXPECT_TRUE(on_b.hit("post:user:8", rule).ok());
  EXPECT_FALSE(on_a.hit_all({{"post:user:8", rule}, {"post:user:7", rule}}).ok());
  EXPECT_TRUE(on_a.hit("post:user:8", rule).ok());
  EXPECT_TRUE(on_a.hit("post:user:8", rule).ok());
  EXPECT_FALSE(on_b.hit("post:user:8", rule).ok());
  // Once the window has passed, the reader may post again on any node.
  clock_.advance(std::chrono::minutes(1));
  EXPECT_TRUE(on_b.hit("post:user:7", rule).ok());
}

TEST_P(TwoNodes, KeysOfOneCheckCountEachInItsOwnWindow) {
  if (one_node_backend()) GTEST_SKIP() << "a SQLite file serves one node: limits in memory";
  comments::RateLimiter on_a(clock_, a_->shared_rates());
  comments::RateLimiter on_b(clock_, b_->shared_rates());
  const comments::RateRule per_minute{1, std::chrono::minutes(1)};
  const comments::RateRule per_hour{3, std::chrono::hours(1)};
  // Keys are the readers' text: quotes, backslashes, commas and braces
  // stay inside their key.
  const std::string odd = "post:name:\"a\\b\",{c}";
  ASSERT_TRUE(on_a.hit_all({{"post:user:9", per_minute}, {odd, per_hour}}).ok());
  EXPECT_FALSE(on_b.hit("post:user:9", per_minute).ok());
  clock_.advance(std::chrono::minutes(2));
  // The minute has passed for the first key; the hour counts two of three.
  ASSERT_TRUE(on_b.hit_all({{"post:user:9", per_minute}, {odd, per_hour}}).ok());
  clock_.advance(std::chrono::minutes(2));
  ASSERT_TRUE(on_a.hit(odd, per_hour).ok());
  auto refused = on_b.hit(odd, per_hour);
  ASSERT_FALSE(refused.ok()) << "three in the hour, on two nodes";
  EXPECT_GE(refused.error().retry_after, std::chrono::minutes(50));
  EXPECT_TRUE(on_b.hit("post:name:\"a\\b\"", per_hour).ok()) << "another key";
}

TEST_P(TwoNodes, ConcurrentHitsNeverLetMoreThroughThanTheRule) {
  if (one_node_backend()) GTEST_SKIP() << "a SQLite file serves one node: limits in memory";
  comments::RateLimiter on_a(clock_, a_->shared_rates());
  comments::RateLimiter on_b(clock_, b_->shared_rates());
  const comments::RateRule rule{10, std::chrono::minutes(1)};
  std::atomic<int> allowed{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      auto& limiter = t % 2 ? on_a : on_b;
      for (int i = 0; i < 10; ++i) {
        if (limiter.hit("report:addr:192.0.2.9", rule).ok()) ++allowed;
      }
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(allowed.load(), 10);
}

// The property derived data relies on (store.h, Change): a reader that has
// read the sequence up to N has seen every change numbered up to N, even
// while writers on several nodes commit in any order. Writers on both nodes
// insert articles and post comments; a reader follows changes_since and
// changed_since as they go; a skipped number would show as a gap, or as an
// article the reader never met.
TEST_P(TwoNodes, AReaderFollowingTheSequenceNeverMissesAChangeOfConcurrentWriters) {
  store::NewUser u{
      "ecrit@example.org", "ecrit@example.org", "Écrit", "ecrit", store::Role::reader, "x",
      clock_.now()};
  auto author = a_->users().create(u);
  ASSERT_TRUE(author.ok()) << author.error().message;
  auto thread_article = insert(*a_, "urn:nodes:thread");
  auto start_seq = a_->last_change();
  ASSERT_TRUE(start_seq.ok());
  auto start_revision = *start_seq;

  constexpr int kWriters = 4, kEach = 25;
  std::atomic<bool> done{false};
  std::vector<std::int64_t> written[kWriters];
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      store::Store& node = w % 2 ? *a_ : *b_;
      for (int i = 0; i < kEach; ++i) {
        written[w].push_back(
            insert(node, "urn:nodes:w" + std::to_string(w) + ":" + std::to_string(i)));
        store::NewComment c;
        c.article_id = thread_article;
        c.author_id = *author;
        c.body = "Avis " + std::to_string(i);
        c.created_at = clock_.now();
        EXPECT_TRUE(node.comments().add(c).ok());
      }
    });
  }

  std::int64_t seq = *start_seq, revision = start_revision;
  std::set<std::int64_t> seen_in_changes, seen_by_revision;
  int comment_changes = 0;
  auto follow = [&]() {
    auto changes = b_->changes_since(seq, 50);
    ASSERT_TRUE(changes.ok()) << changes.error().message;
    for (const auto& c : *changes) {
      ASSERT_EQ(c.seq, seq + 1) << "the sequence has no gap";
      seq = c.seq;
      if (c.kind == store::Change::Kind::comments) {
        ++comment_changes;
      } else {
        seen_in_changes.insert(c.article_id);
      }
    }
    auto articles = b_->articles().changed_since(revision, 50);
    ASSERT_TRUE(articles.ok()) << articles.error().message;
    for (const auto& a : *articles) {
      ASSERT_GT(a.revision, revision) << "revisions come in order";
      revision = a.revision;
      seen_by_revision.insert(a.id);
    }
  };
  std::thread reader([&] {
    while (!done.load()) {
      follow();
      if (::testing::Test::HasFatalFailure()) return;
    }
  });
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  ASSERT_FALSE(::testing::Test::HasFatalFailure());
  for (int i = 0; i < 10; ++i) follow();  // the tail, after the last commit

  EXPECT_EQ(comment_changes, kWriters * kEach);
  for (const auto& ids : written) {
    for (auto id : ids) {
      EXPECT_TRUE(seen_in_changes.count(id)) << "article " << id << " missing from the changes";
      EXPECT_TRUE(seen_by_revision.count(id)) << "article " << id << " missing by revision";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TwoNodes, ::testing::ValuesIn(testing::store_backends()),
                         [](const auto& p) { return p.param.name; });

TEST(PostgresNodes, NodesStartingTogetherApplyTheMigrationsOnce) {
  if (testing::postgres_test_server().empty()) GTEST_SKIP() << "no PostgreSQL test server";
  testing::TempDir dir;
  FixedClock clock{*parse_iso8601("2026-11-23T10:00:00Z")};
  std::vector<std::thread> nodes;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    nodes.emplace_back([&] {
      auto s = testing::postgres_backend().open(dir.path(), clock);
      EXPECT_TRUE(s.ok()) << s.error().message;
      if (s.ok()) ++opened;
    });
  }
  for (auto& n : nodes) n.join();
  EXPECT_EQ(opened.load(), 4);
  auto conninfo = testing::postgres_for_dir(dir.path());
  ASSERT_TRUE(conninfo.ok());
  auto db = store::postgres::Connection::open(*conninfo);
  ASSERT_TRUE(db.ok());
  auto s = (*db)->cached("SELECT count(*), max(version) FROM schema_migrations");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(*s->step());
  EXPECT_EQ(s->column_int(0), s->column_int(1)) << "each migration recorded once";
}

}  // namespace
}  // namespace depeche
