#include "core/rate_window.h"

#include <algorithm>

namespace depeche {

std::optional<std::chrono::seconds> rate_wait(std::vector<Timestamp> live, int max_events,
                                              std::chrono::seconds window, int pending,
                                              Timestamp now) {
  long long counted = static_cast<long long>(live.size()) + pending;
  if (counted < max_events) return std::nullopt;
  // One more fits once counted - max_events + 1 events have left; the last
  // of them to leave is, counting from 0, the (counted - max_events)th oldest.
  auto last_to_leave = static_cast<std::size_t>(counted - std::max(max_events, 0));
  std::sort(live.begin(), live.end());
  Timestamp leaves = last_to_leave < live.size() ? live[last_to_leave] + window : now + window;
  return std::max(std::chrono::seconds{1}, leaves - now);
}

}  // namespace depeche
