#pragma once
// Sliding-window rate limits for posting and reporting comments. On one
// node they are kept in memory (forgotten on restart); when the store
// shares limits across nodes (PostgreSQL, store::SharedRates), every node
// counts the same events, so a reader spread over N nodes by the load
// balancer meets the rule once, not N times.

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace depeche::comments {

// At most this many keys are tracked; past it the stalest key is dropped
// (about 100 bytes per key plus its events).
inline constexpr std::size_t kMaxRateKeys = 100000;

// At most `max_events` in any `window`. A rule with max_events <= 0
// refuses everything.
struct RateRule {
  int max_events;
  std::chrono::seconds window;
};

// The limits of the site (to become configurable).
inline constexpr RateRule kPostPerAccount{5, std::chrono::minutes(1)};
inline constexpr RateRule kPostPerAddress{20, std::chrono::minutes(1)};
inline constexpr RateRule kReportPerAccount{10, std::chrono::minutes(10)};
inline constexpr RateRule kReportPerAddress{30, std::chrono::minutes(10)};
// New accounts from one address: enough for a shared office or a family,
// too few for a script making throwaway accounts to dodge per-account limits.
inline constexpr RateRule kSignUpPerAddress{10, std::chrono::hours(1)};

// A sliding-window limiter per key, such as "post:user:12" or
// "post:addr:192.0.2.1". An event recorded at time t counts while
// now < t + window. Thread-safe: every call takes one mutex.
//
// Memory is bounded: a key is forgotten once all its events have left the
// window, and at most kMaxRateKeys keys are held; when full, the key that
// would be forgotten soonest is dropped to make room (its count restarts).
class RateLimiter {
 public:
  // `clock` must outlive the limiter, and `shared` too when given: the
  // limits then live in the store, for every node.
  explicit RateLimiter(const Clock& clock, store::SharedRates* shared = nullptr);

  // Records one event for `key` when `rule` allows it and returns {}.
  // Otherwise records nothing and returns ErrorCode::rate_limited, message
  // "rate_limited", with Error::retry_after the time until an event leaves
  // the window and one more is allowed (at least 1 s).
  Status hit(std::string_view key, const RateRule& rule);
  // Checks several keys (say, the account and the address) at once: either
  // an event is recorded for every key, or for none. On refusal,
  // retry_after is the largest among the refused keys. A key listed twice
  // counts twice.
  Status hit_all(std::initializer_list<std::pair<std::string_view, RateRule>> keys);

  // How many keys are held in memory now (for tests and metrics).
  std::size_t tracked_keys() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  // Keys by the time their last event leaves the window; the views point
  // into the keys of tracks_.
  using ExpiryIndex = std::multimap<Timestamp, std::string_view>;
  struct Track {
    std::deque<Timestamp> events;    // in the order recorded
    std::chrono::seconds window{0};  // the longest window this key was hit with
    ExpiryIndex::iterator expiry;
  };

  std::optional<std::chrono::seconds> wait_for(std::string_view key, const RateRule& rule,
                                               int pending, Timestamp now) const;
  void record(std::string_view key, const RateRule& rule, Timestamp now);
  void forget_expired(Timestamp now);
  void forget(ExpiryIndex::iterator expiry);

  const Clock& clock_;
  store::SharedRates* shared_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Track, Hash, std::equal_to<>> tracks_;
  ExpiryIndex by_expiry_;
};

}  // namespace depeche::comments
