#include "comments/rate_limit.h"

#include <algorithm>
#include <vector>

namespace depeche::comments {

RateLimiter::RateLimiter(const Clock& clock) : clock_(clock) {}

Status RateLimiter::hit(std::string_view key, const RateRule& rule) {
  return hit_all({{key, rule}});
}

Status RateLimiter::hit_all(std::initializer_list<std::pair<std::string_view, RateRule>> keys) {
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
  long long counted = static_cast<long long>(live.size()) + pending;
  if (counted < rule.max_events) return std::nullopt;
  // One more fits once counted - max_events + 1 events have left; the last
  // of them to leave is, counting from 0, the (counted - max_events)th oldest.
  auto last_to_leave = static_cast<std::size_t>(counted - std::max(rule.max_events, 0));
  std::sort(live.begin(), live.end());
  Timestamp leaves =
      last_to_leave < live.size() ? live[last_to_leave] + rule.window : now + rule.window;
  return std::max(std::chrono::seconds{1}, leaves - now);
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
