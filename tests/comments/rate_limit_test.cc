#include "comments/rate_limit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "core/time.h"

namespace depeche::comments {
namespace {

using namespace std::chrono_literals;

constexpr RateRule kTwoPerMinute{2, 60s};
constexpr RateRule kOnePerMinute{1, 60s};

Timestamp start() {
  return *parse_iso8601("2026-11-28T10:00:00Z");
}

// Expects a refusal with exactly `wait` to go.
void expect_refused(const Status& s, std::chrono::seconds wait) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::rate_limited);
  EXPECT_EQ(s.error().message, "rate_limited");
  EXPECT_EQ(s.error().retry_after, wait);
}

TEST(RateLimit, RefusesPastTheLimitUntilTheOldestEventLeaves) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  for (int i = 0; i < kPostPerAccount.max_events; ++i) {
    EXPECT_TRUE(limiter.hit("post:user:12", kPostPerAccount).ok()) << i;
    clock.advance(2s);
  }
  // Events at 0, 2, 4, 6, 8 s; now 10 s: the first leaves at 60 s.
  expect_refused(limiter.hit("post:user:12", kPostPerAccount), 50s);
}

TEST(RateLimit, TheWindowSlides) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  EXPECT_TRUE(limiter.hit("k", kTwoPerMinute).ok());  // 0 s
  clock.advance(10s);
  EXPECT_TRUE(limiter.hit("k", kTwoPerMinute).ok());  // 10 s
  clock.advance(10s);
  expect_refused(limiter.hit("k", kTwoPerMinute), 40s);  // 20 s
  clock.advance(39s);
  expect_refused(limiter.hit("k", kTwoPerMinute), 1s);  // 59 s
  clock.advance(1s);
  EXPECT_TRUE(limiter.hit("k", kTwoPerMinute).ok());  // 60 s: the event at 0 s has left
  clock.advance(1s);
  expect_refused(limiter.hit("k", kTwoPerMinute), 9s);  // 61 s: the one at 10 s leaves at 70 s
  clock.advance(9s);
  EXPECT_TRUE(limiter.hit("k", kTwoPerMinute).ok());
}

TEST(RateLimit, RefusedHitsAreNotCounted) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  EXPECT_TRUE(limiter.hit("k", kOnePerMinute).ok());
  for (int i = 0; i < 59; ++i) {
    clock.advance(1s);
    expect_refused(limiter.hit("k", kOnePerMinute), std::chrono::seconds(59 - i));
  }
  clock.advance(1s);
  EXPECT_TRUE(limiter.hit("k", kOnePerMinute).ok());
}

TEST(RateLimit, RuleWithoutEventsRefusesEverything) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  expect_refused(limiter.hit("k", RateRule{0, 60s}), 60s);
  EXPECT_EQ(limiter.tracked_keys(), 0u);
}

TEST(RateLimit, KeysAreCountedApart) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  EXPECT_TRUE(limiter.hit("post:user:1", kOnePerMinute).ok());
  EXPECT_FALSE(limiter.hit("post:user:1", kOnePerMinute).ok());
  EXPECT_TRUE(limiter.hit("post:user:2", kOnePerMinute).ok());
  EXPECT_TRUE(limiter.hit("report:user:1", kOnePerMinute).ok());
}

TEST(RateLimit, HitAllRecordsEveryKeyOrNone) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  ASSERT_TRUE(limiter.hit("post:user:1", kOnePerMinute).ok());
  expect_refused(
      limiter.hit_all({{"post:user:1", kOnePerMinute}, {"post:addr:192.0.2.1", kTwoPerMinute}}),
      60s);
  // The address was not charged for the refused post: its two events remain.
  EXPECT_TRUE(limiter.hit("post:addr:192.0.2.1", kTwoPerMinute).ok());
  EXPECT_TRUE(limiter.hit("post:addr:192.0.2.1", kTwoPerMinute).ok());
  EXPECT_FALSE(limiter.hit("post:addr:192.0.2.1", kTwoPerMinute).ok());

  EXPECT_TRUE(
      limiter.hit_all({{"post:user:2", kOnePerMinute}, {"post:addr:2", kOnePerMinute}}).ok());
  EXPECT_FALSE(limiter.hit("post:user:2", kOnePerMinute).ok());
  EXPECT_FALSE(limiter.hit("post:addr:2", kOnePerMinute).ok());
}

TEST(RateLimit, HitAllReportsTheLongestWait) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  ASSERT_TRUE(limiter.hit("addr", RateRule{1, 600s}).ok());
  clock.advance(30s);
  ASSERT_TRUE(limiter.hit("user", kOnePerMinute).ok());
  expect_refused(limiter.hit_all({{"user", kOnePerMinute}, {"addr", RateRule{1, 600s}}}), 570s);
  expect_refused(limiter.hit_all({{"user", kOnePerMinute}, {"fresh", kOnePerMinute}}), 60s);
  EXPECT_TRUE(limiter.hit("fresh", kOnePerMinute).ok());
}

TEST(RateLimit, HitAllCountsAKeyListedTwice) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  expect_refused(limiter.hit_all({{"k", kOnePerMinute}, {"k", kOnePerMinute}}), 60s);
  EXPECT_TRUE(limiter.hit_all({{"k", kTwoPerMinute}, {"k", kTwoPerMinute}}).ok());
  EXPECT_FALSE(limiter.hit("k", kTwoPerMinute).ok());
}

TEST(RateLimit, ForgetsKeysWhoseEventsLeftTheWindow) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  ASSERT_TRUE(limiter.hit("a", kOnePerMinute).ok());
  ASSERT_TRUE(limiter.hit("b", kReportPerAccount).ok());
  EXPECT_EQ(limiter.tracked_keys(), 2u);
  clock.advance(60s);
  ASSERT_TRUE(limiter.hit("c", kOnePerMinute).ok());
  EXPECT_EQ(limiter.tracked_keys(), 2u);  // "a" is gone, "b" has ten minutes
  clock.advance(9min);
  ASSERT_TRUE(limiter.hit("d", kOnePerMinute).ok());
  EXPECT_EQ(limiter.tracked_keys(), 1u);
}

TEST(RateLimit, TracksAtMostMaxRateKeysDroppingTheStalest) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  ASSERT_TRUE(limiter.hit("stalest", kOnePerMinute).ok());
  clock.advance(1s);
  for (std::size_t i = 0; i < kMaxRateKeys; ++i) {
    ASSERT_TRUE(limiter.hit("post:addr:" + std::to_string(i), kOnePerMinute).ok()) << i;
  }
  EXPECT_EQ(limiter.tracked_keys(), kMaxRateKeys);
  EXPECT_TRUE(limiter.hit("stalest", kOnePerMinute).ok());  // dropped, so counted afresh
  EXPECT_EQ(limiter.tracked_keys(), kMaxRateKeys);
  EXPECT_FALSE(limiter.hit("post:addr:1", kOnePerMinute).ok());  // newer keys were kept
}

TEST(RateLimit, ExactlyMaxEventsSucceedAcrossThreads) {
  FixedClock clock(start());
  RateLimiter limiter(clock);
  const RateRule rule{1000, 60s};
  constexpr int kThreads = 8;
  constexpr int kHitsEach = 500;
  std::atomic<int> allowed{0};
  std::atomic<int> refused{0};
  std::latch ready(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      ready.arrive_and_wait();  // all threads start together, so that they contend
      for (int i = 0; i < kHitsEach; ++i) {
        Status s = limiter.hit_all({{"post:user:1", rule}, {"post:addr:192.0.2.1", rule}});
        (s.ok() ? allowed : refused).fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), rule.max_events);
  EXPECT_EQ(refused.load(), kThreads * kHitsEach - rule.max_events);
  EXPECT_EQ(limiter.tracked_keys(), 2u);
}

}  // namespace
}  // namespace depeche::comments
