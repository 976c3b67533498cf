#include "comments/rate_limit.h"

#include <algorithm>
#include <vector>

#include "core/rate_window.h"

namespace depeche::comments {

RateLimiter::RateLimiter(const Clock& clock, store::SharedRates* shared)
    : clock_(clock), shared_(shared) {}

Status RateLimiter::hit(std::string_view key, const RateRule& rule) {
  return hit_all({{key, rule}});
}

Status RateLimiter::hit_all(std::initializer_list<std::pair<std::string_view, RateRule>> keys) {
  if (shared_) {
    std::vector<store::RateHit> hits;
    for (const auto& [key, rule] : keys) hits.push_back({std::string(key), rule.max_events, rule.window});
    auto wait = DEPECHE_TRY(shared_->hit_all(hits, clock_.now()));
    if (!wait) return {};
    Error e = make_error(ErrorCode::rate_limited, "rate_limited");
    e.retry_after = *wait;
    return e;
  }
  std::lock_guard lock(mutex_);
  Timestamp now = clock_.now();
  forget_expired(now);
  std::optional<Error> refusal;
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    // A key listed earlier in this call would have been recorded just before.
    auto pending = static_cast<int>(std::count_if(
        keys.begin(), it, [&](const auto& earlier) { return earlier.first == it->first; }));
    auto wait = wait_for(it->first, it->second, pending, now);
    if (!wait) continue;
    if (!refusal) refusal = make_error(ErrorCode::rate_limited, "rate_limited");
    refusal->retry_after = std::max(refusal->retry_after, *wait);
  }
  if (refusal) return *std::move(refusal);
  for (const auto& [key, rule] : keys) record(key, rule, now);
  return {};
}

std::size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return tracks_.size();
}

// nullopt when one more event fits, else how long until it does.
std::optional<std::chrono::seconds> RateLimiter::wait_for(std::string_view key,
                                                          const RateRule& rule, int pending,
                                                          Timestamp now) const {
  std::vector<Timestamp> live;
  if (auto found = tracks_.find(key); found != tracks_.end()) {
    for (Timestamp t : found->second.events) {
      if (t + rule.window > now) live.push_back(t);
    }
  }
  return rate_wait(std::move(live), rule.max_events, rule.window, pending, now);
}

void RateLimiter::record(std::string_view key, const RateRule& rule, Timestamp now) {
  auto found = tracks_.find(key);
  if (found == tracks_.end()) {
    if (tracks_.size() >= kMaxRateKeys && !by_expiry_.empty()) forget(by_expiry_.begin());
    found = tracks_.emplace(std::string(key), Track{}).first;
  } else {
    by_expiry_.erase(found->second.expiry);
  }
  Track& track = found->second;
  track.window = std::max(track.window, rule.window);
  std::erase_if(track.events, [&](Timestamp t) { return t + track.window <= now; });
  track.events.push_back(now);
  Timestamp last = *std::max_element(track.events.begin(), track.events.end());
  track.expiry = by_expiry_.emplace(last + track.window, found->first);
}

void RateLimiter::forget_expired(Timestamp now) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) forget(by_expiry_.begin());
}

void RateLimiter::forget(ExpiryIndex::iterator expiry) {
  auto track = tracks_.find(expiry->second);
  by_expiry_.erase(expiry);
  tracks_.erase(track);
}

}  // namespace depeche::comments
